// Copyright 2026 The msp-gateway Authors.
//
// File: payment_server.h
//
// The whole gateway process minus main(): the gRPC server with
// PaymentService, server reflection and the standard health service, wired to
// the MultiSafepay client, the worker pool and the order store (with its
// maintenance loop: readiness, purge, reconciliation). Tests start it
// in-process.

#ifndef MSP_GATEWAY_SERVICE_SERVER_PAYMENT_SERVER_H_
#define MSP_GATEWAY_SERVICE_SERVER_PAYMENT_SERVER_H_

#include <memory>
#include <ostream>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/server.h"
#include "service/callers/caller_gate.h"
#include "service/callers/watched_authz_policy.h"
#include "service/notifications/notification_listener.h"
#include "service/order_events/notification_intake.h"
#include "service/order_events/order_event_hub.h"
#include "service/order_events/order_event_recorder.h"
#include "service/order_events/order_poller.h"
#include "service/rpc/idempotency_cache.h"
#include "service/rpc/metrics.h"
#include "service/rpc/reconciler.h"
#include "service/rpc/rpc_log.h"
#include "service/rpc/worker_pool.h"
#include "service/server/admin_server.h"
#include "service/server/payment_service_impl.h"
#include "service/server/reflection_v1.h"
#include "service/server/server_config.h"
#include "service/server/store_maintenance.h"
#include "service/store/open/open_order_store.h"
#include "service/store/order_store.h"
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
  // The bound notification listener port; -1 when disabled.
  int notification_port() const { return notification_port_; }

  GatewayMetrics& metrics() { return metrics_; }

  // Reports NOT_SERVING, stops accepting calls, lets calls in flight finish
  // for up to `grace`, then cancels the rest. Nothing is sent to
  // MultiSafepay after `grace` (queued calls are answered unsent), and
  // upstream requests started after this call end by then; returns when
  // those started before have ended too. Idempotent.
  void Shutdown(absl::Duration grace);

 private:
  PaymentServer(const ServerConfig& config, std::ostream& log,
                std::unique_ptr<HttpTransport> transport,
                OpenedOrderStore store,
                std::unique_ptr<WatchedAuthzPolicy> authz_policy);

  // Readiness (admin /readyz and gRPC health) is serving only while the
  // server is up, not shutting down, and the order store answers.
  void SetStoreHealthy(bool healthy);
  void UpdateReadiness() ABSL_EXCLUSIVE_LOCKS_REQUIRED(ready_mu_);

  GatewayMetrics metrics_;
  std::unique_ptr<HttpTransport> transport_;
  // The records (orders()) and the order events (events()).
  OpenedOrderStore store_;
  MspClient msp_;
  WorkerPool pool_;
  // The store's blocking work (claims, records), off the gRPC and
  // transport threads.
  WorkerPool store_pool_;
  IdempotencyCache idempotency_;
  RpcLogger logger_;
  // Order events (issue 12): what the gateway learns of its orders, and
  // the live side of WatchOrderEvents (started in Start()).
  OrderEventRecorder recorder_;
  std::unique_ptr<OrderEventHub> hub_;
  // Who may call what (issue 13): --authz_policy_file, watched; null
  // without one. The gate reads the caller of every call.
  std::unique_ptr<WatchedAuthzPolicy> authz_policy_;
  CallerGate callers_;
  // How the service's money-moving answers are read back (set once the
  // service exists; see ServiceOptions in the .cc).
  ReadMspOrder read_back_;
  PaymentServiceImpl service_;
  Reconciler reconciler_;
  StoreMaintenance maintenance_;
  // Notifications in (a GET hint is read from MultiSafepay through the
  // service's sender) and the poller that finds what they lost.
  NotificationIntake intake_;
  std::unique_ptr<NotificationListener> listener_;
  OrderPoller poller_;
  AdminServer admin_;
  // grpc.reflection.v1 beside the v1alpha plugin (issue 14).
  ServerReflectionV1 reflection_v1_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  int admin_port_ = -1;
  int notification_port_ = -1;
  bool shut_down_ = false;
  absl::Mutex ready_mu_;
  bool serving_ ABSL_GUARDED_BY(ready_mu_) = false;
  bool store_healthy_ ABSL_GUARDED_BY(ready_mu_) = true;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_SERVER_PAYMENT_SERVER_H_
