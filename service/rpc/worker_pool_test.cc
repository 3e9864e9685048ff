// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/worker_pool.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

TEST(WorkerPoolTest, RunsEveryAcceptedTask) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(3, 100);
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(pool.TrySubmit([&ran] { ran.fetch_add(1); }));
    }
  }  // The destructor drains the queue.
  EXPECT_EQ(ran.load(), 100);
}

TEST(WorkerPoolTest, RefusesWhenQueueIsFull) {
  WorkerPool pool(1, 2);
  absl::Notification started, release;
  ASSERT_TRUE(pool.TrySubmit([&] {
    started.Notify();
    release.WaitForNotification();
  }));
  started.WaitForNotification();  // The only worker is now busy.
  EXPECT_EQ(pool.busy_workers(), 1u);
  EXPECT_TRUE(pool.TrySubmit([] {}));
  EXPECT_TRUE(pool.TrySubmit([] {}));
  EXPECT_EQ(pool.queue_depth(), 2u);
  EXPECT_FALSE(pool.TrySubmit([] {})) << "third queued task must be refused";
  release.Notify();
  pool.Shutdown();
  EXPECT_EQ(pool.queue_depth(), 0u);
}

TEST(WorkerPoolTest, ZeroCapacityAcceptsOnlyWhileAWorkerIsIdle) {
  WorkerPool pool(1, 0);
  absl::Notification started, release;
  ASSERT_TRUE(pool.TrySubmit([&] {
    started.Notify();
    release.WaitForNotification();
  }));
  started.WaitForNotification();
  EXPECT_FALSE(pool.TrySubmit([] {}));
  release.Notify();
}

TEST(WorkerPoolTest, RefusesAfterShutdown) {
  WorkerPool pool(2, 10);
  pool.Shutdown();
  EXPECT_FALSE(pool.TrySubmit([] {}));
}

TEST(WorkerPoolTest, SubmitQueuesBeyondTheCapacity) {
  std::atomic<int> ran{0};
  WorkerPool pool(1, 0);
  absl::Notification started, release;
  ASSERT_TRUE(pool.TrySubmit([&] {
    started.Notify();
    release.WaitForNotification();
  }));
  started.WaitForNotification();
  ASSERT_FALSE(pool.TrySubmit([] {}));
  for (int i = 0; i < 5; ++i) pool.Submit([&ran] { ran.fetch_add(1); });
  EXPECT_EQ(pool.queue_depth(), 5u);
  EXPECT_EQ(ran.load(), 0) << "queued, not run on the submitting thread";
  release.Notify();
  pool.Shutdown();
  EXPECT_EQ(ran.load(), 5);
}

TEST(WorkerPoolTest, SubmitAfterShutdownRunsOnTheCaller) {
  WorkerPool pool(1, 0);
  pool.Shutdown();
  bool ran = false;
  pool.Submit([&ran] { ran = true; });
  EXPECT_TRUE(ran);
}

}  // namespace
}  // namespace msp_gateway
