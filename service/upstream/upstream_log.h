// Copyright 2026 The msp-gateway Authors.
//
// File: upstream_log.h
//
// Structured (one JSON object per line) error log for upstream conditions an
// operator must act on: a rejected API key, a failed TLS verification. Debian's
// abseil (20220623) predates absl/log, so this is a tiny stand-in whose sink
// the server can redirect into its own logger.
//
// Callers pass only non-secret values: never the API key, never bodies.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_UPSTREAM_LOG_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_UPSTREAM_LOG_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace msp_gateway {

// Receives one complete JSON line (without the trailing newline).
using UpstreamLogSink = std::function<void(absl::string_view json_line)>;

// LogUpstreamError()
//
// Emits {"time": ..., "severity": "ERROR", "component": "msp-upstream",
// "event": <event>, "message": <message>, <fields>...} as one line.
// Thread-safe; lines never interleave.
void LogUpstreamError(
    absl::string_view event, absl::string_view message,
    const std::vector<std::pair<std::string, std::string>>& fields = {});

// SetUpstreamLogSink()
//
// Routes lines to `sink` (nullptr restores the default, stderr) and returns
// the previous sink. Thread-safe.
UpstreamLogSink SetUpstreamLogSink(UpstreamLogSink sink);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_UPSTREAM_LOG_H_
