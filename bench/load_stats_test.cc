// Copyright 2026 The msp-gateway Authors.

#include "bench/load_stats.h"

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "gtest/gtest.h"

namespace msp_gateway {
namespace bench {
namespace {

TEST(SummarizeLatenciesTest, NearestRankPercentiles) {
  std::vector<int64_t> nanos;
  for (int64_t i = 100; i >= 1; --i) nanos.push_back(i * 1000);  // unsorted
  const LatencySummary summary = SummarizeLatencies(nanos);
  EXPECT_EQ(summary.count, 100u);
  EXPECT_EQ(summary.p50, absl::Microseconds(50));
  EXPECT_EQ(summary.p90, absl::Microseconds(90));
  EXPECT_EQ(summary.p99, absl::Microseconds(99));
  EXPECT_EQ(summary.max, absl::Microseconds(100));
  EXPECT_EQ(summary.mean, absl::Nanoseconds(50500));
}

TEST(SummarizeLatenciesTest, FewSamplesAndNone) {
  std::vector<int64_t> one = {7};
  const LatencySummary single = SummarizeLatencies(one);
  EXPECT_EQ(single.p50, absl::Nanoseconds(7));
  EXPECT_EQ(single.p99, absl::Nanoseconds(7));

  std::vector<int64_t> three = {30, 10, 20};
  const LatencySummary small = SummarizeLatencies(three);
  EXPECT_EQ(small.p50, absl::Nanoseconds(20));
  EXPECT_EQ(small.p90, absl::Nanoseconds(30));

  std::vector<int64_t> none;
  const LatencySummary empty = SummarizeLatencies(none);
  EXPECT_EQ(empty.count, 0u);
  EXPECT_EQ(empty.max, absl::ZeroDuration());
}

// Server on 127.0.0.1:8080 (0x1F90). Client ports 0xA000 (40960), 0xA001
// (40961) and 0xA002 (40962).
constexpr char kTable[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
    "retrnsmt   uid  timeout inode\n"
    // The listening socket.
    "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 1 1 0000000000000000 100 0 0 10 0\n"
    // 40960: both ends in this namespace, established.
    "   1: 0100007F:A000 0100007F:1F90 01 00000000:00000000 00:00000000 "
    "00000000     0        0 2 1 0000000000000000 20 4 30 10 -1\n"
    "   2: 0100007F:1F90 0100007F:A000 01 00000000:00000000 00:00000000 "
    "00000000     0        0 3 1 0000000000000000 20 4 30 10 -1\n"
    // 40961: closed by the client, TIME_WAIT on its side only.
    "   3: 0100007F:A001 0100007F:1F90 06 00000000:00000000 03:00001000 "
    "00000000     0        0 0 3 0000000000000000\n"
    // 40962: closed by the server, TIME_WAIT on the server's side.
    "   4: 0100007F:1F90 0100007F:A002 06 00000000:00000000 03:00001000 "
    "00000000     0        0 0 3 0000000000000000\n"
    // Another server's connection.
    "   5: 0100007F:B000 0100007F:1F91 01 00000000:00000000 00:00000000 "
    "00000000     0        0 4 1 0000000000000000 20 4 30 10 -1\n"
    "garbage line\n";

TEST(ConnectionsToPortTest, CountsEachConnectionOnceInAnyState) {
  const TcpConnectionsToPort connections = ConnectionsToPort(kTable, 8080);
  EXPECT_EQ(connections.client_ports, (std::set<int>{40960, 40961, 40962}));
  EXPECT_EQ(connections.established, 1u);
}

TEST(ConnectionsToPortTest, OtherPortAndEmptyTable) {
  const TcpConnectionsToPort other = ConnectionsToPort(kTable, 8081);
  EXPECT_EQ(other.client_ports, (std::set<int>{45056}));
  EXPECT_EQ(ConnectionsToPort("", 8080).client_ports.size(), 0u);
}

TEST(StatusFieldKbTest, ReadsFieldsInKb) {
  constexpr char kStatus[] =
      "Name:\te2e_load\n"
      "VmHWM:\t  204800 kB\n"
      "VmRSS:\t   51234 kB\n"
      "Threads:\t42\n";
  EXPECT_EQ(StatusFieldKb(kStatus, "VmRSS"), 51234);
  EXPECT_EQ(StatusFieldKb(kStatus, "VmHWM"), 204800);
  EXPECT_EQ(StatusFieldKb(kStatus, "Threads"), 42);
  EXPECT_EQ(StatusFieldKb(kStatus, "VmSwap"), std::nullopt);
  EXPECT_EQ(StatusFieldKb(kStatus, "Vm"), std::nullopt);
}

TEST(MachineCpuTest, SumsBusyAndIdleFields) {
  constexpr char kStat[] =
      "cpu  100 5 50 1000 20 3 2 10 7 0\n"
      "cpu0 50 2 25 500 10 1 1 5 3 0\n"
      "intr 12345\n";
  const std::optional<MachineCpuTicks> cpu = MachineCpu(kStat);
  ASSERT_TRUE(cpu.has_value());
  EXPECT_EQ(cpu->busy, 100u + 5 + 50 + 3 + 2 + 10);
  EXPECT_EQ(cpu->total, cpu->busy + 1000 + 20);
  EXPECT_EQ(MachineCpu("cpu 1 2 3\n"), std::nullopt);
  EXPECT_EQ(MachineCpu("intr 1\n"), std::nullopt);
}

TEST(ProcessCpuTicksTest, CountsFieldsAfterTheCommandName) {
  // The command name holds a space and a ')'.
  constexpr char kStat[] =
      "4242 (e2e (load) x) S 1 4242 4242 0 -1 4194304 500 0 0 0 "
      "1234 567 0 0 20 0 40 0 100 1000000 2000";
  EXPECT_EQ(ProcessCpuTicks(kStat), 1234u + 567u);
  EXPECT_EQ(ProcessCpuTicks("4242 (short) S 1 2"), std::nullopt);
  EXPECT_EQ(ProcessCpuTicks("no parenthesis"), std::nullopt);
}

}  // namespace
}  // namespace bench
}  // namespace msp_gateway
