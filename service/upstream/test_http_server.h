// Copyright 2026 The msp-gateway Authors.
//
// File: test_http_server.h
//
// Test-only: a real cpp-httplib server (plain or TLS) on 127.0.0.1 with an
// ephemeral port, serving on its own thread, that records every request it
// sees. For transport tests over real sockets.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_TEST_HTTP_SERVER_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_TEST_HTTP_SERVER_H_

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "httplib.h"

namespace msp_gateway {

class TestHttpServer {
 public:
  // One request as the server saw it.
  struct SeenRequest {
    std::string method;
    std::string target;  // Path and query as sent on the request line.
    std::string body;
    httplib::Headers headers;
    int remote_port = 0;  // Identifies the client's TCP connection.
  };

  // A plain HTTP server.
  TestHttpServer();
  // An HTTPS server presenting `cert` (the server takes its own references).
  TestHttpServer(X509* cert, EVP_PKEY* key);
  // Stops the server and joins its thread.
  ~TestHttpServer();

  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  // Register handlers and settings here before Start().
  httplib::Server& server() { return *server_; }
  // For TLS servers: the SSL_CTX (e.g. to read session statistics).
  httplib::SSLServer* ssl_server() { return ssl_server_; }

  // Binds 127.0.0.1:0 and serves on a new thread. Returns false on failure.
  bool Start();
  void Stop();

  int port() const { return port_; }
  // "http(s)://127.0.0.1:<port>/v1/json".
  std::string base_url() const;

  // Requests whose handler has finished (recorded with their body just
  // before the response is written, so a client that has its response will
  // find its request here).
  std::vector<SeenRequest> requests() const;
  // Requests that reached the server, including ones still in a handler.
  size_t requests_started() const;
  // Number of distinct client connections (remote ports) seen.
  size_t distinct_connections() const;

 private:
  void Record(const httplib::Request& request);

  std::unique_ptr<httplib::Server> server_;
  httplib::SSLServer* ssl_server_ = nullptr;  // server_.get() when TLS.
  const bool tls_;
  int port_ = -1;
  std::thread thread_;

  // std::mutex, not absl::Mutex: server threads and the test thread share
  // these, and ThreadSanitizer cannot see Debian's uninstrumented Abseil.
  mutable std::mutex mutex_;  // Guards the two below.
  std::vector<SeenRequest> requests_;
  size_t started_ = 0;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_TEST_HTTP_SERVER_H_
