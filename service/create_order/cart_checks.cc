// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/cart_checks.h"

#include <cstdint>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/iso_codes.h"
#include "service/create_order/cart_total.h"
#include "service/create_order/gateway_rules.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CartItem;
using ::payments::v1::CreateOrderRequest;

bool IsAllowedVatRate(const GatewayRule& rule, const Decimal& rate) {
  if (rule.vat_rates.empty()) return true;
  for (absl::string_view allowed : absl::StrSplit(rule.vat_rates, ' ')) {
    if (Compare(*ParseDecimal(allowed), rate) == 0) return true;
  }
  return false;
}

// A tax rate: a decimal fraction from 0 to 1.
std::optional<Decimal> CheckRate(absl::string_view field,
                                 absl::string_view text, Violations& v) {
  std::optional<Decimal> rate =
      CheckDecimal(field, text, "the VAT rate as a fraction (21% is \"0.21\")",
                   kMaxRateDecimals, v);
  if (!rate) return std::nullopt;
  static const Decimal kZero = *ParseDecimal("0");
  static const Decimal kOne = *ParseDecimal("1");
  if (Compare(*rate, kZero) < 0 || Compare(*rate, kOne) > 0) {
    v.Add(field, absl::StrCat("must be a fraction from 0 to 1 (21% is ",
                              "\"0.21\"), got ", rate->text));
    return std::nullopt;
  }
  return rate;
}

}  // namespace

const Decimal* CheckedRates::Find(const std::string* rate) const {
  for (const auto& entry : valid) {
    if (entry.first == rate) return &entry.second;
  }
  return nullptr;
}

CheckedRates CheckCheckoutOptions(const OrderContext& c, Violations& v) {
  CheckedRates rates;
  const CreateOrderRequest& request = c.request;
  const payments::v1::CheckoutOptions& options = request.checkout_options();
  if (c.rule != nullptr && c.rule->cart_required && !options.has_tax_tables()) {
    v.Add("checkout_options.tax_tables",
          absl::StrCat("is required for ", GatewayLabel(*c.rule)));
  }
  auto check_rate = [&](absl::string_view field, const std::string& text) {
    std::optional<Decimal> rate = CheckRate(field, text, v);
    if (!rate) return;
    if (c.rule != nullptr && !IsAllowedVatRate(*c.rule, *rate)) {
      v.Add(field,
            absl::StrCat(
                "must be one of ",
                absl::StrJoin(absl::StrSplit(c.rule->vat_rates, ' '), ", "),
                " for ", GatewayLabel(*c.rule), ", got ", rate->text));
      return;
    }
    rates.valid.emplace_back(&text, *std::move(rate));
  };
  const payments::v1::TaxTables& tables = options.tax_tables();
  if (tables.has_default_()) {
    check_rate("checkout_options.tax_tables.default.rate",
               tables.default_().rate());
  }
  std::string path;  // Reused by every element below: see PathIn().
  for (int t = 0; t < tables.alternate_size(); ++t) {
    const payments::v1::AlternateTaxTable& table = tables.alternate(t);
    if (table.name().empty()) {
      v.Add(PathIn(path, "checkout_options.tax_tables.alternate[", t, "].name"),
            "is required: what cart items name in tax_table_selector");
    }
    for (int r = 0; r < table.rules_size(); ++r) {
      check_rate(PathIn(path, "checkout_options.tax_tables.alternate[", t,
                        "].rules[", r, "].rate"),
                 table.rules(r).rate());
      CheckCountry(PathIn(path, "checkout_options.tax_tables.alternate[", t,
                          "].rules[", r, "].country"),
                   table.rules(r).country(), v);
    }
  }
  const payments::v1::ShippingMethods& shipping = options.shipping_methods();
  auto check_price = [&](absl::string_view field, const std::string& price) {
    std::optional<Decimal> d = CheckDecimal(
        field, price, "the price in major units", kMaxUnitPriceDecimals, v);
    if (d && d->negative && !IsZero(*d)) {
      v.Add(field, "must not be negative");
    }
  };
  if (shipping.pickup().has_price()) {
    check_price("checkout_options.shipping_methods.pickup.price",
                shipping.pickup().price());
  }
  std::string prefix_buffer;
  for (int i = 0; i < shipping.flat_rate_shipping_size(); ++i) {
    const auto& method = shipping.flat_rate_shipping(i);
    const absl::string_view prefix =
        PathIn(prefix_buffer,
               "checkout_options.shipping_methods.flat_rate_shipping[", i, "]");
    if (method.has_price()) {
      check_price(PathIn(path, prefix, ".price"), method.price());
    }
    for (int a = 0; a < method.allowed_areas_size(); ++a) {
      CheckCountry(PathIn(path, prefix, ".allowed_areas[", a, "]"),
                   method.allowed_areas(a), v);
    }
    for (int a = 0; a < method.excluded_areas_size(); ++a) {
      CheckCountry(PathIn(path, prefix, ".excluded_areas[", a, "]"),
                   method.excluded_areas(a), v);
    }
  }
  return rates;
}

