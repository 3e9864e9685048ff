// Copyright 2026 The msp-gateway Authors.

#include "service/store/sqlite/sqlite_order_store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "service/store/order_event_store.h"
#include "service/store/order_event_store_conformance.h"
#include "service/store/order_store.h"
#include "service/store/order_store_conformance.h"
#include "service/store/sqlite/sqlite_migrations.h"
#include "tests/harness/process_harness.h"

namespace msp_gateway {
namespace {

// A new directory for each database file of this test binary.
std::string NewDatabasePath() {
  absl::StatusOr<std::string> dir = harness::MakeTempDir("sqlite_store");
  EXPECT_TRUE(dir.ok()) << dir.status();
  return dir.ok() ? *dir + "/orders.db" : std::string();
}

OrderStoreFactory SqliteFactory() {
  auto path = std::make_shared<std::string>();
  OrderStoreFactory factory;
  factory.name = "sqlite";
  factory.open_fresh = [path]() -> absl::StatusOr<std::unique_ptr<OrderStore>> {
    *path = NewDatabasePath();
    absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
        SqliteOrderStore::Open(*path);
    if (!store.ok()) return store.status();
    return std::unique_ptr<OrderStore>(std::move(*store));
  };
  factory.open_same = [path]() -> absl::StatusOr<std::unique_ptr<OrderStore>> {
    absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
        SqliteOrderStore::Open(*path);
    if (!store.ok()) return store.status();
    return std::unique_ptr<OrderStore>(std::move(*store));
  };
  return factory;
}

MSP_INSTANTIATE_ORDER_STORE_CONFORMANCE(Sqlite, SqliteFactory());

// The same stores, as OrderEventStores. In-process wakes only: a second
// SqliteOrderStore on the file does not hear the first one's appends.
OrderEventStoreFactory SqliteEventFactory() {
  auto path = std::make_shared<std::string>();
  OrderEventStoreFactory factory;
  factory.name = "sqlite";
  factory.open_fresh =
      [path]() -> absl::StatusOr<std::unique_ptr<OrderEventStore>> {
    *path = NewDatabasePath();
    absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
        SqliteOrderStore::Open(*path);
    if (!store.ok()) return store.status();
    return std::unique_ptr<OrderEventStore>(std::move(*store));
  };
  factory.open_same =
      [path]() -> absl::StatusOr<std::unique_ptr<OrderEventStore>> {
    absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
        SqliteOrderStore::Open(*path);
    if (!store.ok()) return store.status();
    return std::unique_ptr<OrderEventStore>(std::move(*store));
  };
  return factory;
}

MSP_INSTANTIATE_ORDER_EVENT_STORE_CONFORMANCE(Sqlite, SqliteEventFactory());

// --- Raw SQLite access to the store's file, to see what it wrote. ---------

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

Db OpenRaw(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr),
            SQLITE_OK)
      << path;
  sqlite3_busy_timeout(db, 10000);
  return Db(db);
}

// The first column of each row of `sql`, as text.
std::vector<std::string> Column(sqlite3* db, const char* sql) {
  std::vector<std::string> values;
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
  EXPECT_EQ(rc, SQLITE_OK) << sqlite3_errmsg(db);
  if (rc != SQLITE_OK) return values;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement, 0);
    values.push_back(text == nullptr ? ""
                                     : reinterpret_cast<const char*>(text));
  }
  sqlite3_finalize(statement);
  return values;
}

ClaimRequest Request(const std::string& key) {
  ClaimRequest request;
  request.key = key;
  request.fingerprint = std::string("fp\0x", 4);
  request.order_id = "ord-1";
  request.owner = "replica-a";
  request.now = absl::FromUnixMillis(1767225600000);
  request.lease_expires = request.now + absl::Seconds(30);
  return request;
}

