// Copyright 2026 The msp-gateway Authors.
//
// File: decimal_fuzzer.cc
//
// Exact decimals (service/common/decimal.h, decimal_json.h). The input is one
// or two decimal texts separated by '|'. Checks, per text:
//   * ParseDecimal() success means a canonical form: `text` kept verbatim,
//     digits without leading zeros, scale = digits after the point, and
//     DumpJson(DecimalNumber(text)) prints exactly `text` (what the
//     translators send) which nlohmann reads back as a number;
//   * NormalizeDecimal() yields a plain decimal that ParseDecimal() accepts
//     and that normalises to itself;
// and for two parsed values: Compare() is antisymmetric and agrees with the
// scaled 128-bit values, and CheckedAdd()/CheckedMul() agree with the
// compiler's overflow builtins.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "service/common/decimal.h"
#include "service/msp_json/decimal_json.h"

namespace msp_gateway {
namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

int Sign(int x) { return (x > 0) - (x < 0); }

std::optional<Decimal> CheckOne(absl::string_view text) {
  if (std::optional<std::string> normal = NormalizeDecimal(text)) {
    Check(ParseDecimal(*normal).has_value());
    Check(NormalizeDecimal(*normal) == normal);
  }
  std::optional<Decimal> d = ParseDecimal(text);
  if (!d.has_value()) return std::nullopt;
  Check(d->text == text);
  Check(!d->digits.empty());
  Check(d->digits == "0" || d->digits[0] != '0');
  Check(d->scale >= 0);
  Check(IntegerDigits(*d) >= 1);
  Check(Compare(*d, *d) == 0);
  // Parsing the same text twice gives the same value.
  Check(Compare(*d, *ParseDecimal(text)) == 0);
  const std::string dumped = DumpJson(DecimalNumber(text));
  Check(dumped == text);
  const nlohmann::json back =
      nlohmann::json::parse(dumped, nullptr, /*allow_exceptions=*/false);
  Check(back.is_number());
  // A plain decimal is also one NormalizeDecimal() reads, keeping its digits.
  Check(NormalizeDecimal(text).has_value());
  return d;
}

}  // namespace
}  // namespace msp_gateway

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace msp_gateway;  // NOLINT(build/namespaces): a fuzz entry point.
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t bar = input.find('|');
  const absl::string_view first = input.substr(0, bar);
  const std::optional<Decimal> a = CheckOne(first);
  if (bar == absl::string_view::npos) return 0;
  const std::optional<Decimal> b = CheckOne(input.substr(bar + 1));
  if (!a.has_value() || !b.has_value()) return 0;

  const int ab = Compare(*a, *b);
  Check(Sign(ab) == -Sign(Compare(*b, *a)));
  const int scale = a->scale > b->scale ? a->scale : b->scale;
  const std::optional<__int128> va = ScaledValue(*a, scale);
  const std::optional<__int128> vb = ScaledValue(*b, scale);
  if (va.has_value() && vb.has_value()) {
    Check(Sign(ab) == ((*va > *vb) - (*va < *vb)));
    __int128 sum = 0, product = 0;
    const bool add_overflow = __builtin_add_overflow(*va, *vb, &sum);
    const std::optional<__int128> checked_sum = CheckedAdd(*va, *vb);
    Check(add_overflow != checked_sum.has_value());
    if (checked_sum.has_value()) Check(*checked_sum == sum);
    const bool mul_overflow = __builtin_mul_overflow(*va, *vb, &product);
    const std::optional<__int128> checked_product = CheckedMul(*va, *vb);
    Check(mul_overflow != checked_product.has_value());
    if (checked_product.has_value()) Check(*checked_product == product);
    Check(RoundHalfUp(*va, 0) == *va);
    __int128 unit = 1;
    for (int drop = 1; drop <= scale && drop <= 38; ++drop) {
      unit *= 10;  // 10^38 < 2^127: no overflow.
      // Rounding moves the value by at most half a unit of the kept digit,
      // and exactly half only away from zero.
      const __int128 rounded = RoundHalfUp(*va, drop);
      const std::optional<__int128> back = CheckedMul(rounded, unit);
      if (!back.has_value()) continue;
      const __int128 diff = *va - *back;  // |diff| <= unit / 2: no overflow.
      Check(2 * diff <= unit && -2 * diff <= unit);
      if (2 * diff == unit) Check(*va < 0);
      if (-2 * diff == unit) Check(*va > 0);
    }
    (void)Int128ToString(*va);
  }
  return 0;
}
