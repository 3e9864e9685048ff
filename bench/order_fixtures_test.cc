// Copyright 2026 The msp-gateway Authors.

#include "bench/order_fixtures.h"

#include <string>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/create_order/order_translator.h"
#include "service/create_order/order_validator.h"

namespace msp_gateway {
namespace bench {
namespace {

using payments::v1::CreateOrderRequest;

// The benchmarks must time the success path: every fixture validates and
// translates.
void ExpectValidAndTranslates(const CreateOrderRequest& request) {
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
  absl::StatusOr<std::string> json = TranslateCreateOrder(request);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_NE(json->find("\"order_id\""), std::string::npos);
}

TEST(OrderFixturesTest, GoldenRequestsLoadAndValidate) {
  for (const char* path : {kBancontactRequestPath, kBnplRequestPath}) {
    SCOPED_TRACE(path);
    absl::StatusOr<CreateOrderRequest> request = LoadRequest(path);
    ASSERT_TRUE(request.ok()) << request.status();
    ExpectValidAndTranslates(*request);
  }
  absl::StatusOr<CreateOrderRequest> bnpl = LoadRequest(kBnplRequestPath);
  ASSERT_TRUE(bnpl.ok());
  EXPECT_EQ(bnpl->shopping_cart().items_size(), 3);
}

TEST(OrderFixturesTest, MissingFileIsNotFound) {
  EXPECT_EQ(LoadRequest("tests/testdata/no-such-file.json").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(OrderFixturesTest, LargeCartHasTheLinesAndAMatchingAmount) {
  for (int lines : {1, 2, 3, 50, 200}) {
    SCOPED_TRACE(lines);
    const CreateOrderRequest request = MakeLargeCartOrder(lines);
    EXPECT_EQ(request.shopping_cart().items_size(), lines);
    ExpectValidAndTranslates(request);
  }
}

TEST(OrderFixturesTest, LargeCartAmountFollowsTheRoundingRule) {
  // Lines: 1.99 x 1 at 21 %, 14.36 x 2 at 9 %, 26.73 x 3 at 0 %.
  // items 199 + 2872 + 8019 = 11090; VAT 41.79 + 258.48 + 0 = 300.27 -> 300.
  EXPECT_EQ(MakeLargeCartOrder(3).amount(), 11090 + 300);
}

}  // namespace
}  // namespace bench
}  // namespace msp_gateway
