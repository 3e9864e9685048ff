// Copyright 2026 The msp-gateway Authors.

#include "emulator/order_model.h"

#include <string>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

Order PaidOrder(const std::string& gateway) {
  Order order;
  order.request = ExactJson::FromDom(
      {{"description", "Candles"},
       {"customer", {{"first_name", "Jan"}, {"last_name", "Peeters"}}},
       {"gateway_info", {{"card_number", "5555555555554444"}}}});
  order.type = "redirect";
  order.gateway = gateway;
  order.paid_with = gateway;
  order.transaction_id = 1234567890123456;
  order.cost_transaction_id = 1234567890123457;
  order.amount = 1000;
  order.currency = "EUR";
  order.status = "completed";
  order.financial_status = "completed";
  return order;
}

TEST(OrderModelTest, StatusPairs) {
  EXPECT_STREQ(FindStatus("void")->financial_status, "cancelled");
  EXPECT_STREQ(FindStatus("shipped")->financial_status, "uncleared");
  EXPECT_EQ(FindStatus("paid"), nullptr);
  EXPECT_TRUE(IsPaidStatus("partial_refunded"));
  EXPECT_FALSE(IsPaidStatus("uncleared"));
  EXPECT_TRUE(HasPaymentAttempt("declined"));
  EXPECT_FALSE(HasPaymentAttempt("expired"));
}

TEST(OrderModelTest, AmountRefundedCountsRefundsThatAreNotVoid) {
  Order order = PaidOrder("IDEAL");
  EXPECT_EQ(AmountRefunded(order), 0);
  RelatedTransaction refund;
  refund.type = "refund";
  refund.amount = 300;
  refund.status = "reserved";
  order.related.push_back(refund);
  refund.status = "void";
  order.related.push_back(refund);
  RelatedTransaction capture;
  capture.type = "capture";
  capture.amount = 1000;
  order.related.push_back(capture);
  EXPECT_EQ(AmountRefunded(order), 300);
  // Set to refunded by the control endpoint without refunds: all of it.
  Order played = PaidOrder("IDEAL");
  played.status = "refunded";
  EXPECT_EQ(AmountRefunded(played), 1000);
}

TEST(OrderModelTest, DecimalNumberPrintsTheExactLiteral) {
  EXPECT_EQ(DecimalNumber(29, 2).dump(), "0.29");
  EXPECT_EQ(DecimalNumber(1, 2).dump(), "0.01");
  EXPECT_EQ(DecimalNumber(123456789012345, 2).dump(), "1234567890123.45");
  EXPECT_EQ(DecimalNumber(35, 0).dump(), "35");
  EXPECT_EQ(DecimalNumber(-10, 3).dump(), "-0.01");
}

TEST(OrderModelTest, CardDetailsComeFromGatewayInfo) {
  const json order = OrderJson("o-1", PaidOrder("MASTERCARD"));
  EXPECT_EQ(order["payment_details"]["last4"], "4444");
  EXPECT_EQ(order["payment_details"]["account_holder_name"], "Jan Peeters");
  EXPECT_EQ(order["payment_details"]["external_transaction_id"],
            "1234567890123456");
  EXPECT_EQ(order["costs"][0]["transaction_id"], 1234567890123457);
  EXPECT_EQ(order["costs"][0]["description"],
            "0.35 EUR For Mastercard Transactions");
}

TEST(OrderModelTest, GiftCardsPayWithACoupon) {
  const json order = OrderJson("o-1", PaidOrder("EDENCOM"));
  EXPECT_EQ(order["payment_methods"][0]["type"], "COUPON");
  EXPECT_EQ(order["payment_methods"][0]["coupon_brand"], "EDENCOM");
  EXPECT_EQ(order["payment_details"]["type"], "EDENCOM");
}

TEST(OrderModelTest, UnpaidDirectOrderListsItsMethodAsInitialized) {
  Order order = PaidOrder("IDEAL");
  order.type = "direct";
  order.paid_with.clear();
  order.status = "initialized";
  order.financial_status = "initialized";
  const json data = OrderJson("o-1", order);
  ASSERT_EQ(data["payment_methods"].size(), 1u);
  EXPECT_EQ(data["payment_methods"][0]["status"], "initialized");
  EXPECT_EQ(data["costs"], json::array());
  EXPECT_EQ(data["payment_details"]["account_iban"], nullptr);
  order.type = "redirect";
  EXPECT_EQ(OrderJson("o-1", order)["payment_methods"], json::array());
}

TEST(OrderModelTest, RelatedTransactionsAreNullUntilThereAreSome) {
  Order order = PaidOrder("IDEAL");
  EXPECT_EQ(OrderJson("o-1", order)["related_transactions"], nullptr);
  RelatedTransaction refund;
  refund.transaction_id = 11;
  refund.refund_id = 12;
  refund.order_id = "r-1";
  refund.type = "refund";
  refund.amount = 300;
  refund.currency = "EUR";
  refund.status = "reserved";
  refund.created = absl::FromUnixSeconds(1700000000);
  refund.modified = refund.created;
  order.related.push_back(refund);
  const json related = OrderJson("o-1", order)["related_transactions"];
  ASSERT_EQ(related.size(), 1u);
  EXPECT_EQ(related[0]["transaction_id"], 11);
  EXPECT_EQ(related[0]["refund_id"], 12);
  EXPECT_EQ(related[0]["refund_order_id"], "r-1");
  EXPECT_EQ(related[0]["reference_transaction_id"], 1234567890123456);
  EXPECT_EQ(related[0]["created"], "2023-11-14T22:13:20");
}

}  // namespace
}  // namespace msp_emulator
