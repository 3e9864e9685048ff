// Copyright 2026 The msp-gateway Authors.
//
// File: unary_spec.h
//
// What one unary RPC of payments.v1.PaymentService means, as data: how its
// request is checked, the one MultiSafepay call it makes and how the answer
// becomes its response. Every part is pure, so a spec is tested without a
// server and the command-line translators run the same spec as the server.
// The RPC edge (UnaryRunner, unary_runner.h) does everything that is the same
// for every RPC: bounds, parsing, send checks, the worker, idempotency,
// logging, metrics and the answer.
//
// A spec lives beside its domain (service/create_order/create_order.h,
// service/order_actions/refund_order.h, ...); service/server registers them.

#ifndef MSP_GATEWAY_SERVICE_RPC_UNARY_SPEC_H_
#define MSP_GATEWAY_SERVICE_RPC_UNARY_SPEC_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

template <typename RequestT, typename ResponseT>
struct UnarySpec {
  using Request = RequestT;
  using Response = ResponseT;

  // The method's name in payments.v1.PaymentService ("RefundOrder"), which
  // is also its name in metrics and logs.
  absl::string_view method;

  // OK, or INVALID_ARGUMENT with a google.rpc.BadRequest listing every
  // invalid field. Nothing is sent for an invalid request.
  absl::Status (*validate)(const Request& request);

  // The MultiSafepay call of a valid request. A failure here is the
  // gateway's bug (the validator let through what cannot be sent): the RPC
  // edge answers INTERNAL, keeping the details.
  absl::StatusOr<MspRequest> (*translate)(const Request& request);

  // MultiSafepay's successful answer as the RPC's response; a reply that
  // cannot be read is UNAVAILABLE MSP_INVALID_RESPONSE.
  absl::StatusOr<Response> (*map_reply)(const Request& request,
                                        const MspReply& reply);

  // Optional. When set, calls with the same key (the caller's idempotency
  // key, e.g. CreateOrder's order_id) and the same request are answered once:
  // an identical call in flight joins the first, a later one gets its stored
  // answer, a different request under the same key is ALREADY_EXISTS. An
  // empty key opts the call out.
  std::string (*idempotency_key)(const Request& request) = nullptr;
  // The request field that holds the key ("order_id"), for the error that
  // refuses its reuse (ALREADY_EXISTS, reason ORDER_ID_REUSED).
  absl::string_view idempotency_key_field;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_UNARY_SPEC_H_
