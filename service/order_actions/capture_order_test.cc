// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/capture_order.h"

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

using ::payments::v1::CaptureOrderRequest;
using ::payments::v1::CaptureOrderResponse;
using json = nlohmann::json;
using testing::Description;
using testing::ExpectInvalidResponse;
using testing::Fields;
using testing::LifecycleTestdata;
using testing::MspExample;
using testing::ReadRequest;
using testing::ReadTestFile;
using testing::ReplyFromData;
using testing::ReplyFromFile;
using Verdict = LookupVerdict<CaptureOrderResponse>;

using Strings = std::vector<std::string>;

constexpr char kRequestId[] = "6b1d2f4e-1c3a-4e5f-8a7b-9c0d1e2f3a4b";

CaptureOrderRequest Capture() {
  CaptureOrderRequest request;
  request.set_order_id("o-1");
  request.set_request_id(kRequestId);
  return request;
}

// --- ValidateCaptureOrder (order_id, request_id: order_action_fields_test) --

TEST(ValidateCaptureOrderTest, FullAndPartialCapture) {
  CaptureOrderRequest request = Capture();
  EXPECT_TRUE(ValidateCaptureOrder(request).ok());
  request.set_amount(2000);
  request.set_new_order_id("o-1-capture-1");
  request.set_invoice_id("");
  request.set_carrier("");
  request.set_description("");
  EXPECT_TRUE(ValidateCaptureOrder(request).ok());
}

TEST(ValidateCaptureOrderTest, Violations) {
  CaptureOrderRequest request = Capture();
  request.set_amount(0);
  request.set_new_order_id("");
  request.set_invoice_id(std::string(51, 'i'));
  request.set_description("<b>bold</b>");
  absl::Status status = ValidateCaptureOrder(request);
  EXPECT_EQ(Fields(status),
            (Strings{"amount", "new_order_id", "invoice_id", "description"}));
  request.set_new_order_id(std::string(51, 'n'));
  request.set_description(std::string(151, 'd'));
  request.clear_request_id();
  status = ValidateCaptureOrder(request);
  EXPECT_EQ(Description(status, "new_order_id"),
            "must be at most 50 characters, got 51");
  EXPECT_EQ(Description(status, "description"),
            "must be at most 150 characters (MultiSafepay's 200 less the \" "
            "[request_id:<uuid>]\" the gateway appends), got 151");
  EXPECT_EQ(Fields(status).back(), "request_id");  // Required.
}

// --- TranslateCaptureOrder ---------------------------------------------------

