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

  ExpectInvalidResponse(
      MapGetOrderResult(request, ReplyFromData(R"({"amount":"ten"})")).status(),
      "GET /orders/{order_id}");
}

// Another order's answer is an upstream fault, never a result: it would show
// the caller someone else's payment.
TEST(MapGetOrderResultTest, AnotherOrderIsAnInvalidResponse) {
  GetOrderRequest request;
  request.set_order_id("o-1");
  for (const char* data : {R"({"order_id":"msp-1","status":"void"})",
                           R"({"order_id":"O-1","status":"completed"})",
                           R"({"order_id":"o-1 ","status":"completed"})",
                           R"({"order_id":1,"status":"completed"})"}) {
    absl::StatusOr<payments::v1::GetOrderResponse> response =
        MapGetOrderResult(request, ReplyFromData(data));
    ExpectInvalidResponse(response.status(), "GET /orders/{order_id}");
    EXPECT_NE(response.status().message().find("not the order asked for"),
              std::string::npos)
        << response.status();
    EXPECT_EQ(response.status().message().find("msp-1"), std::string::npos);
  }
}

TEST(MapGetOrderResultTest, OnlyTheTopLevelOrderIdIsCompared) {
  GetOrderRequest request;
  request.set_order_id("1588947171");
  // A numeric echo (multisafepay-api.md §1.7) is the same order; captures
  // and refunds carry their own IDs.
  absl::StatusOr<payments::v1::GetOrderResponse> response = MapGetOrderResult(
      request, ReplyFromData(R"({"order_id":1588947171,"status":"completed",
          "related_transactions":[{"order_id":"1588947171-refund-1",
          "type":"refund","amount":100},{"order_id":"cap-7","type":"capture",
          "amount":900}]})"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->order().order_id(), "1588947171");
  ASSERT_EQ(response->order().related_transactions_size(), 2);
  EXPECT_EQ(response->order().related_transactions(1).order_id(), "cap-7");
}

TEST(GetOrderSpecTest, IsThisUnit) {
  testing::ExpectSpecOf(kGetOrderSpec, "GetOrder", ValidateGetOrder,
                        TranslateGetOrder, MapGetOrderResult);
}

}  // namespace
}  // namespace msp_gateway
