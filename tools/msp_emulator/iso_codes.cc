// Copyright 2026 The msp-gateway Authors.

#include "tools/msp_emulator/iso_codes.h"

#include <algorithm>
#include <iterator>

#include "service/order/iso_codes.h"

namespace msp_emulator {
namespace {

// The tables are the gateway's (service/order/iso_codes.h), so both sides
// move together when ISO amends them. The emulator's list has always
// differed from the gateway's in two ways, kept here so that neither side
// changes behaviour:
//
//   * It still accepts codes ISO 4217 has withdrawn that MultiSafepay may
//     not have dropped yet: ANG, BGN, CUC, SLL, ZWL.
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

}  // namespace

bool IsIsoCurrency(absl::string_view code) {
  if (Contains(kWithdrawnButAccepted, code)) return true;
  return msp_gateway::IsIsoCurrency(code) &&
         msp_gateway::CurrencyMinorUnits(code) != msp_gateway::kNoMinorUnits &&
         !Contains(kNotPayable, code);
}

bool IsIsoCountry(absl::string_view code) {
  return msp_gateway::IsIsoCountry(code);
}

int CurrencyExponent(absl::string_view code) {
  // Codes the emulator refuses, and the withdrawn ones the gateway no longer
  // lists (all of which had 2 decimals), count as 2 decimals.
  if (!IsIsoCurrency(code)) return 2;
  const int units = msp_gateway::CurrencyMinorUnits(code);
  return units == msp_gateway::kNoMinorUnits ? 2 : units;
}

}  // namespace msp_emulator
