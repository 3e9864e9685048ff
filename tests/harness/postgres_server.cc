// Copyright 2026 The msp-gateway Authors.

#include "tests/harness/postgres_server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "libpq-fe.h"

extern char** environ;

namespace msp_gateway {
namespace harness {
namespace {

constexpr absl::Duration kPollInterval = absl::Milliseconds(20);
constexpr absl::Duration kInitDbTimeout = absl::Seconds(120);
// Start() after a Kill(): how long orphaned backends may take to die.
constexpr absl::Duration kAfterKillTimeout = absl::Seconds(10);
constexpr int kPortAttempts = 10;
// A Unix socket path is at most 107 bytes; the server's is
// <dir>/.s.PGSQL.<port>.lock at the longest.
constexpr size_t kMaxSocketDirLength = 80;

std::string GetEnv(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

bool IsExecutable(const std::string& path) {
  return access(path.c_str(), X_OK) == 0;
}

bool ValidName(absl::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  for (char c : name) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_')) {
      return false;
    }
  }
  return !absl::ascii_isdigit(name[0]);
}

// The newest /usr/lib/postgresql/<version>/bin with initdb and postgres.
absl::StatusOr<std::string> FindBinDir() {
  constexpr char kRoot[] = "/usr/lib/postgresql";
  DIR* dir = opendir(kRoot);
  if (dir == nullptr) {
    return absl::NotFoundError(
        absl::StrCat(kRoot, ": ", std::strerror(errno),
                     " (is Debian's postgresql package installed?)"));
  }
  std::string best;
  double best_version = -1;
  while (dirent* entry = readdir(dir)) {
    double version = 0;
    if (!absl::SimpleAtod(entry->d_name, &version)) continue;
    const std::string bin = absl::StrCat(kRoot, "/", entry->d_name, "/bin");
    if (!IsExecutable(bin + "/postgres") || !IsExecutable(bin + "/initdb")) {
      continue;
    }
    if (version > best_version) {
      best_version = version;
      best = bin;
    }
  }
  closedir(dir);
  if (best.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no ", kRoot, "/<version>/bin with initdb and postgres"));
  }
  return best;
}

// True if the account may enter every directory on the way to `path`
// (mode bits only; ACLs are not consulted).
bool Searchable(const std::string& path, uid_t uid, gid_t gid) {
  std::string prefix;
  for (absl::string_view part : absl::StrSplit(path, '/', absl::SkipEmpty())) {
    absl::StrAppend(&prefix, "/", part);
    struct stat st;
    if (stat(prefix.c_str(), &st) != 0) return false;
    const mode_t bit = st.st_uid == uid   ? S_IXUSR
                       : st.st_gid == gid ? S_IXGRP
                                          : S_IXOTH;
    if ((st.st_mode & bit) == 0) return false;
  }
  return true;
}

absl::StatusOr<std::string> MakeTempDirIn(const std::string& base,
                                          absl::string_view prefix) {
  std::string path = absl::StrCat(base, "/", prefix, "XXXXXX");
  if (mkdtemp(path.data()) == nullptr) {
    return absl::InternalError(
        absl::StrCat("mkdtemp in ", base, ": ", std::strerror(errno)));
  }
  return path;
}

// A port that was free a moment ago: bound on 127.0.0.1:0, then closed.
absl::StatusOr<int> PickFreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError(std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const std::string error = std::strerror(errno);
    close(fd);
    return absl::InternalError(absl::StrCat("bind 127.0.0.1:0: ", error));
  }
  close(fd);
  return ntohs(addr.sin_port);
}

std::string RandomPassword() {
  std::random_device device;
  std::string password;
  constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 24; ++i) password.push_back(kHex[device() % 16]);
  return password;
}

int ExitCodeOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

