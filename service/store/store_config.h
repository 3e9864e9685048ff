// Copyright 2026 The msp-gateway Authors.
//
// File: store_config.h
//
// Where the order store is. It comes from the environment, never a flag: a
// PostgreSQL DSN may carry a password, and flags show up in `ps`.
//
//   MSP_GATEWAY_STORE=sqlite:/data/orders.db
//       the embedded SQLite file (its directory must exist);
//   MSP_GATEWAY_STORE=postgresql://gateway@db:5432/orders?sslmode=verify-full
//       (or postgres://...) a libpq connection URI, for stores shared by
//       replicas. Prefer leaving the password out of it: libpq reads
//       PGPASSFILE (a mounted .pgpass) or PGPASSWORD itself;
//   MSP_GATEWAY_STORE_FILE=/run/secrets/store
//       a file (a mounted secret) holding one of the above; surrounding
//       whitespace, the trailing newline included, is ignored. Not together
//       with MSP_GATEWAY_STORE.
//
// Neither set: SQLite at <data_dir>/orders.db, data_dir being the server's
// --data_dir.
//
// A DSN's password never appears in an error message or a DebugString():
// use RedactedDsn() to show one.

#ifndef MSP_GATEWAY_SERVICE_STORE_STORE_CONFIG_H_
#define MSP_GATEWAY_SERVICE_STORE_STORE_CONFIG_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace msp_gateway {

inline constexpr char kStoreEnv[] = "MSP_GATEWAY_STORE";
inline constexpr char kStoreFileEnv[] = "MSP_GATEWAY_STORE_FILE";

enum class StoreKind { kSqlite, kPostgresql };

// "sqlite" or "postgresql" (OrderStore::kind()'s spelling).
absl::string_view StoreKindName(StoreKind kind);

struct StoreConfig {
  StoreKind kind = StoreKind::kSqlite;
  // kSqlite: the database file.
  std::string sqlite_path;
  // kPostgresql: the libpq URI as given, password and all. Never log it;
  // RedactedDsn(postgres_dsn) or DebugString() is what may be shown.
  std::string postgres_dsn;

  // "sqlite:/data/orders.db", "postgresql://gateway:***@db/orders".
  std::string DebugString() const;
};

// The value of an environment variable, or nullopt when unset.
using StoreEnvLookup =
    std::function<std::optional<std::string>(absl::string_view name)>;

// The process environment (getenv), for main().
std::optional<std::string> ProcessEnvLookup(absl::string_view name);

// Reads the store's location from `env` (see above). An empty value is
// unset. INVALID_ARGUMENT for both variables set, a value that is neither
// sqlite:<path> nor a postgresql:// or postgres:// URI, or no setting and no
// `data_dir`; FAILED_PRECONDITION when the file cannot be read or is empty
// (the message names the file). No message contains the value read.
absl::StatusOr<StoreConfig> ResolveStoreConfig(absl::string_view data_dir,
                                               const StoreEnvLookup& env);

// `dsn` with every password replaced by "***": the one of a URI's userinfo
// (postgresql://user:secret@host), and the value of every parameter whose
// name contains "password" (password, sslpassword; percent-encoded names
// too) in a URI's query or a keyword/value string ("host=db password=x",
// "password = 'a b'"). It errs on hiding too much: in a URI, everything
// from the userinfo's ':' to the last '@' goes, and a keyword/value string
// it cannot parse becomes "***" whole.
std::string RedactedDsn(absl::string_view dsn);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_STORE_CONFIG_H_
