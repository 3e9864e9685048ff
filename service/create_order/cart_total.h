// Copyright 2026 The msp-gateway Authors.
//
// File: cart_total.h
//
// MultiSafepay's cart rounding rule (docs/multisafepay-api.md §2.7), in
// integers, so the gateway can tell a caller that `amount` does not match its
// shopping cart before MultiSafepay answers 1027:
//
//   items_total = round(Σ unit_price × quantity)
//   vat_total   = round(Σ unit_price × quantity × rate)
//   total       = items_total + vat_total
//
// where round() rounds half up (away from zero) to the currency's minor unit.
// Every product is exact: decimals are scaled to 128-bit integers, and a cart
// too large for that is reported, never approximated. Pure: no I/O.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_CART_TOTAL_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_CART_TOTAL_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "payments/v1/order.pb.h"
#include "service/common/decimal.h"

namespace msp_gateway {

// One priced cart line.
struct CartLine {
  Decimal unit_price;  // Major units, excluding VAT.
  int64_t quantity = 0;
  Decimal rate;  // VAT as a fraction ("0.21").
};

// The totals in minor units.
struct CartTotal {
  int64_t items = 0;
  int64_t vat = 0;
  int64_t total = 0;
};

// ComputeCartTotal()
//
// Applies the rounding rule to `lines` for a currency with `minor_digits`
// decimals (2 for EUR, 0 for JPY). Returns nullopt when an intermediate value
// does not fit in 128 bits or a total does not fit in int64.
//
// Example (MultiSafepay's own): 90 × 3 at 0.21, 35 × 1 at 0.09, 10 × 1 at 0
//   -> items 31500, vat 5985, total 37485.
std::optional<CartTotal> ComputeCartTotal(absl::Span<const CartLine> lines,
                                          int minor_digits);

// What FindTaxRate() found.
enum class TaxRateLookup {
  kFound,         // `rate` is the rate text (nullptr: no table, rate 0).
  kUnknownTable,  // No alternate table has the item's tax_table_selector.
  kNoRule,        // The table has no rule for `country` and none without one.
};

struct TaxRateResult {
  TaxRateLookup lookup = TaxRateLookup::kFound;
  const std::string* rate = nullptr;
};

// FindTaxRate()
//
// The VAT rate of `item`: with a (non-empty) tax_table_selector, the first
// alternate table of that name, and in it the first rule for `country` (the
// delivery country, else the customer's), else the first rule without a
// country; without a selector, the default table's rate. No default table
// means no VAT (rate nullptr), which is what MultiSafepay charges on a cart
// without tax tables.
TaxRateResult FindTaxRate(const payments::v1::TaxTables& tables,
                          const payments::v1::CartItem& item,
                          absl::string_view country);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_CART_TOTAL_H_
