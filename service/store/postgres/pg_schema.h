// Copyright 2026 The msp-gateway Authors.
//
// File: pg_schema.h
//
// Versioned schema migrations for a PostgreSQL database shared by replicas.
// Table schema_migrations has one row per applied version. Every replica
// runs ApplyMigrations() at start-up; one transaction holds
// pg_advisory_xact_lock(kMigrationLockKey) from its first statement to its
// COMMIT, so replicas starting at once apply each migration exactly once:
// the others wait for the lock, then find nothing left to do. The lock is
// per database (advisory locks are) and goes with the transaction, also
// when the session dies.

#ifndef MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_SCHEMA_H_
#define MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_SCHEMA_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "service/store/postgres/pg_connection.h"

namespace msp_gateway {
namespace pg {

// "msp_gate" in ASCII: the advisory lock of the gateway's migrations.
inline constexpr int64_t kMigrationLockKey = 0x6d73705f67617465;

struct PgMigration {
  int version;  // 1, 2, ...: each one more than the previous.
  absl::string_view description;
  absl::string_view sql;  // One or more statements, no parameters.
};

// PgMigrations::ApplyMigrations()
//
// Applies, in order and in one transaction, the `migrations` newer than the
// database's version, recording each in schema_migrations at `now`; returns
// the version the database has afterwards. FAILED_PRECONDITION (nothing
// changed) if the database has a version newer than any of `migrations`: a
// newer release migrated it, and this one must not write to a schema it
// does not know. A failed migration rolls every one back.
absl::StatusOr<int> ApplyMigrations(PgConnection& connection,
                                    absl::Span<const PgMigration> migrations,
                                    absl::Time now);

}  // namespace pg
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_POSTGRES_PG_SCHEMA_H_
