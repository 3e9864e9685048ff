// Copyright 2026 The msp-gateway Authors.

#include "service/server/payment_service_impl.h"

#include <cstdlib>
#include <iostream>
#include <string>

#include "google/protobuf/descriptor.h"
#include "service/create_order/create_order.h"
#include "service/gateways/get_gateway.h"
#include "service/gateways/list_gateways.h"
#include "service/gateways/list_payment_methods.h"
#include "service/order_actions/cancel_order.h"
#include "service/order_actions/capture_order.h"
#include "service/order_actions/get_order.h"
#include "service/order_actions/refund_order.h"
#include "service/order_actions/update_order.h"
#include "service/order_events/watch_order_events.h"
#include "service/recurring_tokens/delete_recurring_token.h"
#include "service/recurring_tokens/list_recurring_tokens.h"

namespace msp_gateway {
namespace {

const google::protobuf::ServiceDescriptor& ServiceDescriptor() {
  static const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          "payments.v1.PaymentService");
  return *service;
}

[[noreturn]] void Die(const std::string& why) {
  std::cerr << "payments.v1.PaymentService: " << why << std::endl;
  std::abort();
}

}  // namespace

PaymentServiceImpl::PaymentServiceImpl(MspClient& msp, WorkerPool& pool,
                                       IdempotencyCache& idempotency,
                                       RpcLogger& logger,
                                       GatewayMetrics& metrics, Options options,
                                       OrderEventHub* order_events,
                                       OrderDefaults create_order_defaults)
    : runner_(msp, pool, idempotency, logger, metrics, options),
      callers_(options.callers),
      order_events_(order_events),
      create_order_spec_(CreateOrderSpec(std::move(create_order_defaults))),
      registered_(ServiceDescriptor().method_count(), false) {
  Register(create_order_spec_);
  Register(kGetOrderSpec);
  Register(kUpdateOrderSpec);
  Register(kCancelOrderSpec);
  Register(kCaptureOrderSpec);
  Register(kRefundOrderSpec);
  Register(kListGatewaysSpec);
  Register(kGetGatewaySpec);
  Register(kListPaymentMethodsSpec);
  Register(kListRecurringTokensSpec);
  Register(kDeleteRecurringTokenSpec);
  RegisterWatchOrderEvents();
  for (int i = 0; i < ServiceDescriptor().method_count(); ++i) {
    if (!registered_[i]) {
      Die("no spec for " + ServiceDescriptor().method(i)->name());
    }
  }
}

void PaymentServiceImpl::RegisterWatchOrderEvents() {
  const google::protobuf::MethodDescriptor* method =
      ServiceDescriptor().FindMethodByName("WatchOrderEvents");
  if (method == nullptr) Die("no method WatchOrderEvents");
  if (method->input_type() !=
          payments::v1::WatchOrderEventsRequest::descriptor() ||
      method->output_type() !=
          payments::v1::WatchOrderEventsResponse::descriptor() ||
      !method->server_streaming() || method->client_streaming()) {
    Die("WatchOrderEvents has another shape than its handler");
  }
  registered_[method->index()] = true;
  // nullptr: the stream answers FAILED_PRECONDITION (no event log here).
  MarkMethodRawCallback(
      method->index(),
      new grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer,
                                                         grpc::ByteBuffer>(
          [this](grpc::CallbackServerContext* context,
                 const grpc::ByteBuffer* request)
              -> grpc::ServerWriteReactor<grpc::ByteBuffer>* {
            if (callers_ != nullptr) {
              CallerAdmission caller =
                  callers_->Admit(*context, "WatchOrderEvents");
              if (!caller.status.ok()) {
                return RefuseWatchOrderEvents(caller.status);
              }
            }
            return StartWatchOrderEvents(order_events_, context, request);
          }));
}

template <typename Spec>
void PaymentServiceImpl::Register(const Spec& spec) {
  const google::protobuf::MethodDescriptor* method =
      ServiceDescriptor().FindMethodByName(std::string(spec.method));
  if (method == nullptr) Die("no method " + std::string(spec.method));
  if (method->input_type() != Spec::Request::descriptor() ||
      method->output_type() != Spec::Response::descriptor()) {
    Die("the spec of " + method->name() + " has other message types");
  }
  // The generated code's method index is the method's index in the .proto.
  const int index = method->index();
  registered_[index] = true;
  if (Settlement settlement = SettlementOf(spec); settlement) {
    settlements_.emplace(std::string(spec.method), std::move(settlement));
  }
  MarkMethodRawCallback(
      index, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer,
                                                      grpc::ByteBuffer>(
                 [this, &spec](grpc::CallbackServerContext* context,
                               const grpc::ByteBuffer* request,
                               grpc::ByteBuffer* response) {
                   return runner_.Serve(spec, context, request, response);
                 }));
}

}  // namespace msp_gateway
