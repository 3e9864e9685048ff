// Copyright 2026 The msp-gateway Authors.
//
// File: open_order_store.h
//
// Opens the OrderStore a StoreConfig (store_config.h) names: SQLite
// (sqlite/sqlite_order_store.h) or PostgreSQL (postgres/). Its own
// package above the implementations: //service/store holds the interface,
// the configuration and the conformance suite the implementations' tests
// use, so this factory, which depends on every implementation, cannot live
// there without a package cycle (tools/check_layout.mjs).

#ifndef MSP_GATEWAY_SERVICE_STORE_OPEN_OPEN_ORDER_STORE_H_
#define MSP_GATEWAY_SERVICE_STORE_OPEN_OPEN_ORDER_STORE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/store/order_store.h"
#include "service/store/store_config.h"

namespace msp_gateway {

struct OpenStoreOptions {
  // How long one store call may wait for the database before it fails with
  // UNAVAILABLE. SQLite: the busy timeout on another process's write lock.
  absl::Duration timeout = absl::Seconds(5);
  // PostgreSQL: connections in the pool (the server's --store_pool_size).
  int pool_size = 8;
};

// The store `config` names, opened and migrated. Errors as the
// implementation's Open() gives them (FAILED_PRECONDITION for a missing
// directory, UNAVAILABLE for an unreachable database, ...); no message
// contains a DSN's password.
absl::StatusOr<std::unique_ptr<OrderStore>> OpenOrderStore(
    const StoreConfig& config, const OpenStoreOptions& options = {});

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_OPEN_OPEN_ORDER_STORE_H_
