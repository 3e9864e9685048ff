// Copyright 2026 The msp-gateway Authors.
//
// File: call_trace.h
//
// What ties one call's log line to the caller's own logs and traces: the
// caller's request id (`x-request-id`, generated when none came or it is
// not usable), the W3C trace id of its `traceparent`, its peer address and
// its user agent. Everything is bounded and printable before it reaches a
// log line. Pure: the metadata and a random source are given.

#ifndef MSP_GATEWAY_SERVICE_RPC_CALL_TRACE_H_
#define MSP_GATEWAY_SERVICE_RPC_CALL_TRACE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace msp_gateway {

struct CallTrace {
  std::string request_id;  // Never empty.
  bool request_id_generated = false;
  std::string trace_id;  // 32 lower-case hex digits; empty: none given.
  // The caller's `traceparent` as version 00, lower-case (empty with
  // trace_id), and its `tracestate` when that came with a valid
  // traceparent, is at most kMaxTraceState bytes and printable ASCII.
  std::string traceparent;
  std::string tracestate;
  std::string user_agent;  // At most kMaxUserAgent bytes.
  std::string peer;        // e.g. "ipv4:10.0.3.7:51234".
};

inline constexpr size_t kMaxRequestId = 128;
inline constexpr size_t kMaxUserAgent = 256;
// W3C Trace Context: a vendor may drop a tracestate longer than 512.
inline constexpr size_t kMaxTraceState = 512;

// `metadata`: the call's (lower-case key, value) pairs; `random64` is asked
// for 128 bits when a request id must be generated (a UUID v4).
CallTrace TraceOfCall(
    const std::vector<std::pair<absl::string_view, absl::string_view>>&
        metadata,
    absl::string_view peer, const std::function<uint64_t()>& random64);

// The trace id of a W3C `traceparent` ("00-<32 hex>-<16 hex>-<2 hex>", not
// all zeros); empty when it is not one.
std::string TraceIdOf(absl::string_view traceparent);

// The headers that carry `trace` to MultiSafepay: `X-Request-ID` always,
// `traceparent` and `tracestate` when the caller sent usable ones. Every
// value is printable ASCII (TraceOfCall() made it so), so none can split a
// header.
std::vector<std::pair<std::string, std::string>> TraceHeadersOf(
    const CallTrace& trace);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_CALL_TRACE_H_
