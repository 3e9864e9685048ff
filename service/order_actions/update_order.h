// Copyright 2026 The msp-gateway Authors.
//
// File: update_order.h
//
// The UpdateOrder RPC as one unit: validation, the PATCH /orders/{order_id}
// call (ship, cancel, invoice, Klarna extension; multisafepay-api.md §5.3),
// MultiSafepay's answer as the response, and the spec the RPC edge runs.
// The body follows the rules of order_action_fields.h. Pure.

#ifndef MSP_GATEWAY_SERVICE_ORDER_ACTIONS_UPDATE_ORDER_H_
#define MSP_GATEWAY_SERVICE_ORDER_ACTIONS_UPDATE_ORDER_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// ValidateUpdateOrder()
//
// OK, or INVALID_ARGUMENT "UpdateOrder request has N invalid field(s)" with
// one violation per invalid field, in request field order. Rules: order_id
// as for GetOrder (get_order.h); at least one field besides order_id set (a
// string set to "" counts); status a defined UpdateOrderStatus; amount
// (partial shipment) > 0 and only with UPDATE_ORDER_STATUS_SHIPPED;
// exclude_order only with UPDATE_ORDER_STATUS_CANCELLED; invoice_id at most
// 50 characters; tracktrace_url, invoice_url absolute http(s) URLs;
// request_id, when set, a UUID (CheckRequestId(), order_action_fields.h).
absl::Status ValidateUpdateOrder(
    const payments::v1::UpdateOrderRequest& request);

// TranslateUpdateOrder()
//
// PATCH /orders/{order_id}: `status` as "shipped" / "cancelled" (left out
// when UNSPECIFIED, e.g. an invoice-only update), then the shipping and
// invoice fields, exclude_order, extend_expiration and the partial-shipment
// `amount`.
//
// Example: status SHIPPED, tracktrace_code "3S1", carrier "PostNL"
//   -> {"status":"shipped","tracktrace_code":"3S1","carrier":"PostNL"}
absl::StatusOr<MspRequest> TranslateUpdateOrder(
    const payments::v1::UpdateOrderRequest& request);

// MapUpdateOrderResult()
//
// order_id: MultiSafepay's (a partial shipment's new order), else the
// request's. transaction_id: MultiSafepay's, else 0.
absl::StatusOr<payments::v1::UpdateOrderResponse> MapUpdateOrderResult(
    const payments::v1::UpdateOrderRequest& request, const MspReply& reply);

// JudgeUpdateOrder()
//
// Settles an ambiguous UpdateOrder from GET /orders/{order_id} and the body
// that was sent (ids.write_body, kept with the record):
//   status shipped / cancelled   applied when the order shows it (cancelled
//                                or void for a cancel), else not applied:
//                                the same PATCH once more is the same update;
//   only values set (tracking, invoice, reason)
//                                not applied: sending them again leaves the
//                                order as one call would;
//   a partial shipment (amount), extend_expiration
//                                an error (the outcome stays unknown): they
//                                act again on every call and leave nothing
//                                that tells this call's effect apart;
//   no body kept                 an error likewise.
// MultiSafepay not knowing the order is not applied.
absl::StatusOr<LookupVerdict<payments::v1::UpdateOrderResponse>>
JudgeUpdateOrder(const LookupKey& ids,
                 const absl::StatusOr<MspReply>& lookup_reply);

// The spec: idempotency key request_id (RequestIdKey(), lower case; empty
// opts out), the order's order_id; lookup LookupOrderCall(), judge
// JudgeUpdateOrder().
extern const UnarySpec<payments::v1::UpdateOrderRequest,
                       payments::v1::UpdateOrderResponse>
    kUpdateOrderSpec;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ACTIONS_UPDATE_ORDER_H_
