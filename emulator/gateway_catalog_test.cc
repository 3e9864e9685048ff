// Copyright 2026 The msp-gateway Authors.

#include "emulator/gateway_catalog.h"

#include <set>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

std::set<std::string> Ids(const json& list) {
  std::set<std::string> ids;
  for (const json& entry : list) ids.insert(entry["id"].get<std::string>());
  return ids;
}

TEST(GatewayCatalogTest, FindsGatewaysCaseInsensitively) {
  const GatewayInfo* ideal = FindGateway("iDEAL");
  ASSERT_NE(ideal, nullptr);
  EXPECT_STREQ(ideal->id, "IDEAL");
  EXPECT_STREQ(FindGateway("mistercash")->description, "Bancontact");
  EXPECT_EQ(FindGateway("PAYAFTER"), nullptr);
  EXPECT_EQ(FindGateway(""), nullptr);
}

TEST(GatewayCatalogTest, DirectFlowsAsDocumented) {
  EXPECT_FALSE(FindGateway("MISTERCASH")->direct);
  EXPECT_TRUE(FindGateway("MISTERCASH")->component);
  EXPECT_FALSE(FindGateway("DOTPAY")->direct);
  EXPECT_FALSE(FindGateway("EDENCOM")->direct);
  EXPECT_TRUE(FindGateway("IDEAL")->direct);
  EXPECT_TRUE(FindGateway("KLARNA")->direct);
}

TEST(GatewayCatalogTest, BnplFamily) {
  for (const char* id : {"AFTERPAY", "BILLINK", "BNPL_INSTM", "BNPL_MF",
                         "EINVOICE", "IN3", "KLARNA", "SANTANDER", "ZINIA"}) {
    EXPECT_TRUE(IsBnpl(id)) << id;
  }
  EXPECT_FALSE(IsBnpl("IDEAL"));
  EXPECT_FALSE(IsBnpl("nope"));
}

TEST(GatewayCatalogTest, AvailabilityLimits) {
  const GatewayInfo& in3 = *FindGateway("IN3");
  EXPECT_FALSE(AllowsAmount(in3, 4999));
  EXPECT_TRUE(AllowsAmount(in3, 5000));
  EXPECT_TRUE(AllowsAmount(in3, 500000));
  EXPECT_FALSE(AllowsAmount(in3, 500001));
  const GatewayInfo& bancontact = *FindGateway("MISTERCASH");
  EXPECT_TRUE(AllowsCurrency(bancontact, "EUR"));
  EXPECT_FALSE(AllowsCurrency(bancontact, "USD"));
  EXPECT_TRUE(AllowsCountry(bancontact, "BE"));
  EXPECT_FALSE(AllowsCountry(bancontact, "NL"));
  const GatewayInfo& visa = *FindGateway("VISA");
  EXPECT_TRUE(AllowsCurrency(visa, "JPY"));
  EXPECT_TRUE(AllowsCountry(visa, "US"));
}

TEST(ListGatewaysTest, ListsBrandsButNotTheGenericCard) {
  const json list = ListGateways({});
  const std::set<std::string> ids = Ids(list);
  EXPECT_TRUE(ids.count("VISA"));
  EXPECT_TRUE(ids.count("MISTERCASH"));
  EXPECT_FALSE(ids.count("CREDITCARD"));
  EXPECT_EQ(list[0], json({{"id", "VISA"}, {"description", "Visa"}}));
}

TEST(ListGatewaysTest, OneGiftCardUnlessCouponsAreIncluded) {
  auto coupons = [](const json& list) {
    int n = 0;
    for (const json& entry : list) n += entry.value("type", "") == "coupon";
    return n;
  };
  const json without = ListGateways({});
  EXPECT_EQ(coupons(without), 1);
  EXPECT_TRUE(Ids(without).count("EDENCOM"));
  GatewayFilter all;
  all.include_coupons = true;
  const json with = ListGateways(all);
  EXPECT_GT(coupons(with), 40);
  EXPECT_TRUE(Ids(with).count("EDENECO"));
  for (const json& entry : with) {
    if (entry["id"] == "EDENCOM") {
      EXPECT_EQ(entry, json({{"id", "EDENCOM"},
                             {"description", "Ticket Compliments"},
                             {"type", "coupon"}}));
    }
  }
}

TEST(ListGatewaysTest, FiltersByCountryCurrencyAndAmount) {
  GatewayFilter belgium;
  belgium.country = "BE";
  std::set<std::string> ids = Ids(ListGateways(belgium));
  EXPECT_TRUE(ids.count("MISTERCASH"));
  EXPECT_TRUE(ids.count("VISA"));
  EXPECT_FALSE(ids.count("IDEAL"));
  EXPECT_FALSE(ids.count("IN3"));

  GatewayFilter usd;
  usd.currency = "USD";
  ids = Ids(ListGateways(usd));
  EXPECT_TRUE(ids.count("VISA"));
  EXPECT_TRUE(ids.count("PAYPAL"));
  EXPECT_FALSE(ids.count("IDEAL"));
  EXPECT_FALSE(ids.count("MISTERCASH"));

  GatewayFilter netherlands_small;
  netherlands_small.country = "NL";
  netherlands_small.amount = 4999;
  ids = Ids(ListGateways(netherlands_small));
  EXPECT_TRUE(ids.count("IDEAL"));
  EXPECT_FALSE(ids.count("IN3"));
  netherlands_small.amount = 5000;
  EXPECT_TRUE(Ids(ListGateways(netherlands_small)).count("IN3"));
}

}  // namespace
}  // namespace msp_emulator
