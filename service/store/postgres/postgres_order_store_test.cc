// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/postgres_order_store.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libpq-fe.h"
#include "service/store/order_event_store.h"
#include "service/store/order_event_store_conformance.h"
#include "service/store/order_store.h"
#include "service/store/order_store_conformance.h"
#include "service/store/postgres/pg_test_server.h"
#include "service/store/store_test_util.h"
#include "tests/harness/postgres_server.h"

namespace msp_gateway {
namespace {
using ::msp_gateway::store_testing::WakeCounter;

using ::testing::HasSubstr;
using ::testing::Not;

// Generous: 16 conformance threads share the pool, under ASan too.
PostgresOrderStoreOptions ConformanceOptions() {
  PostgresOrderStoreOptions options;
  options.pool_size = 8;
  options.pool_wait_timeout = absl::Seconds(30);
  options.statement_timeout = absl::Seconds(30);
  return options;
}

OrderStoreFactory PostgresFactory() {
  auto dsn = std::make_shared<std::string>();
  OrderStoreFactory factory;
  factory.name = "postgresql";
  factory.open_fresh = [dsn]() -> absl::StatusOr<std::unique_ptr<OrderStore>> {
    absl::StatusOr<std::string> fresh = pg::FreshDatabase();
    if (!fresh.ok()) return fresh.status();
    *dsn = *fresh;
    absl::StatusOr<std::unique_ptr<PostgresOrderStore>> store =
        PostgresOrderStore::Open(*dsn, ConformanceOptions());
    if (!store.ok()) return store.status();
    return std::unique_ptr<OrderStore>(*std::move(store));
  };
  factory.open_same = [dsn]() -> absl::StatusOr<std::unique_ptr<OrderStore>> {
    absl::StatusOr<std::unique_ptr<PostgresOrderStore>> store =
        PostgresOrderStore::Open(*dsn, ConformanceOptions());
    if (!store.ok()) return store.status();
    return std::unique_ptr<OrderStore>(*std::move(store));
  };
  return factory;
}

OrderEventStoreFactory PostgresEventFactory() {
  auto dsn = std::make_shared<std::string>();
  OrderEventStoreFactory factory;
  factory.name = "postgresql";
  factory.open_fresh =
      [dsn]() -> absl::StatusOr<std::unique_ptr<OrderEventStore>> {
    absl::StatusOr<std::string> fresh = pg::FreshDatabase();
    if (!fresh.ok()) return fresh.status();
    *dsn = *fresh;
    absl::StatusOr<std::unique_ptr<PostgresOrderStore>> store =
        PostgresOrderStore::Open(*dsn, ConformanceOptions());
    if (!store.ok()) return store.status();
    return std::unique_ptr<OrderEventStore>(*std::move(store));
  };
  factory.open_same =
      [dsn]() -> absl::StatusOr<std::unique_ptr<OrderEventStore>> {
    absl::StatusOr<std::unique_ptr<PostgresOrderStore>> store =
        PostgresOrderStore::Open(*dsn, ConformanceOptions());
    if (!store.ok()) return store.status();
    return std::unique_ptr<OrderEventStore>(*std::move(store));
  };
  // LISTEN/NOTIFY.
  factory.wakes_across_stores = true;
  return factory;
}

}  // namespace

MSP_INSTANTIATE_ORDER_STORE_CONFORMANCE(Postgres, PostgresFactory());
MSP_INSTANTIATE_ORDER_EVENT_STORE_CONFORMANCE(Postgres, PostgresEventFactory());

namespace {

constexpr int64_t kBaseMs = 1767225600000;
absl::Time T(int64_t ms) { return absl::FromUnixMillis(kBaseMs + ms); }

ClaimRequest Request(absl::string_view key) {
  ClaimRequest request;
  request.key = std::string(key);
  request.fingerprint = std::string("fp\0\xff", 4);
  request.order_id = absl::StrCat("ord-", key);
  request.owner = "replica-a";
  request.now = T(10);
  request.lease_expires = T(30010);
  return request;
}

// A session of its own, outside the store: holds a row lock to make the
// store's statements wait.
class RowLocker {
 public:
  explicit RowLocker(const std::string& dsn)
      : conn_(PQconnectdb(dsn.c_str())) {}
  ~RowLocker() { PQfinish(conn_); }

