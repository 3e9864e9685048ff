// Copyright 2026 The msp-gateway Authors.
//
// CancelOrder's own parts; its order_id rules are tested with every order
// action's in order_action_fields_test.cc.

#include "service/order_actions/cancel_order.h"

#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/spec_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CancelOrderRequest;
using json = nlohmann::json;
using testing::ExpectInvalidResponse;
using testing::LifecycleTestdata;
using testing::MspExample;
using testing::ReadRequest;
using testing::ReadTestFile;
using testing::ReplyFromData;
using testing::ReplyFromFile;

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

TEST(CancelOrderSpecTest, IsThisUnit) {
  testing::ExpectSpecOf(kCancelOrderSpec, "CancelOrder", ValidateCancelOrder,
                        TranslateCancelOrder, MapCancelOrderResult);
}

}  // namespace
}  // namespace msp_gateway
