// Copyright 2026 The msp-gateway Authors.
//
// File: tsan_annotations_test.cc
//
// Runs every scenario of absl_tsan_probe and grpc_tsan_probe in its own
// process. Under --config=tsan this is the check that
// absl_tsan_annotations.cc and grpc_tsan_annotations.cc still work with the
// libraries the binaries link: each correct use of an Abseil primitive, and
// each RPC, must run without a report (it fails if an annotation is missing,
// or if Debian's libraries stop going through the annotated functions), and
// each racy scenario must be reported (it fails if the annotations hide too
// much). In other builds the correct scenarios run without TSan and only
// have to finish correctly; the racy ones are skipped.

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/harness/process_harness.h"

namespace msp_gateway {
namespace {

using ::msp_gateway::harness::ProcessOptions;
using ::msp_gateway::harness::RunfilePath;
using ::msp_gateway::harness::RunResult;
using ::msp_gateway::harness::RunToCompletion;
using ::testing::HasSubstr;
using ::testing::Not;

#if defined(MSP_THREAD_SANITIZER)
constexpr bool kTsan = true;
#else
constexpr bool kTsan = false;
#endif

struct Scenario {
  std::string probe;  // absl_tsan_probe or grpc_tsan_probe.
  std::string name;
  std::string report;  // Racy: the report TSan must print.
};

void PrintTo(const Scenario& scenario, std::ostream* os) {
  *os << scenario.probe << " " << scenario.name;
}

std::string TestName(const ::testing::TestParamInfo<Scenario>& info) {
  return info.param.probe.substr(0, info.param.probe.find('_')) + "_" +
         info.param.name;
}

RunResult RunProbe(const Scenario& scenario) {
  ProcessOptions options;
  options.binary = RunfilePath("tools/sanitizers/" + scenario.probe);
  options.args = {scenario.name};
  absl::StatusOr<RunResult> result =
      RunToCompletion(options, absl::Seconds(120));
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : RunResult{-1, "", ""};
}

Scenario Absl(const std::string& name, const std::string& report = "") {
  return {"absl_tsan_probe", name, report};
}
Scenario Grpc(const std::string& name, const std::string& report = "") {
  return {"grpc_tsan_probe", name, report};
}

class CleanTest : public ::testing::TestWithParam<Scenario> {};

TEST_P(CleanTest, RunsWithoutReport) {
  const RunResult result = RunProbe(GetParam());
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_THAT(result.stderr_text, Not(HasSubstr("ThreadSanitizer")));
}

INSTANTIATE_TEST_SUITE_P(
    TsanAnnotations, CleanTest,
    ::testing::Values(
        Absl("mutex_lock"), Absl("try_lock"), Absl("reader_lock"),
        Absl("reader_try_lock"), Absl("mutex_destroy"), Absl("lock_when"),
        Absl("lock_when_with_timeout"), Absl("lock_when_with_deadline"),
        Absl("reader_lock_when"), Absl("reader_lock_when_with_timeout"),
        Absl("reader_lock_when_with_deadline"), Absl("await"),
        Absl("reader_await"), Absl("await_with_timeout"),
        Absl("await_with_deadline"), Absl("condvar_wait"),
        Absl("reader_condvar_wait"), Absl("condvar_wait_with_timeout"),
        Absl("condvar_wait_with_deadline"), Absl("wait_for_notification"),
        Absl("wait_for_notification_with_timeout"),
        Absl("wait_for_notification_with_deadline"), Absl("has_been_notified"),
        Absl("blocking_counter"), Grpc("callback_rpc"), Grpc("blocking_rpc")),
    TestName);

class RacyTest : public ::testing::TestWithParam<Scenario> {};

TEST_P(RacyTest, IsReported) {
  if (!kTsan) GTEST_SKIP() << "not a --config=tsan build";
  const RunResult result = RunProbe(GetParam());
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.stderr_text,
              HasSubstr("WARNING: ThreadSanitizer: " + GetParam().report));
}

INSTANTIATE_TEST_SUITE_P(
    TsanAnnotations, RacyTest,
    ::testing::Values(Absl("unguarded", "data race"),
                      Absl("different_mutexes", "data race"),
                      Absl("write_after_unlock", "data race"),
                      Absl("write_after_notify", "data race"),
                      Grpc("write_while_in_flight", "data race")),
    TestName);

}  // namespace
}  // namespace msp_gateway
