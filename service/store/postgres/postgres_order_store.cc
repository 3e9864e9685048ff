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
    {3, "order_states, order_events",
     // Each order's last accepted state (order_event_store.h); next_poll_ms
     // 9223372036854775807 is "never". version 0 marks the placeholder an
     // uncommitted first change inserts to lock the order; none is ever
     // committed.
     "CREATE TABLE order_states ("
     "order_id TEXT PRIMARY KEY, "
     "state BYTEA NOT NULL, "
     "final BOOLEAN NOT NULL, "
     "created_by_gateway BOOLEAN NOT NULL, "
     "next_poll_ms BIGINT NOT NULL, "
     "poll_attempts INTEGER NOT NULL, "
     "version BIGINT NOT NULL, "
     "created_ms BIGINT NOT NULL, "
     "updated_ms BIGINT NOT NULL); "
     // ListOrdersToPoll: only the orders not final, in the order it reads.
     "CREATE INDEX order_states_to_poll "
     "ON order_states (next_poll_ms, order_id) WHERE NOT final; "
     "CREATE INDEX order_states_updated "
     "ON order_states (updated_ms, order_id); "
     // The outbox. The cursor comes from order_event_counter, not a
     // sequence (see postgres_order_store.h).
     "CREATE TABLE order_events ("
     "cursor BIGINT PRIMARY KEY, "
     "order_id TEXT NOT NULL, "
     "event BYTEA NOT NULL, "
     "appended_ms BIGINT NOT NULL); "
     "CREATE INDEX order_events_by_order ON order_events (order_id, cursor); "
     "CREATE INDEX order_events_appended ON order_events (appended_ms); "
     "CREATE TABLE order_event_counter ("
     "id BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id), "
     "last_cursor BIGINT NOT NULL); "
     "INSERT INTO order_event_counter (id, last_cursor) VALUES (TRUE, 0);"},
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

// Every column, in the order ParseState() reads them.
#define MSP_STATE_COLUMNS                                      \
  "order_id, state, final, created_by_gateway, next_poll_ms, " \
  "poll_attempts, version, created_ms, updated_ms"
#define MSP_EVENT_COLUMNS "cursor, order_id, event, appended_ms"

// The lock of ApplyOrderChange: a placeholder for an order not there yet
// (a concurrent first change waits on its uncommitted row), then the row
// locked.
constexpr PgStatement kPlaceholder = {
    "msp_state_placeholder",
    "INSERT INTO order_states (" MSP_STATE_COLUMNS
    ") VALUES ($1, ''::bytea, false, false, 9223372036854775807, 0, 0, 0, 0) "
    "ON CONFLICT (order_id) DO NOTHING"};
constexpr PgStatement kLockState = {
    "msp_state_lock", "SELECT " MSP_STATE_COLUMNS
                      " FROM order_states WHERE order_id = $1 FOR UPDATE"};
constexpr PgStatement kWriteState = {
    "msp_state_write",
    "UPDATE order_states SET state = $2, final = $3, created_by_gateway = $4, "
    "next_poll_ms = $5, poll_attempts = $6, version = $7, created_ms = $8, "
    "updated_ms = $9 WHERE order_id = $1"};
// The counter row stays locked until COMMIT: appends are serialized.
constexpr PgStatement kAppend = {
    "msp_event_append",
    "WITH next AS (UPDATE order_event_counter SET last_cursor = last_cursor + "
    "1 RETURNING last_cursor) INSERT INTO order_events (" MSP_EVENT_COLUMNS
    ") SELECT last_cursor, $1, $2, $3 FROM next RETURNING cursor"};
// version > 0: never a placeholder (none is committed; belt and braces).
constexpr PgStatement kGetState = {
    "msp_state_get", "SELECT " MSP_STATE_COLUMNS
                     " FROM order_states WHERE order_id = $1 AND version > 0"};
constexpr PgStatement kReadEvents = {"msp_events_read",
                                     "SELECT " MSP_EVENT_COLUMNS
                                     " FROM order_events WHERE cursor > $1 "
                                     "ORDER BY cursor LIMIT $2"};
// One statement, so one snapshot, for every order of the filter.
constexpr PgStatement kReadOrderEvents = {
    "msp_events_read_orders",
    "SELECT " MSP_EVENT_COLUMNS
    " FROM order_events WHERE cursor > $1 AND order_id = ANY($2) "
    "ORDER BY cursor LIMIT $3"};
constexpr PgStatement kCursors = {
    "msp_events_cursors",
    "SELECT last_cursor, (SELECT min(cursor) FROM order_events) "
    "FROM order_event_counter"};
// `NOT final` as the partial index says, so that the planner uses it.
constexpr PgStatement kListToPoll = {
    "msp_states_to_poll",
    "SELECT " MSP_STATE_COLUMNS
    " FROM order_states WHERE NOT final AND next_poll_ms <= $1 AND "
    "version > 0 ORDER BY next_poll_ms, order_id LIMIT $2"};
