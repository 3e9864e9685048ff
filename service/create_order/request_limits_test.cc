// Copyright 2026 The msp-gateway Authors.
//
// The repeated-field limits of request_limits.h (defect 5 of issue 8), tested
// through ValidateCreateOrder(): each violation as a caller sees it (path,
// wording, order, merging with other problems), and "the only one" means no
// other check fired either.

#include "service/create_order/request_limits.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

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
using ::testing::StartsWith;

// ValidRequest() with `lines` cart lines of 1.00 EUR and a matching amount.
CreateOrderRequest CartOf(int lines) {
  CreateOrderRequest request = ValidRequest();
  for (int i = 0; i < lines; ++i) {
    auto* item = request.mutable_shopping_cart()->add_items();
    item->set_name("Tea");
    item->set_unit_price("1");
    item->set_quantity(1);
  }
  request.set_amount(100 * static_cast<int64_t>(lines));
  return request;
}

TEST(ValidateCreateOrderTest, CartOfAThousandLinesIsValid) {
  const absl::Status status = ValidateCreateOrder(CartOf(kMaxCartItems));
  EXPECT_TRUE(status.ok()) << status;
}

TEST(ValidateCreateOrderTest, CartBeyondTheLimitIsRefusedByItsCountAlone) {
  EXPECT_EQ(OnlyViolation(CartOf(kMaxCartItems + 1), "shopping_cart.items"),
            "must have at most 1000 items, got 1001");
  // The reported 40,000-line cart, every line broken and the order too: the
  // count is the only problem reported, so no line was looked at.
  CreateOrderRequest huge = CartOf(40000);
  for (auto& item : *huge.mutable_shopping_cart()->mutable_items()) {
    item.set_unit_price("1e5");
    item.set_quantity(0);
  }
  huge.set_currency("eur");
  huge.clear_description();
  EXPECT_EQ(OnlyViolation(huge, "shopping_cart.items"),
            "must have at most 1000 items, got 40000");
}

TEST(ValidateCreateOrderTest, EveryRepeatedFieldHasALimit) {
  struct Case {
    std::string field;
    std::string description;
    std::function<void(CreateOrderRequest&)> grow;
  };
  const std::vector<Case> cases = {
      {"checkout_options.tax_tables.alternate",
       "must have at most 100 tables, got 101",
       [](CreateOrderRequest& r) {
         for (int i = 0; i <= kMaxAlternateTaxTables; ++i) {
           r.mutable_checkout_options()->mutable_tax_tables()->add_alternate();
         }
       }},
      {"checkout_options.tax_tables.alternate",
       "must have at most 1000 rules in all its tables, got 1001",
       [](CreateOrderRequest& r) {
         auto* tables = r.mutable_checkout_options()->mutable_tax_tables();
         for (int t = 0; t < 7; ++t) {
           auto* table = tables->add_alternate();
           for (int i = 0; i < 143; ++i) table->add_rules();  // 1001 rules.
         }
       }},
      {"checkout_options.shipping_methods.flat_rate_shipping",
       "must have at most 50 methods, got 51",
       [](CreateOrderRequest& r) {
         for (int i = 0; i <= kMaxFlatRateShippingMethods; ++i) {
           r.mutable_checkout_options()
               ->mutable_shipping_methods()
               ->add_flat_rate_shipping();
         }
       }},
      {"checkout_options.shipping_methods.flat_rate_shipping[1]."
       "excluded_areas",
       "must have at most 300 countries, got 301",
       [](CreateOrderRequest& r) {
         auto* shipping =
             r.mutable_checkout_options()->mutable_shipping_methods();
         shipping->add_flat_rate_shipping()->add_allowed_areas("NL");
         auto* method = shipping->add_flat_rate_shipping();
         for (int i = 0; i <= kMaxShippingAreas; ++i) {
           method->add_excluded_areas("xx");
         }
       }},
      {"payment_options.allowed_countries",
       "must have at most 300 countries, got 301",
       [](CreateOrderRequest& r) {
         for (int i = 0; i <= kMaxAllowedCountries; ++i) {
           r.mutable_payment_options()->add_allowed_countries("xx");
         }
       }},
      {"payment_options.settings.coupons.allow",
       "must have at most 100 gift card IDs, got 101",
       [](CreateOrderRequest& r) {
         for (int i = 0; i <= kMaxCouponIds; ++i) {
           r.mutable_payment_options()
               ->mutable_settings()
               ->mutable_coupons()
               ->add_allow("nope");
         }
       }},
      {"affiliate.split_payments",
       "must have at most 100 split payments, got 101",
       [](CreateOrderRequest& r) {
         for (int i = 0; i <= kMaxSplitPayments; ++i) {
           r.mutable_affiliate()->add_split_payments();
         }
       }},
      {"custom_fields", "must have at most 100 fields, got 101",
       [](CreateOrderRequest& r) {
         for (int i = 0; i <= kMaxCustomFields; ++i) r.add_custom_fields();
       }},
      {"custom_fields",
       "must be at most 65536 bytes of protobuf in all, got 700",
       [](CreateOrderRequest& r) {
         for (int i = 0; i < 2; ++i) {
           (*r.add_custom_fields()->mutable_fields())["label"].set_string_value(
               std::string(35000, 'x'));
         }
       }},
  };
  for (const Case& c : cases) {
    CreateOrderRequest request = ValidRequest();
    request.clear_description();  // Not reported: the counts come first.
    c.grow(request);
    EXPECT_THAT(OnlyViolation(request, c.field), StartsWith(c.description))
        << c.field;
  }
}

TEST(ValidateCreateOrderTest, ListsAtMostTheFirstHundredProblems) {
  CreateOrderRequest request = CartOf(kMaxCartItems);
  for (auto& item : *request.mutable_shopping_cart()->mutable_items()) {
    item.set_quantity(0);
  }
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_EQ(status.message(),
            "CreateOrder request has at least 100 invalid fields (900 more "
            "problems not listed)");
  const std::vector<FieldViolation> listed = GetFieldViolations(status);
  ASSERT_EQ(listed.size(), 100u);
  EXPECT_EQ(listed.front().field, "shopping_cart.items[0].quantity");
}

}  // namespace
}  // namespace msp_gateway
