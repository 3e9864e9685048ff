// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/postgres_order_store.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace msp_gateway {
namespace {

using pg::PgConnectionPool;
using pg::PgMigration;
using pg::PgParams;
using pg::PgResult;
using pg::PgStatement;

constexpr PgMigration kMigrations[] = {
    {1, "idempotency_records",
     "CREATE TABLE idempotency_records ("
     "key TEXT PRIMARY KEY, "
     "fingerprint BYTEA NOT NULL, "
     "order_id TEXT NOT NULL, "
     "state TEXT NOT NULL, "
     "response BYTEA NOT NULL, "
     "owner TEXT NOT NULL, "
     "lease_expires_ms BIGINT NOT NULL, "
     "attempts INTEGER NOT NULL, "
     "version BIGINT NOT NULL, "
     "created_ms BIGINT NOT NULL, "
     "updated_ms BIGINT NOT NULL); "
     // Only the rows the reconciler may want, in the order it reads them.
     "CREATE INDEX idempotency_records_reconcile "
     "ON idempotency_records (updated_ms, key) "
     "WHERE state IN ('unknown', 'in_flight'); "
     "CREATE INDEX idempotency_records_created "
     "ON idempotency_records (created_ms, key);"},
    {2, "idempotency_records.request",
     // The MultiSafepay request a key sends, to judge an ambiguous outcome.
     "ALTER TABLE idempotency_records "
     "ADD COLUMN request BYTEA NOT NULL DEFAULT ''::bytea;"},
};

// Every column, in the order ParseRecord() reads them.
#define MSP_RECORD_COLUMNS                                                 \
  "key, fingerprint, order_id, state, response, owner, lease_expires_ms, " \
  "attempts, version, created_ms, updated_ms, request"

constexpr PgStatement kClaim = {
    "msp_claim", "INSERT INTO idempotency_records (" MSP_RECORD_COLUMNS
                 ") VALUES ($1, $2, $3, $4, ''::bytea, $5, $6, 0, 1, $7, $7, "
                 "$8) "
                 "ON CONFLICT (key) DO NOTHING RETURNING " MSP_RECORD_COLUMNS};
constexpr PgStatement kGet = {"msp_get",
                              "SELECT " MSP_RECORD_COLUMNS
                              " FROM idempotency_records WHERE key = $1"};
constexpr PgStatement kUpdate = {
    "msp_update",
    "UPDATE idempotency_records SET state = $3, response = $4, owner = $5, "
    "lease_expires_ms = $6, attempts = $7, version = version + 1, "
    "updated_ms = $8 WHERE key = $1 AND version = $2"};
constexpr PgStatement kRelease = {
    "msp_release",
    "DELETE FROM idempotency_records WHERE key = $1 AND version = $2"};
// The states are literals (RecordStateName spelling) so that the planner
// can use the partial index.
constexpr PgStatement kList = {
    "msp_list", "SELECT " MSP_RECORD_COLUMNS
                " FROM idempotency_records WHERE state = 'unknown' OR "
                "(state = 'in_flight' AND lease_expires_ms < $1) "
                "ORDER BY updated_ms, key LIMIT $2"};
// SKIP LOCKED: a row another call is changing right now is left for the
// next batch instead of making the purge wait for it.
constexpr PgStatement kPurge = {
    "msp_purge",
    "DELETE FROM idempotency_records WHERE key IN (SELECT key FROM "
    "idempotency_records WHERE created_ms < $1 ORDER BY created_ms, key "
    "LIMIT $2 FOR UPDATE SKIP LOCKED)"};
constexpr PgStatement kCount = {
    "msp_count",
    "SELECT state, COUNT(*) FROM idempotency_records GROUP BY state"};
constexpr PgStatement kPing = {"msp_ping", "SELECT 1"};

#undef MSP_RECORD_COLUMNS

// Claim(): how often to retry when the existing record vanishes between the
// INSERT that found it and the SELECT that reads it (a Release or purge in
// between; the key is then free again).
constexpr int kClaimRounds = 3;

int64_t Millis(absl::Time time) { return absl::ToUnixMillis(time); }

int64_t Limit(size_t limit) {
  return static_cast<int64_t>(std::min<size_t>(
      limit, static_cast<size_t>(std::numeric_limits<int64_t>::max())));
}

absl::StatusOr<OrderRecord> ParseRecord(const PgResult& result, int row) {
  OrderRecord record;
  record.key = std::string(result.Bytes(row, 0));
  record.fingerprint = std::string(result.Bytes(row, 1));
  record.order_id = std::string(result.Bytes(row, 2));
  const absl::string_view state = result.Bytes(row, 3);
  std::optional<RecordState> parsed = ParseRecordState(state);
  if (!parsed.has_value()) {
    return absl::InternalError(absl::StrCat(
        "postgresql: a record has the unknown state \"", state, "\""));
  }
  record.state = *parsed;
  record.response = std::string(result.Bytes(row, 4));
  record.owner = std::string(result.Bytes(row, 5));
  absl::StatusOr<int64_t> lease = result.Int64(row, 6);
  absl::StatusOr<int32_t> attempts = result.Int32(row, 7);
  absl::StatusOr<int64_t> version = result.Int64(row, 8);
  absl::StatusOr<int64_t> created = result.Int64(row, 9);
  absl::StatusOr<int64_t> updated = result.Int64(row, 10);
  for (const absl::Status& status :
       {lease.status(), attempts.status(), version.status(), created.status(),
        updated.status()}) {
    if (!status.ok()) return status;
  }
  record.lease_expires = absl::FromUnixMillis(*lease);
  record.attempts = *attempts;
  record.version = *version;
  record.created = absl::FromUnixMillis(*created);
  record.updated = absl::FromUnixMillis(*updated);
  record.request = std::string(result.Bytes(row, 11));
  return record;
}

absl::StatusOr<std::vector<OrderRecord>> ParseRecords(const PgResult& result) {
  std::vector<OrderRecord> records;
  records.reserve(result.rows());
  for (int row = 0; row < result.rows(); ++row) {
    absl::StatusOr<OrderRecord> record = ParseRecord(result, row);
    if (!record.ok()) return record.status();
    records.push_back(*std::move(record));
  }
  return records;
}

absl::Status CheckOptions(const PostgresOrderStoreOptions& options) {
  if (options.pool_size < 1 || options.pool_size > 10000) {
    return absl::InvalidArgumentError(absl::StrCat(
        "postgresql: pool size ", options.pool_size, " is not in [1, 10000]"));
  }
  for (const auto& [name, value] :
       {std::pair<const char*, absl::Duration>{"pool wait timeout",
                                               options.pool_wait_timeout},
        {"connect timeout", options.connect_timeout},
        {"statement timeout", options.statement_timeout}}) {
    if (value <= absl::ZeroDuration() || value == absl::InfiniteDuration()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "postgresql: the ", name, " must be positive and finite"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Span<const PgMigration> PostgresOrderStore::Migrations() {
  return kMigrations;
}

absl::StatusOr<std::unique_ptr<PostgresOrderStore>> PostgresOrderStore::Open(
    absl::string_view dsn, const PostgresOrderStoreOptions& options) {
  if (absl::Status status = CheckOptions(options); !status.ok()) {
    return status;
  }
  // libpq's parse errors quote the DSN: say only that it is wrong.
  if (dsn.empty() || !pg::IsValidDsn(dsn)) {
    return absl::InvalidArgumentError(
        "postgresql: the DSN is not a libpq connection URI or key=value "
        "string");
  }
  pg::PgPoolOptions pool_options;
  pool_options.size = options.pool_size;
  pool_options.wait_timeout = options.pool_wait_timeout;
  pool_options.connect.connect_timeout = options.connect_timeout;
  pool_options.connect.statement_timeout = options.statement_timeout;
  auto pool = std::make_unique<PgConnectionPool>(
      std::string(dsn), pool_options, pg::SecretRedactor::ForDsn(dsn));
  {
    absl::StatusOr<PgConnectionPool::Lease> connection = pool->Acquire();
    if (!connection.ok()) return connection.status();
    absl::StatusOr<int> version =
        pg::ApplyMigrations(**connection, kMigrations, absl::Now());
    if (!version.ok()) return version.status();
  }
  return std::unique_ptr<PostgresOrderStore>(
      new PostgresOrderStore(std::move(pool)));
}

absl::StatusOr<ClaimResult> PostgresOrderStore::Claim(
    const ClaimRequest& request) {
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  PgParams insert;
  insert.Text(request.key)
      .Bytes(request.fingerprint)
      .Text(request.order_id)
      .Text(RecordStateName(RecordState::kInFlight))
      .Text(request.owner)
      .Int64(Millis(request.lease_expires))
      .Int64(Millis(request.now))
      .Bytes(request.request);
  PgParams select;
  select.Text(request.key);
  for (int round = 0; round < kClaimRounds; ++round) {
    absl::StatusOr<PgResult> inserted =
        (*connection)->Execute("Claim", kClaim, insert);
    if (!inserted.ok()) return inserted.status();
    if (inserted->rows() == 1) {
      absl::StatusOr<OrderRecord> record = ParseRecord(*inserted, 0);
      if (!record.ok()) return record.status();
      return ClaimResult{true, *std::move(record)};
    }
    // The key exists; read it (a new statement: it sees the row whatever
    // transaction committed it).
    absl::StatusOr<PgResult> existing =
        (*connection)->Execute("Claim", kGet, select);
    if (!existing.ok()) return existing.status();
    if (existing->rows() == 1) {
      absl::StatusOr<OrderRecord> record = ParseRecord(*existing, 0);
      if (!record.ok()) return record.status();
      return ClaimResult{false, *std::move(record)};
    }
  }
  return absl::UnavailableError(
      absl::StrCat("postgresql: Claim: the key was released and claimed again ",
                   kClaimRounds, " times during the call"));
}

absl::StatusOr<std::optional<OrderRecord>> PostgresOrderStore::Get(
    absl::string_view key) {
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  PgParams params;
  params.Text(key);
  absl::StatusOr<PgResult> result = (*connection)->Execute("Get", kGet, params);
  if (!result.ok()) return result.status();
  if (result->rows() == 0) return std::optional<OrderRecord>();
  absl::StatusOr<OrderRecord> record = ParseRecord(*result, 0);
  if (!record.ok()) return record.status();
  return std::optional<OrderRecord>(*std::move(record));
}

absl::StatusOr<bool> PostgresOrderStore::Update(const OrderRecord& record) {
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  PgParams params;
  params.Text(record.key)
      .Int64(record.version)
      .Text(RecordStateName(record.state))
      .Bytes(record.response)
      .Text(record.owner)
      .Int64(Millis(record.lease_expires))
      .Int32(record.attempts)
      .Int64(Millis(record.updated));
  absl::StatusOr<PgResult> result =
      (*connection)->Execute("Update", kUpdate, params);
  if (!result.ok()) return result.status();
  return result->affected_rows() == 1;
}

absl::StatusOr<bool> PostgresOrderStore::Release(absl::string_view key,
                                                 int64_t version) {
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  PgParams params;
  params.Text(key).Int64(version);
  absl::StatusOr<PgResult> result =
      (*connection)->Execute("Release", kRelease, params);
  if (!result.ok()) return result.status();
  return result->affected_rows() == 1;
}

absl::StatusOr<std::vector<OrderRecord>>
PostgresOrderStore::ListNeedingReconciliation(absl::Time now, size_t limit) {
  if (limit == 0) return std::vector<OrderRecord>();
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  PgParams params;
  params.Int64(Millis(now)).Int64(Limit(limit));
  absl::StatusOr<PgResult> result =
      (*connection)->Execute("ListNeedingReconciliation", kList, params);
  if (!result.ok()) return result.status();
  return ParseRecords(*result);
}

absl::StatusOr<size_t> PostgresOrderStore::PurgeCreatedBefore(absl::Time cutoff,
                                                              size_t limit) {
  if (limit == 0) return 0;
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  PgParams params;
  params.Int64(Millis(cutoff)).Int64(Limit(limit));
  absl::StatusOr<PgResult> result =
      (*connection)->Execute("PurgeCreatedBefore", kPurge, params);
  if (!result.ok()) return result.status();
  return static_cast<size_t>(result->affected_rows());
}

absl::StatusOr<absl::flat_hash_map<std::string, int64_t>>
PostgresOrderStore::CountByState() {
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  absl::StatusOr<PgResult> result =
      (*connection)->Execute("CountByState", kCount, PgParams());
  if (!result.ok()) return result.status();
  absl::flat_hash_map<std::string, int64_t> counts;
  for (int row = 0; row < result->rows(); ++row) {
    absl::StatusOr<int64_t> count = result->Int64(row, 1);
    if (!count.ok()) return count.status();
    counts[std::string(result->Bytes(row, 0))] = *count;
  }
  return counts;
}

absl::Status PostgresOrderStore::Ping() {
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  return (*connection)->Execute("Ping", kPing, PgParams()).status();
}

}  // namespace msp_gateway
