// Copyright 2026 The msp-gateway Authors.

#include "emulator/payment_methods.h"

#include <set>
#include <string>

#include "emulator/gateway_catalog.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

std::set<std::string> Ids(const json& list) {
  std::set<std::string> ids;
  for (const json& method : list) ids.insert(method["id"].get<std::string>());
  return ids;
}

TEST(PaymentMethodsTest, VisaHasTheListPaymentMethodsExampleKeys) {
  const json visa = PaymentMethodJson(*FindGateway("VISA"));
  EXPECT_EQ(visa["id"], "VISA");
  EXPECT_EQ(visa["name"], "Visa");
  EXPECT_EQ(visa["type"], "payment-method");
  EXPECT_EQ(visa["allowed_amount"], json({{"max", nullptr}, {"min", 0}}));
  EXPECT_EQ(visa["allowed_countries"], json::array());
  EXPECT_EQ(visa["icon_urls"]["vector"],
            "https://media.multisafepay.com/img/methods/svg/visa.svg");
  EXPECT_EQ(visa["tokenization"]["models"]["unscheduled"], true);
  EXPECT_EQ(visa["apps"]["payment_components"]["has_fields"], true);
  EXPECT_EQ(visa["shopping_cart_required"], false);
  EXPECT_EQ(visa["additional_data"], json::object());
}

TEST(PaymentMethodsTest, GiftCardsAreCouponsAndListedOnlyWhenAsked) {
  EXPECT_EQ(PaymentMethodJson(*FindGateway("EDENCOM"))["type"], "coupon");
  PaymentMethodFilter filter;
  EXPECT_FALSE(Ids(ListPaymentMethods(filter)).count("EDENCOM"));
  filter.include_coupons = true;
  EXPECT_TRUE(Ids(ListPaymentMethods(filter)).count("EDENCOM"));
  filter.type = "payment-method";
  EXPECT_FALSE(Ids(ListPaymentMethods(filter)).count("EDENCOM"));
  EXPECT_TRUE(Ids(ListPaymentMethods(filter)).count("IDEAL"));
}

TEST(PaymentMethodsTest, GroupedCardsTakeTheFirstSchemesPlace) {
  PaymentMethodFilter filter;
  filter.group_cards = true;
  const json list = ListPaymentMethods(filter);
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list[0]["id"], "CREDITCARD");
  EXPECT_EQ(list[0]["brands"].size(), 4u);
  EXPECT_FALSE(Ids(list).count("MASTERCARD"));
}

TEST(PaymentMethodsTest, MarketFiltersCombine) {
  PaymentMethodFilter filter;
  filter.country = "BE";
  filter.currency = "EUR";
  filter.amount = 100;
  const std::set<std::string> ids = Ids(ListPaymentMethods(filter));
  EXPECT_TRUE(ids.count("MISTERCASH"));
  EXPECT_TRUE(ids.count("KBC"));
  EXPECT_FALSE(ids.count("IDEAL"));     // NL only
  EXPECT_FALSE(ids.count("IN3"));       // NL, and 50 EUR at least
  EXPECT_FALSE(ids.count("TRUSTPAY"));  // CZ, SK
}

TEST(PaymentMethodsTest, QueryFlags) {
  EXPECT_TRUE(QueryFlag("1"));
  EXPECT_TRUE(QueryFlag("TRUE"));
  EXPECT_FALSE(QueryFlag("0"));
  EXPECT_FALSE(QueryFlag(""));
  EXPECT_FALSE(QueryFlag("yes"));
}

}  // namespace
}  // namespace msp_emulator
