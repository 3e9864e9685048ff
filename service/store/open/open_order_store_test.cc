// Copyright 2026 The msp-gateway Authors.

#include "service/store/open/open_order_store.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "service/store/memory_order_event_store.h"
#include "service/store/memory_order_store.h"
#include "service/store/order_event_store.h"
#include "service/store/order_store.h"
#include "service/store/store_config.h"
#include "tests/harness/process_harness.h"

namespace msp_gateway {
namespace {

OrderStateDecider WriteWithEvent(const std::string& order_id) {
  return [order_id](const std::optional<OrderState>&)
             -> absl::StatusOr<std::optional<OrderStateChange>> {
    OrderStateChange change;
    change.state.order_id = order_id;
    change.event = "e";
    return std::optional<OrderStateChange>(change);
  };
}

TEST(OpenOrderStoreTest, OpensTheSqliteStoreTheConfigNames) {
  absl::StatusOr<std::string> dir = harness::MakeTempDir("open_store");
  ASSERT_TRUE(dir.ok()) << dir.status();
  // As the server resolves it: nothing set, SQLite under --data_dir.
  absl::StatusOr<StoreConfig> config =
      ResolveStoreConfig(*dir, [](absl::string_view) { return std::nullopt; });
  ASSERT_TRUE(config.ok()) << config.status();

  std::optional<absl::StatusOr<OpenedOrderStore>> store;
  store.emplace(OpenOrderStore(*config));
  ASSERT_TRUE(store->ok()) << store->status();
  EXPECT_EQ((*store)->kind(), "sqlite");
  EXPECT_EQ((*store)->orders().kind(), "sqlite");
  EXPECT_TRUE((*store)->orders().Ping().ok());
  ClaimRequest request;
  request.key = "CreateOrder/ord-1";
  request.now = absl::FromUnixMillis(1767225600000);
  request.lease_expires = request.now + absl::Seconds(30);
  absl::StatusOr<ClaimResult> claim = (*store)->orders().Claim(request);
  ASSERT_TRUE(claim.ok()) << claim.status();
  EXPECT_TRUE(claim->claimed);
  // The event side is the same store, on the same file.
  absl::StatusOr<ApplyOrderChangeResult> applied =
      (*store)->events().ApplyOrderChange("ord-1", request.now,
                                          WriteWithEvent("ord-1"));
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_TRUE(applied->cursor.has_value());
  store.reset();

  // The same file, opened again (and moved, as the server keeps it).
  absl::StatusOr<OpenedOrderStore> opened = OpenOrderStore(*config);
  ASSERT_TRUE(opened.ok()) << opened.status();
  OpenedOrderStore again = *std::move(opened);
  absl::StatusOr<std::optional<OrderRecord>> record =
      again.orders().Get("CreateOrder/ord-1");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_TRUE(record->has_value());
  absl::StatusOr<std::vector<StoredOrderEvent>> events =
      again.events().ReadEvents(0, {}, 10);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].order_id, "ord-1");
}

TEST(OpenOrderStoreTest, TwoObjectsMayMakeOneOpenedStore) {
  auto orders = std::make_unique<MemoryOrderStore>();
  auto events = std::make_unique<MemoryOrderEventStore>();
  OrderStore* orders_ptr = orders.get();
  OrderEventStore* events_ptr = events.get();
  OpenedOrderStore opened(std::move(orders), std::move(events));
  OpenedOrderStore moved = std::move(opened);
  EXPECT_EQ(&moved.orders(), orders_ptr);
  EXPECT_EQ(&moved.events(), events_ptr);
  EXPECT_EQ(moved.kind(), "memory");
  EXPECT_TRUE(moved.events()
                  .ApplyOrderChange("ord-1", absl::FromUnixMillis(1),
                                    WriteWithEvent("ord-1"))
                  .ok());
}

TEST(OpenOrderStoreTest, ASqliteErrorComesThrough) {
  StoreConfig config;
  config.kind = StoreKind::kSqlite;
  config.sqlite_path = "/nonexistent-msp-gateway-dir/orders.db";
  absl::StatusOr<OpenedOrderStore> store = OpenOrderStore(config);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition)
      << store.status();
}

TEST(OpenOrderStoreTest,
     AnUnreachablePostgresqlIsUnavailableAndHidesThePassword) {
  StoreConfig config;
  config.kind = StoreKind::kPostgresql;
  // Nothing listens on port 1: refused at once, no DNS involved.
  config.postgres_dsn = "postgresql://gateway:S3CRET@127.0.0.1:1/orders";
  absl::StatusOr<OpenedOrderStore> store = OpenOrderStore(config);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(absl::StrContains(store.status().message(), "S3CRET"))
      << store.status();
}

}  // namespace
}  // namespace msp_gateway
