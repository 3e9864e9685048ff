// Copyright 2026 The msp-gateway Authors.

#include "emulator/decimal.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace msp_emulator {
namespace {

Decimal D(const char* text) {
  std::optional<Decimal> value = Decimal::Parse(text);
  EXPECT_TRUE(value.has_value()) << text;
  return value.value_or(Decimal());
}

TEST(DecimalTest, ParsesJsonNumberLexemes) {
  EXPECT_EQ(D("90").ToString(), "90");
  EXPECT_EQ(D("-5.00").ToString(), "-5.00");
  EXPECT_EQ(D("13.761467889").ToString(), "13.761467889");
  EXPECT_EQ(D("242.9300000000").ToString(), "242.9300000000");
  EXPECT_EQ(D("0").ToString(), "0");
  EXPECT_EQ(D("1.5E-3").ToString(), "0.0015");
  EXPECT_EQ(D("1.5e+3").ToString(), "1500");
  EXPECT_EQ(D("25e-1").ToString(), "2.5");
  EXPECT_EQ(D("007").ToString(), "7");
  EXPECT_EQ(D("-0.000").sign(), 0);
}

TEST(DecimalTest, RejectsWhatIsNotADecimal) {
  for (const char* text :
       {"", "-", ".5", "5.", "1e", "1e+", " 1", "1 ", "+1", "0x10", "NaN",
        "1,5", "1.2.3", "abc", "1e400", "1e-400"}) {
    EXPECT_EQ(Decimal::Parse(text), std::nullopt) << text;
  }
  // 37 significant digits do not fit.
  EXPECT_EQ(Decimal::Parse("1234567890123456789012345678901234567"),
            std::nullopt);
  EXPECT_NE(Decimal::Parse("123456789012345678901234567890123456"),
            std::nullopt);
}

TEST(DecimalTest, ComparesByValue) {
  EXPECT_EQ(D("1.50"), D("1.5"));
  EXPECT_EQ(D("0.21"), Decimal::FromUnits(21, 2));
  EXPECT_LT(D("0.999"), D("1"));
  EXPECT_LT(D("-2"), D("-1.5"));
  EXPECT_GE(D("1e30"), D("0.000000000000000000000000000001"));
  EXPECT_LT(D("-1e30"), D("-0.000000000000000000000000000001"));
  EXPECT_NE(D("0.1"), D("0.10000000000000001"));
}

TEST(DecimalTest, AddsAndMultipliesExactly) {
  // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
  EXPECT_EQ(D("0.1").Add(D("0.2"))->ToString(), "0.3");
  EXPECT_EQ(D("13.761467889").Multiply(D("3"))->ToString(), "41.284403667");
  EXPECT_EQ(D("2.50").Multiply(D("0.09"))->ToString(), "0.2250");
  EXPECT_EQ(D("-100").Multiply(D("0.21"))->ToString(), "-21.00");
  EXPECT_EQ(D("5").Negate().ToString(), "-5");
}

TEST(DecimalTest, OverflowIsReportedNotWrapped) {
  const Decimal big = D("100000000000000000000");  // 10^20
  EXPECT_EQ(big.Multiply(big), std::nullopt);
  EXPECT_EQ(D("999999999999999999999999999999999999").Add(D("1")),
            std::nullopt);
  EXPECT_EQ(big.Multiply(D("1000000000"))->RoundToUnits(2), std::nullopt);
}

TEST(DecimalTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(D("1.005").RoundToUnits(2), 101);  // a double gives 100
  EXPECT_EQ(D("0.125").RoundToUnits(2), 13);
  EXPECT_EQ(D("0.1249999").RoundToUnits(2), 12);
  EXPECT_EQ(D("-0.125").RoundToUnits(2), -13);
  EXPECT_EQ(D("-0.124").RoundToUnits(2), -12);
  EXPECT_EQ(D("2.5").RoundToUnits(0), 3);
  EXPECT_EQ(D("74.95").RoundToUnits(2), 7495);
  EXPECT_EQ(D("12").RoundToUnits(2), 1200);
  EXPECT_EQ(D("0.0015").RoundToUnits(3), 2);
}

TEST(DecimalTest, FractionalDigitsIgnoreTrailingZeros) {
  EXPECT_EQ(D("1.50").FractionalDigits(), 1);
  EXPECT_EQ(D("1.50").scale(), 2);
  EXPECT_EQ(D("0.08375").FractionalDigits(), 5);
  EXPECT_EQ(D("100").FractionalDigits(), 0);
}

}  // namespace
}  // namespace msp_emulator
