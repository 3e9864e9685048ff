// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/cart_total.h"

#include <algorithm>
#include <limits>

namespace msp_gateway {
namespace {

// `value` at `scale` decimals -> minor units (`minor_digits` decimals),
// rounding half up when digits are dropped.
std::optional<__int128> ToMinor(__int128 value, int scale, int minor_digits) {
  if (scale >= minor_digits) return RoundHalfUp(value, scale - minor_digits);
  for (int i = scale; i < minor_digits; ++i) {
    std::optional<__int128> next = CheckedMul(value, 10);
    if (!next) return std::nullopt;
    value = *next;
  }
  return value;
}

bool FitsInt64(__int128 v) {
  return v >= std::numeric_limits<int64_t>::min() &&
         v <= std::numeric_limits<int64_t>::max();
}

}  // namespace

std::optional<CartTotal> ComputeCartTotal(absl::Span<const CartLine> lines,
                                          int minor_digits) {
  // One common scale per sum keeps every addition exact.
  int price_scale = 0;
  int rate_scale = 0;
  for (const CartLine& line : lines) {
    price_scale = std::max(price_scale, line.unit_price.scale);
    rate_scale = std::max(rate_scale, line.rate.scale);
  }
  __int128 items = 0;  // At price_scale.
  __int128 vat = 0;    // At price_scale + rate_scale.
  for (const CartLine& line : lines) {
    std::optional<__int128> price = ScaledValue(line.unit_price, price_scale);
    std::optional<__int128> rate = ScaledValue(line.rate, rate_scale);
    if (!price || !rate) return std::nullopt;
    std::optional<__int128> subtotal = CheckedMul(*price, line.quantity);
    if (!subtotal) return std::nullopt;
    std::optional<__int128> tax = CheckedMul(*subtotal, *rate);
    if (!tax) return std::nullopt;
    std::optional<__int128> next_items = CheckedAdd(items, *subtotal);
    std::optional<__int128> next_vat = CheckedAdd(vat, *tax);
    if (!next_items || !next_vat) return std::nullopt;
    items = *next_items;
    vat = *next_vat;
  }
  std::optional<__int128> items_minor =
      ToMinor(items, price_scale, minor_digits);
  std::optional<__int128> vat_minor =
      ToMinor(vat, price_scale + rate_scale, minor_digits);
  if (!items_minor || !vat_minor) return std::nullopt;
  std::optional<__int128> total = CheckedAdd(*items_minor, *vat_minor);
  if (!total || !FitsInt64(*items_minor) || !FitsInt64(*vat_minor) ||
      !FitsInt64(*total)) {
    return std::nullopt;
  }
  return CartTotal{static_cast<int64_t>(*items_minor),
                   static_cast<int64_t>(*vat_minor),
                   static_cast<int64_t>(*total)};
}

TaxRateResult FindTaxRate(const payments::v1::TaxTables& tables,
                          const payments::v1::CartItem& item,
                          absl::string_view country) {
  if (item.tax_table_selector().empty()) {
    if (!tables.has_default_()) return {TaxRateLookup::kFound, nullptr};
    return {TaxRateLookup::kFound, &tables.default_().rate()};
  }
  for (const payments::v1::AlternateTaxTable& table : tables.alternate()) {
    if (table.name() != item.tax_table_selector()) continue;
    if (!country.empty()) {
      for (const payments::v1::TaxRule& rule : table.rules()) {
        if (rule.country() == country) {
          return {TaxRateLookup::kFound, &rule.rate()};
        }
      }
    }
    for (const payments::v1::TaxRule& rule : table.rules()) {
      if (rule.country().empty()) return {TaxRateLookup::kFound, &rule.rate()};
    }
    return {TaxRateLookup::kNoRule, nullptr};
  }
  return {TaxRateLookup::kUnknownTable, nullptr};
}

}  // namespace msp_gateway