  // BEGIN; SELECT ... FOR UPDATE of `key`'s row (kept until Unlock()).
  bool Lock(const std::string& key) {
    if (PQstatus(conn_) != CONNECTION_OK) return false;
    if (!Command("BEGIN")) return false;
    const char* values[] = {key.c_str()};
    PGresult* result = PQexecParams(
        conn_, "SELECT 1 FROM idempotency_records WHERE key = $1 FOR UPDATE", 1,
        nullptr, values, nullptr, nullptr, 0);
    const bool locked =
        PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1;
    PQclear(result);
    return locked;
  }
  bool Unlock() { return Command("ROLLBACK"); }

 private:
  bool Command(const char* sql) {
    PGresult* result = PQexec(conn_, sql);
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    return ok;
  }

  PGconn* conn_;
};

// A session of its own that runs statements as given (a transaction left
// open holds its locks).
class RawSession {
 public:
  explicit RawSession(const std::string& dsn)
      : conn_(PQconnectdb(dsn.c_str())) {}
  ~RawSession() { PQfinish(conn_); }

  bool Exec(const std::string& sql) {
    if (PQstatus(conn_) != CONNECTION_OK) return false;
    PGresult* result = PQexec(conn_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    PQclear(result);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  }

 private:
  PGconn* conn_;
};

// Writes `order_id` with an event; counts the decider's calls.
absl::StatusOr<ApplyOrderChangeResult> AppendEvent(OrderEventStore& store,
                                                   const std::string& order_id,
                                                   int* calls = nullptr) {
  return store.ApplyOrderChange(
      order_id, T(10),
      [&order_id, calls](const std::optional<OrderState>&)
          -> absl::StatusOr<std::optional<OrderStateChange>> {
        if (calls != nullptr) ++*calls;
        OrderStateChange change;
        change.state.order_id = order_id;
        change.state.state = "s";
        change.event = "e";
        return std::optional<OrderStateChange>(change);
      });
}

class PostgresOrderStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = pg::TestServer();
    ASSERT_NE(server_, nullptr);
    absl::StatusOr<std::string> dsn = pg::FreshDatabase();
    ASSERT_TRUE(dsn.ok()) << dsn.status();
    dsn_ = *dsn;
    database_ = dsn_.substr(dsn_.rfind('/') + 1);
  }
  // Every test leaves the server running for the next (and for the
  // conformance suite), whatever it did to it.
  void TearDown() override {
    if (server_ != nullptr) {
      server_->Resume().IgnoreError();
      EXPECT_TRUE(server_->Start().ok());
    }
  }

