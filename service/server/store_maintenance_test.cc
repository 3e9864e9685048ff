// Copyright 2026 The msp-gateway Authors.

#include "service/server/store_maintenance.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "service/store/memory_order_event_store.h"
#include "service/store/memory_order_store.h"

namespace msp_gateway {
namespace {

class StoreMaintenanceTest : public ::testing::Test {
 protected:
  StoreMaintenanceTest()
      : reconciler_(
            store_,
            [](const MspRequest&, absl::Time,
               std::function<void(absl::StatusOr<MspReply>)> done) {
              done(absl::UnavailableError("not reached in these tests"));
            },
            {}, ReconcilerOptions{"replica"}, [this] { return now_; }),
        maintenance_(
            store_, reconciler_, metrics_,
            [this](bool healthy) { healthy_ = healthy; },
            StoreMaintenanceOptions{absl::Seconds(1), absl::Hours(24), 2, 3},
            [this] { return now_; }) {}

  void Add(const std::string& key, absl::Time created) {
    ClaimRequest claim{key, "fp", "o", "r", created, created};
    ClaimResult claimed = store_.Claim(claim).value();
    OrderRecord done = claimed.record;
    done.state = RecordState::kCompleted;
    ASSERT_TRUE(store_.Update(done).value());
  }

  MemoryOrderStore store_;
  GatewayMetrics metrics_{"test"};
  absl::Time now_ = absl::FromUnixSeconds(1700000000);
  Reconciler reconciler_;
  StoreMaintenance maintenance_;
  std::optional<bool> healthy_;
};

TEST_F(StoreMaintenanceTest, ReadinessFollowsTheStore) {
  EXPECT_TRUE(maintenance_.RunOnce());
  EXPECT_EQ(healthy_, true);
  store_.SetFailure(absl::UnavailableError("down"));
  EXPECT_FALSE(maintenance_.RunOnce());
  EXPECT_EQ(healthy_, false);
  EXPECT_NE(metrics_.RenderPrometheus().find("msp_gateway_store_up 0"),
            std::string::npos);
  store_.SetFailure(absl::OkStatus());
  EXPECT_TRUE(maintenance_.RunOnce());
  EXPECT_EQ(healthy_, true);
  EXPECT_NE(metrics_.RenderPrometheus().find("msp_gateway_store_up 1"),
            std::string::npos);
}

TEST_F(StoreMaintenanceTest, PurgesOldRecordsInBoundedBatches) {
  for (int i = 0; i < 10; ++i) {
    Add("old/" + std::to_string(i), now_ - absl::Hours(25));
  }
  Add("new", now_ - absl::Hours(1));
  maintenance_.RunOnce();
  // 3 batches of 2 per round.
  EXPECT_EQ(store_.CountByState().value()["completed"], 5);
  maintenance_.RunOnce();
  maintenance_.RunOnce();
  EXPECT_EQ(store_.CountByState().value()["completed"], 1);
  EXPECT_TRUE(store_.Get("new").value().has_value());
}

TEST(StoreMaintenanceEventsTest, PurgesOldOrderEventsWithTheRecords) {
  MemoryOrderStore store;
  MemoryOrderEventStore events;
  GatewayMetrics metrics("test");
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  Reconciler reconciler(
      store,
      [](const MspRequest&, absl::Time,
         std::function<void(absl::StatusOr<MspReply>)> done) {
        done(absl::UnavailableError("not reached in these tests"));
      },
      {}, ReconcilerOptions{"replica"}, [&] { return now; });
  StoreMaintenanceOptions options{absl::Seconds(1), absl::Hours(24), 2, 3};
  options.events = &events;
  StoreMaintenance maintenance(
      store, reconciler, metrics, [](bool) {}, options, [&] { return now; });
  auto append = [&](const std::string& order_id, absl::Time at) {
    ASSERT_TRUE(events
                    .ApplyOrderChange(
                        order_id, at,
                        [&](const std::optional<OrderState>&)
                            -> absl::StatusOr<std::optional<OrderStateChange>> {
                          OrderStateChange change;
                          change.state.order_id = order_id;
                          change.event = "event of " + order_id;
                          return std::optional<OrderStateChange>(change);
                        })
                    .ok());
  };
  append("old", now - absl::Hours(25));
  append("new", now - absl::Hours(1));
  maintenance.RunOnce();
  EXPECT_FALSE(events.GetOrderState("old").value().has_value());
  EXPECT_TRUE(events.GetOrderState("new").value().has_value());
  EventCursorRange cursors = events.EventCursors().value();
  EXPECT_EQ(cursors.oldest, 2);  // the old order's event is gone
  EXPECT_EQ(cursors.newest, 2);
}

TEST_F(StoreMaintenanceTest, CountsRecordsByStateForTheMetrics) {
  Add("a", now_);
  ASSERT_TRUE(
      store_.Claim({"b", "fp", "o", "r", now_, now_ + absl::Minutes(1)}).ok());
  maintenance_.RunOnce();
  const std::string text = metrics_.RenderPrometheus();
  EXPECT_NE(text.find("msp_gateway_idempotency_records{state=\"completed\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("msp_gateway_idempotency_records{state=\"in_flight\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("msp_gateway_idempotency_records{state=\"unknown\"} 0"),
            std::string::npos);
}

TEST_F(StoreMaintenanceTest, StartAndStopRunTheLoop) {
  maintenance_.Start();
  maintenance_.Stop();
  EXPECT_TRUE(healthy_.has_value()) << "the first round runs at once";
}

}  // namespace
}  // namespace msp_gateway
