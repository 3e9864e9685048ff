// Copyright 2026 The msp-gateway Authors.

#include "client/payment_client.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "client/internal/channel_factory.h"
#include "client/internal/unary_call.h"
#include "client/request_id.h"

namespace payments_client {
namespace {

namespace pb = ::payments::v1;
using ::payments_client::internal::BlockingCall;
using ::payments_client::internal::StartAsyncCall;
using ::payments_client::internal::Stub;
using ::payments_client::internal::UnaryRpc;

// The methods, each by its two generated stub entry points. Everything else
// about a call is the same for all of them (internal/unary_call.h).
#define MSP_GATEWAY_UNARY_RPC(Method)                   \
  UnaryRpc<pb::Method##Request, pb::Method##Response> { \
    &Stub::Method, &Stub::async_interface::Method       \
  }
constexpr auto kCreateOrder = MSP_GATEWAY_UNARY_RPC(CreateOrder);
constexpr auto kGetOrder = MSP_GATEWAY_UNARY_RPC(GetOrder);
constexpr auto kUpdateOrder = MSP_GATEWAY_UNARY_RPC(UpdateOrder);
constexpr auto kCancelOrder = MSP_GATEWAY_UNARY_RPC(CancelOrder);
constexpr auto kCaptureOrder = MSP_GATEWAY_UNARY_RPC(CaptureOrder);
constexpr auto kRefundOrder = MSP_GATEWAY_UNARY_RPC(RefundOrder);
constexpr auto kListGateways = MSP_GATEWAY_UNARY_RPC(ListGateways);
constexpr auto kGetGateway = MSP_GATEWAY_UNARY_RPC(GetGateway);
constexpr auto kListPaymentMethods = MSP_GATEWAY_UNARY_RPC(ListPaymentMethods);
constexpr auto kListRecurringTokens =
    MSP_GATEWAY_UNARY_RPC(ListRecurringTokens);
constexpr auto kDeleteRecurringToken =
    MSP_GATEWAY_UNARY_RPC(DeleteRecurringToken);
#undef MSP_GATEWAY_UNARY_RPC

// Deadlines further out than this are treated as this.
constexpr absl::Duration kMaxTimeout = absl::Hours(24 * 365);

// The writes carry an idempotency key (request_id). A call without one gets
// a new one here, once per call: gRPC's retries resend the same serialized
// request, so every attempt of the call carries the same key, and the
// gateway answers them as one.
template <typename Request>
Request WithRequestId(Request request) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  return request;
}

// The same for a blocking call: `request` itself when it has a key, else a
// copy with a new one in `keyed`.
template <typename Request>
const Request& WithRequestId(const Request& request, Request& keyed) {
  if (!request.request_id().empty()) return request;
  keyed = request;
  keyed.set_request_id(NewRequestId());
  return keyed;
}

}  // namespace

void CallHandle::Cancel() {
  if (std::shared_ptr<internal::AsyncCall> call = call_.lock()) {
    call->context.TryCancel();
  }
}

absl::StatusOr<std::unique_ptr<PaymentClient>> PaymentClient::Create(
    absl::string_view target, const ClientOptions& options) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      internal::CreateChannel(target, options);
  if (!channel.ok()) return channel.status();
  auto stub = pb::PaymentService::NewStub(*channel);
  return std::unique_ptr<PaymentClient>(
      new PaymentClient(*std::move(channel), std::move(stub), options));
}

std::unique_ptr<PaymentClient> PaymentClient::CreateForStub(
    std::unique_ptr<Stub> stub, const ClientOptions& options) {
  return std::unique_ptr<PaymentClient>(
      new PaymentClient(nullptr, std::move(stub), options));
}

PaymentClient::PaymentClient(std::shared_ptr<grpc::Channel> channel,
                             std::unique_ptr<Stub> stub,
                             const ClientOptions& options)
    : channel_(std::move(channel)),
      stub_(std::move(stub)),
      default_deadline_(options.default_deadline),
      tracker_(std::make_shared<internal::CallTracker>()) {}

PaymentClient::~PaymentClient() { tracker_->CancelAllAndWait(); }

absl::Duration PaymentClient::CallTimeout(
    const CallOptions& call_options) const {
  return call_options.deadline.value_or(default_deadline_);
}

