// Copyright 2026 The msp-gateway Authors.
//
// File: refund_order.h
//
// The RefundOrder RPC as one unit: validation, the POST
// /orders/{order_id}/refunds call (multisafepay-api.md §5.4), MultiSafepay's
// answer as the response, and the spec the RPC edge runs. The body follows
// the rules of order_action_fields.h. Pure.

#ifndef MSP_GATEWAY_SERVICE_ORDER_ACTIONS_REFUND_ORDER_H_
#define MSP_GATEWAY_SERVICE_ORDER_ACTIONS_REFUND_ORDER_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// ValidateRefundOrder()
//
// OK, or INVALID_ARGUMENT "RefundOrder request has N invalid field(s)" with
// one violation per invalid field, in request field order; descriptions
// never quote free text. Rules: order_id as for GetOrder (get_order.h);
// currency required, an active ISO 4217 code; amount > 0 when set (unset =
// full refund: MultiSafepay reads 0 as "everything", so an explicit 0 is
// refused as ambiguous); description at most 150 characters (200 less the
// request_id marker, order_action_fields.h), no HTML;
// refund_order_id, when set, an order ID as order_id; var1..var3 at most
// 500; checkout_data, when set, has 1 to kMaxCartItems (1,000) items, the
// count checked before any item, and each item (checkout_data.items[i].*)
// has a unit_price that is a decimal string as CreateOrder takes it
// (ParseDecimal() of service/common/decimal.h, at most 10 decimals and 15
// integer digits), a quantity other than 0, a currency equal to the
// refund's when set, and when set a weight with unit KG or G and a
// non-negative decimal value; request_id required, a UUID
// (CheckRequestId()).
absl::Status ValidateRefundOrder(
    const payments::v1::RefundOrderRequest& request);

// TranslateRefundOrder()
//
// POST /orders/{order_id}/refunds: currency, amount (left out for a full
// refund), description with the request_id marker (WithRequestIdMarker(),
// order_lookup.h; the caller's description alone, when set, for a request
// without request_id), refund_order_id, var1..var3 and, for BNPL,
// checkout_data.items[] with unit_price and weight.value as exact JSON
// numbers.
//
// Example: currency "EUR", amount 500, request_id "3F2C...6E7F"
//   -> {"currency":"EUR","amount":500,
//       "description":"[request_id:3f2c...6e7f]"}
absl::StatusOr<MspRequest> TranslateRefundOrder(
    const payments::v1::RefundOrderRequest& request);

// MapRefundOrderResult()
//
// transaction_id and refund_id: MultiSafepay's, else 0. order_id:
// MultiSafepay's, else the request's order_id (the refunded order).
absl::StatusOr<payments::v1::RefundOrderResponse> MapRefundOrderResult(
    const payments::v1::RefundOrderRequest& request, const MspReply& reply);

// JudgeRefundOrder()
//
// The spec's judge (its lookup is LookupOrderCall(), order_lookup.h): the
// refund whose description carries the request_id marker of `ids.key`
// among the order's related transactions is kApplied, answered with what
// MapRefundOrderResult() would have made of the lost answer (the entry's
// transaction_id, refund_id -- 0 when MultiSafepay lists none -- and
// refund_order_id, else its order_id, else the refunded order). No such
// refund, or no such order (NOT_FOUND), is kNotApplied. An unreadable read
// is an error (ReadLookedUpOrder(), FindMarkedTransaction()).
absl::StatusOr<LookupVerdict<payments::v1::RefundOrderResponse>>
JudgeRefundOrder(const LookupKey& ids,
                 const absl::StatusOr<MspReply>& lookup_reply);

// The spec: idempotency key request_id (RequestIdKey(), lower case), the
// refunded order's order_id, settled by JudgeRefundOrder().
extern const UnarySpec<payments::v1::RefundOrderRequest,
                       payments::v1::RefundOrderResponse>
    kRefundOrderSpec;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ACTIONS_REFUND_ORDER_H_
