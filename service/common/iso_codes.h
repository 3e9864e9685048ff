// Copyright 2026 The msp-gateway Authors.
//
// File: iso_codes.h
//
// The ISO 4217 currency codes and ISO 3166-1 alpha-2 country codes that a
// request may name. The tables are compiled in (sorted constexpr arrays,
// looked up by binary search): validation is pure and must not depend on
// files or locale data of the machine it runs on.
//
// Sources: ISO 4217 list one (current currencies and funds) as published by
// SIX on 2026-01-01, and the officially assigned ISO 3166-1 alpha-2 codes
// (249). Both were taken from Debian's iso-codes data and brought up to date
// with the ISO 4217 amendments since; the rows are data/iso/iso4217.csv and
// data/iso/iso3166_alpha2.txt, which the emulator compiles in as well.

#ifndef MSP_GATEWAY_SERVICE_COMMON_ISO_CODES_H_
#define MSP_GATEWAY_SERVICE_COMMON_ISO_CODES_H_

#include "absl/strings/string_view.h"

namespace msp_gateway {

// What CurrencyMinorUnits() returns for a code it does not know, and for the
// codes ISO 4217 lists with minor unit "N.A." (precious metals such as XAU,
// bond-market units, XDR, XSU, XUA, the testing code XTS and XXX).
inline constexpr int kNoMinorUnits = -1;

// IsIsoCurrency()
//
// Whether `code` is an active ISO 4217 alphabetic code (list one, including
// fund codes such as CHE). Exact match: codes are upper case, so "eur" is not
// a currency.
bool IsIsoCurrency(absl::string_view code);

// CurrencyMinorUnits()
//
// The ISO 4217 minor-unit exponent of `code`: the number of decimals between
// the major unit and the minor unit that amounts are expressed in.
//
// Example:
//   CurrencyMinorUnits("EUR") == 2  // 10.00 EUR is 1000
//   CurrencyMinorUnits("JPY") == 0  // 10 JPY is 10
//   CurrencyMinorUnits("KWD") == 3  // 1.000 KWD is 1000
//   CurrencyMinorUnits("XAU") == kNoMinorUnits
//   CurrencyMinorUnits("ABC") == kNoMinorUnits
int CurrencyMinorUnits(absl::string_view code);

// IsIsoCountry()
//
// Whether `code` is an officially assigned ISO 3166-1 alpha-2 code. Exact
// match, upper case: "BE" is a country, "be", "UK" (exceptionally reserved)
// and "XK" (user-assigned) are not.
bool IsIsoCountry(absl::string_view code);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_COMMON_ISO_CODES_H_
