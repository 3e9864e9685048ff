// Copyright 2026 The msp-gateway Authors.

#include "service/store/memory_order_event_store.h"

#include <memory>
#include <optional>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "service/store/order_event_store.h"
#include "service/store/order_event_store_conformance.h"

namespace msp_gateway {

OrderEventStoreFactory MemoryEventFactory() {
  auto data = std::make_shared<std::shared_ptr<MemoryOrderEventStore::Data>>();
  OrderEventStoreFactory factory;
  factory.name = "memory";
  factory.open_fresh =
      [data]() -> absl::StatusOr<std::unique_ptr<OrderEventStore>> {
    *data = std::make_shared<MemoryOrderEventStore::Data>();
    return std::make_unique<MemoryOrderEventStore>(*data);
  };
  factory.open_same =
      [data]() -> absl::StatusOr<std::unique_ptr<OrderEventStore>> {
    return std::make_unique<MemoryOrderEventStore>(*data);
  };
  // Stores on one Data share their subscribers.
  factory.wakes_across_stores = true;
  return factory;
}

MSP_INSTANTIATE_ORDER_EVENT_STORE_CONFORMANCE(Memory, MemoryEventFactory());

namespace {

TEST(MemoryOrderEventStoreTest, AFailureFailsEveryCallUntilCleared) {
  MemoryOrderEventStore store;
  store.SetFailure(absl::UnavailableError("down"));
  int calls = 0;
  auto decide = [&](const std::optional<OrderState>&)
      -> absl::StatusOr<std::optional<OrderStateChange>> {
    ++calls;
    return std::optional<OrderStateChange>();
  };
  const absl::Time now = absl::FromUnixMillis(1767225600000);
  EXPECT_EQ(store.ApplyOrderChange("o", now, decide).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(store.GetOrderState("o").status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.ReadEvents(0, {}, 10).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.EventCursors().status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.ListOrdersToPoll(now, 10).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.SchedulePoll("o", 1, now, 1).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.PurgeEventsBefore(now, 10).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_TRUE(store.SubscribeToAppends([] {}).ok());
  store.SetFailure(absl::OkStatus());
  EXPECT_TRUE(store.ApplyOrderChange("o", now, decide).ok());
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace msp_gateway
