// Copyright 2026 The msp-gateway Authors.

#include "service/store/append_notifier.h"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

TEST(AppendNotifierTest, NotifyRunsEveryLiveSubscription) {
  std::shared_ptr<AppendNotifier> notifier = AppendNotifier::Create();
  int a = 0;
  int b = 0;
  std::unique_ptr<AppendSubscription> first =
      notifier->Subscribe([&a] { ++a; });
  std::unique_ptr<AppendSubscription> second =
      notifier->Subscribe([&b] { ++b; });
  EXPECT_EQ(notifier->subscribers(), 2);
  notifier->Notify();
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 1);
  first.reset();
  EXPECT_EQ(notifier->subscribers(), 1);
  notifier->Notify();
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 2);
}

TEST(AppendNotifierTest, ASubscriptionMayOutliveTheNotifiersOwner) {
  std::shared_ptr<AppendNotifier> notifier = AppendNotifier::Create();
  std::unique_ptr<AppendSubscription> subscription = notifier->Subscribe([] {});
  notifier.reset();      // The store is gone;
  subscription.reset();  // its subscription goes later, safely.
}

TEST(AppendNotifierTest, UnsubscribingWaitsForAWakeInProgress) {
  std::shared_ptr<AppendNotifier> notifier = AppendNotifier::Create();
  absl::Notification entered;
  absl::Notification release;
  std::atomic<bool> finished{false};
  std::unique_ptr<AppendSubscription> subscription = notifier->Subscribe([&] {
    entered.Notify();
    release.WaitForNotification();
    finished = true;
  });
  std::thread notifying([&] { notifier->Notify(); });
  entered.WaitForNotification();
  std::atomic<bool> destroyed{false};
  std::thread destroying([&] {
    subscription.reset();
    destroyed = true;
  });
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_FALSE(destroyed.load()) << "returned while its wake was running";
  release.Notify();
  destroying.join();
  notifying.join();
  EXPECT_TRUE(destroyed.load());
  EXPECT_TRUE(finished.load());
}

TEST(AppendNotifierTest, ConcurrentNotifiesAndSubscriptions) {
  std::shared_ptr<AppendNotifier> notifier = AppendNotifier::Create();
  std::atomic<bool> stop{false};
  std::atomic<int> wakes{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      while (!stop) notifier->Notify();
    });
  }
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int n = 0; n < 200; ++n) {
        std::unique_ptr<AppendSubscription> subscription =
            notifier->Subscribe([&wakes] { ++wakes; });
      }
    });
  }
  for (size_t i = 4; i < threads.size(); ++i) threads[i].join();
  stop = true;
  for (size_t i = 0; i < 4; ++i) threads[i].join();
  EXPECT_EQ(notifier->subscribers(), 0);
}

}  // namespace
}  // namespace msp_gateway
