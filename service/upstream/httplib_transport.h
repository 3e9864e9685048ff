// Copyright 2026 The msp-gateway Authors.
//
// File: httplib_transport.h
//
// HttpTransport over cpp-httplib (Debian's 0.11.4) and OpenSSL: HTTPS with
// certificate verification always on, the `api_key` header, a bound on the
// whole call (the caller's deadline, else connect_timeout + read_timeout)
// enforced by one watchdog thread, a cap on the reply size, and a pool of
// keep-alive connections so every executor thread reuses a warm (TLS)
// connection.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_HTTPLIB_TRANSPORT_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_HTTPLIB_TRANSPORT_H_

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/http_url.h"
// kMspReasonResponseTooLarge, shared with the other transports.
#include "service/upstream/transport_errors.h"

// Kept out of this header so dependents do not parse httplib.h / ssl.h.
namespace httplib {
class ClientImpl;
}  // namespace httplib
struct ssl_st;          // OpenSSL's SSL.
struct ssl_session_st;  // OpenSSL's SSL_SESSION.

namespace msp_gateway {

// The options are every transport's (http_transport.h).
using HttplibTransportOptions = HttpTransportOptions;

// HttplibTransport
//
// Thread-safe. Each Send() borrows one pooled client exclusively (creating a
// new one when none is idle) and returns it afterwards, so concurrent calls
// each reuse their own keep-alive connection. A client whose call failed or
// ran out of time is discarded rather than reused. For https, sessions are
// cached so a new or re-opened connection resumes TLS instead of a full
// handshake.
//
// httplib bounds each wait for the socket, not a call, so a server dripping
// one byte per wait could hold a call forever. Every call therefore
// registers its end time with a single watchdog thread (a timer queue shared
// by all calls), which at that time shuts the call's socket down; httplib's
// blocked read or write then fails at once, and the call reports
// DEADLINE_EXCEEDED. The watchdog never touches httplib's objects, only a
// duplicate descriptor of the socket the call owns, so it is safe against
// concurrent use and descriptor reuse.
//
// Example:
//   absl::StatusOr<std::unique_ptr<HttplibTransport>> transport =
//       HttplibTransport::Create({.base_url = *base_url, .api_key = key});
//   absl::StatusOr<HttpResponse> response = (*transport)->Send(
//       {"POST", "/orders", order_json}, absl::Now() + absl::Seconds(10));
class HttplibTransport final : public HttpTransport {
 public:
  // HttplibTransport::Create()
  //
  // Returns INVALID_ARGUMENT for a malformed base_url, non-positive timeouts
  // or max_response_bytes, control characters in api_key / user_agent, or a
  // ca_cert_file that cannot be loaded. No connection is made here.
  static absl::StatusOr<std::unique_ptr<HttplibTransport>> Create(
      HttplibTransportOptions options);

  HttplibTransport(const HttplibTransport&) = delete;
  HttplibTransport& operator=(const HttplibTransport&) = delete;
  // REQUIRES: no Send() in progress.
  ~HttplibTransport() override;

  // HttpTransport
  absl::StatusOr<HttpResponse> Send(const HttpRequest& request,
                                    absl::Time deadline) override;

  // TCP connections opened so far (each new or re-opened socket counts), so
  // tests and metrics can prove keep-alive reuse.
  size_t connections_created() const { return connections_created_.load(); }
  // TLS handshakes that resumed a cached session instead of a full handshake.
  size_t tls_sessions_resumed() const { return tls_sessions_resumed_.load(); }

 private:
  struct Client;   // One pooled httplib client (defined in the .cc).
  class Watchdog;  // Ends calls that outlive their end time (in the .cc).

  HttplibTransport(HttplibTransportOptions options, HttpUrl url);

  std::unique_ptr<Client> Borrow();
  void Return(std::unique_ptr<Client> client);
  std::unique_ptr<Client> NewClient();

  // OpenSSL callbacks (see the .cc) and the session cache they share.
  static int OnNewSession(ssl_st* ssl, ssl_session_st* session);
  static void OnInfo(const ssl_st* ssl, int where, int ret);

  const HttplibTransportOptions options_;
  const HttpUrl url_;  // Parsed base_url; url_.path is the path prefix.

  // std::mutex rather than absl::Mutex throughout this transport: these are
  // shared across executor threads, and ThreadSanitizer cannot see Debian's
  // uninstrumented absl::Mutex (it would report every guarded access).
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Client>> idle_;  // Guarded by pool_mutex_.

  std::mutex session_mutex_;
  // The most recent verified TLS session, or null. Owned (one reference).
  // Guarded by session_mutex_.
  ssl_session_st* session_ = nullptr;

  std::atomic<size_t> connections_created_{0};
  std::atomic<size_t> tls_sessions_resumed_{0};

  // Declared last so it is destroyed (and its thread joined) first.
  std::unique_ptr<Watchdog> watchdog_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_HTTPLIB_TRANSPORT_H_
