// Copyright 2026 The msp-gateway Authors.
//
// The intake and the recorder over the in-memory event store: what each kind
// of notification records, and what it answers.

#include "service/order_events/notification_intake.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "payments/v1/order_event.pb.h"
#include "service/msp_order/order_mapper.h"
#include "service/order_events/order_change.h"
#include "service/order_events/order_event_recorder.h"
#include "service/store/memory_order_event_store.h"

namespace msp_gateway {
namespace {

using ::payments::v1::Order;
using ::payments::v1::OrderEvent;

const absl::Time kNow = absl::FromUnixSeconds(1767225600);

std::string Body(const std::string& order_id, const std::string& status,
                 const std::string& modified) {
  return "{\"order_id\":\"" + order_id +
         "\",\"transaction_id\":4051823,\"status\":\"" + status +
         "\",\"financial_status\":\"" + status +
         "\",\"amount\":1000,\"currency\":\"EUR\",\"modified\":\"" + modified +
         "\",\"costs\":[{\"amount\":0.60}]}";
}

Notification Post(const std::string& order_id, const std::string& status,
                  const std::string& modified) {
  Notification n;
  n.origin = NotificationOrigin::kVerifiedPost;
  n.order_id = order_id;
  n.body = Body(order_id, status, modified);
  n.payload.emplace();
  n.received_at = kNow;
  return n;
}

Notification GetHint(const std::string& order_id) {
  Notification n;
  n.origin = NotificationOrigin::kGetHint;
  n.order_id = order_id;
  n.timestamp = "1767225600";
  n.received_at = kNow;
  return n;
}

class NotificationIntakeTest : public ::testing::Test {
 protected:
  NotificationIntakeTest()
      : recorder_(store_, {{absl::Minutes(10)}, [this] { return now_; }, {}}),
        intake_(
            recorder_,
            [this](absl::string_view order_id,
                   absl::Time) -> absl::StatusOr<Order> {
              reads_.push_back(std::string(order_id));
              return read_result_;
            },
            [this](absl::string_view order_id) -> absl::StatusOr<bool> {
              return order_id != "link-1";
            }) {}

  std::vector<OrderEvent> Events() {
    std::vector<OrderEvent> events;
    absl::StatusOr<std::vector<StoredOrderEvent>> stored =
        store_.ReadEvents(0, {}, 1000);
    EXPECT_TRUE(stored.ok());
    for (const StoredOrderEvent& e : *stored) {
      absl::StatusOr<OrderEvent> event = ReadStoredEvent(e.event);
      EXPECT_TRUE(event.ok());
      events.push_back(*event);
    }
    return events;
  }

  absl::Time now_ = kNow;
  MemoryOrderEventStore store_;
  OrderEventRecorder recorder_;
  std::vector<std::string> reads_;
  absl::StatusOr<Order> read_result_ = absl::NotFoundError("no order");
  NotificationIntake intake_;
};

TEST_F(NotificationIntakeTest, AVerifiedPostIsRecordedOnceAndNeverBackwards) {
  EXPECT_TRUE(
      intake_.Accept(Post("ord-1", "initialized", "2026-01-01T00:00:00")).ok());
  EXPECT_TRUE(
      intake_.Accept(Post("ord-1", "completed", "2026-01-01T00:01:00")).ok());
  // The retry of the same notification, and the older one arriving late.
  EXPECT_TRUE(absl::IsAlreadyExists(
      intake_.Accept(Post("ord-1", "completed", "2026-01-01T00:01:00"))));
  EXPECT_TRUE(absl::IsAlreadyExists(
      intake_.Accept(Post("ord-1", "initialized", "2026-01-01T00:00:00"))));
  std::vector<OrderEvent> events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].status(), payments::v1::ORDER_STATUS_INITIALIZED);
  EXPECT_EQ(events[1].status(), payments::v1::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(events[1].source(), payments::v1::ORDER_EVENT_SOURCE_NOTIFICATION);
  EXPECT_TRUE(events[1].created_by_gateway());
  EXPECT_EQ(events[1].order().transaction_id(), 4051823);
  EXPECT_TRUE(reads_.empty()) << "a signed body is not read again";
  absl::StatusOr<std::optional<OrderState>> state =
      store_.GetOrderState("ord-1");
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_TRUE((*state)->final);
}

TEST_F(NotificationIntakeTest, AGetHintReadsTheOrderFromMultiSafepay) {
  MspReply reply;
  reply.http_status = 200;
  reply.data =
      nlohmann::json::parse(Body("ord-2", "declined", "2026-01-01T00:02:00"));
  absl::StatusOr<Order> order = MapMspOrder(reply, "ord-2");
  ASSERT_TRUE(order.ok());
  read_result_ = *order;
  EXPECT_TRUE(intake_.Accept(GetHint("ord-2")).ok());
  EXPECT_EQ(reads_, std::vector<std::string>{"ord-2"});
  std::vector<OrderEvent> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].status(), payments::v1::ORDER_STATUS_DECLINED);
}

TEST_F(NotificationIntakeTest, AHintForAnUnknownOrderIsAcknowledged) {
  read_result_ = absl::NotFoundError("1006");
  EXPECT_TRUE(absl::IsAlreadyExists(intake_.Accept(GetHint("nobody"))));
  EXPECT_TRUE(Events().empty());
}

TEST_F(NotificationIntakeTest, AFailedReadOrStoreAsksForARetry) {
  read_result_ = absl::UnavailableError("reset");
  EXPECT_TRUE(absl::IsUnavailable(intake_.Accept(GetHint("ord-3"))));
  store_.SetFailure(absl::UnavailableError("down"));
  EXPECT_TRUE(absl::IsUnavailable(
      intake_.Accept(Post("ord-1", "completed", "2026-01-01T00:01:00"))));
  store_.SetFailure(absl::OkStatus());
  EXPECT_TRUE(Events().empty());
}

TEST_F(NotificationIntakeTest, AReadAboutAnotherOrderIsRefused) {
  MspReply reply;
  reply.http_status = 200;
  reply.data =
      nlohmann::json::parse(Body("ord-9", "completed", "2026-01-01T00:02:00"));
  read_result_ = *MapMspOrder(reply, "ord-9");
  EXPECT_TRUE(absl::IsUnavailable(intake_.Accept(GetHint("ord-2"))));
  EXPECT_TRUE(Events().empty());
}

TEST_F(NotificationIntakeTest, AnOrderTheGatewayDidNotCreateIsMarked) {
  EXPECT_TRUE(
      intake_.Accept(Post("link-1", "completed", "2026-01-01T00:01:00")).ok());
  std::vector<OrderEvent> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(events[0].created_by_gateway());
}

}  // namespace
}  // namespace msp_gateway
