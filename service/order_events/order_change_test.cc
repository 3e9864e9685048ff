// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/order_change.h"

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "payments/v1/order_details.pb.h"
#include "payments/v1/order_event.pb.h"
#include "service/msp_order/order_mapper.h"

namespace msp_gateway {
namespace {

using ::payments::v1::Order;
using ::payments::v1::OrderEvent;

const absl::Time kNow = absl::FromUnixSeconds(1767225600);  // 2026-01-01

Order MspOrder(const std::string& status, const std::string& financial,
               const std::string& modified, int64_t refunded = 0) {
  Order order;
  order.set_order_id("ord-1");
  order.set_status_raw(status);
  order.set_status(OrderStatusFromMsp(status));
  order.set_financial_status_raw(financial);
  order.set_financial_status(TransactionStatusFromMsp(financial));
  order.set_amount(1000);
  order.set_amount_refunded(refunded);
  order.set_currency("EUR");
  order.set_modified(modified);
  return order;
}

ObservedOrder Seen(Order order, absl::Time at = kNow,
                   payments::v1::OrderEventSource source =
                       payments::v1::ORDER_EVENT_SOURCE_NOTIFICATION) {
  ObservedOrder observed;
  observed.order = std::move(order);
  observed.source = source;
  observed.created_by_gateway = true;
  observed.observed_at = at;
  return observed;
}

// What the store would hold after applying `decided`.
OrderState Stored(const DecidedOrderChange& decided) {
  EXPECT_TRUE(decided.change.has_value());
  OrderState state = decided.change->state;
  state.version = 1;
  return state;
}

TEST(ParseMspTimeTest, ReadsTheDocumentedShapeAsUtc) {
  EXPECT_EQ(ParseMspTime("2026-01-01T00:00:10"), kNow + absl::Seconds(10));
  EXPECT_EQ(ParseMspTime(""), absl::InfinitePast());
  EXPECT_EQ(ParseMspTime("2026-01-01"), absl::InfinitePast());
  EXPECT_EQ(ParseMspTime("2026-01-01T00:00:10Z"), absl::InfinitePast());
  EXPECT_EQ(ParseMspTime("2026-13-01T00:00:10"), absl::InfinitePast());
}

TEST(DecideOrderChangeTest, TheFirstSnapshotIsNewWithAnEventAndAPoll) {
  absl::StatusOr<DecidedOrderChange> decided = DecideOrderChange(
      std::nullopt,
      Seen(MspOrder("initialized", "initialized", "2026-01-01T00:00:00")),
      {absl::Minutes(10)});
  ASSERT_TRUE(decided.ok()) << decided.status();
  EXPECT_EQ(decided->transition, Transition::kNew);
  ASSERT_TRUE(decided->change.has_value());
  const OrderState& state = decided->change->state;
  EXPECT_EQ(state.order_id, "ord-1");
  EXPECT_FALSE(state.final);
  EXPECT_TRUE(state.created_by_gateway);
  EXPECT_EQ(state.next_poll, kNow + absl::Minutes(10));
  ASSERT_TRUE(decided->change->event.has_value());
  EXPECT_EQ(*decided->change->event, state.state);
  absl::StatusOr<OrderEvent> event = ReadStoredEvent(state.state);
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->order_id(), "ord-1");
  EXPECT_EQ(event->status(), payments::v1::ORDER_STATUS_INITIALIZED);
  EXPECT_EQ(event->amount(), 1000);
  EXPECT_EQ(event->currency(), "EUR");
  EXPECT_EQ(event->cursor(), "");
  EXPECT_EQ(event->occurred_at().seconds(), absl::ToUnixSeconds(kNow));
  EXPECT_EQ(event->source(), payments::v1::ORDER_EVENT_SOURCE_NOTIFICATION);
  EXPECT_EQ(event->order().status_raw(), "initialized");
}

TEST(DecideOrderChangeTest, AnOutcomeAdvancesAndAFinalOneStopsPolling) {
  auto first = DecideOrderChange(
      std::nullopt,
      Seen(MspOrder("initialized", "initialized", "2026-01-01T00:00:00")), {});
  ASSERT_TRUE(first.ok());
  auto paid = DecideOrderChange(
      Stored(*first),
      Seen(MspOrder("completed", "completed", "2026-01-01T00:01:00"),
           kNow + absl::Minutes(1),
           payments::v1::ORDER_EVENT_SOURCE_RECONCILER),
      {});
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->transition, Transition::kAdvance);
  ASSERT_TRUE(paid->change.has_value());
  EXPECT_TRUE(paid->change->state.final);
  EXPECT_EQ(paid->change->state.next_poll, absl::InfiniteFuture());
  EXPECT_EQ(paid->event.source(), payments::v1::ORDER_EVENT_SOURCE_RECONCILER);
  EXPECT_EQ(paid->event.status(), payments::v1::ORDER_STATUS_COMPLETED);
}

