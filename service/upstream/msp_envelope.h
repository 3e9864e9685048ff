// Copyright 2026 The msp-gateway Authors.
//
// File: msp_envelope.h
//
// Lenient reading of MultiSafepay's response envelope
//   {"success": true,  "data": {...} | [...]}
//   {"success": false, "data": {} | [] | absent, "error_code": 1032 | "1032",
//    "error_info": "Invalid API key"}
// and of the scalars inside `data`, whose JSON types drift (numbers sent as
// strings and the other way round; multisafepay-api.md §1.4, §1.7, §8.6).
// Pure functions.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_MSP_ENVELOPE_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_MSP_ENVELOPE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nlohmann/json.hpp"
#include "service/msp_json/exact_json.h"
#include "service/msp_json/json_scalars.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// ParseEnvelope()
//
// Returns the `data` member of a successful response, or the mapped error
// (see msp_errors.h for codes). The rules, in order:
//
//   1. The body must be a JSON object within `limits` (exact_json.h: at most
//      64 levels deep and 1 MiB by default, checked while parsing);
//      otherwise (an HTML page, an empty, truncated, oversized or too deeply
//      nested body) a 4xx or 5xx maps as if the body had no error_code
//      (MspInvalidResponseError(): 5xx UNAVAILABLE, 4xx by status and not
//      retryable, e.g. an empty 413 is INVALID_ARGUMENT MSP_HTTP_413), and
//      anything else to UNAVAILABLE MSP_INVALID_RESPONSE.
//   2. A non-2xx status is always a failure, whatever `success` says (the
//      Python SDK raises on non-2xx; the node wrapper reads the error
//      envelope from non-2xx bodies). error_code / error_info are read from
//      the body when present ("message" stands in for error_info, as in the
//      {"message":"Forbidden"} 403 shape).
//   3. 2xx with `success` false: a failure with its error_code.
//   4. 2xx with `success` true: success; `data` is returned as is (JSON null
//      when absent), moved out of the parsed body, never copied. With
//      `data_fields`, an object `data` holds only those of its members
//      (MspOperationInfo::data_fields): the others are parsed and checked
//      but never built.
//   5. 2xx without `success`: success if `data` is an object or an array (the
//      PHP SDK's rule), else UNAVAILABLE MSP_INVALID_RESPONSE.
//
// `success` is read leniently (true/false, 1/0, "true"/"false"/"1"/"0"), and
// error_code as an integer or a numeric string. MultiSafepay's error_info is
// never put into the status (msp_errors.h: it can carry personal data); it
// is logged redacted. The 422 validation shape
// {"errors": [{"attribute", "message"}]} also yields google.rpc.BadRequest
// field violations on the INVALID_ARGUMENT status: at most
// kMaxMspFieldViolations of them, attribute and message redacted
// (RedactPersonalData(), upstream_log.h) and bounded.
absl::StatusOr<nlohmann::json> ParseEnvelope(
    MspOperation op, const HttpResponse& response,
    JsonNumbers numbers = JsonNumbers::kNative,
    const JsonLimits& limits = JsonLimits(),
    absl::Span<const absl::string_view> data_fields = {});

// At most this many field violations are taken from a 422 reply: they travel
// in the gRPC trailers, which clients cap (8 KiB by default).
inline constexpr size_t kMaxMspFieldViolations = 10;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_MSP_ENVELOPE_H_
