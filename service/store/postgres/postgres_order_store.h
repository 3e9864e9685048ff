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
// Messages never contain the DSN or its password (pg_status.h).
// Thread-safe.

#ifndef MSP_GATEWAY_SERVICE_STORE_POSTGRES_POSTGRES_ORDER_STORE_H_
#define MSP_GATEWAY_SERVICE_STORE_POSTGRES_POSTGRES_ORDER_STORE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "service/store/order_store.h"
#include "service/store/postgres/pg_connection_pool.h"
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

class PostgresOrderStore final : public OrderStore {
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
  ~PostgresOrderStore() override = default;

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

  // Connections open now (for tests and metrics).
  int open_connections() const { return pool_->open_connections(); }

 private:
  explicit PostgresOrderStore(std::unique_ptr<pg::PgConnectionPool> pool)
      : pool_(std::move(pool)) {}

  std::unique_ptr<pg::PgConnectionPool> pool_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_POSTGRES_POSTGRES_ORDER_STORE_H_
