// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/request_limits.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "service/create_order/order_check_kit.h"

namespace msp_gateway {

bool CheckRequestLimits(const payments::v1::CreateOrderRequest& request,
                        Violations& v) {
  bool ok = v.CheckMaxCount("shopping_cart.items",
                            request.shopping_cart().items_size(), kMaxCartItems,
                            "items");
  const payments::v1::TaxTables& tables =
      request.checkout_options().tax_tables();
  if (v.CheckMaxCount("checkout_options.tax_tables.alternate",
                      tables.alternate_size(), kMaxAlternateTaxTables,
                      "tables")) {
    int rules = 0;
    for (const auto& table : tables.alternate()) rules += table.rules_size();
    ok &= v.CheckMaxCount("checkout_options.tax_tables.alternate", rules,
                          kMaxTaxRules, "rules in all its tables");
  } else {
    ok = false;
  }
  const auto& methods =
      request.checkout_options().shipping_methods().flat_rate_shipping();
  if (v.CheckMaxCount("checkout_options.shipping_methods.flat_rate_shipping",
                      methods.size(), kMaxFlatRateShippingMethods, "methods")) {
    std::string path;  // Reused by every method: see PathIn().
    for (int i = 0; i < methods.size(); ++i) {
      ok &= v.CheckMaxCount(
          PathIn(path, "checkout_options.shipping_methods.flat_rate_shipping[",
                 i, "].allowed_areas"),
          methods[i].allowed_areas_size(), kMaxShippingAreas, "countries");
      ok &= v.CheckMaxCount(
          PathIn(path, "checkout_options.shipping_methods.flat_rate_shipping[",
                 i, "].excluded_areas"),
          methods[i].excluded_areas_size(), kMaxShippingAreas, "countries");
    }
  } else {
    ok = false;
  }
  ok &= v.CheckMaxCount("payment_options.allowed_countries",
                        request.payment_options().allowed_countries_size(),
                        kMaxAllowedCountries, "countries");
  ok &= v.CheckMaxCount(
      "payment_options.settings.coupons.allow",
      request.payment_options().settings().coupons().allow_size(),
      kMaxCouponIds, "gift card IDs");
  ok &= v.CheckMaxCount("affiliate.split_payments",
                        request.affiliate().split_payments_size(),
                        kMaxSplitPayments, "split payments");
  if (v.CheckMaxCount("custom_fields", request.custom_fields_size(),
                      kMaxCustomFields, "fields")) {
    size_t bytes = 0;
    for (const auto& field : request.custom_fields()) {
      bytes += field.ByteSizeLong();
    }
    if (bytes > kMaxCustomFieldsBytes) {
      v.Add("custom_fields",
            absl::StrCat("must be at most ", kMaxCustomFieldsBytes,
                         " bytes of protobuf in all, got ", bytes));
      ok = false;
    }
  } else {
    ok = false;
  }
  return ok;
}

}  // namespace msp_gateway
