// Copyright 2026 The msp-gateway Authors.

#include "service/payment_service_impl.h"

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "service/error_details.h"
#include "service/grpc_status.h"
#include "service/lifecycle/gateway_mapper.h"
#include "service/lifecycle/order_mapper.h"
#include "service/lifecycle/request_translator.h"
#include "service/lifecycle/request_validator.h"
#include "service/lifecycle/result_mapper.h"
#include "service/order/gateway_ids.h"
#include "service/order/order_translator.h"
#include "service/order/order_validator.h"

namespace msp_gateway {
namespace {

using payments::v1::CancelOrderRequest;
using payments::v1::CancelOrderResponse;
using payments::v1::CaptureOrderRequest;
using payments::v1::CaptureOrderResponse;
using payments::v1::CreateOrderRequest;
using payments::v1::CreateOrderResponse;
using payments::v1::GetGatewayRequest;
using payments::v1::GetGatewayResponse;
using payments::v1::GetOrderRequest;
using payments::v1::GetOrderResponse;
using payments::v1::ListGatewaysRequest;
using payments::v1::ListGatewaysResponse;
using payments::v1::RefundOrderRequest;
using payments::v1::RefundOrderResponse;
using payments::v1::UpdateOrderRequest;
using payments::v1::UpdateOrderResponse;

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

// A translator refusing a request its validator accepted is the gateway's
// bug, not the caller's.
absl::Status TranslationBug(const absl::Status& status) {
  return absl::InternalError(status.message());
}

// `reply` mapped by `map`, or the upstream failure as it is.
template <typename Response, typename MapFn>
absl::StatusOr<Response> MapReply(const absl::StatusOr<MspReply>& reply,
                                  MapFn map) {
  if (!reply.ok()) return reply.status();
  return map(*reply);
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

template <typename Response>
grpc::ServerUnaryReactor* PaymentServiceImpl::RunUnary(
    grpc::CallbackServerContext* context, absl::string_view method,
    std::string order_id_for_log, Response* response,
    absl::FunctionRef<absl::StatusOr<Upstream<Response>>()> prepare,
    Hooks<Response> hooks) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time start = absl::Now();
  metrics_.RpcStarted();
  // Finishes the RPC exactly once, with a log line. Safe to call from any
  // thread; the request must not be used after it ran.
  Finish<Response> finish = [this, reactor, response, start,
                             method = std::string(method),
                             order_id = std::move(order_id_for_log)](
                                const absl::StatusOr<Response>& result) {
    if (result.ok()) *response = *result;
    const absl::Status status = result.status();
    // Counted and logged before the answer leaves, so whoever sees the answer
    // also sees it in /metrics.
    const absl::Duration latency = absl::Now() - start;
    metrics_.RecordRpc(method, status.code(), latency);
    metrics_.RpcFinished();
    logger_.Log(
        {method, order_id, status.code(), latency, ErrorReason(status)});
    reactor->Finish(ToGrpcStatus(status));
  };

  absl::StatusOr<Upstream<Response>> upstream = prepare();
  if (!upstream.ok()) {
    finish(upstream.status());
    return reactor;
  }
  const absl::Time deadline = CallDeadline(*context);
  if (deadline <= absl::Now()) {
    // Nothing was sent: the caller may safely retry with a longer deadline.
    finish(absl::DeadlineExceededError(absl::StrCat(
        "deadline expired before ", method, " was sent to MultiSafepay")));
    return reactor;
  }
  if (hooks.admit && !hooks.admit(finish)) {
    return reactor;  // Answered by the hook (e.g. from the idempotency cache).
  }

  auto call = [finish, deadline, on_result = hooks.on_result,
               upstream = *std::move(upstream)]() {
    const absl::StatusOr<Response> result = upstream(deadline);
    if (on_result) on_result(result);
    finish(result);
  };
  if (!pool_.TrySubmit(std::move(call))) {
    const absl::Status busy = WithRetryInfo(
        WithErrorInfo(absl::ResourceExhaustedError(
                          "the gateway is at capacity; retry with backoff"),
                      "WORKER_POOL_FULL", kGatewayErrorDomain),
        absl::Milliseconds(200));
    if (hooks.on_result) hooks.on_result(busy);
    finish(busy);
  }
  return reactor;
}

// In every handler below, `request` stays valid until the reactor finishes
// (gRPC owns it until then), so Upstream closures may read it: they run
// before `finish`.

grpc::ServerUnaryReactor* PaymentServiceImpl::CreateOrder(
    grpc::CallbackServerContext* context, const CreateOrderRequest* request,
    CreateOrderResponse* response) {
  const std::string order_id = request->order_id();
  auto prepare = [&]() -> absl::StatusOr<Upstream<CreateOrderResponse>> {
    if (absl::Status valid = ValidateCreateOrder(*request); !valid.ok()) {
      return valid;
    }
    absl::StatusOr<std::string> json = TranslateCreateOrder(*request);
    if (!json.ok()) return TranslationBug(json.status());
    return Upstream<CreateOrderResponse>(
        [this, order_id, json = *std::move(json)](
            absl::Time deadline) -> absl::StatusOr<CreateOrderResponse> {
          absl::StatusOr<MspCreateOrderResult> created =
              msp_.CreateOrder(json, deadline);
          if (!created.ok()) return created.status();
          CreateOrderResponse out;
          out.set_order_id(created->order_id.empty() ? order_id
                                                     : created->order_id);
          out.set_payment_url(created->payment_url);
          out.set_session_id(created->session_id);
          return out;
        });
  };
  Hooks<CreateOrderResponse> hooks;
  hooks.admit = [&](const Finish<CreateOrderResponse>& finish) {
    return idempotency_.Begin(order_id, RequestFingerprint(*request), finish) ==
           IdempotencyCache::Admission::kProceed;
  };
  hooks.on_result = [this,
                     order_id](const absl::StatusOr<CreateOrderResponse>& r) {
    idempotency_.Complete(order_id, r);
  };
  return RunUnary<CreateOrderResponse>(context, "CreateOrder", order_id,
                                       response, prepare, std::move(hooks));
}

grpc::ServerUnaryReactor* PaymentServiceImpl::GetOrder(
    grpc::CallbackServerContext* context, const GetOrderRequest* request,
    GetOrderResponse* response) {
  auto prepare = [&]() -> absl::StatusOr<Upstream<GetOrderResponse>> {
    if (absl::Status valid = ValidateGetOrder(*request); !valid.ok()) {
      return valid;
    }
    return Upstream<GetOrderResponse>([this, request](absl::Time deadline) {
      return MapReply<GetOrderResponse>(
          msp_.GetOrder(request->order_id(), deadline),
          [&](const MspReply& reply) -> absl::StatusOr<GetOrderResponse> {
            absl::StatusOr<payments::v1::Order> order =
                MapMspOrder(reply, request->order_id());
            if (!order.ok()) return order.status();
            GetOrderResponse out;
            *out.mutable_order() = *std::move(order);
            return out;
          });
    });
  };
  return RunUnary<GetOrderResponse>(context, "GetOrder", request->order_id(),
                                    response, prepare);
}

grpc::ServerUnaryReactor* PaymentServiceImpl::UpdateOrder(
    grpc::CallbackServerContext* context, const UpdateOrderRequest* request,
    UpdateOrderResponse* response) {
  auto prepare = [&]() -> absl::StatusOr<Upstream<UpdateOrderResponse>> {
    if (absl::Status valid = ValidateUpdateOrder(*request); !valid.ok()) {
      return valid;
    }
    absl::StatusOr<std::string> body = TranslateUpdateOrder(*request);
    if (!body.ok()) return TranslationBug(body.status());
    return Upstream<UpdateOrderResponse>(
        [this, request, body = *std::move(body)](absl::Time deadline) {
          return MapReply<UpdateOrderResponse>(
              msp_.UpdateOrder(request->order_id(), body, deadline),
              [&](const MspReply& reply) {
                return MapUpdateOrderResult(*request, reply);
              });
        });
  };
  return RunUnary<UpdateOrderResponse>(context, "UpdateOrder",
                                       request->order_id(), response, prepare);
}

grpc::ServerUnaryReactor* PaymentServiceImpl::CancelOrder(
    grpc::CallbackServerContext* context, const CancelOrderRequest* request,
    CancelOrderResponse* response) {
  auto prepare = [&]() -> absl::StatusOr<Upstream<CancelOrderResponse>> {
    if (absl::Status valid = ValidateCancelOrder(*request); !valid.ok()) {
      return valid;
    }
    absl::StatusOr<std::string> body = TranslateCancelOrder(*request);
    if (!body.ok()) return TranslationBug(body.status());
    // A cancel is MultiSafepay's PATCH /orders/{order_id}.
    return Upstream<CancelOrderResponse>(
        [this, request, body = *std::move(body)](absl::Time deadline) {
          return MapReply<CancelOrderResponse>(
              msp_.UpdateOrder(request->order_id(), body, deadline),
              [&](const MspReply& reply) {
                return MapCancelOrderResult(*request, reply);
              });
        });
  };
  return RunUnary<CancelOrderResponse>(context, "CancelOrder",
                                       request->order_id(), response, prepare);
}

grpc::ServerUnaryReactor* PaymentServiceImpl::CaptureOrder(
    grpc::CallbackServerContext* context, const CaptureOrderRequest* request,
    CaptureOrderResponse* response) {
  auto prepare = [&]() -> absl::StatusOr<Upstream<CaptureOrderResponse>> {
    if (absl::Status valid = ValidateCaptureOrder(*request); !valid.ok()) {
      return valid;
    }
    absl::StatusOr<std::string> body = TranslateCaptureOrder(*request);
    if (!body.ok()) return TranslationBug(body.status());
    return Upstream<CaptureOrderResponse>(
        [this, request, body = *std::move(body)](absl::Time deadline) {
          return MapReply<CaptureOrderResponse>(
              msp_.CaptureOrder(request->order_id(), body, deadline),
              [&](const MspReply& reply) {
                return MapCaptureOrderResult(*request, reply);
              });
        });
  };
  return RunUnary<CaptureOrderResponse>(context, "CaptureOrder",
                                        request->order_id(), response, prepare);
}

grpc::ServerUnaryReactor* PaymentServiceImpl::RefundOrder(
    grpc::CallbackServerContext* context, const RefundOrderRequest* request,
    RefundOrderResponse* response) {
  auto prepare = [&]() -> absl::StatusOr<Upstream<RefundOrderResponse>> {
    if (absl::Status valid = ValidateRefundOrder(*request); !valid.ok()) {
      return valid;
    }
    absl::StatusOr<std::string> body = TranslateRefundOrder(*request);
    if (!body.ok()) return TranslationBug(body.status());
    return Upstream<RefundOrderResponse>(
        [this, request, body = *std::move(body)](absl::Time deadline) {
          return MapReply<RefundOrderResponse>(
              msp_.RefundOrder(request->order_id(), body, deadline),
              [&](const MspReply& reply) {
                return MapRefundOrderResult(*request, reply);
              });
        });
  };
  return RunUnary<RefundOrderResponse>(context, "RefundOrder",
                                       request->order_id(), response, prepare);
}

grpc::ServerUnaryReactor* PaymentServiceImpl::ListGateways(
    grpc::CallbackServerContext* context, const ListGatewaysRequest* request,
    ListGatewaysResponse* response) {
  auto prepare = [&]() -> absl::StatusOr<Upstream<ListGatewaysResponse>> {
    if (absl::Status valid = ValidateListGateways(*request); !valid.ok()) {
      return valid;
    }
    return Upstream<ListGatewaysResponse>(
        [this, filter = TranslateListGateways(*request)](absl::Time deadline) {
          return MapReply<ListGatewaysResponse>(
              msp_.ListGateways(filter, deadline), MapMspGatewayList);
        });
  };
  return RunUnary<ListGatewaysResponse>(context, "ListGateways", "", response,
                                        prepare);
}

grpc::ServerUnaryReactor* PaymentServiceImpl::GetGateway(
    grpc::CallbackServerContext* context, const GetGatewayRequest* request,
    GetGatewayResponse* response) {
  auto prepare = [&]() -> absl::StatusOr<Upstream<GetGatewayResponse>> {
    if (absl::Status valid = ValidateGetGateway(*request); !valid.ok()) {
      return valid;
    }
    return Upstream<GetGatewayResponse>(
        [this,
         id = std::string(GatewayId(request->gateway()))](absl::Time deadline) {
          return MapReply<GetGatewayResponse>(msp_.GetGateway(id, deadline),
                                              MapMspGateway);
        });
  };
  return RunUnary<GetGatewayResponse>(context, "GetGateway", "", response,
                                      prepare);
}

}  // namespace msp_gateway
