// Copyright 2026 The msp-gateway Authors.

#include "service/store/open/open_order_store.h"

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "service/store/order_store.h"
#include "service/store/postgres/postgres_order_store.h"
#include "service/store/sqlite/sqlite_order_store.h"
#include "service/store/store_config.h"

namespace msp_gateway {

absl::StatusOr<OpenedOrderStore> OpenOrderStore(
    const StoreConfig& config, const OpenStoreOptions& options) {
  switch (config.kind) {
    case StoreKind::kSqlite: {
      SqliteOrderStoreOptions sqlite_options;
      sqlite_options.busy_timeout = options.timeout;
      absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
          SqliteOrderStore::Open(config.sqlite_path, sqlite_options);
      if (!store.ok()) return store.status();
      return OpenedOrderStore(*std::move(store));
    }
    case StoreKind::kPostgresql: {
      // One timeout for every wait on the database, as for SQLite: opening
      // a connection, a statement (lock waits included), a free connection.
      PostgresOrderStoreOptions postgres_options;
      postgres_options.pool_size = options.pool_size;
      postgres_options.connect_timeout = options.timeout;
      postgres_options.statement_timeout = options.timeout;
      postgres_options.pool_wait_timeout = options.timeout;
      absl::StatusOr<std::unique_ptr<PostgresOrderStore>> store =
          PostgresOrderStore::Open(config.postgres_dsn, postgres_options);
      if (!store.ok()) return store.status();
      return OpenedOrderStore(*std::move(store));
    }
  }
  return absl::InternalError("unknown store kind");
}

}  // namespace msp_gateway
