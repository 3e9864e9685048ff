// Copyright 2026 The msp-gateway Authors.
//
// The hub alone, with a scripted subscriber: the position, the ring and
// joins, the fan-out, leaving, the idle tail and shutdown. The streams
// themselves are watch_order_events_test.cc's.

#include "service/order_events/order_event_hub.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "service/store/memory_order_event_store.h"

namespace msp_gateway {
namespace {

class FakeSubscriber final : public OrderEventHub::Subscriber {
 public:
  bool OnLiveEventsLocked(
      absl::Span<const std::shared_ptr<const PreparedEvent>> events,
      bool& leave) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& event : events) live_.push_back(event->cursor);
    leave = leave_next_;
    return true;
  }
  bool JoinLocked(
      absl::Span<const std::shared_ptr<const PreparedEvent>> gap) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (refuse_join_) return false;
    for (const auto& event : gap) gap_.push_back(event->cursor);
    return true;
  }
  bool OnShutdownLocked() override {
    std::lock_guard<std::mutex> lock(mu_);
    shut_down_ = true;
    return true;
  }
  void Pump() override {
    std::lock_guard<std::mutex> lock(mu_);
    ++pumps_;
  }

  std::vector<int64_t> live() {
    std::lock_guard<std::mutex> lock(mu_);
    return live_;
  }
  std::vector<int64_t> gap() {
    std::lock_guard<std::mutex> lock(mu_);
    return gap_;
  }
  int pumps() {
    std::lock_guard<std::mutex> lock(mu_);
    return pumps_;
  }
  bool shut_down() {
    std::lock_guard<std::mutex> lock(mu_);
    return shut_down_;
  }
  void set_refuse_join(bool refuse) {
    std::lock_guard<std::mutex> lock(mu_);
    refuse_join_ = refuse;
  }
  void set_leave_next(bool leave) {
    std::lock_guard<std::mutex> lock(mu_);
    leave_next_ = leave;
  }

 private:
  std::mutex mu_;
  std::vector<int64_t> live_;
  std::vector<int64_t> gap_;
  int pumps_ = 0;
  bool shut_down_ = false;
  bool refuse_join_ = false;
  bool leave_next_ = false;
};

class OrderEventHubTest : public ::testing::Test {
 protected:
  void Start(size_t ring_size = 100) {
    OrderEventHubOptions options;
    options.ring_size = ring_size;
    options.read_batch = 3;
    options.poll_interval = absl::Milliseconds(50);
    absl::StatusOr<std::unique_ptr<OrderEventHub>> hub =
        OrderEventHub::Start(store_, pool_, options);
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = *std::move(hub);
  }

  int64_t Append(const std::string& order_id) {
    auto result = store_.ApplyOrderChange(
        order_id, absl::Now(),
        [&](const std::optional<OrderState>&)
            -> absl::StatusOr<std::optional<OrderStateChange>> {
          OrderStateChange change;
          change.state.order_id = order_id;
          change.event = "";  // An OrderEvent with every field unset.
          return std::optional<OrderStateChange>(std::move(change));
        });
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? result->cursor.value_or(-1) : -1;
  }

  template <typename Predicate>
  static bool WaitFor(Predicate done) {
    const absl::Time end = absl::Now() + absl::Seconds(10);
    while (!done()) {
      if (absl::Now() > end) return false;
      absl::SleepFor(absl::Milliseconds(2));
    }
    return true;
  }

  MemoryOrderEventStore store_;
  WorkerPool pool_{1, 4};
  std::unique_ptr<OrderEventHub> hub_;
};

TEST_F(OrderEventHubTest, StartsAtTheNewestCursor) {
  Append("a");
  Append("b");
  Start();
  EXPECT_EQ(hub_->position(), 2);
}