// Each method: the shared blocking or asynchronous call with its UnaryRpc.

absl::StatusOr<pb::CreateOrderResponse> PaymentClient::CreateOrder(
    const pb::CreateOrderRequest& request, const CallOptions& call_options) {
  return BlockingCall(*stub_, kCreateOrder, request, CallTimeout(call_options));
}

CallHandle PaymentClient::CreateOrderAsync(pb::CreateOrderRequest request,
                                           CreateOrderCallback done,
                                           const CallOptions& call_options) {
  return CallHandle(StartAsyncCall(*stub_, kCreateOrder, tracker_,
                                   std::move(request), std::move(done),
                                   CallTimeout(call_options)));
}

absl::StatusOr<pb::GetOrderResponse> PaymentClient::GetOrder(
    const pb::GetOrderRequest& request, const CallOptions& call_options) {
  return BlockingCall(*stub_, kGetOrder, request, CallTimeout(call_options));
}

CallHandle PaymentClient::GetOrderAsync(pb::GetOrderRequest request,
                                        Callback<pb::GetOrderResponse> done,
                                        const CallOptions& call_options) {
  return CallHandle(StartAsyncCall(*stub_, kGetOrder, tracker_,
                                   std::move(request), std::move(done),
                                   CallTimeout(call_options)));
}

absl::StatusOr<pb::UpdateOrderResponse> PaymentClient::UpdateOrder(
    const pb::UpdateOrderRequest& request, const CallOptions& call_options) {
  pb::UpdateOrderRequest keyed;
  return BlockingCall(*stub_, kUpdateOrder, WithRequestId(request, keyed),
                      CallTimeout(call_options));
}

CallHandle PaymentClient::UpdateOrderAsync(
    pb::UpdateOrderRequest request, Callback<pb::UpdateOrderResponse> done,
    const CallOptions& call_options) {
  return CallHandle(StartAsyncCall(*stub_, kUpdateOrder, tracker_,
                                   WithRequestId(std::move(request)),
                                   std::move(done), CallTimeout(call_options)));
}

absl::StatusOr<pb::CancelOrderResponse> PaymentClient::CancelOrder(
    const pb::CancelOrderRequest& request, const CallOptions& call_options) {
  pb::CancelOrderRequest keyed;
  return BlockingCall(*stub_, kCancelOrder, WithRequestId(request, keyed),
                      CallTimeout(call_options));
}

CallHandle PaymentClient::CancelOrderAsync(
    pb::CancelOrderRequest request, Callback<pb::CancelOrderResponse> done,
    const CallOptions& call_options) {
  return CallHandle(StartAsyncCall(*stub_, kCancelOrder, tracker_,
                                   WithRequestId(std::move(request)),
                                   std::move(done), CallTimeout(call_options)));
}

absl::StatusOr<pb::CaptureOrderResponse> PaymentClient::CaptureOrder(
    const pb::CaptureOrderRequest& request, const CallOptions& call_options) {
  pb::CaptureOrderRequest keyed;
  return BlockingCall(*stub_, kCaptureOrder, WithRequestId(request, keyed),
                      CallTimeout(call_options));
}

CallHandle PaymentClient::CaptureOrderAsync(
    pb::CaptureOrderRequest request, Callback<pb::CaptureOrderResponse> done,
    const CallOptions& call_options) {
  return CallHandle(StartAsyncCall(*stub_, kCaptureOrder, tracker_,
                                   WithRequestId(std::move(request)),
                                   std::move(done), CallTimeout(call_options)));
}

absl::StatusOr<pb::RefundOrderResponse> PaymentClient::RefundOrder(
    const pb::RefundOrderRequest& request, const CallOptions& call_options) {
  pb::RefundOrderRequest keyed;
  return BlockingCall(*stub_, kRefundOrder, WithRequestId(request, keyed),
                      CallTimeout(call_options));
}

CallHandle PaymentClient::RefundOrderAsync(
    pb::RefundOrderRequest request, Callback<pb::RefundOrderResponse> done,
    const CallOptions& call_options) {
  return CallHandle(StartAsyncCall(*stub_, kRefundOrder, tracker_,
                                   WithRequestId(std::move(request)),
                                   std::move(done), CallTimeout(call_options)));
}

