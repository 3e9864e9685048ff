// Copyright 2026 The msp-gateway Authors.
//
// File: bounded_request_reader.h
//
// The plaintext HTTP front of the admin port (service/server/admin_server.h)
// and of the notification port (service/notifications/
// notification_listener.h), built so that slow or idle clients never hold a
// thread (defect 8 of issue 8: cpp-httplib's read timeout is per byte, not
// per request):
//   * One poller thread accepts connections and reads each request without
//     blocking, into a buffer of at most max_head_bytes (+ max_body_bytes).
//     A slow client costs a file descriptor and that buffer, never a thread.
//   * A connection whose request is not complete read_timeout after accept
//     (a deadline for the whole request) is closed. Connections still being
//     read are limited to max_connections_per_client per peer address and
//     max_pending_connections in all; past a limit the oldest such
//     connection (of that address, or of all) is closed.
//   * Refused without a worker: 431 a head above max_head_bytes; with
//     kContentLength framing also 413 a Content-Length above max_body_bytes
//     (before the body is read), 400 a Content-Length that is not one
//     number, 411 Transfer-Encoding (the body's end is not known up front),
//     and 408 at the deadline when any byte came (answer_timeout); 503 when
//     the workers' queue is full.
//   * A complete request goes to worker_threads workers, which get it as an
//     httplib::Stream whose reads end with the buffered bytes (workers never
//     wait on the client) and whose writes wait at most write_timeout.
//   * One request per connection; the worker's answer is followed by a
//     half-close and close.

#ifndef MSP_GATEWAY_SERVICE_HTTP_BOUNDED_REQUEST_READER_H_
#define MSP_GATEWAY_SERVICE_HTTP_BOUNDED_REQUEST_READER_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/rpc/worker_pool.h"

namespace httplib {
class Stream;
}  // namespace httplib

namespace msp_gateway {

// Where a request ends.
enum class RequestFraming {
  // With its head (request line and headers). What arrived after the head
  // until the socket had no more (at most max_head_bytes in all) is handed
  // over too, but never waited for.
  kHeadOnly,
  // With the Content-Length bytes after its head (none without the header);
  // bytes past them (pipelining) are not handed over.
  kContentLength,
};

struct BoundedRequestReaderOptions {
  // For error messages: "cannot listen on <name> host:port: ...".
  std::string name = "port";
  RequestFraming framing = RequestFraming::kContentLength;
  // Request line plus headers, with the blank line.
  size_t max_head_bytes = 16 * 1024;
  // kContentLength only.
  size_t max_body_bytes = 0;
  // From accept until the request is complete.
  absl::Duration read_timeout = absl::Seconds(2);
  // At read_timeout: answer 408 when the client sent anything (else the
  // connection is just closed, as always when it sent nothing).
  bool answer_timeout = true;
  // For writing the answer.
  absl::Duration write_timeout = absl::Seconds(2);
  int max_connections_per_client = 64;
  int max_pending_connections = 512;
  int worker_threads = 2;
  size_t worker_queue = 64;
};

class BoundedRequestReader {
 public:
  // Runs on a worker: reads the complete request from `stream` and writes
  // the answer. The connection is closed after it returns.
  using ServeFn = std::function<void(httplib::Stream& stream)>;
  // Runs on the poller for a connection that sent something but is refused
  // or closed before a worker has it (too large, bad length, timed out,
  // evicted, stopped, queue full): what it sent so far. Must not block.
  using RefusedFn = std::function<void(absl::string_view request)>;

  BoundedRequestReader(BoundedRequestReaderOptions options, ServeFn serve,
                       RefusedFn refused = nullptr);
  ~BoundedRequestReader();
  BoundedRequestReader(const BoundedRequestReader&) = delete;
  BoundedRequestReader& operator=(const BoundedRequestReader&) = delete;

  // Serves on host:port (0 = ephemeral) from background threads; returns the
  // bound port. UNAVAILABLE when it cannot listen or is already started.
  absl::StatusOr<int> Start(const std::string& host, int port);
  // Closes the port and every connection still being read, lets the workers
  // answer what they took (each bounded by write_timeout), and returns.
  // Idempotent.
  void Stop();

 private:
  void PollLoop();
  // Answers one complete request on `fd` (owned; closed here).
  void Serve(int fd, const std::string& request, const std::string& peer_ip,
             int peer_port);

  const BoundedRequestReaderOptions options_;
  const ServeFn serve_;
  const RefusedFn refused_;
  std::unique_ptr<WorkerPool> workers_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: tells the poller to stop.
  std::atomic<bool> stopping_{false};
  std::thread poller_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_HTTP_BOUNDED_REQUEST_READER_H_
