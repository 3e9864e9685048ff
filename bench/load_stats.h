// Copyright 2026 The msp-gateway Authors.
//
// File: load_stats.h
//
// The arithmetic of the load generator (e2e_load.cc), kept pure so it can be
// tested: latency percentiles, the loopback TCP connections to a port as
// Linux lists them in /proc/<pid>/net/tcp, and memory figures from
// /proc/<pid>/status.

#ifndef MSP_GATEWAY_BENCH_LOAD_STATS_H_
#define MSP_GATEWAY_BENCH_LOAD_STATS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace msp_gateway {
namespace bench {

struct LatencySummary {
  size_t count = 0;
  absl::Duration mean;
  absl::Duration p50;
  absl::Duration p90;
  absl::Duration p99;
  absl::Duration max;
};

// SummarizeLatencies()
//
// Nearest-rank percentiles (the smallest sample with at least p % of the
// samples at or below it) of `nanos`, which is sorted in place. All zero for
// no samples.
LatencySummary SummarizeLatencies(std::vector<int64_t>& nanos);

// TCP states as /proc/net/tcp numbers them.
inline constexpr int kTcpEstablished = 0x01;
inline constexpr int kTcpListen = 0x0A;

struct TcpConnectionsToPort {
  // The client-side port of every connection to the server port that is in
  // the table, in any state but LISTEN. A connection keeps its entry for the
  // 60 s of TIME_WAIT after it closes, so sampling the table more often than
  // that sees (almost) every connection ever made.
  std::set<int> client_ports;
  // Of those, the ones ESTABLISHED right now.
  size_t established = 0;
};

// ConnectionsToPort()
//
// Reads the text of /proc/<pid>/net/tcp (IPv4) and finds the connections
// whose local or remote port is `server_port`. A connection between two
// sockets of the same network namespace appears twice (once per end); it is
// counted once. Lines that do not parse are skipped.
TcpConnectionsToPort ConnectionsToPort(absl::string_view proc_net_tcp,
                                       int server_port);

// StatusFieldKb()
//
// The value in kB of a field such as "VmRSS" or "VmHWM" in the text of
// /proc/<pid>/status; nullopt when absent.
std::optional<int64_t> StatusFieldKb(absl::string_view proc_status,
                                     absl::string_view field);

// Jiffies (clock ticks) of the whole machine, from the "cpu" line of
// /proc/stat.
struct MachineCpuTicks {
  uint64_t busy = 0;   // user, nice, system, irq, softirq, steal
  uint64_t total = 0;  // busy plus idle and iowait
};

// MachineCpu()
//
// Reads the aggregate "cpu" line of the text of /proc/stat; nullopt when it
// is missing or malformed.
std::optional<MachineCpuTicks> MachineCpu(absl::string_view proc_stat);

// ProcessCpuTicks()
//
// utime + stime (clock ticks, all threads) from the text of
// /proc/<pid>/stat; nullopt when malformed. The command name may contain
// spaces and parentheses, so fields are counted after its last ')'.
std::optional<uint64_t> ProcessCpuTicks(absl::string_view proc_pid_stat);

}  // namespace bench
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_BENCH_LOAD_STATS_H_
