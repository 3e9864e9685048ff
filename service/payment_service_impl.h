// Copyright 2026 The msp-gateway Authors.
//
// File: payment_service_impl.h
//
// The RPC edge of payments.v1.PaymentService (gRPC callback API). Every RPC
// takes the same path (RunUnary):
//
//   1. validate + translate on the gRPC thread (cheap, pure; service/order/
//      for CreateOrder, service/lifecycle/ for the others); an invalid
//      request is INVALID_ARGUMENT with field violations and is never sent;
//   2. a call whose deadline has already passed is DEADLINE_EXCEEDED and is
//      not sent upstream;
//   3. CreateOrder only: idempotency admission (idempotency_cache.h);
//   4. the blocking MultiSafepay call on the bounded worker pool, with the
//      caller's deadline capping the upstream timeout; a full pool is
//      RESOURCE_EXHAUSTED (WORKER_POOL_FULL + RetryInfo) at once;
//   5. the response mapping (pure), then metrics (method, code, latency), one
//      JSON log line (method and order_id only) and the answer.
//
// This is the only place where absl::Status becomes grpc::Status.

#ifndef MSP_GATEWAY_SERVICE_PAYMENT_SERVICE_IMPL_H_
#define MSP_GATEWAY_SERVICE_PAYMENT_SERVICE_IMPL_H_

#include <functional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/idempotency_cache.h"
#include "service/metrics.h"
#include "service/rpc_log.h"
#include "service/upstream/msp_client.h"
#include "service/worker_pool.h"

namespace msp_gateway {

class PaymentServiceImpl final
    : public payments::v1::PaymentService::CallbackService {
 public:
  // Every collaborator must outlive the service.
  PaymentServiceImpl(MspClient& msp, WorkerPool& pool,
                     IdempotencyCache& idempotency, RpcLogger& logger,
                     GatewayMetrics& metrics);

  // payments::v1::PaymentService::CallbackService
  grpc::ServerUnaryReactor* CreateOrder(
      grpc::CallbackServerContext* context,
      const payments::v1::CreateOrderRequest* request,
      payments::v1::CreateOrderResponse* response) override;
  grpc::ServerUnaryReactor* GetOrder(
      grpc::CallbackServerContext* context,
      const payments::v1::GetOrderRequest* request,
      payments::v1::GetOrderResponse* response) override;
  grpc::ServerUnaryReactor* UpdateOrder(
      grpc::CallbackServerContext* context,
      const payments::v1::UpdateOrderRequest* request,
      payments::v1::UpdateOrderResponse* response) override;
  grpc::ServerUnaryReactor* CancelOrder(
      grpc::CallbackServerContext* context,
      const payments::v1::CancelOrderRequest* request,
      payments::v1::CancelOrderResponse* response) override;
  grpc::ServerUnaryReactor* CaptureOrder(
      grpc::CallbackServerContext* context,
      const payments::v1::CaptureOrderRequest* request,
      payments::v1::CaptureOrderResponse* response) override;
  grpc::ServerUnaryReactor* RefundOrder(
      grpc::CallbackServerContext* context,
      const payments::v1::RefundOrderRequest* request,
      payments::v1::RefundOrderResponse* response) override;
  grpc::ServerUnaryReactor* ListGateways(
      grpc::CallbackServerContext* context,
      const payments::v1::ListGatewaysRequest* request,
      payments::v1::ListGatewaysResponse* response) override;
  grpc::ServerUnaryReactor* GetGateway(
      grpc::CallbackServerContext* context,
      const payments::v1::GetGatewayRequest* request,
      payments::v1::GetGatewayResponse* response) override;

 private:
  // Answers the call; runs exactly once per RPC, on any thread.
  template <typename Response>
  using Finish = std::function<void(const absl::StatusOr<Response>&)>;

  // The blocking MultiSafepay part of one call, run on a worker with the
  // caller's deadline: the upstream request and the mapping of its answer.
  template <typename Response>
  using Upstream = std::function<absl::StatusOr<Response>(absl::Time)>;

  // Optional steps around the upstream call (CreateOrder's idempotency).
  template <typename Response>
  struct Hooks {
    // Runs after the deadline check. Returns false when it has taken over
    // answering the call (through the Finish it was given).
    std::function<bool(const Finish<Response>&)> admit;
    // Sees the result of every admitted call (including WORKER_POOL_FULL)
    // just before the caller does.
    std::function<void(const absl::StatusOr<Response>&)> on_result;
  };

  // The one path of every RPC (see the file comment). `prepare` validates
  // and translates the request on the calling thread and returns the
  // upstream step, or the error to answer at once. `method` names the RPC
  // in metrics and logs; `order_id_for_log` is the only request data logged.
  template <typename Response>
  grpc::ServerUnaryReactor* RunUnary(
      grpc::CallbackServerContext* context, absl::string_view method,
      std::string order_id_for_log, Response* response,
      absl::FunctionRef<absl::StatusOr<Upstream<Response>>()> prepare,
      Hooks<Response> hooks = {});

  MspClient& msp_;
  WorkerPool& pool_;
  IdempotencyCache& idempotency_;
  RpcLogger& logger_;
  GatewayMetrics& metrics_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_PAYMENT_SERVICE_IMPL_H_
