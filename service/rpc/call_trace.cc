// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/call_trace.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace msp_gateway {
namespace {

bool IsHex(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool AllZeros(absl::string_view text) {
  return text.find_first_not_of('0') == absl::string_view::npos;
}

// Printable ASCII only, so nothing a caller sends can forge a log line.
bool IsPrintable(absl::string_view text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

std::string Printable(absl::string_view text, size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) {
    out.push_back(c >= 0x20 && c <= 0x7e ? c : '?');
  }
  return out;
}

std::string NewRequestId(const std::function<uint64_t()>& random64) {
  uint64_t high = random64();
  uint64_t low = random64();
  // Version 4, variant 10xx.
  high = (high & ~uint64_t{0xf000}) | uint64_t{0x4000};
  low = (low & ~(uint64_t{0xc} << 60)) | (uint64_t{0x8} << 60);
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", high >> 32,
                         (high >> 16) & 0xffff, high & 0xffff, low >> 48,
                         low & 0xffffffffffffULL);
}

}  // namespace

std::string TraceIdOf(absl::string_view traceparent) {
  // version "-" trace-id "-" parent-id "-" flags; version ff is invalid.
  if (traceparent.size() < 55 || traceparent[2] != '-' ||
      traceparent[35] != '-' || traceparent[52] != '-') {
    return "";
  }
  const absl::string_view version = traceparent.substr(0, 2);
  const absl::string_view trace_id = traceparent.substr(3, 32);
  const absl::string_view parent_id = traceparent.substr(36, 16);
  const absl::string_view flags = traceparent.substr(53, 2);
  if (!IsHex(version) || version == "ff" || !IsHex(trace_id) ||
      !IsHex(parent_id) || !IsHex(flags) || AllZeros(trace_id) ||
      AllZeros(parent_id)) {
    return "";
  }
  // Version 00 is exactly 55 characters; later versions may append fields.
  if (version == "00" && traceparent.size() != 55) return "";
  return absl::AsciiStrToLower(trace_id);
}

CallTrace TraceOfCall(
    const std::vector<std::pair<absl::string_view, absl::string_view>>&
        metadata,
    absl::string_view peer, const std::function<uint64_t()>& random64) {
  CallTrace trace;
  absl::string_view tracestate;
  trace.peer = Printable(peer, 128);
  for (const auto& [key, value] : metadata) {
    if (key == "x-request-id" && trace.request_id.empty() && !value.empty() &&
        value.size() <= kMaxRequestId && IsPrintable(value)) {
      trace.request_id = std::string(value);
    } else if (key == "traceparent" && trace.trace_id.empty()) {
      trace.trace_id = TraceIdOf(value);
      if (!trace.trace_id.empty()) {
        // A later version may append fields; forwarded as the version 00
        // it must begin with.
        trace.traceparent =
            absl::StrCat("00", absl::AsciiStrToLower(value.substr(2, 53)));
      }
    } else if (key == "tracestate" && tracestate.empty()) {
      tracestate = value;
    } else if (key == "user-agent" && trace.user_agent.empty()) {
      trace.user_agent = Printable(value, kMaxUserAgent);
    }
  }
  if (trace.request_id.empty()) {
    trace.request_id = NewRequestId(random64);
    trace.request_id_generated = true;
  }
  // Without a traceparent a tracestate means nothing (W3C Trace Context).
  if (!trace.traceparent.empty() && !tracestate.empty() &&
      tracestate.size() <= kMaxTraceState && IsPrintable(tracestate)) {
    trace.tracestate = std::string(tracestate);
  }
  return trace;
}

std::vector<std::pair<std::string, std::string>> TraceHeadersOf(
    const CallTrace& trace) {
  std::vector<std::pair<std::string, std::string>> headers;
  headers.reserve(3);
  headers.emplace_back("X-Request-ID", trace.request_id);
  if (!trace.traceparent.empty()) {
    headers.emplace_back("traceparent", trace.traceparent);
    if (!trace.tracestate.empty()) {
      headers.emplace_back("tracestate", trace.tracestate);
    }
  }
  return headers;
}

}  // namespace msp_gateway