struct SpawnSpec {
  std::string binary;
  std::vector<std::string> args;
  std::string output_path;  // stdout and stderr, appended.
  std::string working_dir;
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// fork + exec rather than posix_spawn (which process_harness uses): the
// child must change its user and ask for SIGQUIT when this thread dies. It
// also leaves the test's process group, so that a Ctrl-C in a terminal
// (bazel run of a benchmark) ends the program, whose destructors or death
// then stop the server, rather than the server under the program's feet.
// Everything is prepared before fork(); the child only makes async-signal-safe
// calls.
absl::StatusOr<pid_t> Spawn(const SpawnSpec& spec) {
  std::vector<std::string> argv_strings = {spec.binary};
  argv_strings.insert(argv_strings.end(), spec.args.begin(), spec.args.end());
  std::vector<std::string> env_strings;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    // The server's own messages in English, whatever the test's locale.
    if (absl::StartsWith(*entry, "LC_") || absl::StartsWith(*entry, "LANG=")) {
      continue;
    }
    env_strings.emplace_back(*entry);
  }
  env_strings.emplace_back("LC_ALL=C");
  std::vector<char*> argv = CStrings(argv_strings);
  std::vector<char*> envp = CStrings(env_strings);

  const int out_fd = open(spec.output_path.c_str(),
                          O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out_fd < 0) {
    return absl::InternalError(
        absl::StrCat("open ", spec.output_path, ": ", std::strerror(errno)));
  }
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    const std::string error = std::strerror(errno);
    close(out_fd);
    if (null_fd >= 0) close(null_fd);
    return absl::InternalError(absl::StrCat("fork: ", error));
  }
  if (pid == 0) {
    setpgid(0, 0);
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, nullptr);
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig)
      sigaction(sig, &default_action, nullptr);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    dup2(out_fd, STDERR_FILENO);
    if (spec.switch_user) {
      if (setgroups(1, &spec.gid) != 0 || setgid(spec.gid) != 0 ||
          setuid(spec.uid) != 0) {
        _exit(126);
      }
    }
    // After the user change, which clears it.
    prctl(PR_SET_PDEATHSIG, SIGQUIT);
    if (getppid() != parent) _exit(125);  // The test died meanwhile.
    if (!spec.working_dir.empty() && chdir(spec.working_dir.c_str()) != 0) {
      _exit(124);
    }
    execve(spec.binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  close(out_fd);
  if (null_fd >= 0) close(null_fd);
  return pid;
}

// Waits for `pid` to exit; its exit code, or DeadlineExceeded (then killed).
absl::StatusOr<int> WaitForExit(pid_t pid, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return ExitCodeOf(status);
    if (r < 0 && errno != EINTR) {
      return absl::InternalError(
          absl::StrCat("waitpid(", pid, "): ", std::strerror(errno)));
    }
    if (absl::Now() > deadline) {
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return absl::DeadlineExceededError(
          absl::StrCat("process ", pid, " did not exit within ",
                       absl::FormatDuration(timeout)));
    }
    absl::SleepFor(kPollInterval);
  }
}

// The fields of /proc/<pid>/stat after the command name: state, ppid, ...
std::vector<std::string> StatFields(pid_t pid) {
  const std::string stat = ReadFile(absl::StrCat("/proc/", pid, "/stat"));
  const size_t end_of_name = stat.rfind(')');
  if (end_of_name == std::string::npos) return {};
  return absl::StrSplit(absl::string_view(stat).substr(end_of_name + 1), ' ',
                        absl::SkipEmpty());
}

// Exited (a zombie no longer runs, holds no memory) or gone.
bool ProcessGone(pid_t pid) {
  const std::vector<std::string> fields = StatFields(pid);
  return fields.empty() || fields[0] == "Z" || fields[0] == "X";
}

std::vector<pid_t> ChildrenOf(pid_t parent) {
  std::vector<pid_t> children;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return children;
  while (dirent* entry = readdir(proc)) {
    pid_t pid = 0;
    if (!absl::SimpleAtoi(entry->d_name, &pid)) continue;
    const std::vector<std::string> fields = StatFields(pid);
    pid_t ppid = 0;
    if (fields.size() > 1 && absl::SimpleAtoi(fields[1], &ppid) &&
        ppid == parent) {
      children.push_back(pid);
    }
  }
  closedir(proc);
  return children;
}

// "<pid> <start time>": a process, told apart from a later one that got
// the same pid. Empty if there is no such process.
std::string ProcessIdentity(pid_t pid) {
  const std::vector<std::string> fields = StatFields(pid);
  if (fields.size() < 20 || fields[0] == "Z") return "";
  return absl::StrCat(pid, " ", fields[19]);  // Field 22, starttime.
}