std::vector<std::string> AllMigrationVersions() {
  std::vector<std::string> versions;
  for (const SqliteMigration& migration : SqliteOrderStore::Migrations()) {
    versions.push_back(absl::StrCat(migration.version));
  }
  return versions;
}

TEST(SqliteOrderStoreTest, UsesTheWalJournal) {
  const std::string path = NewDatabasePath();
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
      SqliteOrderStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->kind(), "sqlite");
  // WAL is a property of the file: another connection sees it.
  Db raw = OpenRaw(path);
  EXPECT_EQ(Column(raw.get(), "PRAGMA journal_mode"),
            std::vector<std::string>{"wal"});
}

TEST(SqliteOrderStoreTest, CreatesTheSchemaAndRecordsTheMigrations) {
  const std::string path = NewDatabasePath();
  ASSERT_FALSE(SqliteOrderStore::Migrations().empty());
  { ASSERT_TRUE(SqliteOrderStore::Open(path).ok()); }
  Db raw = OpenRaw(path);
  EXPECT_EQ(Column(raw.get(),
                   "SELECT version FROM schema_migrations ORDER BY version"),
            AllMigrationVersions());
  std::vector<std::string> applied_at =
      Column(raw.get(), "SELECT applied_at_ms FROM schema_migrations");
  for (const std::string& ms : applied_at) {
    EXPECT_GT(std::atoll(ms.c_str()), 0) << ms;
  }
  EXPECT_EQ(Column(raw.get(),
                   "SELECT name FROM sqlite_master WHERE type = 'index' AND "
                   "tbl_name = 'idempotency_records' AND sql IS NOT NULL "
                   "ORDER BY name"),
            (std::vector<std::string>{"idempotency_records_by_created",
                                      "idempotency_records_by_state"}));
  EXPECT_EQ(Column(raw.get(),
                   "SELECT name FROM pragma_table_info('idempotency_records') "
                   "ORDER BY cid"),
            (std::vector<std::string>{"key", "fingerprint", "order_id", "state",
                                      "response", "owner", "lease_expires_ms",
                                      "attempts", "version", "created_ms",
                                      "updated_ms", "request"}));
}

TEST(SqliteOrderStoreTest, ReopeningAppliesNoMigrationTwice) {
  const std::string path = NewDatabasePath();
  { ASSERT_TRUE(SqliteOrderStore::Open(path).ok()); }
  std::vector<std::string> first_applied_at;
  {
    Db raw = OpenRaw(path);
    first_applied_at = Column(
        raw.get(), "SELECT applied_at_ms FROM schema_migrations ORDER BY 1");
  }
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<std::unique_ptr<SqliteOrderStore>> again =
        SqliteOrderStore::Open(path);
    ASSERT_TRUE(again.ok()) << again.status();
  }
  Db raw = OpenRaw(path);
  EXPECT_EQ(Column(raw.get(),
                   "SELECT version FROM schema_migrations ORDER BY version"),
            AllMigrationVersions());
  EXPECT_EQ(Column(raw.get(),
                   "SELECT applied_at_ms FROM schema_migrations ORDER BY 1"),
            first_applied_at);
}

TEST(SqliteOrderStoreTest, AFileMigratedByANewerReleaseIsRefused) {
  const std::string path = NewDatabasePath();
  { ASSERT_TRUE(SqliteOrderStore::Open(path).ok()); }
  {
    Db raw = OpenRaw(path);
    ASSERT_EQ(
        sqlite3_exec(raw.get(), "INSERT INTO schema_migrations VALUES (999, 1)",
                     nullptr, nullptr, nullptr),
        SQLITE_OK);
  }
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
      SqliteOrderStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition)
      << store.status();
  EXPECT_TRUE(absl::StrContains(store.status().message(), path))
      << store.status();
}

