// Copyright 2026 The msp-gateway Authors.

#include "service/store/postgres/pg_schema.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace msp_gateway {
namespace pg {
namespace {

absl::StatusOr<int> ApplyInTransaction(PgConnection& connection,
                                       absl::Span<const PgMigration> migrations,
                                       absl::Time now) {
  PgParams lock;
  lock.Int64(kMigrationLockKey);
  if (absl::StatusOr<PgResult> locked = connection.ExecuteOnce(
          "migrations: lock", "SELECT pg_advisory_xact_lock($1)", lock);
      !locked.ok()) {
    return locked.status();
  }
  if (absl::StatusOr<PgResult> created = connection.ExecuteScript(
          "migrations: create schema_migrations",
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          "version INTEGER PRIMARY KEY, "
          "description TEXT NOT NULL, "
          "applied_ms BIGINT NOT NULL)");
      !created.ok()) {
    return created.status();
  }
  absl::StatusOr<PgResult> current = connection.ExecuteOnce(
      "migrations: read version",
      "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", PgParams());
  if (!current.ok()) return current.status();
  absl::StatusOr<int32_t> version = current->Int32(0, 0);
  if (!version.ok()) return version.status();

  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (*version > latest) {
    return absl::FailedPreconditionError(
        absl::StrCat("postgresql: the database has schema version ", *version,
                     ", newer than this release's ", latest,
                     ": a newer release migrated it"));
  }
  for (const PgMigration& migration : migrations) {
    if (migration.version <= *version) continue;
    const std::string what = absl::StrCat("migration ", migration.version, " (",
                                          migration.description, ")");
    if (absl::StatusOr<PgResult> applied =
            connection.ExecuteScript(what, migration.sql);
        !applied.ok()) {
      return applied.status();
    }
    PgParams row;
    row.Int32(migration.version)
        .Text(migration.description)
        .Int64(absl::ToUnixMillis(now));
    if (absl::StatusOr<PgResult> recorded = connection.ExecuteOnce(
            what,
            "INSERT INTO schema_migrations (version, description, applied_ms) "
            "VALUES ($1, $2, $3)",
            row);
        !recorded.ok()) {
      return recorded.status();
    }
  }
  return latest > *version ? latest : *version;
}

}  // namespace

absl::StatusOr<int> ApplyMigrations(PgConnection& connection,
                                    absl::Span<const PgMigration> migrations,
                                    absl::Time now) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return absl::InternalError(absl::StrCat("postgresql: migration ", i + 1,
                                              " has version ",
                                              migrations[i].version));
    }
  }
  if (absl::StatusOr<PgResult> begun =
          connection.ExecuteScript("migrations: begin", "BEGIN");
      !begun.ok()) {
    return begun.status();
  }
  absl::StatusOr<int> version = ApplyInTransaction(connection, migrations, now);
  if (!version.ok()) {
    // Best effort: a broken connection is discarded with its transaction.
    connection.ExecuteScript("migrations: rollback", "ROLLBACK").IgnoreError();
    return version.status();
  }
  if (absl::StatusOr<PgResult> committed =
          connection.ExecuteScript("migrations: commit", "COMMIT");
      !committed.ok()) {
    return committed.status();
  }
  return version;
}

}  // namespace pg
}  // namespace msp_gateway
