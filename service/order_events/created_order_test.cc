// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/created_order.h"

#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

payments::v1::CreateOrderRequest Request() {
  payments::v1::CreateOrderRequest request;
  request.set_order_id("o-1");
  request.set_amount(1234);
  request.set_currency("EUR");
  return request;
}

TEST(CreatedOrderTest, ARedirectOrderIsInitialized) {
  payments::v1::CreateOrderResponse response;
  response.set_order_id("o-1");
  response.set_payment_url("https://pay.example/o-1");
  payments::v1::Order order = CreatedOrder(Request(), response);
  EXPECT_EQ(order.order_id(), "o-1");
  EXPECT_EQ(order.amount(), 1234);
  EXPECT_EQ(order.currency(), "EUR");
  EXPECT_EQ(order.status(), payments::v1::ORDER_STATUS_INITIALIZED);
  EXPECT_EQ(order.status_raw(), "initialized");
  EXPECT_TRUE(order.modified().empty());
}

TEST(CreatedOrderTest, ADirectOrderKeepsTheStatusMultiSafepayAnswered) {
  payments::v1::CreateOrderResponse response;
  response.set_order_id("o-1");
  response.set_status(payments::v1::ORDER_STATUS_DECLINED);
  response.set_status_raw("declined");
  payments::v1::Order order = CreatedOrder(Request(), response);
  EXPECT_EQ(order.status(), payments::v1::ORDER_STATUS_DECLINED);
  EXPECT_EQ(order.status_raw(), "declined");
}

}  // namespace
}  // namespace msp_gateway
