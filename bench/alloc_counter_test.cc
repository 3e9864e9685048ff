// Copyright 2026 The msp-gateway Authors.

#include "bench/alloc_counter.h"

#include <memory>
#include <new>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace msp_gateway {
namespace bench {
namespace {

// Keeps the compiler from eliding a new/delete pair (allowed since C++14).
template <typename T>
void Escape(T* pointer) {
  asm volatile("" : : "g"(pointer) : "memory");
}

TEST(AllocCounterTest, CountsPlainNew) {
  const AllocStats before = CurrentAllocStats();
  auto* value = new int64_t(7);
  Escape(value);
  const AllocStats used = CurrentAllocStats() - before;
  delete value;
  EXPECT_EQ(used.count, 1u);
  EXPECT_EQ(used.bytes, sizeof(int64_t));
}

TEST(AllocCounterTest, CountsArrayNothrowAndAlignedForms) {
  struct alignas(64) Wide {
    char bytes[64];
  };
  const AllocStats before = CurrentAllocStats();
  auto* array = new char[300];
  Escape(array);
  auto* nothrow = new (std::nothrow) int32_t(1);
  Escape(nothrow);
  auto* aligned = new Wide;
  Escape(aligned);
  const AllocStats used = CurrentAllocStats() - before;
  EXPECT_EQ(reinterpret_cast<uintptr_t>(aligned) % 64, 0u);
  delete[] array;
  delete nothrow;
  delete aligned;
  EXPECT_EQ(used.count, 3u);
  EXPECT_EQ(used.bytes, 300u + sizeof(int32_t) + sizeof(Wide));
}

TEST(AllocCounterTest, CountsStandardContainers) {
  const AllocStats before = CurrentAllocStats();
  {
    std::string text(100, 'x');  // beyond the small-string buffer
    Escape(&text);
    std::vector<int> numbers;
    numbers.reserve(10);
    Escape(&numbers);
  }
  const AllocStats used = CurrentAllocStats() - before;
  EXPECT_EQ(used.count, 2u);
  EXPECT_EQ(used.bytes, 101u + 10 * sizeof(int));
}

TEST(AllocCounterTest, NothingCountedWithoutAllocation) {
  const AllocStats before = CurrentAllocStats();
  int64_t sum = 0;
  for (int i = 0; i < 1000; ++i) sum += i;
  Escape(&sum);
  EXPECT_EQ((CurrentAllocStats() - before).count, 0u);
}

}  // namespace
}  // namespace bench
}  // namespace msp_gateway
