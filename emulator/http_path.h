// Copyright 2026 The msp-gateway Authors.
//
// File: http_path.h
//
// Request paths as the emulator routes them: on the raw, still
// percent-encoded path, split into segments that are decoded one by one. An
// order_id may contain "%2F"; decoding first (as HttpRequest::path is)
// would make it look like two segments and route the call elsewhere.

#ifndef MSP_GATEWAY_EMULATOR_HTTP_PATH_H_
#define MSP_GATEWAY_EMULATOR_HTTP_PATH_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace msp_emulator {

// PercentDecode()
//
// Decodes the %XX escapes of a path segment. '+' stays '+' (it only means a
// space in query strings); a '%' not followed by two hex digits is kept.
std::string PercentDecode(absl::string_view encoded);

// RawPath()
//
// A request target without its query string, still percent-encoded.
absl::string_view RawPath(absl::string_view target);

// MatchSegment()
//
// Matches `raw_path` against `prefix` + <one non-empty segment> + `suffix`
// and returns the decoded segment.
//
// Example:
//   MatchSegment("/__emulator/orders/a%2Fb/status", "/__emulator/orders/",
//                "/status") == "a/b"
std::optional<std::string> MatchSegment(absl::string_view raw_path,
                                        absl::string_view prefix,
                                        absl::string_view suffix);

// Segments()
//
// The decoded segments of `raw_path` after `prefix`; nullopt when the prefix
// does not match or a segment is empty ("a//b", a trailing '/').
std::optional<std::vector<std::string>> Segments(absl::string_view raw_path,
                                                 absl::string_view prefix);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_HTTP_PATH_H_
