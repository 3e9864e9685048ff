// Copyright 2026 The msp-gateway Authors.

#include "service/server/payment_service_impl.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "service/common/error_details.h"
#include "service/rpc/grpc_status.h"
#include "service/gateways/gateway_mapper.h"
#include "service/msp_order/order_mapper.h"
#include "service/order_actions/request_translator.h"
#include "service/order_actions/request_validator.h"
#include "service/order_actions/result_mapper.h"
#include "service/gateways/gateway_ids.h"
#include "service/create_order/order_translator.h"
#include "service/create_order/order_validator.h"

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

// ErrorInfo reasons of the calls the gateway answers itself (docs/errors.md).
constexpr char kMalformedRequest[] = "MALFORMED_REQUEST";
constexpr char kRequestTooLarge[] = "REQUEST_TOO_LARGE";
constexpr char kDeadlineTooShort[] = "DEADLINE_TOO_SHORT";
constexpr char kCallCancelled[] = "CALL_CANCELLED";
constexpr char kShuttingDown[] = "SHUTTING_DOWN";
constexpr char kWorkerPoolFull[] = "WORKER_POOL_FULL";
constexpr char kNotSent[] = "NOT_SENT";

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

// Whether `Request` has an order_id (ListGateways and GetGateway do not).
template <typename T, typename = void>
struct HasOrderId : std::false_type {};
template <typename T>
struct HasOrderId<T, std::void_t<decltype(std::declval<const T&>().order_id())>>
    : std::true_type {};

// The only request data that goes into the log line.
template <typename Request>
std::string OrderIdForLog(const Request& request) {
  if constexpr (HasOrderId<Request>::value) {
    return request.order_id();
  } else {
    return "";
  }
}

// Parses the caller's bytes into `request`. The size is checked first, on
// the buffer gRPC already holds, so an oversized request costs no parsing,
// validation or translation.
template <typename Request>
absl::Status ParseRequest(const grpc::ByteBuffer& raw, size_t max_bytes,
                          Request* request) {
  const size_t size = raw.Valid() ? raw.Length() : 0;
  const std::string& type = Request::descriptor()->full_name();
  if (size > max_bytes) {
    return WithErrorInfo(
        InvalidArgumentError(
            absl::StrCat("the request is too large: ", size, " bytes, at most ",
                         max_bytes, " are accepted"),
            {{"", absl::StrCat("the serialized ", type, " must be at most ",
                               max_bytes, " bytes, got ", size)}}),
        kRequestTooLarge, kGatewayErrorDomain,
        {{"max_request_bytes", absl::StrCat(max_bytes)},
         {"request_sent", "false"}});
  }
  // No bytes is a valid message: every field at its default.
  if (size == 0) return absl::OkStatus();
  grpc::ByteBuffer bytes(raw);  // Shares the slices; the reader consumes it.
  grpc::ProtoBufferReader reader(&bytes);
  if (!request->ParseFromZeroCopyStream(&reader)) {
    // Random bytes, a truncated message, invalid UTF-8 in a string field.
    return WithErrorInfo(absl::InvalidArgumentError(
                             absl::StrCat("the body is not a valid ", type)),
                         kMalformedRequest, kGatewayErrorDomain,
                         {{"request_type", type}, {"request_sent", "false"}});
  }
  return absl::OkStatus();
}

// What identical CreateOrder calls that joined a call which was then not sent
// are told. Their callers are still waiting, whatever stopped the first one
// (its deadline, its cancellation), so: UNAVAILABLE, which the client library
// retries for CreateOrder, and the retry proceeds (failures are not cached).
absl::Status ForJoinedCallers(const absl::Status& not_sent) {
  return WithRetryInfo(
      WithErrorInfo(absl::UnavailableError(absl::StrCat(
                        "an identical CreateOrder in progress was not sent to "
                        "MultiSafepay (",
                        not_sent.message(), "); nothing was sent: retry")),
                    kNotSent, kGatewayErrorDomain, {{"request_sent", "false"}}),
      absl::Milliseconds(100));
}

}  // namespace

PaymentServiceImpl::PaymentServiceImpl(MspClient& msp, WorkerPool& pool,
                                       IdempotencyCache& idempotency,
                                       RpcLogger& logger,
                                       GatewayMetrics& metrics, Options options)
    : msp_(msp),
      pool_(pool),
      idempotency_(idempotency),
      logger_(logger),
      metrics_(metrics),
      options_(options) {}

void PaymentServiceImpl::StopSendingAt(absl::Time at) {
  stop_sending_at_ns_.store(absl::ToUnixNanos(at), std::memory_order_release);
}

