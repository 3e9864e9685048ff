// Copyright 2026 The msp-gateway Authors.

#include "service/store/sqlite/sqlite_order_store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "service/store/append_notifier.h"
#include "service/store/order_event_store.h"
#include "service/store/order_store.h"
#include "service/store/sqlite/sqlite_migrations.h"
#include "service/store/sqlite/sqlite_status.h"

namespace msp_gateway {
namespace {

// Never edit a released migration: append one.
constexpr SqliteMigration kMigrations[] = {
    {1, R"sql(
CREATE TABLE idempotency_records (
  key TEXT PRIMARY KEY NOT NULL,
  fingerprint BLOB NOT NULL,
  order_id TEXT NOT NULL,
  state TEXT NOT NULL
    CHECK (state IN ('in_flight', 'completed', 'unknown', 'answer_lost')),
  response BLOB NOT NULL,
  owner TEXT NOT NULL,
  lease_expires_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  version INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
-- ListNeedingReconciliation: state = 'unknown', or state = 'in_flight' and
-- an expired lease; ordered by updated_ms.
CREATE INDEX idempotency_records_by_state
  ON idempotency_records (state, lease_expires_ms, updated_ms);
-- PurgeCreatedBefore: the oldest first.
CREATE INDEX idempotency_records_by_created
  ON idempotency_records (created_ms);
)sql"},
    {2, R"sql(
-- The MultiSafepay request a key sends, to judge an ambiguous outcome.
ALTER TABLE idempotency_records ADD COLUMN request BLOB NOT NULL DEFAULT X'';
)sql"},
    {3, R"sql(
-- Each order's last accepted state (order_event_store.h); times in ms,
-- next_poll_ms 9223372036854775807 for "never".
CREATE TABLE order_states (
  order_id TEXT PRIMARY KEY NOT NULL,
  state BLOB NOT NULL,
  final INTEGER NOT NULL CHECK (final IN (0, 1)),
  created_by_gateway INTEGER NOT NULL CHECK (created_by_gateway IN (0, 1)),
  next_poll_ms INTEGER NOT NULL,
  poll_attempts INTEGER NOT NULL,
  version INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
-- ListOrdersToPoll: the orders not final, earliest next_poll_ms first.
CREATE INDEX order_states_to_poll
  ON order_states (next_poll_ms, order_id) WHERE final = 0;
-- PurgeEventsBefore: the states updated longest ago first.
CREATE INDEX order_states_by_updated ON order_states (updated_ms);
-- The outbox. AUTOINCREMENT: a cursor is never reused, even after every
-- event was purged (sqlite_sequence keeps the greatest).
CREATE TABLE order_events (
  cursor INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT NOT NULL,
  event BLOB NOT NULL,
  appended_ms INTEGER NOT NULL
);
-- ReadEvents of some orders.
CREATE INDEX order_events_by_order ON order_events (order_id, cursor);
-- PurgeEventsBefore.
CREATE INDEX order_events_by_appended ON order_events (appended_ms);
)sql"},
};

#define RECORD_COLUMNS                                                     \
  "key, fingerprint, order_id, state, response, owner, lease_expires_ms, " \
  "attempts, version, created_ms, updated_ms, request"
#define STATE_COLUMNS                                          \
  "order_id, state, final, created_by_gateway, next_poll_ms, " \
  "poll_attempts, version, created_ms, updated_ms"
#define EVENT_COLUMNS "cursor, order_id, event, appended_ms"

// Indexed by SqliteOrderStore::StatementId.
constexpr const char* kStatementSql[] = {
    "BEGIN IMMEDIATE",
    "COMMIT",
    "ROLLBACK",
    // ?1 key, ?2 fingerprint, ?3 order_id, ?4 state, ?5 owner, ?6 lease,
    // ?7 now, ?8 request.
    "INSERT INTO idempotency_records (" RECORD_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, X'', ?5, ?6, 0, 1, ?7, ?7, ?8) "
    "ON CONFLICT (key) DO NOTHING",
    "SELECT " RECORD_COLUMNS " FROM idempotency_records WHERE key = ?1",
    "UPDATE idempotency_records SET state = ?1, response = ?2, owner = ?3, "
    "lease_expires_ms = ?4, attempts = ?5, updated_ms = ?6, "
    "version = version + 1 WHERE key = ?7 AND version = ?8",
    "DELETE FROM idempotency_records WHERE key = ?1 AND version = ?2",
    // ?1 'unknown', ?2 'in_flight', ?3 now, ?4 limit. The key orders records
    // updated in the same millisecond, so that batches are stable.
    "SELECT " RECORD_COLUMNS
    " FROM idempotency_records WHERE state = ?1 OR "
    "(state = ?2 AND lease_expires_ms < ?3) "
    "ORDER BY updated_ms, key LIMIT ?4",
    "DELETE FROM idempotency_records WHERE key IN (SELECT key FROM "
    "idempotency_records WHERE created_ms < ?1 ORDER BY created_ms, key "
    "LIMIT ?2)",
    "SELECT state, COUNT(*) FROM idempotency_records GROUP BY state",
    // Reads the file (a read transaction), unlike SELECT 1.
    "SELECT COUNT(*) FROM schema_migrations",
    // One snapshot for the several statements of a read.
    "BEGIN",
    "SELECT " STATE_COLUMNS " FROM order_states WHERE order_id = ?1",
    // ?1..?9 as STATE_COLUMNS.
    "INSERT INTO order_states (" STATE_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (order_id) DO UPDATE SET state = excluded.state, "
    "final = excluded.final, created_by_gateway = excluded.created_by_gateway, "
    "next_poll_ms = excluded.next_poll_ms, "
    "poll_attempts = excluded.poll_attempts, version = excluded.version, "
    "created_ms = excluded.created_ms, updated_ms = excluded.updated_ms",
    "INSERT INTO order_events (order_id, event, appended_ms) "
    "VALUES (?1, ?2, ?3)",
    "SELECT " EVENT_COLUMNS
    " FROM order_events WHERE cursor > ?1 ORDER BY cursor LIMIT ?2",
    "SELECT " EVENT_COLUMNS
    " FROM order_events WHERE order_id = ?1 AND cursor > ?2 "
    "ORDER BY cursor LIMIT ?3",
    // The greatest cursor ever appended, and the smallest stored.
    "SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'order_events'), "
    "(SELECT MIN(cursor) FROM order_events)",
    // `final = 0` as the partial index says, so that it is used.
    "SELECT " STATE_COLUMNS
    " FROM order_states WHERE final = 0 AND next_poll_ms <= ?1 "
    "ORDER BY next_poll_ms, order_id LIMIT ?2",
    "UPDATE order_states SET next_poll_ms = ?1, poll_attempts = ?2, "
    "version = version + 1 WHERE order_id = ?3 AND version = ?4",
    "DELETE FROM order_events WHERE cursor IN (SELECT cursor FROM "
    "order_events WHERE appended_ms < ?1 ORDER BY cursor LIMIT ?2)",
    "DELETE FROM order_states WHERE order_id IN (SELECT order_id FROM "
    "order_states WHERE updated_ms < ?1 ORDER BY updated_ms, order_id "
    "LIMIT ?2)",
};

#undef RECORD_COLUMNS
#undef STATE_COLUMNS
#undef EVENT_COLUMNS

// A cached statement for one call: bindings point into the caller's
// strings, and a statement left stepping holds a read transaction, so it is
// reset and its bindings cleared when the call is done with it. The first
// failed bind is reported by Step().
class StatementUse {
 public:
  explicit StatementUse(sqlite3_stmt* statement) : statement_(statement) {}
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  ~StatementUse() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

  // Bytes as TEXT; bound without copying (SQLITE_STATIC): they must
  // outlive this object.
  void BindText(int index, absl::string_view text) {
    // A null pointer would bind NULL instead of an empty string.
    const char* data = text.data() != nullptr ? text.data() : "";
    Note(sqlite3_bind_text64(statement_, index, data, text.size(),
                             SQLITE_STATIC, SQLITE_UTF8));
  }
  void BindBlob(int index, absl::string_view bytes) {
    const char* data = bytes.data() != nullptr ? bytes.data() : "";
    Note(sqlite3_bind_blob64(statement_, index, data, bytes.size(),
                             SQLITE_STATIC));
  }
  void BindInt64(int index, int64_t value) {
    Note(sqlite3_bind_int64(statement_, index, value));
  }
  void BindTime(int index, absl::Time time) {
    BindInt64(index, ToStoredMillis(time));
  }
  void BindLimit(int index, size_t limit) {
    constexpr size_t kMax = std::numeric_limits<int64_t>::max();
    BindInt64(index, static_cast<int64_t>(std::min(limit, kMax)));
  }

  int Step() {
    if (bind_rc_ != SQLITE_OK) return bind_rc_;
    return sqlite3_step(statement_);
  }
  sqlite3_stmt* get() const { return statement_; }

 private:
  void Note(int rc) {
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }

  sqlite3_stmt* const statement_;
  int bind_rc_ = SQLITE_OK;
};

std::string ColumnBytes(sqlite3_stmt* statement, int column) {
  // sqlite3_column_blob() first, then _bytes(), as SQLite documents; a
  // TEXT value comes back as its bytes, unconverted. An empty value may be a
  // null pointer.
  const void* data = sqlite3_column_blob(statement, column);
  const int size = sqlite3_column_bytes(statement, column);
  if (data == nullptr || size <= 0) return std::string();
  return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
}

absl::Time ColumnTime(sqlite3_stmt* statement, int column) {
  return absl::FromUnixMillis(sqlite3_column_int64(statement, column));
}

// A row of RECORD_COLUMNS.
absl::StatusOr<OrderRecord> ReadRecord(sqlite3_stmt* statement) {
  OrderRecord record;
  record.key = ColumnBytes(statement, 0);
  record.fingerprint = ColumnBytes(statement, 1);
  record.order_id = ColumnBytes(statement, 2);
  std::optional<RecordState> state =
      ParseRecordState(ColumnBytes(statement, 3));
  if (!state.has_value()) {
    return absl::InternalError(
        "sqlite: idempotency_records holds a row with an unknown state");
  }
  record.state = *state;
  record.response = ColumnBytes(statement, 4);
  record.owner = ColumnBytes(statement, 5);
  record.lease_expires = ColumnTime(statement, 6);
  record.attempts = static_cast<int>(sqlite3_column_int64(statement, 7));
  record.version = sqlite3_column_int64(statement, 8);
  record.created = ColumnTime(statement, 9);
  record.updated = ColumnTime(statement, 10);
  record.request = ColumnBytes(statement, 11);
  return record;
}

// A row of STATE_COLUMNS.
OrderState ReadState(sqlite3_stmt* statement) {
  OrderState state;
  state.order_id = ColumnBytes(statement, 0);
  state.state = ColumnBytes(statement, 1);
  state.final = sqlite3_column_int64(statement, 2) != 0;
  state.created_by_gateway = sqlite3_column_int64(statement, 3) != 0;
  state.next_poll = FromStoredMillis(sqlite3_column_int64(statement, 4));
  state.poll_attempts = static_cast<int>(sqlite3_column_int64(statement, 5));
  state.version = sqlite3_column_int64(statement, 6);
  state.created = FromStoredMillis(sqlite3_column_int64(statement, 7));
  state.updated = FromStoredMillis(sqlite3_column_int64(statement, 8));
  return state;
}

// A row of EVENT_COLUMNS.
StoredOrderEvent ReadEvent(sqlite3_stmt* statement) {
  StoredOrderEvent event;
  event.cursor = sqlite3_column_int64(statement, 0);
  event.order_id = ColumnBytes(statement, 1);
  event.event = ColumnBytes(statement, 2);
  event.appended = FromStoredMillis(sqlite3_column_int64(statement, 3));
  return event;
}

// "dir" of "dir/orders.db", "." of "orders.db", "/" of "/orders.db".
std::string ParentDirectory(absl::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == absl::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

absl::Status CheckPath(absl::string_view path,
                       const SqliteOrderStoreOptions& options) {
  if (path.empty()) {
    // SQLite would open a private temporary database.
    return absl::InvalidArgumentError(
        "sqlite order store: the database path is empty");
  }
  if (path == ":memory:") {
    if (options.allow_memory_for_tests) return absl::OkStatus();
    return absl::InvalidArgumentError(
        "sqlite order store: \":memory:\" is refused: its records would "
        "vanish with the process; give a file path");
  }
  // Debian's libsqlite3 is built with SQLITE_USE_URI: "file:..." would be
  // read as a URI (mode=memory, ...), not as a path.
  if (absl::StartsWith(path, "file:")) {
    return absl::InvalidArgumentError(
        "sqlite order store: URI file names (file:...) are not supported; "
        "give a plain path");
  }
  const std::string dir = ParentDirectory(path);
  struct stat info;
  if (stat(dir.c_str(), &info) != 0) {
    const int error = errno;
    return absl::FailedPreconditionError(
        absl::StrCat("sqlite order store: the directory ", dir, " of ", path,
                     " is not usable (", std::strerror(error),
                     "); create it or mount the data volume there"));
  }
  if (!S_ISDIR(info.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("sqlite order store: ", dir, " (the directory of ", path,
                     ") is not a directory"));
  }
  return absl::OkStatus();
}

// Runs a PRAGMA and returns its first column's text ("" if no row).
absl::StatusOr<std::string> Pragma(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(db, rc, sql);
  std::string value;
  rc = sqlite3_step(statement);
  if (rc == SQLITE_ROW) {
    value = ColumnBytes(statement, 0);
    rc = sqlite3_step(statement);
  }
  absl::Status status =
      rc == SQLITE_DONE ? absl::OkStatus() : SqliteStatus(db, rc, sql);
  sqlite3_finalize(statement);
  if (!status.ok()) return status;
  return value;
}

// Switching a new file to WAL takes an exclusive lock; two processes opening
// it at once may see SQLITE_BUSY here without the busy handler being
// consulted, so this retries until the busy timeout.
absl::StatusOr<std::string> EnableWal(sqlite3* db, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    absl::StatusOr<std::string> mode = Pragma(db, "PRAGMA journal_mode=WAL");
    if (mode.ok() || !absl::IsUnavailable(mode.status()) ||
        absl::Now() >= deadline) {
      return mode;
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
}

// Closes a connection that has no statements.
struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};

}  // namespace

absl::Span<const SqliteMigration> SqliteOrderStore::Migrations() {
  return kMigrations;
}

absl::StatusOr<std::unique_ptr<SqliteOrderStore>> SqliteOrderStore::Open(
    absl::string_view path, const SqliteOrderStoreOptions& options) {
  absl::Status checked = CheckPath(path, options);
  if (!checked.ok()) return checked;
  const std::string file(path);

  sqlite3* raw = nullptr;
  // NOMUTEX: the store's own mutex serializes every use of the connection.
  int rc = sqlite3_open_v2(
      file.c_str(), &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      nullptr);
  std::unique_ptr<sqlite3, CloseDb> db(raw);
  if (rc != SQLITE_OK) {
    return SqliteStatus(db.get(), rc, absl::StrCat("open ", file));
  }
  sqlite3_extended_result_codes(db.get(), 1);
  const int64_t busy_ms =
      std::clamp<int64_t>(absl::ToInt64Milliseconds(options.busy_timeout), 0,
                          std::numeric_limits<int>::max());
  sqlite3_busy_timeout(db.get(), static_cast<int>(busy_ms));

  const bool memory = file == ":memory:";
  absl::StatusOr<std::string> mode = EnableWal(db.get(), options.busy_timeout);
  if (!mode.ok()) {
    return absl::Status(mode.status().code(),
                        absl::StrCat(mode.status().message(), " on ", file));
  }
  if (!memory && *mode != "wal") {
    return absl::FailedPreconditionError(absl::StrCat(
        "sqlite order store: ", file, " cannot use the WAL journal (got \"",
        *mode, "\"); put it on a local file system"));
  }
  // With WAL, NORMAL is durable against a process crash (see the header).
  absl::StatusOr<std::string> synchronous =
      Pragma(db.get(), "PRAGMA synchronous=NORMAL");
  if (!synchronous.ok()) return synchronous.status();

  absl::StatusOr<int64_t> version =
      ApplySqliteMigrations(db.get(), kMigrations, absl::Now());
  if (!version.ok()) {
    return absl::Status(
        version.status().code(),
        absl::StrCat(version.status().message(), " (", file, ")"));
  }

  std::unique_ptr<SqliteOrderStore> store(new SqliteOrderStore(db.release()));
  absl::Status prepared = store->Prepare();
  if (!prepared.ok()) return prepared;
  return store;
}

SqliteOrderStore::SqliteOrderStore(sqlite3* db) : db_(db) {}

SqliteOrderStore::~SqliteOrderStore() {
  absl::MutexLock lock(&mu_);
  for (sqlite3_stmt*& statement : statements_) {
    sqlite3_finalize(statement);  // A no-op for nullptr.
    statement = nullptr;
  }
  // The last connection to close checkpoints the WAL into the database.
  sqlite3_close(db_);
}

absl::Status SqliteOrderStore::Prepare() {
  static_assert(
      sizeof(kStatementSql) / sizeof(kStatementSql[0]) == kStatementCount,
      "one SQL text per StatementId");
  absl::MutexLock lock(&mu_);
  for (int id = 0; id < kStatementCount; ++id) {
    int rc = sqlite3_prepare_v3(db_, kStatementSql[id], -1,
                                SQLITE_PREPARE_PERSISTENT, &statements_[id],
                                nullptr);
    if (rc != SQLITE_OK) {
      return SqliteStatus(db_, rc, absl::StrCat("prepare statement ", id));
    }
  }
  return absl::OkStatus();
}

absl::Status SqliteOrderStore::Exec(StatementId id, absl::string_view what) {
  StatementUse use(statements_[id]);
  int rc = use.Step();
  if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, what);
  return absl::OkStatus();
}

absl::StatusOr<ClaimResult> SqliteOrderStore::Claim(
    const ClaimRequest& request) {
  absl::MutexLock lock(&mu_);
  // The write lock first (IMMEDIATE), so that the insert and the read are
  // one atomic step for every other process on the file too.
  absl::Status begun = Exec(kBegin, "Claim: begin");
  if (!begun.ok()) return begun;
  absl::StatusOr<ClaimResult> result = ClaimLocked(request);
  if (result.ok()) {
    absl::Status committed = Exec(kCommit, "Claim: commit");
    if (committed.ok()) return result;
    result = committed;
  }
  if (!sqlite3_get_autocommit(db_)) {
    Exec(kRollback, "Claim: rollback").IgnoreError();
  }
  return result;
}

absl::StatusOr<ClaimResult> SqliteOrderStore::ClaimLocked(
    const ClaimRequest& request) {
  ClaimResult result;
  {
    StatementUse insert(statements_[kInsert]);
    insert.BindText(1, request.key);
    insert.BindBlob(2, request.fingerprint);
    insert.BindText(3, request.order_id);
    insert.BindText(4, RecordStateName(RecordState::kInFlight));
    insert.BindText(5, request.owner);
    insert.BindTime(6, request.lease_expires);
    insert.BindTime(7, request.now);
    insert.BindBlob(8, request.request);
    int rc = insert.Step();
    if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "Claim: insert");
    result.claimed = sqlite3_changes(db_) == 1;
  }
  absl::StatusOr<std::optional<OrderRecord>> record = GetLocked(request.key);
  if (!record.ok()) return record.status();
  if (!record->has_value()) {
    return absl::InternalError("sqlite: Claim: the record is not there");
  }
  result.record = std::move(**record);
  return result;
}

absl::StatusOr<std::optional<OrderRecord>> SqliteOrderStore::Get(
    absl::string_view key) {
  absl::MutexLock lock(&mu_);
  return GetLocked(key);
}

absl::StatusOr<std::optional<OrderRecord>> SqliteOrderStore::GetLocked(
    absl::string_view key) {
  StatementUse get(statements_[kGet]);
  get.BindText(1, key);
  int rc = get.Step();
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) return SqliteStatus(db_, rc, "Get");
  absl::StatusOr<OrderRecord> record = ReadRecord(get.get());
  if (!record.ok()) return record.status();
  return std::optional<OrderRecord>(std::move(*record));
}

