// Copyright 2026 The msp-gateway Authors.
//
// File: decimal_json.h
//
// Exact decimals in MultiSafepay JSON, both ways, without binary floating
// point. The contract carries major-unit decimals (cart `unit_price`, weights,
// fees) as strings; MultiSafepay wants them as JSON numbers in requests and
// sends them as numbers (or, drifting, as strings) in responses.
//
//   * Requests: nlohmann can only hold a number as int64/uint64/double, and a
//     double cannot hold 13.761467889 exactly. DecimalNumber() wraps digits
//     validated by ParseDecimal() (decimal.h) in a marker value that
//     DumpJson() prints verbatim, so "13.761467889" goes out as the JSON
//     number 13.761467889, digit for digit. The lifecycle translators
//     (service/order_actions/*.cc) write their bodies this way;
//     CreateOrder's (order_translator.h) writes the same text without a
//     tree, with JsonWriter::Decimal() (json_writer.h).
//   * Responses: msp_json/exact_json.h keeps fractional numbers as their
//     lexeme; NormalizeDecimal() turns a lexeme (or a numeric string) into a
//     plain decimal string for the contract.
//
// Pure functions.

#ifndef MSP_GATEWAY_SERVICE_MSP_JSON_DECIMAL_JSON_H_
#define MSP_GATEWAY_SERVICE_MSP_JSON_DECIMAL_JSON_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {

// NormalizeDecimal()
//
// Reads a decimal MultiSafepay sent, leniently: surrounding ASCII spaces, a
// leading '+', leading zeros and an exponent are accepted ("1e-2", "2.5E+3",
// " 0.60 ", "007"). Returns the plain decimal string, keeping every digit
// that was sent including trailing zeros ("0.60" stays "0.60"; "1e-2" is
// "0.01", "2.5E+3" is "2500", "007" is "7"). nullopt for anything else, and
// for exponents beyond +/-64 (never sent; refused rather than padded).
std::optional<std::string> NormalizeDecimal(absl::string_view text);

// DecimalNumber()
//
// A JSON value that DumpJson() prints as the bare number `decimal`.
// REQUIRES: ParseDecimal(decimal) succeeds, so the text is a JSON number.
nlohmann::ordered_json DecimalNumber(absl::string_view decimal);

// DumpJson()
//
// Compact JSON text of `value`, like value.dump() with invalid UTF-8 replaced
// by U+FFFD, except that DecimalNumber() values are printed as numbers.
//
// Example:
//   ordered_json item = {{"unit_price", DecimalNumber("13.761467889")},
//                        {"quantity", 2}};
//   DumpJson(item) == R"({"unit_price":13.761467889,"quantity":2})"
std::string DumpJson(const nlohmann::ordered_json& value);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_MSP_JSON_DECIMAL_JSON_H_
