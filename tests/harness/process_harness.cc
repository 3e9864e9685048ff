// Copyright 2026 The msp-gateway Authors.

#include "tests/harness/process_harness.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

extern char** environ;

namespace msp_gateway {
namespace harness {
namespace {

// How often waits poll the child and the port file.
constexpr absl::Duration kPollInterval = absl::Milliseconds(10);

std::string GetEnv(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

bool FileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

int ExitCodeOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

// The child's environment: ours, with `overrides` added or replacing.
std::vector<std::string> ChildEnvironment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::vector<std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const absl::string_view kv(*entry);
    const absl::string_view key = kv.substr(0, kv.find('='));
    bool overridden = false;
    for (const auto& [name, value] : overrides) {
      if (name == key) overridden = true;
    }
    if (!overridden) env.emplace_back(kv);
  }
  for (const auto& [name, value] : overrides) {
    env.push_back(absl::StrCat(name, "=", value));
  }
  return env;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// posix_spawn (no fork handlers run in this multi-threaded gRPC process),
// with default signal handling and an empty signal mask in the child so
// SIGTERM works whatever the spawning thread blocks. Output goes to the given
// files, or to ours when empty.
absl::StatusOr<pid_t> Spawn(const ProcessOptions& options,
                            const std::string& stdout_path = "",
                            const std::string& stderr_path = "") {
  if (access(options.binary.c_str(), X_OK) != 0) {
    return absl::NotFoundError(
        absl::StrCat("not an executable: \"", options.binary, "\" (",
                     std::strerror(errno), "); is it in the test's data?"));
  }
  std::vector<std::string> argv_strings = {options.binary};
  argv_strings.insert(argv_strings.end(), options.args.begin(),
                      options.args.end());
  std::vector<std::string> env_strings = ChildEnvironment(options.env);
  std::vector<char*> argv = CStrings(argv_strings);
  std::vector<char*> envp = CStrings(env_strings);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attr, &empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!stdout_path.empty()) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO,
                                     stdout_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  if (!stderr_path.empty()) {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO,
                                     stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }

  pid_t pid = 0;
  const int err = posix_spawn(&pid, options.binary.c_str(), &actions, &attr,
                              argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (err != 0) {
    return absl::InternalError(absl::StrCat("cannot start \"", options.binary,
                                            "\": ", std::strerror(err)));
  }
  return pid;
}

}  // namespace

std::string RunfilePath(absl::string_view workspace_relative_path) {
  const std::string relative(workspace_relative_path);
  std::string workspace = GetEnv("TEST_WORKSPACE");
  if (workspace.empty()) workspace = "msp_gateway";
  for (const char* root_var : {"TEST_SRCDIR", "RUNFILES_DIR"}) {
    const std::string root = GetEnv(root_var);
    if (root.empty()) continue;
    const std::string path = absl::StrCat(root, "/", workspace, "/", relative);
    if (FileExists(path)) return path;
  }
  return relative;
}

absl::StatusOr<std::string> MakeTempDir(absl::string_view prefix) {
  std::string base = GetEnv("TEST_TMPDIR");
  if (base.empty()) base = "/tmp";
  std::string path = absl::StrCat(base, "/", prefix, "XXXXXX");
  if (mkdtemp(path.data()) == nullptr) {
    return absl::InternalError(
        absl::StrCat("mkdtemp in ", base, ": ", std::strerror(errno)));
  }
  return path;
}

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Start(
    const ProcessOptions& options) {
  absl::StatusOr<pid_t> pid = Spawn(options);
  if (!pid.ok()) return pid.status();
  return std::unique_ptr<ChildProcess>(
      new ChildProcess(*pid, options.stop_timeout));
}

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::StartWithPortFile(
    ProcessOptions options) {
  absl::StatusOr<std::string> dir = MakeTempDir("port_file_");
  if (!dir.ok()) return dir.status();
  const std::string port_file = absl::StrCat(*dir, "/port");
  options.args.push_back(absl::StrCat("--port_file=", port_file));

  absl::StatusOr<std::unique_ptr<ChildProcess>> child = Start(options);
  if (!child.ok()) return child.status();

  const absl::Time deadline = absl::Now() + options.startup_timeout;
  while (true) {
    const std::string text = ReadFileOrEmpty(port_file);
    if (absl::EndsWith(text, "\n")) {
      int port = 0;
      if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &port) ||
          port <= 0 || port > 65535) {
        (*child)->Kill().IgnoreError();
        return absl::InternalError(absl::StrCat(
            options.binary, " wrote a bad port file: \"", text, "\""));
      }
      (*child)->port_ = port;
      return child;
    }
    if (!(*child)->Running()) {
      return absl::FailedPreconditionError(absl::StrCat(
          options.binary, " exited with ", (*child)->exit_code_.value_or(-1),
          " before writing its port file (see its stderr in the "
          "test log)"));
    }
    if (absl::Now() > deadline) {
      (*child)->Kill().IgnoreError();
      return absl::DeadlineExceededError(
          absl::StrCat(options.binary, " wrote no port file within ",
                       absl::FormatDuration(options.startup_timeout)));
    }
    absl::SleepFor(kPollInterval);
  }
}