absl::Time PaymentServiceImpl::stop_sending_at() const {
  const int64_t ns = stop_sending_at_ns_.load(std::memory_order_acquire);
  return ns == std::numeric_limits<int64_t>::max() ? absl::InfiniteFuture()
                                                   : absl::FromUnixNanos(ns);
}

absl::Status PaymentServiceImpl::CheckSendable(
    const grpc::CallbackServerContext& context, absl::string_view method,
    Effect effect, absl::Time deadline, absl::Time* send_by) {
  const absl::Time now = absl::Now();
  const absl::Time stop = stop_sending_at();
  // A write sent with too little time left mostly ends as DEADLINE_EXCEEDED
  // for the caller while MultiSafepay goes on and creates (or refunds) what
  // the caller was told failed. A read sent late only wastes a worker.
  const absl::Duration needed = effect == Effect::kWrite
                                    ? options_.min_upstream_budget
                                    : absl::ZeroDuration();
  const absl::Time limit = std::min(deadline, stop);
  const bool enough_time = limit > now && limit - now >= needed;
  absl::Status refused;
  if (!enough_time && stop < deadline) {
    // Past (or too close to) the end of the shutdown grace, when gRPC
    // cancels every call: another replica can take it.
    refused = WithRetryInfo(
        WithErrorInfo(absl::UnavailableError(absl::StrCat(
                          "this gateway replica is shutting down; ", method,
                          " was not sent to MultiSafepay: retry")),
                      kShuttingDown, kGatewayErrorDomain,
                      {{"request_sent", "false"}}),
        absl::Milliseconds(100));
  } else if (!enough_time) {
    const std::string why =
        deadline <= now
            ? std::string("the deadline passed")
            : absl::StrCat("only ", absl::ToInt64Milliseconds(deadline - now),
                           " ms of the deadline were left, less than the ",
                           absl::ToInt64Milliseconds(needed), " ms needed");
    refused = WithErrorInfo(
        absl::DeadlineExceededError(absl::StrCat(
            why, " before ", method,
            " was sent to MultiSafepay; nothing was sent: retry with a "
            "longer deadline")),
        kDeadlineTooShort, kGatewayErrorDomain,
        {{"request_sent", "false"},
         {"min_upstream_budget_ms",
          absl::StrCat(absl::ToInt64Milliseconds(needed))}});
  } else if (context.IsCancelled()) {
    // The caller is gone (it cancelled, or gRPC cancelled the call at its
    // deadline or at the end of the shutdown grace): nobody would learn
    // what MultiSafepay did.
    refused = WithErrorInfo(absl::CancelledError(absl::StrCat(
                                "the call was cancelled before ", method,
                                " was sent to MultiSafepay; nothing was sent")),
                            kCallCancelled, kGatewayErrorDomain,
                            {{"request_sent", "false"}});
  } else {
    *send_by = limit;
    return absl::OkStatus();
  }
  metrics_.RecordRefusal(method, ErrorReason(refused));
  return refused;
}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* PaymentServiceImpl::Serve(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* raw_request,
    grpc::ByteBuffer* raw_response, absl::string_view method, Effect effect,
    absl::FunctionRef<
        absl::StatusOr<Prepared<Response>>(std::shared_ptr<const Request>)>
        prepare) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Time start = absl::Now();
  metrics_.RpcStarted();
  auto request = std::make_shared<Request>();
  const absl::Status parsed =
      ParseRequest(*raw_request, options_.max_request_bytes, request.get());
  // Finishes the RPC exactly once, with a log line. Safe to call from any
  // thread; neither `context` nor `raw_response` may be used after it ran.
  Finish<Response> finish =
      [this, reactor, raw_response, start, method = std::string(method),
       order_id = parsed.ok() ? OrderIdForLog(*request) : std::string()](
          const absl::StatusOr<Response>& result) {
        absl::Status status = result.status();
        if (status.ok()) {
          bool own_buffer = false;
          if (!grpc::SerializationTraits<Response>::Serialize(
                   *result, raw_response, &own_buffer)
                   .ok()) {
            status = absl::InternalError("cannot serialize the response");
          }
        }
        // Counted and logged before the answer leaves, so whoever sees the
        // answer also sees it in /metrics.
        const absl::Duration latency = absl::Now() - start;
        metrics_.RecordRpc(method, status.code(), latency);
        metrics_.RpcFinished();
        logger_.Log(
            {method, order_id, status.code(), latency, ErrorReason(status)});
        reactor->Finish(ToGrpcStatus(status));
      };
  if (!parsed.ok()) {
    metrics_.RecordRefusal(method, ErrorReason(parsed));
    finish(parsed);
    return reactor;
  }
  RunUnary<Response>(context, method, effect, finish,
                     prepare(std::move(request)));
  return reactor;
}

