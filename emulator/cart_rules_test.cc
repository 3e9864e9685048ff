// Copyright 2026 The msp-gateway Authors.

#include "emulator/cart_rules.h"

#include <optional>
#include <string>
#include <variant>

#include "emulator/decimal.h"
#include "emulator/exact_json.h"
#include "emulator/msp_error.h"
#include "gtest/gtest.h"

namespace msp_emulator {
namespace {

ExactJson Doc(const std::string& text) {
  std::optional<ExactJson> doc = ExactJson::Parse(text);
  EXPECT_TRUE(doc.has_value()) << text;
  return doc.value_or(ExactJson());
}

TaxTables Tables(const std::string& text, const std::string& country = "NL") {
  auto tables = ReadTaxTables(Doc(text), "/tax_tables", country);
  EXPECT_TRUE(std::holds_alternative<TaxTables>(tables)) << text;
  return std::holds_alternative<TaxTables>(tables) ? std::get<TaxTables>(tables)
                                                   : TaxTables();
}

// The error code of ReadTaxTables() on `text`, 0 when it is fine.
int TablesCode(const std::string& text) {
  auto tables = ReadTaxTables(Doc(text), "/tax_tables", "NL");
  return std::holds_alternative<MspError>(tables)
             ? std::get<MspError>(tables).code
             : 0;
}

std::variant<Cart, MspError> CartOf(const std::string& items,
                                    const TaxTables& tables,
                                    const std::string& currency = "EUR",
                                    bool billink = false) {
  return ReadCart(Doc("{\"items\": " + items + "}"), "/items", tables, currency,
                  billink);
}

int CartCode(const std::string& items, const TaxTables& tables = {},
             const std::string& currency = "EUR", bool billink = false) {
  auto cart = CartOf(items, tables, currency, billink);
  return std::holds_alternative<MspError>(cart) ? std::get<MspError>(cart).code
                                                : 0;
}

// The rounding-rule total of `items` priced with `tables`.
std::optional<int64_t> Total(const std::string& items, const TaxTables& tables,
                             int exponent = 2) {
  auto cart = CartOf(items, tables);
  EXPECT_TRUE(std::holds_alternative<Cart>(cart)) << items;
  if (!std::holds_alternative<Cart>(cart)) return std::nullopt;
  return CartTotal(std::get<Cart>(cart).lines, exponent);
}

constexpr char kDutchTables[] = R"({"tax_tables": {
  "default": {"shipping_taxed": true, "rate": "0.21"},
  "alternate": [
    {"name": "BTW9", "standalone": true, "rules": [{"rate": 0.09}]},
    {"name": "none", "rules": [{"rate": 0}]},
    {"name": "US", "rules": [{"rate": "0.0825", "country": "US"},
                             {"rate": 0.06}]}]}})";

TEST(TaxTablesTest, ReadsDefaultAndAlternateRates) {
  const TaxTables tables = Tables(kDutchTables);
  EXPECT_TRUE(tables.present);
  EXPECT_EQ(tables.default_rate, Decimal::FromUnits(21, 2));
  EXPECT_TRUE(tables.shipping_taxed);
  EXPECT_EQ(tables.rates.at("BTW9"), Decimal::FromUnits(9, 2));
  EXPECT_EQ(tables.rates.at("none"), Decimal());
  // The rule for the country wins over the general one.
  EXPECT_EQ(tables.rates.at("US"), Decimal::FromUnits(6, 2));
  EXPECT_EQ(Tables(kDutchTables, "US").rates.at("US"),
            Decimal::FromUnits(825, 4));
}

TEST(TaxTablesTest, AbsentTablesMeanNoTax) {
  const TaxTables tables = Tables("{}");
  EXPECT_FALSE(tables.present);
  EXPECT_EQ(tables.default_rate, Decimal());
}

TEST(TaxTablesTest, RatesMustBeFractionsBelowOne) {
  EXPECT_EQ(TablesCode(R"({"tax_tables": {"default": {"rate": 0.999}}})"), 0);
  EXPECT_EQ(TablesCode(R"({"tax_tables": {"default": {"rate": 0.08375}}})"), 0);
  for (const char* bad :
       {R"({"tax_tables": {"default": {"rate": 21}}})",
        R"({"tax_tables": {"default": {"rate": 1}}})",
        R"({"tax_tables": {"default": {"rate": -0.21}}})",
        R"({"tax_tables": {"default": {"rate": "21%"}}})",
        R"({"tax_tables": {"default": {"rate": true}}})",
        R"({"tax_tables": {"alternate": [{"name": "x", "rules": []}]}})",
        R"({"tax_tables": {"alternate": [{"name": "x",
                                          "rules": [{"rate": 1.5}]}]}})",
        R"({"tax_tables": {"alternate": [{"name": "x",
                                          "rules": [{"country": "NL"}]}]}})"}) {
    EXPECT_EQ(TablesCode(bad), 1028) << bad;
  }
  EXPECT_EQ(TablesCode(R"({"tax_tables": []})"), 1000);
}

