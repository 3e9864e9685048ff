// Copyright 2026 The msp-gateway Authors.
//
// File: iso_codes.h
//
// The ISO code tables MultiSafepay checks create-order requests against:
// ISO 4217 currencies (error 1002) and ISO 3166-1 alpha-2 countries (error
// 1018). The tables are compiled in so the emulator behaves the same on every
// machine, whatever iso-codes package is installed. The rows are the data
// files the gateway compiles too (data/iso/), read with the emulator's own
// code: the stand-in shares the gateway's data but none of its logic, and
// keeps its few exceptions (iso_codes.cc).

#ifndef MSP_GATEWAY_EMULATOR_ISO_CODES_H_
#define MSP_GATEWAY_EMULATOR_ISO_CODES_H_

#include "absl/strings/string_view.h"

namespace msp_emulator {

// IsIsoCurrency()
//
// True for an upper-case ISO 4217 code of a currency in circulation ("EUR",
// "CZK"). Fund codes (BOV, CHE, ...), precious metals, test codes (XTS, XXX)
// and withdrawn currencies (HRK) are not accepted: nobody can pay in them.
bool IsIsoCurrency(absl::string_view code);

// IsIsoCountry()
//
// True for one of the 249 officially assigned upper-case ISO 3166-1 alpha-2
// codes ("BE", "NL"). Reserved codes such as "UK" or "EU" are not countries.
bool IsIsoCountry(absl::string_view code);

// CurrencyExponent()
//
// The ISO 4217 minor-unit exponent: the number of decimals of `amount` in
// major units (2 for EUR, 0 for JPY, 3 for KWD). Unknown codes get 2.
int CurrencyExponent(absl::string_view code);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_ISO_CODES_H_
