// Copyright 2026 The msp-gateway Authors.
//
// File: http_url.h
//
// A deliberately small parser for the absolute http(s) URLs the gateway is
// configured with (MSP_BASE_URL and friends). It accepts only what a base URL
// may sensibly contain: scheme, host, optional port and path. User info, query
// strings and fragments are rejected rather than silently dropped, so a
// credential pasted into a URL never travels further.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_HTTP_URL_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_HTTP_URL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace msp_gateway {

// HttpUrl
//
// The parts of an absolute http or https URL.
struct HttpUrl {
  std::string scheme;  // "http" or "https", always lower case.
  std::string host;    // Host name or IP literal; IPv6 without brackets.
  int port = 0;        // The explicit port, or 80 / 443 by scheme.
  bool explicit_port = false;  // Whether the URL spelled out the port.
  std::string path;            // Empty, or starts with '/'. Kept verbatim.
};

// ParseHttpUrl()
//
// Parses `url` (e.g. "https://api.multisafepay.com/v1/json" or
// "http://[::1]:18080"). Returns INVALID_ARGUMENT, with a message that never
// echoes the URL (it may hold a secret), when the scheme is not http/https,
// the host is missing or malformed, the port is not in 1..65535, or the URL has
// user info, a query, a fragment, whitespace or control characters.
absl::StatusOr<HttpUrl> ParseHttpUrl(absl::string_view url);

// FormatHttpUrl()
//
// The inverse of ParseHttpUrl(): scheme://host[:port]path, with brackets
// around IPv6 hosts and the port only when it was explicit.
std::string FormatHttpUrl(const HttpUrl& url);

// IsLoopbackHost()
//
// True for "localhost" (any case, optional trailing dot), any IPv4 address in
// 127.0.0.0/8, "::1" and IPv4-mapped loopback ("::ffff:127.0.0.1").
bool IsLoopbackHost(absl::string_view host);

// PercentEncodePathSegment()
//
// Encodes `segment` (an order ID, a refund ID) for use as one path segment:
// every byte except RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~)
// becomes %XX. '%' itself is encoded too, so "a%20b" round-trips as the
// literal ID "a%20b" and '/' can never add a segment. The dot-segments "." and
// ".." are encoded as %2E too. An empty `segment` stays empty: callers must
// reject empty IDs, since "/orders/" names a different resource.
std::string PercentEncodePathSegment(absl::string_view segment);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_HTTP_URL_H_
