// Copyright 2026 The msp-gateway Authors.
//
// File: cart_rules.h
//
// MultiSafepay's shopping-cart rules, in exact decimal arithmetic: reading
// `checkout_options.tax_tables`, reading cart lines, and the rounding rule
// that turns a cart into an order amount. Used for create-order validation
// (1025-1031) and for BNPL refunds (`checkout_data.items`). Pure.
//
// The rounding rule (docs "rounding-rule"; multisafepay-api.md §2.7):
//   items_total = round(Σ unit_price × quantity)
//   vat_total   = round(Σ unit_price × quantity × rate)
//   cart_total  = items_total + vat_total
// rounded to the currency's minor unit, half away from zero ("half up").
// Every product and sum is exact (Decimal), read from the JSON lexemes.
//
// A line's rate: its `tax_table_selector` names an alternate table (1029
// when no table has that name); without a selector the default table's rate
// applies, except that a shipping line (`merchant_item_id: "msp-shipping"`)
// is untaxed when the default table says `shipping_taxed: false`. Within a
// table, the rule for the delivery (else customer) country wins, then a rule
// without country; a table whose rules are all for other countries is 0 %.

#ifndef MSP_GATEWAY_EMULATOR_CART_RULES_H_
#define MSP_GATEWAY_EMULATOR_CART_RULES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"
#include "emulator/decimal.h"
#include "emulator/exact_json.h"
#include "emulator/msp_error.h"

namespace msp_emulator {

// The shipping line's merchant_item_id.
inline constexpr char kShippingItemId[] = "msp-shipping";

// TaxTables
//
// `checkout_options.tax_tables`, resolved for one country.
struct TaxTables {
  bool present = false;  // tax tables were sent at all
  Decimal default_rate;
  bool shipping_taxed = true;
  std::map<std::string, Decimal> rates;  // alternate table name -> rate
};

// ReadTaxTables()
//
// Reads the tax tables at `pointer` in `doc` ("/checkout_options/tax_tables")
// for `country`. Absent or null: an empty TaxTables (every rate 0). Every
// rate must be a decimal number (JSON number or numeric string) in [0, 1);
// otherwise, or when a table has no rules, InvalidCustomTaxRateError()
// (1028). A tax_tables value that is not an object: InvalidBodyError().
std::variant<TaxTables, MspError> ReadTaxTables(const ExactJson& doc,
                                                const std::string& pointer,
                                                absl::string_view country);

// CartLine
//
// One cart line with its effective tax rate.
struct CartLine {
  Decimal unit_price;
  Decimal quantity;
  Decimal rate;
};

struct Cart {
  std::vector<CartLine> lines;
  // The single currency the lines name, if any line names one.
  std::optional<std::string> currency;
};

// ReadCart()
//
// Reads the cart lines at `items_pointer` ("/shopping_cart/items"; absent
// or null = no lines) and checks, in this order:
//   the items value is an array of objects        -> InvalidBodyError()
//   per line: unit_price and quantity are decimal numbers (JSON numbers or
//     numeric strings)                            -> 1031
//   per line: `currency`, when present, is ISO 4217 -> 1030
//   per line: `tax_table_selector`, when present and tax tables were sent,
//     names a table; for Billink (`billink` true) the line's rate is one of
//     0, 5, 6, 7, 9, 16, 19, 20 or 21 %           -> 1029
//   all lines name the same currency              -> 1025
//   that currency is `order_currency`             -> 1026
std::variant<Cart, MspError> ReadCart(const ExactJson& doc,
                                      const std::string& items_pointer,
                                      const TaxTables& tables,
                                      absl::string_view order_currency,
                                      bool billink);

// CartTotal()
//
// The cart total by the rounding rule, in minor units of a currency with
// `exponent` decimals. nullopt when it overflows.
std::optional<int64_t> CartTotal(const std::vector<CartLine>& lines,
                                 int exponent);

// RefundTotal()
//
// For a BNPL refund cart: the rounding-rule total of the lines whose
// unit_price × quantity is negative (the refunded copies), as a positive
// amount in minor units. 0 when there are none; nullopt on overflow.
std::optional<int64_t> RefundTotal(const std::vector<CartLine>& lines,
                                   int exponent);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_CART_RULES_H_