constexpr char kDirPrefix[] = "msp_postgres_";
constexpr char kOwnerFile[] = "owner";

// Removes the clusters under `base` whose test died without its destructor
// (killed, crashed): the kernel stopped their servers (PR_SET_PDEATHSIG),
// nothing removed their directories. A directory is left alone while its
// owner process or its postmaster still runs, or before its owner file is
// written.
void RemoveAbandonedClusters(const std::string& base) {
  DIR* dir = opendir(base.c_str());
  if (dir == nullptr) return;
  std::vector<std::string> abandoned;
  while (dirent* entry = readdir(dir)) {
    if (!absl::StartsWith(entry->d_name, kDirPrefix)) continue;
    const std::string path = absl::StrCat(base, "/", entry->d_name);
    const std::string owner = std::string(absl::StripAsciiWhitespace(
        ReadFile(absl::StrCat(path, "/", kOwnerFile))));
    pid_t owner_pid = 0;
    if (!absl::SimpleAtoi(owner.substr(0, owner.find(' ')), &owner_pid) ||
        ProcessIdentity(owner_pid) == owner) {
      continue;
    }
    const std::string postmaster =
        ReadFile(absl::StrCat(path, "/data/postmaster.pid"));
    pid_t server_pid = 0;
    if (absl::SimpleAtoi(postmaster.substr(0, postmaster.find('\n')),
                         &server_pid) &&
        !ProcessGone(server_pid)) {
      continue;
    }
    abandoned.push_back(path);
  }
  closedir(dir);
  for (const std::string& path : abandoned) {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
}

// libpq keyword/value arrays, so that paths need no quoting.
class ConnParams {
 public:
  void Add(const char* keyword, std::string value) {
    keywords_.push_back(keyword);
    values_.push_back(std::move(value));
  }
  PGconn* Connect() {
    std::vector<const char*> values;
    for (const std::string& v : values_) values.push_back(v.c_str());
    values.push_back(nullptr);
    std::vector<const char*> keywords = keywords_;
    keywords.push_back(nullptr);
    return PQconnectdbParams(keywords.data(), values.data(), 0);
  }
  PGPing Ping() {
    std::vector<const char*> values;
    for (const std::string& v : values_) values.push_back(v.c_str());
    values.push_back(nullptr);
    std::vector<const char*> keywords = keywords_;
    keywords.push_back(nullptr);
    return PQpingParams(keywords.data(), values.data(), 0);
  }

 private:
  std::vector<const char*> keywords_;
  std::vector<std::string> values_;
};

}  // namespace

