// Copyright 2026 The msp-gateway Authors.
//
// File: sqlite_order_store.h
//
// The embedded OrderStore: one SQLite file (Debian's libsqlite3), the
// default for a single replica (MSP_GATEWAY_STORE=sqlite:/data/orders.db,
// store_config.h). Replicas that share records use PostgreSQL instead: a
// SQLite file is shared only by processes on one host.
//
// Table idempotency_records, one row per key; times are int64 Unix
// milliseconds (order_store.h). Indexes serve the reconciliation list
// (state, lease_expires_ms, updated_ms) and the retention purge
// (created_ms). The schema is versioned (sqlite_migrations.h) and migrated
// at Open().
//
// The same store, on the same file and connection, is the OrderEventStore
// (order_event_store.h): table order_states (one row per order; a partial
// index on (next_poll_ms, order_id) of the orders not final serves
// ListOrdersToPoll) and the log order_events (cursor INTEGER PRIMARY KEY
// AUTOINCREMENT: SQLite admits one writer at a time, so cursors grow in
// commit order, and AUTOINCREMENT never hands out a purged cursor again).
// ApplyOrderChange is one BEGIN IMMEDIATE transaction: the write lock is
// taken before the state is read, so the decider sees the last committed
// state of every process on the file. SubscribeToAppends wakes in-process
// only (after the commit, on the appending thread): another process on the
// file (a second gateway, which a SQLite store does not support) is not
// heard.
//
// Durability: journal_mode=WAL with synchronous=NORMAL. A commit is in the
// write-ahead log (written to the OS) before the call returns, and the log
// is fsync'ed at checkpoints. So every committed claim survives the crash
// that matters, the gateway process dying (kill -9, OOM, a panic): the OS
// still has the data. A power loss or kernel crash keeps the database
// consistent but may lose the transactions committed since the last
// checkpoint; a claim lost that way lets a retry after the outage send its
// call again (MultiSafepay refuses a repeated CreateOrder order_id once
// paid). synchronous=FULL would cover that too at an fsync per commit, 1-10
// ms on the network volumes pods get, on every money-moving call.
//
// Threads: one connection behind a mutex. SQLite lets one writer at a time
// into a database file whatever the number of connections, every method is
// one short statement or transaction on a local file (microseconds), and
// each record guards a MultiSafepay call of hundreds of milliseconds; a
// pool would add only concurrent reads. One connection also lets the
// prepared statements be cached (a sqlite3_stmt belongs to its connection
// and serves one call at a time). Another process (or another
// SqliteOrderStore) on the same file waits for the file's write lock up to
// `busy_timeout`, then the call fails with UNAVAILABLE.

#ifndef MSP_GATEWAY_SERVICE_STORE_SQLITE_SQLITE_ORDER_STORE_H_
#define MSP_GATEWAY_SERVICE_STORE_SQLITE_SQLITE_ORDER_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "service/store/append_notifier.h"
#include "service/store/order_event_store.h"
#include "service/store/order_store.h"
#include "service/store/sqlite/sqlite_migrations.h"

struct sqlite3;
struct sqlite3_stmt;

namespace msp_gateway {

struct SqliteOrderStoreOptions {
  // How long a call waits for another connection's write lock on the file
  // before it fails with UNAVAILABLE. Within one process the store's own
  // mutex orders the calls; the lock is contended only by another process
  // on the same file (a second gateway started by mistake, a backup tool).
  absl::Duration busy_timeout = absl::Seconds(5);
  // ":memory:" is a database that vanishes with the process, the opposite
  // of what the store is for: refused unless a test asks for it.
  bool allow_memory_for_tests = false;
};

class SqliteOrderStore final : public OrderStore, public OrderEventStore {
 public:
  // Opens (creating if needed) the database file at `path` and migrates its
  // schema. The directory must exist (FAILED_PRECONDITION otherwise: a
  // missing volume mount must not become a fresh empty store);
  // INVALID_ARGUMENT for an empty path, a "file:" URI, or ":memory:"
  // without options.allow_memory_for_tests; FAILED_PRECONDITION when the
  // file system cannot do WAL or a newer release migrated the file.
  static absl::StatusOr<std::unique_ptr<SqliteOrderStore>> Open(
      absl::string_view path, const SqliteOrderStoreOptions& options = {});

