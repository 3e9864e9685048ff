// Copyright 2026 The msp-gateway Authors.
//
// File: order_event_store_conformance.h
//
// The one GoogleTest suite every OrderEventStore implementation must pass
// (order_event_store.h): ApplyOrderChange (a new order, a change, no
// change, a failing decider, a state without an event, the argument
// checks, binary-safe bytes, millisecond times), ReadEvents (after a
// cursor, the limit, the order_ids filter), EventCursors (empty, after
// appends, after a purge of everything), ListOrdersToPoll, the
// version-conditional SchedulePoll, PurgeEventsBefore, SubscribeToAppends
// (woken after an append, never after the subscription is gone), and
// concurrency: threads applying to one order lose no update (the decider
// runs under the order's lock), and a reader that keeps reading after its
// last cursor while other threads append sees every event exactly once
// (cursors grow in commit order), also through two stores on one database.
//
// An implementation's test instantiates it with a factory, inside
// namespace msp_gateway, like order_store_conformance.h:
//
//   OrderEventStoreFactory SqliteEventFactory() {
//     auto path = std::make_shared<std::string>();
//     OrderEventStoreFactory factory;
//     factory.name = "sqlite";
//     factory.open_fresh = [path]() -> absl::StatusOr<...> {
//       *path = NewFilePath();  // A new file each time.
//       return SqliteOrderStore::Open(*path, {});
//     };
//     factory.open_same = [path]() -> absl::StatusOr<...> {
//       return SqliteOrderStore::Open(*path, {});
//     };
//     return factory;
//   }
//   MSP_INSTANTIATE_ORDER_EVENT_STORE_CONFORMANCE(Sqlite,
//                                                 SqliteEventFactory());
//
// The test target depends on //service/store:order_event_store_conformance
// (alwayslink) and @system//:gtest_main. The suite writes whole-millisecond
// times except where it checks the rounding; it never relies on wall-clock
// time, only waits (bounded) for wakes and threads.

#ifndef MSP_GATEWAY_SERVICE_STORE_ORDER_EVENT_STORE_CONFORMANCE_H_
#define MSP_GATEWAY_SERVICE_STORE_ORDER_EVENT_STORE_CONFORMANCE_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "service/store/order_event_store.h"

namespace msp_gateway {

// How the suite gets stores; as OrderStoreFactory (order_store_conformance.h).
struct OrderEventStoreFactory {
  using Opener =
      std::function<absl::StatusOr<std::unique_ptr<OrderEventStore>>()>;

  // The instantiation's name in test names: letters, digits and '_' only.
  std::string name;
  // A store on a new, empty database of its own.
  Opener open_fresh;
  // Another store (its own connection) on the database the latest
  // open_fresh() returned, as a second replica or a restarted process
  // would open it. May be empty: the tests that need it are skipped.
  Opener open_same;
  // True if a subscriber of one store is woken by an append through
  // another store on the same database (PostgreSQL: LISTEN/NOTIFY; the
  // memory store: stores on one Data). SQLite wakes in-process only.
  bool wakes_across_stores = false;
};

// So that gtest prints the name, not the bytes of the std::functions.
void PrintTo(const OrderEventStoreFactory& factory, std::ostream* out);

class OrderEventStoreConformanceTest
    : public ::testing::TestWithParam<OrderEventStoreFactory> {
 protected:
  // Opens store_ with open_fresh().
  void SetUp() override;

  // Another store on the same database, with open_same(); nullptr (and a
  // failure) if it cannot be opened.
  std::unique_ptr<OrderEventStore> OpenSame();

  std::unique_ptr<OrderEventStore> store_;
};

}  // namespace msp_gateway

// Runs every conformance test on the stores `factory` (an
// OrderEventStoreFactory expression) opens; `prefix` names the
// instantiation. Use it inside namespace msp_gateway.
#define MSP_INSTANTIATE_ORDER_EVENT_STORE_CONFORMANCE(prefix, factory)         \
  INSTANTIATE_TEST_SUITE_P(prefix, OrderEventStoreConformanceTest,             \
                           ::testing::Values(factory),                         \
                           [](const ::testing::TestParamInfo<                  \
                               ::msp_gateway::OrderEventStoreFactory>& info) { \
                             return info.param.name;                           \
                           })

#endif  // MSP_GATEWAY_SERVICE_STORE_ORDER_EVENT_STORE_CONFORMANCE_H_
