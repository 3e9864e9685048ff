// Copyright 2026 The msp-gateway Authors.
//
// File: msp_errors.h
//
// Maps MultiSafepay failures to canonical gRPC codes. Every status returned
// here carries google.rpc.ErrorInfo{domain: "multisafepay.com", reason,
// metadata}; retryable ones (UNAVAILABLE) also carry google.rpc.RetryInfo.
//
// The mapping (multisafepay-api.md §1.5, §7.1):
//
// | upstream condition                          | gRPC code            | why
// |---------------------------------------------|----------------------|-----
// | HTTP 5xx (any body, any error_code)         | UNAVAILABLE + retry  | MSP
// itself failed; retrying later is safe (order_id is the idempotency key) |
// 1000 "Not found"                            | NOT_FOUND            | unknown
// order / token | 1001 1002 1007 1008 1010 1016 1018          |
// INVALID_ARGUMENT     | MSP rejected the request content; the caller must
// change it |   1025-1031 1036 5001                       | | | 1006 on
// kCreateOrder                        | ALREADY_EXISTS       | order_id already
// used for a completed transaction | 1006 on any other operation | NOT_FOUND |
// "Invalid transaction ID": no such order | 1017 1019 1020 1021 1022 1023 1024
// 1034     | FAILED_PRECONDITION  | account, site, payment method or order
// state forbids it; retrying will not help until that changes (1023 gateway
// unavailable, 1024 declined, 1034 cannot refund, 1019/1020 blocked) | 1032
// "Invalid API key"                      | INTERNAL + ERROR log | the
// *gateway's* key is wrong; the caller is authenticated fine, so never
// UNAUTHENTICATED | 1003 1004 1005 1011 1012 1013 1015 1035     | INTERNAL |
// account / signature codes caused by gateway configuration, not by the caller
// | 1033 "Error fetching refund information"    | UNAVAILABLE + retry  | MSP
// could not read its own data; transient | 1014 9999 and every unlisted code |
// UNKNOWN              | no basis for anything more specific | no error_code:
// HTTP 400, 422                | INVALID_ARGUMENT     | | no error_code: HTTP
// 401                     | INTERNAL + ERROR log | as 1032 | no error_code:
// HTTP 403                     | INTERNAL + ERROR log |
// {"message":"Forbidden"}: the gateway's key lacks access; not the caller's
// permission, so not PERMISSION_DENIED | no error_code: HTTP 404, 410 |
// NOT_FOUND            | | no error_code: HTTP 409                     |
// ALREADY_EXISTS on create, ABORTED otherwise | | no error_code: HTTP 408, 429
// | UNAVAILABLE + retry  | throttled / timed out upstream; transient | no
// error_code: anything else                | UNKNOWN              | | non-JSON
// or malformed body (not 5xx)        | UNAVAILABLE + retry  |
// MspInvalidResponseError(): e.g. an HTML page from a proxy
//
// ErrorInfo.reason is "MSP_<error_code>" when MultiSafepay sent a code, else
// "MSP_HTTP_<status>", or MSP_INVALID_RESPONSE for unparsable bodies.
// ErrorInfo.metadata: "endpoint" (template, e.g. "POST /orders"),
// "http_status", and "error_code" when present. Messages quote MultiSafepay's
// error_info (truncated, non-printables replaced), never the API key.
//
// Transport failures (no HTTP response) are built by the transport with the
// reasons below: MSP_TIMEOUT (DEADLINE_EXCEEDED), MSP_CONNECTION_FAILED,
// MSP_CONNECT_TIMEOUT, MSP_TLS_FAILED (UNAVAILABLE).

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_MSP_ERRORS_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_MSP_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// ErrorInfo reasons that are not "MSP_<code>" / "MSP_HTTP_<status>".
inline constexpr absl::string_view kMspReasonTimeout = "MSP_TIMEOUT";
inline constexpr absl::string_view kMspReasonConnectionFailed =
    "MSP_CONNECTION_FAILED";
inline constexpr absl::string_view kMspReasonConnectTimeout =
    "MSP_CONNECT_TIMEOUT";
inline constexpr absl::string_view kMspReasonTlsFailed = "MSP_TLS_FAILED";
inline constexpr absl::string_view kMspReasonInvalidResponse =
    "MSP_INVALID_RESPONSE";

// The RetryInfo delay suggested on every retryable (UNAVAILABLE) error.
inline constexpr absl::Duration kMspRetryDelay = absl::Seconds(1);

// The message of the INTERNAL status for error 1032 (and HTTP 401).
inline constexpr absl::string_view kMspInvalidApiKeyMessage =
    "MultiSafepay rejected the gateway's API key (MSP 1032); check "
    "MSP_API_KEY / MSP_ENV";

// MspErrorToStatus()
//
// Maps one failed call to a status, per the table above. `error_code` 0 means
// MultiSafepay sent none; `error_info` is its human text (may be empty).
// REQUIRES: the call failed (non-2xx, or an envelope with success == false).
//
// Pure except for one side effect: 1032 / 401 / 403 emit one ERROR log line
// through LogUpstreamError(), because a wrong key breaks every payment and
// must be noticed even if callers swallow the error.
absl::Status MspErrorToStatus(MspOperation op, int http_status, int error_code,
                              absl::string_view error_info);

// MspInvalidResponseError()
//
// UNAVAILABLE (reason MSP_INVALID_RESPONSE, with RetryInfo) for a response
// that is not a usable MultiSafepay envelope: HTML, empty or truncated body,
// success without data. `problem` says what was wrong (no body content).
// For a 5xx status it defers to MspErrorToStatus() (reason MSP_HTTP_<status>).
absl::Status MspInvalidResponseError(MspOperation op, int http_status,
                                     absl::string_view content_type,
                                     absl::string_view problem);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_MSP_ERRORS_H_
