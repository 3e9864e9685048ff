// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/cart_total.h"

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CartItem;
using ::payments::v1::TaxTables;

Decimal D(const char* text) { return ParseDecimal(text).value(); }

CartLine Line(const char* price, int64_t quantity, const char* rate) {
  return CartLine{D(price), quantity, D(rate)};
}

TEST(ComputeCartTotalTest, MultiSafepayBillinkExample) {
  // billink-redirect / fastcheckout: amount 37485.
  const std::vector<CartLine> lines = {
      Line("90", 3, "0.21"), Line("35", 1, "0.09"), Line("10", 1, "0")};
  const std::optional<CartTotal> total = ComputeCartTotal(lines, 2);
  ASSERT_TRUE(total.has_value());
  EXPECT_EQ(total->items, 31500);
  EXPECT_EQ(total->vat, 5985);
  EXPECT_EQ(total->total, 37485);
}

TEST(ComputeCartTotalTest, RoundsEachSumOnceHalfUp) {
  // 3 × 0.335 = 1.005 -> 1.01 (half up); VAT 1.005 × 0.21 = 0.21105 -> 0.21.
  std::optional<CartTotal> total =
      ComputeCartTotal({Line("0.335", 3, "0.21")}, 2);
  ASSERT_TRUE(total.has_value());
  EXPECT_EQ(total->items, 101);
  EXPECT_EQ(total->vat, 21);
  EXPECT_EQ(total->total, 122);

  // Per-line rounding would give 0.02 + 0.02 of VAT; the rule sums first:
  // 2 × (0.0714 × 0.21 = 0.014994) = 0.029988 -> 0.03.
  total = ComputeCartTotal(
      {Line("0.0714", 1, "0.21"), Line("0.0714", 1, "0.21")}, 2);
  ASSERT_TRUE(total.has_value());
  EXPECT_EQ(total->vat, 3);
}

TEST(ComputeCartTotalTest, ManyDecimalsStayExact) {
  // 13.761467889 is MultiSafepay's own example of a long unit price:
  // × 109 = 1499.999999901 -> 1500.00; VAT at 0.09 = 134.99999999109 ->
  // 135.00. A double would have to round twice.
  const std::optional<CartTotal> total =
      ComputeCartTotal({Line("13.761467889", 109, "0.09")}, 2);
  ASSERT_TRUE(total.has_value());
  EXPECT_EQ(total->items, 150000);
  EXPECT_EQ(total->vat, 13500);
  EXPECT_EQ(total->total, 163500);
}

TEST(ComputeCartTotalTest, DiscountLinesAndZeroDecimalCurrencies) {
  std::optional<CartTotal> total =
      ComputeCartTotal({Line("100", 1, "0.21"), Line("-10.50", 1, "0.21")}, 2);
  ASSERT_TRUE(total.has_value());
  EXPECT_EQ(total->items, 8950);
  EXPECT_EQ(total->vat, 1880);  // 18.795 -> 18.80
  // JPY: minor unit = major unit; 0.5 rounds up.
  total = ComputeCartTotal({Line("1000", 1, "0.1"), Line("0.5", 1, "0")}, 0);
  ASSERT_TRUE(total.has_value());
  EXPECT_EQ(total->items, 1001);
  EXPECT_EQ(total->vat, 100);
  EXPECT_EQ(total->total, 1101);
  // An empty cart costs nothing.
  total = ComputeCartTotal({}, 2);
  ASSERT_TRUE(total.has_value());
  EXPECT_EQ(total->total, 0);
}

TEST(ComputeCartTotalTest, OverflowIsReportedNotApproximated) {
  EXPECT_EQ(
      ComputeCartTotal({Line("99999999999999999999", INT64_MAX, "0.5")}, 2),
      std::nullopt);
  // Fits in 128 bits but not in an int64 amount.
  EXPECT_EQ(ComputeCartTotal({Line("100000000000000000", 1000, "0")}, 2),
            std::nullopt);
}

TEST(FindTaxRateTest, DefaultAlternateAndCountryRules) {
  TaxTables tables;
  tables.mutable_default_()->set_rate("0.21");
  auto* nine = tables.add_alternate();
  nine->set_name("BTW9");
  nine->add_rules()->set_rate("0.09");
  auto* us = tables.add_alternate();
  us->set_name("US");
  auto* rule = us->add_rules();
  rule->set_rate("0.0825");
  rule->set_country("US");
  rule = us->add_rules();
  rule->set_rate("0.08375");
  rule->set_country("US");
  auto* mixed = tables.add_alternate();
  mixed->set_name("MIXED");
  rule = mixed->add_rules();
  rule->set_rate("0.06");
  rule->set_country("BE");
  mixed->add_rules()->set_rate("0.09");

  CartItem item;
  TaxRateResult r = FindTaxRate(tables, item, "NL");
  EXPECT_EQ(r.lookup, TaxRateLookup::kFound);
  ASSERT_NE(r.rate, nullptr);
  EXPECT_EQ(*r.rate, "0.21");

  item.set_tax_table_selector("BTW9");
  r = FindTaxRate(tables, item, "NL");
  ASSERT_NE(r.rate, nullptr);
  EXPECT_EQ(*r.rate, "0.09");

  item.set_tax_table_selector("US");
  r = FindTaxRate(tables, item, "US");
  ASSERT_NE(r.rate, nullptr);
  EXPECT_EQ(*r.rate, "0.0825");  // The first matching rule.
  EXPECT_EQ(FindTaxRate(tables, item, "NL").lookup, TaxRateLookup::kNoRule);
  EXPECT_EQ(FindTaxRate(tables, item, "").lookup, TaxRateLookup::kNoRule);

  item.set_tax_table_selector("MIXED");
  r = FindTaxRate(tables, item, "BE");
  ASSERT_NE(r.rate, nullptr);
  EXPECT_EQ(*r.rate, "0.06");
  r = FindTaxRate(tables, item, "NL");
  ASSERT_NE(r.rate, nullptr);
  EXPECT_EQ(*r.rate, "0.09");

  item.set_tax_table_selector("BTW21");
  EXPECT_EQ(FindTaxRate(tables, item, "NL").lookup,
            TaxRateLookup::kUnknownTable);

  // No default table: no VAT.
  item.clear_tax_table_selector();
  r = FindTaxRate(TaxTables(), item, "NL");
  EXPECT_EQ(r.lookup, TaxRateLookup::kFound);
  EXPECT_EQ(r.rate, nullptr);
}

}  // namespace
}  // namespace msp_gateway