template <typename Response>
void PaymentServiceImpl::RunUnary(grpc::CallbackServerContext* context,
                                  absl::string_view method, Effect effect,
                                  const Finish<Response>& finish,
                                  absl::StatusOr<Prepared<Response>> prepared) {
  if (!prepared.ok()) {
    finish(prepared.status());
    return;
  }
  const absl::Time deadline = CallDeadline(*context);
  absl::Time send_by;
  if (absl::Status sendable =
          CheckSendable(*context, method, effect, deadline, &send_by);
      !sendable.ok()) {
    finish(sendable);
    return;
  }
  const Hooks<Response>& hooks = prepared->hooks;
  if (hooks.admit && !hooks.admit(finish)) {
    return;  // Answered by the hook (e.g. from the idempotency cache).
  }

  // `context` stays valid until `finish` ran, so the worker may ask it.
  auto call = [this, context, finish, deadline, effect,
               method = std::string(method), on_result = hooks.on_result,
               upstream = std::move(prepared->upstream)]() {
    absl::Time send_by;
    // Again now: the call may have waited in the queue longer than its
    // caller, or past the shutdown grace.
    if (absl::Status sendable =
            CheckSendable(*context, method, effect, deadline, &send_by);
        !sendable.ok()) {
      if (on_result) on_result(ForJoinedCallers(sendable));
      finish(sendable);
      return;
    }
    const absl::StatusOr<Response> result = upstream(send_by);
    if (on_result) on_result(result);
    finish(result);
  };
  if (!pool_.TrySubmit(std::move(call))) {
    const absl::Status busy = WithRetryInfo(
        WithErrorInfo(absl::ResourceExhaustedError(
                          "the gateway is at capacity; retry with backoff"),
                      kWorkerPoolFull, kGatewayErrorDomain,
                      {{"request_sent", "false"}}),
        absl::Milliseconds(200));
    metrics_.RecordRefusal(method, kWorkerPoolFull);
    if (hooks.on_result) hooks.on_result(busy);
    finish(busy);
  }
}

// In every method below, the parsed request is shared by the closures that
// read it, so it lives as long as the call's upstream step.

