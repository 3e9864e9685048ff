// Copyright 2026 The msp-gateway Authors.
//
// File: sqlite_migrations.h
//
// Versioned schema migrations for a SQLite database. The applied versions
// are rows of
//
//   schema_migrations(version INTEGER PRIMARY KEY, applied_at_ms INTEGER)
//
// and a program carries the ordered list of every migration it knows. At
// start it applies those not yet recorded, all in one BEGIN IMMEDIATE
// transaction (DDL is transactional in SQLite): the write lock is taken
// before schema_migrations is read, so two processes starting on one new
// file at once cannot both apply a migration; the second waits (busy
// timeout), then finds everything applied. A failing migration rolls back
// every migration of that run. A migration, once released, is never edited:
// a change is a new migration.

#ifndef MSP_GATEWAY_SERVICE_STORE_SQLITE_SQLITE_MIGRATIONS_H_
#define MSP_GATEWAY_SERVICE_STORE_SQLITE_SQLITE_MIGRATIONS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

struct sqlite3;

namespace msp_gateway {

struct SqliteMigration {
  // 1, 2, 3, ...: the list holds them in this order, without gaps.
  int64_t version;
  // One or more SQL statements.
  const char* sql;
};

// Brings `db` to the last of `migrations`, recording each one applied with
// `now` as its applied_at_ms; returns the schema version (the last one's).
// FAILED_PRECONDITION when the database records a version this program does
// not know (a newer release migrated it: running older code on it could
// misread it); UNAVAILABLE when another connection holds the write lock past
// `db`'s busy timeout; INTERNAL for a failing migration or a list that is
// not numbered 1, 2, 3, ... Nothing is applied unless everything is.
absl::StatusOr<int64_t> ApplySqliteMigrations(
    sqlite3* db, absl::Span<const SqliteMigration> migrations, absl::Time now);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_SQLITE_SQLITE_MIGRATIONS_H_
