// Copyright 2026 The msp-gateway Authors.
//
// File: create_order.h
//
// The CreateOrder RPC as one unit: validation (order_validator.h), the
// POST /orders body (order_translator.h) with what the gateway adds to every
// order (order_defaults.h), the reading of MultiSafepay's answer, and the
// spec the RPC edge runs. order_id is the idempotency key.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_CREATE_ORDER_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_CREATE_ORDER_H_

#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/create_order/order_defaults.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// BuildCreateOrderCall()
//
// POST /orders with TranslateCreateOrder()'s JSON. Call ValidateCreateOrder()
// first.
absl::StatusOr<MspRequest> BuildCreateOrderCall(
    const payments::v1::CreateOrderRequest& request);

// BuildCreateOrderCall(request, defaults)
//
// The same with TranslateCreateOrder(request, defaults)'s JSON: the order as
// a gateway that adds `defaults` (order_defaults.h) sends it.
absl::StatusOr<MspRequest> BuildCreateOrderCall(
    const payments::v1::CreateOrderRequest& request,
    const OrderDefaults& defaults);

// MapCreateOrderReply()
//
// MultiSafepay's `data` of POST /orders (multisafepay-api.md §4) as the
// response. It must carry the order_id that was sent (MultiSafepay echoes
// numeric IDs as JSON numbers: 12345 matches "12345") and an http(s)
// payment_url; the only exception is a `direct` order, recognised by its
// `status` member, which legitimately has no payment_url when the customer
// need not act (and whose status is returned). Anything else is UNAVAILABLE
// MSP_INVALID_RESPONSE: retryable, because order_id makes the create
// idempotent upstream.
absl::StatusOr<payments::v1::CreateOrderResponse> MapCreateOrderReply(
    const payments::v1::CreateOrderRequest& request, const MspReply& reply);

// JudgeCreateOrder()
//
// The spec's judge; its lookup is GET /orders/{order_id} (LookupOrderCall(),
// service/order_actions/order_lookup.h). By what the order shows:
//   * no such order (NOT_FOUND: MSP 1006 / 1000, HTTP 404 / 410) ->
//     kNotApplied: the POST is sent (again).
//   * `initialized`, the one status in which the customer can still pay ->
//     kAppliedAnswerLost: the lost answer's payment_url cannot be read
//     back, so the POST is sent once more and its answer (a new session of
//     the same order, multisafepay-api.md §7.3) is the answer.
//   * any other status OrderStatusFromMsp() knows -- completed, uncleared,
//     reserved, shipped, refunded, partial_refunded, chargeback /
//     chargedback, declined, cancelled, void, expired: the customer has
//     acted or the order is over -> kApplied, answered with order_id,
//     status and status_raw and no payment_url (as a direct order that
//     needs no customer action is answered).
//   * no status, a status the gateway does not know, or an unreadable read
//     -> an error: the outcome stays unknown.
absl::StatusOr<LookupVerdict<payments::v1::CreateOrderResponse>>
JudgeCreateOrder(const LookupKey& ids,
                 const absl::StatusOr<MspReply>& lookup_reply);

// The spec: idempotency key and order_id are the request's order_id,
// settled by JudgeCreateOrder(). Orders are sent as the caller wrote them
// (no OrderDefaults): the command-line translators, benchmarks and fuzzers
// run this one.
extern const UnarySpec<payments::v1::CreateOrderRequest,
                       payments::v1::CreateOrderResponse>
    kCreateOrderSpec;

// CreateOrderSpec()
//
// The spec the server registers: kCreateOrderSpec with `defaults` (from the
// server's configuration, order_defaults.h) bound into validate
// (ValidateCreateOrder(request, defaults)) and translate
// (BuildCreateOrderCall(request, defaults)); every other part is
// kCreateOrderSpec's. With empty defaults it behaves as kCreateOrderSpec.
//
// The idempotency fingerprint stays the caller's request alone, without the
// defaults: they are the same for every call of a deployment, and a retry
// that reaches a replica configured with another notification base URL (a
// rollout that changes it) is the same order, not a reuse of its order_id.
ConfiguredUnarySpec<payments::v1::CreateOrderRequest,
                    payments::v1::CreateOrderResponse>
CreateOrderSpec(OrderDefaults defaults);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_CREATE_ORDER_H_
