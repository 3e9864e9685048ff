// Copyright 2026 The msp-gateway Authors.

#include "emulator/cart_rules.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "emulator/iso_codes.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

// Billink accepts only these VAT rates (docs: 0, 5, 6, 7, 9, 16, 19, 20 and
// 21 %), in hundredths.
constexpr int64_t kBillinkRates[] = {0, 5, 6, 7, 9, 16, 19, 20, 21};

bool IsTaxRate(const std::optional<Decimal>& rate) {
  return rate.has_value() && rate->sign() >= 0 && *rate < Decimal::FromInt(1);
}

bool IsBillinkRate(const Decimal& rate) {
  for (int64_t allowed : kBillinkRates) {
    if (rate == Decimal::FromUnits(allowed, 2)) return true;
  }
  return false;
}

std::string StringOr(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

// The rate of one alternate table for `country`, or an error.
std::variant<Decimal, MspError> TableRate(const ExactJson& doc,
                                          const std::string& table_pointer,
                                          const json& table,
                                          absl::string_view country) {
  auto rules = table.find("rules");
  if (rules == table.end() || !rules->is_array() || rules->empty()) {
    return InvalidCustomTaxRateError();
  }
  std::optional<Decimal> country_rate;
  std::optional<Decimal> general_rate;
  for (size_t i = 0; i < rules->size(); ++i) {
    const json& rule = (*rules)[i];
    if (!rule.is_object()) return InvalidCustomTaxRateError();
    const std::optional<Decimal> rate =
        doc.DecimalAt(absl::StrCat(table_pointer, "/rules/", i, "/rate"));
    if (!IsTaxRate(rate)) return InvalidCustomTaxRateError();
    const std::string rule_country = StringOr(rule, "country");
    if (rule_country.empty()) {
      if (!general_rate.has_value()) general_rate = rate;
    } else if (rule_country == country && !country_rate.has_value()) {
      country_rate = rate;
    }
  }
  if (country_rate.has_value()) return *country_rate;
  if (general_rate.has_value()) return *general_rate;
  return Decimal();
}

}  // namespace

std::optional<int64_t> CartTotal(const std::vector<CartLine>& lines,
                                 int exponent) {
  Decimal items;
  Decimal vat;
  for (const CartLine& line : lines) {
    std::optional<Decimal> net = line.unit_price.Multiply(line.quantity);
    if (!net.has_value()) return std::nullopt;
    std::optional<Decimal> tax = net->Multiply(line.rate);
    std::optional<Decimal> new_items = items.Add(*net);
    if (!tax.has_value() || !new_items.has_value()) return std::nullopt;
    std::optional<Decimal> new_vat = vat.Add(*tax);
    if (!new_vat.has_value()) return std::nullopt;
    items = *new_items;
    vat = *new_vat;
  }
  std::optional<int64_t> items_units = items.RoundToUnits(exponent);
  std::optional<int64_t> vat_units = vat.RoundToUnits(exponent);
  if (!items_units.has_value() || !vat_units.has_value()) return std::nullopt;
  int64_t total = 0;
  if (__builtin_add_overflow(*items_units, *vat_units, &total)) {
    return std::nullopt;
  }
  return total;
}

std::variant<TaxTables, MspError> ReadTaxTables(const ExactJson& doc,
                                                const std::string& pointer,
                                                absl::string_view country) {
  TaxTables tables;
  std::optional<ExactJson> node = doc.At(pointer);
  if (!node.has_value() || node->value().is_null()) return tables;
  const json& value = node->value();
  if (!value.is_object()) return InvalidBodyError();
  tables.present = true;

  auto default_table = value.find("default");
  if (default_table != value.end() && !default_table->is_null()) {
    if (!default_table->is_object()) return InvalidCustomTaxRateError();
    if (default_table->contains("rate")) {
      std::optional<Decimal> rate =
          doc.DecimalAt(absl::StrCat(pointer, "/default/rate"));
      if (!IsTaxRate(rate)) return InvalidCustomTaxRateError();
      tables.default_rate = *rate;
    }
    auto shipping_taxed = default_table->find("shipping_taxed");
    if (shipping_taxed != default_table->end() &&
        shipping_taxed->is_boolean()) {
      tables.shipping_taxed = shipping_taxed->get<bool>();
    }
  }

  auto alternate = value.find("alternate");
  if (alternate != value.end() && !alternate->is_null()) {
    if (!alternate->is_array()) return InvalidCustomTaxRateError();
    for (size_t i = 0; i < alternate->size(); ++i) {
      const json& table = (*alternate)[i];
      if (!table.is_object()) return InvalidCustomTaxRateError();
      const std::string table_pointer = absl::StrCat(pointer, "/alternate/", i);
      auto rate = TableRate(doc, table_pointer, table, country);
      if (const MspError* error = std::get_if<MspError>(&rate)) return *error;
      // The first table of a name wins, as a lookup by name would find it.
      tables.rates.emplace(StringOr(table, "name"), std::get<Decimal>(rate));
    }
  }
  return tables;
}

