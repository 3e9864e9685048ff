// Copyright 2026 The msp-gateway Authors.

#include "service/common/iso_codes.h"

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace msp_gateway {
namespace {

struct Currency {
  absl::string_view code;
  int minor_units;
};

// The tables are data/iso/iso4217.csv and data/iso/iso3166_alpha2.txt,
// compiled in (//data/iso:tables) so validation reads no files at run time.
// The emulator compiles the same files with its own code; the data lives
// there, once. ISO's "N.A." minor units are kNoMinorUnits. Both files are
// sorted (the generator and the checks below refuse otherwise) for binary
// search.
constexpr Currency kCurrencies[] = {
#define ISO4217_NA kNoMinorUnits
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

// absl::string_view's comparison operators are not constexpr in every absl
// release, so the sortedness checks below compare by hand.
constexpr bool Less(absl::string_view a, absl::string_view b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] != b[i]) return a[i] < b[i];
  }
  return a.size() < b.size();
}

constexpr bool CurrenciesSortedAndUnique() {
  for (size_t i = 1; i < std::size(kCurrencies); ++i) {
    if (!Less(kCurrencies[i - 1].code, kCurrencies[i].code)) return false;
  }
  return true;
}

constexpr bool CountriesSortedAndUnique() {
  for (size_t i = 1; i < std::size(kCountries); ++i) {
    if (!Less(kCountries[i - 1], kCountries[i])) return false;
  }
  return true;
}

static_assert(CurrenciesSortedAndUnique(),
              "kCurrencies must be sorted by code, without duplicates");
static_assert(CountriesSortedAndUnique(),
              "kCountries must be sorted, without duplicates");

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
  return FindCurrency(code) != nullptr;
}

int CurrencyMinorUnits(absl::string_view code) {
  const Currency* currency = FindCurrency(code);
  return currency == nullptr ? kNoMinorUnits : currency->minor_units;
}

bool IsIsoCountry(absl::string_view code) {
  return std::binary_search(std::begin(kCountries), std::end(kCountries), code);
}

}  // namespace msp_gateway
