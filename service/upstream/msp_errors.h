// Copyright 2026 The msp-gateway Authors.
//
// File: msp_errors.h
//
// Maps MultiSafepay failures to canonical gRPC codes. Every status returned
// here carries google.rpc.ErrorInfo{domain: "multisafepay.com", reason,
// metadata}; retryable ones (UNAVAILABLE) also carry google.rpc.RetryInfo.
//
// The mapping (multisafepay-api.md §1.5, §7.1; docs/errors.md has it for
// callers). First match wins:
//
//   upstream condition                 gRPC code             why
//   HTTP 5xx (any body, any code)      UNAVAILABLE + retry   MultiSafepay
//       itself failed; retrying is safe (order_id is the idempotency key)
//   1032, or no code and HTTP 401      INTERNAL + ERROR log  the *gateway's*
//       key is wrong; the caller is authenticated fine: never UNAUTHENTICATED
//   no code, HTTP 403                  INTERNAL + ERROR log  {"message":
//       "Forbidden"}: the gateway's key lacks access, not the caller's
//   1006 on kCreateOrder               ALREADY_EXISTS        order_id already
//       used for a completed transaction
//   1006 on any other operation        NOT_FOUND             "Invalid
//       transaction ID": no such order
//   1000                               NOT_FOUND             unknown order
//   1001 1002 1007 1008 1010 1016      INVALID_ARGUMENT      MultiSafepay
//   1018 1025-1031 1036 5001               rejected the content; the caller
//                                          must change it
//   1017 1019-1024 1034                FAILED_PRECONDITION   account, site,
//       payment method or order state forbids it (1023 gateway unavailable,
//       1024 declined, 1034 cannot refund, 1019/1020 blocked)
//   1003 1004 1005 1011 1012 1013      INTERNAL              account /
//   1015 1035                              signature codes caused by the
//                                          gateway's configuration
//   1033                               UNAVAILABLE + retry   MultiSafepay
//       could not read its own data; transient
//   1014 9999 and every unlisted code  UNKNOWN               no basis for
//       anything more specific
//   no code, HTTP 400 413 414 422      INVALID_ARGUMENT      the request (or
//       its size) was refused; it never succeeds as is
//   no code, HTTP 404 410              NOT_FOUND
//   no code, HTTP 409                  ALREADY_EXISTS on create, else ABORTED
//   no code, HTTP 408 429              UNAVAILABLE + retry   throttled /
//       timed out upstream; transient
//   no code, any other 4xx             FAILED_PRECONDITION   refused; sending
//       it again will not help
//   no code, anything else (2xx)       UNKNOWN
//   unusable body (not JSON, empty,    4xx / 5xx: as "no code" above, by
//   too deep or large, no data)            status (an empty 413 is
//                                          INVALID_ARGUMENT MSP_HTTP_413);
//                                          otherwise UNAVAILABLE + retry
//                                          MSP_INVALID_RESPONSE
//
// ErrorInfo.reason is "MSP_<error_code>" when MultiSafepay sent a code, else
// "MSP_HTTP_<status>", or MSP_INVALID_RESPONSE for an unusable 2xx (or 1xx,
// 3xx) reply. ErrorInfo.metadata: "endpoint" (template, e.g.
// "POST /orders"), "http_status", and "error_code" when present.
//
// Messages are our own words only: the code's description from our table
// ("MultiSafepay rejected POST /orders: Invalid amount (MSP 1001)") or a
// generic text, never MultiSafepay's error_info, which can carry personal
// data (issue 8: an e-mail planted in it came back to the caller). The
// error_info is logged instead, as a WARNING line through LogUpstream(),
// after RedactPersonalData() (upstream_log.h); never the API key.
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
// MultiSafepay sent none; `error_info` is its human text (may be empty),
// which is logged (redacted) and never put into the status.
// REQUIRES: the call failed (non-2xx, or an envelope with success == false).
//
// Pure except for logging: 1032 / 401 / 403 emit one ERROR line through
// LogUpstreamError(), because a wrong key breaks every payment and must be
// noticed even if callers swallow the error (their error_info is not logged:
// it might echo the key); any other failure with a non-empty error_info
// emits one WARNING line carrying it redacted.
absl::Status MspErrorToStatus(MspOperation op, int http_status, int error_code,
                              absl::string_view error_info);

// MspInvalidResponseError()
//
// For a response that is not a usable MultiSafepay envelope (HTML, an empty,
// truncated, oversized or too deeply nested body, success without data).
// `problem` says what was wrong, in our words (no body content).
//   * 2xx (and 1xx, 3xx): UNAVAILABLE, reason MSP_INVALID_RESPONSE, with
//     RetryInfo: MultiSafepay answered but we cannot read it.
//   * 4xx and 5xx: as MspErrorToStatus() without an error_code (reason
//     MSP_HTTP_<status>), `problem` appended to the message. So a 4xx is
//     not retryable (an empty 413 is INVALID_ARGUMENT) except 408 / 429.
absl::Status MspInvalidResponseError(MspOperation op, int http_status,
                                     absl::string_view content_type,
                                     absl::string_view problem);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_MSP_ERRORS_H_
