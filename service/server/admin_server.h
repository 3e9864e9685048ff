// Copyright 2026 The msp-gateway Authors.
//
// File: admin_server.h
//
// The small HTTP port operators and Kubernetes use (default 9090):
//   /metrics  Prometheus text format
//   /healthz  200 while the process is alive
//   /readyz   200 while the gateway takes traffic, 503 before it is ready and
//             from the moment shutdown starts
//
// The port is plaintext HTTP on the pod IP, and kubelet restarts the pod when
// /healthz does not answer. So slow or idle clients must never hold the
// threads that answer probes (defect 8 of issue 8: with cpp-httplib's own
// thread pool, ~20 slowloris connections made /healthz time out for 8 s;
// its read timeout is per byte, not per request). Here
// (service/http/bounded_request_reader.h):
//   * One poller thread accepts connections and reads each request head
//     (request line and headers) without blocking, into a buffer of at most
//     `max_request_bytes`. A slow client costs a file descriptor and that
//     buffer, never a thread.
//   * A connection whose head is not complete `request_timeout` after accept
//     is closed. Connections still sending their head are limited to
//     `max_connections_per_client` per peer address and
//     `max_pending_connections` in all; past a limit the oldest such
//     connection (of that address, or of all) is closed. Clients that send a
//     whole request at once, as probes and scrapers do, are done with this
//     stage within microseconds, so they are (almost) never the oldest.
//   * A complete head goes to `worker_threads` workers, which let
//     cpp-httplib parse and route it (httplib::Server::process_request) and
//     write the answer within `write_timeout`. Workers never read from the
//     socket: the endpoints are GETs without a body, and a body is not read
//     (httplib answers 400 for a request that needs one).
//   * One request per connection, answered with `Connection: close`: no
//     keep-alive connection can sit on a worker. Kubelet opens a connection
//     per probe anyway; Prometheus reconnects per scrape.

#ifndef MSP_GATEWAY_SERVICE_SERVER_ADMIN_SERVER_H_
#define MSP_GATEWAY_SERVICE_SERVER_ADMIN_SERVER_H_

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/http/bounded_request_reader.h"
#include "service/rpc/metrics.h"

namespace msp_gateway {

struct AdminServerOptions {
  // From accept until the request head is complete. Probes and scrapers
  // send it in their first packet; kubelet's own probe timeout defaults to
  // 1 s.
  absl::Duration request_timeout = absl::Seconds(2);
  // For writing the answer.
  absl::Duration write_timeout = absl::Seconds(2);
  // Request line plus headers; more closes the connection. A probe sends a
  // few hundred bytes.
  size_t max_request_bytes = 16 * 1024;
  // Connections still sending their request head, per peer IP address and
  // in all. Enough that a loaded node's probes and scrapes never meet the
  // limit, small enough that one client cannot take every descriptor
  // (each costs at most max_request_bytes of buffer).
  int max_connections_per_client = 64;
  int max_pending_connections = 512;
  // Threads answering complete requests, and how many complete requests may
  // wait for them; beyond that a connection is answered 503 at once.
  int worker_threads = 2;
  size_t worker_queue = 64;
};

class AdminHttp;

class AdminServer {
 public:
  // `metrics` must outlive the server.
  explicit AdminServer(const GatewayMetrics& metrics,
                       AdminServerOptions options = AdminServerOptions());
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // Serves on host:port (0 = ephemeral) from background threads; returns the
  // bound port.
  absl::StatusOr<int> Start(const std::string& host, int port);
  // Closes the port and every connection still sending its request, lets the
  // workers answer what they accepted, and returns. Idempotent.
  void Stop();

  void SetReady(bool ready) { ready_.store(ready); }
  bool ready() const { return ready_.load(); }

 private:
  const GatewayMetrics& metrics_;
  const AdminServerOptions options_;
  std::atomic<bool> ready_{false};
  std::unique_ptr<AdminHttp> http_;
  // Last: its workers use http_.
  std::unique_ptr<BoundedRequestReader> reader_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_SERVER_ADMIN_SERVER_H_
