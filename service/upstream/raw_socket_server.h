// Copyright 2026 The msp-gateway Authors.
//
// File: raw_socket_server.h
//
// Test-only: a TCP server on 127.0.0.1 (ephemeral port) that hands each
// accepted connection to a test-written handler speaking raw bytes, so tests
// can play a misbehaving upstream that a real HTTP server library would never
// be: dripping the status line one byte at a time, announcing a 50 MB body,
// streaming chunks forever. It also lets a test observe what the client did
// (when it closed the connection, how much it let the server write).

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_RAW_SOCKET_SERVER_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_RAW_SOCKET_SERVER_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <thread>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace msp_gateway {

// One accepted connection, used only on the server thread.
class RawConnection {
 public:
  RawConnection(int fd, const std::atomic<bool>* stopping)
      : fd_(fd), stopping_(stopping) {}

  // Reads one HTTP request: the head up to the blank line and a body of its
  // Content-Length. Returns the bytes read, or "" on EOF, error or timeout.
  std::string ReadRequest(absl::Duration timeout);

  // Writes all of `bytes`. False when the client closed or reset the
  // connection, the server is stopping, or nothing could be written for
  // 10 s. Never raises SIGPIPE.
  bool Write(absl::string_view bytes);

  // Waits up to `timeout` for the client to close (EOF or reset); true if it
  // did. Data the client sends meanwhile is discarded.
  bool WaitForClientClose(absl::Duration timeout);

  // Sets SO_SNDBUF (e.g. small, so Write() blocks soon after the client
  // stops reading and the bytes-written count stays close to what the client
  // consumed).
  void SetSendBuffer(int bytes);

  // Total bytes Write() handed to the kernel on this connection.
  size_t bytes_written() const { return bytes_written_; }

 private:
  const int fd_;
  const std::atomic<bool>* const stopping_;
  size_t bytes_written_ = 0;
};

// RawSocketServer
//
// Accepts connections one after another and runs `handler` for each on the
// server thread; the connection is closed when the handler returns.
// Handlers must return promptly once Write() fails.
//
// Example:
//   RawSocketServer server([](RawConnection& conn) {
//     conn.ReadRequest(absl::Seconds(5));
//     conn.Write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
//   });
//   ASSERT_TRUE(server.Start());
class RawSocketServer {
 public:
  using Handler = std::function<void(RawConnection& connection)>;

  explicit RawSocketServer(Handler handler);
  // Stops accepting, makes a running handler's I/O fail, joins the thread.
  ~RawSocketServer();

  RawSocketServer(const RawSocketServer&) = delete;
  RawSocketServer& operator=(const RawSocketServer&) = delete;

  // Binds 127.0.0.1:0 and starts the server thread. False on failure.
  bool Start();

  int port() const { return port_; }
  // "http://127.0.0.1:<port>/v1/json".
  std::string base_url() const;
  // Connections accepted so far.
  size_t connections_accepted() const { return accepted_.load(); }

 private:
  void Serve();

  const Handler handler_;
  int listener_ = -1;
  int port_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> accepted_{0};
  std::thread thread_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_RAW_SOCKET_SERVER_H_
