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
// refused as ambiguous); description at most 200 characters, no HTML;
// refund_order_id, when set, an order ID as order_id; var1..var3 at most
// 500; checkout_data, when set, has 1 to kMaxCartItems (1,000) items, the
// count checked before any item, and each item (checkout_data.items[i].*)
// has a unit_price that is a decimal string as CreateOrder takes it
// (ParseDecimal() of service/common/decimal.h, at most 10 decimals and 15
// integer digits), a quantity other than 0, a currency equal to the
// refund's when set, and when set a weight with unit KG or G and a
// non-negative decimal value.
absl::Status ValidateRefundOrder(
    const payments::v1::RefundOrderRequest& request);

// TranslateRefundOrder()
//
// POST /orders/{order_id}/refunds: currency, amount (left out for a full
// refund), description, refund_order_id, var1..var3 and, for BNPL,
// checkout_data.items[] with unit_price and weight.value as exact JSON
// numbers.
//
// Example: currency "EUR", amount 500
//   -> {"currency":"EUR","amount":500}
absl::StatusOr<MspRequest> TranslateRefundOrder(
    const payments::v1::RefundOrderRequest& request);

// MapRefundOrderResult()
//
// transaction_id and refund_id: MultiSafepay's, else 0. order_id:
// MultiSafepay's, else the request's order_id (the refunded order).
absl::StatusOr<payments::v1::RefundOrderResponse> MapRefundOrderResult(
    const payments::v1::RefundOrderRequest& request, const MspReply& reply);

extern const UnarySpec<payments::v1::RefundOrderRequest,
                       payments::v1::RefundOrderResponse>
    kRefundOrderSpec;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ACTIONS_REFUND_ORDER_H_
