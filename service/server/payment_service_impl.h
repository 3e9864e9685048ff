// Copyright 2026 The msp-gateway Authors.
//
// File: payment_service_impl.h
//
// payments.v1.PaymentService: each method is one RPC spec (UnarySpec, in its
// domain folder) registered with the RPC edge (UnaryRunner,
// service/rpc/unary_runner.h, which says what every call goes through). The
// class knows no RPC's logic; adding an RPC adds its spec to the list in
// payment_service_impl.cc. WatchOrderEvents, the one server stream, is
// served by its reactor (service/order_events/watch_order_events.h) over the
// process's OrderEventHub. Construction aborts if a method of the service has
// no spec, or a spec's types do not match its method.

#ifndef MSP_GATEWAY_SERVICE_SERVER_PAYMENT_SERVICE_IMPL_H_
#define MSP_GATEWAY_SERVICE_SERVER_PAYMENT_SERVICE_IMPL_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/callers/caller_gate.h"
#include "service/create_order/order_defaults.h"
#include "service/order_events/order_event_hub.h"
#include "service/rpc/claimed_call.h"
#include "service/rpc/idempotency_cache.h"
#include "service/rpc/metrics.h"
#include "service/rpc/rpc_log.h"
#include "service/rpc/settlement.h"
#include "service/rpc/unary_runner.h"
#include "service/rpc/worker_pool.h"
#include "service/upstream/msp_client.h"

namespace msp_gateway {

class PaymentServiceImpl final : public payments::v1::PaymentService::Service {
 public:
  using Options = UnaryRunnerOptions;

  // Every collaborator must outlive the service. `order_events` serves
  // WatchOrderEvents (service/order_events/watch_order_events.h); nullptr:
  // that method answers FAILED_PRECONDITION "order events are not
  // configured".
  PaymentServiceImpl(MspClient& msp, WorkerPool& pool,
                     IdempotencyCache& idempotency, RpcLogger& logger,
                     GatewayMetrics& metrics, Options options = {},
                     OrderEventHub* order_events = nullptr,
                     OrderDefaults create_order_defaults = {});

  // Serves WatchOrderEvents from `hub` (which must outlive the service)
  // instead of the constructor's. Only before the gRPC server starts.
  void SetOrderEvents(OrderEventHub* hub) { order_events_ = hub; }

  // See UnaryRunner::StopSendingAt(); PaymentServer::Shutdown calls it with
  // now + grace.
  void StopSendingAt(absl::Time at) { runner_.StopSendingAt(at); }

  // See UnaryRunner::WaitForUpstreamCalls().
  void WaitForUpstreamCalls() { runner_.WaitForUpstreamCalls(); }

  // Each method's settlement of an ambiguous write, by method name (only
  // the methods that have one), for the background reconciler.
  const absl::flat_hash_map<std::string, Settlement>& settlements() const {
    return settlements_;
  }

  // ClaimedCallEnv::send of the runner, for the reconciler's lookups.
  SendMsp sender() { return runner_.sender(); }

 private:
  // Serves the method named `spec.method` with `spec`, as a raw-bytes
  // callback method.
  template <typename Spec>
  void Register(const Spec& spec);
  // Serves WatchOrderEvents (a server stream, not a unary spec).
  void RegisterWatchOrderEvents();

  UnaryRunner runner_;
  // Who may call (Options::callers); also checked for WatchOrderEvents.
  const CallerGate* callers_;    // May be null.
  OrderEventHub* order_events_;  // May be null.
  // CreateOrder with the deployment's defaults (order_defaults.h).
  const ConfiguredUnarySpec<payments::v1::CreateOrderRequest,
                            payments::v1::CreateOrderResponse>
      create_order_spec_;
  std::vector<bool> registered_;  // By method index.
  absl::flat_hash_map<std::string, Settlement> settlements_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_SERVER_PAYMENT_SERVICE_IMPL_H_
