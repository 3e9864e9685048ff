// Copyright 2026 The msp-gateway Authors.

#include "service/store/open/open_order_store.h"

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "service/store/order_store.h"
#include "service/store/store_config.h"
#include "tests/harness/process_harness.h"

namespace msp_gateway {
namespace {

TEST(OpenOrderStoreTest, OpensTheSqliteStoreTheConfigNames) {
  absl::StatusOr<std::string> dir = harness::MakeTempDir("open_store");
  ASSERT_TRUE(dir.ok()) << dir.status();
  // As the server resolves it: nothing set, SQLite under --data_dir.
  absl::StatusOr<StoreConfig> config =
      ResolveStoreConfig(*dir, [](absl::string_view) { return std::nullopt; });
  ASSERT_TRUE(config.ok()) << config.status();

  absl::StatusOr<std::unique_ptr<OrderStore>> store = OpenOrderStore(*config);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->kind(), "sqlite");
  EXPECT_TRUE((*store)->Ping().ok());
  ClaimRequest request;
  request.key = "CreateOrder/ord-1";
  request.now = absl::FromUnixMillis(1767225600000);
  request.lease_expires = request.now + absl::Seconds(30);
  absl::StatusOr<ClaimResult> claim = (*store)->Claim(request);
  ASSERT_TRUE(claim.ok()) << claim.status();
  EXPECT_TRUE(claim->claimed);
  store->reset();

  // The same file, opened again.
  absl::StatusOr<std::unique_ptr<OrderStore>> again = OpenOrderStore(*config);
  ASSERT_TRUE(again.ok()) << again.status();
  absl::StatusOr<std::optional<OrderRecord>> record =
      (*again)->Get("CreateOrder/ord-1");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_TRUE(record->has_value());
}

TEST(OpenOrderStoreTest, ASqliteErrorComesThrough) {
  StoreConfig config;
  config.kind = StoreKind::kSqlite;
  config.sqlite_path = "/nonexistent-msp-gateway-dir/orders.db";
  absl::StatusOr<std::unique_ptr<OrderStore>> store = OpenOrderStore(config);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition)
      << store.status();
}

TEST(OpenOrderStoreTest, AnUnreachablePostgresqlIsUnavailableAndHidesThePassword) {
  StoreConfig config;
  config.kind = StoreKind::kPostgresql;
  // Nothing listens on port 1: refused at once, no DNS involved.
  config.postgres_dsn = "postgresql://gateway:S3CRET@127.0.0.1:1/orders";
  absl::StatusOr<std::unique_ptr<OrderStore>> store = OpenOrderStore(config);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(absl::StrContains(store.status().message(), "S3CRET"))
      << store.status();
}

}  // namespace
}  // namespace msp_gateway
