// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/idempotency_cache.h"

#include <optional>

#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"

namespace msp_gateway {
namespace {

using Admission = IdempotencyCache::Admission;
using Result = IdempotencyCache::Result;

// A serialized CreateOrderResponse, as the RPC edge stores it.
std::string Response(const std::string& url) {
  payments::v1::CreateOrderResponse response;
  response.set_order_id("o-1");
  response.set_payment_url(url);
  return response.SerializeAsString();
}

std::string PaymentUrl(const std::string& bytes) {
  payments::v1::CreateOrderResponse response;
  EXPECT_TRUE(response.ParseFromString(bytes));
  return response.payment_url();
}

class IdempotencyCacheTest : public ::testing::Test {
 protected:
  absl::Time now_ = absl::FromUnixSeconds(1700000000);
  IdempotencyCache cache_{{absl::Hours(1), 3}, [this] { return now_; }};
  std::optional<Result> last_;
  IdempotencyCache::Waiter Record() {
    return [this](const Result& r) { last_ = r; };
  }
};

TEST_F(IdempotencyCacheTest, ReplaysASuccessForTheSameRequest) {
  EXPECT_EQ(cache_.Begin("o-1", "fp", Record()), Admission::kProceed);
  EXPECT_FALSE(last_.has_value());
  cache_.Complete("o-1", Response("https://pay/1"));
  EXPECT_EQ(cache_.Begin("o-1", "fp", Record()), Admission::kAnswered);
  ASSERT_TRUE(last_.has_value() && last_->ok());
  EXPECT_EQ(PaymentUrl(**last_), "https://pay/1");
}

TEST_F(IdempotencyCacheTest, DifferentRequestWithSameKeyIsAConflict) {
  EXPECT_EQ(cache_.Begin("o-1", "fp", Record()), Admission::kProceed);
  EXPECT_EQ(cache_.Begin("o-1", "other", Record()), Admission::kConflict);
  EXPECT_FALSE(last_.has_value());
  cache_.Complete("o-1", Response("u"));
  EXPECT_EQ(cache_.Begin("o-1", "other", Record()), Admission::kConflict);
  EXPECT_FALSE(last_.has_value());
  // The first request is still answered from the cache.
  EXPECT_EQ(cache_.Begin("o-1", "fp", Record()), Admission::kAnswered);
  ASSERT_TRUE(last_.has_value() && last_->ok());
  EXPECT_EQ(PaymentUrl(**last_), "u");
}

TEST_F(IdempotencyCacheTest, ConcurrentDuplicateJoinsTheCallInFlight) {
  EXPECT_EQ(cache_.Begin("o-1", "fp", Record()), Admission::kProceed);
  std::optional<Result> joined;
  EXPECT_EQ(cache_.Begin("o-1", "fp", [&](const Result& r) { joined = r; }),
            Admission::kJoined);
  EXPECT_FALSE(joined.has_value());
  cache_.Complete("o-1", Response("https://pay/1"));
  ASSERT_TRUE(joined.has_value() && joined->ok());
  EXPECT_EQ(PaymentUrl(**joined), "https://pay/1");
}

TEST_F(IdempotencyCacheTest, FailuresAreNotRememberedButReachJoinedCallers) {
  EXPECT_EQ(cache_.Begin("o-1", "fp", Record()), Admission::kProceed);
  std::optional<Result> joined;
  cache_.Begin("o-1", "fp", [&](const Result& r) { joined = r; });
  cache_.Complete("o-1", absl::UnavailableError("down"));
  ASSERT_TRUE(joined.has_value());
  EXPECT_EQ(joined->status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(cache_.size(), 0u);
  // A retry, even with changed content, proceeds again.
  EXPECT_EQ(cache_.Begin("o-1", "fp2", Record()), Admission::kProceed);
}

TEST_F(IdempotencyCacheTest, EntriesExpireAfterTtl) {
  cache_.Begin("o-1", "fp", Record());
  cache_.Complete("o-1", Response("u"));
  now_ += absl::Hours(1) + absl::Seconds(1);
  EXPECT_EQ(cache_.Begin("o-1", "other", Record()), Admission::kProceed);
}

TEST_F(IdempotencyCacheTest, SizeIsBounded) {
  for (int i = 0; i < 10; ++i) {
    const std::string id = "o-" + std::to_string(i);
    ASSERT_EQ(cache_.Begin(id, "fp", Record()), Admission::kProceed);
    cache_.Complete(id, Response("u"));
  }
  EXPECT_LE(cache_.size(), 3u);
  // The newest is still remembered, the oldest forgotten.
  EXPECT_EQ(cache_.Begin("o-9", "x", Record()), Admission::kConflict);
  EXPECT_EQ(cache_.Begin("o-0", "x", Record()), Admission::kProceed);
}

TEST(RequestFingerprintTest, EqualForEqualRequestsAndDiffersOtherwise) {
  payments::v1::CreateOrderRequest a;
  a.set_order_id("o-1");
  a.set_amount(100);
  a.mutable_customer()->set_locale("nl_BE");
  payments::v1::CreateOrderRequest b = a;
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(b));
  EXPECT_EQ(RequestFingerprint(a).size(), 32u);
  b.set_amount(101);
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
}

}  // namespace
}  // namespace msp_gateway
