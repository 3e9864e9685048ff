// Copyright 2026 The msp-gateway Authors.

#include "service/store/open/open_order_store.h"

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "service/store/order_store.h"
#include "service/store/sqlite/sqlite_order_store.h"
#include "service/store/store_config.h"

namespace msp_gateway {

absl::StatusOr<std::unique_ptr<OrderStore>> OpenOrderStore(
    const StoreConfig& config, const OpenStoreOptions& options) {
  switch (config.kind) {
    case StoreKind::kSqlite: {
      SqliteOrderStoreOptions sqlite_options;
      sqlite_options.busy_timeout = options.timeout;
      absl::StatusOr<std::unique_ptr<SqliteOrderStore>> store =
          SqliteOrderStore::Open(config.sqlite_path, sqlite_options);
      if (!store.ok()) return store.status();
      return std::unique_ptr<OrderStore>(std::move(*store));
    }
    case StoreKind::kPostgresql:
      // TODO(postgres store): PostgresOrderStore::Open(config.postgres_dsn,
      // ...) from //service/store/postgres, with options.timeout as its
      // connect and statement timeouts. Until then:
      return absl::UnimplementedError(absl::StrCat(
          "the PostgreSQL order store (", config.DebugString(),
          ") is not built in yet; use ", kStoreEnv, "=sqlite:<path>"));
  }
  return absl::InternalError("unknown store kind");
}

}  // namespace msp_gateway
