// Copyright 2026 The msp-gateway Authors.
//
// File: cancel_order.h
//
// The CancelOrder RPC as one unit: validation, the call (MultiSafepay's
// cancel is a PATCH /orders/{order_id}, multisafepay-api.md §5.3), the
// response, and the spec the RPC edge runs. Pure.

#ifndef MSP_GATEWAY_SERVICE_ORDER_ACTIONS_CANCEL_ORDER_H_
#define MSP_GATEWAY_SERVICE_ORDER_ACTIONS_CANCEL_ORDER_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// ValidateCancelOrder()
//
// OK, or INVALID_ARGUMENT "CancelOrder request has N invalid field(s)":
// order_id as for GetOrder (get_order.h) and request_id, when set, a UUID
// (CheckRequestId(), order_action_fields.h); `reason` is free text
// MultiSafepay does not limit.
absl::Status ValidateCancelOrder(
    const payments::v1::CancelOrderRequest& request);

// TranslateCancelOrder()
//
// PATCH /orders/{order_id} with MultiSafepay's cancel body
// {"status":"cancelled","exclude_order":true}, plus `reason` when set.
absl::StatusOr<MspRequest> TranslateCancelOrder(
    const payments::v1::CancelOrderRequest& request);

// MapCancelOrderResult()
//
// The request's order_id (MultiSafepay answers {}); UNAVAILABLE
// MSP_INVALID_RESPONSE when `data` is not an object.
absl::StatusOr<payments::v1::CancelOrderResponse> MapCancelOrderResult(
    const payments::v1::CancelOrderRequest& request, const MspReply& reply);

// JudgeCancelOrder()
//
// The spec's judge (its lookup is LookupOrderCall(), order_lookup.h): an
// order whose status is `cancelled` or `void` is kApplied, answered with
// `ids.order_id` as MapCancelOrderResult() would. Any other status, or no
// such order (NOT_FOUND), is kNotApplied: sending the cancel (again) is
// safe, MultiSafepay refuses it for an order that cannot be cancelled. An
// unreadable read (no status) is an error.
absl::StatusOr<LookupVerdict<payments::v1::CancelOrderResponse>>
JudgeCancelOrder(const LookupKey& ids,
                 const absl::StatusOr<MspReply>& lookup_reply);

// The spec: idempotency key request_id (RequestIdKey(), lower case; empty
// opts out), the order's order_id, settled by JudgeCancelOrder().
extern const UnarySpec<payments::v1::CancelOrderRequest,
                       payments::v1::CancelOrderResponse>
    kCancelOrderSpec;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ACTIONS_CANCEL_ORDER_H_