TEST_F(OrderEventHubTest, AJoinBehindThePositionGetsTheGapFromTheRing) {
  Start();
  auto subscriber = std::make_shared<FakeSubscriber>();
  ASSERT_TRUE(hub_->Register(subscriber));
  for (int i = 0; i < 5; ++i) Append("a");
  ASSERT_TRUE(WaitFor([&] { return hub_->position() == 5; }));

  ASSERT_TRUE(hub_->TryJoin(subscriber, 2));
  EXPECT_EQ(subscriber->gap(), (std::vector<int64_t>{3, 4, 5}));
  EXPECT_EQ(hub_->live_count(), 1u);
  EXPECT_EQ(hub_->ring_joins(), 1u);

  // Live from the position on, in batches of read_batch, each pumped.
  for (int i = 0; i < 4; ++i) Append("b");
  ASSERT_TRUE(WaitFor([&] { return subscriber->live().size() == 4; }));
  EXPECT_EQ(subscriber->live(), (std::vector<int64_t>{6, 7, 8, 9}));
  EXPECT_GE(subscriber->pumps(), 2);
  hub_->Unregister(subscriber.get());
}

TEST_F(OrderEventHubTest, AJoinAtThePositionHasNoGap) {
  Start();
  auto subscriber = std::make_shared<FakeSubscriber>();
  ASSERT_TRUE(hub_->Register(subscriber));
  Append("a");
  ASSERT_TRUE(WaitFor([&] { return hub_->position() == 1; }));
  ASSERT_TRUE(hub_->TryJoin(subscriber, 1));
  ASSERT_TRUE(hub_->TryJoin(std::make_shared<FakeSubscriber>(), 1) == false)
      << "an unregistered subscriber must not join";
  EXPECT_TRUE(subscriber->gap().empty());
  EXPECT_EQ(hub_->ring_joins(), 0u);
  hub_->Unregister(subscriber.get());
}

TEST_F(OrderEventHubTest, AJoinFurtherBehindThanTheRingMustReadAgain) {
  Start(/*ring_size=*/2);
  auto subscriber = std::make_shared<FakeSubscriber>();
  ASSERT_TRUE(hub_->Register(subscriber));
  for (int i = 0; i < 5; ++i) Append("a");
  ASSERT_TRUE(WaitFor([&] { return hub_->position() == 5; }));
  // The ring holds 4 and 5 only.
  EXPECT_FALSE(hub_->TryJoin(subscriber, 2));
  EXPECT_EQ(hub_->live_count(), 0u);
  ASSERT_TRUE(hub_->TryJoin(subscriber, 3));
  EXPECT_EQ(subscriber->gap(), (std::vector<int64_t>{4, 5}));
  hub_->Unregister(subscriber.get());
}

TEST_F(OrderEventHubTest, ARefusedJoinLeavesTheSubscriberOut) {
  Start();
  auto subscriber = std::make_shared<FakeSubscriber>();
  ASSERT_TRUE(hub_->Register(subscriber));
  subscriber->set_refuse_join(true);
  EXPECT_FALSE(hub_->TryJoin(subscriber, hub_->position()));
  EXPECT_EQ(hub_->live_count(), 0u);
  hub_->Unregister(subscriber.get());
}

TEST_F(OrderEventHubTest, ASubscriberThatLeavesGetsNoMore) {
  Start();
  auto subscriber = std::make_shared<FakeSubscriber>();
  ASSERT_TRUE(hub_->Register(subscriber));
  ASSERT_TRUE(hub_->TryJoin(subscriber, hub_->position()));
  subscriber->set_leave_next(true);
  Append("a");
  ASSERT_TRUE(WaitFor([&] { return hub_->live_count() == 0; }));
  Append("a");
  ASSERT_TRUE(WaitFor([&] { return hub_->position() == 2; }));
  EXPECT_EQ(subscriber->live(), (std::vector<int64_t>{1}));
  EXPECT_EQ(hub_->stream_count(), 1u);  // Until its OnDone.
  hub_->Unregister(subscriber.get());
  hub_->Unregister(subscriber.get());  // Idempotent.
  EXPECT_EQ(hub_->stream_count(), 0u);
}

