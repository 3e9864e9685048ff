// Copyright 2026 The msp-gateway Authors.
//
// File: open_order_store.h
//
// Opens the store a StoreConfig (store_config.h) names: SQLite
// (sqlite/sqlite_order_store.h) or PostgreSQL (postgres/), as an
// OrderStore and an OrderEventStore (OpenedOrderStore). Its own
// package above the implementations: //service/store holds the interface,
// the configuration and the conformance suite the implementations' tests
// use, so this factory, which depends on every implementation, cannot live
// there without a package cycle (tools/check_layout.mjs).

#ifndef MSP_GATEWAY_SERVICE_STORE_OPEN_OPEN_ORDER_STORE_H_
#define MSP_GATEWAY_SERVICE_STORE_OPEN_OPEN_ORDER_STORE_H_

#include <memory>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/store/order_event_store.h"
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

// An opened store as both of its interfaces: the idempotency records
// (OrderStore) and the order states with their event log (OrderEventStore).
// The real stores are one object each, on one database and one
// connection (SQLite) or pool (PostgreSQL), so an order change and a claim
// share them. Move-only; the references stay valid across moves, for as
// long as the object that was moved last lives.
class OpenedOrderStore {
 public:
  // One object that is both (SqliteOrderStore, PostgresOrderStore).
  template <typename Store>
  explicit OpenedOrderStore(std::unique_ptr<Store> store)
      : orders_(store.get()), events_(store.get()) {
    owned_orders_ = std::move(store);
  }
  // Two objects, e.g. MemoryOrderStore and MemoryOrderEventStore in tests.
  OpenedOrderStore(std::unique_ptr<OrderStore> orders,
                   std::unique_ptr<OrderEventStore> events)
      : orders_(orders.get()),
        events_(events.get()),
        owned_orders_(std::move(orders)),
        owned_events_(std::move(events)) {}

  OpenedOrderStore(OpenedOrderStore&&) = default;
  OpenedOrderStore& operator=(OpenedOrderStore&&) = default;

  OrderStore& orders() const { return *orders_; }
  OrderEventStore& events() const { return *events_; }
  // "sqlite" or "postgresql" (OrderStore::kind()).
  absl::string_view kind() const { return orders_->kind(); }

 private:
  OrderStore* orders_;
  OrderEventStore* events_;
  // What owns them (events_ may be part of owned_orders_).
  std::unique_ptr<OrderStore> owned_orders_;
  std::unique_ptr<OrderEventStore> owned_events_;
};

// The store `config` names, opened and migrated. Errors as the
// implementation's Open() gives them (FAILED_PRECONDITION for a missing
// directory, UNAVAILABLE for an unreachable database, ...); no message
// contains a DSN's password.
absl::StatusOr<OpenedOrderStore> OpenOrderStore(
    const StoreConfig& config, const OpenStoreOptions& options = {});

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_OPEN_OPEN_ORDER_STORE_H_
