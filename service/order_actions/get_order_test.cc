// Copyright 2026 The msp-gateway Authors.
//
// GetOrder's own parts; its order_id rules are tested with every order
// action's in order_action_fields_test.cc, the order object's mapping in
// service/msp_order/order_mapper_test.cc.

#include "service/order_actions/get_order.h"

#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/spec_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::GetOrderRequest;
using testing::ExpectInvalidResponse;
using testing::ReplyFromData;

TEST(TranslateGetOrderTest, EncodesTheOrderIdAsOneSegment) {
  GetOrderRequest request;
  request.set_order_id("a/b c");
  absl::StatusOr<MspRequest> call = TranslateGetOrder(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kGetOrder);
  EXPECT_EQ(call->path, "/orders/a%2Fb%20c");
  EXPECT_EQ(call->body, "");
}

TEST(TranslateGetOrderTest, EmptyOrderIdIsNeverSent) {
  EXPECT_EQ(TranslateGetOrder(GetOrderRequest()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(MapGetOrderResultTest, TheOrderWithTheRequestedIdAsFallback) {
  GetOrderRequest request;
  request.set_order_id("o-1");
  absl::StatusOr<payments::v1::GetOrderResponse> response = MapGetOrderResult(
      request, ReplyFromData(R"({"status":"completed","amount":1000})"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->order().order_id(), "o-1");
  EXPECT_EQ(response->order().status(), payments::v1::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(response->order().amount(), 1000);

  response = MapGetOrderResult(
      request, ReplyFromData(R"({"order_id":"msp-1","status":"void"})"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->order().order_id(), "msp-1");
  ExpectInvalidResponse(
      MapGetOrderResult(request, ReplyFromData(R"({"amount":"ten"})")).status(),
      "GET /orders/{order_id}");
}

TEST(GetOrderSpecTest, IsThisUnit) {
  testing::ExpectSpecOf(kGetOrderSpec, "GetOrder", ValidateGetOrder,
                        TranslateGetOrder, MapGetOrderResult);
}

}  // namespace
}  // namespace msp_gateway