absl::StatusOr<bool> SqliteOrderStore::Update(const OrderRecord& record) {
  absl::MutexLock lock(&mu_);
  StatementUse update(statements_[kUpdate]);
  update.BindText(1, RecordStateName(record.state));
  update.BindBlob(2, record.response);
  update.BindText(3, record.owner);
  update.BindTime(4, record.lease_expires);
  update.BindInt64(5, record.attempts);
  update.BindTime(6, record.updated);
  update.BindText(7, record.key);
  update.BindInt64(8, record.version);
  int rc = update.Step();
  if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "Update");
  return sqlite3_changes(db_) == 1;
}

absl::StatusOr<bool> SqliteOrderStore::Release(absl::string_view key,
                                               int64_t version) {
  absl::MutexLock lock(&mu_);
  StatementUse release(statements_[kRelease]);
  release.BindText(1, key);
  release.BindInt64(2, version);
  int rc = release.Step();
  if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "Release");
  return sqlite3_changes(db_) == 1;
}

absl::StatusOr<std::vector<OrderRecord>>
SqliteOrderStore::ListNeedingReconciliation(absl::Time now, size_t limit) {
  absl::MutexLock lock(&mu_);
  std::vector<OrderRecord> records;
  StatementUse list(statements_[kList]);
  list.BindText(1, RecordStateName(RecordState::kUnknown));
  list.BindText(2, RecordStateName(RecordState::kInFlight));
  list.BindTime(3, now);
  list.BindLimit(4, limit);
  int rc;
  while ((rc = list.Step()) == SQLITE_ROW) {
    absl::StatusOr<OrderRecord> record = ReadRecord(list.get());
    if (!record.ok()) return record.status();
    records.push_back(std::move(*record));
  }
  if (rc != SQLITE_DONE) {
    return SqliteStatus(db_, rc, "ListNeedingReconciliation");
  }
  return records;
}

