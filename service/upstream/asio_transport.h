// Copyright 2026 The msp-gateway Authors.
//
// File: asio_transport.h
//
// The asynchronous HttpTransport: Boost.Asio + Boost.Beast (Debian's
// libboost1.81-dev, header-only) over OpenSSL. Every call runs on ONE event
// thread per transport, so hundreds of calls can wait for a slow
// MultiSafepay at once without a thread each; the RPC edge, not this class,
// limits how many. Same options, bounds and error contract as
// HttplibTransport (httplib_transport.h): certificate verification always on,
// the `api_key` header, the whole call bounded by the caller's deadline (else
// connect_timeout + read_timeout), a reply-size cap, keep-alive connections
// and TLS session resumption.
//
// Chosen over libcurl because the production image is one fully static
// binary (deploy/image/BUILD): Debian's libcurl cannot be linked statically,
// Asio and Beast are headers and OpenSSL has its .a files.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_ASIO_TRANSPORT_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_ASIO_TRANSPORT_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/upstream/http_transport.h"

namespace msp_gateway {
namespace internal_asio {
class EventLoop;  // The event thread and everything on it (in the .cc).
}  // namespace internal_asio

// The options of HttplibTransportOptions (httplib_transport.h), field for
// field and with the same meaning, so either transport can be configured
// from the same settings.
// The options are every transport's (http_transport.h).
using AsioTransportOptions = HttpTransportOptions;

// AsioTransport
//
// Thread-safe: SendAsync(), Send() and every Cancel may be called from any
// thread. SendAsync() only hands the call to the event thread and returns;
// `done` runs there later (never inside SendAsync()), exactly once. `done`
// must not block: it holds up every other call of the transport. Send() is
// SendAsync() plus a wait, for callers that block; calling it from the event
// thread (inside a `done`) would deadlock, so it fails with
// FAILED_PRECONDITION instead.
//
// Connections. HTTP/1.1 only (Beast offers no HTTP/2), one call per
// connection at a time. A call takes the most recently used idle connection
// whose peer has not closed it, else opens a new one; a connection goes back
// to the pool only after a complete response that allows keep-alive, and a
// connection whose call failed, timed out or was cancelled is closed, never
// reused. For https every new connection verifies the server (chain, host
// name or IP, SNI for host names) and offers the most recent verified TLS
// session, so a new or re-opened connection resumes instead of a full
// handshake. Replies with a Content-Encoding are refused (UNAVAILABLE
// MSP_INVALID_RESPONSE): the request asks for none, as HttplibTransport's
// does, and Beast has no decompression (HttplibTransport would decode an
// unasked gzip). A status line plus headers over 64 KiB is refused like a
// too large body (UNKNOWN MSP_RESPONSE_TOO_LARGE).
//
// Bounds. One steady timer per call closes its socket when the call's time
// is up: the whole call (resolve, connect, TLS, write, status line, headers,
// body) ends by the earlier of the deadline and connect_timeout +
// read_timeout after SendAsync(); opening the connection by
// min(connect_timeout, time left); each wait for the socket by
// min(read_timeout, time left). A deadline that has passed when the event
// thread picks the call up sends nothing (request_sent=false).
//
// Cancel abandons the call at once: `done` gets CANCELLED (reason
// MSP_CALL_CANCELLED; request_sent "unknown" once the request's bytes may
// have left, else "false") and the connection is closed. It is a no-op
// after `done` ran, and safe to call after the transport is gone.
//
// Destruction completes every call still in flight with CANCELLED (their
// `done` runs on the event thread before the destructor returns), then joins
// the event thread. REQUIRES: no SendAsync() or Send() racing with it, and
// not called from a `done` (the event thread cannot join itself).
//
// Example:
//   absl::StatusOr<std::unique_ptr<AsioTransport>> transport =
//       AsioTransport::Create({.base_url = *base_url, .api_key = key});
//   HttpTransport::Cancel cancel = (*transport)->SendAsync(
//       {"POST", "/orders", order_json}, absl::Now() + absl::Seconds(10),
//       [](absl::StatusOr<HttpResponse> response) { ... });
class AsioTransport final : public HttpTransport {
 public:
  // AsioTransport::Create()
  //
  // Returns INVALID_ARGUMENT for a malformed base_url, non-positive timeouts
  // or max_response_bytes, control characters in api_key / user_agent, or a
  // ca_cert_file that cannot be loaded (as HttplibTransport::Create()), and
  // INTERNAL when the TLS context cannot be set up. Starts the event thread;
  // no connection is made here.
  static absl::StatusOr<std::unique_ptr<AsioTransport>> Create(
      AsioTransportOptions options);

  AsioTransport(const AsioTransport&) = delete;
  AsioTransport& operator=(const AsioTransport&) = delete;
  // Cancels the calls in flight (see above) and joins the event thread.
  ~AsioTransport() override;

  // HttpTransport
  absl::StatusOr<HttpResponse> Send(const HttpRequest& request,
                                    absl::Time deadline) override;
  Cancel SendAsync(HttpRequest request, absl::Time deadline,
                   Done done) override;
  bool async() const override { return true; }

  // TCP connections established so far, so tests and metrics can prove
  // keep-alive reuse.
  size_t connections_created() const;
  // TLS handshakes that resumed a cached session instead of a full handshake.
  size_t tls_sessions_resumed() const;
  // Calls handed to SendAsync() whose `done` has not run yet.
  size_t calls_in_flight() const;

 private:
  explicit AsioTransport(std::unique_ptr<internal_asio::EventLoop> loop);

  std::unique_ptr<internal_asio::EventLoop> loop_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_ASIO_TRANSPORT_H_
