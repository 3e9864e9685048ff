// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/transport_errors.h"

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "service/common/error_details.h"
#include "service/upstream/msp_errors.h"
#include "service/upstream/upstream_log.h"

namespace msp_gateway {
namespace {

bool HasControlChars(absl::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

bool IsValidPath(absl::string_view path) {
  if (path.empty() || path[0] != '/') return false;
  return std::all_of(path.begin(), path.end(), [](char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != '#';
  });
}

bool IsValidMethod(absl::string_view method) {
  return !method.empty() &&
         std::all_of(method.begin(), method.end(),
                     [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

absl::Status TransportError(absl::StatusCode code, absl::string_view reason,
                            absl::string_view message,
                            const TransportErrorMetadata& metadata,
                            bool retryable) {
  absl::Status status = WithErrorInfo(absl::Status(code, message), reason,
                                      kMspErrorDomain, metadata);
  if (retryable) status = WithRetryInfo(std::move(status), kMspRetryDelay);
  return status;
}

absl::StatusOr<HttpUrl> CheckTransportOptions(absl::string_view base_url,
                                              absl::Duration connect_timeout,
                                              absl::Duration read_timeout,
                                              size_t max_response_bytes,
                                              std::string& api_key,
                                              absl::string_view user_agent,
                                              const std::string& ca_cert_file) {
  absl::StatusOr<HttpUrl> url = ParseHttpUrl(base_url);
  if (!url.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("base_url is invalid: ", url.status().message()));
  }
  while (!url->path.empty() && url->path.back() == '/') url->path.pop_back();
  if (connect_timeout <= absl::ZeroDuration() ||
      read_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("timeouts must be positive");
  }
  if (max_response_bytes == 0) {
    return absl::InvalidArgumentError("max_response_bytes must be positive");
  }
  api_key = std::string(absl::StripAsciiWhitespace(api_key));
  if (HasControlChars(api_key)) {
    // Do not echo the key, not even in part.
    return absl::InvalidArgumentError("api_key contains control characters");
  }
  if (HasControlChars(user_agent)) {
    return absl::InvalidArgumentError("user_agent contains control characters");
  }
  if (url->scheme == "https" && !ca_cert_file.empty()) {
    // Fail at startup, not on the first payment.
    X509_STORE* store = X509_STORE_new();
    const bool loaded = store != nullptr &&
                        X509_STORE_load_file(store, ca_cert_file.c_str()) == 1;
    X509_STORE_free(store);
    if (!loaded) {
      return absl::InvalidArgumentError(absl::StrCat(
          "ca_cert_file ", ca_cert_file, " cannot be loaded as PEM"));
    }
  }
  return url;
}

absl::Status CheckHttpRequest(const HttpRequest& request) {
  if (IsValidMethod(request.method) && IsValidPath(request.path)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      "HttpRequest needs an upper-case method and a percent-encoded path "
      "starting with '/'");
}

std::string TlsVerifyFailureDetail(long verify_result) {  // NOLINT
  switch (verify_result) {
    case X509_V_OK:
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return "certificate does not match the host";
    default:
      return X509_verify_cert_error_string(verify_result);
  }
}

CallErrors::CallErrors(const HttpUrl& url, const HttpRequest& request)
    : endpoint_(absl::StrCat(request.method, " ",
                             request.path.substr(0, request.path.find('?')))),
      where_(absl::StrCat(url.host.find(':') == std::string::npos
                              ? url.host
                              : absl::StrCat("[", url.host, "]"),
                          ":", url.port)) {}

absl::Status CallErrors::DeadlineBeforeSending() const {
  return TransportError(
      absl::StatusCode::kDeadlineExceeded, kMspReasonTimeout,
      "deadline expired before the request to MultiSafepay was sent",
      {{"endpoint", endpoint_}, {"request_sent", "false"}},
      /*retryable=*/false);
}

absl::Status CallErrors::ConnectTimedOut(absl::Duration connect_limit,
                                         bool deadline_bound) const {
  TransportErrorMetadata metadata = {{"endpoint", endpoint_},
                                     {"request_sent", "false"}};
  if (deadline_bound) {
    metadata.emplace_back("limit", "deadline");
    return TransportError(
        absl::StatusCode::kDeadlineExceeded, kMspReasonTimeout,
        absl::StrCat("deadline exceeded while connecting to MultiSafepay (",
                     where_, ")"),
        metadata, /*retryable=*/false);
  }
  // Nothing was sent and the caller still has time: retryable.
  metadata.emplace_back("limit", "connect_timeout");
  return TransportError(
      absl::StatusCode::kUnavailable, kMspReasonConnectTimeout,
      absl::StrCat("connecting to MultiSafepay (", where_, ") timed out after ",
                   absl::FormatDuration(connect_limit)),
      metadata, /*retryable=*/true);
}

absl::Status CallErrors::CallTimedOut(bool before_sending, bool deadline_bound,
                                      absl::Duration bound) const {
  return TransportError(
      absl::StatusCode::kDeadlineExceeded, kMspReasonTimeout,
      absl::StrCat(before_sending ? "could not connect to MultiSafepay ("
                                  : "no complete response from MultiSafepay (",
                   where_, ") within ", absl::FormatDuration(bound)),
      {{"endpoint", endpoint_},
       {"request_sent", before_sending ? "false" : "unknown"},
       {"limit", deadline_bound ? "deadline" : "read_timeout"}},
      /*retryable=*/false);
}

absl::Status CallErrors::WaitTimedOut(absl::Duration io_timeout,
                                      bool deadline_bound) const {
  return TransportError(
      absl::StatusCode::kDeadlineExceeded, kMspReasonTimeout,
      absl::StrCat("no response from MultiSafepay within ",
                   absl::FormatDuration(io_timeout)),
      {{"endpoint", endpoint_},
       {"request_sent", "unknown"},
       {"limit", deadline_bound ? "deadline" : "read_timeout"}},
      /*retryable=*/false);
}

absl::Status CallErrors::ConnectFailed() const {
  return TransportError(
      absl::StatusCode::kUnavailable, kMspReasonConnectionFailed,
      absl::StrCat("cannot connect to MultiSafepay (", where_, ")"),
      {{"endpoint", endpoint_}, {"request_sent", "false"}},
      /*retryable=*/true);
}

absl::Status CallErrors::ConnectionBroke() const {
  return TransportError(absl::StatusCode::kUnavailable,
                        kMspReasonConnectionFailed,
                        absl::StrCat("the connection to MultiSafepay (", where_,
                                     ") broke before a response arrived"),
                        {{"endpoint", endpoint_}, {"request_sent", "unknown"}},
                        /*retryable=*/true);
}

absl::Status CallErrors::TlsSetupFailed() const {
  return TransportError(absl::StatusCode::kUnavailable, kMspReasonTlsFailed,
                        "cannot initialise the TLS client",
                        {{"endpoint", endpoint_}, {"request_sent", "false"}},
                        /*retryable=*/false);
}

absl::Status CallErrors::TlsFailed(absl::string_view detail) const {
  const std::string message =
      absl::StrCat("TLS with MultiSafepay (", where_, ") failed: ", detail);
  // Not retryable as is: a certificate problem is configuration (or an
  // attack), and an operator has to look.
  LogUpstreamError(
      kMspReasonTlsFailed, message,
      {{"endpoint", endpoint_}, {"tls_error", std::string(detail)}});
  return TransportError(absl::StatusCode::kUnavailable, kMspReasonTlsFailed,
                        message,
                        {{"endpoint", endpoint_},
                         {"request_sent", "false"},
                         {"tls_error", std::string(detail)}},
                        /*retryable=*/false);
}

absl::Status CallErrors::ResponseTooLarge(size_t cap,
                                          uint64_t announced_length) const {
  // The request went out and MultiSafepay may have acted on it; only the
  // answer was refused. So the outcome is unknown: UNKNOWN, not
  // DEADLINE_EXCEEDED (nothing timed out) nor UNAVAILABLE with RetryInfo (a
  // blind retry is not known to be safe, and would likely get the same
  // reply).
  TransportErrorMetadata metadata = {{"endpoint", endpoint_},
                                     {"request_sent", "unknown"},
                                     {"max_response_bytes", absl::StrCat(cap)}};
  if (announced_length > 0) {
    metadata.emplace_back("content_length", absl::StrCat(announced_length));
  }
  const std::string message =
      absl::StrCat("the reply from MultiSafepay (", where_, ") exceeds ", cap,
                   " bytes and was not read; the request's outcome is unknown");
  // An operator has to look: MultiSafepay's replies are a few KiB.
  LogUpstreamError(kMspReasonResponseTooLarge, message,
                   {{"endpoint", endpoint_},
                    {"max_response_bytes", absl::StrCat(cap)},
                    {"content_length", absl::StrCat(announced_length)}});
  return TransportError(absl::StatusCode::kUnknown, kMspReasonResponseTooLarge,
                        message, metadata, /*retryable=*/false);
}

absl::Status CallErrors::HeadTooLarge(size_t limit) const {
  const std::string message = absl::StrCat(
      "the reply from MultiSafepay (", where_, ") has headers over ", limit,
      " bytes and was not read; the request's outcome is unknown");
  LogUpstreamError(
      kMspReasonResponseTooLarge, message,
      {{"endpoint", endpoint_}, {"max_header_bytes", absl::StrCat(limit)}});
  return TransportError(absl::StatusCode::kUnknown, kMspReasonResponseTooLarge,
                        message,
                        {{"endpoint", endpoint_},
                         {"request_sent", "unknown"},
                         {"max_header_bytes", absl::StrCat(limit)}},
                        /*retryable=*/false);
}

absl::Status CallErrors::UndecodableBody() const {
  return TransportError(
      absl::StatusCode::kUnavailable, kMspReasonInvalidResponse,
      "MultiSafepay sent a body that cannot be decompressed",
      {{"endpoint", endpoint_}, {"request_sent", "true"}}, /*retryable=*/true);
}

absl::Status CallErrors::Cancelled(absl::string_view why,
                                   bool request_may_have_left) const {
  return TransportError(
      absl::StatusCode::kCancelled, kMspReasonCallCancelled,
      absl::StrCat("the call to MultiSafepay (", where_, ") was ", why),
      {{"endpoint", endpoint_},
       {"request_sent", request_may_have_left ? "unknown" : "false"}},
      /*retryable=*/false);
}

}  // namespace msp_gateway
