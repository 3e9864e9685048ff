// Copyright 2026 The msp-gateway Authors.

#include "service/common/decimal.h"

#include <algorithm>
#include <string>

namespace msp_gateway {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// 10^n for 0 <= n <= 38.
__int128 Pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

}  // namespace

std::optional<Decimal> ParseDecimal(absl::string_view text) {
  Decimal d;
  size_t i = 0;
  if (i < text.size() && text[i] == '-') {
    d.negative = true;
    ++i;
  }
  const size_t int_start = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  const size_t int_len = i - int_start;
  if (int_len == 0) return std::nullopt;
  // JSON forbids leading zeros: "0" alone, or a non-zero first digit.
  if (int_len > 1 && text[int_start] == '0') return std::nullopt;
  std::string digits(text.substr(int_start, int_len));
  if (i < text.size() && text[i] == '.') {
    ++i;
    const size_t frac_start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    if (i == frac_start) return std::nullopt;
    digits.append(text.data() + frac_start, i - frac_start);
    d.scale = static_cast<int>(i - frac_start);
  }
  if (i != text.size()) return std::nullopt;
  // Canonical digits: no leading zeros ("0.05" -> "5" with scale 2).
  const size_t first = digits.find_first_not_of('0');
  d.digits = first == std::string::npos ? "0" : digits.substr(first);
  d.text = std::string(text);
  return d;
}

bool IsZero(const Decimal& d) { return d.digits == "0"; }

int IntegerDigits(const Decimal& d) {
  const int n = static_cast<int>(d.digits.size()) - d.scale;
  return std::max(n, 1);
}

int Compare(const Decimal& a, const Decimal& b) {
  const bool a_neg = a.negative && !IsZero(a);
  const bool b_neg = b.negative && !IsZero(b);
  if (a_neg != b_neg) return a_neg ? -1 : 1;
  // Same sign: compare magnitudes on a common scale, as digit strings.
  const int scale = std::max(a.scale, b.scale);
  std::string am = a.digits + std::string(scale - a.scale, '0');
  std::string bm = b.digits + std::string(scale - b.scale, '0');
  if (am == std::string(am.size(), '0')) am = "0";
  if (bm == std::string(bm.size(), '0')) bm = "0";
  int magnitude = 0;
  if (am.size() != bm.size()) {
    magnitude = am.size() < bm.size() ? -1 : 1;
  } else if (am != bm) {
    magnitude = am < bm ? -1 : 1;
  }
  return a_neg ? -magnitude : magnitude;
}

std::optional<__int128> CheckedMul(__int128 a, __int128 b) {
  __int128 out;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<__int128> CheckedAdd(__int128 a, __int128 b) {
  __int128 out;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<__int128> ScaledValue(const Decimal& d, int scale) {
  if (scale < d.scale) return std::nullopt;
  __int128 value = 0;
  for (char c : d.digits) {
    std::optional<__int128> next = CheckedMul(value, 10);
    if (!next) return std::nullopt;
    next = CheckedAdd(*next, c - '0');
    if (!next) return std::nullopt;
    value = *next;
  }
  for (int i = d.scale; i < scale; ++i) {
    std::optional<__int128> next = CheckedMul(value, 10);
    if (!next) return std::nullopt;
    value = *next;
  }
  return d.negative ? -value : value;
}

__int128 RoundHalfUp(__int128 value, int drop_digits) {
  if (drop_digits <= 0) return value;
  const __int128 divisor = Pow10(drop_digits);
  const bool negative = value < 0;
  // Work on the magnitude so that halves round away from zero. The magnitude
  // of the most negative value does not fit; values that large never reach
  // here (ScaledValue and the checked operations refuse them first).
  const __int128 magnitude = negative ? -value : value;
  __int128 quotient = magnitude / divisor;
  const __int128 remainder = magnitude % divisor;
  if (remainder >= divisor - remainder) ++quotient;  // No overflow.
  return negative ? -quotient : quotient;
}

std::string Int128ToString(__int128 value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  std::string out;
  while (value != 0) {
    const int digit = static_cast<int>(value % 10);
    out.push_back(static_cast<char>('0' + (negative ? -digit : digit)));
    value /= 10;
  }
  if (negative) out.push_back('-');
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace msp_gateway