  std::unique_ptr<PostgresOrderStore> Open(
      const PostgresOrderStoreOptions& options = {}) {
    absl::StatusOr<std::unique_ptr<PostgresOrderStore>> store =
        PostgresOrderStore::Open(dsn_, options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  std::vector<std::vector<std::string>> Query(const std::string& sql) {
    auto rows = server_->ExecuteAsSuperuser(sql, database_);
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? *rows : std::vector<std::vector<std::string>>();
  }

  // Polls pg_stat_activity until a session of this database waits for a
  // lock (the store's statement is blocked); false after 30 s.
  bool WaitForALockWait() {
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    while (absl::Now() < deadline) {
      auto rows = server_->ExecuteAsSuperuser(
          absl::StrCat(
              "SELECT count(*) FROM pg_stat_activity WHERE datname = '",
              database_, "' AND wait_event_type = 'Lock'"),
          "postgres");
      if (rows.ok() && !rows->empty() && (*rows)[0][0] != "0") return true;
      absl::SleepFor(absl::Milliseconds(10));
    }
    return false;
  }

  // The status says nothing of the credentials.
  void ExpectNoSecrets(const absl::Status& status) {
    EXPECT_THAT(status.message(), Not(HasSubstr(server_->password())));
    EXPECT_THAT(status.message(), Not(HasSubstr(dsn_)));
    EXPECT_THAT(status.message(), Not(HasSubstr("postgresql://")));
  }

  harness::PostgresServer* server_ = nullptr;
  std::string dsn_;
  std::string database_;
};

TEST_F(PostgresOrderStoreTest, OpenCreatesTheVersionedSchema) {
  std::unique_ptr<PostgresOrderStore> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->kind(), "postgresql");
  std::vector<std::vector<std::string>> migrations;
  for (const pg::PgMigration& migration : PostgresOrderStore::Migrations()) {
    migrations.push_back(
        {absl::StrCat(migration.version), std::string(migration.description)});
  }
  EXPECT_EQ(Query("SELECT version, description FROM schema_migrations "
                  "ORDER BY version"),
            migrations);
  EXPECT_EQ(
      Query("SELECT column_name, data_type FROM "
            "information_schema.columns WHERE table_name = "
            "'idempotency_records' ORDER BY ordinal_position"),
      (std::vector<std::vector<std::string>>{{"key", "text"},
                                             {"fingerprint", "bytea"},
                                             {"order_id", "text"},
                                             {"state", "text"},
                                             {"response", "bytea"},
                                             {"owner", "text"},
                                             {"lease_expires_ms", "bigint"},
                                             {"attempts", "integer"},
                                             {"version", "bigint"},
                                             {"created_ms", "bigint"},
                                             {"updated_ms", "bigint"},
                                             {"request", "bytea"}}));
  EXPECT_EQ(Query("SELECT indexname FROM pg_indexes WHERE tablename = "
                  "'idempotency_records' ORDER BY indexname"),
            (std::vector<std::vector<std::string>>{
                {"idempotency_records_created"},
                {"idempotency_records_pkey"},
                {"idempotency_records_reconcile"}}));
}

TEST_F(PostgresOrderStoreTest, OpenCreatesTheOrderEventTables) {
  std::unique_ptr<PostgresOrderStore> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(
      Query("SELECT column_name, data_type FROM "
            "information_schema.columns WHERE table_name = "
            "'order_states' ORDER BY ordinal_position"),
      (std::vector<std::vector<std::string>>{{"order_id", "text"},
                                             {"state", "bytea"},
                                             {"final", "boolean"},
                                             {"created_by_gateway", "boolean"},
                                             {"next_poll_ms", "bigint"},
                                             {"poll_attempts", "integer"},
                                             {"version", "bigint"},
                                             {"created_ms", "bigint"},
                                             {"updated_ms", "bigint"}}));
  EXPECT_EQ(Query("SELECT column_name, data_type FROM "
                  "information_schema.columns WHERE table_name = "
                  "'order_events' ORDER BY ordinal_position"),
            (std::vector<std::vector<std::string>>{{"cursor", "bigint"},
                                                   {"order_id", "text"},
                                                   {"event", "bytea"},
                                                   {"appended_ms", "bigint"}}));
  EXPECT_EQ(Query("SELECT indexname FROM pg_indexes WHERE tablename IN "
                  "('order_states', 'order_events') ORDER BY indexname"),
            (std::vector<std::vector<std::string>>{{"order_events_appended"},
                                                   {"order_events_by_order"},
                                                   {"order_events_pkey"},
                                                   {"order_states_pkey"},
                                                   {"order_states_to_poll"},
                                                   {"order_states_updated"}}));
  EXPECT_EQ(Query("SELECT id, last_cursor FROM order_event_counter"),
            (std::vector<std::vector<std::string>>{{"t", "0"}}));
  // No sequence hands out cursors.
  EXPECT_EQ(Query("SELECT count(*) FROM pg_sequences"),
            (std::vector<std::vector<std::string>>{{"0"}}));
}

TEST_F(PostgresOrderStoreTest, AnAppendOnOneReplicaWakesASubscriberOnAnother) {
  std::unique_ptr<PostgresOrderStore> a = Open();
  std::unique_ptr<PostgresOrderStore> b = Open();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  WakeCounter wakes;
  absl::StatusOr<std::unique_ptr<AppendSubscription>> subscription =
      b->SubscribeToAppends(wakes.Callback());
  ASSERT_TRUE(subscription.ok()) << subscription.status();
  EXPECT_NE(b->listener_backend_pid(), 0) << "not listening yet";
  EXPECT_EQ(a->listener_backend_pid(), 0) << "A has no subscriber";
  EXPECT_EQ(b->open_connections(), 1) << "the listener is not the pool's";

  for (int round = 0; round < 3; ++round) {
    const int before = wakes.count();
    const absl::Time start = absl::Now();
    absl::StatusOr<ApplyOrderChangeResult> appended =
        AppendEvent(*a, absl::StrCat("ord-", round));
    ASSERT_TRUE(appended.ok()) << appended.status();
    // The issue's bound: within a second on another replica.
    EXPECT_TRUE(wakes.WaitForMoreThan(before, absl::Seconds(1)))
        << "round " << round;
    EXPECT_LT(absl::Now() - start, absl::Seconds(1));
    absl::StatusOr<std::vector<StoredOrderEvent>> events =
        b->ReadEvents(0, {}, 10);
    ASSERT_TRUE(events.ok()) << events.status();
    ASSERT_FALSE(events->empty());
    EXPECT_EQ(events->back().cursor, appended->cursor);
  }

  // A state written without an event notifies nobody.
  const int quiet_before = wakes.count();
  absl::StatusOr<ApplyOrderChangeResult> quiet = a->ApplyOrderChange(
      "ord-quiet", T(10),
      [](const std::optional<OrderState>&)
          -> absl::StatusOr<std::optional<OrderStateChange>> {
        OrderStateChange change;
        change.state.order_id = "ord-quiet";
        return std::optional<OrderStateChange>(change);
      });
  ASSERT_TRUE(quiet.ok()) << quiet.status();
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(wakes.count(), quiet_before);
}

TEST_F(PostgresOrderStoreTest, TheListenerReconnectsWhenItsSessionIsLost) {
  std::unique_ptr<PostgresOrderStore> a = Open();
  std::unique_ptr<PostgresOrderStore> b = Open();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  WakeCounter wakes;
  absl::StatusOr<std::unique_ptr<AppendSubscription>> subscription =
      b->SubscribeToAppends(wakes.Callback());
  ASSERT_TRUE(subscription.ok()) << subscription.status();
  const int old_pid = b->listener_backend_pid();
  ASSERT_NE(old_pid, 0);
  const int before = wakes.count();
  ASSERT_TRUE(server_
                  ->ExecuteAsSuperuser(absl::StrCat(
                      "SELECT pg_terminate_backend(", old_pid, ")"))
                  .ok());
  // Back on a new session; the reconnection woke the subscriber.
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while ((b->listener_backend_pid() == 0 ||
          b->listener_backend_pid() == old_pid) &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_NE(b->listener_backend_pid(), old_pid);
  ASSERT_NE(b->listener_backend_pid(), 0);
  EXPECT_TRUE(wakes.WaitForMoreThan(before, absl::Seconds(5)));

  const int after = wakes.count();
  ASSERT_TRUE(AppendEvent(*a, "ord-1").ok());
  EXPECT_TRUE(wakes.WaitForMoreThan(after, absl::Seconds(5)));

  // And after a restart of the server.
  const int restarted_pid = b->listener_backend_pid();
  ASSERT_TRUE(server_->Restart().ok());
  while ((b->listener_backend_pid() == 0 ||
          b->listener_backend_pid() == restarted_pid) &&
         absl::Now() < deadline + absl::Seconds(30)) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  const int after_restart = wakes.count();
  absl::StatusOr<ApplyOrderChangeResult> appended = AppendEvent(*a, "ord-2");
  for (int i = 0; !appended.ok() && i < 8; ++i) {
    appended = AppendEvent(*a, "ord-2");  // A pooled connection may be stale.
  }
  ASSERT_TRUE(appended.ok()) << appended.status();
  EXPECT_TRUE(wakes.WaitForMoreThan(after_restart, absl::Seconds(5)));
}

TEST_F(PostgresOrderStoreTest, TheFirstChangeOfAnOrderWaitsForAnother) {
  PostgresOrderStoreOptions options;
  options.statement_timeout = absl::Milliseconds(300);
  std::unique_ptr<PostgresOrderStore> store = Open(options);
  ASSERT_NE(store, nullptr);

  // Another session is creating "new" (uncommitted): the store's first
  // change of it waits, and its decider does not run meanwhile.
  RawSession other(dsn_);
  ASSERT_TRUE(other.Exec("BEGIN"));
  ASSERT_TRUE(other.Exec(
      "INSERT INTO order_states VALUES ('new', ''::bytea, false, true, 0, 0, "
      "1, 0, 0)"));
  int calls = 0;
  absl::StatusOr<ApplyOrderChangeResult> blocked =
      AppendEvent(*store, "new", &calls);
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kUnavailable)
      << blocked.status();
  EXPECT_EQ(calls, 0);
  ASSERT_TRUE(other.Exec("COMMIT"));

  // Now it sees the other's state.
  std::optional<int64_t> seen;
  absl::StatusOr<ApplyOrderChangeResult> applied = store->ApplyOrderChange(
      "new", T(20),
      [&](const std::optional<OrderState>& current)
          -> absl::StatusOr<std::optional<OrderStateChange>> {
        if (current.has_value()) seen = current->version;
        return std::optional<OrderStateChange>();
      });
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(seen, std::optional<int64_t>(1));

  // An existing order locked by another session: the same.
  ASSERT_TRUE(other.Exec("BEGIN"));
  ASSERT_TRUE(
      other.Exec("SELECT 1 FROM order_states WHERE order_id = 'new' FOR "
                 "UPDATE"));
  calls = 0;
  blocked = AppendEvent(*store, "new", &calls);
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(calls, 0);
  ASSERT_TRUE(other.Exec("ROLLBACK"));
  absl::StatusOr<ApplyOrderChangeResult> done = AppendEvent(*store, "new");
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_TRUE(done->written);

  // No placeholder was left by the failed attempts, and nothing uncommitted
  // is listed.
  EXPECT_EQ(Query("SELECT count(*) FROM order_states WHERE version = 0"),
            (std::vector<std::vector<std::string>>{{"0"}}));
}

TEST_F(PostgresOrderStoreTest, AnEventCountsAgainstTheCounterInCommitOrder) {
  std::unique_ptr<PostgresOrderStore> store = Open();
  ASSERT_NE(store, nullptr);
  // Another session holds the counter (as an append in progress does): an
  // append waits for it, a state-only change does not.
  RawSession other(dsn_);
  ASSERT_TRUE(other.Exec("BEGIN"));
  ASSERT_TRUE(other.Exec(
      "UPDATE order_event_counter SET last_cursor = last_cursor + 1"));
  absl::StatusOr<ApplyOrderChangeResult> appended =
      absl::UnknownError("not run");
  absl::Notification done;
  std::thread appender([&] {
    appended = AppendEvent(*store, "ord-1");
    done.Notify();
  });
  ASSERT_TRUE(WaitForALockWait());
  EXPECT_FALSE(done.HasBeenNotified());
  absl::StatusOr<ApplyOrderChangeResult> quiet = store->ApplyOrderChange(
      "ord-2", T(10),
      [](const std::optional<OrderState>&)
          -> absl::StatusOr<std::optional<OrderStateChange>> {
        OrderStateChange change;
        change.state.order_id = "ord-2";
        return std::optional<OrderStateChange>(change);
      });
  ASSERT_TRUE(quiet.ok()) << quiet.status();
  ASSERT_TRUE(other.Exec("COMMIT"));  // It took cursor 1 (and wrote no row).
  appender.join();
  ASSERT_TRUE(appended.ok()) << appended.status();
  EXPECT_EQ(appended->cursor, std::optional<int64_t>(2));
  absl::StatusOr<EventCursorRange> range = store->EventCursors();
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_EQ(range->newest, 2);
  EXPECT_EQ(range->oldest, 2);
}

TEST_F(PostgresOrderStoreTest, ReplicasOpeningAtOnceMigrateOnce) {
  constexpr int kReplicas = 8;
  absl::Notification go;
  std::vector<absl::StatusOr<std::unique_ptr<PostgresOrderStore>>> stores;
  for (int i = 0; i < kReplicas; ++i) {
    stores.emplace_back(absl::UnknownError("not run"));
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < kReplicas; ++i) {
    threads.emplace_back([&, i] {
      go.WaitForNotification();
      stores[i] = PostgresOrderStore::Open(dsn_, {});
    });
  }
  go.Notify();
  for (std::thread& thread : threads) thread.join();
  for (const auto& store : stores) ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(Query("SELECT count(*) FROM schema_migrations"),
            (std::vector<std::vector<std::string>>{
                {absl::StrCat(PostgresOrderStore::Migrations().size())}}));
  // And they share the records.
  absl::StatusOr<ClaimResult> claim = (*stores[0])->Claim(Request("k"));
  ASSERT_TRUE(claim.ok() && claim->claimed);
  absl::StatusOr<ClaimResult> again = (*stores[7])->Claim(Request("k"));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->claimed);
}

TEST_F(PostgresOrderStoreTest, ANewerSchemaIsRefused) {
  ASSERT_NE(Open(), nullptr);
  Query("INSERT INTO schema_migrations VALUES (99, 'from the future', 0)");
  absl::StatusOr<std::unique_ptr<PostgresOrderStore>> store =
      PostgresOrderStore::Open(dsn_, {});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(PostgresOrderStoreTest, TheStoreKeepsWorkingAcrossARestart) {
  std::unique_ptr<PostgresOrderStore> store = Open();
  ASSERT_NE(store, nullptr);
  absl::StatusOr<ClaimResult> claim = store->Claim(Request("k"));
  ASSERT_TRUE(claim.ok() && claim->claimed) << claim.status();

  // Between two calls: the idle connections heard the shutdown and are
  // replaced before use, so no call fails.
  ASSERT_TRUE(server_->Restart().ok());
  absl::StatusOr<std::optional<OrderRecord>> got = store->Get("k");
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->version, 1);

  // Down: calls fail with UNAVAILABLE...
  ASSERT_TRUE(server_->Stop().ok());
  absl::StatusOr<std::optional<OrderRecord>> down = store->Get("k");
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable)
      << down.status();
  EXPECT_EQ(store->Ping().code(), absl::StatusCode::kUnavailable);
  ExpectNoSecrets(down.status());

