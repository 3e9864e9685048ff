// Copyright 2026 The msp-gateway Authors.

#include "service/store/sqlite/sqlite_status.h"

#include <sqlite3.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/harness/process_harness.h"

namespace msp_gateway {
namespace {

TEST(SqliteStatusTest, BusyAndLockedAreUnavailable) {
  for (int rc : {SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_RECOVERY,
                 SQLITE_LOCKED, SQLITE_LOCKED_SHAREDCACHE}) {
    EXPECT_TRUE(IsSqliteBusy(rc)) << rc;
    EXPECT_EQ(SqliteStatus(nullptr, rc, "Claim").code(),
              absl::StatusCode::kUnavailable)
        << rc;
  }
}

TEST(SqliteStatusTest, EverythingElseIsInternal) {
  for (int rc : {SQLITE_ERROR, SQLITE_IOERR, SQLITE_IOERR_FSYNC, SQLITE_FULL,
                 SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_CANTOPEN,
                 SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_MISUSE}) {
    EXPECT_FALSE(IsSqliteBusy(rc)) << rc;
    EXPECT_EQ(SqliteStatus(nullptr, rc, "Claim").code(),
              absl::StatusCode::kInternal)
        << rc;
  }
}

TEST(SqliteStatusTest, MessageNamesTheCallAndSqlitesText) {
  absl::Status status = SqliteStatus(nullptr, SQLITE_BUSY, "Claim: begin");
  EXPECT_EQ(status.message(),
            "sqlite: Claim: begin: database is locked (code 5)");
}

// A real failure: a lock held by another connection, a constraint violated.
// SQLite's text names the constraint, never the values bound.
TEST(SqliteStatusTest, RealFailuresOfAConnection) {
  absl::StatusOr<std::string> dir = harness::MakeTempDir("sqlite_status");
  ASSERT_TRUE(dir.ok()) << dir.status();
  const std::string path = *dir + "/test.db";
  sqlite3* first = nullptr;
  sqlite3* second = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &first), SQLITE_OK);
  ASSERT_EQ(sqlite3_open(path.c_str(), &second), SQLITE_OK);
  sqlite3_extended_result_codes(first, 1);
  ASSERT_EQ(sqlite3_exec(first,
                         "CREATE TABLE t (k TEXT PRIMARY KEY);"
                         "INSERT INTO t VALUES ('secret-value')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);

  int rc = sqlite3_exec(first, "INSERT INTO t VALUES ('secret-value')", nullptr,
                        nullptr, nullptr);
  ASSERT_EQ(rc, SQLITE_CONSTRAINT_PRIMARYKEY);
  absl::Status constraint = SqliteStatus(first, rc, "insert");
  EXPECT_EQ(constraint.code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(absl::StrContains(constraint.message(), "UNIQUE constraint"))
      << constraint;
  EXPECT_FALSE(absl::StrContains(constraint.message(), "secret-value"))
      << constraint;

  ASSERT_EQ(sqlite3_exec(first, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_busy_timeout(second, 0);
  rc = sqlite3_exec(second, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  absl::Status busy = SqliteStatus(second, rc, "begin");
  EXPECT_EQ(busy.code(), absl::StatusCode::kUnavailable) << busy;
  sqlite3_exec(first, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(second);
  sqlite3_close(first);
}

}  // namespace
}  // namespace msp_gateway
