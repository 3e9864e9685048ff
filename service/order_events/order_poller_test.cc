// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/order_poller.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "payments/v1/order_event.pb.h"
#include "service/msp_order/order_mapper.h"
#include "service/order_events/order_change.h"
#include "service/store/memory_order_event_store.h"

namespace msp_gateway {
namespace {

using ::payments::v1::Order;

const absl::Time kNow = absl::FromUnixSeconds(1767225600);

Order MspOrder(const std::string& status, const std::string& modified,
               const std::string& gateway = "IDEAL") {
  Order order;
  order.set_order_id("ord-1");
  order.set_status_raw(status);
  order.set_status(OrderStatusFromMsp(status));
  order.set_financial_status_raw(status);
  order.set_financial_status(TransactionStatusFromMsp(status));
  order.set_amount(1000);
  order.set_currency("EUR");
  order.set_modified(modified);
  order.mutable_payment_details()->set_type(gateway);
  return order;
}

TEST(PaymentExpiryTest, FollowsTheMethodsExpiryPlusADay) {
  EXPECT_EQ(PaymentExpiry("IDEAL"), absl::Hours(25));
  EXPECT_EQ(PaymentExpiry("ideal"), absl::Hours(25));
  EXPECT_EQ(PaymentExpiry("BANKTRANS"), absl::Hours(24 * 61));
  EXPECT_EQ(PaymentExpiry("SOMETHING-NEW"), absl::Hours(24 * 91));
  EXPECT_EQ(PaymentExpiry(""), absl::Hours(24 * 91));
}

TEST(PollBackoffTest, DoublesUpToTheCap) {
  EXPECT_EQ(PollBackoff(1, absl::Minutes(10), absl::Hours(1)),
            absl::Minutes(10));
  EXPECT_EQ(PollBackoff(2, absl::Minutes(10), absl::Hours(1)),
            absl::Minutes(20));
  EXPECT_EQ(PollBackoff(3, absl::Minutes(10), absl::Hours(1)),
            absl::Minutes(40));
  EXPECT_EQ(PollBackoff(4, absl::Minutes(10), absl::Hours(1)), absl::Hours(1));
  EXPECT_EQ(PollBackoff(60, absl::Minutes(10), absl::Hours(1)), absl::Hours(1));
}

class OrderPollerTest : public ::testing::Test {
 protected:
  OrderPollerTest()
      : recorder_(store_, {{absl::Minutes(10)}, [this] { return now_; }, {}}) {}

  OrderPoller MakePoller() {
    OrderPollerOptions options;
    options.first_backoff = absl::Minutes(10);
    options.max_backoff = absl::Hours(1);
    options.clock = [this] { return now_; };
    return OrderPoller(
        recorder_,
        [this](absl::string_view, absl::Time) -> absl::StatusOr<Order> {
          ++reads_;
          return msp_;
        },
        options);
  }

  int64_t EventCount() {
    absl::StatusOr<std::vector<StoredOrderEvent>> events =
        store_.ReadEvents(0, {}, 100);
    EXPECT_TRUE(events.ok());
    return static_cast<int64_t>(events->size());
  }

  absl::Time now_ = kNow;
  MemoryOrderEventStore store_;
  OrderEventRecorder recorder_;
  absl::StatusOr<Order> msp_;
  int reads_ = 0;
};

TEST_F(OrderPollerTest, ALostOutcomeIsFoundAfterReconcileAfter) {
  ASSERT_TRUE(recorder_
                  .Record(MspOrder("initialized", "2026-01-01T00:00:00"),
                          payments::v1::ORDER_EVENT_SOURCE_RPC, true)
                  .ok());
  msp_ = MspOrder("completed", "2026-01-01T00:03:00");
  OrderPoller poller = MakePoller();
  // Not due yet: nothing is read.
  now_ = kNow + absl::Minutes(9);
  EXPECT_EQ(poller.RunOnce().polled, 0);
  EXPECT_EQ(reads_, 0);
  now_ = kNow + absl::Minutes(10);
  OrderPollCounts counts = poller.RunOnce();
  EXPECT_EQ(counts.polled, 1);
  EXPECT_EQ(counts.changed, 1);
  EXPECT_EQ(EventCount(), 2);
  absl::StatusOr<std::vector<StoredOrderEvent>> events =
      store_.ReadEvents(1, {}, 10);
  ASSERT_TRUE(events.ok() && events->size() == 1);
  absl::StatusOr<payments::v1::OrderEvent> found =
      ReadStoredEvent((*events)[0].event);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->source(), payments::v1::ORDER_EVENT_SOURCE_RECONCILER);
  EXPECT_EQ(found->status(), payments::v1::ORDER_STATUS_COMPLETED);
  EXPECT_TRUE(found->created_by_gateway());
  // Final: never polled again.
  now_ += absl::Hours(10);
  EXPECT_EQ(poller.RunOnce().polled, 0);
  EXPECT_EQ(reads_, 1);
}

TEST_F(OrderPollerTest, NoNewsBacksOffAndAPastExpiryStops) {
  ASSERT_TRUE(recorder_
                  .Record(MspOrder("initialized", "2026-01-01T00:00:00"),
                          payments::v1::ORDER_EVENT_SOURCE_RPC, true)
                  .ok());
  msp_ = MspOrder("initialized", "2026-01-01T00:00:00");
  OrderPoller poller = MakePoller();
  now_ = kNow + absl::Minutes(10);
  EXPECT_EQ(poller.RunOnce().polled, 1);  // attempt 1, next in 10 min
  now_ += absl::Minutes(9);
  EXPECT_EQ(poller.RunOnce().polled, 0);
  now_ += absl::Minutes(1);
  EXPECT_EQ(poller.RunOnce().polled, 1);  // attempt 2, next in 20 min
  now_ += absl::Minutes(19);
  EXPECT_EQ(poller.RunOnce().polled, 0);
  now_ += absl::Minutes(1);
  EXPECT_EQ(poller.RunOnce().polled, 1);
  EXPECT_EQ(EventCount(), 1) << "a poll with no news emits nothing";
  EXPECT_EQ(reads_, 3);
  // iDEAL expires after an hour (+ a day of margin): then polling ends.
  now_ = kNow + absl::Hours(26);
  OrderPollCounts counts = poller.RunOnce();
  EXPECT_EQ(counts.expired, 1);
  EXPECT_EQ(reads_, 3);
  now_ += absl::Hours(100);
  EXPECT_EQ(poller.RunOnce().polled, 0);
}

TEST_F(OrderPollerTest, AFailedReadIsRetriedLater) {
  ASSERT_TRUE(recorder_
                  .Record(MspOrder("initialized", "2026-01-01T00:00:00"),
                          payments::v1::ORDER_EVENT_SOURCE_RPC, true)
                  .ok());
  msp_ = absl::UnavailableError("reset");
  OrderPoller poller = MakePoller();
  now_ = kNow + absl::Minutes(10);
  EXPECT_EQ(poller.RunOnce().failed, 1);
  msp_ = MspOrder("expired", "2026-01-01T01:00:00");
  now_ += absl::Minutes(10);
  EXPECT_EQ(poller.RunOnce().changed, 1);
  EXPECT_EQ(EventCount(), 2);
}

}  // namespace
}  // namespace msp_gateway
