// Copyright 2026 The msp-gateway Authors.
//
// File: http_server.h
//
// The emulator's HTTP/1.1 server: Boost.Asio and Beast, an asynchronous
// accept/read/write loop on a few threads, calling a handler that turns a
// request into an Answer (http_message.h). A delayed answer waits on a
// timer, so thousands of delayed requests hold no thread each (issue 10:
// the emulator must never be the bottleneck of a load test).
//
// As MultiSafepay's front end (and the cpp-httplib server this replaces):
//   - keep-alive: HTTP/1.1 connections stay open unless the client says
//     `Connection: close` (HTTP/1.0: unless it says keep-alive), for up to
//     `max_requests_per_connection` requests, and are closed after
//     `idle_timeout` without a request; a request must arrive whole within
//     `idle_timeout` too;
//   - a body over `max_body_bytes` is 413 with an empty body, a head over
//     `max_header_bytes` 431, a target over `max_target_bytes` 414, a
//     request that is not HTTP 400; each closes the connection;
//   - `Expect: 100-continue` is answered with 100 Continue;
//   - HEAD gets the headers of the GET answer and no body;
//   - a handler that throws is 500.
// Every answer has Content-Length; requests on one connection are answered
// in order, one at a time.

#ifndef MSP_GATEWAY_EMULATOR_HTTP_SERVER_H_
#define MSP_GATEWAY_EMULATOR_HTTP_SERVER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "emulator/http_message.h"

namespace msp_emulator {

struct HttpServerOptions {
  // Threads running the event loop and the handler.
  int threads = 2;
  size_t max_body_bytes = 4 << 20;
  size_t max_header_bytes = 64 << 10;
  size_t max_target_bytes = 8192;
  absl::Duration idle_timeout = absl::Seconds(5);
  absl::Duration write_timeout = absl::Seconds(5);
  int max_requests_per_connection = 1000;
};

// What the server reports about itself (GET /__emulator/server).
struct HttpServerStats {
  int threads = 0;          // event-loop threads
  int64_t connections = 0;  // open now
  int64_t delayed = 0;      // answers waiting on a delay now
  int64_t requests = 0;     // read so far
};

// HttpServer
//
// Thread-safe. The handler runs on the event-loop threads, for several
// connections at once.
class HttpServer {
 public:
  using Handler = std::function<Answer(const HttpRequest&)>;

  HttpServer(HttpServerOptions options, Handler handler);
  ~HttpServer();  // stops if running

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Start()
  //
  // Binds `host`:`port` (port 0 = an ephemeral port; no SO_REUSEPORT, so a
  // busy port is an error) and serves on the event-loop threads. Returns
  // the bound port; connections are accepted from then on. Unavailable when
  // the address cannot be bound, FailedPrecondition when called twice.
  absl::StatusOr<int> Start(const std::string& host, int port);

  // Stop()
  //
  // Closes the listening socket and every connection (delayed answers are
  // never sent) and waits for the threads. Safe to call more than once.
  void Stop();

  // ReleaseDelays()
  //
  // Ends every delay now: those answers go on at once. Returns how many
  // were waiting.
  int64_t ReleaseDelays();

  HttpServerStats stats() const;

  // The bound port; 0 before Start().
  int port() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_HTTP_SERVER_H_
