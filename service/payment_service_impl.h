// Copyright 2026 The msp-gateway Authors.
//
// File: payment_service_impl.h
//
// The RPC edge of payments.v1.PaymentService (gRPC callback API). Each call
// runs validate -> translate on the gRPC thread (cheap, pure), then the
// blocking MultiSafepay call on the bounded worker pool. This is the only
// place where absl::Status becomes grpc::Status.

#ifndef MSP_GATEWAY_SERVICE_PAYMENT_SERVICE_IMPL_H_
#define MSP_GATEWAY_SERVICE_PAYMENT_SERVICE_IMPL_H_

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

 private:
  MspClient& msp_;
  WorkerPool& pool_;
  IdempotencyCache& idempotency_;
  RpcLogger& logger_;
  GatewayMetrics& metrics_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_PAYMENT_SERVICE_IMPL_H_
