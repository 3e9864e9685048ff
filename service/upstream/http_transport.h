// Copyright 2026 The msp-gateway Authors.
//
// File: http_transport.h
//
// The seam between MultiSafepay logic and the network (tensorstore's
// HttpTransport pattern): a call that sends a request to the API root and
// returns whatever HTTP response came back, blocking (Send) or with a
// completion callback (SendAsync). AsioTransport (asio_transport.h) does
// the asynchronous call for real: many calls in flight on one event thread,
// none holding a thread while MultiSafepay thinks. HttplibTransport
// (httplib_transport.h) is blocking only; tests use FakeHttpTransport
// (fake_http_transport.h) or a real loopback server.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_HTTP_TRANSPORT_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_HTTP_TRANSPORT_H_

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace msp_gateway {

// HttpRequest
//
// One request to the API root. `path` is relative to the root and already
// percent-encoded, e.g. "/orders" or "/orders/abc%20d"; it may carry a query
// string ("/orders/x?locale=en_US") but never the API key. A non-empty `body`
// is sent as application/json.
struct HttpRequest {
  std::string method;  // "GET", "POST", "PATCH", "DELETE".
  std::string path;
  std::string body;
  // Sent besides the transport's own headers (the caller's trace context,
  // MspRequest::trace_headers). Names are tokens and values printable ASCII:
  // the sender checked them (call_trace.h), so none can split a header.
  std::vector<std::pair<std::string, std::string>> headers;
};

// HttpResponse
//
// Whatever the server answered, including 4xx and 5xx.
struct HttpResponse {
  int status = 0;
  std::string content_type;  // The Content-Type header, verbatim.
  std::string body;
};

// HttpTransportOptions
//
// How a transport reaches MultiSafepay; the same for every implementation.
struct HttpTransportOptions {
  // The API root, e.g. "https://testapi.multisafepay.com/v1/json" or
  // "http://127.0.0.1:18080/v1/json" (see ResolveMspBaseUrl()). Request paths
  // are appended to it.
  std::string base_url;
  // Sent as the `api_key` header (never in the query string); empty = not
  // sent. Surrounding whitespace is trimmed. Never logged or put in errors.
  std::string api_key;
  // Upper bound on opening the connection (TCP and TLS handshake), capped by
  // the time left until the call's deadline.
  absl::Duration connect_timeout = absl::Seconds(5);
  // Upper bound on waiting for MultiSafepay's answer. It caps each wait for
  // the socket (as in httplib) AND the whole call: a call, however its
  // server paces the bytes (status line, headers or body), ends at the
  // earlier of its deadline and connect_timeout + read_timeout after it
  // started. So a caller without a deadline is still bounded.
  absl::Duration read_timeout = absl::Seconds(30);
  // PEM bundle of trusted CAs; empty = the system default store. Only these
  // CAs are trusted when set. Verification is always on for https.
  std::string ca_cert_file;
  std::string user_agent = "msp-gateway/0.1";
  // Idle connections kept for reuse; beyond this, returned connections are
  // closed. Size it to the executor's thread count.
  size_t max_idle_connections = 32;
  // The largest reply body accepted, in bytes (after decompression). A
  // larger Content-Length is refused before the body is read; a chunked or
  // unframed body is abandoned as soon as it passes the cap; either way the
  // connection is dropped, so memory per call stays about this size.
  // MultiSafepay's replies are a few KiB. Must be positive.
  size_t max_response_bytes = size_t{1} << 20;
};

// HttpTransport
//
// Thread-safe: Send() may be called concurrently from many threads.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;

  // HttpTransport::Send()
  //
  // Sends `request` and waits for the response, giving up at `deadline`:
  // the WHOLE call (connect, write, status line, headers, body) returns by
  // `deadline` (plus scheduling slack), however slowly the server sends, and
  // the connection of a call cut short is closed, never reused. An
  // implementation also bounds a call whose deadline is infinite (see its
  // options). Any complete HTTP response, including a 5xx, is returned as a
  // value. Fails only when no acceptable HTTP response arrived, with a status
  // that carries a google.rpc.ErrorInfo in the "multisafepay.com" domain,
  // whose metadata "request_sent" says whether MultiSafepay may have seen
  // the request ("false", "unknown" or "true"):
  //   * DEADLINE_EXCEEDED (reason MSP_TIMEOUT): `deadline` had already passed
  //     (nothing was sent, request_sent=false), or the whole response did not
  //     arrive in time (request_sent=unknown: it may have been processed).
  //   * UNKNOWN (reason MSP_RESPONSE_TOO_LARGE, request_sent=unknown, no
  //     RetryInfo): the reply's body exceeds the implementation's size cap
  //     and was not read. The request went out and may have been processed;
  //     only the answer was refused, so the outcome is unknown -- like a
  //     timeout, but nothing timed out, hence not DEADLINE_EXCEEDED; and not
  //     UNAVAILABLE, whose RetryInfo would invite a blind retry that is not
  //     known to be safe and would likely get the same reply. Reconcile by
  //     reading the order back.
  //   * UNAVAILABLE: the connection could not be made or broke (reasons
  //     MSP_CONNECTION_FAILED, MSP_CONNECT_TIMEOUT, MSP_TLS_FAILED).
  //   * INVALID_ARGUMENT: `request` itself is malformed (a programming error,
  //     e.g. an unencoded path).
  virtual absl::StatusOr<HttpResponse> Send(const HttpRequest& request,
                                            absl::Time deadline) = 0;

  // Runs exactly once with the outcome of one SendAsync().
  using Done = absl::AnyInvocable<void(absl::StatusOr<HttpResponse>) &&>;
  // Abandons a call in flight (see SendAsync()). Safe to call from any
  // thread, any number of times, also after the call completed.
  using Cancel = std::function<void()>;

  // HttpTransport::SendAsync()
  //
  // The exchange of Send(), with the same outcomes and bounds, without a
  // thread waiting for it. An asynchronous transport (async() true) returns
  // at once and runs `done` later on its own thread, never inside
  // SendAsync(); Cancel ends the call early with CANCELLED (reason
  // MSP_CALL_CANCELLED, request_sent "unknown" once bytes may have left, else
  // "false") unless it has already completed. The default implementation
  // runs Send() on the calling thread and then `done`, and returns a Cancel
  // that does nothing.
  virtual Cancel SendAsync(HttpRequest request, absl::Time deadline,
                           Done done) {
    std::move(done)(Send(request, deadline));
    return [] {};
  }

  // Whether SendAsync() is truly asynchronous: then the RPC edge needs no
  // worker thread per upstream call.
  virtual bool async() const { return false; }
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_HTTP_TRANSPORT_H_
