// Copyright 2026 The msp-gateway Authors.
//
// File: exact_json.h
//
// JSON parsing that never turns a decimal into a binary float. nlohmann's
// DOM parser stores every number with a fraction or exponent as a double, so
// a MultiSafepay fee of `0.1` would come back as 0.1000000000000000055...;
// re-printing it happens to round-trip for short values but is not exact by
// construction, and money must be. This parser builds the same DOM except
// that such numbers are kept as strings holding the exact lexeme MultiSafepay
// sent. Integers are unaffected (nlohmann keeps them exact as int64/uint64).
// Pure.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_EXACT_JSON_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_EXACT_JSON_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {

// ParseJsonExactDecimals()
//
// Parses `text` (strict RFC 8259 JSON, no comments). Every number that is not
// an integer representable as int64 or uint64 (i.e. has a fraction, an
// exponent, or more digits than uint64 holds) becomes a JSON string with its
// lexeme verbatim. Returns nullopt on a syntax error.
//
// Example:
//   {"amount":0.60,"transaction_id":17472052901237122}
//   -> {"amount":"0.60","transaction_id":17472052901237122 (uint64)}
std::optional<nlohmann::json> ParseJsonExactDecimals(absl::string_view text);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_EXACT_JSON_H_