std::variant<Cart, MspError> ReadCart(const ExactJson& doc,
                                      const std::string& items_pointer,
                                      const TaxTables& tables,
                                      absl::string_view order_currency,
                                      bool billink) {
  Cart cart;
  std::optional<ExactJson> node = doc.At(items_pointer);
  if (!node.has_value() || node->value().is_null()) return cart;
  const json& items = node->value();
  if (!items.is_array()) return InvalidBodyError();

  std::set<std::string> currencies;
  for (size_t i = 0; i < items.size(); ++i) {
    const json& item = items[i];
    if (!item.is_object()) return InvalidBodyError();
    const std::string item_pointer = absl::StrCat(items_pointer, "/", i);

    std::optional<Decimal> unit_price =
        doc.DecimalAt(absl::StrCat(item_pointer, "/unit_price"));
    std::optional<Decimal> quantity =
        doc.DecimalAt(absl::StrCat(item_pointer, "/quantity"));
    if (!unit_price.has_value() || !quantity.has_value()) {
      return InvalidItemPriceError();
    }

    auto currency = item.find("currency");
    if (currency != item.end() && !currency->is_null()) {
      if (!currency->is_string() ||
          !IsIsoCurrency(currency->get_ref<const std::string&>())) {
        return InvalidItemCurrencyError();
      }
      currencies.insert(currency->get<std::string>());
    }

    Decimal rate = tables.default_rate;
    auto selector = item.find("tax_table_selector");
    const bool has_selector =
        selector != item.end() && !selector->is_null() &&
        !(selector->is_string() &&
          selector->get_ref<const std::string&>().empty());
    if (has_selector && tables.present) {
      if (!selector->is_string()) return InvalidItemTaxRateError();
      auto table = tables.rates.find(selector->get<std::string>());
      if (table == tables.rates.end()) return InvalidItemTaxRateError();
      rate = table->second;
    } else if (!has_selector &&
               StringOr(item, "merchant_item_id") == kShippingItemId &&
               !tables.shipping_taxed) {
      rate = Decimal();
    }
    if (billink && !IsBillinkRate(rate)) return InvalidItemTaxRateError();
    cart.lines.push_back({*unit_price, *quantity, rate});
  }

  if (currencies.size() > 1) return CartMultipleCurrenciesError();
  if (currencies.size() == 1) {
    cart.currency = *currencies.begin();
    if (*cart.currency != order_currency) return CartCurrencyMismatchError();
  }
  return cart;
}

std::optional<int64_t> RefundTotal(const std::vector<CartLine>& lines,
                                   int exponent) {
  // The refunded lines negated, so "half up" rounds the positive refund
  // amount exactly as it would round a charge of the same size.
  std::vector<CartLine> refunded;
  for (const CartLine& line : lines) {
    std::optional<Decimal> net = line.unit_price.Multiply(line.quantity);
    if (!net.has_value()) return std::nullopt;
    if (net->sign() < 0) {
      refunded.push_back(
          {line.unit_price.sign() < 0 ? line.unit_price.Negate()
                                      : line.unit_price,
           line.unit_price.sign() < 0 ? line.quantity : line.quantity.Negate(),
           line.rate});
    }
  }
  return CartTotal(refunded, exponent);
}

}  // namespace msp_emulator
