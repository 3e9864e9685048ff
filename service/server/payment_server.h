// Copyright 2026 The msp-gateway Authors.
//
// File: payment_server.h
//
// The whole gateway process minus main(): the gRPC server with
// PaymentService, server reflection and the standard health service, wired to
// the MultiSafepay client and the worker pool. Tests start it in-process.

#ifndef MSP_GATEWAY_SERVICE_SERVER_PAYMENT_SERVER_H_
#define MSP_GATEWAY_SERVICE_SERVER_PAYMENT_SERVER_H_

#include <memory>
#include <ostream>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/server.h"
#include "service/rpc/idempotency_cache.h"
#include "service/rpc/metrics.h"
#include "service/rpc/rpc_log.h"
#include "service/rpc/worker_pool.h"
#include "service/server/admin_server.h"
#include "service/server/payment_service_impl.h"
#include "service/server/server_config.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/msp_client.h"

namespace msp_gateway {

class PaymentServer {
 public:
  // Builds and starts the server; RPC log lines go to `log`, which must
  // outlive the server.
  static absl::StatusOr<std::unique_ptr<PaymentServer>> Start(
      const ServerConfig& config, std::ostream& log);
  ~PaymentServer();

  // The bound gRPC port (useful with port 0).
  int port() const { return port_; }
  // The bound admin HTTP port; -1 when disabled.
  int admin_port() const { return admin_port_; }

  GatewayMetrics& metrics() { return metrics_; }

  // Reports NOT_SERVING, stops accepting calls, lets calls in flight finish
  // for up to `grace`, then cancels the rest. Nothing is sent to
  // MultiSafepay after `grace` (queued calls are answered unsent), and
  // upstream requests started after this call end by then; returns when
  // those started before have ended too. Idempotent.
  void Shutdown(absl::Duration grace);

 private:
  PaymentServer(const ServerConfig& config, std::ostream& log,
                std::unique_ptr<HttpTransport> transport);

  GatewayMetrics metrics_;
  std::unique_ptr<HttpTransport> transport_;
  MspClient msp_;
  WorkerPool pool_;
  IdempotencyCache idempotency_;
  RpcLogger logger_;
  PaymentServiceImpl service_;
  AdminServer admin_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  int admin_port_ = -1;
  bool shut_down_ = false;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_SERVER_PAYMENT_SERVER_H_
