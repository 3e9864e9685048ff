// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/market_filter.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/common/violations.h"
#include "service/rpc/spec_test_util.h"

namespace msp_gateway {
namespace {

using Strings = std::vector<std::string>;

TEST(MarketFilterTest, NothingSetIsValidAndSendsNothing) {
  Violations v("Test");
  CheckMarketFilter(MarketFilter(), "for any amount", v);
  EXPECT_TRUE(std::move(v).ToStatus().ok());
  EXPECT_TRUE(MarketFilterQuery(MarketFilter()).empty());
}

TEST(MarketFilterTest, ChecksEachFilterThatIsSet) {
  const std::string country = "be";
  const std::string currency = "EURO";
  const int64_t amount = 0;
  Violations v("Test");
  CheckMarketFilter({&country, &currency, amount}, "for any amount", v);
  const absl::Status status = std::move(v).ToStatus();
  EXPECT_EQ(testing::Fields(status),
            (Strings{"country", "currency", "amount"}));
  const std::string unassigned = "UK";
  Violations w("Test");
  CheckMarketFilter({&unassigned, nullptr, std::nullopt}, "for any amount", w);
  EXPECT_EQ(testing::Description(std::move(w).ToStatus(), "country"),
            "must be an ISO 3166-1 alpha-2 code, got UK");
}

TEST(MarketFilterTest, QueryInOrderAndEncoded) {
  const std::string country = "B&E";
  const std::string currency = "EUR";
  const int64_t amount = 1000;
  EXPECT_EQ(MarketFilterQuery({&country, &currency, amount}),
            (Strings{"country=B%26E", "currency=EUR", "amount=1000"}));
  EXPECT_EQ(MarketFilterQuery({nullptr, nullptr, amount}),
            (Strings{"amount=1000"}));
}

}  // namespace
}  // namespace msp_gateway
