// Copyright 2026 The msp-gateway Authors.
//
// File: postgres_order_store.h
//
// The OrderStore shared by replicas: one PostgreSQL database (libpq), the
// "idempotency keys in Postgres" design. Every replica opens it with the
// same DSN; the claim is one INSERT ... ON CONFLICT (key) DO NOTHING, so
// exactly one replica inserts a key, and every later change is conditional
// on the record's version (order_store.h).
//
// Table idempotency_records, one row per key, the same columns as SQLite's
// (times are int64 Unix milliseconds); a partial index on (updated_ms, key)
// of the kUnknown and kInFlight rows serves ListNeedingReconciliation(), one
// on (created_ms, key) the purge. The schema is versioned
// (schema_migrations) and migrated at Open() under an advisory lock, so
// replicas starting at once are safe (pg_schema.h).
//
// Connections: a pool of up to `pool_size` (pg_connection_pool.h), each
// call borrowing one for one statement (Claim: two, when the key exists).
// Values travel as binary parameters of prepared statements, never in the
// SQL text. A call fails with UNAVAILABLE when no connection is free within
// `pool_wait_timeout`, the server cannot be reached (connect_timeout),
// a statement runs past `statement_timeout`, or the session is lost; a
// lost connection is replaced on the next call, so the store recovers once
// the server is back. A call whose session was lost mid-statement may have
// committed: the caller's retry finds the record (Claim returns it with
// claimed=false) and reads it again, as after any UNAVAILABLE.
//
// The same store (same pool) is the OrderEventStore (order_event_store.h):
// tables order_states (a partial index on (next_poll_ms, order_id) of the
// orders not final serves ListOrdersToPoll), order_events (cursor BIGINT
// PRIMARY KEY) and order_event_counter, one row holding the last cursor.
// ApplyOrderChange is one transaction:
//
//   BEGIN
//   INSERT a placeholder row (version 0) ON CONFLICT DO NOTHING
//   SELECT ... FOR UPDATE           -- the order's lock, on every replica;
//                                   -- the placeholder makes the very first
//                                   -- change of an order wait too
//   decide(current)                 -- placeholder: nullopt
//   UPDATE order_states ...
//   UPDATE order_event_counter ... RETURNING, INSERT INTO order_events
//   NOTIFY msp_gateway_order_events; COMMIT
//
// (ROLLBACK instead, when the decider changes nothing or fails: no
// placeholder is ever committed.) The counter row is locked from the
// append to the COMMIT, so appends commit one after another in cursor
// order: a reader never sees cursor 8 before 7 commits (a sequence would
// allow it). It is the one point every append of every replica passes:
// one short round trip each.
//
// SubscribeToAppends: local subscribers are woken right after a local
// commit; those of the other replicas by LISTEN on a connection of its own
// (pg_listener.h; not from the pool, one more per replica, opened at the
// first subscription and kept until the store goes), which reconnects with
// backoff and wakes every subscriber after each (re)connection, since
// notifications sent meanwhile are lost. SubscribeToAppends waits up to
// `connect_timeout` for that LISTEN; if the server is unreachable it
// returns the subscription anyway (local wakes work, remote ones start
// once the listener is through).
//
// Messages never contain the DSN or its password (pg_status.h).
// Thread-safe.

#ifndef MSP_GATEWAY_SERVICE_STORE_POSTGRES_POSTGRES_ORDER_STORE_H_
#define MSP_GATEWAY_SERVICE_STORE_POSTGRES_POSTGRES_ORDER_STORE_H_

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
#include "service/store/postgres/pg_connection_pool.h"
#include "service/store/postgres/pg_listener.h"
#include "service/store/postgres/pg_schema.h"

namespace msp_gateway {

struct PostgresOrderStoreOptions {
  // Connections to the server at most (the server's --store_pool_size).
  // Each is opened on first need and kept. A call holds one for one round
  // trip, so a few serve many concurrent RPCs; every replica's pool counts
  // against the server's max_connections.
  int pool_size = 8;
  // How long a call waits for a free connection before UNAVAILABLE.
  absl::Duration pool_wait_timeout = absl::Seconds(2);
  // Opening a connection (libpq's connect_timeout: whole seconds, >= 2).
  absl::Duration connect_timeout = absl::Seconds(5);
  // Each statement's limit on the server (its session's statement_timeout;
  // a lock wait counts); the client gives up kClientGrace later.
  absl::Duration statement_timeout = absl::Seconds(5);
};

// The channel every replica's appends NOTIFY and listeners LISTEN on.
inline constexpr char kOrderEventsChannel[] = "msp_gateway_order_events";

class PostgresOrderStore final : public OrderStore, public OrderEventStore {
 public:
  // PostgresOrderStore::Open()
  //
  // Connects to `dsn` (a libpq URI, postgresql://user:password@host:port/db,
  // or key=value string), migrates the schema and returns the store.
  // INVALID_ARGUMENT for a DSN libpq cannot parse or bad options;
  // UNAVAILABLE if the server cannot be reached; FAILED_PRECONDITION if a
  // newer release migrated the database.
  static absl::StatusOr<std::unique_ptr<PostgresOrderStore>> Open(
      absl::string_view dsn, const PostgresOrderStoreOptions& options = {});

  // The migrations Open() applies, version 1 first.
  static absl::Span<const pg::PgMigration> Migrations();

  PostgresOrderStore(const PostgresOrderStore&) = delete;
  PostgresOrderStore& operator=(const PostgresOrderStore&) = delete;
  ~PostgresOrderStore() override;

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
  absl::string_view kind() const override { return "postgresql"; }

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

  // Connections open now (for tests and metrics); the pool's, without the
  // listener's.
  int open_connections() const { return pool_->open_connections(); }

  // The LISTEN connection's server process id, 0 when it has none (not
  // started, or reconnecting); for tests.
  int listener_backend_pid() const ABSL_LOCKS_EXCLUDED(listener_mu_);

 private:
  PostgresOrderStore(std::string dsn, PostgresOrderStoreOptions options,
                     std::unique_ptr<pg::PgConnectionPool> pool);

  // ApplyOrderChange inside its transaction, on `connection`.
  absl::StatusOr<ApplyOrderChangeResult> ApplyInTransaction(
      pg::PgConnection& connection, absl::string_view order_id, absl::Time now,
      const OrderStateDecider& decide);

  const std::string dsn_;
  const PostgresOrderStoreOptions options_;
  std::unique_ptr<pg::PgConnectionPool> pool_;
  const std::shared_ptr<AppendNotifier> notifier_ = AppendNotifier::Create();
  mutable absl::Mutex listener_mu_;
  // Started by the first SubscribeToAppends(); stopped first when the
  // store goes (it calls notifier_).
  std::unique_ptr<pg::PgListener> listener_ ABSL_GUARDED_BY(listener_mu_);
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_POSTGRES_POSTGRES_ORDER_STORE_H_
