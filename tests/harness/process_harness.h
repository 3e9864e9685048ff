// Copyright 2026 The msp-gateway Authors.
//
// File: process_harness.h
//
// Runs the project's binaries (server, emulator, examples) as real child
// processes from tests: spawn with arguments and environment, wait until the
// child has written its bound port to a --port_file, stop it with SIGTERM
// (SIGKILL after a grace period) when done. Binaries come from runfiles: list
// them as `data` of the test and pass their workspace-relative path to
// RunfilePath().
//
// Example:
//
//   ProcessOptions options;
//   options.binary = RunfilePath("emulator/msp_emulator");
//   options.args = {"--host=127.0.0.1", "--port=0"};
//   absl::StatusOr<std::unique_ptr<ChildProcess>> emulator =
//       ChildProcess::StartWithPortFile(options);
//   ASSERT_TRUE(emulator.ok()) << emulator.status();
//   ... (*emulator)->port() ...
//   // ~ChildProcess stops it.

#ifndef MSP_GATEWAY_TESTS_HARNESS_PROCESS_HARNESS_H_
#define MSP_GATEWAY_TESTS_HARNESS_PROCESS_HARNESS_H_

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace msp_gateway {
namespace harness {

// The path of a runfile given its workspace-relative path (e.g.
// "service/server/msp_gateway_server"): under $TEST_SRCDIR/<workspace> when
// running under `bazel test`, else under $RUNFILES_DIR, else relative to the
// current directory.
std::string RunfilePath(absl::string_view workspace_relative_path);

// A new empty directory under $TEST_TMPDIR (or /tmp).
absl::StatusOr<std::string> MakeTempDir(absl::string_view prefix);

// How to run a child process.
struct ProcessOptions {
  // Path of the executable.
  std::string binary;
  // Arguments after argv[0].
  std::vector<std::string> args;
  // Added to (or replacing in) the test's own environment.
  std::vector<std::pair<std::string, std::string>> env;
  // StartWithPortFile(): how long the child may take to write its port.
  absl::Duration startup_timeout = absl::Seconds(30);
  // Stop(): how long the child may take to exit after SIGTERM before it is
  // killed.
  absl::Duration stop_timeout = absl::Seconds(10);
};

// The result of RunToCompletion().
struct RunResult {
  int exit_code = 0;  // 128 + signal number when a signal ended it.
  std::string stdout_text;
  std::string stderr_text;
};

// ChildProcess
//
// A running child. Its stdout and stderr are the test's (they show in the
// test log). Not thread-safe.
class ChildProcess {
 public:
  // ChildProcess::Start()
  //
  // Spawns the child and returns at once. NotFound if `binary` is not an
  // executable file.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(
      const ProcessOptions& options);

  // ChildProcess::StartWithPortFile()
  //
  // Appends `--port_file=<fresh path>` to the arguments, spawns the child and
  // waits until the file holds a port followed by "\n". DeadlineExceeded
  // (child killed) after options.startup_timeout; FailedPrecondition if the
  // child exits first.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> StartWithPortFile(
      ProcessOptions options);

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Stop()s the child if it still runs.
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // The port from the port file; 0 when started with Start().
  int port() const { return port_; }

  // ChildProcess::Stop()
  //
  // SIGTERM, then SIGKILL if the child has not exited after stop_timeout.
  // Returns the exit code, or 128 + signal number when a signal ended it.
  // Later calls return the same value.
  absl::StatusOr<int> Stop();

  // ChildProcess::Kill()
  //
  // SIGKILL at once (a crash, as far as clients can tell), then reap.
  absl::StatusOr<int> Kill();

  // ChildProcess::Wait()
  //
  // Waits up to `timeout` for the child to exit on its own; its exit code as
  // in Stop(), or DeadlineExceeded (the child keeps running).
  absl::StatusOr<int> Wait(absl::Duration timeout);

  // True until the child has exited (and been reaped).
  bool Running();

 private:
  friend absl::StatusOr<RunResult> RunToCompletion(
      const ProcessOptions& options, absl::Duration timeout);

  ChildProcess(pid_t pid, absl::Duration stop_timeout)
      : pid_(pid), stop_timeout_(stop_timeout) {}

  // Reaps the child if it has exited; true if it has.
  bool Reap();
  absl::StatusOr<int> WaitUntil(absl::Time deadline);

  pid_t pid_;
  absl::Duration stop_timeout_;
  int port_ = 0;
  std::optional<int> exit_code_;
};

// Runs a short-lived program (e.g. an example) to its end and captures its
// output. DeadlineExceeded (child killed) if it takes longer than `timeout`.
absl::StatusOr<RunResult> RunToCompletion(const ProcessOptions& options,
                                          absl::Duration timeout);

}  // namespace harness
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_TESTS_HARNESS_PROCESS_HARNESS_H_
