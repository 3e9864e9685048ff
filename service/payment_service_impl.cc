// Copyright 2026 The msp-gateway Authors.

#include "service/payment_service_impl.h"

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "service/error_details.h"
#include "service/grpc_status.h"
#include "service/order/order_translator.h"
#include "service/order/order_validator.h"

namespace msp_gateway {
namespace {

using payments::v1::CreateOrderRequest;
using payments::v1::CreateOrderResponse;

// The caller's deadline; InfiniteFuture when it set none.
absl::Time CallDeadline(const grpc::CallbackServerContext& context) {
  const std::chrono::system_clock::time_point deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(deadline);
}

std::string ErrorReason(const absl::Status& status) {
  if (status.ok()) return "";
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

}  // namespace

PaymentServiceImpl::PaymentServiceImpl(MspClient& msp, WorkerPool& pool,
                                       IdempotencyCache& idempotency,
                                       RpcLogger& logger,
                                       GatewayMetrics& metrics)
    : msp_(msp),
      pool_(pool),
      idempotency_(idempotency),
      logger_(logger),
      metrics_(metrics) {}

grpc::ServerUnaryReactor* PaymentServiceImpl::CreateOrder(
    grpc::CallbackServerContext* context, const CreateOrderRequest* request,
    CreateOrderResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time start = absl::Now();
  metrics_.RpcStarted();
  // Finishes the RPC exactly once, with a log line. Safe to call from any
  // thread; `request` must not be used after it ran.
  auto finish = [this, reactor, response, start,
                 order_id = request->order_id()](
                    const absl::StatusOr<CreateOrderResponse>& result) {
    if (result.ok()) *response = *result;
    const absl::Status status = result.status();
    // Counted and logged before the answer leaves, so whoever sees the answer
    // also sees it in /metrics.
    const absl::Duration latency = absl::Now() - start;
    metrics_.RecordRpc("CreateOrder", status.code(), latency);
    metrics_.RpcFinished();
    logger_.Log(
        {"CreateOrder", order_id, status.code(), latency, ErrorReason(status)});
    reactor->Finish(ToGrpcStatus(status));
  };

  if (absl::Status valid = ValidateCreateOrder(*request); !valid.ok()) {
    finish(valid);
    return reactor;
  }
  absl::StatusOr<std::string> order_json = TranslateCreateOrder(*request);
  if (!order_json.ok()) {
    finish(absl::InternalError(order_json.status().message()));
    return reactor;
  }
  const absl::Time deadline = CallDeadline(*context);
  if (deadline <= absl::Now()) {
    // Nothing was sent: the caller may safely retry with a longer deadline.
    finish(absl::DeadlineExceededError(
        "deadline expired before the order was sent to MultiSafepay"));
    return reactor;
  }

  const std::string order_id = request->order_id();
  if (idempotency_.Begin(order_id, RequestFingerprint(*request), finish) !=
      IdempotencyCache::Admission::kProceed) {
    return reactor;  // Answered from the cache or joined the call in flight.
  }

  auto call = [this, order_id, deadline, finish,
               json = std::move(*order_json)]() {
    absl::StatusOr<MspCreateOrderResult> created =
        msp_.CreateOrder(json, deadline);
    absl::StatusOr<CreateOrderResponse> result;
    if (created.ok()) {
      CreateOrderResponse out;
      out.set_order_id(created->order_id.empty() ? order_id
                                                 : created->order_id);
      out.set_payment_url(created->payment_url);
      out.set_session_id(created->session_id);
      result = std::move(out);
    } else {
      result = created.status();
    }
    idempotency_.Complete(order_id, result);
    finish(result);
  };
  if (!pool_.TrySubmit(std::move(call))) {
    absl::Status busy = WithRetryInfo(
        WithErrorInfo(absl::ResourceExhaustedError(
                          "the gateway is at capacity; retry with backoff"),
                      "WORKER_POOL_FULL", kGatewayErrorDomain),
        absl::Milliseconds(200));
    idempotency_.Complete(order_id, busy);
    finish(busy);
  }
  return reactor;
}

}  // namespace msp_gateway