PostgresServer::PostgresServer(PostgresServerOptions options,
                               std::string bin_dir, std::string root_dir,
                               Account account)
    : options_(std::move(options)),
      bin_dir_(std::move(bin_dir)),
      root_dir_(std::move(root_dir)),
      data_dir_(root_dir_ + "/data"),
      log_path_(root_dir_ + "/postgres.log"),
      account_(account),
      password_(RandomPassword()) {}

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::Create(
    const PostgresServerOptions& options) {
  if (!ValidName(options.database) || !ValidName(options.user)) {
    return absl::InvalidArgumentError(
        "database and user: lower-case letters, digits and '_'");
  }
  std::string bin_dir = options.bin_dir;
  if (bin_dir.empty()) {
    absl::StatusOr<std::string> found = FindBinDir();
    if (!found.ok()) return found.status();
    bin_dir = *std::move(found);
  }

  Account account;
  account.uid = geteuid();
  account.gid = getegid();
  if (account.uid == 0) {
    // PostgreSQL refuses root ("root execution of the PostgreSQL server is
    // not permitted"); its Debian package's system user runs it.
    struct passwd pw;
    struct passwd* result = nullptr;
    std::vector<char> buffer(16384);
    if (getpwnam_r("postgres", &pw, buffer.data(), buffer.size(), &result) !=
            0 ||
        result == nullptr) {
      return absl::FailedPreconditionError(
          "running as root and there is no `postgres` user to run the "
          "server as");
    }
    account.uid = pw.pw_uid;
    account.gid = pw.pw_gid;
    account.switch_user = true;
  }

  std::string base = GetEnv("TEST_TMPDIR");
  if (base.empty() || base.size() > kMaxSocketDirLength - 20 ||
      !Searchable(base, account.uid, account.gid)) {
    base = "/tmp";
  }
  // Bazel empties TEST_TMPDIR; /tmp is ours to keep clean.
  if (base == "/tmp") RemoveAbandonedClusters(base);
  absl::StatusOr<std::string> root_dir = MakeTempDirIn(base, kDirPrefix);
  if (!root_dir.ok()) return root_dir.status();
  {
    std::ofstream owner(absl::StrCat(*root_dir, "/", kOwnerFile));
    owner << ProcessIdentity(getpid()) << "\n";
  }
  if (chown(root_dir->c_str(), account.uid, account.gid) != 0 ||
      chmod(root_dir->c_str(), 0700) != 0) {
    const int error = errno;
    std::filesystem::remove_all(*root_dir);
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot give ", *root_dir, " to uid ", account.uid, ": ",
        std::strerror(error),
        error == EINVAL ? " (a user namespace without the postgres user, "
                          "such as Bazel's linux-sandbox: tag the test "
                          "\"no-sandbox\")"
                        : ""));
  }

  // From here on the destructor removes the directory on every path.
  std::unique_ptr<PostgresServer> server(
      new PostgresServer(options, bin_dir, *root_dir, account));
  if (absl::Status status = server->InitDb(); !status.ok()) return status;

  absl::Status started;
  for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
    absl::StatusOr<int> port = PickFreePort();
    if (!port.ok()) return port.status();
    server->port_ = *port;
    bool port_in_use = false;
    started = server->StartOnPort(&port_in_use);
    if (started.ok() || !port_in_use) break;
  }
  if (!started.ok()) return started;
  if (absl::Status status = server->CreateRoleAndDatabase(); !status.ok()) {
    return status;
  }
  return server;
}

PostgresServer::~PostgresServer() {
  Stop().IgnoreError();
  std::error_code ignored;
  std::filesystem::remove_all(root_dir_, ignored);
}

std::string PostgresServer::DsnFor(absl::string_view database) const {
  return absl::StrCat("postgresql://", options_.user, ":", password_,
                      "@127.0.0.1:", port_, "/", database);
}

std::string PostgresServer::LogTail(size_t max_bytes) const {
  const std::string log = ReadFile(log_path_);
  if (log.size() <= max_bytes) return log;
  return log.substr(log.size() - max_bytes);
}