void CheckCart(const OrderContext& c, const CheckedRates& rates,
               Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (!request.has_shopping_cart()) {
    if (c.rule != nullptr && c.rule->cart_required) {
      v.Add("shopping_cart",
            absl::StrCat("is required for ", GatewayLabel(*c.rule)));
    }
    return;
  }
  const payments::v1::ShoppingCart& cart = request.shopping_cart();
  if (cart.items_size() == 0) {
    v.Add("shopping_cart.items", "must have at least one item");
    return;
  }
  std::vector<CartLine> lines;
  lines.reserve(cart.items_size());
  bool priced = true;  // Every line has a valid price and rate.
  static const Decimal kZeroRate = *ParseDecimal("0");
  std::string prefix_buffer, path;  // Reused by every line: see PathIn().
  for (int i = 0; i < cart.items_size(); ++i) {
    const CartItem& item = cart.items(i);
    const absl::string_view prefix =
        PathIn(prefix_buffer, "shopping_cart.items[", i, "]");
    std::optional<Decimal> price =
        CheckDecimal(PathIn(path, prefix, ".unit_price"), item.unit_price(),
                     "the unit price in major units excluding VAT",
                     kMaxUnitPriceDecimals, v);
    if (item.quantity() < 1) {
      v.Add(PathIn(path, prefix, ".quantity"),
            absl::StrCat("must be at least 1 (discounts are lines with a "
                         "negative unit_price), got ",
                         item.quantity()));
      priced = false;
    }
    if (!item.currency().empty() && item.currency() != request.currency()) {
      v.Add(PathIn(path, prefix, ".currency"),
            "must equal the order's currency (MultiSafepay does not mix "
            "currencies in one cart)");
    }
    if (item.has_weight()) {
      const payments::v1::Weight& weight = item.weight();
      if (weight.unit() != "KG" && weight.unit() != "G") {
        v.Add(PathIn(path, prefix, ".weight.unit"), "must be KG or G");
      }
      std::optional<Decimal> value =
          CheckDecimal(PathIn(path, prefix, ".weight.value"), weight.value(),
                       "the weight of one unit", kMaxUnitPriceDecimals, v);
      if (value && value->negative && !IsZero(*value)) {
        v.Add(PathIn(path, prefix, ".weight.value"), "must not be negative");
      }
    }
    const TaxRateResult found = FindTaxRate(
        request.checkout_options().tax_tables(), item, c.tax_country);
    const Decimal* rate = &kZeroRate;
    switch (found.lookup) {
      case TaxRateLookup::kFound:
        if (found.rate != nullptr) rate = rates.Find(found.rate);
        break;
      case TaxRateLookup::kUnknownTable:
        v.Add(PathIn(path, prefix, ".tax_table_selector"),
              "must name a table in checkout_options.tax_tables.alternate");
        rate = nullptr;
        break;
      case TaxRateLookup::kNoRule:
        v.Add(PathIn(path, prefix, ".tax_table_selector"),
              c.tax_country.empty()
                  ? std::string("names a table whose rules all have a "
                                "country, but the order has no delivery or "
                                "customer country")
                  : absl::StrCat("names a table with no rule for country ",
                                 c.tax_country,
                                 " and no rule without a country"));
        rate = nullptr;
        break;
    }
    if (!price || rate == nullptr) {
      priced = false;
      continue;
    }
    lines.push_back(CartLine{*std::move(price), item.quantity(), *rate});
  }
  // §2.7: compare `amount` with the cart total when both can be computed.
  const int minor_digits = CurrencyMinorUnits(request.currency());
  if (!priced || !request.has_amount() || minor_digits == kNoMinorUnits) {
    return;
  }
  const std::optional<CartTotal> total = ComputeCartTotal(lines, minor_digits);
  if (!total) {
    v.Add("shopping_cart.items",
          "are too large to total exactly (a total above 2^63 minor units)");
    return;
  }
  if (total->total != request.amount()) {
    const int64_t difference = request.amount() - total->total;
    v.Add("amount",
          absl::StrCat("must equal the shopping_cart total by MultiSafepay's "
                       "rounding rule: expected ",
                       total->total, " (items ", total->items, " + VAT ",
                       total->vat, "), got ", request.amount(), " (",
                       difference > 0 ? "+" : "", difference, ")"));
  }
}

}  // namespace msp_gateway
