// Copyright 2026 The msp-gateway Authors.

#include "bench/load_window.h"

#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace bench {
namespace {

bool IsZero(int code) { return code == 0; }

TEST(SummarizeWindowTest, KeepsOnlyCallsThatFinishInsideTheWindow) {
  const std::vector<CallSample> samples = {
      {/*end_ns=*/999, /*latency_ns=*/5000, /*code=*/0},  // warm-up
      {1000, 100, 0},                                     // first instant
      {1500, 300, 8},
      {1999, 200, 0},  // last instant
      {2000, 7, 0},    // after the window
  };
  const WindowSummary summary =
      SummarizeWindow(samples, /*start_ns=*/1000, /*end_ns=*/2000, IsZero);
  EXPECT_EQ(summary.window, absl::Nanoseconds(1000));
  EXPECT_EQ(summary.calls, 3u);
  EXPECT_EQ(summary.ok, 2u);
  EXPECT_EQ(summary.by_code.at(0), 2u);
  EXPECT_EQ(summary.by_code.at(8), 1u);
  EXPECT_EQ(summary.by_code.size(), 2u);
  EXPECT_EQ(summary.latency_all.p50, absl::Nanoseconds(200));
  EXPECT_EQ(summary.latency_all.max, absl::Nanoseconds(300));
  EXPECT_EQ(summary.latency_ok.count, 2u);
  EXPECT_EQ(summary.latency_ok.max, absl::Nanoseconds(200));
}

TEST(SummarizeWindowTest, RatesPerSecondOfTheWindow) {
  std::vector<CallSample> samples;
  for (int i = 0; i < 500; ++i) samples.push_back({i * 1'000'000, 1, 0});
  // [0, 2 s): all 500 calls in 2 s.
  const WindowSummary summary =
      SummarizeWindow(samples, 0, 2'000'000'000, IsZero);
  EXPECT_DOUBLE_EQ(summary.PerSecond(summary.calls), 250.0);
  EXPECT_DOUBLE_EQ(summary.PerSecond(summary.ok), 250.0);
}

TEST(SummarizeWindowTest, EmptyWindow) {
  const WindowSummary summary = SummarizeWindow({{5, 1, 0}}, 10, 10, IsZero);
  EXPECT_EQ(summary.calls, 0u);
  EXPECT_EQ(summary.latency_all.count, 0u);
  EXPECT_DOUBLE_EQ(summary.PerSecond(1), 0.0);
}

TEST(CpuMicrosPerCallTest, TicksOverCalls) {
  // 25 ticks at 100 Hz = 250 ms over 1,000 calls = 250 µs each.
  EXPECT_DOUBLE_EQ(CpuMicrosPerCall(25, 100, 1000), 250.0);
  EXPECT_DOUBLE_EQ(CpuMicrosPerCall(25, 100, 0), 0.0);
  EXPECT_DOUBLE_EQ(CpuMicrosPerCall(25, 0, 10), 0.0);
}

}  // namespace
}  // namespace bench
}  // namespace msp_gateway