absl::StatusOr<size_t> SqliteOrderStore::PurgeCreatedBefore(absl::Time cutoff,
                                                            size_t limit) {
  absl::MutexLock lock(&mu_);
  StatementUse purge(statements_[kPurge]);
  purge.BindTime(1, cutoff);
  purge.BindLimit(2, limit);
  int rc = purge.Step();
  if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "PurgeCreatedBefore");
  return static_cast<size_t>(sqlite3_changes(db_));
}

absl::StatusOr<absl::flat_hash_map<std::string, int64_t>>
SqliteOrderStore::CountByState() {
  absl::MutexLock lock(&mu_);
  absl::flat_hash_map<std::string, int64_t> counts;
  StatementUse count(statements_[kCount]);
  int rc;
  while ((rc = count.Step()) == SQLITE_ROW) {
    counts[ColumnBytes(count.get(), 0)] = sqlite3_column_int64(count.get(), 1);
  }
  if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "CountByState");
  return counts;
}

absl::Status SqliteOrderStore::Ping() {
  absl::MutexLock lock(&mu_);
  StatementUse ping(statements_[kPing]);
  int rc = ping.Step();
  if (rc != SQLITE_ROW) return SqliteStatus(db_, rc, "Ping");
  return absl::OkStatus();
}

// --- OrderEventStore ---------------------------------------------------------