// A file written by the first release (schema 1) keeps its records when a
// later one opens it: they read back with the columns added since empty.
TEST(SqliteOrderStoreTest, AFileOfTheFirstSchemaIsUpgradedInPlace) {
  const std::string path = NewDatabasePath();
  {
    sqlite3* created = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &created), SQLITE_OK);
    Db raw(created);
    ASSERT_TRUE(ApplySqliteMigrations(
                    raw.get(), SqliteOrderStore::Migrations().subspan(0, 1),
                    absl::Now())
                    .ok());
    ASSERT_EQ(sqlite3_exec(raw.get(),
                           "INSERT INTO idempotency_records VALUES ("
                           "'CreateOrder/ord-1', X'00', 'ord-1', 'completed', "
                           "X'0a01', '', 0, 1, 2, 1, 2)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(raw.get());
  }
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
      SqliteOrderStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<std::optional<OrderRecord>> record =
      (*store)->Get("CreateOrder/ord-1");
  ASSERT_TRUE(record.ok()) << record.status();
  ASSERT_TRUE(record->has_value());
  EXPECT_EQ((*record)->state, RecordState::kCompleted);
  EXPECT_EQ((*record)->response, "\x0a\x01");
  EXPECT_EQ((*record)->request, "");
  EXPECT_EQ((*record)->version, 2);
}

TEST(SqliteOrderStoreTest, CreatesTheOrderEventTables) {
  const std::string path = NewDatabasePath();
  { ASSERT_TRUE(SqliteOrderStore::Open(path).ok()); }
  Db raw = OpenRaw(path);
  EXPECT_EQ(
      Column(raw.get(),
             "SELECT name FROM pragma_table_info('order_states') "
             "ORDER BY cid"),
      (std::vector<std::string>{
          "order_id", "state", "final", "created_by_gateway", "next_poll_ms",
          "poll_attempts", "version", "created_ms", "updated_ms"}));
  EXPECT_EQ(
      Column(raw.get(),
             "SELECT name FROM pragma_table_info('order_events') "
             "ORDER BY cid"),
      (std::vector<std::string>{"cursor", "order_id", "event", "appended_ms"}));
  EXPECT_EQ(Column(raw.get(),
                   "SELECT name FROM sqlite_master WHERE type = 'index' AND "
                   "tbl_name IN ('order_states', 'order_events') AND sql IS "
                   "NOT NULL ORDER BY name"),
            (std::vector<std::string>{
                "order_events_by_appended", "order_events_by_order",
                "order_states_by_updated", "order_states_to_poll"}));
  // The poll query and the filtered read use their indexes.
  std::vector<std::string> plan_details;
  for (const char* sql :
       {"EXPLAIN QUERY PLAN SELECT order_id FROM order_states WHERE "
        "final = 0 AND next_poll_ms <= 5 ORDER BY next_poll_ms, order_id "
        "LIMIT 10",
        "EXPLAIN QUERY PLAN SELECT cursor FROM order_events WHERE "
        "order_id = 'a' AND cursor > 5 ORDER BY cursor LIMIT 10"}) {
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(raw.get(), sql, -1, &statement, nullptr),
              SQLITE_OK);
    std::string detail;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      // The last column of EXPLAIN QUERY PLAN is its text.
      const int last = sqlite3_column_count(statement) - 1;
      detail +=
          reinterpret_cast<const char*>(sqlite3_column_text(statement, last));
      detail += "; ";
    }
    sqlite3_finalize(statement);
    plan_details.push_back(detail);
  }
  EXPECT_TRUE(absl::StrContains(plan_details[0], "order_states_to_poll"))
      << plan_details[0];
  EXPECT_FALSE(absl::StrContains(plan_details[0], "TEMP B-TREE"))
      << plan_details[0];
  EXPECT_TRUE(absl::StrContains(plan_details[1], "order_events_by_order"))
      << plan_details[1];
}

