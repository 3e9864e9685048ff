// Copyright 2026 The msp-gateway Authors.
//
// File: exact_json.h
//
// A parsed JSON body that still knows the exact text of its numbers.
// nlohmann's parser turns every number with a fraction or exponent into a
// double, so `"unit_price": 1.005` would be read as 1.00499999999999989...
// and a cart total rounded from it would be a cent off. ExactJson parses the
// body twice: once into the usual DOM (types and structure, for every other
// check) and once through a SAX handler that records the lexeme of each
// non-integer number under its JSON pointer ("/shopping_cart/items/0/
// unit_price"). DecimalAt() then reads money and rates from the lexeme, never
// from the double. Pure.

#ifndef MSP_GATEWAY_EMULATOR_EXACT_JSON_H_
#define MSP_GATEWAY_EMULATOR_EXACT_JSON_H_

#include <map>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "emulator/decimal.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

// ExactJson
//
// Example:
//   std::optional<ExactJson> body = ExactJson::Parse(R"({"p": [1.005]})");
//   body->DecimalAt("/p/0");  // exactly 1.005
class ExactJson {
 public:
  ExactJson() = default;

  // ExactJson::Parse()
  //
  // Parses strict JSON text; nullopt on a syntax error.
  static std::optional<ExactJson> Parse(absl::string_view text);

  // ExactJson::FromDom()
  //
  // For callers that only hold a DOM (unit tests building bodies in C++):
  // the DOM is serialised and parsed again, so each double's lexeme is the
  // shortest text that round-trips to it, which is the literal the test
  // wrote for any literal of up to 15 significant digits.
  static ExactJson FromDom(const nlohmann::json& value);

  const nlohmann::json& value() const { return value_; }

  // ExactJson::DecimalAt()
  //
  // The exact value at `pointer` (RFC 6901) when it is a JSON number or a
  // string holding a decimal number ("0.21", "-5.00"); nullopt when the
  // member is absent, of another type, not a decimal, or out of the Decimal
  // range.
  std::optional<Decimal> DecimalAt(const std::string& pointer) const;

  // ExactJson::At()
  //
  // A copy of the sub-document at `pointer` with its own lexemes, or nullopt
  // when there is nothing there.
  std::optional<ExactJson> At(const std::string& pointer) const;

 private:
  nlohmann::json value_;
  // JSON pointer -> lexeme, for numbers that are not int64/uint64.
  std::map<std::string, std::string> lexemes_;
};

// PointerToken()
//
// `key` escaped as a JSON pointer token ("a/b" -> "a~1b").
std::string PointerToken(absl::string_view key);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_EXACT_JSON_H_
