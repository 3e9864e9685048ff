// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/httplib_transport.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "httplib.h"
#include "service/error_details.h"
#include "service/upstream/msp_errors.h"
#include "service/upstream/upstream_log.h"

namespace msp_gateway {
namespace {

using Metadata = std::vector<std::pair<std::string, std::string>>;

// Finds the transport from inside OpenSSL callbacks.
int TransportExIndex() {
  static const int index =
      SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// Marks a connection whose resumption was already counted.
int CountedExIndex() {
  static const int index =
      SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

bool HasControlChars(absl::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// The path goes on the request line verbatim (URL encoding is off, because
// callers percent-encode), so nothing that could end the line or the target
// may pass.
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

std::pair<time_t, time_t> SecondsAndMicros(absl::Duration d) {
  const int64_t micros = absl::ToInt64Microseconds(d);
  return {static_cast<time_t>(micros / 1000000),
          static_cast<time_t>(micros % 1000000)};
}

absl::Status TransportError(absl::StatusCode code, absl::string_view reason,
                            absl::string_view message, const Metadata& metadata,
                            bool retryable) {
  absl::Status status = WithErrorInfo(absl::Status(code, message), reason,
                                      kMspErrorDomain, metadata);
  if (retryable) status = WithRetryInfo(std::move(status), kMspRetryDelay);
  return status;
}

}  // namespace

struct HttplibTransport::Client {
  std::unique_ptr<httplib::ClientImpl> http;
  httplib::SSLClient* tls = nullptr;  // http.get() when https, else null.
};

absl::StatusOr<std::unique_ptr<HttplibTransport>> HttplibTransport::Create(
    HttplibTransportOptions options) {
  absl::StatusOr<HttpUrl> url = ParseHttpUrl(options.base_url);
  if (!url.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("base_url is invalid: ", url.status().message()));
  }
  while (!url->path.empty() && url->path.back() == '/') url->path.pop_back();
  if (options.connect_timeout <= absl::ZeroDuration() ||
      options.read_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("timeouts must be positive");
  }
  options.api_key = std::string(absl::StripAsciiWhitespace(options.api_key));
  if (HasControlChars(options.api_key)) {
    // Do not echo the key, not even in part.
    return absl::InvalidArgumentError("api_key contains control characters");
  }
  if (HasControlChars(options.user_agent)) {
    return absl::InvalidArgumentError("user_agent contains control characters");
  }
  if (url->scheme == "https" && !options.ca_cert_file.empty()) {
    // Fail at startup, not on the first payment.
    X509_STORE* store = X509_STORE_new();
    const bool loaded =
        store != nullptr &&
        X509_STORE_load_file(store, options.ca_cert_file.c_str()) == 1;
    X509_STORE_free(store);
    if (!loaded) {
      return absl::InvalidArgumentError(absl::StrCat(
          "ca_cert_file ", options.ca_cert_file, " cannot be loaded as PEM"));
    }
  }
  return absl::WrapUnique(
      new HttplibTransport(std::move(options), *std::move(url)));
}

HttplibTransport::HttplibTransport(HttplibTransportOptions options, HttpUrl url)
    : options_(std::move(options)), url_(std::move(url)) {}

HttplibTransport::~HttplibTransport() {
  {
    absl::MutexLock lock(&pool_mutex_);
    idle_.clear();  // Closes the connections (TLS close_notify included).
  }
  absl::MutexLock lock(&session_mutex_);
  if (session_ != nullptr) SSL_SESSION_free(session_);
}

std::unique_ptr<HttplibTransport::Client> HttplibTransport::NewClient() {
  auto client = std::make_unique<Client>();
  if (url_.scheme == "https") {
    auto tls = std::make_unique<httplib::SSLClient>(url_.host, url_.port);
    if (!tls->is_valid()) return nullptr;
    tls->enable_server_certificate_verification(true);
    // A file replaces, not extends, the system store (httplib loads one or
    // the other), so a pinned bundle really pins.
    if (!options_.ca_cert_file.empty()) {
      tls->set_ca_cert_path(options_.ca_cert_file);
    }
    SSL_CTX* ctx = tls->ssl_context();
    SSL_CTX_set_ex_data(ctx, TransportExIndex(), this);
    // Sessions go to our cache only (shared by every pooled client), so a
    // new or re-opened connection resumes instead of a full handshake.
    SSL_CTX_set_session_cache_mode(
        ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx, &HttplibTransport::OnNewSession);
    SSL_CTX_set_info_callback(ctx, &HttplibTransport::OnInfo);
    client->tls = tls.get();
    client->http = std::move(tls);
  } else {
    client->http = std::make_unique<httplib::ClientImpl>(url_.host, url_.port);
  }
  httplib::ClientImpl& http = *client->http;
  http.set_keep_alive(true);
  // Requests are small and latency matters more than packet count.
  http.set_tcp_nodelay(true);
  // Paths arrive percent-encoded (and validated); encoding again would turn
  // "%20" into "%2520".
  http.set_url_encode(false);
  http.set_follow_location(false);
  // httplib applies socket options to every socket it opens, so this counts
  // real TCP connections, including re-opens after the server closed one.
  http.set_socket_options(
      [this](socket_t /*sock*/) { connections_created_.fetch_add(1); });
  return client;
}

std::unique_ptr<HttplibTransport::Client> HttplibTransport::Borrow() {
  {
    absl::MutexLock lock(&pool_mutex_);
    if (!idle_.empty()) {
      // LIFO: the most recently used connection is the likeliest to be open.
      std::unique_ptr<Client> client = std::move(idle_.back());
      idle_.pop_back();
      return client;
    }
  }
  return NewClient();
}

void HttplibTransport::Return(std::unique_ptr<Client> client) {
  absl::MutexLock lock(&pool_mutex_);
  if (idle_.size() < options_.max_idle_connections) {
    idle_.push_back(std::move(client));
    return;
  }
  // Over the limit: `client` closes its connection as it goes out of scope.
}

absl::StatusOr<HttpResponse> HttplibTransport::Send(const HttpRequest& request,
                                                    absl::Time deadline) {
  if (!IsValidMethod(request.method) || !IsValidPath(request.path)) {
    return absl::InvalidArgumentError(
        "HttpRequest needs an upper-case method and a percent-encoded path "
        "starting with '/'");
  }
  // The endpoint without the query string, for error metadata.
  const std::string endpoint = absl::StrCat(
      request.method, " ", request.path.substr(0, request.path.find('?')));
  const absl::Time start = absl::Now();
  const absl::Duration remaining = deadline - start;
  if (remaining < absl::Microseconds(1)) {
    return TransportError(
        absl::StatusCode::kDeadlineExceeded, kMspReasonTimeout,
        "deadline expired before the request to MultiSafepay was sent",
        {{"endpoint", endpoint}, {"request_sent", "false"}},
        /*retryable=*/false);
  }
  // httplib waits with poll(), in whole milliseconds, truncating; round up so
  // a wait never ends before the limit it stands for.
  const absl::Duration connect_timeout = absl::Ceil(
      std::min(options_.connect_timeout, remaining), absl::Milliseconds(1));
  const absl::Duration io_timeout = absl::Ceil(
      std::min(options_.read_timeout, remaining), absl::Milliseconds(1));

  std::unique_ptr<Client> client = Borrow();
  if (client == nullptr) {
    return TransportError(absl::StatusCode::kUnavailable, kMspReasonTlsFailed,
                          "cannot initialise the TLS client",
                          {{"endpoint", endpoint}, {"request_sent", "false"}},
                          /*retryable=*/false);
  }
  httplib::ClientImpl& http = *client->http;
  const auto [connect_s, connect_us] = SecondsAndMicros(connect_timeout);
  const auto [io_s, io_us] = SecondsAndMicros(io_timeout);
  http.set_connection_timeout(connect_s, connect_us);
  http.set_read_timeout(io_s, io_us);
  http.set_write_timeout(io_s, io_us);

  httplib::Request http_request;
  http_request.method = request.method;
  http_request.path = url_.path + request.path;
  http_request.headers.emplace("Accept", "application/json");
  http_request.headers.emplace("User-Agent", options_.user_agent);
  if (!options_.api_key.empty()) {
    http_request.headers.emplace("api_key", options_.api_key);
  }
  if (!request.body.empty()) {
    http_request.headers.emplace("Content-Type", "application/json");
    http_request.body = request.body;
  }

  // The by-reference overload: send(const Request&) would copy the request
  // (body included) once more.
  httplib::Response http_response;
  httplib::Error error = httplib::Error::Success;
  if (http.send(http_request, http_response, error)) {
    HttpResponse response;
    response.status = http_response.status;
    response.content_type = http_response.get_header_value("Content-Type");
    response.body = std::move(http_response.body);
    Return(std::move(client));
    return response;
  }

  // No response. The client is dropped, not pooled: its connection state is
  // unknown after a failure.
  const absl::Time end = absl::Now();
  const bool deadline_passed = end >= deadline;
  Metadata metadata = {{"endpoint", endpoint}};
  const std::string where =
      absl::StrCat(url_.host.find(':') == std::string::npos
                       ? url_.host
                       : absl::StrCat("[", url_.host, "]"),
                   ":", url_.port);
  switch (error) {
    case httplib::Error::ConnectionTimeout: {
      metadata.emplace_back("request_sent", "false");
      const bool deadline_bound =
          deadline_passed || connect_timeout < options_.connect_timeout;
      if (deadline_bound) {
        metadata.emplace_back("limit", "deadline");
        return TransportError(
            absl::StatusCode::kDeadlineExceeded, kMspReasonTimeout,
            absl::StrCat("deadline exceeded while connecting to MultiSafepay (",
                         where, ")"),
            metadata, /*retryable=*/false);
      }
      // Nothing was sent and the caller still has time: retryable.
      metadata.emplace_back("limit", "connect_timeout");
      return TransportError(absl::StatusCode::kUnavailable,
                            kMspReasonConnectTimeout,
                            absl::StrCat("connecting to MultiSafepay (", where,
                                         ") timed out after ",
                                         absl::FormatDuration(connect_timeout)),
                            metadata, /*retryable=*/true);
    }
    case httplib::Error::Read:
    case httplib::Error::Write: {
      // httplib reports a read timeout and a broken connection alike; a
      // timeout is the one that waited the full timeout.
      metadata.emplace_back("request_sent", "unknown");
      // (The slack absorbs the wall clock vs. poll()'s monotonic clock.)
      if (deadline_passed ||
          end - start >= io_timeout - absl::Milliseconds(1)) {
        metadata.emplace_back("limit", io_timeout < options_.read_timeout
                                           ? "deadline"
                                           : "read_timeout");
        return TransportError(
            absl::StatusCode::kDeadlineExceeded, kMspReasonTimeout,
            absl::StrCat("no response from MultiSafepay within ",
                         absl::FormatDuration(io_timeout)),
            metadata, /*retryable=*/false);
      }
      return TransportError(
          absl::StatusCode::kUnavailable, kMspReasonConnectionFailed,
          absl::StrCat("the connection to MultiSafepay (", where,
                       ") broke before a response arrived"),
          metadata, /*retryable=*/true);
    }
    case httplib::Error::Connection:
      metadata.emplace_back("request_sent", "false");
      return TransportError(
          absl::StatusCode::kUnavailable, kMspReasonConnectionFailed,
          absl::StrCat("cannot connect to MultiSafepay (", where, ")"),
          metadata, /*retryable=*/true);
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLLoadingCerts:
    case httplib::Error::SSLServerVerification: {
      std::string detail = httplib::to_string(error);
      if (error == httplib::Error::SSLServerVerification &&
          client->tls != nullptr) {
        const long verify = client->tls->get_openssl_verify_result();
        detail = verify != X509_V_OK ? X509_verify_cert_error_string(verify)
                                     : "certificate does not match the host";
      }
      metadata.emplace_back("request_sent", "false");
      metadata.emplace_back("tls_error", detail);
      const std::string message =
          absl::StrCat("TLS with MultiSafepay (", where, ") failed: ", detail);
      // Not retryable as is: a certificate problem is configuration (or an
      // attack), and an operator has to look.
      LogUpstreamError(kMspReasonTlsFailed, message,
                       {{"endpoint", endpoint}, {"tls_error", detail}});
      return TransportError(absl::StatusCode::kUnavailable, kMspReasonTlsFailed,
                            message, metadata,
                            /*retryable=*/false);
    }
    case httplib::Error::Compression:
      metadata.emplace_back("request_sent", "true");
      return TransportError(
          absl::StatusCode::kUnavailable, kMspReasonInvalidResponse,
          "MultiSafepay sent a body that cannot be decompressed", metadata,
          /*retryable=*/true);
    default:
      metadata.emplace_back("request_sent", "unknown");
      metadata.emplace_back("httplib_error", httplib::to_string(error));
      return TransportError(
          absl::StatusCode::kUnavailable, kMspReasonConnectionFailed,
          absl::StrCat("request to MultiSafepay (", where,
                       ") failed: ", httplib::to_string(error)),
          metadata, /*retryable=*/true);
  }
}

// OpenSSL calls this when the server issues a session (TLS 1.2 at the end of
// the handshake, TLS 1.3 per NewSessionTicket). We keep a private copy: the
// original is marked non-resumable if its connection is later torn down
// without close_notify.
int HttplibTransport::OnNewSession(SSL* ssl, SSL_SESSION* session) {
  auto* self = static_cast<HttplibTransport*>(
      SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), TransportExIndex()));
  // Only sessions of a verified chain; httplib re-checks the host name on
  // resumption (the peer certificate travels with the session).
  if (self == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return 0;
  SSL_SESSION* copy = SSL_SESSION_dup(session);
  if (copy == nullptr) return 0;
  absl::MutexLock lock(&self->session_mutex_);
  if (self->session_ != nullptr) SSL_SESSION_free(self->session_);
  self->session_ = copy;
  return 0;  // OpenSSL keeps ownership of `session`.
}

// Offers the cached session when a connection's first handshake starts
// (httplib creates the SSL object itself, so this is the only hook before the
// ClientHello), and counts resumptions when it completes.
void HttplibTransport::OnInfo(const SSL* ssl, int where, int /*ret*/) {
  auto* self = static_cast<HttplibTransport*>(
      SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), TransportExIndex()));
  if (self == nullptr) return;
  SSL* mutable_ssl = const_cast<SSL*>(ssl);
  if ((where & SSL_CB_HANDSHAKE_START) != 0 &&
      SSL_get_session(ssl) == nullptr) {
    absl::MutexLock lock(&self->session_mutex_);
    if (self->session_ != nullptr &&
        SSL_SESSION_is_resumable(self->session_) == 1) {
      // A copy per connection, so one connection's fate cannot spoil the
      // cached session for the others.
      SSL_SESSION* copy = SSL_SESSION_dup(self->session_);
      if (copy != nullptr) {
        SSL_set_session(mutable_ssl, copy);
        SSL_SESSION_free(copy);
      }
    }
  }
  if ((where & SSL_CB_HANDSHAKE_DONE) != 0 && SSL_session_reused(ssl) == 1 &&
      SSL_get_ex_data(ssl, CountedExIndex()) == nullptr) {
    SSL_set_ex_data(mutable_ssl, CountedExIndex(), self);
    self->tls_sessions_resumed_.fetch_add(1);
  }
}

}  // namespace msp_gateway
