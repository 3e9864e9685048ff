// Copyright 2026 The msp-gateway Authors.

#include "service/common/decimal.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

Decimal D(const char* text) {
  std::optional<Decimal> d = ParseDecimal(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Decimal{});
}

TEST(ParseDecimalTest, AcceptsPlainDecimals) {
  const Decimal d = D("13.761467889");
  EXPECT_FALSE(d.negative);
  EXPECT_EQ(d.digits, "13761467889");
  EXPECT_EQ(d.scale, 9);
  EXPECT_EQ(d.text, "13.761467889");

  const Decimal small = D("0.05");
  EXPECT_EQ(small.digits, "5");
  EXPECT_EQ(small.scale, 2);
  EXPECT_EQ(small.text, "0.05");

  const Decimal negative = D("-5.00");
  EXPECT_TRUE(negative.negative);
  EXPECT_EQ(negative.digits, "500");
  EXPECT_EQ(negative.scale, 2);

  EXPECT_EQ(D("0").digits, "0");
  EXPECT_EQ(D("0.00").digits, "0");
  EXPECT_EQ(D("0.00").scale, 2);
  EXPECT_EQ(D("90").scale, 0);
  EXPECT_EQ(D("0.1").text, "0.1");
}

TEST(ParseDecimalTest, RefusesEverythingThatIsNotAPlainJsonDecimal) {
  for (const char* text :
       {"",         "-",   "+1",   "1e5",   "1E5", "1.5e2", "NaN", "nan",
        "Infinity", "1,5", ".5",   "5.",    "-.5", "007",   "00",  "-01",
        " 1",       "1 ",  "0x10", "1.2.3", "--1", "1-",    "١"}) {
    EXPECT_FALSE(ParseDecimal(text).has_value()) << text;
  }
}

TEST(DecimalTest, CompareByValue) {
  EXPECT_EQ(Compare(D("0.1"), D("0.10")), 0);
  EXPECT_EQ(Compare(D("-0"), D("0")), 0);
  EXPECT_EQ(Compare(D("-0.00"), D("0")), 0);
  EXPECT_LT(Compare(D("0.09"), D("0.1")), 0);
  EXPECT_GT(Compare(D("10"), D("9.999")), 0);
  EXPECT_LT(Compare(D("-10"), D("-9.999")), 0);
  EXPECT_LT(Compare(D("-1"), D("0")), 0);
  EXPECT_GT(Compare(D("1"), D("-100")), 0);
  EXPECT_EQ(Compare(D("100"), D("100.000")), 0);
}

TEST(DecimalTest, IsZeroAndIntegerDigits) {
  EXPECT_TRUE(IsZero(D("0.000")));
  EXPECT_TRUE(IsZero(D("-0")));
  EXPECT_FALSE(IsZero(D("0.001")));
  EXPECT_EQ(IntegerDigits(D("0.5")), 1);
  EXPECT_EQ(IntegerDigits(D("123.4")), 3);
  EXPECT_EQ(IntegerDigits(D("90")), 2);
}

TEST(DecimalTest, ScaledValue) {
  EXPECT_EQ(ScaledValue(D("13.761467889"), 9), __int128{13761467889});
  EXPECT_EQ(ScaledValue(D("0.1"), 2), __int128{10});
  EXPECT_EQ(ScaledValue(D("-5"), 2), __int128{-500});
  // A scale below the written one would lose digits.
  EXPECT_EQ(ScaledValue(D("0.125"), 2), std::nullopt);
  // 10^39 does not fit in 128 bits.
  EXPECT_EQ(ScaledValue(D("1"), 39), std::nullopt);
  EXPECT_TRUE(ScaledValue(D("1"), 38).has_value());
}

TEST(DecimalTest, CheckedArithmetic) {
  const __int128 big = ScaledValue(D("1"), 38).value();
  EXPECT_EQ(CheckedMul(big, 2), std::nullopt);
  EXPECT_EQ(CheckedAdd(big, big), std::nullopt);
  EXPECT_EQ(CheckedMul(-3, 7), __int128{-21});
  EXPECT_EQ(CheckedAdd(-3, 7), __int128{4});
}

TEST(DecimalTest, RoundHalfUpAwayFromZero) {
  EXPECT_EQ(RoundHalfUp(12345, 2), 123);    // 123.45 -> 123
  EXPECT_EQ(RoundHalfUp(12350, 2), 124);    // 123.50 -> 124
  EXPECT_EQ(RoundHalfUp(12349, 2), 123);    // 123.49 -> 123
  EXPECT_EQ(RoundHalfUp(-12350, 2), -124);  // -123.50 -> -124
  EXPECT_EQ(RoundHalfUp(-12349, 2), -123);
  EXPECT_EQ(RoundHalfUp(5, 1), 1);
  EXPECT_EQ(RoundHalfUp(4, 1), 0);
  EXPECT_EQ(RoundHalfUp(77, 0), 77);
  // The largest divisor does not overflow the half comparison.
  const __int128 big = ScaledValue(D("1"), 38).value();
  EXPECT_EQ(RoundHalfUp(big / 2, 38), 1);
  EXPECT_EQ(RoundHalfUp(big / 2 - 1, 38), 0);
}

TEST(DecimalTest, Int128ToString) {
  EXPECT_EQ(Int128ToString(0), "0");
  EXPECT_EQ(Int128ToString(-7495), "-7495");
  EXPECT_EQ(Int128ToString(ScaledValue(D("1"), 38).value()),
            "100000000000000000000000000000000000000");
}

}  // namespace
}  // namespace msp_gateway