TEST(CartTest, ReadsLinesWithTheirRates) {
  const TaxTables tables = Tables(kDutchTables);
  auto cart = CartOf(R"([
      {"unit_price": 90, "quantity": 3, "tax_table_selector": "BTW9"},
      {"unit_price": "10.50", "quantity": 1},
      {"unit_price": 5, "quantity": 1, "merchant_item_id": "msp-shipping"}])",
                     tables);
  ASSERT_TRUE(std::holds_alternative<Cart>(cart));
  const Cart& lines = std::get<Cart>(cart);
  ASSERT_EQ(lines.lines.size(), 3u);
  EXPECT_EQ(lines.lines[0].rate, Decimal::FromUnits(9, 2));
  EXPECT_EQ(lines.lines[1].unit_price, Decimal::FromUnits(1050, 2));
  EXPECT_EQ(lines.lines[1].rate, Decimal::FromUnits(21, 2));
  EXPECT_EQ(lines.lines[2].rate, Decimal::FromUnits(21, 2));
  EXPECT_EQ(lines.currency, std::nullopt);
}

TEST(CartTest, UntaxedShipping) {
  TaxTables tables = Tables(
      R"({"tax_tables": {"default": {"shipping_taxed": false, "rate": 0.21}}})");
  auto cart = CartOf(
      R"([{"unit_price": 5, "quantity": 1, "merchant_item_id": "msp-shipping"}])",
      tables);
  EXPECT_EQ(std::get<Cart>(cart).lines[0].rate, Decimal());
}

TEST(CartTest, ItemErrorsInOrder) {
  const TaxTables tables = Tables(kDutchTables);
  EXPECT_EQ(CartCode(R"([{"unit_price": "ten", "quantity": 1}])"), 1031);
  EXPECT_EQ(CartCode(R"([{"unit_price": "", "quantity": 1}])"), 1031);
  EXPECT_EQ(CartCode(R"([{"quantity": 1}])"), 1031);
  EXPECT_EQ(CartCode(R"([{"unit_price": 1, "quantity": "one"}])"), 1031);
  EXPECT_EQ(CartCode(R"([{"unit_price": null, "quantity": 1}])"), 1031);
  EXPECT_EQ(
      CartCode(R"([{"unit_price": 1, "quantity": 1, "currency": "EURO"}])"),
      1030);
  EXPECT_EQ(CartCode(R"([{"unit_price": 1, "quantity": 1, "currency": 978}])"),
            1030);
  EXPECT_EQ(CartCode(R"([{"unit_price": 1, "quantity": 1,
                          "tax_table_selector": "BTW42"}])",
                     tables),
            1029);
  // Without tax tables a selector cannot be checked.
  EXPECT_EQ(CartCode(R"([{"unit_price": 1, "quantity": 1,
                          "tax_table_selector": "BTW42"}])"),
            0);
  EXPECT_EQ(CartCode(R"([{"unit_price": 1, "quantity": 1, "currency": "EUR"},
                         {"unit_price": 1, "quantity": 1, "currency": "USD"}])"),
            1025);
  EXPECT_EQ(
      CartCode(R"([{"unit_price": 1, "quantity": 1, "currency": "USD"}])"),
      1026);
  EXPECT_EQ(
      CartCode(R"([{"unit_price": 1, "quantity": 1, "currency": "EUR"}])"), 0);
  EXPECT_EQ(CartCode(R"({"unit_price": 1})"), 1000);
  EXPECT_EQ(CartCode(R"([5])"), 1000);
}

TEST(CartTest, BillinkAcceptsOnlyItsVatRates) {
  const TaxTables tables = Tables(R"({"tax_tables": {
      "default": {"rate": 0.21},
      "alternate": [{"name": "BTW8", "rules": [{"rate": 0.08}]},
                    {"name": "BTW9", "rules": [{"rate": 0.09}]}]}})");
  const char* btw8 =
      R"([{"unit_price": 1, "quantity": 1, "tax_table_selector": "BTW8"}])";
  const char* btw9 =
      R"([{"unit_price": 1, "quantity": 1, "tax_table_selector": "BTW9"}])";
  EXPECT_EQ(CartCode(btw8, tables, "EUR", /*billink=*/true), 1029);
  EXPECT_EQ(CartCode(btw9, tables, "EUR", /*billink=*/true), 0);
  EXPECT_EQ(CartCode(btw8, tables, "EUR", /*billink=*/false), 0);
}