  // ...and work again once it is back.
  ASSERT_TRUE(server_->Start().ok());
  OrderRecord record = **got;
  record.state = RecordState::kCompleted;
  record.response = "answer";
  absl::StatusOr<bool> updated = store->Update(record);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_TRUE(*updated);
  EXPECT_TRUE(store->Ping().ok());
}

TEST_F(PostgresOrderStoreTest, TheStoreRecoversAfterTheServerCrashes) {
  PostgresOrderStoreOptions options;
  options.pool_size = 3;
  std::unique_ptr<PostgresOrderStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  absl::StatusOr<ClaimResult> claim = store->Claim(Request("k"));
  ASSERT_TRUE(claim.ok() && claim->claimed) << claim.status();

  ASSERT_TRUE(server_->Kill().ok());
  EXPECT_EQ(store->Ping().code(), absl::StatusCode::kUnavailable);
  ASSERT_TRUE(server_->Start().ok());

  // Committed before the crash, so still there; at most one call per
  // pooled connection may fail on the way (none should, see the restart
  // test).
  absl::StatusOr<std::optional<OrderRecord>> got;
  for (int i = 0; i <= options.pool_size; ++i) {
    got = store->Get("k");
    if (got.ok()) break;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kUnavailable);
  }
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(got->has_value());
}

