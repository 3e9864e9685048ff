// Copyright 2026 The msp-gateway Authors.
//
// File: postgres_server.h
//
// A throwaway PostgreSQL server for tests and benchmarks: Debian's
// `postgresql` package (the newest /usr/lib/postgresql/<version>/bin), a
// fresh cluster per PostgresServer (initdb), listening on 127.0.0.1 only on a
// free port, with its Unix socket in its own directory, fsync=off (a test
// cluster need not survive a power cut; a killed server still keeps every
// committed row, see Kill()), one database and one password-protected role
// for the code under test. Stop(), Start(), Restart(), Kill(), Pause() and
// Resume() act on the running server, for reconnect tests.
//
// PostgreSQL refuses to run as root: when the test runs as root the server
// runs as the `postgres` system user. Bazel's TEST_TMPDIR lies under /root
// (mode 0700), which that user cannot enter; the cluster then lives in a
// fresh directory under /tmp instead, removed by the destructor.
//
// Clean-up on failure: the destructor stops the server (fast shutdown) and
// removes its directory. If the test process dies without running it (a
// crash, a sanitizer report, Bazel's timeout), the kernel sends the server
// SIGQUIT (PR_SET_PDEATHSIG: PostgreSQL's immediate shutdown) when the thread
// that started it exits: start and restart servers from a thread that
// outlives them (the main thread, or a gtest fixture's). Its directory under
// /tmp is then removed by the next Create() on the machine.
//
// Example:
//
//   absl::StatusOr<std::unique_ptr<PostgresServer>> server =
//       PostgresServer::Create();
//   ASSERT_TRUE(server.ok()) << server.status();
//   ... PQconnectdb((*server)->dsn().c_str()) ...
//   // ~PostgresServer stops it and deletes the cluster.
//
// Not thread-safe: one thread drives a PostgresServer.

#ifndef MSP_GATEWAY_TESTS_HARNESS_POSTGRES_SERVER_H_
#define MSP_GATEWAY_TESTS_HARNESS_POSTGRES_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace msp_gateway {
namespace harness {

struct PostgresServerOptions {
  // The directory holding initdb and postgres; empty: the newest
  // /usr/lib/postgresql/<version>/bin that has both.
  std::string bin_dir;
  // The database and role created for the code under test (the role owns
  // the database). Lower-case letters, digits and '_'.
  std::string database = "msp_test";
  std::string user = "msp_test";
  // How long the server may take to accept connections (initdb excluded).
  absl::Duration startup_timeout = absl::Seconds(60);
  // How long a fast shutdown may take before the server is killed.
  absl::Duration stop_timeout = absl::Seconds(30);
  // More `name=value` server settings (each passed as `-c name=value`), e.g.
  // "max_connections=20".
  std::vector<std::string> settings;
};

class PostgresServer {
 public:
  // PostgresServer::Create()
  //
  // initdb, start, wait until the server accepts connections, create the
  // role (with a random password) and the database. The port is chosen by
  // binding 127.0.0.1:0 (PostgreSQL has no "any free port"); if another
  // process takes it before the server binds it, another one is tried.
  static absl::StatusOr<std::unique_ptr<PostgresServer>> Create(
      const PostgresServerOptions& options = {});

  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;
  // Stops the server (fast shutdown; killed after stop_timeout) and removes
  // its directory.
  ~PostgresServer();

  // The libpq URI of the role and database:
  // postgresql://<user>:<password>@127.0.0.1:<port>/<database>.
  std::string dsn() const { return DsnFor(options_.database); }
  // The same for another database (see CreateDatabase()).
  std::string DsnFor(absl::string_view database) const;
  const std::string& user() const { return options_.user; }
  const std::string& password() const { return password_; }
  const std::string& database() const { return options_.database; }
  int port() const { return port_; }
  // The postmaster's pid while it runs, else 0.
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ != 0; }
  // The cluster's directory (data/, the Unix socket, postgres.log).
  const std::string& directory() const { return root_dir_; }
  // The server's log (stderr of every start), for failure messages.
  std::string LogTail(size_t max_bytes = 4000) const;

  // PostgresServer::CreateDatabase()
  //
  // A new empty database owned by the role (names as in options); its DSN.
  // Fresh databases are much cheaper than fresh servers.
  absl::StatusOr<std::string> CreateDatabase(absl::string_view name);

  // PostgresServer::ExecuteAsSuperuser()
  //
  // Runs `sql` (one or more statements, no parameters) as the cluster's
  // superuser over the Unix socket, in `database` (default: the role's);
  // the rows of the last statement as text (NULL as "").
  absl::StatusOr<std::vector<std::vector<std::string>>> ExecuteAsSuperuser(
      absl::string_view sql, absl::string_view database = "");

  // PostgresServer::Stop()
  //
  // Fast shutdown (SIGINT: open sessions are ended, every committed
  // transaction is kept); SIGKILL after stop_timeout. OK if not running.
  absl::Status Stop();

  // PostgresServer::Start()
  //
  // Starts the stopped (or killed) server again on the same port and data,
  // and waits until it accepts connections. OK if running.
  absl::Status Start();

  // Stop() then Start().
  absl::Status Restart();

  // PostgresServer::Kill()
  //
  // SIGKILL to the postmaster and every backend at once (a crash, as clients
  // see it: their connections are reset). The next Start() runs crash
  // recovery; committed transactions survive (fsync=off only matters when
  // the machine itself goes down).
  absl::Status Kill();

  // PostgresServer::Pause() / Resume()
  //
  // SIGSTOP / SIGCONT to every server process: a server that accepts TCP
  // connections (the kernel does) but never answers, as a hung host does.
  absl::Status Pause();
  absl::Status Resume();

 private:
  struct Account {
    uid_t uid = 0;
    gid_t gid = 0;
    bool switch_user = false;  // Run the server as `postgres` (we are root).
  };

  PostgresServer(PostgresServerOptions options, std::string bin_dir,
                 std::string root_dir, Account account);

  absl::Status InitDb();
  // Spawns the postmaster on port_ and waits until it accepts connections.
  // FailedPrecondition with `*port_in_use` set when the port was taken.
  absl::Status StartOnPort(bool* port_in_use);
  absl::Status WaitUntilReady();
  // Signals the postmaster and every server process it started.
  absl::Status SignalServer(int signal);
  // Reaps the postmaster if it exited; true if it has (or never ran).
  bool ReapIfExited();
  absl::Status CreateRoleAndDatabase();

  PostgresServerOptions options_;
  std::string bin_dir_;
  std::string root_dir_;  // Everything: data/, the socket, postgres.log.
  std::string data_dir_;  // root_dir_/data
  std::string log_path_;  // root_dir_/postgres.log
  Account account_;
  std::string password_;
  int port_ = 0;
  pid_t pid_ = 0;
  bool paused_ = false;
};

}  // namespace harness
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_TESTS_HARNESS_POSTGRES_SERVER_H_