constexpr PgStatement kSchedulePoll = {
    "msp_state_schedule",
    "UPDATE order_states SET next_poll_ms = $3, poll_attempts = $4, "
    "version = version + 1 WHERE order_id = $1 AND version = $2"};
constexpr PgStatement kPurgeEvents = {
    "msp_events_purge",
    "DELETE FROM order_events WHERE cursor IN (SELECT cursor FROM "
    "order_events WHERE appended_ms < $1 ORDER BY cursor LIMIT $2)"};
// SKIP LOCKED: an order being changed right now is left for the next batch.
constexpr PgStatement kPurgeStates = {
    "msp_states_purge",
    "DELETE FROM order_states WHERE order_id IN (SELECT order_id FROM "
    "order_states WHERE updated_ms < $1 AND version > 0 "
    "ORDER BY updated_ms, order_id LIMIT $2 FOR UPDATE SKIP LOCKED)"};

#undef MSP_STATE_COLUMNS
#undef MSP_EVENT_COLUMNS

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

absl::StatusOr<OrderState> ParseState(const PgResult& result, int row) {
  OrderState state;
  state.order_id = std::string(result.Bytes(row, 0));
  state.state = std::string(result.Bytes(row, 1));
  absl::StatusOr<bool> final = result.Bool(row, 2);
  absl::StatusOr<bool> by_gateway = result.Bool(row, 3);
  absl::StatusOr<int64_t> next_poll = result.Int64(row, 4);
  absl::StatusOr<int32_t> attempts = result.Int32(row, 5);
  absl::StatusOr<int64_t> version = result.Int64(row, 6);
  absl::StatusOr<int64_t> created = result.Int64(row, 7);
  absl::StatusOr<int64_t> updated = result.Int64(row, 8);
  for (const absl::Status& status :
       {final.status(), by_gateway.status(), next_poll.status(),
        attempts.status(), version.status(), created.status(),
        updated.status()}) {
    if (!status.ok()) return status;
  }
  state.final = *final;
  state.created_by_gateway = *by_gateway;
  state.next_poll = FromStoredMillis(*next_poll);
  state.poll_attempts = *attempts;
  state.version = *version;
  state.created = FromStoredMillis(*created);
  state.updated = FromStoredMillis(*updated);
  return state;
}

absl::StatusOr<std::vector<OrderState>> ParseStates(const PgResult& result) {
  std::vector<OrderState> states;
  states.reserve(result.rows());
  for (int row = 0; row < result.rows(); ++row) {
    absl::StatusOr<OrderState> state = ParseState(result, row);
    if (!state.ok()) return state.status();
    states.push_back(*std::move(state));
  }
  return states;
}

absl::StatusOr<std::vector<StoredOrderEvent>> ParseEvents(
    const PgResult& result) {
  std::vector<StoredOrderEvent> events;
  events.reserve(result.rows());
  for (int row = 0; row < result.rows(); ++row) {
    StoredOrderEvent event;
    absl::StatusOr<int64_t> cursor = result.Int64(row, 0);
    if (!cursor.ok()) return cursor.status();
    absl::StatusOr<int64_t> appended = result.Int64(row, 3);
    if (!appended.ok()) return appended.status();
    event.cursor = *cursor;
    event.order_id = std::string(result.Bytes(row, 1));
    event.event = std::string(result.Bytes(row, 2));
    event.appended = FromStoredMillis(*appended);
    events.push_back(std::move(event));
  }
  return events;
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
      new PostgresOrderStore(std::string(dsn), options, std::move(pool)));
}

PostgresOrderStore::PostgresOrderStore(
    std::string dsn, PostgresOrderStoreOptions options,
    std::unique_ptr<pg::PgConnectionPool> pool)
    : dsn_(std::move(dsn)), options_(options), pool_(std::move(pool)) {}