TEST_F(PostgresOrderStoreTest, AStatementTimeoutIsUnavailable) {
  PostgresOrderStoreOptions options;
  options.statement_timeout = absl::Milliseconds(300);
  std::unique_ptr<PostgresOrderStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  absl::StatusOr<ClaimResult> claim = store->Claim(Request("k"));
  ASSERT_TRUE(claim.ok() && claim->claimed);

  RowLocker locker(dsn_);
  ASSERT_TRUE(locker.Lock("k"));
  OrderRecord record = claim->record;
  record.state = RecordState::kCompleted;
  absl::StatusOr<bool> blocked = store->Update(record);
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(blocked.status().message(), HasSubstr("statement timeout"));
  EXPECT_THAT(blocked.status().message(), HasSubstr("57014"));

  // Nothing changed, and the store (and its connection) still works.
  ASSERT_TRUE(locker.Unlock());
  absl::StatusOr<bool> updated = store->Update(record);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_TRUE(*updated);
  EXPECT_EQ(store->open_connections(), 1);
}

TEST_F(PostgresOrderStoreTest, AnExhaustedPoolFailsFastWithUnavailable) {
  PostgresOrderStoreOptions options;
  options.pool_size = 1;
  options.pool_wait_timeout = absl::Milliseconds(100);
  options.statement_timeout = absl::Seconds(60);
  std::unique_ptr<PostgresOrderStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  absl::StatusOr<ClaimResult> claim = store->Claim(Request("k"));
  ASSERT_TRUE(claim.ok() && claim->claimed);

  // One call holds the only connection, waiting for a row lock.
  RowLocker locker(dsn_);
  ASSERT_TRUE(locker.Lock("k"));
  OrderRecord record = claim->record;
  record.state = RecordState::kCompleted;
  absl::StatusOr<bool> held_update = absl::UnknownError("not run");
  std::thread holder([&] { held_update = store->Update(record); });
  ASSERT_TRUE(WaitForALockWait());

  absl::StatusOr<std::optional<OrderRecord>> starved = store->Get("other");
  ASSERT_FALSE(starved.ok());
  EXPECT_EQ(starved.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(starved.status().message(), HasSubstr("no free connection"));
  EXPECT_EQ(store->open_connections(), 1);

  ASSERT_TRUE(locker.Unlock());
  holder.join();
  ASSERT_TRUE(held_update.ok()) << held_update.status();
  EXPECT_TRUE(*held_update);
  EXPECT_TRUE(store->Get("other").ok());
}

TEST_F(PostgresOrderStoreTest, AHungServerIsUnavailableAfterTheTimeout) {
  PostgresOrderStoreOptions options;
  options.statement_timeout = absl::Milliseconds(200);
  std::unique_ptr<PostgresOrderStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Ping().ok());
  ASSERT_TRUE(server_->Pause().ok());
  const absl::Status hung = store->Ping();
  ASSERT_TRUE(server_->Resume().ok());
  EXPECT_EQ(hung.code(), absl::StatusCode::kUnavailable) << hung;
  EXPECT_TRUE(store->Ping().ok());
}

