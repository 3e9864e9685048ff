// Copyright 2026 The msp-gateway Authors.

#include "tests/harness/postgres_server.h"

#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libpq-fe.h"

namespace msp_gateway {
namespace harness {
namespace {

using ::testing::HasSubstr;

// One query over a fresh connection to `dsn`: the first column of the first
// row, or the connection's / query's error.
absl::StatusOr<std::string> QueryOne(const std::string& dsn,
                                     const std::string& sql) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string error = PQerrorMessage(conn);
    PQfinish(conn);
    return absl::UnavailableError(error);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  absl::StatusOr<std::string> value;
  if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0) {
    value = std::string(PQgetvalue(result, 0, 0));
  } else if (PQresultStatus(result) == PGRES_COMMAND_OK) {
    value = std::string();
  } else {
    value = absl::InternalError(PQresultErrorMessage(result));
  }
  PQclear(result);
  PQfinish(conn);
  return value;
}

// The process has exited (a zombie counts: it no longer runs).
bool Gone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)),
                   std::istreambuf_iterator<char>());
  const size_t end = text.rfind(')');
  return end == std::string::npos || text.substr(end + 2, 1) == "Z";
}

// One server for the whole suite: initdb takes about a second.
class PostgresServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<PostgresServer>> server =
        PostgresServer::Create();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    // A test that stopped or killed it leaves it running for the next one.
    ASSERT_TRUE(server_->Start().ok());
  }

  static PostgresServer* server_;
};

PostgresServer* PostgresServerTest::server_ = nullptr;

TEST_F(PostgresServerTest, TheRoleConnectsOverTcpWithItsPassword) {
  EXPECT_THAT(server_->dsn(),
              HasSubstr(absl::StrCat("@127.0.0.1:", server_->port(), "/")));
  EXPECT_EQ(*QueryOne(server_->dsn(), "SELECT current_user"), "msp_test");
  EXPECT_EQ(*QueryOne(server_->dsn(), "SELECT current_database()"), "msp_test");
  EXPECT_EQ(*QueryOne(server_->dsn(), "SELECT inet_server_addr()::text"),
            "127.0.0.1/32");
  EXPECT_EQ(*QueryOne(server_->dsn(), "SHOW listen_addresses"), "127.0.0.1");
  EXPECT_EQ(*QueryOne(server_->dsn(), "SHOW fsync"), "off");
  // The role may create tables in its own database (migrations do).
  EXPECT_TRUE(QueryOne(server_->dsn(), "CREATE TABLE t_owner (x int)").ok());
}

TEST_F(PostgresServerTest, AWrongPasswordIsRejected) {
  const std::string wrong = absl::StrReplaceAll(
      server_->dsn(), {{server_->password(), "not-the-password"}});
  absl::StatusOr<std::string> result = QueryOne(wrong, "SELECT 1");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(),
              HasSubstr("password authentication failed"));
}

TEST_F(PostgresServerTest, TheSuperuserCannotLogInOverTcp) {
  absl::StatusOr<std::string> result =
      QueryOne(absl::StrCat("postgresql://postgres@127.0.0.1:", server_->port(),
                            "/postgres"),
               "SELECT 1");
  EXPECT_FALSE(result.ok());
}

