// Copyright 2026 The msp-gateway Authors.

#include "service/store/sqlite/sqlite_migrations.h"

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "service/store/sqlite/sqlite_status.h"

namespace msp_gateway {
namespace {

absl::Status Exec(sqlite3* db, const char* sql, absl::string_view what) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(db, rc, what);
  return absl::OkStatus();
}

// Everything after BEGIN IMMEDIATE; the caller commits or rolls back.
absl::StatusOr<int64_t> ApplyInTransaction(
    sqlite3* db, absl::Span<const SqliteMigration> migrations, absl::Time now) {
  absl::Status created = Exec(db,
                              "CREATE TABLE IF NOT EXISTS schema_migrations ("
                              "version INTEGER PRIMARY KEY, "
                              "applied_at_ms INTEGER NOT NULL)",
                              "create schema_migrations");
  if (!created.ok()) return created;

  absl::flat_hash_set<int64_t> applied;
  int64_t newest = 0;
  {
    sqlite3_stmt* select = nullptr;
    int rc = sqlite3_prepare_v2(db, "SELECT version FROM schema_migrations", -1,
                                &select, nullptr);
    if (rc != SQLITE_OK) return SqliteStatus(db, rc, "read schema_migrations");
    while ((rc = sqlite3_step(select)) == SQLITE_ROW) {
      int64_t version = sqlite3_column_int64(select, 0);
      applied.insert(version);
      if (version > newest) newest = version;
    }
    absl::Status status = rc == SQLITE_DONE
                              ? absl::OkStatus()
                              : SqliteStatus(db, rc, "read schema_migrations");
    sqlite3_finalize(select);
    if (!status.ok()) return status;
  }
  const int64_t latest = migrations.empty() ? 0 : migrations.back().version;
  if (newest > latest) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the database's schema version is ", newest,
        ", newer than this program's ", latest,
        ": a newer release migrated it; run that release (no downgrade)"));
  }

  sqlite3_stmt* record = nullptr;
  int rc = sqlite3_prepare_v2(
      db,
      "INSERT INTO schema_migrations (version, applied_at_ms) VALUES (?1, ?2)",
      -1, &record, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(db, rc, "prepare migration record");
  absl::Status status;
  for (const SqliteMigration& migration : migrations) {
    if (applied.contains(migration.version)) continue;
    const std::string what = absl::StrCat("migration ", migration.version);
    status = Exec(db, migration.sql, what);
    if (!status.ok()) break;
    sqlite3_bind_int64(record, 1, migration.version);
    sqlite3_bind_int64(record, 2, absl::ToUnixMillis(now));
    rc = sqlite3_step(record);
    if (rc != SQLITE_DONE) {
      status = SqliteStatus(db, rc, absl::StrCat("record ", what));
      break;
    }
    sqlite3_reset(record);
  }
  sqlite3_finalize(record);
  if (!status.ok()) return status;
  return latest;
}

}  // namespace

absl::StatusOr<int64_t> ApplySqliteMigrations(
    sqlite3* db, absl::Span<const SqliteMigration> migrations, absl::Time now) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int64_t>(i) + 1 ||
        migrations[i].sql == nullptr) {
      return absl::InternalError(
          "sqlite migrations must be numbered 1, 2, 3, ... in order, each "
          "with its SQL");
    }
  }
  absl::Status begun = Exec(db, "BEGIN IMMEDIATE", "begin migrations");
  if (!begun.ok()) return begun;
  absl::StatusOr<int64_t> version = ApplyInTransaction(db, migrations, now);
  if (version.ok()) {
    absl::Status committed = Exec(db, "COMMIT", "commit migrations");
    if (committed.ok()) return version;
    version = committed;
  }
  // Best effort: a failed COMMIT may have ended the transaction already.
  if (!sqlite3_get_autocommit(db)) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  return version;
}

}  // namespace msp_gateway