void SqliteOrderStore::RollbackIfOpen(absl::string_view what) {
  if (!sqlite3_get_autocommit(db_)) Exec(kRollback, what).IgnoreError();
}

absl::StatusOr<ApplyOrderChangeResult> SqliteOrderStore::ApplyOrderChange(
    absl::string_view order_id, absl::Time now,
    const OrderStateDecider& decide) {
  if (absl::Status checked = CheckOrderIdToWrite(order_id); !checked.ok()) {
    return checked;
  }
  absl::StatusOr<ApplyOrderChangeResult> result;
  {
    absl::MutexLock lock(&mu_);
    // The write lock before the read (IMMEDIATE): no other connection can
    // change the order between what the decider sees and what is written.
    absl::Status begun = Exec(kBegin, "ApplyOrderChange: begin");
    if (!begun.ok()) return begun;
    result = ApplyLocked(order_id, now, decide);
    if (result.ok() && result->written) {
      absl::Status committed = Exec(kCommit, "ApplyOrderChange: commit");
      if (!committed.ok()) result = committed;
    }
    // A decider error, no change, or a failed write or commit.
    RollbackIfOpen("ApplyOrderChange: rollback");
  }
  if (result.ok() && result->cursor.has_value()) notifier_->Notify();
  return result;
}

