// Copyright 2026 The msp-gateway Authors.

#include "service/store/memory_order_store.h"

#include <memory>

#include "gtest/gtest.h"
#include "service/store/order_store_conformance.h"

namespace msp_gateway {

OrderStoreFactory MemoryFactory() {
  auto data = std::make_shared<std::shared_ptr<MemoryOrderStore::Data>>();
  OrderStoreFactory factory;
  factory.name = "memory";
  factory.open_fresh = [data]() -> absl::StatusOr<std::unique_ptr<OrderStore>> {
    *data = std::make_shared<MemoryOrderStore::Data>();
    return std::make_unique<MemoryOrderStore>(*data);
  };
  factory.open_same = [data]() -> absl::StatusOr<std::unique_ptr<OrderStore>> {
    return std::make_unique<MemoryOrderStore>(*data);
  };
  return factory;
}

MSP_INSTANTIATE_ORDER_STORE_CONFORMANCE(Memory, MemoryFactory());

namespace {

TEST(MemoryOrderStoreTest, AFailureFailsEveryCallUntilCleared) {
  MemoryOrderStore store;
  store.SetFailure(absl::UnavailableError("down"));
  EXPECT_EQ(store.Ping().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.Get("k").status().code(), absl::StatusCode::kUnavailable);
  store.SetFailure(absl::OkStatus());
  EXPECT_TRUE(store.Ping().ok());
}

}  // namespace
}  // namespace msp_gateway
