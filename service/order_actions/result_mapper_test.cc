// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/result_mapper.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace {

using json = nlohmann::json;

MspReply FromFile(const std::string& name) {
  std::ifstream in("tests/testdata/lifecycle/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream contents;
  contents << in.rdbuf();
  return MspReply{200, json::parse(contents.str())["data"]};
}

MspReply FromData(const char* data) { return MspReply{200, json::parse(data)}; }

void ExpectInvalid(const absl::Status& status, const std::string& endpoint) {
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value()) << status;
  EXPECT_EQ(info->reason(), "MSP_INVALID_RESPONSE");
  EXPECT_EQ(info->metadata().at("endpoint"), endpoint);
}

TEST(MapUpdateOrderResultTest, PlainUpdateAnswersTheRequestedOrder) {
  payments::v1::UpdateOrderRequest request;
  request.set_order_id("o-1");
  auto result =
      MapUpdateOrderResult(request, FromFile("patchOrdersCancel.json"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->order_id(), "o-1");
  EXPECT_EQ(result->transaction_id(), 0);
}

TEST(MapUpdateOrderResultTest, PartialShipmentAnswersTheNewOrder) {
  payments::v1::UpdateOrderRequest request;
  request.set_order_id("o-1");
  auto result =
      MapUpdateOrderResult(request, FromFile("patchOrdersPartiallyShip.json"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->order_id(), "case-20220404-06-0001");
  EXPECT_EQ(result->transaction_id(), 6303074);
}

TEST(MapUpdateOrderResultTest, MalformedTransactionId) {
  payments::v1::UpdateOrderRequest request;
  request.set_order_id("o-1");
  ExpectInvalid(
      MapUpdateOrderResult(request, FromData(R"({"transaction_id":"x"})"))
          .status(),
      "PATCH /orders/{order_id}");
  ExpectInvalid(MapUpdateOrderResult(request, FromData("[1]")).status(),
                "PATCH /orders/{order_id}");
}

TEST(MapCancelOrderResultTest, AnswersTheRequestedOrder) {
  payments::v1::CancelOrderRequest request;
  request.set_order_id("o-1");
  auto result =
      MapCancelOrderResult(request, FromFile("patchOrdersCancel.json"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->order_id(), "o-1");
  ExpectInvalid(MapCancelOrderResult(request, FromData("\"ok\"")).status(),
                "PATCH /orders/{order_id}");
}

TEST(MapCaptureOrderResultTest, OrderIdFallbacks) {
  payments::v1::CaptureOrderRequest request;
  request.set_order_id("o-1");
  auto result = MapCaptureOrderResult(
      request,
      FromData(R"({"transaction_id":"17472052901237122","order_id":"cap-1"})"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->order_id(), "cap-1");
  EXPECT_EQ(result->transaction_id(), 17472052901237122);

  result = MapCaptureOrderResult(request, FromData("{}"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->order_id(), "o-1");
  request.set_new_order_id("o-1-capture");
  result = MapCaptureOrderResult(request, FromData("{}"));
  EXPECT_EQ(result->order_id(), "o-1-capture");
  ExpectInvalid(
      MapCaptureOrderResult(request, FromData(R"({"transaction_id":1.5})"))
          .status(),
      "POST /orders/{order_id}/capture");
}

TEST(MapRefundOrderResultTest, MultiSafepayExamples) {
  payments::v1::RefundOrderRequest request;
  request.set_order_id("o-1");
  request.set_refund_order_id("o-1-refund");
  auto result = MapRefundOrderResult(request, FromFile("refundOrder.json"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->order_id(), "case-20220404-06-0001");
  EXPECT_EQ(result->transaction_id(), 6303074);
  EXPECT_EQ(result->refund_id(), 0);

  // The older shape (docs §5.4): transaction_id and refund_id.
  result = MapRefundOrderResult(
      request, FromData(R"({"transaction_id":3326965,"refund_id":3326969})"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->transaction_id(), 3326965);
  EXPECT_EQ(result->refund_id(), 3326969);
  EXPECT_EQ(result->order_id(), "o-1");  // The refunded order.
  ExpectInvalid(
      MapRefundOrderResult(request, FromData(R"({"refund_id":[1]})")).status(),
      "POST /orders/{order_id}/refunds");
}

}  // namespace
}  // namespace msp_gateway
