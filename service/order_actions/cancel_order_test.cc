// Copyright 2026 The msp-gateway Authors.
//
// CancelOrder's own parts; its order_id rules are tested with every order
// action's in order_action_fields_test.cc.

#include "service/order_actions/cancel_order.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/spec_test_util.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CancelOrderRequest;
using ::payments::v1::CancelOrderResponse;
using json = nlohmann::json;
using testing::ExpectInvalidResponse;
using testing::LifecycleTestdata;
using testing::MspExample;
using testing::ReadRequest;
using testing::ReadTestFile;
using testing::ReplyFromData;
using testing::ReplyFromFile;
using Verdict = LookupVerdict<CancelOrderResponse>;

constexpr char kRequestId[] = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";

TEST(ValidateCancelOrderTest, RequestIdIsOptional) {
  CancelOrderRequest request;
  request.set_order_id("o-1");
  EXPECT_TRUE(ValidateCancelOrder(request).ok());
  request.set_request_id(kRequestId);
  EXPECT_TRUE(ValidateCancelOrder(request).ok());
  request.set_request_id("cancel-o-1");
  absl::Status status = ValidateCancelOrder(request);
  EXPECT_EQ(status.message(), "CancelOrder request has 1 invalid field");
  EXPECT_EQ(testing::Fields(status), std::vector<std::string>{"request_id"});
}

// Golden pair: a contract request and MultiSafepay's own example body.
TEST(GoldenTest, CancelMatchesMultiSafepayExample) {
  auto request = ReadRequest<CancelOrderRequest>(
      LifecycleTestdata("cancelOrder.request.json"));
  ASSERT_TRUE(ValidateCancelOrder(request).ok());
  absl::StatusOr<MspRequest> call = TranslateCancelOrder(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(json::parse(call->body),
            json::parse(ReadTestFile(
                MspExample("requests/patch-orders/cancelOrder.json"))));
}

TEST(TranslateCancelOrderTest, AddsReasonWhenSet) {
  CancelOrderRequest request;
  request.set_order_id("o-1");
  EXPECT_EQ(TranslateCancelOrder(request)->body,
            R"({"status":"cancelled","exclude_order":true})");
  request.set_reason("customer changed their mind");
  EXPECT_EQ(TranslateCancelOrder(request)->body,
            R"({"status":"cancelled","exclude_order":true,)"
            R"("reason":"customer changed their mind"})");
}

// A cancel is MultiSafepay's PATCH /orders/{order_id}, like an update.
TEST(TranslateCancelOrderTest, PatchesTheEncodedOrder) {
  CancelOrderRequest request;
  request.set_order_id("o 1");
  absl::StatusOr<MspRequest> call = TranslateCancelOrder(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kUpdateOrder);
  EXPECT_EQ(call->path, "/orders/o%201");
  EXPECT_EQ(TranslateCancelOrder(CancelOrderRequest()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(MapCancelOrderResultTest, AnswersTheRequestedOrder) {
  payments::v1::CancelOrderRequest request;
  request.set_order_id("o-1");
  auto result = MapCancelOrderResult(
      request, ReplyFromFile(MspExample("responses/patchOrdersCancel.json")));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->order_id(), "o-1");
  ExpectInvalidResponse(
      MapCancelOrderResult(request, ReplyFromData("\"ok\"")).status(),
      "PATCH /orders/{order_id}");
}

// The request_id only keys the call: MultiSafepay's body stays its example.
TEST(TranslateCancelOrderTest, RequestIdIsNotSent) {
  CancelOrderRequest request;
  request.set_order_id("o-1");
  request.set_request_id(kRequestId);
  EXPECT_EQ(TranslateCancelOrder(request)->body,
            R"({"status":"cancelled","exclude_order":true})");
}

// --- JudgeCancelOrder --------------------------------------------------------

TEST(JudgeCancelOrderTest, ACancelledOrderIsApplied) {
  absl::StatusOr<Verdict> verdict = JudgeCancelOrder(
      LookupKey{"order-cancelled", kRequestId},
      ReplyFromFile(LifecycleTestdata("getOrderCancelled.emulator.json")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kApplied);
  EXPECT_EQ(verdict->response.order_id(), "order-cancelled");

  // `void`: MultiSafepay's order status of a cancelled payment (§5.2).
  verdict = JudgeCancelOrder(LookupKey{"o-1", kRequestId},
                             ReplyFromData(R"({"order_id":"o-1",
                               "status":"void","financial_status":"cancelled"})"));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kApplied);
  EXPECT_EQ(verdict->response.order_id(), "o-1");
}

TEST(JudgeCancelOrderTest, AnyOtherStateIsNotApplied) {
  absl::StatusOr<Verdict> verdict = JudgeCancelOrder(
      LookupKey{"order-open", kRequestId},
      ReplyFromFile(LifecycleTestdata("getOrderOpen.emulator.json")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);
  // Paid: the cancel cannot have happened (MultiSafepay refuses it, 410).
  verdict = JudgeCancelOrder(
      LookupKey{"order-refunded", kRequestId},
      ReplyFromFile(LifecycleTestdata("getOrderRefunded.emulator.json")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);
  verdict = JudgeCancelOrder(LookupKey{"o-1", kRequestId},
                             absl::StatusOr<MspReply>(MspErrorToStatus(
                                 MspOperation::kGetOrder, 404, 1006, "")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);
}

TEST(JudgeCancelOrderTest, AnUnreadableReadSettlesNothing) {
  ExpectInvalidResponse(JudgeCancelOrder(LookupKey{"o-1", kRequestId},
                                         ReplyFromData(R"({"order_id":"o-1"})"))
                            .status(),
                        "GET /orders/{order_id}");
  const absl::Status down =
      MspErrorToStatus(MspOperation::kGetOrder, 502, 0, "");
  EXPECT_EQ(JudgeCancelOrder(LookupKey{"o-1", kRequestId},
                             absl::StatusOr<MspReply>(down))
                .status(),
            down);
}

TEST(CancelOrderSpecTest, IsThisUnitKeyedOnTheOptionalRequestId) {
  EXPECT_EQ(kCancelOrderSpec.method, "CancelOrder");
  EXPECT_EQ(kCancelOrderSpec.validate, &ValidateCancelOrder);
  EXPECT_EQ(kCancelOrderSpec.translate, &TranslateCancelOrder);
  EXPECT_EQ(kCancelOrderSpec.map_reply, &MapCancelOrderResult);
  ASSERT_NE(kCancelOrderSpec.idempotency_key, nullptr);
  CancelOrderRequest request;
  request.set_order_id("o-1");
  EXPECT_EQ(kCancelOrderSpec.idempotency_key(request), "");  // Opts out.
  request.set_request_id("9D8C7B6A-5F4E-4D3C-8B2A-1F0E9D8C7B6A");
  EXPECT_EQ(kCancelOrderSpec.idempotency_key(request), kRequestId);
  EXPECT_EQ(kCancelOrderSpec.idempotency_key_field, "request_id");
  ASSERT_NE(kCancelOrderSpec.order_id, nullptr);
  EXPECT_EQ(kCancelOrderSpec.order_id(request), "o-1");
  ASSERT_NE(kCancelOrderSpec.lookup, nullptr);
  EXPECT_EQ(kCancelOrderSpec.lookup(LookupKey{"o-1", kRequestId}).path,
            "/orders/o-1");
  EXPECT_EQ(kCancelOrderSpec.judge, &JudgeCancelOrder);
}

}  // namespace
}  // namespace msp_gateway
