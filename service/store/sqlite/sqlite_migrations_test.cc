// Copyright 2026 The msp-gateway Authors.

#include "service/store/sqlite/sqlite_migrations.h"

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/harness/process_harness.h"

namespace msp_gateway {
namespace {

constexpr SqliteMigration kOne = {1, "CREATE TABLE a (x INTEGER)"};
constexpr SqliteMigration kTwo = {
    2, "CREATE TABLE b (y INTEGER); CREATE INDEX b_y ON b (y)"};
constexpr SqliteMigration kBroken = {3, "CREATE TABLE broken (oops"};

const absl::Time kNow = absl::FromUnixMillis(1767225600123);

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

class SqliteMigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> dir = harness::MakeTempDir("migrations");
    ASSERT_TRUE(dir.ok()) << dir.status();
    path_ = *dir + "/test.db";
  }

  Db Open() {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 10000);
    return Db(db);
  }

  // (version, applied_at_ms) rows.
  static std::vector<std::pair<int64_t, int64_t>> Applied(sqlite3* db) {
    std::vector<std::pair<int64_t, int64_t>> rows;
    sqlite3_stmt* select = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT version, applied_at_ms FROM "
                           "schema_migrations ORDER BY version",
                           -1, &select, nullptr) != SQLITE_OK) {
      return rows;  // No table.
    }
    while (sqlite3_step(select) == SQLITE_ROW) {
      rows.emplace_back(sqlite3_column_int64(select, 0),
                        sqlite3_column_int64(select, 1));
    }
    sqlite3_finalize(select);
    return rows;
  }

  static bool HasTable(sqlite3* db, const char* name) {
    sqlite3_stmt* select = nullptr;
    sqlite3_prepare_v2(
        db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        -1, &select, nullptr);
    sqlite3_bind_text(select, 1, name, -1, SQLITE_STATIC);
    bool found = sqlite3_step(select) == SQLITE_ROW;
    sqlite3_finalize(select);
    return found;
  }

  std::string path_;
};

using Rows = std::vector<std::pair<int64_t, int64_t>>;

TEST_F(SqliteMigrationsTest, AppliesEveryMigrationToANewDatabase) {
  Db db = Open();
  const SqliteMigration list[] = {kOne, kTwo};
  absl::StatusOr<int64_t> version = ApplySqliteMigrations(db.get(), list, kNow);
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, 2);
  EXPECT_TRUE(HasTable(db.get(), "a"));
  EXPECT_TRUE(HasTable(db.get(), "b"));
  EXPECT_EQ(Applied(db.get()), (Rows{{1, absl::ToUnixMillis(kNow)},
                                     {2, absl::ToUnixMillis(kNow)}}));
  EXPECT_TRUE(sqlite3_get_autocommit(db.get())) << "left a transaction open";
}

TEST_F(SqliteMigrationsTest, ApplyingAgainChangesNothing) {
  const SqliteMigration list[] = {kOne, kTwo};
  {
    Db db = Open();
    ASSERT_TRUE(ApplySqliteMigrations(db.get(), list, kNow).ok());
  }
  Db db = Open();
  absl::StatusOr<int64_t> again =
      ApplySqliteMigrations(db.get(), list, kNow + absl::Hours(1));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, 2);
  // Still the first run's rows: the migrations did not run again (they
  // would have failed: CREATE TABLE of an existing table).
  EXPECT_EQ(Applied(db.get()), (Rows{{1, absl::ToUnixMillis(kNow)},
                                     {2, absl::ToUnixMillis(kNow)}}));
}

TEST_F(SqliteMigrationsTest, AppliesOnlyTheNewOnes) {
  Db db = Open();
  const SqliteMigration first[] = {kOne};
  ASSERT_TRUE(ApplySqliteMigrations(db.get(), first, kNow).ok());
  const SqliteMigration both[] = {kOne, kTwo};
  const absl::Time later = kNow + absl::Hours(1);
  absl::StatusOr<int64_t> version =
      ApplySqliteMigrations(db.get(), both, later);
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, 2);
  EXPECT_EQ(Applied(db.get()), (Rows{{1, absl::ToUnixMillis(kNow)},
                                     {2, absl::ToUnixMillis(later)}}));
}

TEST_F(SqliteMigrationsTest, AFailingMigrationRollsBackTheWholeRun) {
  Db db = Open();
  const SqliteMigration list[] = {kOne, kTwo, kBroken};
  absl::StatusOr<int64_t> version = ApplySqliteMigrations(db.get(), list, kNow);
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.status().code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(absl::StrContains(version.status().message(), "migration 3"))
      << version.status();
  EXPECT_FALSE(HasTable(db.get(), "a"));
  EXPECT_FALSE(HasTable(db.get(), "b"));
  EXPECT_FALSE(HasTable(db.get(), "schema_migrations"));
  EXPECT_TRUE(sqlite3_get_autocommit(db.get())) << "left a transaction open";

  // Fixed, it applies.
  const SqliteMigration fixed[] = {kOne, kTwo};
  EXPECT_TRUE(ApplySqliteMigrations(db.get(), fixed, kNow).ok());
}

TEST_F(SqliteMigrationsTest, ADatabaseOfANewerReleaseIsRefused) {
  Db db = Open();
  const SqliteMigration both[] = {kOne, kTwo};
  ASSERT_TRUE(ApplySqliteMigrations(db.get(), both, kNow).ok());
  const SqliteMigration older[] = {kOne};
  absl::StatusOr<int64_t> version =
      ApplySqliteMigrations(db.get(), older, kNow);
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(version.status().message(), "version is 2"))
      << version.status();
  EXPECT_TRUE(sqlite3_get_autocommit(db.get()));
}

TEST_F(SqliteMigrationsTest, AListNotNumberedOneTwoThreeIsABug) {
  Db db = Open();
  const SqliteMigration gap[] = {kOne, kBroken};
  EXPECT_EQ(ApplySqliteMigrations(db.get(), gap, kNow).status().code(),
            absl::StatusCode::kInternal);
  const SqliteMigration swapped[] = {kTwo, kOne};
  EXPECT_EQ(ApplySqliteMigrations(db.get(), swapped, kNow).status().code(),
            absl::StatusCode::kInternal);
  EXPECT_FALSE(HasTable(db.get(), "schema_migrations"));
}

TEST_F(SqliteMigrationsTest, AnEmptyListCreatesOnlyTheVersionTable) {
  Db db = Open();
  absl::StatusOr<int64_t> version = ApplySqliteMigrations(db.get(), {}, kNow);
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, 0);
  EXPECT_TRUE(HasTable(db.get(), "schema_migrations"));
}

TEST_F(SqliteMigrationsTest,
       ConnectionsMigratingOneNewFileAtOnceApplyEachOnce) {
  constexpr int kConnections = 8;
  const SqliteMigration list[] = {kOne, kTwo};
  std::vector<Db> dbs;
  for (int i = 0; i < kConnections; ++i) dbs.push_back(Open());
  std::vector<absl::StatusOr<int64_t>> results(kConnections);
  absl::Notification start;
  std::vector<std::thread> threads;
  for (int i = 0; i < kConnections; ++i) {
    threads.emplace_back([&, i] {
      start.WaitForNotification();
      results[i] = ApplySqliteMigrations(dbs[i].get(), list, kNow);
    });
  }
  start.Notify();
  for (std::thread& thread : threads) thread.join();
  for (const absl::StatusOr<int64_t>& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(*result, 2);
  }
  EXPECT_EQ(Applied(dbs[0].get()).size(), 2u);
}

}  // namespace
}  // namespace msp_gateway
