// Copyright 2026 The msp-gateway Authors.

#include "service/store/store_test_util.h"

#include <cstdint>

namespace msp_gateway {
namespace store_testing {

::testing::AssertionResult FieldsEqual(
    const std::vector<std::string>& differing_fields,
    const std::string& actual, const std::string& expected) {
  if (differing_fields.empty()) return ::testing::AssertionSuccess();
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  failure << "fields differ:";
  for (const std::string& field : differing_fields) failure << " " << field;
  failure << "\n  actual:   " << actual << "\n  expected: " << expected;
  return failure;
}

std::string AllBytes(size_t size) {
  std::string bytes(size, '\0');
  uint32_t x = 2463534242u;  // xorshift32
  for (size_t i = 0; i < size; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    bytes[i] = static_cast<char>(i < 256 ? i : x & 0xff);
  }
  return bytes;
}

std::function<void()> WakeCounter::Callback() {
  return [this] {
    absl::MutexLock lock(&mu_);
    ++count_;
  };
}

int WakeCounter::count() {
  absl::MutexLock lock(&mu_);
  return count_;
}

bool WakeCounter::WaitForMoreThan(int n, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto more = [this, n]()
                  ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return count_ > n; };
  return mu_.AwaitWithTimeout(absl::Condition(&more), timeout);
}

}  // namespace store_testing
}  // namespace msp_gateway