TEST_F(OrderEventHubTest, WithoutStreamsTheTailOnlyFollowsTheNewestCursor) {
  Start();
  for (int i = 0; i < 4; ++i) Append("a");
  ASSERT_TRUE(WaitFor([&] { return hub_->position() == 4; }));
  // A stream arriving now joins at once: nothing to fill in.
  auto subscriber = std::make_shared<FakeSubscriber>();
  ASSERT_TRUE(hub_->Register(subscriber));
  ASSERT_TRUE(hub_->TryJoin(subscriber, 4));
  Append("a");
  ASSERT_TRUE(WaitFor([&] { return subscriber->live().size() == 1; }));
  EXPECT_EQ(subscriber->live(), (std::vector<int64_t>{5}));
  hub_->Unregister(subscriber.get());
}

TEST_F(OrderEventHubTest, ShutdownEndsEveryStreamAndRefusesNewOnes) {
  Start();
  auto replaying = std::make_shared<FakeSubscriber>();
  auto live = std::make_shared<FakeSubscriber>();
  ASSERT_TRUE(hub_->Register(replaying));
  ASSERT_TRUE(hub_->Register(live));
  ASSERT_TRUE(hub_->TryJoin(live, hub_->position()));
  hub_->Shutdown();
  EXPECT_TRUE(replaying->shut_down());
  EXPECT_TRUE(live->shut_down());
  EXPECT_GE(live->pumps(), 1);
  EXPECT_EQ(hub_->live_count(), 0u);
  EXPECT_FALSE(hub_->Register(std::make_shared<FakeSubscriber>()));
  EXPECT_FALSE(hub_->TryJoin(replaying, hub_->position()));
  // The destructor waits for the streams' OnDone.
  OrderEventHub* raw = hub_.release();
  std::thread done([&] {
    absl::SleepFor(absl::Milliseconds(50));
    raw->Unregister(replaying.get());
    raw->Unregister(live.get());
  });
  const absl::Time start = absl::Now();
  delete raw;
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(40));
  done.join();
}

TEST_F(OrderEventHubTest, StartFailsWhenTheStoreIsDown) {
  store_.SetFailure(absl::UnavailableError("down"));
  EXPECT_EQ(OrderEventHub::Start(store_, pool_).status().code(),
            absl::StatusCode::kUnavailable);
  OrderEventHubOptions bad;
  bad.stream_buffer = 0;
  store_.SetFailure(absl::OkStatus());
  EXPECT_EQ(OrderEventHub::Start(store_, pool_, bad).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(OrderEventHubTest, ReportsLagAndTailErrors) {
  std::mutex mu;
  std::vector<absl::Duration> lags;
  int errors = 0;
  OrderEventHubObserver observer;
  observer.on_lag = [&](absl::Duration lag) {
    std::lock_guard<std::mutex> lock(mu);
    lags.push_back(lag);
  };
  observer.on_tail_error = [&](const absl::Status&) {
    std::lock_guard<std::mutex> lock(mu);
    ++errors;
  };
  OrderEventHubOptions options;
  options.poll_interval = absl::Milliseconds(20);
  auto hub = OrderEventHub::Start(store_, pool_, options, observer);
  ASSERT_TRUE(hub.ok());
  auto subscriber = std::make_shared<FakeSubscriber>();
  ASSERT_TRUE((*hub)->Register(subscriber));
  Append("a");
  ASSERT_TRUE(WaitFor([&] {
    std::lock_guard<std::mutex> lock(mu);
    return !lags.empty();
  }));
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_GE(lags[0], absl::ZeroDuration());
    EXPECT_LT(lags[0], absl::Seconds(5));
  }
  store_.SetFailure(absl::UnavailableError("down"));
  ASSERT_TRUE(WaitFor([&] {
    std::lock_guard<std::mutex> lock(mu);
    return errors > 0;
  }));
  store_.SetFailure(absl::OkStatus());
  (*hub)->Unregister(subscriber.get());
}

}  // namespace
}  // namespace msp_gateway