TEST_F(PostgresOrderStoreTest, ErrorsNeverContainThePasswordOrTheDsn) {
  // A wrong password (the server names the user, nothing more).
  const std::string wrong_password = "Wr0ng-" + server_->password();
  const std::string wrong_dsn = absl::StrReplaceAll(
      dsn_, {{":" + server_->password() + "@", ":" + wrong_password + "@"}});
  absl::StatusOr<std::unique_ptr<PostgresOrderStore>> refused =
      PostgresOrderStore::Open(wrong_dsn, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(refused.status().message(),
              HasSubstr("password authentication failed"));
  EXPECT_THAT(refused.status().message(), Not(HasSubstr(wrong_password)));
  ExpectNoSecrets(refused.status());

  // A DSN libpq cannot parse (its own message would quote it).
  const std::string bad_dsn = dsn_ + "?no_such_option=" + server_->password();
  absl::StatusOr<std::unique_ptr<PostgresOrderStore>> invalid =
      PostgresOrderStore::Open(bad_dsn, {});
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
  ExpectNoSecrets(invalid.status());

  // The key=value form.
  const std::string keywords = absl::StrCat(
      "host=127.0.0.1 port=", server_->port(), " dbname=", database_,
      " user=", server_->user(), " password=", wrong_password);
  absl::StatusOr<std::unique_ptr<PostgresOrderStore>> keyword_refused =
      PostgresOrderStore::Open(keywords, {});
  ASSERT_FALSE(keyword_refused.ok());
  EXPECT_THAT(keyword_refused.status().message(),
              Not(HasSubstr(wrong_password)));

  // A server that is down, at Open() and during calls.
  std::unique_ptr<PostgresOrderStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(server_->Stop().ok());
  absl::StatusOr<std::unique_ptr<PostgresOrderStore>> down =
      PostgresOrderStore::Open(dsn_, {});
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable);
  ExpectNoSecrets(down.status());
  for (const absl::Status& status :
       {store->Claim(Request("k")).status(), store->Get("k").status(),
        store->Ping(), store->CountByState().status()}) {
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
    ExpectNoSecrets(status);
  }
}

