// Copyright 2026 The msp-gateway Authors.
//
// File: decimal.h
//
// Exact decimal numbers for the few places where MultiSafepay wants a decimal
// in major units (cart `unit_price`, tax `rate`, `weight.value`, split payment
// `percentage`). The contract carries them as strings ("13.761467889") and the
// translator writes those digits into the JSON unchanged, so no value ever
// passes through binary floating point. Arithmetic (the cart total check) is
// done on scaled 128-bit integers with overflow checks. Pure: no I/O, no
// locale.

#ifndef MSP_GATEWAY_SERVICE_COMMON_DECIMAL_H_
#define MSP_GATEWAY_SERVICE_COMMON_DECIMAL_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace msp_gateway {

// A parsed decimal: value = (negative ? -1 : 1) * digits / 10^scale.
// `digits` has no leading zeros except the single "0"; `scale` is the number
// of digits after the decimal point as written ("1.50" has scale 2).
struct Decimal {
  bool negative = false;
  std::string digits;
  int scale = 0;

  // The text the value was parsed from: what the translator sends.
  std::string text;
};

// ParseDecimal()
//
// Parses `text` if it is a plain decimal that is also a valid JSON number
// without exponent: an optional '-', an integer part without leading zeros
// ("0" or a digit 1-9 followed by digits), and an optional '.' followed by at
// least one digit. Everything else is refused: "", "+1", "1e5", "NaN", "1,5",
// ".5", "5.", "007", " 1", "0x10".
//
// Example:
//   ParseDecimal("13.761467889") -> {negative: false, digits: "13761467889",
//                                    scale: 9}
//   ParseDecimal("1e5")          -> nullopt
std::optional<Decimal> ParseDecimal(absl::string_view text);

// IsZero(), Compare()
//
// Value comparisons: "0.10" equals "0.1"; "-0" equals "0".
bool IsZero(const Decimal& d);
int Compare(const Decimal& a, const Decimal& b);  // <0, 0, >0

// IntegerDigits()
//
// The number of digits before the decimal point ("0.5" has 1, "123.4" 3).
int IntegerDigits(const Decimal& d);

// ScaledValue()
//
// The value times 10^`scale` as a 128-bit integer. REQUIRES: scale >= d.scale.
// Returns nullopt when the result does not fit.
std::optional<__int128> ScaledValue(const Decimal& d, int scale);

// CheckedMul(), CheckedAdd()
//
// 128-bit arithmetic that returns nullopt instead of overflowing.
std::optional<__int128> CheckedMul(__int128 a, __int128 b);
std::optional<__int128> CheckedAdd(__int128 a, __int128 b);

// RoundHalfUp()
//
// `value` / 10^`drop_digits`, rounded half away from zero (2.5 -> 3,
// -2.5 -> -3): the "round half up" of MultiSafepay's rounding rule, which
// PHP's round() implements the same way for negative amounts.
// REQUIRES: 0 <= drop_digits <= 38.
__int128 RoundHalfUp(__int128 value, int drop_digits);

// Int128ToString()
//
// Decimal text of a 128-bit integer, for messages and tests.
std::string Int128ToString(__int128 value);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_COMMON_DECIMAL_H_
