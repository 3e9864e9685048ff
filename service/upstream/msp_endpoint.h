// Copyright 2026 The msp-gateway Authors.
//
// File: msp_endpoint.h
//
// Where the MultiSafepay JSON API lives: the API root for MSP_ENV=test|live,
// or an MSP_BASE_URL override (the local emulator, a proxy). Pure functions;
// the server reads the environment and passes the values in.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_MSP_ENDPOINT_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_MSP_ENDPOINT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace msp_gateway {

// The JSON API roots (multisafepay-api.md §1.1). Every resource path
// ("/orders") is appended to one of these.
inline constexpr absl::string_view kMspTestBaseUrl =
    "https://testapi.multisafepay.com/v1/json";
inline constexpr absl::string_view kMspLiveBaseUrl =
    "https://api.multisafepay.com/v1/json";

// The path appended to an override that names only scheme and host.
inline constexpr absl::string_view kMspApiRootPath = "/v1/json";

// ResolveMspBaseUrl()
//
// Returns the API root to call. Surrounding whitespace is ignored in both
// arguments (values often come from files or env vars with a newline).
//
//   * A non-empty `base_url_override` wins over `msp_env`. It must be an
//     absolute http or https URL (see ParseHttpUrl()); trailing slashes are
//     removed, and an override without a path ("http://127.0.0.1:18080") gets
//     "/v1/json" appended. The scheme is lower-cased.
//   * Otherwise `msp_env` selects the host: "test" (also when empty) or
//     "live", case-insensitively.
//
// Returns INVALID_ARGUMENT for any other `msp_env` or a malformed override.
// Error messages never echo the override, which might hold a secret.
//
// Example:
//   ResolveMspBaseUrl("live", "")  => "https://api.multisafepay.com/v1/json"
//   ResolveMspBaseUrl("", "http://127.0.0.1:18080/")
//                                  => "http://127.0.0.1:18080/v1/json"
absl::StatusOr<std::string> ResolveMspBaseUrl(
    absl::string_view msp_env, absl::string_view base_url_override);

// IsLoopbackUrl()
//
// True when `url` parses as an http(s) URL whose host is a loopback address
// (127.0.0.0/8, ::1, localhost). The server uses it to allow running without
// an API key against the local emulator. Unparsable URLs are not loopback.
bool IsLoopbackUrl(absl::string_view url);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_MSP_ENDPOINT_H_