absl::StatusOr<pb::ListGatewaysResponse> PaymentClient::ListGateways(
    const pb::ListGatewaysRequest& request, const CallOptions& call_options) {
  return BlockingCall(*stub_, kListGateways, request,
                      CallTimeout(call_options));
}

CallHandle PaymentClient::ListGatewaysAsync(
    pb::ListGatewaysRequest request, Callback<pb::ListGatewaysResponse> done,
    const CallOptions& call_options) {
  return CallHandle(StartAsyncCall(*stub_, kListGateways, tracker_,
                                   std::move(request), std::move(done),
                                   CallTimeout(call_options)));
}

absl::StatusOr<pb::GetGatewayResponse> PaymentClient::GetGateway(
    const pb::GetGatewayRequest& request, const CallOptions& call_options) {
  return BlockingCall(*stub_, kGetGateway, request, CallTimeout(call_options));
}

CallHandle PaymentClient::GetGatewayAsync(pb::GetGatewayRequest request,
                                          Callback<pb::GetGatewayResponse> done,
                                          const CallOptions& call_options) {
  return CallHandle(StartAsyncCall(*stub_, kGetGateway, tracker_,
                                   std::move(request), std::move(done),
                                   CallTimeout(call_options)));
}

absl::StatusOr<pb::ListPaymentMethodsResponse>
PaymentClient::ListPaymentMethods(const pb::ListPaymentMethodsRequest& request,
                                  const CallOptions& call_options) {
  return BlockingCall(*stub_, kListPaymentMethods, request,
                      CallTimeout(call_options));
}

CallHandle PaymentClient::ListPaymentMethodsAsync(
    pb::ListPaymentMethodsRequest request,
    Callback<pb::ListPaymentMethodsResponse> done,
    const CallOptions& call_options) {
  return CallHandle(StartAsyncCall(*stub_, kListPaymentMethods, tracker_,
                                   std::move(request), std::move(done),
                                   CallTimeout(call_options)));
}

absl::StatusOr<pb::ListRecurringTokensResponse>
PaymentClient::ListRecurringTokens(
    const pb::ListRecurringTokensRequest& request,
    const CallOptions& call_options) {
  return BlockingCall(*stub_, kListRecurringTokens, request,
                      CallTimeout(call_options));
}

CallHandle PaymentClient::ListRecurringTokensAsync(
    pb::ListRecurringTokensRequest request,
    Callback<pb::ListRecurringTokensResponse> done,
    const CallOptions& call_options) {
  return CallHandle(StartAsyncCall(*stub_, kListRecurringTokens, tracker_,
                                   std::move(request), std::move(done),
                                   CallTimeout(call_options)));
}

absl::StatusOr<pb::DeleteRecurringTokenResponse>
PaymentClient::DeleteRecurringToken(
    const pb::DeleteRecurringTokenRequest& request,
    const CallOptions& call_options) {
  return BlockingCall(*stub_, kDeleteRecurringToken, request,
                      CallTimeout(call_options));
}

CallHandle PaymentClient::DeleteRecurringTokenAsync(
    pb::DeleteRecurringTokenRequest request,
    Callback<pb::DeleteRecurringTokenResponse> done,
    const CallOptions& call_options) {
  return CallHandle(StartAsyncCall(*stub_, kDeleteRecurringToken, tracker_,
                                   std::move(request), std::move(done),
                                   CallTimeout(call_options)));
}

absl::StatusOr<std::unique_ptr<OrderEventWatcher>>
PaymentClient::WatchOrderEvents(WatchOptions options,
                                WatchCallbacks callbacks) {
  if (channel_ != nullptr) {
    return OrderEventWatcher::Start(channel_, std::move(options),
                                    std::move(callbacks));
  }
  return OrderEventWatcher::StartForStub(stub_, std::move(options),
                                         std::move(callbacks));
}

bool PaymentClient::WaitForConnected(absl::Duration timeout) {
  if (channel_ == nullptr) return true;
  return channel_->WaitForConnected(
      std::chrono::system_clock::now() +
      absl::ToChronoNanoseconds(std::min(timeout, kMaxTimeout)));
}

}  // namespace payments_client