TEST(DecideOrderChangeTest, ARepeatOrAnOlderSnapshotWritesNothing) {
  auto paid = DecideOrderChange(
      std::nullopt,
      Seen(MspOrder("completed", "completed", "2026-01-01T00:01:00")), {});
  ASSERT_TRUE(paid.ok());
  auto repeat = DecideOrderChange(
      Stored(*paid),
      Seen(MspOrder("completed", "completed", "2026-01-01T00:01:00")), {});
  ASSERT_TRUE(repeat.ok());
  EXPECT_EQ(repeat->transition, Transition::kDuplicate);
  EXPECT_FALSE(repeat->change.has_value());
  auto older = DecideOrderChange(
      Stored(*paid),
      Seen(MspOrder("initialized", "initialized", "2026-01-01T00:00:00")), {});
  ASSERT_TRUE(older.ok());
  EXPECT_EQ(older->transition, Transition::kStale);
  EXPECT_FALSE(older->change.has_value());
}

TEST(DecideOrderChangeTest, ARefundAfterPaymentAdvances) {
  auto paid = DecideOrderChange(
      std::nullopt,
      Seen(MspOrder("completed", "completed", "2026-01-01T00:01:00")), {});
  ASSERT_TRUE(paid.ok());
  auto refunded =
      DecideOrderChange(Stored(*paid),
                        Seen(MspOrder("partial_refunded", "completed",
                                      "2026-01-02T00:00:00", 300)),
                        {});
  ASSERT_TRUE(refunded.ok());
  EXPECT_EQ(refunded->transition, Transition::kAdvance);
  EXPECT_EQ(refunded->event.amount_refunded(), 300);
}

TEST(DecideOrderChangeTest, WhoCreatedTheOrderIsKeptFromTheFirstState) {
  ObservedOrder foreign =
      Seen(MspOrder("initialized", "initialized", "2026-01-01T00:00:00"));
  foreign.created_by_gateway = false;
  auto first = DecideOrderChange(std::nullopt, foreign, {});
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->event.created_by_gateway());
  auto paid = DecideOrderChange(
      Stored(*first),
      Seen(MspOrder("completed", "completed", "2026-01-01T00:01:00")), {});
  ASSERT_TRUE(paid.ok());
  EXPECT_FALSE(paid->event.created_by_gateway());
  EXPECT_FALSE(paid->change->state.created_by_gateway);
}

TEST(DecideOrderChangeTest, ACorruptStoredStateIsInternal) {
  OrderState corrupt;
  corrupt.order_id = "ord-1";
  corrupt.state = "\xff\xff\xff";
  auto decided = DecideOrderChange(
      corrupt, Seen(MspOrder("completed", "completed", "2026-01-01T00:01:00")),
      {});
  EXPECT_EQ(decided.status().code(), absl::StatusCode::kInternal);

  // Another order's event under this order's row.
  OrderEvent other;
  other.set_order_id("ord-2");
  corrupt.state = other.SerializeAsString();
  decided = DecideOrderChange(
      corrupt, Seen(MspOrder("completed", "completed", "2026-01-01T00:01:00")),
      {});
  EXPECT_EQ(decided.status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace msp_gateway
