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

#include <functional>
#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// What a lookup (UnarySpec::lookup) shows about a write whose answer was lost
// (a timeout after the body was sent, a reset, a 5xx, an unreadable reply).
template <typename ResponseT>
struct LookupVerdict {
  enum class Kind {
    // MultiSafepay shows no effect of the write: sending it again is safe.
    kNotApplied,
    // It took effect; `response` is what the caller is answered (and every
    // later identical call).
    kApplied,
    // It took effect but the answer cannot be read back (an open order's
    // payment_url): the write may be resent once, and that answer is *the*
    // answer (CreateOrder only: a repeated POST of an open order starts a new
    // session of the same order, multisafepay-api.md §7.3).
    kAppliedAnswerLost,
  };
  Kind kind = Kind::kNotApplied;
  ResponseT response;  // kApplied only.
};

// The ids a lookup works from, as stored in the idempotency record (the
// background reconciler has nothing else).
struct LookupKey {
  std::string order_id;
  // The idempotency key's value: CreateOrder's order_id, RefundOrder's
  // request_id, ...
  std::string key;
  // The body of the write being settled, as sent (OrderRecord::request), for
  // a judge that compares what was asked with what the order shows
  // (UpdateOrder). Empty for a record stored before it was kept.
  std::string write_body;
};

namespace unary_spec_internal {

// A plain function pointer, or with kConfigured a std::function.
template <bool kConfigured, typename Signature>
using SpecFunction =
    std::conditional_t<kConfigured, std::function<Signature>, Signature*>;

}  // namespace unary_spec_internal

// UnarySpec
//
// A spec is constant data: its parts are plain functions, so the specs are
// constants (kCreateOrderSpec, ...) that tests compare part by part. An RPC
// whose checks or body depend on the gateway's configuration (CreateOrder
// with --notification_base_url, service/create_order/create_order.h) is a
// ConfiguredUnarySpec instead, built once at start: its `validate` and
// `translate` are std::functions that capture that configuration. They stay
// pure (the configuration never changes while the server runs), and the
// runner takes either kind the same way.
template <typename RequestT, typename ResponseT, bool kConfigured = false>
struct UnarySpec {
  using Request = RequestT;
  using Response = ResponseT;

  // The method's name in payments.v1.PaymentService ("RefundOrder"), which
  // is also its name in metrics and logs.
  absl::string_view method;

  // OK, or INVALID_ARGUMENT with a google.rpc.BadRequest listing every
  // invalid field. Nothing is sent for an invalid request.
  unary_spec_internal::SpecFunction<kConfigured,
                                    absl::Status(const Request& request)>
      validate;

  // The MultiSafepay call of a valid request. A failure here is the
  // gateway's bug (the validator let through what cannot be sent): the RPC
  // edge answers INTERNAL, keeping the details.
  unary_spec_internal::SpecFunction<kConfigured, absl::StatusOr<MspRequest>(
                                                     const Request& request)>
      translate;

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
  // With idempotency_key: the request's MultiSafepay order (stored with the
  // key, so a lookup can find it again).
  std::string (*order_id)(const Request& request) = nullptr;

  // Optional, with idempotency_key, for a call that changes state: how an
  // ambiguous outcome is settled by reading instead of blindly resending.
  // `lookup` is the read (e.g. GET /orders/{order_id}); `judge` reads its
  // result -- an error too: NOT_FOUND is usually kNotApplied -- and returns
  // an error only when the read does not settle it (then the outcome stays
  // unknown and is retried later). Both are pure.
  MspRequest (*lookup)(const LookupKey& ids) = nullptr;
  absl::StatusOr<LookupVerdict<Response>> (*judge)(
      const LookupKey& ids,
      const absl::StatusOr<MspReply>& lookup_reply) = nullptr;
};

// ConfiguredUnarySpec
//
// A UnarySpec whose validate and translate may capture configuration (see
// UnarySpec). Not a constant: the server builds and owns it.
template <typename RequestT, typename ResponseT>
using ConfiguredUnarySpec = UnarySpec<RequestT, ResponseT, true>;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_UNARY_SPEC_H_
