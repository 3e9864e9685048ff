// Copyright 2026 The msp-gateway Authors.

#include "emulator/iso_codes.h"

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace msp_emulator {
namespace {

// ISO's "N.A." minor units (precious metals, bond-market units, XDR, XTS...).
constexpr int kNotApplicable = -1;

struct Currency {
  absl::string_view code;
  int minor_units;
};

// data/iso/iso4217.csv (ISO 4217 list one) and data/iso/iso3166_alpha2.txt,
// generated into rows at build time (//data/iso:tables). The generator
// refuses unsorted or duplicate rows, so binary search is safe.
constexpr Currency kCurrencies[] = {
#define ISO4217_NA kNotApplicable
#define ISO4217_CURRENCY(code, minor_units) {code, minor_units},
#include "data/iso/iso4217.inc"
#undef ISO4217_CURRENCY
#undef ISO4217_NA
};

constexpr absl::string_view kCountries[] = {
#define ISO3166_ALPHA2(code) code,
#include "data/iso/iso3166_alpha2.inc"
#undef ISO3166_ALPHA2
};

// The emulator's list has always differed from ISO's in two ways, kept here
// so that its behaviour does not change when the data file does:
//
//   * It still accepts codes ISO 4217 has withdrawn that MultiSafepay may
//     not have dropped yet: ANG, BGN, CUC, SLL, ZWL (all with 2 decimals).
//   * It refuses what nobody pays in: fund codes, the XAD accounting unit,
//     and every code without minor units (precious metals, XDR, XTS, XXX).
//
// Both lists are sorted, for binary search.
constexpr absl::string_view kWithdrawnButAccepted[] = {"ANG", "BGN", "CUC",
                                                       "SLL", "ZWL"};
constexpr absl::string_view kNotPayable[] = {"BOV", "CHE", "CHW", "CLF", "COU",
                                             "MXV", "USN", "UYI", "UYW", "XAD"};

template <size_t N>
bool Contains(const absl::string_view (&table)[N], absl::string_view code) {
  return std::binary_search(std::begin(table), std::end(table), code);
}

const Currency* FindCurrency(absl::string_view code) {
  const Currency* end = std::end(kCurrencies);
  const Currency* it = std::lower_bound(
      std::begin(kCurrencies), end, code,
      [](const Currency& c, absl::string_view key) { return c.code < key; });
  if (it == end || it->code != code) return nullptr;
  return it;
}

}  // namespace

bool IsIsoCurrency(absl::string_view code) {
  if (Contains(kWithdrawnButAccepted, code)) return true;
  const Currency* currency = FindCurrency(code);
  return currency != nullptr && currency->minor_units != kNotApplicable &&
         !Contains(kNotPayable, code);
}

bool IsIsoCountry(absl::string_view code) {
  return std::binary_search(std::begin(kCountries), std::end(kCountries), code);
}

int CurrencyExponent(absl::string_view code) {
  // Codes the emulator refuses, and the withdrawn ones ISO no longer lists
  // (all of which had 2 decimals), count as 2 decimals.
  if (!IsIsoCurrency(code)) return 2;
  const Currency* currency = FindCurrency(code);
  return currency == nullptr ? 2 : currency->minor_units;
}

}  // namespace msp_emulator
