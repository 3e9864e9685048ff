// Copyright 2026 The msp-gateway Authors.
//
// The checks of cart_checks.h, tested through ValidateCreateOrder(): each
// violation as a caller sees it (path, wording, order, merging with other
// problems), and "the only one" means no other check fired either.

#include "service/create_order/cart_checks.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/create_order/order_validator.h"
#include "service/create_order/order_validator_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ValidateCreateOrderTest, BillinkVatRates) {
  CreateOrderRequest request = KlarnaDirect();
  request.set_gateway(payments::v1::GATEWAY_BILLINK);
  request.set_type(payments::v1::ORDER_TYPE_REDIRECT);
  request.mutable_customer()->set_address1("Kraanspoor");
  request.mutable_customer()->set_zip_code("1033SC");
  request.mutable_customer()->set_city("Amsterdam");
  request.mutable_customer()->set_email("jan@example.com");
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
  request.mutable_checkout_options()
      ->mutable_tax_tables()
      ->mutable_default_()
      ->set_rate("0.22");
  EXPECT_EQ(OnlyViolation(request, "checkout_options.tax_tables.default.rate"),
            "must be one of 0, 0.05, 0.06, 0.07, 0.09, 0.16, 0.19, 0.2, 0.21 "
            "for GATEWAY_BILLINK (Billink), got 0.22");
}

TEST(ValidateCreateOrderTest, AmountMustMatchTheCartTotal) {
  CreateOrderRequest request = KlarnaDirect();  // 100 + 21% = 12100.
  request.set_amount(12101);
  EXPECT_EQ(OnlyViolation(request, "amount"),
            "must equal the shopping_cart total by MultiSafepay's rounding "
            "rule: expected 12100 (items 10000 + VAT 2100), got 12101 (+1)");
  request.set_amount(12000);
  EXPECT_THAT(OnlyViolation(request, "amount"), HasSubstr("got 12000 (-100)"));
}

TEST(ValidateCreateOrderTest, TaxRulesFollowTheDeliveryCountry) {
  CreateOrderRequest request = KlarnaDirect();
  auto* table =
      request.mutable_checkout_options()->mutable_tax_tables()->add_alternate();
  table->set_name("FOOD");
  auto* be = table->add_rules();
  be->set_rate("0.06");
  be->set_country("BE");
  auto* nl = table->add_rules();
  nl->set_rate("0.09");
  nl->set_country("NL");
  request.mutable_shopping_cart()->mutable_items(0)->set_tax_table_selector(
      "FOOD");
  request.set_amount(10900);  // Delivery NL: 9%.
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
  request.mutable_delivery()->set_country("BE");
  request.set_amount(10600);
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
  request.mutable_delivery()->set_country("DE");
  EXPECT_EQ(OnlyViolation(request, "shopping_cart.items[0].tax_table_selector"),
            "names a table with no rule for country DE and no rule without a "
            "country");
  request.mutable_shopping_cart()->mutable_items(0)->set_tax_table_selector(
      "BTW21");
  EXPECT_EQ(OnlyViolation(request, "shopping_cart.items[0].tax_table_selector"),
            "must name a table in checkout_options.tax_tables.alternate");
}

TEST(ValidateCreateOrderTest, CartLineFormats) {
  for (const char* bad : {"1e5", "NaN", "1,5", "+1", ".5"}) {
    CreateOrderRequest request = KlarnaDirect();
    request.mutable_shopping_cart()->mutable_items(0)->set_unit_price(bad);
    EXPECT_THAT(OnlyViolation(request, "shopping_cart.items[0].unit_price"),
                HasSubstr("must be a decimal number"))
        << bad;
  }
  CreateOrderRequest request = KlarnaDirect();
  auto* item = request.mutable_shopping_cart()->mutable_items(0);
  item->set_unit_price("1.12345678901");
  item->set_quantity(0);
  item->set_currency("USD");
  item->mutable_weight()->set_unit("LB");
  item->mutable_weight()->set_value("-1");
  EXPECT_THAT(ViolatedFields(ValidateCreateOrder(request)),
              ElementsAre("shopping_cart.items[0].unit_price",
                          "shopping_cart.items[0].quantity",
                          "shopping_cart.items[0].weight.unit",
                          "shopping_cart.items[0].weight.value",
                          "shopping_cart.items[0].currency"));
  request = KlarnaDirect();
  request.mutable_checkout_options()
      ->mutable_tax_tables()
      ->mutable_default_()
      ->set_rate("21");
  EXPECT_EQ(OnlyViolation(request, "checkout_options.tax_tables.default.rate"),
            "must be a fraction from 0 to 1 (21% is \"0.21\"), got 21");
  request = KlarnaDirect();
  request.mutable_shopping_cart()->clear_items();
  EXPECT_EQ(OnlyViolation(request, "shopping_cart.items"),
            "must have at least one item");
}

}  // namespace
}  // namespace msp_gateway