TEST_F(PostgresOrderStoreTest, BadOptionsAreInvalidArgument) {
  PostgresOrderStoreOptions no_pool;
  no_pool.pool_size = 0;
  EXPECT_EQ(PostgresOrderStore::Open(dsn_, no_pool).status().code(),
            absl::StatusCode::kInvalidArgument);
  PostgresOrderStoreOptions no_timeout;
  no_timeout.statement_timeout = absl::ZeroDuration();
  EXPECT_EQ(PostgresOrderStore::Open(dsn_, no_timeout).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PostgresOrderStore::Open("", {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(PostgresOrderStoreTest, ConnectionsOpenOnDemandUpToThePoolSize) {
  PostgresOrderStoreOptions options;
  options.pool_size = 4;
  std::unique_ptr<PostgresOrderStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->open_connections(), 1);  // The one Open() migrated with.
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&store, i] {
      for (int j = 0; j < 20; ++j) {
        absl::StatusOr<ClaimResult> claim =
            store->Claim(Request(absl::StrCat("k", i, "-", j)));
        EXPECT_TRUE(claim.ok() && claim->claimed) << claim.status();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(store->open_connections(), 4);
  absl::StatusOr<absl::flat_hash_map<std::string, int64_t>> counts =
      store->CountByState();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ((*counts)["in_flight"], 320);
}

}  // namespace
}  // namespace msp_gateway
