// Copyright 2026 The msp-gateway Authors.
//
// File: admin_server.h
//
// The small HTTP port operators and Kubernetes use (default 9090):
//   /metrics  Prometheus text format
//   /healthz  200 while the process is alive
//   /readyz   200 while the gateway takes traffic, 503 before it is ready and
//             from the moment shutdown starts

#ifndef MSP_GATEWAY_SERVICE_ADMIN_SERVER_H_
#define MSP_GATEWAY_SERVICE_ADMIN_SERVER_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "service/metrics.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace msp_gateway {

class AdminServer {
 public:
  // `metrics` must outlive the server.
  explicit AdminServer(const GatewayMetrics& metrics);
  ~AdminServer();

  // Serves on host:port (0 = ephemeral) from a background thread; returns the
  // bound port.
  absl::StatusOr<int> Start(const std::string& host, int port);
  void Stop();

  void SetReady(bool ready) { ready_.store(ready); }
  bool ready() const { return ready_.load(); }

 private:
  const GatewayMetrics& metrics_;
  std::atomic<bool> ready_{false};
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ADMIN_SERVER_H_
