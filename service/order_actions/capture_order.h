// Copyright 2026 The msp-gateway Authors.
//
// File: capture_order.h
//
// The CaptureOrder RPC as one unit: validation, the POST
// /orders/{order_id}/capture call (multisafepay-api.md §5.6), MultiSafepay's
// answer as the response, and the spec the RPC edge runs. The body follows
// the rules of order_action_fields.h. Pure.

#ifndef MSP_GATEWAY_SERVICE_ORDER_ACTIONS_CAPTURE_ORDER_H_
#define MSP_GATEWAY_SERVICE_ORDER_ACTIONS_CAPTURE_ORDER_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// ValidateCaptureOrder()
//
// OK, or INVALID_ARGUMENT "CaptureOrder request has N invalid field(s)" with
// one violation per invalid field, in request field order. Rules: order_id
// as for GetOrder (get_order.h); amount > 0 when set (unset = capture the
// whole authorisation); new_order_id, when set, an order ID as order_id;
// invoice_id at most 50 characters; description at most 150 (200 less the
// request_id marker, order_action_fields.h), no HTML; request_id required,
// a UUID (CheckRequestId()).
absl::Status ValidateCaptureOrder(
    const payments::v1::CaptureOrderRequest& request);

// TranslateCaptureOrder()
//
// POST /orders/{order_id}/capture: `amount` (left out for a full capture),
// new_order_id, the required "new_order_status":"completed", then invoice_id,
// tracktrace_code, carrier, reason, description, ship_date. The description
// carries the request_id marker (WithRequestIdMarker(), order_lookup.h),
// after the caller's text if any; without a request_id (a request that was
// not validated) it is the caller's, when set.
absl::StatusOr<MspRequest> TranslateCaptureOrder(
    const payments::v1::CaptureOrderRequest& request);

// MapCaptureOrderResult()
//
// order_id: MultiSafepay's, else the request's new_order_id, else its
// order_id. transaction_id: MultiSafepay's, else 0.
absl::StatusOr<payments::v1::CaptureOrderResponse> MapCaptureOrderResult(
    const payments::v1::CaptureOrderRequest& request, const MspReply& reply);

// JudgeCaptureOrder()
//
// The spec's judge (its lookup is LookupOrderCall(), order_lookup.h): the
// capture whose description carries the request_id marker of `ids.key`
// among the order's related transactions is kApplied, answered as
// MapCaptureOrderResult() would have answered (the entry's order_id -- the
// capture order, or the authorised order itself for an in-place capture --
// and transaction_id). No such capture, or no such order (NOT_FOUND), is
// kNotApplied: the order's status cannot tell, since a partial capture
// leaves the authorisation capturable. An unreadable read is an error.
absl::StatusOr<LookupVerdict<payments::v1::CaptureOrderResponse>>
JudgeCaptureOrder(const LookupKey& ids,
                  const absl::StatusOr<MspReply>& lookup_reply);

// The spec: idempotency key request_id (RequestIdKey(), lower case), the
// authorised order's order_id, settled by JudgeCaptureOrder().
extern const UnarySpec<payments::v1::CaptureOrderRequest,
                       payments::v1::CaptureOrderResponse>
    kCaptureOrderSpec;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ACTIONS_CAPTURE_ORDER_H_
