// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/capture_order.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/spec_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CaptureOrderRequest;
using json = nlohmann::json;
using testing::Description;
using testing::ExpectInvalidResponse;
using testing::Fields;
using testing::LifecycleTestdata;
using testing::MspExample;
using testing::ReadRequest;
using testing::ReadTestFile;
using testing::ReplyFromData;

using Strings = std::vector<std::string>;

// --- ValidateCaptureOrder (order_id: order_action_fields_test.cc) -----------

TEST(ValidateCaptureOrderTest, FullAndPartialCapture) {
  CaptureOrderRequest request;
  request.set_order_id("o-1");
  EXPECT_TRUE(ValidateCaptureOrder(request).ok());
  request.set_amount(2000);
  request.set_new_order_id("o-1-capture-1");
  request.set_invoice_id("");
  request.set_carrier("");
  request.set_description("");
  EXPECT_TRUE(ValidateCaptureOrder(request).ok());
}

TEST(ValidateCaptureOrderTest, Violations) {
  CaptureOrderRequest request;
  request.set_order_id("o-1");
  request.set_amount(0);
  request.set_new_order_id("");
  request.set_invoice_id(std::string(51, 'i'));
  request.set_description("<b>bold</b>");
  absl::Status status = ValidateCaptureOrder(request);
  EXPECT_EQ(Fields(status),
            (Strings{"amount", "new_order_id", "invoice_id", "description"}));
  request.set_new_order_id(std::string(51, 'n'));
  request.set_description(std::string(201, 'd'));
  status = ValidateCaptureOrder(request);
  EXPECT_EQ(Description(status, "new_order_id"),
            "must be at most 50 characters, got 51");
  EXPECT_EQ(Description(status, "description"),
            "must be at most 200 characters, got 201");
}

// --- TranslateCaptureOrder ---------------------------------------------------

// Golden pair: a contract request and MultiSafepay's own example body.
TEST(GoldenTest, PartialCaptureMatchesMultiSafepayExample) {
  auto request = ReadRequest<CaptureOrderRequest>(
      LifecycleTestdata("partialCapture.request.json"));
  ASSERT_TRUE(ValidateCaptureOrder(request).ok());
  absl::StatusOr<MspRequest> call = TranslateCaptureOrder(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(json::parse(call->body),
            json::parse(ReadTestFile(
                MspExample("requests/capture/partialCapture.json"))));
}

TEST(TranslateCaptureOrderTest, FullCaptureOmitsAmount) {
  CaptureOrderRequest request;
  request.set_order_id("o-1");
  EXPECT_EQ(TranslateCaptureOrder(request)->body,
            R"({"new_order_status":"completed"})");
  request.set_amount(2000);
  request.set_ship_date("2026-01-02");
  EXPECT_EQ(TranslateCaptureOrder(request)->body,
            R"({"amount":2000,"new_order_status":"completed",)"
            R"("ship_date":"2026-01-02"})");
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

TEST(CaptureOrderSpecTest, IsThisUnit) {
  testing::ExpectSpecOf(kCaptureOrderSpec, "CaptureOrder", ValidateCaptureOrder,
                        TranslateCaptureOrder, MapCaptureOrderResult);
}

}  // namespace
}  // namespace msp_gateway
