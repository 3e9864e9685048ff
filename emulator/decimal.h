// Copyright 2026 The msp-gateway Authors.
//
// File: decimal.h
//
// Exact decimal numbers for the emulator's money arithmetic: cart unit prices
// ("13.761467889"), quantities and tax rates ("0.08375"). A Decimal is an
// integer mantissa with a power-of-ten scale, so 0.1 + 0.2 is exactly 0.3 and
// MultiSafepay's rounding rule can be applied without the off-by-one-cent
// errors binary floating point produces (1.005 is 1.00499999999999989... as a
// double). Every operation that would overflow returns nullopt instead of a
// wrong value. Pure.

#ifndef MSP_GATEWAY_EMULATOR_DECIMAL_H_
#define MSP_GATEWAY_EMULATOR_DECIMAL_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace msp_emulator {

// Decimal
//
// An exact decimal value: mantissa * 10^-scale, with |mantissa| < 10^36 and
// 0 <= scale <= 36. Values compare by value (1.50 == 1.5).
//
// Example:
//   std::optional<Decimal> price = Decimal::Parse("1.005");
//   price->RoundToUnits(2);  // 101 (half-up), where a double gives 100
class Decimal {
 public:
  // The largest scale (fractional digits) a Decimal holds.
  static constexpr int kMaxScale = 36;

  Decimal() = default;

  // Decimal::FromInt()
  //
  // The integer `value` (scale 0).
  static Decimal FromInt(int64_t value);

  // Decimal::FromUnits()
  //
  // `units` * 10^-`scale`: FromUnits(29, 2) is 0.29. REQUIRES: 0 <= scale
  // <= kMaxScale.
  static Decimal FromUnits(int64_t units, int scale);

  // Decimal::Parse()
  //
  // Reads a JSON number lexeme: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  // ("90", "-5.00", "1.5E-3"). Leading zeros ("007") are accepted too, since
  // decimal strings in JSON string values are not bound by the number
  // grammar. nullopt for anything else (spaces, "", ".5", "1.", "0x10",
  // "NaN") and for values beyond the Decimal range.
  static std::optional<Decimal> Parse(absl::string_view text);

  // Sum and product; nullopt when the result leaves the Decimal range.
  std::optional<Decimal> Add(const Decimal& other) const;
  std::optional<Decimal> Multiply(const Decimal& other) const;

  // Decimal::Negate()
  //
  // -this (always representable: the range is symmetric).
  Decimal Negate() const;

  // -1, 0 or 1.
  int sign() const;

  // The number of fractional digits as written or computed (1.50 has 2).
  int scale() const { return scale_; }

  // Decimal::FractionalDigits()
  //
  // The number of fractional digits without trailing zeros (1.50 has 1).
  int FractionalDigits() const;

  // Decimal::RoundToUnits()
  //
  // The value in units of 10^-`digits`, rounded half away from zero
  // (MultiSafepay's "half up": 0.125 -> 13, -0.125 -> -13 at 2 digits).
  // nullopt when the result does not fit an int64. REQUIRES: 0 <= digits <=
  // kMaxScale.
  std::optional<int64_t> RoundToUnits(int digits) const;

  // Decimal::ToString()
  //
  // The value as written with its scale: "-5.00", "0.29", "90".
  std::string ToString() const;

  friend bool operator==(const Decimal& a, const Decimal& b) {
    return Compare(a, b) == 0;
  }
  friend bool operator!=(const Decimal& a, const Decimal& b) {
    return Compare(a, b) != 0;
  }
  friend bool operator<(const Decimal& a, const Decimal& b) {
    return Compare(a, b) < 0;
  }
  friend bool operator>=(const Decimal& a, const Decimal& b) {
    return Compare(a, b) >= 0;
  }

 private:
  Decimal(__int128 mantissa, int scale) : mantissa_(mantissa), scale_(scale) {}

  // Brings `a` and `b` to the same scale; false when that overflows.
  static bool Align(Decimal& a, Decimal& b);
  static int Compare(const Decimal& a, const Decimal& b);

  __int128 mantissa_ = 0;
  int scale_ = 0;
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_DECIMAL_H_
