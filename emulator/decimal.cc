// Copyright 2026 The msp-gateway Authors.

#include "emulator/decimal.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/ascii.h"

namespace msp_emulator {
namespace {

using int128 = __int128;

constexpr int128 Pow10(int n) {
  int128 result = 1;
  for (int i = 0; i < n; ++i) result *= 10;
  return result;
}

// Mantissas stay below 10^36 in magnitude, which leaves int128 (about
// 1.7 * 10^38) room for one digit of carry in Add().
constexpr int128 kMantissaLimit = Pow10(Decimal::kMaxScale);

bool InRange(int128 mantissa) {
  return mantissa < kMantissaLimit && mantissa > -kMantissaLimit;
}

// `value` * 10^`n`, or false on overflow of the mantissa range.
bool ScaleUp(int128& value, int n) {
  for (int i = 0; i < n; ++i) {
    if (__builtin_mul_overflow(value, static_cast<int128>(10), &value) ||
        !InRange(value)) {
      return false;
    }
  }
  return true;
}

}  // namespace

Decimal Decimal::FromInt(int64_t value) { return Decimal(value, 0); }

Decimal Decimal::FromUnits(int64_t units, int scale) {
  return Decimal(units, std::clamp(scale, 0, kMaxScale));
}

std::optional<Decimal> Decimal::Parse(absl::string_view text) {
  size_t i = 0;
  const bool negative = i < text.size() && text[i] == '-';
  if (negative) ++i;
  int128 mantissa = 0;
  int scale = 0;
  int digits = 0;
  auto append_digit = [&](char c) {
    // Leading zeros add nothing; every other digit must fit the range.
    if (mantissa == 0 && c == '0') return true;
    ++digits;
    if (digits > kMaxScale) return false;
    mantissa = mantissa * 10 + (c - '0');
    return true;
  };
  const size_t integer_start = i;
  while (i < text.size() && absl::ascii_isdigit(text[i])) {
    if (!append_digit(text[i++])) return std::nullopt;
  }
  if (i == integer_start) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const size_t fraction_start = i;
    while (i < text.size() && absl::ascii_isdigit(text[i])) {
      if (!append_digit(text[i++])) return std::nullopt;
      ++scale;
    }
    if (i == fraction_start) return std::nullopt;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      negative_exponent = text[i] == '-';
      ++i;
    }
    const size_t exponent_start = i;
    int exponent = 0;
    while (i < text.size() && absl::ascii_isdigit(text[i])) {
      exponent = std::min(exponent * 10 + (text[i++] - '0'), 1000);
    }
    if (i == exponent_start) return std::nullopt;
    if (negative_exponent) {
      scale += exponent;
    } else if (exponent <= scale) {
      scale -= exponent;
    } else {
      if (mantissa != 0 && !ScaleUp(mantissa, exponent - scale)) {
        return std::nullopt;
      }
      scale = 0;
    }
  }
  if (i != text.size()) return std::nullopt;
  // A long tail of zeros ("1.000...0" or "5e-40" of 0) may exceed the scale
  // limit without carrying information; drop it.
  while (scale > kMaxScale && mantissa % 10 == 0) {
    mantissa /= 10;
    --scale;
  }
  if (scale > kMaxScale) return std::nullopt;
  return Decimal(negative ? -mantissa : mantissa, scale);
}

bool Decimal::Align(Decimal& a, Decimal& b) {
  if (a.scale_ < b.scale_) {
    if (!ScaleUp(a.mantissa_, b.scale_ - a.scale_)) return false;
    a.scale_ = b.scale_;
  } else if (b.scale_ < a.scale_) {
    if (!ScaleUp(b.mantissa_, a.scale_ - b.scale_)) return false;
    b.scale_ = a.scale_;
  }
  return true;
}

std::optional<Decimal> Decimal::Add(const Decimal& other) const {
  Decimal a = *this;
  Decimal b = other;
  if (!Align(a, b)) return std::nullopt;
  const int128 sum = a.mantissa_ + b.mantissa_;  // no overflow: |a|,|b| < 10^36
  if (!InRange(sum)) return std::nullopt;
  return Decimal(sum, a.scale_);
}

std::optional<Decimal> Decimal::Multiply(const Decimal& other) const {
  int128 product = 0;
  if (__builtin_mul_overflow(mantissa_, other.mantissa_, &product)) {
    return std::nullopt;
  }
  int scale = scale_ + other.scale_;
  while (scale > kMaxScale && product % 10 == 0) {
    product /= 10;
    --scale;
  }
  if (!InRange(product) || scale > kMaxScale) return std::nullopt;
  return Decimal(product, scale);
}

Decimal Decimal::Negate() const { return Decimal(-mantissa_, scale_); }

int Decimal::sign() const { return (mantissa_ > 0) - (mantissa_ < 0); }

int Decimal::FractionalDigits() const {
  int digits = scale_;
  int128 m = mantissa_;
  while (digits > 0 && m % 10 == 0) {
    m /= 10;
    --digits;
  }
  return digits;
}

int Decimal::Compare(const Decimal& a, const Decimal& b) {
  if (a.sign() != b.sign()) return a.sign() < b.sign() ? -1 : 1;
  Decimal x = a;
  Decimal y = b;
  if (!Align(x, y)) {
    // The operand that could not be scaled up has the larger magnitude:
    // its scaled mantissa would pass 10^36, which the other's is below.
    const bool a_larger = a.scale_ < b.scale_;
    const int magnitude = a_larger ? 1 : -1;
    return a.sign() >= 0 ? magnitude : -magnitude;
  }
  return (x.mantissa_ > y.mantissa_) - (x.mantissa_ < y.mantissa_);
}

std::optional<int64_t> Decimal::RoundToUnits(int digits) const {
  digits = std::clamp(digits, 0, kMaxScale);
  int128 units = mantissa_;
  if (scale_ <= digits) {
    if (!ScaleUp(units, digits - scale_)) return std::nullopt;
  } else {
    const int128 divisor = Pow10(scale_ - digits);
    const int128 remainder = units % divisor;
    units /= divisor;
    const int128 twice = remainder < 0 ? -2 * remainder : 2 * remainder;
    if (twice >= divisor) units += sign();
  }
  if (units > INT64_MAX || units < INT64_MIN) return std::nullopt;
  return static_cast<int64_t>(units);
}

std::string Decimal::ToString() const {
  int128 m = mantissa_ < 0 ? -mantissa_ : mantissa_;
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m > 0);
  while (static_cast<int>(digits.size()) <= scale_) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  if (scale_ > 0) digits.insert(digits.size() - scale_, ".");
  if (mantissa_ < 0) digits.insert(0, "-");
  return digits;
}

}  // namespace msp_emulator
