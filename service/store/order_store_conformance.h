// Copyright 2026 The msp-gateway Authors.
//
// File: order_store_conformance.h
//
// The one GoogleTest suite every OrderStore implementation must pass: each
// method and each rule of order_store.h (claim, conditional update and
// release, binary-safe bytes, the reconciliation list, the purge, counts,
// millisecond times), concurrency (N threads claiming one key, N threads
// updating one version: exactly one wins) and a second store on the same
// database seeing the first one's records (a second replica or a restart).
//
// An implementation's test instantiates it with a factory, inside
// namespace msp_gateway (gtest names the suite by its unqualified name):
//
//   OrderStoreFactory SqliteFactory() {
//     auto path = std::make_shared<std::string>();
//     OrderStoreFactory factory;
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
//   MSP_INSTANTIATE_ORDER_STORE_CONFORMANCE(Sqlite, SqliteFactory());
//
// The test target depends on //service/store:order_store_conformance (which
// holds the TEST_Ps; alwayslink, so they are linked in) and
// @system//:gtest_main.
//
// The suite writes only whole-millisecond times except where it checks the
// rounding, and never relies on wall-clock time.

#ifndef MSP_GATEWAY_SERVICE_STORE_ORDER_STORE_CONFORMANCE_H_
#define MSP_GATEWAY_SERVICE_STORE_ORDER_STORE_CONFORMANCE_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "service/store/order_store.h"

namespace msp_gateway {

// How the suite gets stores. Tests run one after another in one process;
// each calls open_fresh() first, then open_same() any number of times.
struct OrderStoreFactory {
  using Opener = std::function<absl::StatusOr<std::unique_ptr<OrderStore>>()>;

  // The instantiation's name in test names ("sqlite", "postgresql"):
  // letters, digits and '_' only.
  std::string name;
  // A store on a new, empty database of its own (a new file, a new
  // PostgreSQL database or schema), which the stores of earlier tests no
  // longer use.
  Opener open_fresh;
  // Another store (its own connection) on the database the latest
  // open_fresh() returned, as a second replica or a restarted process
  // would open it. Its records are the first store's. May be empty: the
  // tests that need it are then skipped.
  Opener open_same;
};

// So that gtest prints the name, not the bytes of the std::functions.
void PrintTo(const OrderStoreFactory& factory, std::ostream* out);

class OrderStoreConformanceTest
    : public ::testing::TestWithParam<OrderStoreFactory> {
 protected:
  // Opens store_ with open_fresh().
  void SetUp() override;

  // Another store on the same database, with open_same(); nullptr (and a
  // failure) if it cannot be opened. Tests that need it skip when the
  // factory has no open_same.
  std::unique_ptr<OrderStore> OpenSame();

  // The store of this test, on a new empty database.
  std::unique_ptr<OrderStore> store_;
};

}  // namespace msp_gateway

// Runs every conformance test on the stores `factory` (an OrderStoreFactory
// expression) opens; `prefix` names the instantiation in test names. Use it
// inside namespace msp_gateway.
#define MSP_INSTANTIATE_ORDER_STORE_CONFORMANCE(prefix, factory)           \
  INSTANTIATE_TEST_SUITE_P(                                                \
      prefix, OrderStoreConformanceTest, ::testing::Values(factory),       \
      [](const ::testing::TestParamInfo<::msp_gateway::OrderStoreFactory>& \
             info) { return info.param.name; })

#endif  // MSP_GATEWAY_SERVICE_STORE_ORDER_STORE_CONFORMANCE_H_
