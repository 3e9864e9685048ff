// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/pg_schema.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "service/store/postgres/pg_connection.h"
#include "service/store/postgres/pg_test_server.h"
#include "tests/harness/postgres_server.h"

namespace msp_gateway {
namespace pg {
namespace {

constexpr PgMigration kTwo[] = {
    {1, "first", "CREATE TABLE t1 (x INT); INSERT INTO t1 VALUES (1);"},
    {2, "second", "CREATE TABLE t2 (y INT);"},
};

class PgSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = TestServer();
    ASSERT_NE(server_, nullptr);
    absl::StatusOr<std::string> dsn = FreshDatabase();
    ASSERT_TRUE(dsn.ok()) << dsn.status();
    dsn_ = *dsn;
  }

  std::unique_ptr<PgConnection> Connect() {
    absl::StatusOr<std::unique_ptr<PgConnection>> connection =
        PgConnection::Connect(dsn_, PgConnectOptions(),
                              SecretRedactor::ForDsn(dsn_));
    EXPECT_TRUE(connection.ok()) << connection.status();
    return connection.ok() ? *std::move(connection) : nullptr;
  }

  std::vector<std::vector<std::string>> Query(const std::string& sql) {
    auto rows = server_->ExecuteAsSuperuser(sql, database());
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? *rows : std::vector<std::vector<std::string>>();
  }

  std::string database() const { return dsn_.substr(dsn_.rfind('/') + 1); }

  harness::PostgresServer* server_ = nullptr;
  std::string dsn_;
};

TEST_F(PgSchemaTest, AppliesEachMigrationOnceAndRecordsIt) {
  std::unique_ptr<PgConnection> connection = Connect();
  ASSERT_NE(connection, nullptr);
  absl::StatusOr<int> version = ApplyMigrations(
      *connection, absl::MakeSpan(kTwo).first(1), absl::FromUnixMillis(1000));
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, 1);

  version = ApplyMigrations(*connection, kTwo, absl::FromUnixMillis(2000));
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, 2);
  version = ApplyMigrations(*connection, kTwo, absl::FromUnixMillis(3000));
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, 2);

  EXPECT_EQ(Query("SELECT version, description, applied_ms FROM "
                  "schema_migrations ORDER BY version"),
            (std::vector<std::vector<std::string>>{{"1", "first", "1000"},
                                                   {"2", "second", "2000"}}));
  EXPECT_EQ(Query("SELECT count(*) FROM t1"),
            (std::vector<std::vector<std::string>>{{"1"}}));
  EXPECT_TRUE(connection->Healthy());  // Outside any transaction.
}

TEST_F(PgSchemaTest, ConcurrentStartsApplyEachMigrationExactlyOnce) {
  constexpr int kReplicas = 8;
  std::vector<std::unique_ptr<PgConnection>> connections;
  for (int i = 0; i < kReplicas; ++i) {
    connections.push_back(Connect());
    ASSERT_NE(connections.back(), nullptr);
  }
  // Without the lock, CREATE TABLE t1 (no IF NOT EXISTS) would fail in all
  // but one.
  absl::Notification go;
  std::vector<absl::StatusOr<int>> results(kReplicas, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kReplicas; ++i) {
    threads.emplace_back([&, i] {
      go.WaitForNotification();
      results[i] = ApplyMigrations(*connections[i], kTwo, absl::Now());
    });
  }
  go.Notify();
  for (std::thread& thread : threads) thread.join();
  for (const absl::StatusOr<int>& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(*result, 2);
  }
  EXPECT_EQ(Query("SELECT count(*) FROM schema_migrations"),
            (std::vector<std::vector<std::string>>{{"2"}}));
  EXPECT_EQ(Query("SELECT count(*) FROM t1"),
            (std::vector<std::vector<std::string>>{{"1"}}));
}

TEST_F(PgSchemaTest, AFailedMigrationRollsEveryOneBack) {
  constexpr PgMigration kBroken[] = {
      {1, "fine", "CREATE TABLE t1 (x INT);"},
      {2, "broken", "CREATE TABLE t2 (y NO_SUCH_TYPE);"},
  };
  std::unique_ptr<PgConnection> connection = Connect();
  ASSERT_NE(connection, nullptr);
  absl::StatusOr<int> version =
      ApplyMigrations(*connection, kBroken, absl::Now());
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Query("SELECT to_regclass('t1') IS NULL, "
                  "to_regclass('schema_migrations') IS NULL"),
            (std::vector<std::vector<std::string>>{{"t", "t"}}));
  EXPECT_TRUE(connection->Healthy());
}

TEST_F(PgSchemaTest, ANewerDatabaseIsRefused) {
  std::unique_ptr<PgConnection> connection = Connect();
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(ApplyMigrations(*connection, kTwo, absl::Now()).ok());
  absl::StatusOr<int> older =
      ApplyMigrations(*connection, absl::MakeSpan(kTwo).first(1), absl::Now());
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(connection->Healthy());
}

TEST_F(PgSchemaTest, VersionsMustBeConsecutive) {
  constexpr PgMigration kGap[] = {{1, "a", "SELECT 1"}, {3, "c", "SELECT 1"}};
  std::unique_ptr<PgConnection> connection = Connect();
  ASSERT_NE(connection, nullptr);
  EXPECT_EQ(ApplyMigrations(*connection, kGap, absl::Now()).status().code(),
            absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace pg
}  // namespace msp_gateway