// A file of schema 2 (before the event tables) keeps its records and
// gains the tables.
TEST(SqliteOrderStoreTest, AFileOfSchemaTwoGainsTheEventTables) {
  const std::string path = NewDatabasePath();
  {
    sqlite3* created = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &created), SQLITE_OK);
    Db raw(created);
    ASSERT_TRUE(ApplySqliteMigrations(
                    raw.get(), SqliteOrderStore::Migrations().subspan(0, 2),
                    absl::Now())
                    .ok());
  }
  {
    absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
        SqliteOrderStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status();
    absl::StatusOr<ClaimResult> claim = (*store)->Claim(Request("k"));
    ASSERT_TRUE(claim.ok()) << claim.status();
  }
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
      SqliteOrderStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<std::optional<OrderRecord>> record = (*store)->Get("k");
  ASSERT_TRUE(record.ok() && record->has_value());
  absl::StatusOr<EventCursorRange> range = (*store)->EventCursors();
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_EQ(range->newest, 0);
}

// One object, one connection: a claim and an order change are on the same
// file, and the store is both interfaces.
TEST(SqliteOrderStoreTest, OneStoreIsBothInterfaces) {
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
      SqliteOrderStore::Open(NewDatabasePath());
  ASSERT_TRUE(store.ok()) << store.status();
  OrderStore& orders = **store;
  OrderEventStore& events = **store;
  ASSERT_TRUE(orders.Claim(Request("k")).ok());
  absl::StatusOr<ApplyOrderChangeResult> applied = events.ApplyOrderChange(
      "ord-1", absl::FromUnixMillis(1767225600000),
      [](const std::optional<OrderState>&)
          -> absl::StatusOr<std::optional<OrderStateChange>> {
        OrderStateChange change;
        change.state.order_id = "ord-1";
        change.event = "e";
        return std::optional<OrderStateChange>(change);
      });
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(applied->cursor, std::optional<int64_t>(1));
  EXPECT_TRUE(orders.Ping().ok());
}

TEST(SqliteOrderStoreTest,
     AnOrderChangeUnderAnotherProcessesLockIsUnavailable) {
  const std::string path = NewDatabasePath();
  SqliteOrderStoreOptions options;
  options.busy_timeout = absl::ZeroDuration();
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
      SqliteOrderStore::Open(path, options);
  ASSERT_TRUE(store.ok()) << store.status();
  int calls = 0;
  auto decide = [&calls](const std::optional<OrderState>&)
      -> absl::StatusOr<std::optional<OrderStateChange>> {
    ++calls;
    OrderStateChange change;
    change.state.order_id = "ord-1";
    change.event = "e";
    return std::optional<OrderStateChange>(change);
  };
  const absl::Time now = absl::FromUnixMillis(1767225600000);

  Db other = OpenRaw(path);
  ASSERT_EQ(
      sqlite3_exec(other.get(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr),
      SQLITE_OK);
  absl::StatusOr<ApplyOrderChangeResult> blocked =
      (*store)->ApplyOrderChange("ord-1", now, decide);
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kUnavailable)
      << blocked.status();
  EXPECT_EQ(calls, 0) << "the decider ran without the lock";
  // Reads go on under WAL.
  EXPECT_TRUE((*store)->ReadEvents(0, {}, 10).ok());
  const std::vector<std::string> filter = {"ord-1", "ord-2"};
  EXPECT_TRUE((*store)->ReadEvents(0, filter, 10).ok());
  EXPECT_TRUE((*store)->EventCursors().ok());
  ASSERT_EQ(sqlite3_exec(other.get(), "COMMIT", nullptr, nullptr, nullptr),
            SQLITE_OK);

  absl::StatusOr<ApplyOrderChangeResult> applied =
      (*store)->ApplyOrderChange("ord-1", now, decide);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(applied->cursor.has_value());
}