absl::StatusOr<ApplyOrderChangeResult> SqliteOrderStore::ApplyLocked(
    absl::string_view order_id, absl::Time now,
    const OrderStateDecider& decide) {
  absl::StatusOr<std::optional<OrderState>> current =
      GetOrderStateLocked(order_id);
  if (!current.ok()) return current.status();
  absl::StatusOr<std::optional<OrderStateChange>> change = decide(*current);
  if (!change.ok()) return change.status();
  ApplyOrderChangeResult result;
  if (!change->has_value()) return result;
  const OrderStateChange& wanted = **change;
  if (absl::Status checked = CheckOrderStateChange(order_id, wanted);
      !checked.ok()) {
    return checked;
  }
  {
    StatementUse put(statements_[kPutState]);
    put.BindText(1, order_id);
    put.BindBlob(2, wanted.state.state);
    put.BindInt64(3, wanted.state.final ? 1 : 0);
    put.BindInt64(4, wanted.state.created_by_gateway ? 1 : 0);
    put.BindTime(5, wanted.state.next_poll);
    put.BindInt64(6, wanted.state.poll_attempts);
    put.BindInt64(7, current->has_value() ? (*current)->version + 1 : 1);
    put.BindTime(8, current->has_value() ? (*current)->created : now);
    put.BindTime(9, now);
    int rc = put.Step();
    if (rc != SQLITE_DONE) {
      return SqliteStatus(db_, rc, "ApplyOrderChange: write the state");
    }
  }
  result.written = true;
  if (wanted.event.has_value()) {
    StatementUse append(statements_[kAppendEvent]);
    append.BindText(1, order_id);
    append.BindBlob(2, *wanted.event);
    append.BindTime(3, now);
    int rc = append.Step();
    if (rc != SQLITE_DONE) {
      return SqliteStatus(db_, rc, "ApplyOrderChange: append the event");
    }
    result.cursor = sqlite3_last_insert_rowid(db_);
  }
  return result;
}

