// Copyright 2026 The msp-gateway Authors.

#include "bench/load_stats.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace msp_gateway {
namespace bench {
namespace {

int64_t NearestRank(const std::vector<int64_t>& sorted, double percent) {
  const size_t n = sorted.size();
  size_t rank = static_cast<size_t>(std::ceil(percent / 100.0 * n));
  rank = std::max<size_t>(rank, 1);
  return sorted[std::min(rank, n) - 1];
}

// "0100007F:1F90" -> 8080.
std::optional<int> PortOf(absl::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos) return std::nullopt;
  int port = 0;
  if (!absl::SimpleHexAtoi(address.substr(colon + 1), &port)) {
    return std::nullopt;
  }
  return port;
}

}  // namespace

LatencySummary SummarizeLatencies(std::vector<int64_t>& nanos) {
  LatencySummary summary;
  summary.count = nanos.size();
  if (nanos.empty()) return summary;
  std::sort(nanos.begin(), nanos.end());
  // Sum in long double: 1e6 samples of seconds fit without overflow.
  long double sum = 0;
  for (int64_t value : nanos) sum += value;
  summary.mean = absl::Nanoseconds(static_cast<int64_t>(sum / nanos.size()));
  summary.p50 = absl::Nanoseconds(NearestRank(nanos, 50));
  summary.p90 = absl::Nanoseconds(NearestRank(nanos, 90));
  summary.p99 = absl::Nanoseconds(NearestRank(nanos, 99));
  summary.max = absl::Nanoseconds(nanos.back());
  return summary;
}

TcpConnectionsToPort ConnectionsToPort(absl::string_view proc_net_tcp,
                                       int server_port) {
  TcpConnectionsToPort result;
  // Client port -> established (seen from either end).
  std::map<int, bool> connections;
  for (absl::string_view line : absl::StrSplit(proc_net_tcp, '\n')) {
    // "  sl  local_address rem_address   st tx_queue ..."
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, ' ', absl::SkipWhitespace());
    if (fields.size() < 4 || !absl::EndsWith(fields[0], ":")) continue;
    const std::optional<int> local = PortOf(fields[1]);
    const std::optional<int> remote = PortOf(fields[2]);
    int state = 0;
    if (!local || !remote || !absl::SimpleHexAtoi(fields[3], &state)) continue;
    if (state == kTcpListen) continue;
    int client_port = 0;
    if (*remote == server_port) {
      client_port = *local;
    } else if (*local == server_port) {
      client_port = *remote;
    } else {
      continue;
    }
    connections[client_port] |= state == kTcpEstablished;
  }
  for (const auto& [port, established] : connections) {
    result.client_ports.insert(port);
    if (established) ++result.established;
  }
  return result;
}

std::optional<int64_t> StatusFieldKb(absl::string_view proc_status,
                                     absl::string_view field) {
  for (absl::string_view line : absl::StrSplit(proc_status, '\n')) {
    // "VmRSS:\t   12345 kB"
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos || line.substr(0, colon) != field) {
      continue;
    }
    absl::string_view value =
        absl::StripAsciiWhitespace(line.substr(colon + 1));
    if (absl::EndsWith(value, "kB")) {
      value = absl::StripAsciiWhitespace(value.substr(0, value.size() - 2));
    }
    int64_t kb = 0;
    if (!absl::SimpleAtoi(value, &kb)) return std::nullopt;
    return kb;
  }
  return std::nullopt;
}

std::optional<MachineCpuTicks> MachineCpu(absl::string_view proc_stat) {
  for (absl::string_view line : absl::StrSplit(proc_stat, '\n')) {
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, ' ', absl::SkipWhitespace());
    if (fields.empty() || fields[0] != "cpu") continue;
    // cpu user nice system idle iowait irq softirq steal [guest guest_nice]
    // (guest time is already included in user).
    if (fields.size() < 9) return std::nullopt;
    uint64_t values[8];
    for (int i = 0; i < 8; ++i) {
      if (!absl::SimpleAtoi(fields[i + 1], &values[i])) return std::nullopt;
    }
    MachineCpuTicks ticks;
    ticks.busy =
        values[0] + values[1] + values[2] + values[5] + values[6] + values[7];
    ticks.total = ticks.busy + values[3] + values[4];
    return ticks;
  }
  return std::nullopt;
}

std::optional<uint64_t> ProcessCpuTicks(absl::string_view proc_pid_stat) {
  const size_t paren = proc_pid_stat.rfind(')');
  if (paren == absl::string_view::npos) return std::nullopt;
  // After "pid (comm)": state is field 3, utime 14 and stime 15 (man 5 proc).
  std::vector<absl::string_view> fields = absl::StrSplit(
      proc_pid_stat.substr(paren + 1), ' ', absl::SkipWhitespace());
  constexpr size_t kUtime = 14 - 3;
  constexpr size_t kStime = 15 - 3;
  if (fields.size() <= kStime) return std::nullopt;
  uint64_t utime = 0;
  uint64_t stime = 0;
  if (!absl::SimpleAtoi(fields[kUtime], &utime) ||
      !absl::SimpleAtoi(fields[kStime], &stime)) {
    return std::nullopt;
  }
  return utime + stime;
}

}  // namespace bench
}  // namespace msp_gateway