TEST(SqliteOrderStoreTest, StoresOpeningOneNewFileAtOnceAllSucceed) {
  constexpr int kStores = 8;
  for (int round = 0; round < 5; ++round) {
    const std::string path = NewDatabasePath();
    std::vector<absl::StatusOr<std::unique_ptr<SqliteOrderStore>>> stores(
        kStores);
    absl::Notification start;
    std::vector<std::thread> threads;
    for (int i = 0; i < kStores; ++i) {
      threads.emplace_back([&, i] {
        start.WaitForNotification();
        stores[i] = SqliteOrderStore::Open(path);
      });
    }
    start.Notify();
    for (std::thread& thread : threads) thread.join();
    for (const auto& store : stores) {
      ASSERT_TRUE(store.ok()) << store.status();
    }
    Db raw = OpenRaw(path);
    EXPECT_EQ(Column(raw.get(),
                     "SELECT version FROM schema_migrations ORDER BY version"),
              AllMigrationVersions());
    // And they work on one table.
    absl::StatusOr<ClaimResult> claim = (*stores[0])->Claim(Request("k"));
    ASSERT_TRUE(claim.ok()) << claim.status();
    absl::StatusOr<std::optional<OrderRecord>> seen =
        (*stores[kStores - 1])->Get("k");
    ASSERT_TRUE(seen.ok()) << seen.status();
    EXPECT_TRUE(seen->has_value());
  }
}

TEST(SqliteOrderStoreTest, MemoryIsRefusedOutsideTests) {
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> refused =
      SqliteOrderStore::Open(":memory:");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(refused.status().message(), ":memory:"))
      << refused.status();

  SqliteOrderStoreOptions options;
  options.allow_memory_for_tests = true;
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
      SqliteOrderStore::Open(":memory:", options);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<ClaimResult> claim = (*store)->Claim(Request("k"));
  ASSERT_TRUE(claim.ok()) << claim.status();
  EXPECT_TRUE(claim->claimed);
}

TEST(SqliteOrderStoreTest, UriAndEmptyPathsAreRefused) {
  for (const char* path : {"", "file::memory:", "file:orders.db?mode=memory"}) {
    absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
        SqliteOrderStore::Open(path);
    ASSERT_FALSE(store.ok()) << path;
    EXPECT_EQ(store.status().code(), absl::StatusCode::kInvalidArgument)
        << path << ": " << store.status();
  }
}