absl::StatusOr<std::optional<OrderState>> SqliteOrderStore::GetOrderState(
    absl::string_view order_id) {
  absl::MutexLock lock(&mu_);
  return GetOrderStateLocked(order_id);
}

absl::StatusOr<std::optional<OrderState>> SqliteOrderStore::GetOrderStateLocked(
    absl::string_view order_id) {
  StatementUse get(statements_[kGetState]);
  get.BindText(1, order_id);
  int rc = get.Step();
  if (rc == SQLITE_DONE) return std::optional<OrderState>();
  if (rc != SQLITE_ROW) return SqliteStatus(db_, rc, "GetOrderState");
  return std::optional<OrderState>(ReadState(get.get()));
}

absl::StatusOr<std::vector<StoredOrderEvent>> SqliteOrderStore::ReadEvents(
    int64_t after_cursor, absl::Span<const std::string> order_ids,
    size_t limit) {
  if (absl::Status checked = CheckReadEventsFilter(order_ids); !checked.ok()) {
    return checked;
  }
  if (limit == 0) return std::vector<StoredOrderEvent>();
  absl::MutexLock lock(&mu_);
  if (order_ids.empty()) return ReadEventsLocked(after_cursor, {}, limit);
  // One query per order: one snapshot for them all, or an append
  // committed by another process between two of them could be skipped by
  // a reader that moves its cursor past it.
  absl::Status begun = Exec(kBeginRead, "ReadEvents: begin");
  if (!begun.ok()) return begun;
  absl::StatusOr<std::vector<StoredOrderEvent>> events =
      ReadEventsLocked(after_cursor, order_ids, limit);
  if (events.ok()) {
    absl::Status committed = Exec(kCommit, "ReadEvents: commit");
    if (!committed.ok()) events = committed;
  }
  RollbackIfOpen("ReadEvents: rollback");
  return events;
}

