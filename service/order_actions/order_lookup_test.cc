// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/order_lookup.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/common/error_details.h"
#include "service/rpc/spec_test_util.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

using testing::ExpectInvalidResponse;
using testing::ReplyFromData;

constexpr char kKey[] = "3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f";
constexpr char kGetOrder[] = "GET /orders/{order_id}";

LookupKey Ids(const std::string& order_id = "o-1") {
  return LookupKey{order_id, kKey};
}

// --- LookupOrderCall ---------------------------------------------------------

TEST(LookupOrderCallTest, GetsTheEncodedOrder) {
  const MspRequest call = LookupOrderCall(Ids("a/b c"));
  EXPECT_EQ(call.operation, MspOperation::kGetOrder);
  EXPECT_EQ(call.path, "/orders/a%2Fb%20c");
  EXPECT_EQ(call.body, "");
  EXPECT_EQ(LookupOrderCall(Ids("")).path, "/orders/");
}

// --- ReadLookedUpOrder -------------------------------------------------------

TEST(ReadLookedUpOrderTest, MultiSafepaysNotFoundMeansNoOrder) {
  // What MspClient makes of GET /orders/{order_id}'s "no such order"
  // answers (msp_errors.h): 1006 (the documented one, and the emulator's),
  // 1000, and a bare 404 / 410.
  for (const absl::Status& not_found :
       {MspErrorToStatus(MspOperation::kGetOrder, 404, 1006, ""),
        MspErrorToStatus(MspOperation::kGetOrder, 410, 1000, ""),
        MspErrorToStatus(MspOperation::kGetOrder, 404, 0, ""),
        MspInvalidResponseError(MspOperation::kGetOrder, 404, "text/html",
                                "not JSON")}) {
    ASSERT_EQ(not_found.code(), absl::StatusCode::kNotFound) << not_found;
    absl::StatusOr<const MspReply*> order =
        ReadLookedUpOrder(Ids(), absl::StatusOr<MspReply>(not_found));
    ASSERT_TRUE(order.ok()) << order.status();
    EXPECT_EQ(*order, nullptr);
  }
}

TEST(ReadLookedUpOrderTest, OtherFailuresLeaveTheOutcomeUnknown) {
  for (const absl::Status& failure :
       {MspErrorToStatus(MspOperation::kGetOrder, 503, 0, ""),
        MspInvalidResponseError(MspOperation::kGetOrder, 200, "", "empty"),
        MspErrorToStatus(MspOperation::kGetOrder, 401, 1032, ""),
        absl::DeadlineExceededError("MultiSafepay did not answer in time"),
        // A NOT_FOUND that is not MultiSafepay's answer proves nothing.
        absl::NotFoundError("no route")}) {
    absl::StatusOr<const MspReply*> order =
        ReadLookedUpOrder(Ids(), absl::StatusOr<MspReply>(failure));
    EXPECT_EQ(order.status(), failure);
  }
}

TEST(ReadLookedUpOrderTest, TheOrderObjectOfTheOrderLookedUp) {
  const absl::StatusOr<MspReply> reply =
      ReplyFromData(R"({"order_id":"o-1","status":"completed"})");
  absl::StatusOr<const MspReply*> order = ReadLookedUpOrder(Ids(), reply);
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_EQ(*order, &*reply);

  // Numeric IDs come back as JSON numbers; no order_id at all is accepted.
  EXPECT_TRUE(
      ReadLookedUpOrder(Ids("12345"), ReplyFromData(R"({"order_id":12345})"))
          .ok());
  EXPECT_TRUE(
      ReadLookedUpOrder(Ids(), ReplyFromData(R"({"status":"completed"})"))
          .ok());
}

TEST(ReadLookedUpOrderTest, AnotherOrderOrNoObjectIsUnreadable) {
  ExpectInvalidResponse(
      ReadLookedUpOrder(Ids(), ReplyFromData(R"({"order_id":"o-2"})")).status(),
      kGetOrder);
  ExpectInvalidResponse(
      ReadLookedUpOrder(Ids(), ReplyFromData(R"([{"order_id":"o-1"}])"))
          .status(),
      kGetOrder);
  EXPECT_EQ(ReadLookedUpOrder(Ids(""), ReplyFromData(R"({})")).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// --- the marker --------------------------------------------------------------

TEST(RequestIdMarkerTest, AppendedToTheCallersText) {
  EXPECT_EQ(RequestIdMarker(kKey),
            "[request_id:3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f]");
  EXPECT_EQ(WithRequestIdMarker("", kKey), RequestIdMarker(kKey));
  EXPECT_EQ(WithRequestIdMarker("Returned one item", kKey),
            "Returned one item [request_id:3f2c1a9e-7b4d-4c8e-9f01-"
            "2a3b4c5d6e7f]");
  // 50 characters: what kMaxMarkedDescriptionChars leaves room for.
  EXPECT_EQ(WithRequestIdMarker("x", kKey).size(), 1u + 50u);
}

// --- FindMarkedTransaction ---------------------------------------------------

// The shape of related_transactions as the emulator lists them
// (emulator/order_model.cc) and the OpenAPI schema RelatedTransactions
// describes them; full emulator orders are in the units' tests.
constexpr char kOrderWithRelated[] = R"({
  "order_id": "o-1",
  "status": "partial_refunded",
  "related_transactions": [
    {"transaction_id": 101, "order_id": "o-1-capture-1", "type": "capture",
     "description": "[request_id:3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f]",
     "amount": 600, "currency": "EUR", "status": "completed"},
    {"transaction_id": 102, "order_id": "o-1", "refund_order_id": "o-1",
     "refund_id": 103, "type": "refund", "description": "Refund for order o-1",
     "amount": 100, "currency": "EUR", "status": "reserved"},
    {"transaction_id": 104, "order_id": "r-2", "refund_order_id": "r-2",
     "refund_id": 105, "type": "refund",
     "description": "Returned [REQUEST_ID:3F2C1A9E-7B4D-4C8E-9F01-2A3B4C5D6E7F]",
     "amount": 200, "currency": "EUR", "status": "reserved"}
  ]
})";