TEST(SqliteOrderStoreTest, AMissingDirectoryIsNotCreated) {
  absl::StatusOr<std::string> dir = harness::MakeTempDir("sqlite_store");
  ASSERT_TRUE(dir.ok()) << dir.status();
  const std::string missing = *dir + "/not-mounted";
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
      SqliteOrderStore::Open(missing + "/orders.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(store.status().message(), missing))
      << store.status();
  EXPECT_NE(access(missing.c_str(), F_OK), 0) << "created " << missing;
}

TEST(SqliteOrderStoreTest, AFileAsTheDirectoryIsRefused) {
  const std::string path = NewDatabasePath();
  std::ofstream(path) << "x";
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
      SqliteOrderStore::Open(path + "/orders.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition)
      << store.status();
}

TEST(SqliteOrderStoreTest, AFileThatIsNoDatabaseIsInternal) {
  const std::string path = NewDatabasePath();
  std::ofstream(path) << std::string(8192, 'x');
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
      SqliteOrderStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kInternal)
      << store.status();
  EXPECT_TRUE(absl::StrContains(store.status().message(), "not a database"))
      << store.status();
}

TEST(SqliteOrderStoreTest, ALockHeldByAnotherProcessIsUnavailable) {
  const std::string path = NewDatabasePath();
  SqliteOrderStoreOptions options;
  options.busy_timeout = absl::ZeroDuration();  // Fail at once.
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
      SqliteOrderStore::Open(path, options);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<ClaimResult> claimed = (*store)->Claim(Request("k"));
  ASSERT_TRUE(claimed.ok()) << claimed.status();

  // Another connection (as another process would) holds the write lock.
  Db other = OpenRaw(path);
  ASSERT_EQ(
      sqlite3_exec(other.get(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr),
      SQLITE_OK);
  absl::StatusOr<ClaimResult> claim = (*store)->Claim(Request("k2"));
  EXPECT_EQ(claim.status().code(), absl::StatusCode::kUnavailable)
      << claim.status();
  absl::StatusOr<bool> update = (*store)->Update(claimed->record);
  EXPECT_EQ(update.status().code(), absl::StatusCode::kUnavailable)
      << update.status();
  absl::StatusOr<bool> release = (*store)->Release("k", 1);
  EXPECT_EQ(release.status().code(), absl::StatusCode::kUnavailable)
      << release.status();
  absl::StatusOr<size_t> purge =
      (*store)->PurgeCreatedBefore(absl::InfiniteFuture(), 10);
  EXPECT_EQ(purge.status().code(), absl::StatusCode::kUnavailable)
      << purge.status();
  // Readers are not blocked by a writer under WAL.
  absl::StatusOr<std::optional<OrderRecord>> read = (*store)->Get("k");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE(read->has_value());
  EXPECT_TRUE((*store)->Ping().ok());

  // Once the lock is released, the store works again: nothing was left
  // half-done (no transaction of its own open).
  ASSERT_EQ(sqlite3_exec(other.get(), "COMMIT", nullptr, nullptr, nullptr),
            SQLITE_OK);
  absl::StatusOr<ClaimResult> retried = (*store)->Claim(Request("k2"));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_TRUE(retried->claimed);
}

TEST(SqliteOrderStoreTest, RecordsSurviveClosingTheStore) {
  const std::string path = NewDatabasePath();
  OrderRecord completed;
  {
    absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
        SqliteOrderStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status();
    absl::StatusOr<ClaimResult> claim = (*store)->Claim(Request("k"));
    ASSERT_TRUE(claim.ok()) << claim.status();
    completed = claim->record;
    completed.state = RecordState::kCompleted;
    completed.response = std::string("answer\0bytes", 12);
    absl::StatusOr<bool> updated = (*store)->Update(completed);
    ASSERT_TRUE(updated.ok() && *updated);
  }  // Closed: the WAL is checkpointed into the file.
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> reopened =
      SqliteOrderStore::Open(path);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  absl::StatusOr<std::optional<OrderRecord>> record = (*reopened)->Get("k");
  ASSERT_TRUE(record.ok()) << record.status();
  ASSERT_TRUE(record->has_value());
  EXPECT_EQ((*record)->state, RecordState::kCompleted);
  EXPECT_EQ((*record)->response, completed.response);
  EXPECT_EQ((*record)->version, 2);
}

// A process that dies without closing (kill -9, OOM): what it committed is
// in the WAL, and the next process to open the file sees it.
TEST(SqliteOrderStoreDeathTest, RecordsSurviveAProcessThatDiesWithoutClosing) {
  // "fast": the child is a fork of this process, so it writes the same
  // `path` (the "threadsafe" style re-runs the test body, which would make
  // a new directory).
  GTEST_FLAG_SET(death_test_style, "fast");
  const std::string path = NewDatabasePath();
  EXPECT_EXIT(
      {
        absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
            SqliteOrderStore::Open(path);
        if (!store.ok()) _exit(2);
        absl::StatusOr<ClaimResult> claim = (*store)->Claim(Request("k"));
        if (!claim.ok() || !claim->claimed) _exit(3);
        // Never closed, no destructor, no checkpoint.
        (void)store->release();
        _exit(0);
      },
      ::testing::ExitedWithCode(0), "");
  absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
      SqliteOrderStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<std::optional<OrderRecord>> record = (*store)->Get("k");
  ASSERT_TRUE(record.ok()) << record.status();
  ASSERT_TRUE(record->has_value());
  EXPECT_EQ((*record)->owner, "replica-a");
  EXPECT_EQ((*record)->fingerprint, std::string("fp\0x", 4));
}

}  // namespace
}  // namespace msp_gateway
