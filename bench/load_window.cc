// Copyright 2026 The msp-gateway Authors.

#include "bench/load_window.h"

namespace msp_gateway {
namespace bench {

double WindowSummary::PerSecond(size_t count) const {
  const double seconds = absl::ToDoubleSeconds(window);
  return seconds > 0 ? count / seconds : 0;
}

WindowSummary SummarizeWindow(const std::vector<CallSample>& samples,
                              int64_t start_ns, int64_t end_ns,
                              const std::function<bool(int)>& is_ok) {
  WindowSummary summary;
  summary.window = absl::Nanoseconds(end_ns > start_ns ? end_ns - start_ns : 0);
  std::vector<int64_t> all;
  std::vector<int64_t> ok;
  for (const CallSample& sample : samples) {
    if (sample.end_ns < start_ns || sample.end_ns >= end_ns) continue;
    ++summary.by_code[sample.code];
    all.push_back(sample.latency_ns);
    if (is_ok(sample.code)) ok.push_back(sample.latency_ns);
  }
  summary.calls = all.size();
  summary.ok = ok.size();
  summary.latency_all = SummarizeLatencies(all);
  summary.latency_ok = SummarizeLatencies(ok);
  return summary;
}

double CpuMicrosPerCall(uint64_t ticks, int64_t ticks_per_second,
                        size_t calls) {
  if (calls == 0 || ticks_per_second <= 0) return 0;
  return static_cast<double>(ticks) * 1e6 / ticks_per_second / calls;
}

}  // namespace bench
}  // namespace msp_gateway