// Golden pair: a contract request and MultiSafepay's own example body.
TEST(GoldenTest, PartialCaptureMatchesMultiSafepayExample) {
  auto request = ReadRequest<CaptureOrderRequest>(
      LifecycleTestdata("partialCapture.request.json"));
  ASSERT_TRUE(ValidateCaptureOrder(request).ok());
  absl::StatusOr<MspRequest> call = TranslateCaptureOrder(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(
      json::parse(call->body),
      json::parse(ReadTestFile(LifecycleTestdata("partialCapture.msp.json"))));
  // The only difference from MultiSafepay's example is the marked
  // description (its own is "").
  json example = json::parse(
      ReadTestFile(MspExample("requests/capture/partialCapture.json")));
  example["description"] = "[request_id:c1f4a7e2-9b3d-4f8a-a6c5-3e2d1b0f9a87]";
  EXPECT_EQ(json::parse(call->body), example);
}

TEST(TranslateCaptureOrderTest, FullCaptureOmitsAmount) {
  CaptureOrderRequest request = Capture();
  EXPECT_EQ(
      TranslateCaptureOrder(request)->body,
      R"({"new_order_status":"completed",)"
      R"("description":"[request_id:6b1d2f4e-1c3a-4e5f-8a7b-9c0d1e2f3a4b]"})");
  request.set_amount(2000);
  request.set_ship_date("2026-01-02");
  request.clear_request_id();  // Not validated: the caller's body as is.
  EXPECT_EQ(TranslateCaptureOrder(request)->body,
            R"({"amount":2000,"new_order_status":"completed",)"
            R"("ship_date":"2026-01-02"})");
}

TEST(TranslateCaptureOrderTest, MarksTheDescriptionWithTheLowerCaseKey) {
  CaptureOrderRequest request = Capture();
  request.set_request_id("6B1D2F4E-1C3A-4E5F-8A7B-9C0D1E2F3A4B");
  request.set_description("First box");
  EXPECT_EQ(json::parse(TranslateCaptureOrder(request)->body)["description"],
            "First box [request_id:6b1d2f4e-1c3a-4e5f-8a7b-9c0d1e2f3a4b]");
}

TEST(TranslateCaptureOrderTest, PostsToTheEncodedOrdersCapture) {
  CaptureOrderRequest request;
  request.set_order_id("o 1");
  absl::StatusOr<MspRequest> call = TranslateCaptureOrder(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kCaptureOrder);
  EXPECT_EQ(call->path, "/orders/o%201/capture");
  EXPECT_EQ(TranslateCaptureOrder(CaptureOrderRequest()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// --- MapCaptureOrderResult ---------------------------------------------------

TEST(MapCaptureOrderResultTest, OrderIdFallbacks) {
  payments::v1::CaptureOrderRequest request;
  request.set_order_id("o-1");
  auto result = MapCaptureOrderResult(
      request,
      ReplyFromData(
          R"({"transaction_id":"17472052901237122","order_id":"cap-1"})"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->order_id(), "cap-1");
  EXPECT_EQ(result->transaction_id(), 17472052901237122);

  result = MapCaptureOrderResult(request, ReplyFromData("{}"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->order_id(), "o-1");
  request.set_new_order_id("o-1-capture");
  result = MapCaptureOrderResult(request, ReplyFromData("{}"));
  EXPECT_EQ(result->order_id(), "o-1-capture");
  ExpectInvalidResponse(
      MapCaptureOrderResult(request, ReplyFromData(R"({"transaction_id":1.5})"))
          .status(),
      "POST /orders/{order_id}/capture");
}

// --- JudgeCaptureOrder -------------------------------------------------------

LookupKey Ids(const std::string& key = kRequestId) {
  return LookupKey{"order-auth", key};
}

TEST(JudgeCaptureOrderTest, TheMarkedCaptureIsTheLostAnswer) {
  // The emulator's order after two partial captures, the first of them
  // marked with kRequestId, and its answer to that capture.
  const absl::StatusOr<MspReply> order =
      ReplyFromFile(LifecycleTestdata("getOrderCaptured.emulator.json"));
  absl::StatusOr<Verdict> verdict = JudgeCaptureOrder(Ids(), order);
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kApplied);

  CaptureOrderRequest request = Capture();
  request.set_order_id("order-auth");
  request.set_amount(400);
  absl::StatusOr<CaptureOrderResponse> answered = MapCaptureOrderResult(
      request, ReplyFromFile(LifecycleTestdata("captureOrder.emulator.json")));
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_EQ(verdict->response.SerializeAsString(),
            answered->SerializeAsString());
  EXPECT_EQ(verdict->response.order_id(), "order-auth-capture-1");
  EXPECT_EQ(verdict->response.transaction_id(), 3496882460123354);
}

TEST(JudgeCaptureOrderTest, NoMarkedCaptureIsNotApplied) {
  // Captured, but not by this request_id: another capture of the same
  // authorisation does not count.
  absl::StatusOr<Verdict> verdict = JudgeCaptureOrder(
      Ids("00000000-0000-4000-8000-000000000001"),
      ReplyFromFile(LifecycleTestdata("getOrderCaptured.emulator.json")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);

  // Nothing captured yet (related_transactions null), and no such order.
  verdict = JudgeCaptureOrder(
      LookupKey{"order-open", kRequestId},
      ReplyFromFile(LifecycleTestdata("getOrderOpen.emulator.json")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);
  verdict =
      JudgeCaptureOrder(Ids(), absl::StatusOr<MspReply>(MspErrorToStatus(
                                   MspOperation::kGetOrder, 404, 1006, "")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);
}

TEST(JudgeCaptureOrderTest, AnUnreadableReadSettlesNothing) {
  const absl::Status down =
      MspErrorToStatus(MspOperation::kGetOrder, 503, 0, "");
  EXPECT_EQ(JudgeCaptureOrder(Ids(), absl::StatusOr<MspReply>(down)).status(),
            down);
  ExpectInvalidResponse(
      JudgeCaptureOrder(Ids(), ReplyFromData(R"({"related_transactions":[
          {"type":"capture","transaction_id":"x1",
           "description":"[request_id:6b1d2f4e-1c3a-4e5f-8a7b-9c0d1e2f3a4b]"}
        ]})"))
          .status(),
      "GET /orders/{order_id}");
}

TEST(CaptureOrderSpecTest, IsThisUnitKeyedOnRequestId) {
  EXPECT_EQ(kCaptureOrderSpec.method, "CaptureOrder");
  EXPECT_EQ(kCaptureOrderSpec.validate, &ValidateCaptureOrder);
  EXPECT_EQ(kCaptureOrderSpec.translate, &TranslateCaptureOrder);
  EXPECT_EQ(kCaptureOrderSpec.map_reply, &MapCaptureOrderResult);
  ASSERT_NE(kCaptureOrderSpec.idempotency_key, nullptr);
  CaptureOrderRequest request = Capture();
  request.set_request_id("6B1D2F4E-1C3A-4E5F-8A7B-9C0D1E2F3A4B");
  EXPECT_EQ(kCaptureOrderSpec.idempotency_key(request), kRequestId);
  EXPECT_EQ(kCaptureOrderSpec.idempotency_key_field, "request_id");
  ASSERT_NE(kCaptureOrderSpec.order_id, nullptr);
  EXPECT_EQ(kCaptureOrderSpec.order_id(request), "o-1");
  ASSERT_NE(kCaptureOrderSpec.lookup, nullptr);
  EXPECT_EQ(kCaptureOrderSpec.lookup(LookupKey{"o 1", kRequestId}).path,
            "/orders/o%201");
  EXPECT_EQ(kCaptureOrderSpec.judge, &JudgeCaptureOrder);
}

}  // namespace
}  // namespace msp_gateway