TEST_F(PostgresServerTest, CreateDatabaseGivesASeparateDatabase) {
  absl::StatusOr<std::string> dsn = server_->CreateDatabase("second_db");
  ASSERT_TRUE(dsn.ok()) << dsn.status();
  ASSERT_TRUE(QueryOne(*dsn, "CREATE TABLE only_here (x int)").ok());
  EXPECT_EQ(*QueryOne(*dsn, "SELECT count(*) FROM only_here"), "0");
  EXPECT_FALSE(QueryOne(server_->dsn(), "SELECT count(*) FROM only_here").ok());
  EXPECT_EQ(server_->CreateDatabase("Bad-Name").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(PostgresServerTest, ExecuteAsSuperuserReturnsRows) {
  auto rows = server_->ExecuteAsSuperuser(
      "SELECT 'a', NULL UNION ALL SELECT 'b', 'c' ORDER BY 1");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(*rows,
            (std::vector<std::vector<std::string>>{{"a", ""}, {"b", "c"}}));
  EXPECT_FALSE(server_->ExecuteAsSuperuser("SELECT no_such_column").ok());
}

TEST_F(PostgresServerTest, StopStartAndRestartKeepPortAndData) {
  const int port = server_->port();
  ASSERT_TRUE(QueryOne(server_->dsn(),
                       "CREATE TABLE kept (x int); INSERT INTO kept VALUES (7)")
                  .ok());

  ASSERT_TRUE(server_->Stop().ok());
  EXPECT_FALSE(server_->running());
  EXPECT_FALSE(QueryOne(server_->dsn(), "SELECT 1").ok());
  EXPECT_TRUE(server_->Stop().ok());  // Idempotent.

  ASSERT_TRUE(server_->Start().ok());
  EXPECT_EQ(server_->port(), port);
  EXPECT_EQ(*QueryOne(server_->dsn(), "SELECT x FROM kept"), "7");

  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(server_->port(), port);
  EXPECT_EQ(*QueryOne(server_->dsn(), "SELECT x FROM kept"), "7");
}

TEST_F(PostgresServerTest, FastShutdownEndsOpenSessions) {
  PGconn* conn = PQconnectdb(server_->dsn().c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK);

  ASSERT_TRUE(server_->Restart().ok());

  PGresult* result = PQexec(conn, "SELECT 1");
  EXPECT_NE(PQresultStatus(result), PGRES_TUPLES_OK);
  EXPECT_EQ(PQstatus(conn), CONNECTION_BAD);
  PQclear(result);
  PQfinish(conn);
}

TEST_F(PostgresServerTest, KillCrashesEveryProcessAndCommittedDataSurvives) {
  ASSERT_TRUE(QueryOne(server_->dsn(),
                       "CREATE TABLE crash (x int); INSERT INTO crash VALUES "
                       "(1), (2)")
                  .ok());
  PGconn* conn = PQconnectdb(server_->dsn().c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK);
  const pid_t postmaster = server_->pid();
  const pid_t backend = PQbackendPID(conn);

  ASSERT_TRUE(server_->Kill().ok());

  EXPECT_FALSE(server_->running());
  EXPECT_NE(kill(postmaster, 0), 0);
  EXPECT_TRUE(Gone(backend));
  PGresult* result = PQexec(conn, "SELECT 1");
  EXPECT_NE(PQresultStatus(result), PGRES_TUPLES_OK);
  PQclear(result);
  PQfinish(conn);

  ASSERT_TRUE(server_->Start().ok()) << server_->LogTail();
  EXPECT_EQ(*QueryOne(server_->dsn(), "SELECT sum(x) FROM crash"), "3");
}

TEST_F(PostgresServerTest, PauseStopsAnsweringAndResumeAnswersAgain) {
  PGconn* conn = PQconnectdb(server_->dsn().c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK);
  ASSERT_TRUE(server_->Pause().ok());
  // An open session's query gets no answer while paused...
  ASSERT_EQ(PQsendQuery(conn, "SELECT 1"), 1);
  pollfd entry{PQsocket(conn), POLLIN, 0};
  EXPECT_EQ(poll(&entry, 1, 300), 0);
  ASSERT_TRUE(server_->Resume().ok());
  // ...and gets it once resumed.
  PGresult* answer = PQgetResult(conn);
  EXPECT_EQ(PQresultStatus(answer), PGRES_TUPLES_OK);
  PQclear(answer);
  while (PGresult* rest = PQgetResult(conn)) PQclear(rest);
  PQfinish(conn);

  ASSERT_TRUE(server_->Pause().ok());
  // A connection attempt now hangs until connect_timeout (2 s at least).
  absl::StatusOr<std::string> paused =
      QueryOne(absl::StrCat(server_->dsn(), "?connect_timeout=2"), "SELECT 1");
  EXPECT_FALSE(paused.ok());
  ASSERT_TRUE(server_->Resume().ok());
  EXPECT_EQ(*QueryOne(server_->dsn(), "SELECT 1"), "1");
}

TEST(PostgresServerLifetimeTest, TheDestructorStopsTheServerAndRemovesIt) {
  PostgresServerOptions options;
  options.database = "other";
  options.user = "someone";
  absl::StatusOr<std::unique_ptr<PostgresServer>> server =
      PostgresServer::Create(options);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(*QueryOne((*server)->dsn(), "SELECT current_user"), "someone");
  const pid_t pid = (*server)->pid();
  const std::string dsn = (*server)->dsn();
  const std::string directory = (*server)->directory();
  ASSERT_GT(pid, 0);
  struct stat st;
  ASSERT_EQ(stat(directory.c_str(), &st), 0);

  server->reset();

  EXPECT_NE(kill(pid, 0), 0);
  EXPECT_NE(stat(directory.c_str(), &st), 0);
  EXPECT_FALSE(QueryOne(dsn, "SELECT 1").ok());
}

TEST(PostgresServerLifetimeTest, CreateRemovesClustersOfDeadTests) {
  // As a test killed before its destructor leaves one: an owner that no
  // longer runs, no postmaster.
  char dead[] = "/tmp/msp_postgres_deadXXXXXX";
  ASSERT_NE(mkdtemp(dead), nullptr);
  std::ofstream(std::string(dead) + "/owner") << "999999999 12345\n";
  ASSERT_EQ(mkdir((std::string(dead) + "/data").c_str(), 0700), 0);
  // One whose owner file is not written yet: being created, kept.
  char young[] = "/tmp/msp_postgres_youngXXXXXX";
  ASSERT_NE(mkdtemp(young), nullptr);

  absl::StatusOr<std::unique_ptr<PostgresServer>> server =
      PostgresServer::Create();
  ASSERT_TRUE(server.ok()) << server.status();
  struct stat st;
  if ((*server)->directory().rfind("/tmp/", 0) == 0) {
    EXPECT_NE(stat(dead, &st), 0);
  }
  EXPECT_EQ(stat(young, &st), 0);
  rmdir(young);
  rmdir((std::string(dead) + "/data").c_str());
  unlink((std::string(dead) + "/owner").c_str());
  rmdir(dead);
}

TEST(PostgresServerLifetimeTest, BadNamesAreRefused) {
  PostgresServerOptions bad_name;
  bad_name.database = "x; DROP";
  EXPECT_EQ(PostgresServer::Create(bad_name).status().code(),
            absl::StatusCode::kInvalidArgument);
  PostgresServerOptions no_binaries;
  no_binaries.bin_dir = "/nonexistent";
  EXPECT_EQ(PostgresServer::Create(no_binaries).status().code(),
            absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace harness
}  // namespace msp_gateway