absl::StatusOr<std::vector<StoredOrderEvent>>
SqliteOrderStore::ReadEventsLocked(int64_t after_cursor,
                                   absl::Span<const std::string> order_ids,
                                   size_t limit) {
  std::vector<StoredOrderEvent> events;
  if (order_ids.empty()) {
    StatementUse read(statements_[kReadEvents]);
    read.BindInt64(1, after_cursor);
    read.BindLimit(2, limit);
    int rc;
    while ((rc = read.Step()) == SQLITE_ROW) {
      events.push_back(ReadEvent(read.get()));
    }
    if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "ReadEvents");
    return events;
  }
  // Each order's first `limit` (index order_events_by_order), merged: the
  // first `limit` of them all are among them.
  absl::flat_hash_set<absl::string_view> done;
  for (const std::string& order_id : order_ids) {
    if (!done.insert(order_id).second) continue;
    StatementUse read(statements_[kReadOrderEvents]);
    read.BindText(1, order_id);
    read.BindInt64(2, after_cursor);
    read.BindLimit(3, limit);
    int rc;
    while ((rc = read.Step()) == SQLITE_ROW) {
      events.push_back(ReadEvent(read.get()));
    }
    if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "ReadEvents");
  }
  std::sort(events.begin(), events.end(),
            [](const StoredOrderEvent& a, const StoredOrderEvent& b) {
              return a.cursor < b.cursor;
            });
  if (events.size() > limit) events.resize(limit);
  return events;
}