TEST(CartTotalTest, DocsExample) {
  // billink-redirect.json: 3 x 90 at 21 %, 35 at 9 %, shipping 10 at 0 %.
  const TaxTables tables = Tables(R"({"tax_tables": {
      "default": {"shipping_taxed": true, "rate": "0.21"},
      "alternate": [{"name": "BTW21", "rules": [{"rate": "0.21"}]},
                    {"name": "BTW9", "rules": [{"rate": "0.09"}]},
                    {"name": "none", "rules": [{"rate": 0}]}]}})");
  EXPECT_EQ(Total(R"([
      {"unit_price": 90, "quantity": 3, "tax_table_selector": "BTW21"},
      {"unit_price": 35, "quantity": 1, "tax_table_selector": "BTW9"},
      {"unit_price": 10, "quantity": 1, "tax_table_selector": "none",
       "merchant_item_id": "msp-shipping"}])",
                  tables),
            37485);
}

TEST(CartTotalTest, HalfUpOnExactDecimalsWhereDoublesRoundDown) {
  // VAT 2.50 x 0.09 = 0.225 exactly -> 0.23; as doubles it is
  // 0.22499999999999998 and a naive float total is 2.72.
  const TaxTables nine =
      Tables(R"({"tax_tables": {"default": {"rate": 0.09}}})");
  EXPECT_EQ(Total(R"([{"unit_price": 2.50, "quantity": 1}])", nine), 273);
  // 1.005 is 1.00499999999999989 as a double.
  EXPECT_EQ(Total(R"([{"unit_price": 1.005, "quantity": 1}])", {}), 101);
  // 7 x 4.50 at 21 %: VAT 6.615 -> 6.62, total 38.12 (floats: 38.11).
  const TaxTables rate21 =
      Tables(R"({"tax_tables": {"default": {"rate": 0.21}}})");
  EXPECT_EQ(Total(R"([{"unit_price": "4.50", "quantity": 7}])", rate21), 3812);
}

TEST(CartTotalTest, VatIsRoundedOnceOverAllLines) {
  // Each line's VAT is 0.005; rounded per line that would be 0.02, the rule
  // rounds the sum 0.010 once: items 0.10 + VAT 0.01.
  const TaxTables ten = Tables(R"({"tax_tables": {"default": {"rate": 0.1}}})");
  EXPECT_EQ(Total(R"([{"unit_price": 0.05, "quantity": 1},
                      {"unit_price": 0.05, "quantity": 1}])",
                  ten),
            11);
}

TEST(CartTotalTest, DiscountsAndZeroDecimalCurrencies) {
  const TaxTables rate21 =
      Tables(R"({"tax_tables": {"default": {"rate": 0.21}}})");
  EXPECT_EQ(Total(R"([{"unit_price": 100, "quantity": 1},
                      {"unit_price": -10, "quantity": 1}])",
                  rate21),
            10890);
  EXPECT_EQ(Total(R"([{"unit_price": 1000, "quantity": 2}])", {}, 0), 2000);
}

TEST(RefundTotalTest, SumsTheNegativeLines) {
  const TaxTables tables = Tables(kDutchTables);
  auto cart = CartOf(R"([
      {"unit_price": 100, "quantity": 1, "tax_table_selector": "none"},
      {"unit_price": 35, "quantity": 2, "tax_table_selector": "BTW9"},
      {"unit_price": -100, "quantity": 1, "tax_table_selector": "none"},
      {"unit_price": 35, "quantity": -1, "tax_table_selector": "BTW9"}])",
                     tables);
  ASSERT_TRUE(std::holds_alternative<Cart>(cart));
  // 100 + 35 + 9 % of 35 (3.15) = 138.15.
  EXPECT_EQ(RefundTotal(std::get<Cart>(cart).lines, 2), 13815);
  auto none = CartOf(R"([{"unit_price": 100, "quantity": 1}])", tables);
  EXPECT_EQ(RefundTotal(std::get<Cart>(none).lines, 2), 0);
}

}  // namespace
}  // namespace msp_emulator
