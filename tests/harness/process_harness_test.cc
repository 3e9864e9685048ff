// Copyright 2026 The msp-gateway Authors.

#include "tests/harness/process_harness.h"

#include <signal.h>
#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace harness {
namespace {

using ::testing::HasSubstr;

ProcessOptions PortWriter(const std::string& mode = "") {
  ProcessOptions options;
  options.binary = RunfilePath("tests/harness/testdata/port_writer.sh");
  options.env = {{"FAKE_PORT", "4242"}, {"MODE", mode}};
  options.startup_timeout = absl::Seconds(10);
  options.stop_timeout = absl::Seconds(5);
  return options;
}

bool Alive(pid_t pid) { return kill(pid, 0) == 0; }

TEST(ProcessHarnessTest, RunfilePathFindsData) {
  EXPECT_EQ(access(RunfilePath("tests/harness/testdata/port_writer.sh").c_str(),
                   X_OK),
            0);
}

TEST(ProcessHarnessTest, StartWithPortFileReadsThePortAndStopUsesSigterm) {
  auto child = ChildProcess::StartWithPortFile(PortWriter());
  ASSERT_TRUE(child.ok()) << child.status();
  EXPECT_EQ((*child)->port(), 4242);
  EXPECT_TRUE((*child)->Running());

  const absl::StatusOr<int> code = (*child)->Stop();

  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0);  // The script's TERM trap exits 0.
  EXPECT_FALSE((*child)->Running());
  EXPECT_EQ(*(*child)->Stop(), 0);  // Idempotent.
}

TEST(ProcessHarnessTest, EnvironmentReachesTheChild) {
  ProcessOptions options = PortWriter();
  options.env = {{"FAKE_PORT", "31337"}};
  auto child = ChildProcess::StartWithPortFile(options);
  ASSERT_TRUE(child.ok()) << child.status();
  EXPECT_EQ((*child)->port(), 31337);
}

TEST(ProcessHarnessTest, DestructorStopsTheChild) {
  pid_t pid = 0;
  {
    auto child = ChildProcess::StartWithPortFile(PortWriter());
    ASSERT_TRUE(child.ok()) << child.status();
    pid = (*child)->pid();
    EXPECT_TRUE(Alive(pid));
  }
  EXPECT_FALSE(Alive(pid));
}

TEST(ProcessHarnessTest, ChildExitingBeforeThePortIsReported) {
  const auto child = ChildProcess::StartWithPortFile(PortWriter("exit"));
  EXPECT_EQ(child.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(child.status().message()),
              HasSubstr("exited with 3"));
}

TEST(ProcessHarnessTest, NoPortFileTimesOutAndKills) {
  ProcessOptions options = PortWriter("silent");
  options.startup_timeout = absl::Milliseconds(300);
  const absl::Time start = absl::Now();

  const auto child = ChildProcess::StartWithPortFile(options);

  EXPECT_EQ(child.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST(ProcessHarnessTest, SigkillWhenSigtermIsIgnored) {
  ProcessOptions options = PortWriter("ignore_term");
  options.stop_timeout = absl::Milliseconds(300);
  auto child = ChildProcess::StartWithPortFile(options);
  ASSERT_TRUE(child.ok()) << child.status();

  const absl::StatusOr<int> code = (*child)->Stop();

  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 128 + SIGKILL);
}

TEST(ProcessHarnessTest, KillIsImmediate) {
  auto child = ChildProcess::StartWithPortFile(PortWriter());
  ASSERT_TRUE(child.ok()) << child.status();
  EXPECT_EQ(*(*child)->Kill(), 128 + SIGKILL);
}

TEST(ProcessHarnessTest, MissingBinaryIsNotFound) {
  ProcessOptions options;
  options.binary = RunfilePath("service/no_such_binary");
  EXPECT_EQ(ChildProcess::Start(options).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(RunToCompletionTest, CapturesOutputAndExitCode) {
  ProcessOptions options;
  options.binary = "/bin/sh";
  options.args = {"-c", "echo out; echo \"err $GREETING\" >&2; exit 5"};
  options.env = {{"GREETING", "hello"}};

  const absl::StatusOr<RunResult> result =
      RunToCompletion(options, absl::Seconds(10));

  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 5);
  EXPECT_EQ(result->stdout_text, "out\n");
  EXPECT_EQ(result->stderr_text, "err hello\n");
}

TEST(RunToCompletionTest, TimesOut) {
  ProcessOptions options;
  options.binary = "/bin/sh";
  options.args = {"-c", "sleep 10"};

  const absl::Time start = absl::Now();
  EXPECT_EQ(RunToCompletion(options, absl::Milliseconds(200)).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

}  // namespace
}  // namespace harness
}  // namespace msp_gateway