absl::StatusOr<EventCursorRange> SqliteOrderStore::EventCursors() {
  absl::MutexLock lock(&mu_);
  StatementUse cursors(statements_[kCursors]);
  int rc = cursors.Step();
  if (rc != SQLITE_ROW) return SqliteStatus(db_, rc, "EventCursors");
  EventCursorRange range;
  // NULL (nothing ever appended; nothing stored) reads as 0.
  range.newest = sqlite3_column_int64(cursors.get(), 0);
  if (sqlite3_column_type(cursors.get(), 1) == SQLITE_NULL) {
    range.oldest = range.newest == 0 ? 0 : range.newest + 1;
  } else {
    range.oldest = sqlite3_column_int64(cursors.get(), 1);
  }
  return range;
}

absl::StatusOr<std::vector<OrderState>> SqliteOrderStore::ListOrdersToPoll(
    absl::Time now, size_t limit) {
  absl::MutexLock lock(&mu_);
  std::vector<OrderState> states;
  StatementUse list(statements_[kListToPoll]);
  // "Never" (INT64_MAX) is never due, not even at InfiniteFuture.
  list.BindInt64(1, std::min(ToStoredMillis(now),
                             std::numeric_limits<int64_t>::max() - 1));
  list.BindLimit(2, limit);
  int rc;
  while ((rc = list.Step()) == SQLITE_ROW) {
    states.push_back(ReadState(list.get()));
  }
  if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "ListOrdersToPoll");
  return states;
}

absl::StatusOr<bool> SqliteOrderStore::SchedulePoll(absl::string_view order_id,
                                                    int64_t version,
                                                    absl::Time next_poll,
                                                    int poll_attempts) {
  absl::MutexLock lock(&mu_);
  StatementUse schedule(statements_[kSchedulePoll]);
  schedule.BindTime(1, next_poll);
  schedule.BindInt64(2, poll_attempts);
  schedule.BindText(3, order_id);
  schedule.BindInt64(4, version);
  int rc = schedule.Step();
  if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "SchedulePoll");
  return sqlite3_changes(db_) == 1;
}

absl::StatusOr<size_t> SqliteOrderStore::PurgeEventsBefore(absl::Time cutoff,
                                                           size_t limit) {
  absl::MutexLock lock(&mu_);
  size_t purged = 0;
  for (StatementId id : {kPurgeEvents, kPurgeStates}) {
    StatementUse purge(statements_[id]);
    purge.BindTime(1, cutoff);
    purge.BindLimit(2, limit);
    int rc = purge.Step();
    if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "PurgeEventsBefore");
    purged += static_cast<size_t>(sqlite3_changes(db_));
  }
  return purged;
}

absl::StatusOr<std::unique_ptr<AppendSubscription>>
SqliteOrderStore::SubscribeToAppends(std::function<void()> wake) {
  return notifier_->Subscribe(std::move(wake));
}

}  // namespace msp_gateway
