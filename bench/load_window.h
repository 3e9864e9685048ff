// Copyright 2026 The msp-gateway Authors.
//
// File: load_window.h
//
// The calls of one measured window of the side-by-side load generator
// (grpc_load.cc): which finished calls fall inside the window, their rate
// by answer, their latency percentiles, and a process's CPU time per call.
// Pure, so it can be tested; the generator records, this summarises.

#ifndef MSP_GATEWAY_BENCH_LOAD_WINDOW_H_
#define MSP_GATEWAY_BENCH_LOAD_WINDOW_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "absl/time/time.h"
#include "bench/load_stats.h"

namespace msp_gateway {
namespace bench {

// One finished call as the load generator saw it.
struct CallSample {
  int64_t end_ns = 0;      // when it finished, on the generator's clock
  int64_t latency_ns = 0;  // from start to finish
  int code = 0;            // gRPC status code, or HTTP status (0: no answer)
};

struct WindowSummary {
  absl::Duration window;
  size_t calls = 0;  // calls that finished inside the window
  size_t ok = 0;     // of those, the ones `is_ok` accepted
  std::map<int, size_t> by_code;
  LatencySummary latency_all;
  LatencySummary latency_ok;

  // `count` calls per second of the window; 0 for an empty window.
  double PerSecond(size_t count) const;
};

// SummarizeWindow()
//
// The calls of `samples` that finished in [start_ns, end_ns): counted by
// code, with nearest-rank latency percentiles of all of them and of those
// whose code `is_ok` accepts. Calls that finished during the warm-up or
// after the window are left out, so a call that straddles the start counts
// once, at its end, and the rate is that of a steady state.
WindowSummary SummarizeWindow(const std::vector<CallSample>& samples,
                              int64_t start_ns, int64_t end_ns,
                              const std::function<bool(int)>& is_ok);

// CpuMicrosPerCall()
//
// `ticks` of CPU time (utime + stime, at `ticks_per_second`, i.e.
// sysconf(_SC_CLK_TCK)) per call, in µs; 0 when there were no calls.
double CpuMicrosPerCall(uint64_t ticks, int64_t ticks_per_second, size_t calls);

}  // namespace bench
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_BENCH_LOAD_WINDOW_H_