absl::Status PostgresServer::InitDb() {
  SpawnSpec spec;
  spec.binary = bin_dir_ + "/initdb";
  spec.args = {"--pgdata=" + data_dir_, "--username=postgres", "--auth=trust",
               "--encoding=UTF8", "--locale=C",
               // A test cluster: nothing to gain from fsync'ing the files.
               "--no-sync"};
  spec.output_path = log_path_;
  spec.working_dir = root_dir_;
  spec.switch_user = account_.switch_user;
  spec.uid = account_.uid;
  spec.gid = account_.gid;
  absl::StatusOr<pid_t> pid = Spawn(spec);
  if (!pid.ok()) return pid.status();
  absl::StatusOr<int> code = WaitForExit(*pid, kInitDbTimeout);
  if (!code.ok() || *code != 0) {
    return absl::InternalError(
        absl::StrCat("initdb failed (",
                     code.ok() ? absl::StrCat("exit code ", *code)
                               : code.status().ToString(),
                     "): ", LogTail()));
  }

  // Only the cluster's superuser, over the Unix socket (in a directory only
  // it and root may enter), goes without a password; everyone else needs
  // one, over 127.0.0.1.
  const std::string hba_path = data_dir_ + "/pg_hba.conf";
  {
    std::ofstream hba(hba_path, std::ios::trunc);
    hba << "local all postgres trust\n"
        << "host all postgres 127.0.0.1/32 reject\n"
        << "host all all 127.0.0.1/32 scram-sha-256\n";
    if (!hba) {
      return absl::InternalError(absl::StrCat("cannot write ", hba_path));
    }
  }
  if (chown(hba_path.c_str(), account_.uid, account_.gid) != 0) {
    return absl::InternalError(
        absl::StrCat("chown ", hba_path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status PostgresServer::StartOnPort(bool* port_in_use) {
  *port_in_use = false;
  SpawnSpec spec;
  spec.binary = bin_dir_ + "/postgres";
  spec.args = {"-D", data_dir_, "-p", absl::StrCat(port_), "-c",
               "listen_addresses=127.0.0.1", "-c",
               "unix_socket_directories=" + root_dir_,
               // Tests only: a committed transaction still survives a
               // killed server (its WAL is written to the kernel), just not
               // a crash of the machine.
               "-c", "fsync=off"};
  for (const std::string& setting : options_.settings) {
    spec.args.push_back("-c");
    spec.args.push_back(setting);
  }
  spec.output_path = log_path_;
  spec.working_dir = root_dir_;
  spec.switch_user = account_.switch_user;
  spec.uid = account_.uid;
  spec.gid = account_.gid;

  const absl::Time deadline = absl::Now() + kAfterKillTimeout;
  while (true) {
    const size_t log_offset = ReadFile(log_path_).size();
    absl::StatusOr<pid_t> pid = Spawn(spec);
    if (!pid.ok()) return pid.status();
    pid_ = *pid;
    paused_ = false;
    absl::Status ready = WaitUntilReady();
    if (ready.ok()) return ready;
    const std::string log = ReadFile(log_path_);
    const absl::string_view this_start =
        absl::string_view(log).substr(std::min(log_offset, log.size()));
    if (absl::StrContains(this_start, "Address already in use")) {
      *port_in_use = true;
      return ready;
    }
    // After Kill(): backends that have not died yet still hold the old
    // shared memory, and the server refuses to start beside them.
    if (absl::StrContains(this_start, "pre-existing shared memory block") &&
        absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(100));
      continue;
    }
    return ready;
  }
}

absl::Status PostgresServer::WaitUntilReady() {
  ConnParams params;
  params.Add("host", root_dir_);
  params.Add("port", absl::StrCat(port_));
  params.Add("user", "postgres");
  params.Add("dbname", "postgres");
  params.Add("connect_timeout", "5");
  const absl::Time deadline = absl::Now() + options_.startup_timeout;
  while (true) {
    if (ReapIfExited()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "postgres exited during start-up on port ", port_, ": ", LogTail()));
    }
    if (params.Ping() == PQPING_OK) return absl::OkStatus();
    if (absl::Now() > deadline) {
      Kill().IgnoreError();
      return absl::DeadlineExceededError(absl::StrCat(
          "postgres did not accept connections within ",
          absl::FormatDuration(options_.startup_timeout), ": ", LogTail()));
    }
    absl::SleepFor(kPollInterval);
  }
}

bool PostgresServer::ReapIfExited() {
  if (pid_ == 0) return true;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_ || (r < 0 && errno == ECHILD)) {
    pid_ = 0;
    paused_ = false;
    return true;
  }
  return false;
}