TEST(FindMarkedTransactionTest, TheEntryOfTheTypeCarryingTheMarker) {
  const MspReply order = ReplyFromData(kOrderWithRelated);
  absl::StatusOr<const nlohmann::json*> refund =
      FindMarkedTransaction(order, "refund", kKey);
  ASSERT_TRUE(refund.ok()) << refund.status();
  ASSERT_NE(*refund, nullptr);
  // Not the capture with the same marker, and in any case.
  EXPECT_EQ((**refund)["transaction_id"], 104);

  absl::StatusOr<const nlohmann::json*> capture =
      FindMarkedTransaction(order, "capture", kKey);
  ASSERT_TRUE(capture.ok());
  ASSERT_NE(*capture, nullptr);
  EXPECT_EQ((**capture)["transaction_id"], 101);

  absl::StatusOr<const nlohmann::json*> other = FindMarkedTransaction(
      order, "refund", "00000000-0000-4000-8000-000000000001");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*other, nullptr);
}

TEST(FindMarkedTransactionTest, NoListIsNoTransaction) {
  for (const char* data :
       {R"({"order_id":"o-1"})", R"({"related_transactions":null})",
        R"({"related_transactions":[]})", R"({"related_transactions":{}})"}) {
    absl::StatusOr<const nlohmann::json*> found =
        FindMarkedTransaction(ReplyFromData(data), "refund", kKey);
    ASSERT_TRUE(found.ok()) << data << ": " << found.status();
    EXPECT_EQ(*found, nullptr) << data;
  }
}

TEST(FindMarkedTransactionTest, AnUnreadableListIsAnError) {
  for (const char* data : {R"({"related_transactions":"none"})",
                           R"({"related_transactions":{"a":1}})",
                           R"({"related_transactions":[1]})"}) {
    ExpectInvalidResponse(
        FindMarkedTransaction(ReplyFromData(data), "refund", kKey).status(),
        kGetOrder);
  }
  EXPECT_EQ(
      FindMarkedTransaction(ReplyFromData(kOrderWithRelated), "refund", "")
          .status()
          .code(),
      absl::StatusCode::kFailedPrecondition);
}

// --- FindLookedUpTransaction -------------------------------------------------

TEST(FindLookedUpTransactionTest, TheMarkedEntryAndItsOrder) {
  const absl::StatusOr<MspReply> reply = ReplyFromData(kOrderWithRelated);
  absl::StatusOr<LookedUpTransaction> found =
      FindLookedUpTransaction(Ids(), reply, "capture");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->order, &*reply);
  ASSERT_NE(found->entry, nullptr);
  EXPECT_EQ((*found->entry)["transaction_id"], 101);
}

TEST(FindLookedUpTransactionTest, NoOrderOrNoMarkedEntryIsNothingApplied) {
  const absl::StatusOr<MspReply> no_order =
      MspErrorToStatus(MspOperation::kGetOrder, 404, 1006, "");
  const LookupKey other_key{"o-1", "00000000-0000-4000-8000-000000000001"};
  for (const auto& [ids, reply] :
       {std::pair<LookupKey, absl::StatusOr<MspReply>>(Ids(), no_order),
        std::pair<LookupKey, absl::StatusOr<MspReply>>(
            other_key, ReplyFromData(kOrderWithRelated))}) {
    absl::StatusOr<LookedUpTransaction> found =
        FindLookedUpTransaction(ids, reply, "refund");
    ASSERT_TRUE(found.ok()) << found.status();
    EXPECT_EQ(found->order, nullptr);
    EXPECT_EQ(found->entry, nullptr);
  }
}

TEST(FindLookedUpTransactionTest, TheErrorsOfTheReadAndTheSearch) {
  const absl::Status unavailable =
      MspErrorToStatus(MspOperation::kGetOrder, 503, 0, "");
  EXPECT_EQ(FindLookedUpTransaction(
                Ids(), absl::StatusOr<MspReply>(unavailable), "refund")
                .status(),
            unavailable);
  ExpectInvalidResponse(
      FindLookedUpTransaction(
          Ids(),
          ReplyFromData(R"({"order_id":"o-1","related_transactions":[1]})"),
          "refund")
          .status(),
      kGetOrder);
  EXPECT_EQ(FindLookedUpTransaction(LookupKey{"o-1", ""},
                                    ReplyFromData(kOrderWithRelated), "refund")
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace msp_gateway
