// Copyright 2026 The msp-gateway Authors.
//
// File: store_test_util.h
//
// What the store tests share (testonly): a field-by-field comparison's
// verdict, bytes that exercise every byte value, threads released at once,
// and a counter of append wakes.

#ifndef MSP_GATEWAY_SERVICE_STORE_STORE_TEST_UTIL_H_
#define MSP_GATEWAY_SERVICE_STORE_STORE_TEST_UTIL_H_

#include <cstddef>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

// `lhs = *expr` for an absl::StatusOr `expr` that must be OK (else the test
// fails and returns), e.g.
//   STORE_TEST_ASSERT_OK_AND_ASSIGN(std::optional<OrderState> state,
//                                   store->GetOrderState("o-1"));
#define STORE_TEST_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  STORE_TEST_ASSERT_OK_AND_ASSIGN_IMPL(            \
      STORE_TEST_CONCAT(status_or_, __LINE__), lhs, expr)
#define STORE_TEST_ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                         \
  ASSERT_TRUE(tmp.ok()) << #expr << ": " << tmp.status();    \
  lhs = std::move(*tmp)
#define STORE_TEST_CONCAT(a, b) STORE_TEST_CONCAT_INNER(a, b)
#define STORE_TEST_CONCAT_INNER(a, b) a##b

namespace msp_gateway {
namespace store_testing {

// Success when `differing_fields` is empty, else a failure naming them,
// with both values described.
::testing::AssertionResult FieldsEqual(
    const std::vector<std::string>& differing_fields, const std::string& actual,
    const std::string& expected);

// Every byte value, in an order that is not sorted, `size` bytes long.
std::string AllBytes(size_t size);

// Threads the concurrency tests run at once.
inline constexpr int kThreads = 16;

// Runs `body(i)` for i in [0, threads) on `threads` threads released at
// once, and joins them.
template <typename Body>
void RunAtOnce(int threads, Body body) {
  absl::Notification start;
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&start, &body, i] {
      start.WaitForNotification();
      body(i);
    });
  }
  start.Notify();
  for (std::thread& thread : pool) thread.join();
}

// Counts the wakes of an append subscription (order_event_store.h).
class WakeCounter {
 public:
  // The subscription's `wake`; the counter must outlive it.
  std::function<void()> Callback();
  int count();
  // True once more than `n` wakes happened; false after `timeout`.
  bool WaitForMoreThan(int n, absl::Duration timeout);

 private:
  absl::Mutex mu_;
  int count_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace store_testing
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_STORE_TEST_UTIL_H_
