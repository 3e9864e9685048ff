// Copyright 2026 The msp-gateway Authors.
//
// File: upstream_log.h
//
// The upstream log: a JSON line (json_log.h) for each upstream condition,
// ERROR for what an operator must act on (a rejected API key, a failed TLS
// verification), WARNING for MultiSafepay's own error text, which is kept
// here and nowhere else (redacted; see RedactPersonalData()). Lines go to
// stderr unless a sink captures them (tests).
//
// Callers pass only non-secret values: never the API key, never bodies, and
// text from outside only through RedactPersonalData().

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_UPSTREAM_LOG_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_UPSTREAM_LOG_H_

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace msp_gateway {

// Receives one complete JSON line (without the trailing newline).
using UpstreamLogSink = std::function<void(absl::string_view json_line)>;

using UpstreamLogFields = std::vector<std::pair<std::string, std::string>>;

enum class UpstreamLogSeverity { kWarning, kError };

// The event of every upstream log line.
inline constexpr absl::string_view kUpstreamErrorEvent = "upstream_error";

// LogUpstream()
//
// Emits {"ts": ..., "level": "WARNING" | "ERROR", "event": "upstream_error",
// "component": "msp-upstream", "reason": <reason>, "message": <message>,
// <fields>...} as one line. `reason` is the ErrorInfo reason the caller
// gets too ("MSP_1032", "MSP_TLS_FAILED"), so an RPC line and its upstream
// line share it. A field named like an earlier key is dropped. Thread-safe;
// lines never interleave.
void LogUpstream(UpstreamLogSeverity severity, absl::string_view reason,
                 absl::string_view message,
                 const UpstreamLogFields& fields = {});

// LogUpstreamError()
//
// LogUpstream() with severity ERROR.
void LogUpstreamError(absl::string_view reason, absl::string_view message,
                      const UpstreamLogFields& fields = {});

// The default bound of RedactPersonalData()'s result, in bytes.
inline constexpr size_t kMaxRedactedBytes = 200;

// What RedactPersonalData() puts in place of what it removes.
inline constexpr absl::string_view kRedacted = "[redacted]";

// RedactPersonalData()
//
// Makes text from outside (MultiSafepay's error_info, validation messages)
// fit for a log line: replaces with "[redacted]"
//   * every e-mail-like word: a run of characters other than whitespace and
//     "'<>()[]{},; that contains an '@' ("mailto:jane@example.com");
//   * every run of at least 6 digits, counted across words of letters and
//     digits that contain a digit and are joined by at most two of
//     " -./()+": card numbers ("4111 1111 1111 1111"), IBANs
//     ("NL91ABNA0417164300"), phone numbers ("+31 (0)20 123 4567"), dates
//     of birth and IP addresses. Shorter numbers (amounts, error codes,
//     last4) stay.
// then blanks control characters and cuts the result to `max_bytes` at a
// UTF-8 boundary. A heuristic that removes the usual identifiers, not every
// personal datum (a name is not recognised): redacted text is still only
// logged, or shown where the field it describes is the caller's own.
std::string RedactPersonalData(absl::string_view text,
                               size_t max_bytes = kMaxRedactedBytes);

// ToValidUtf8()
//
// `text` with every byte that does not begin a well-formed UTF-8 sequence
// replaced by '?', so it can go into a proto3 string field.
std::string ToValidUtf8(absl::string_view text);

// SetUpstreamLogSink()
//
// Routes lines to `sink` (nullptr restores the default: stderr, through
// WriteLogLine()) and returns the previous sink. Thread-safe.
UpstreamLogSink SetUpstreamLogSink(UpstreamLogSink sink);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_UPSTREAM_LOG_H_
