// Copyright 2026 The msp-gateway Authors.
//
// File: transport_errors.h
//
// What every HttpTransport (httplib_transport.h, asio_transport.h) checks and
// reports the same way, so callers see one error contract (http_transport.h)
// whichever transport runs: the checks of their Create() and of a request,
// and the failures of one call -- status code, ErrorInfo reason and metadata
// ("endpoint", "request_sent", "limit", ...), RetryInfo, message wording and
// the ERROR log line an operator must see.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_TRANSPORT_ERRORS_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_TRANSPORT_ERRORS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/http_url.h"

namespace msp_gateway {

// ErrorInfo reason of a reply refused for exceeding max_response_bytes
// (status UNKNOWN, see http_transport.h).
inline constexpr absl::string_view kMspReasonResponseTooLarge =
    "MSP_RESPONSE_TOO_LARGE";
// ErrorInfo reason of a call abandoned through SendAsync()'s Cancel, or by
// the transport shutting down (status CANCELLED).
inline constexpr absl::string_view kMspReasonCallCancelled =
    "MSP_CALL_CANCELLED";

using TransportErrorMetadata = std::vector<std::pair<std::string, std::string>>;

// TransportError()
//
// `code` with an ErrorInfo {domain "multisafepay.com", `reason`,
// `metadata`}, plus RetryInfo (kMspRetryDelay) when `retryable`.
absl::Status TransportError(absl::StatusCode code, absl::string_view reason,
                            absl::string_view message,
                            const TransportErrorMetadata& metadata,
                            bool retryable);

// CheckTransportOptions()
//
// The checks both transports' Create() make on the options they share:
// INVALID_ARGUMENT for a malformed base_url, non-positive timeouts or
// max_response_bytes, control characters in api_key / user_agent (the key is
// never echoed), or an https ca_cert_file that cannot be loaded as PEM.
// Trims surrounding whitespace off `api_key` in place. Returns the parsed
// base URL, trailing slashes cut off its path (request paths are appended).
absl::StatusOr<HttpUrl> CheckTransportOptions(absl::string_view base_url,
                                              absl::Duration connect_timeout,
                                              absl::Duration read_timeout,
                                              size_t max_response_bytes,
                                              std::string& api_key,
                                              absl::string_view user_agent,
                                              const std::string& ca_cert_file);

// CheckHttpRequest()
//
// OK, or INVALID_ARGUMENT (no ErrorInfo: a programming error) unless the
// method is upper-case letters and the path is percent-encoded printable
// ASCII starting with '/', without '#'. The path goes on the request line
// verbatim, so nothing that could end the line or the target may pass.
absl::Status CheckHttpRequest(const HttpRequest& request);

// TlsVerifyFailureDetail()
//
// The "tls_error" of a handshake that failed verification with OpenSSL's
// `verify_result` (SSL_get_verify_result): its X509 error string, or
// "certificate does not match the host" for a host name / IP mismatch (or
// X509_V_OK: a transport that checks the name itself found the mismatch).
std::string TlsVerifyFailureDetail(long verify_result);  // NOLINT(runtime/int)

// CallErrors
//
// The failures of one call of `request` to `url`'s host, worded and tagged
// alike by every transport. Every status has ErrorInfo metadata "endpoint"
// (method and path without the query string, e.g. "GET /orders/x") and
// "request_sent"; none names the API key.
class CallErrors {
 public:
  CallErrors(const HttpUrl& url, const HttpRequest& request);

  const std::string& endpoint() const { return endpoint_; }
  // "host:port" ("[::1]:443" for IPv6), for messages.
  const std::string& where() const { return where_; }

  // DEADLINE_EXCEEDED MSP_TIMEOUT: the deadline had passed before anything
  // was sent (request_sent=false).
  absl::Status DeadlineBeforeSending() const;

  // Opening the connection ran out of `connect_limit` (request_sent=false).
  // `deadline_bound`: the caller's deadline cut it short (it passed, or
  // `connect_limit` is below connect_timeout), so DEADLINE_EXCEEDED
  // MSP_TIMEOUT limit=deadline; otherwise the caller still has time:
  // UNAVAILABLE MSP_CONNECT_TIMEOUT limit=connect_timeout, with RetryInfo.
  absl::Status ConnectTimedOut(absl::Duration connect_limit,
                               bool deadline_bound) const;

  // DEADLINE_EXCEEDED MSP_TIMEOUT: the bound on the whole call (`bound`
  // after it started: the deadline when `deadline_bound`, else
  // connect_timeout + read_timeout) ended it, while connecting
  // (request_sent=false) or later (unknown).
  absl::Status CallTimedOut(bool before_sending, bool deadline_bound,
                            absl::Duration bound) const;

  // DEADLINE_EXCEEDED MSP_TIMEOUT request_sent=unknown: one wait for the
  // socket lasted `io_timeout` (read_timeout, or less when `deadline_bound`:
  // the time left until the deadline).
  absl::Status WaitTimedOut(absl::Duration io_timeout,
                            bool deadline_bound) const;

  // UNAVAILABLE MSP_CONNECTION_FAILED with RetryInfo: the connection could
  // not be made (request_sent=false).
  absl::Status ConnectFailed() const;

  // UNAVAILABLE MSP_CONNECTION_FAILED with RetryInfo: the connection broke
  // (or the reply was garbled) before a complete response arrived
  // (request_sent=unknown).
  absl::Status ConnectionBroke() const;

  // UNAVAILABLE MSP_TLS_FAILED, no RetryInfo: the TLS client could not be
  // set up (request_sent=false).
  absl::Status TlsSetupFailed() const;

  // UNAVAILABLE MSP_TLS_FAILED, no RetryInfo (configuration or an attack:
  // an operator has to look, so this also logs an ERROR line): the handshake
  // failed for `detail` (metadata "tls_error"; request_sent=false).
  absl::Status TlsFailed(absl::string_view detail) const;

  // UNKNOWN MSP_RESPONSE_TOO_LARGE request_sent=unknown, no RetryInfo, and
  // an ERROR line: the reply exceeds `cap` bytes (`announced_length`: its
  // Content-Length, 0 when it had none) and was not read.
  absl::Status ResponseTooLarge(size_t cap, uint64_t announced_length) const;
  // The same for a status line plus headers longer than `limit` bytes
  // (metadata "max_header_bytes").
  absl::Status HeadTooLarge(size_t limit) const;

  // UNAVAILABLE MSP_INVALID_RESPONSE with RetryInfo (request_sent=true): the
  // body's Content-Encoding cannot be decoded.
  absl::Status UndecodableBody() const;

  // CANCELLED MSP_CALL_CANCELLED, no RetryInfo: the call was abandoned
  // (`why`, e.g. "cancelled"), request_sent unknown when bytes of the
  // request may have left, else false.
  absl::Status Cancelled(absl::string_view why,
                         bool request_may_have_left) const;

 private:
  std::string endpoint_;
  std::string where_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_TRANSPORT_ERRORS_H_