grpc::ServerUnaryReactor* PaymentServiceImpl::CreateOrder(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<CreateOrderRequest, CreateOrderResponse>(
      context, request, response, "CreateOrder", Effect::kWrite,
      [this](std::shared_ptr<const CreateOrderRequest> request)
          -> absl::StatusOr<Prepared<CreateOrderResponse>> {
        if (absl::Status valid = ValidateCreateOrder(*request); !valid.ok()) {
          return valid;
        }
        absl::StatusOr<std::string> json = TranslateCreateOrder(*request);
        if (!json.ok()) return TranslationBug(json.status());
        const std::string order_id = request->order_id();
        Prepared<CreateOrderResponse> prepared;
        prepared.upstream =
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
        };
        prepared.hooks.admit = [this, order_id,
                                fingerprint = RequestFingerprint(*request)](
                                   const Finish<CreateOrderResponse>& finish) {
          return idempotency_.Begin(order_id, fingerprint, finish) ==
                 IdempotencyCache::Admission::kProceed;
        };
        prepared.hooks.on_result =
            [this, order_id](const absl::StatusOr<CreateOrderResponse>& r) {
              idempotency_.Complete(order_id, r);
            };
        return prepared;
      });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::GetOrder(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<GetOrderRequest, GetOrderResponse>(
      context, request, response, "GetOrder", Effect::kRead,
      [this](std::shared_ptr<const GetOrderRequest> request)
          -> absl::StatusOr<Prepared<GetOrderResponse>> {
        if (absl::Status valid = ValidateGetOrder(*request); !valid.ok()) {
          return valid;
        }
        Prepared<GetOrderResponse> prepared;
        prepared.upstream = [this, request](absl::Time deadline) {
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
        };
        return prepared;
      });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::UpdateOrder(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<UpdateOrderRequest, UpdateOrderResponse>(
      context, request, response, "UpdateOrder", Effect::kWrite,
      [this](std::shared_ptr<const UpdateOrderRequest> request)
          -> absl::StatusOr<Prepared<UpdateOrderResponse>> {
        if (absl::Status valid = ValidateUpdateOrder(*request); !valid.ok()) {
          return valid;
        }
        absl::StatusOr<std::string> body = TranslateUpdateOrder(*request);
        if (!body.ok()) return TranslationBug(body.status());
        Prepared<UpdateOrderResponse> prepared;
        prepared.upstream = [this, request,
                             body = *std::move(body)](absl::Time deadline) {
          return MapReply<UpdateOrderResponse>(
              msp_.UpdateOrder(request->order_id(), body, deadline),
              [&](const MspReply& reply) {
                return MapUpdateOrderResult(*request, reply);
              });
        };
        return prepared;
      });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::CancelOrder(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<CancelOrderRequest, CancelOrderResponse>(
      context, request, response, "CancelOrder", Effect::kWrite,
      [this](std::shared_ptr<const CancelOrderRequest> request)
          -> absl::StatusOr<Prepared<CancelOrderResponse>> {
        if (absl::Status valid = ValidateCancelOrder(*request); !valid.ok()) {
          return valid;
        }
        absl::StatusOr<std::string> body = TranslateCancelOrder(*request);
        if (!body.ok()) return TranslationBug(body.status());
        // A cancel is MultiSafepay's PATCH /orders/{order_id}.
        Prepared<CancelOrderResponse> prepared;
        prepared.upstream = [this, request,
                             body = *std::move(body)](absl::Time deadline) {
          return MapReply<CancelOrderResponse>(
              msp_.UpdateOrder(request->order_id(), body, deadline),
              [&](const MspReply& reply) {
                return MapCancelOrderResult(*request, reply);
              });
        };
        return prepared;
      });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::CaptureOrder(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<CaptureOrderRequest, CaptureOrderResponse>(
      context, request, response, "CaptureOrder", Effect::kWrite,
      [this](std::shared_ptr<const CaptureOrderRequest> request)
          -> absl::StatusOr<Prepared<CaptureOrderResponse>> {
        if (absl::Status valid = ValidateCaptureOrder(*request); !valid.ok()) {
          return valid;
        }
        absl::StatusOr<std::string> body = TranslateCaptureOrder(*request);
        if (!body.ok()) return TranslationBug(body.status());
        Prepared<CaptureOrderResponse> prepared;
        prepared.upstream = [this, request,
                             body = *std::move(body)](absl::Time deadline) {
          return MapReply<CaptureOrderResponse>(
              msp_.CaptureOrder(request->order_id(), body, deadline),
              [&](const MspReply& reply) {
                return MapCaptureOrderResult(*request, reply);
              });
        };
        return prepared;
      });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::RefundOrder(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<RefundOrderRequest, RefundOrderResponse>(
      context, request, response, "RefundOrder", Effect::kWrite,
      [this](std::shared_ptr<const RefundOrderRequest> request)
          -> absl::StatusOr<Prepared<RefundOrderResponse>> {
        if (absl::Status valid = ValidateRefundOrder(*request); !valid.ok()) {
          return valid;
        }
        absl::StatusOr<std::string> body = TranslateRefundOrder(*request);
        if (!body.ok()) return TranslationBug(body.status());
        Prepared<RefundOrderResponse> prepared;
        prepared.upstream = [this, request,
                             body = *std::move(body)](absl::Time deadline) {
          return MapReply<RefundOrderResponse>(
              msp_.RefundOrder(request->order_id(), body, deadline),
              [&](const MspReply& reply) {
                return MapRefundOrderResult(*request, reply);
              });
        };
        return prepared;
      });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::ListGateways(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<ListGatewaysRequest, ListGatewaysResponse>(
      context, request, response, "ListGateways", Effect::kRead,
      [this](std::shared_ptr<const ListGatewaysRequest> request)
          -> absl::StatusOr<Prepared<ListGatewaysResponse>> {
        if (absl::Status valid = ValidateListGateways(*request); !valid.ok()) {
          return valid;
        }
        Prepared<ListGatewaysResponse> prepared;
        prepared.upstream = [this, filter = TranslateListGateways(*request)](
                                absl::Time deadline) {
          return MapReply<ListGatewaysResponse>(
              msp_.ListGateways(filter, deadline), MapMspGatewayList);
        };
        return prepared;
      });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::GetGateway(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<GetGatewayRequest, GetGatewayResponse>(
      context, request, response, "GetGateway", Effect::kRead,
      [this](std::shared_ptr<const GetGatewayRequest> request)
          -> absl::StatusOr<Prepared<GetGatewayResponse>> {
        if (absl::Status valid = ValidateGetGateway(*request); !valid.ok()) {
          return valid;
        }
        Prepared<GetGatewayResponse> prepared;
        prepared.upstream = [this,
                             id = std::string(GatewayId(request->gateway()))](
                                absl::Time deadline) {
          return MapReply<GetGatewayResponse>(msp_.GetGateway(id, deadline),
                                              MapMspGateway);
        };
        return prepared;
      });
}

}  // namespace msp_gateway
