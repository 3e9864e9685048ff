// Copyright 2026 The msp-gateway Authors.
//
// File: request_translator.h
//
// Turns the lifecycle requests into what MultiSafepay's endpoints take
// (multisafepay-api.md §5.3-§5.8). Pure. The rules are CreateOrder's
// (service/create_order/order_translator.h):
//
//   * An optional field that is not set is left out; a string set to "" is
//     sent as "" (MultiSafepay's own capture examples send "carrier": "").
//   * Amounts are JSON integers (minor units, exact for every int64).
//   * Cart decimals (unit_price, weight.value) are JSON numbers printed digit
//     for digit from the contract's decimal strings
//     (service/msp_json/decimal_json.h), never through a double.
//   * Keys follow the order of MultiSafepay's examples.
//   * Invalid UTF-8 (only from C++ callers bypassing protobuf parsing) is sent
//     with U+FFFD in place of the bad bytes.
//
// Call the matching Validate*() (request_validator.h) first: translators
// assume valid input and only refuse what they cannot express (an undefined
// enum number, a decimal that is not one), with INVALID_ARGUMENT.

#ifndef MSP_GATEWAY_SERVICE_ORDER_ACTIONS_REQUEST_TRANSLATOR_H_
#define MSP_GATEWAY_SERVICE_ORDER_ACTIONS_REQUEST_TRANSLATOR_H_

#include <string>

#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/upstream/msp_client.h"

namespace msp_gateway {

// TranslateUpdateOrder()
//
// PATCH /orders/{order_id}: `status` as "shipped" / "cancelled" (left out
// when UNSPECIFIED, e.g. an invoice-only update), then the shipping and
// invoice fields, exclude_order, extend_expiration and the partial-shipment
// `amount`.
//
// Example: status SHIPPED, tracktrace_code "3S1", carrier "PostNL"
//   -> {"status":"shipped","tracktrace_code":"3S1","carrier":"PostNL"}
absl::StatusOr<std::string> TranslateUpdateOrder(
    const payments::v1::UpdateOrderRequest& request);

// TranslateCancelOrder()
//
// PATCH /orders/{order_id}: MultiSafepay's cancel body
// {"status":"cancelled","exclude_order":true}, plus `reason` when set.
absl::StatusOr<std::string> TranslateCancelOrder(
    const payments::v1::CancelOrderRequest& request);

// TranslateCaptureOrder()
//
// POST /orders/{order_id}/capture: `amount` (left out for a full capture),
// new_order_id, the required "new_order_status":"completed", then invoice_id,
// tracktrace_code, carrier, reason, description, ship_date.
absl::StatusOr<std::string> TranslateCaptureOrder(
    const payments::v1::CaptureOrderRequest& request);

// TranslateRefundOrder()
//
// POST /orders/{order_id}/refunds: currency, amount (left out for a full
// refund), description, refund_order_id, var1..var3 and, for BNPL,
// checkout_data.items[] with unit_price and weight.value as exact JSON
// numbers.
//
// Example: currency "EUR", amount 500
//   -> {"currency":"EUR","amount":500}
absl::StatusOr<std::string> TranslateRefundOrder(
    const payments::v1::RefundOrderRequest& request);

// TranslateListGateways()
//
// The GET /gateways query: the request's filters as they are.
MspGatewayFilter TranslateListGateways(
    const payments::v1::ListGatewaysRequest& request);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ACTIONS_REQUEST_TRANSLATOR_H_