  // The migrations Open() applies, version 1 first.
  static absl::Span<const SqliteMigration> Migrations();

  SqliteOrderStore(const SqliteOrderStore&) = delete;
  SqliteOrderStore& operator=(const SqliteOrderStore&) = delete;
  ~SqliteOrderStore() override;

  absl::StatusOr<ClaimResult> Claim(const ClaimRequest& request) override;
  absl::StatusOr<std::optional<OrderRecord>> Get(
      absl::string_view key) override;
  absl::StatusOr<bool> Update(const OrderRecord& record) override;
  absl::StatusOr<bool> Release(absl::string_view key, int64_t version) override;
  absl::StatusOr<std::vector<OrderRecord>> ListNeedingReconciliation(
      absl::Time now, size_t limit) override;
  absl::StatusOr<size_t> PurgeCreatedBefore(absl::Time cutoff,
                                            size_t limit) override;
  absl::StatusOr<absl::flat_hash_map<std::string, int64_t>> CountByState()
      override;
  absl::Status Ping() override;
  absl::string_view kind() const override { return "sqlite"; }

  // OrderEventStore.
  absl::StatusOr<ApplyOrderChangeResult> ApplyOrderChange(
      absl::string_view order_id, absl::Time now,
      const OrderStateDecider& decide) override;
  absl::StatusOr<std::optional<OrderState>> GetOrderState(
      absl::string_view order_id) override;
  absl::StatusOr<std::vector<StoredOrderEvent>> ReadEvents(
      int64_t after_cursor, absl::Span<const std::string> order_ids,
      size_t limit) override;
  absl::StatusOr<EventCursorRange> EventCursors() override;
  absl::StatusOr<std::vector<OrderState>> ListOrdersToPoll(
      absl::Time now, size_t limit) override;
  absl::StatusOr<bool> SchedulePoll(absl::string_view order_id, int64_t version,
                                    absl::Time next_poll,
                                    int poll_attempts) override;
  absl::StatusOr<size_t> PurgeEventsBefore(absl::Time cutoff,
                                           size_t limit) override;
  absl::StatusOr<std::unique_ptr<AppendSubscription>> SubscribeToAppends(
      std::function<void()> wake) override;

 private:
  // The cached prepared statements, in the order of kStatementSql.
  enum StatementId {
    kBegin,
    kCommit,
    kRollback,
    kInsert,
    kGet,
    kUpdate,
    kRelease,
    kList,
    kPurge,
    kCount,
    kPing,
    kBeginRead,
    kGetState,
    kPutState,
    kAppendEvent,
    kReadEvents,
    kReadOrderEvents,
    kCursors,
    kListToPoll,
    kSchedulePoll,
    kPurgeEvents,
    kPurgeStates,
    kStatementCount,
  };

  explicit SqliteOrderStore(sqlite3* db);
  // Prepares every statement of kStatementSql.
  absl::Status Prepare();

  // Get() under the lock (Claim() reads its record inside its transaction).
  absl::StatusOr<std::optional<OrderRecord>> GetLocked(absl::string_view key)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<ClaimResult> ClaimLocked(const ClaimRequest& request)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Runs a statement without result rows (BEGIN, COMMIT, ROLLBACK).
  absl::Status Exec(StatementId id, absl::string_view what)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Rolls back the open transaction, if any.
  void RollbackIfOpen(absl::string_view what)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::StatusOr<std::optional<OrderState>> GetOrderStateLocked(
      absl::string_view order_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // ApplyOrderChange inside its transaction.
  absl::StatusOr<ApplyOrderChangeResult> ApplyLocked(
      absl::string_view order_id, absl::Time now,
      const OrderStateDecider& decide) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // ReadEvents inside its read transaction.
  absl::StatusOr<std::vector<StoredOrderEvent>> ReadEventsLocked(
      int64_t after_cursor, absl::Span<const std::string> order_ids,
      size_t limit) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  sqlite3* const db_;  // Used under mu_ only.
  sqlite3_stmt* statements_[kStatementCount] ABSL_GUARDED_BY(mu_) = {};
  // Woken after each committed append, outside mu_.
  const std::shared_ptr<AppendNotifier> notifier_ = AppendNotifier::Create();
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_SQLITE_SQLITE_ORDER_STORE_H_