PostgresOrderStore::~PostgresOrderStore() {
  // The listener's thread first: it calls notifier_.
  std::unique_ptr<pg::PgListener> listener;
  {
    absl::MutexLock lock(&listener_mu_);
    listener = std::move(listener_);
  }
  listener.reset();
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

// --- OrderEventStore ---------------------------------------------------------

absl::StatusOr<ApplyOrderChangeResult> PostgresOrderStore::ApplyOrderChange(
    absl::string_view order_id, absl::Time now,
    const OrderStateDecider& decide) {
  if (absl::Status checked = CheckOrderIdToWrite(order_id); !checked.ok()) {
    return checked;
  }
  absl::StatusOr<ApplyOrderChangeResult> result;
  {
    absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
    if (!connection.ok()) return connection.status();
    absl::StatusOr<PgResult> begun =
        (*connection)->ExecuteScript("ApplyOrderChange: begin", "BEGIN");
    if (!begun.ok()) return begun.status();
    result = ApplyInTransaction(**connection, order_id, now, decide);
    if (result.ok() && result->written) {
      // NOTIFY is sent at COMMIT, to every listening session of the
      // database, only if the transaction commits.
      absl::StatusOr<PgResult> committed =
          (*connection)
              ->ExecuteScript(
                  "ApplyOrderChange: commit",
                  result->cursor.has_value()
                      ? absl::StrCat("NOTIFY ", kOrderEventsChannel, "; COMMIT")
                      : std::string("COMMIT"));
      // A session lost during COMMIT leaves the outcome unknown:
      // UNAVAILABLE, and the caller's retry sees what was stored.
      if (!committed.ok()) result = committed.status();
    } else if (!(*connection)->broken()) {
      // Nothing to write (the placeholder goes too), or a failure: best
      // effort; a connection left in a transaction is not reused.
      (*connection)
          ->ExecuteScript("ApplyOrderChange: rollback", "ROLLBACK")
          .IgnoreError();
    }
  }
  if (result.ok() && result->cursor.has_value()) notifier_->Notify();
  return result;
}

absl::StatusOr<ApplyOrderChangeResult> PostgresOrderStore::ApplyInTransaction(
    pg::PgConnection& connection, absl::string_view order_id, absl::Time now,
    const OrderStateDecider& decide) {
  PgParams key;
  key.Text(order_id);
  absl::StatusOr<PgResult> placed =
      connection.Execute("ApplyOrderChange: lock", kPlaceholder, key);
  if (!placed.ok()) return placed.status();
  absl::StatusOr<PgResult> locked =
      connection.Execute("ApplyOrderChange: lock", kLockState, key);
  if (!locked.ok()) return locked.status();
  if (locked->rows() != 1) {
    return absl::InternalError(
        "postgresql: ApplyOrderChange: the locked order row is not there");
  }
  absl::StatusOr<OrderState> row = ParseState(*locked, 0);
  if (!row.ok()) return row.status();
  std::optional<OrderState> current;
  if (row->version > 0) current = *std::move(row);

  absl::StatusOr<std::optional<OrderStateChange>> change = decide(current);
  if (!change.ok()) return change.status();
  ApplyOrderChangeResult result;
  if (!change->has_value()) return result;
  const OrderStateChange& wanted = **change;
  if (absl::Status checked = CheckOrderStateChange(order_id, wanted);
      !checked.ok()) {
    return checked;
  }
  PgParams write;
  write.Text(order_id)
      .Bytes(wanted.state.state)
      .Bool(wanted.state.final)
      .Bool(wanted.state.created_by_gateway)
      .Int64(ToStoredMillis(wanted.state.next_poll))
      .Int32(wanted.state.poll_attempts)
      .Int64(current.has_value() ? current->version + 1 : 1)
      .Int64(ToStoredMillis(current.has_value() ? current->created : now))
      .Int64(ToStoredMillis(now));
  absl::StatusOr<PgResult> written =
      connection.Execute("ApplyOrderChange: write", kWriteState, write);
  if (!written.ok()) return written.status();
  if (written->affected_rows() != 1) {
    return absl::InternalError(
        "postgresql: ApplyOrderChange: the state was not written");
  }
  result.written = true;
  if (wanted.event.has_value()) {
    PgParams append;
    append.Text(order_id).Bytes(*wanted.event).Int64(ToStoredMillis(now));
    absl::StatusOr<PgResult> appended =
        connection.Execute("ApplyOrderChange: append", kAppend, append);
    if (!appended.ok()) return appended.status();
    if (appended->rows() != 1) {
      return absl::InternalError(
          "postgresql: ApplyOrderChange: the event counter row is missing");
    }
    absl::StatusOr<int64_t> cursor = appended->Int64(0, 0);
    if (!cursor.ok()) return cursor.status();
    result.cursor = *cursor;
  }
  return result;
}

absl::StatusOr<std::optional<OrderState>> PostgresOrderStore::GetOrderState(
    absl::string_view order_id) {
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  PgParams params;
  params.Text(order_id);
  absl::StatusOr<PgResult> result =
      (*connection)->Execute("GetOrderState", kGetState, params);
  if (!result.ok()) return result.status();
  if (result->rows() == 0) return std::optional<OrderState>();
  absl::StatusOr<OrderState> state = ParseState(*result, 0);
  if (!state.ok()) return state.status();
  return std::optional<OrderState>(*std::move(state));
}

absl::StatusOr<std::vector<StoredOrderEvent>> PostgresOrderStore::ReadEvents(
    int64_t after_cursor, absl::Span<const std::string> order_ids,
    size_t limit) {
  if (absl::Status checked = CheckReadEventsFilter(order_ids); !checked.ok()) {
    return checked;
  }
  if (limit == 0) return std::vector<StoredOrderEvent>();
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  PgParams params;
  params.Int64(after_cursor);
  absl::StatusOr<PgResult> result = absl::UnknownError("not run");
  if (order_ids.empty()) {
    params.Int64(Limit(limit));
    result = (*connection)->Execute("ReadEvents", kReadEvents, params);
  } else {
    params.TextArray(order_ids).Int64(Limit(limit));
    result = (*connection)->Execute("ReadEvents", kReadOrderEvents, params);
  }
  if (!result.ok()) return result.status();
  return ParseEvents(*result);
}

absl::StatusOr<EventCursorRange> PostgresOrderStore::EventCursors() {
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  absl::StatusOr<PgResult> result =
      (*connection)->Execute("EventCursors", kCursors, PgParams());
  if (!result.ok()) return result.status();
  if (result->rows() != 1) {
    return absl::InternalError(
        "postgresql: EventCursors: the event counter row is missing");
  }
  absl::StatusOr<int64_t> newest = result->Int64(0, 0);
  if (!newest.ok()) return newest.status();
  EventCursorRange range;
  range.newest = *newest;
  if (result->IsNull(0, 1)) {
    range.oldest = range.newest == 0 ? 0 : range.newest + 1;
  } else {
    absl::StatusOr<int64_t> oldest = result->Int64(0, 1);
    if (!oldest.ok()) return oldest.status();
    range.oldest = *oldest;
  }
  return range;
}

absl::StatusOr<std::vector<OrderState>> PostgresOrderStore::ListOrdersToPoll(
    absl::Time now, size_t limit) {
  if (limit == 0) return std::vector<OrderState>();
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  PgParams params;
  // "Never" (INT64_MAX) is never due, not even at InfiniteFuture.
  params
      .Int64(std::min(ToStoredMillis(now),
                      std::numeric_limits<int64_t>::max() - 1))
      .Int64(Limit(limit));
  absl::StatusOr<PgResult> result =
      (*connection)->Execute("ListOrdersToPoll", kListToPoll, params);
  if (!result.ok()) return result.status();
  return ParseStates(*result);
}

absl::StatusOr<bool> PostgresOrderStore::SchedulePoll(
    absl::string_view order_id, int64_t version, absl::Time next_poll,
    int poll_attempts) {
  if (version <= 0) return false;  // Never a placeholder's.
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  PgParams params;
  params.Text(order_id)
      .Int64(version)
      .Int64(ToStoredMillis(next_poll))
      .Int32(poll_attempts);
  absl::StatusOr<PgResult> result =
      (*connection)->Execute("SchedulePoll", kSchedulePoll, params);
  if (!result.ok()) return result.status();
  return result->affected_rows() == 1;
}

absl::StatusOr<size_t> PostgresOrderStore::PurgeEventsBefore(absl::Time cutoff,
                                                             size_t limit) {
  if (limit == 0) return 0;
  absl::StatusOr<PgConnectionPool::Lease> connection = pool_->Acquire();
  if (!connection.ok()) return connection.status();
  PgParams params;
  params.Int64(ToStoredMillis(cutoff)).Int64(Limit(limit));
  size_t purged = 0;
  for (const PgStatement* statement : {&kPurgeEvents, &kPurgeStates}) {
    absl::StatusOr<PgResult> result =
        (*connection)->Execute("PurgeEventsBefore", *statement, params);
    if (!result.ok()) return result.status();
    purged += static_cast<size_t>(result->affected_rows());
  }
  return purged;
}

absl::StatusOr<std::unique_ptr<AppendSubscription>>
PostgresOrderStore::SubscribeToAppends(std::function<void()> wake) {
  // Subscribed before the listener may wake anyone, so that its first wake
  // (after LISTEN) covers whatever was appended before.
  std::unique_ptr<AppendSubscription> subscription =
      notifier_->Subscribe(std::move(wake));
  pg::PgListener* listener;
  {
    absl::MutexLock lock(&listener_mu_);
    if (listener_ == nullptr) {
      pg::PgListenerOptions listen_options;
      listen_options.connect_timeout = options_.connect_timeout;
      listener_ = std::make_unique<pg::PgListener>(
          dsn_, pool_->redactor(), kOrderEventsChannel, listen_options,
          [notifier = notifier_] { notifier->Notify(); });
    }
    listener = listener_.get();
  }
  // Not an error if the server is unreachable now: the listener keeps
  // trying and wakes everyone once it listens (see the header).
  listener->WaitUntilListening(options_.connect_timeout);
  return subscription;
}

int PostgresOrderStore::listener_backend_pid() const {
  absl::MutexLock lock(&listener_mu_);
  return listener_ == nullptr ? 0 : listener_->backend_pid();
}

}  // namespace msp_gateway