ChildProcess::~ChildProcess() { Stop().IgnoreError(); }

bool ChildProcess::Reap() {
  if (exit_code_.has_value()) return true;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_code_ = ExitCodeOf(status);
    return true;
  }
  if (r < 0 && errno == ECHILD) {  // Reaped elsewhere; nothing to wait for.
    exit_code_ = -1;
    return true;
  }
  return false;
}

bool ChildProcess::Running() { return !Reap(); }

absl::StatusOr<int> ChildProcess::WaitUntil(absl::Time deadline) {
  while (!Reap()) {
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("process ", pid_, " still running"));
    }
    absl::SleepFor(kPollInterval);
  }
  return *exit_code_;
}

absl::StatusOr<int> ChildProcess::Wait(absl::Duration timeout) {
  return WaitUntil(absl::Now() + timeout);
}

absl::StatusOr<int> ChildProcess::Stop() {
  if (Reap()) return *exit_code_;
  kill(pid_, SIGTERM);
  absl::StatusOr<int> code = WaitUntil(absl::Now() + stop_timeout_);
  if (code.ok()) return code;
  return Kill();
}

absl::StatusOr<int> ChildProcess::Kill() {
  if (Reap()) return *exit_code_;
  kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) {
      exit_code_ = -1;
      return absl::InternalError(
          absl::StrCat("waitpid(", pid_, "): ", std::strerror(errno)));
    }
  }
  exit_code_ = ExitCodeOf(status);
  return *exit_code_;
}

absl::StatusOr<RunResult> RunToCompletion(const ProcessOptions& options,
                                          absl::Duration timeout) {
  absl::StatusOr<std::string> dir = MakeTempDir("run_");
  if (!dir.ok()) return dir.status();
  const std::string out_path = absl::StrCat(*dir, "/stdout");
  const std::string err_path = absl::StrCat(*dir, "/stderr");
  absl::StatusOr<pid_t> pid = Spawn(options, out_path, err_path);
  if (!pid.ok()) return pid.status();

  // A ChildProcess, so the child is killed and reaped on every path.
  ChildProcess child(*pid, absl::ZeroDuration());
  absl::StatusOr<int> code = child.Wait(timeout);
  RunResult result;
  result.stdout_text = ReadFileOrEmpty(out_path);
  result.stderr_text = ReadFileOrEmpty(err_path);
  if (!code.ok()) {
    child.Kill().IgnoreError();
    return absl::DeadlineExceededError(
        absl::StrCat(options.binary, " did not finish within ",
                     absl::FormatDuration(timeout),
                     "; stderr so far: ", result.stderr_text));
  }
  result.exit_code = *code;
  return result;
}

}  // namespace harness
}  // namespace msp_gateway
