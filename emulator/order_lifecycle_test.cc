// Copyright 2026 The msp-gateway Authors.
//
// The lifecycle functions on a bare Order; order_store_test.cc and
// emulator_api_test.cc cover them through the store and over sockets.

#include "emulator/order_lifecycle.h"

#include <string>
#include <variant>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

const absl::Time kNow = absl::FromUnixSeconds(1700000000);

LifecycleContext Context(absl::Time now = kNow) {
  static int64_t next_id = 1000;
  return {now, [] { return ++next_id; },
          [](const std::string& id) { return id == "taken"; }};
}

Order NewOrder(const std::string& gateway = "IDEAL", int64_t amount = 1000) {
  Order order;
  order.request = ExactJson::FromDom({{"description", "d"}});
  order.gateway = gateway;
  order.amount = amount;
  order.currency = "EUR";
  order.status = "initialized";
  order.financial_status = "initialized";
  return order;
}

int CodeOf(const std::variant<LifecycleResult, MspError>& result) {
  return std::holds_alternative<MspError>(result)
             ? std::get<MspError>(result).code
             : 0;
}

TEST(SetStatusTest, DefaultsFollowThePaymentMethod) {
  Order card = NewOrder("CREDITCARD");
  card.manual_capture = true;
  ASSERT_TRUE(SetStatus(card, {"completed"}, kNow).ok());
  EXPECT_EQ(card.financial_status, "initialized");
  EXPECT_EQ(card.paid_with, "VISA");  // a brand, not the generic card
  EXPECT_EQ(card.completed, kNow);

  Order bnpl = NewOrder("IN3");
  ASSERT_TRUE(SetStatus(bnpl, {"completed"}, kNow).ok());
  EXPECT_EQ(bnpl.financial_status, "uncleared");

  Order page = NewOrder("");
  ASSERT_TRUE(SetStatus(page, {"expired"}, kNow).ok());
  EXPECT_EQ(page.paid_with, "");  // no attempt, no method
  ASSERT_TRUE(SetStatus(page, {"completed"}, kNow).ok());
  EXPECT_EQ(page.paid_with, "IDEAL");

  EXPECT_TRUE(absl::IsInvalidArgument(SetStatus(page, {"paid"}, kNow)));
  StatusChange explicit_pair{"completed", "uncleared", "Review", "R1",
                             std::string("mistercash")};
  ASSERT_TRUE(SetStatus(page, explicit_pair, kNow).ok());
  EXPECT_EQ(page.financial_status, "uncleared");
  EXPECT_EQ(page.reason, "Review");
  EXPECT_EQ(page.reason_code, "R1");
  EXPECT_EQ(page.paid_with, "MISTERCASH");
}

TEST(RefundTest, FailuresLeaveTheOrderUnchanged) {
  Order order = NewOrder();
  ASSERT_TRUE(SetStatus(order, {"completed"}, kNow).ok());
  const Order before = order;
  EXPECT_EQ(
      CodeOf(Refund("o", order,
                    ExactJson::FromDom({{"currency", "EUR"}, {"amount", 1001}}),
                    Context())),
      1034);
  EXPECT_EQ(order.status, before.status);
  EXPECT_TRUE(order.related.empty());
  EXPECT_EQ(
      CodeOf(Refund("o", order,
                    ExactJson::FromDom({{"currency", "EUR"}, {"amount", 400}}),
                    Context())),
      0);
  EXPECT_EQ(order.status, "partial_refunded");
  EXPECT_EQ(order.status_before_refund, "completed");
}

TEST(CaptureTest, GeneratedOrderIdsSkipTakenOnes) {
  Order order = NewOrder("VISA");
  order.manual_capture = true;
  ASSERT_TRUE(SetStatus(order, {"completed"}, kNow).ok());
  LifecycleContext ctx = Context();
  ctx.order_exists = [](const std::string& id) { return id == "o-capture-1"; };
  auto result = Capture("o", order, ExactJson::FromDom({{"amount", 100}}), ctx);
  ASSERT_EQ(CodeOf(result), 0);
  const LifecycleResult& done = std::get<LifecycleResult>(result);
  EXPECT_EQ(done.data["order_id"], "o-capture-2");
  ASSERT_EQ(done.new_orders.size(), 1u);
  EXPECT_EQ(done.new_orders[0].first, "o-capture-2");
  EXPECT_EQ(done.new_orders[0].second.amount, 100);
  EXPECT_EQ(done.new_orders[0].second.auth_order_id, "o");
  EXPECT_EQ(order.captured, 100);
  EXPECT_EQ(order.financial_status, "initialized");
}

TEST(UpdateTest, CancelAuthorisedManualCapture) {
  Order order = NewOrder("VISA");
  order.manual_capture = true;
  ASSERT_TRUE(SetStatus(order, {"completed"}, kNow).ok());
  auto result = Update(
      "o", order, ExactJson::FromDom({{"status", "cancelled"}}), Context());
  EXPECT_EQ(CodeOf(result), 0);
  EXPECT_EQ(order.status, "cancelled");
  EXPECT_EQ(order.financial_status, "cancelled");
}

TEST(UpdateTest, DeclinedAndExpiredOrdersCannotBeCancelledOrShipped) {
  for (const char* status : {"declined", "expired"}) {
    Order order = NewOrder();
    ASSERT_TRUE(SetStatus(order, {status}, kNow).ok());
    for (const char* target : {"cancelled", "shipped"}) {
      auto result = Update("o", order, ExactJson::FromDom({{"status", target}}),
                           Context());
      ASSERT_EQ(CodeOf(result), 1000) << status << " -> " << target;
      EXPECT_EQ(std::get<MspError>(result).http_status, 410);
    }
  }
}

}  // namespace
}  // namespace msp_emulator