absl::Status PostgresServer::SignalServer(int signal) {
  if (pid_ == 0) {
    return absl::FailedPreconditionError("the server is not running");
  }
  // Every backend and auxiliary process makes itself a process-group
  // leader (InitPostmasterChild), so kill(-pid) would miss them: signal the
  // postmaster's children one by one, the postmaster stopped meanwhile so
  // that it forks no new one. SIGCONT goes to the children first.
  if (signal != SIGCONT) kill(pid_, SIGSTOP);
  for (pid_t child : ChildrenOf(pid_)) kill(child, signal);
  if (signal != SIGSTOP && kill(pid_, signal) != 0) {
    return absl::InternalError(
        absl::StrCat("kill(", pid_, "): ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::vector<std::string>>>
PostgresServer::ExecuteAsSuperuser(absl::string_view sql,
                                   absl::string_view database) {
  if (!running()) {
    return absl::FailedPreconditionError("the server is not running");
  }
  ConnParams params;
  params.Add("host", root_dir_);
  params.Add("port", absl::StrCat(port_));
  params.Add("user", "postgres");
  params.Add("dbname",
             std::string(database.empty() ? options_.database : database));
  params.Add("connect_timeout", "10");
  PGconn* conn = params.Connect();
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string error = PQerrorMessage(conn);
    PQfinish(conn);
    return absl::UnavailableError(
        absl::StrCat("superuser connection: ", error));
  }
  PGresult* result = PQexec(conn, std::string(sql).c_str());
  const ExecStatusType status = PQresultStatus(result);
  absl::StatusOr<std::vector<std::vector<std::string>>> rows;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    rows.emplace();
    for (int r = 0; r < PQntuples(result); ++r) {
      std::vector<std::string>& row = rows->emplace_back();
      for (int c = 0; c < PQnfields(result); ++c) {
        row.emplace_back(PQgetvalue(result, r, c),
                         static_cast<size_t>(PQgetlength(result, r, c)));
      }
    }
  } else {
    // The statement, without the role's password (CREATE ROLE has it).
    rows = absl::InternalError(absl::StrCat(
        "\"", absl::StrReplaceAll(sql, {{password_, "<password>"}}), "\": ",
        absl::StripTrailingAsciiWhitespace(PQresultErrorMessage(result))));
  }
  PQclear(result);
  PQfinish(conn);
  return rows;
}

absl::Status PostgresServer::CreateRoleAndDatabase() {
  // Names are checked by ValidName() and the password is hex: nothing to
  // quote. CREATE ROLE takes no parameters.
  absl::StatusOr<std::vector<std::vector<std::string>>> role =
      ExecuteAsSuperuser(absl::StrCat("CREATE ROLE ", options_.user,
                                      " LOGIN PASSWORD '", password_, "'"),
                         "postgres");
  if (!role.ok()) return role.status();
  absl::StatusOr<std::string> dsn = CreateDatabase(options_.database);
  return dsn.status();
}

absl::StatusOr<std::string> PostgresServer::CreateDatabase(
    absl::string_view name) {
  if (!ValidName(name)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "database name \"", name, "\": lower-case letters, digits and '_'"));
  }
  absl::StatusOr<std::vector<std::vector<std::string>>> created =
      ExecuteAsSuperuser(
          absl::StrCat("CREATE DATABASE ", name, " OWNER ", options_.user),
          "postgres");
  if (!created.ok()) return created.status();
  return DsnFor(name);
}

absl::Status PostgresServer::Stop() {
  if (ReapIfExited()) return absl::OkStatus();
  if (paused_) Resume().IgnoreError();
  // SIGINT to the postmaster alone: its "fast" shutdown ends every session,
  // checkpoints and exits after its children.
  kill(pid_, SIGINT);
  const absl::Time deadline = absl::Now() + options_.stop_timeout;
  while (!ReapIfExited()) {
    if (absl::Now() > deadline) return Kill();
    absl::SleepFor(kPollInterval);
  }
  return absl::OkStatus();
}

absl::Status PostgresServer::Start() {
  if (!ReapIfExited()) return absl::OkStatus();
  bool port_in_use = false;
  absl::Status started = StartOnPort(&port_in_use);
  if (port_in_use) {
    return absl::UnavailableError(absl::StrCat(
        "port ", port_,
        " was taken while the server was stopped: ", started.message()));
  }
  return started;
}

absl::Status PostgresServer::Restart() {
  if (absl::Status status = Stop(); !status.ok()) return status;
  return Start();
}

absl::Status PostgresServer::Kill() {
  if (ReapIfExited()) return absl::OkStatus();
  const pid_t postmaster = pid_;
  kill(postmaster, SIGSTOP);
  const std::vector<pid_t> children = ChildrenOf(postmaster);
  SignalServer(SIGKILL).IgnoreError();
  int status = 0;
  while (waitpid(postmaster, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = 0;
  paused_ = false;
  // The backends are no children of ours: wait until the kernel has ended
  // them, so that a Start() does not find them holding the old shared
  // memory.
  const absl::Time deadline = absl::Now() + kAfterKillTimeout;
  for (pid_t child : children) {
    while (!ProcessGone(child) && absl::Now() < deadline) {
      absl::SleepFor(kPollInterval);
    }
  }
  return absl::OkStatus();
}

absl::Status PostgresServer::Pause() {
  if (absl::Status status = SignalServer(SIGSTOP); !status.ok()) {
    return status;
  }
  paused_ = true;
  return absl::OkStatus();
}

absl::Status PostgresServer::Resume() {
  if (absl::Status status = SignalServer(SIGCONT); !status.ok()) {
    return status;
  }
  paused_ = false;
  return absl::OkStatus();
}

}  // namespace harness
}  // namespace msp_gateway
