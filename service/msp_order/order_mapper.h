// Copyright 2026 The msp-gateway Authors.
//
// File: order_mapper.h
//
// MultiSafepay's order object (GET /orders/{order_id} `data`,
// multisafepay-api.md §5.1) as a typed payments.v1.Order. Pure.
//
// Mapping rules:
//   * `status` / `financial_status` become OrderStatus / TransactionStatus
//     (§5.2; matched ignoring ASCII case; `chargedback` and `chargeback` are
//     both CHARGEBACK). An unknown or missing value is *_UNSPECIFIED; the raw
//     string is always kept in status_raw / financial_status_raw.
//   * Gateway IDs (payment_details.type, payment_methods[].type) become the
//     Gateway enum via GatewayFromId(); unknown IDs and "COUPON" are
//     GATEWAY_UNSPECIFIED, the raw string stays in `type`.
//   * Integers (transaction_id, amount, amount_refunded, payment_methods[] and
//     related_transactions[] amounts, costs[].transaction_id) are read as
//     JSON integers or numeric strings, exactly (never via double).
//   * costs[].amount is a decimal in major units: the exact digits
//     MultiSafepay sent (it arrives as the number's lexeme when the body was
//     parsed by msp_json/exact_json.h, as MspClient does for GET /orders), so
//     `0.6` stays "0.6" and `0.60` stays "0.60"; integers (`0`, and cents in
//     /transactions listings) as they are.
//   * Texts accept numbers (last4 1234, external_transaction_id 906015000050);
//     numeric last4 / card_expiry_date are zero-padded to 4 digits.
//   * `completed` falls back to `completed_date`; `fastcheckout` "YES"/"NO"
//     (or a boolean) becomes a bool.
//   * Lists (payment_methods, costs, related_transactions) may be absent,
//     null, [] or {}.
//   * The request echoes (customer, shopping_cart, checkout_options,
//     custom_info) are mapped leniently: a cosmetic field of the wrong type
//     (`"standalone": ""`) is left unset, never failing the read, except the
//     cart's prices and quantities, which a BNPL refund is built from.
//     `delivery` and IBAN-holding fields the contract does not carry are
//     not mapped.
//   * A legacy gateway code (`PAYAFTER`) reads as the gateway that replaced
//     it; `type` keeps the code as reported.
//
// Anything that cannot be read without guessing (an amount that is not a
// number, a list that is not a list) fails the whole mapping with UNAVAILABLE
// MSP_INVALID_RESPONSE (msp_errors.h), naming the field but not its value: a
// wrong amount would be worse than an error.

#ifndef MSP_GATEWAY_SERVICE_MSP_ORDER_ORDER_MAPPER_H_
#define MSP_GATEWAY_SERVICE_MSP_ORDER_ORDER_MAPPER_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "payments/v1/order_details.pb.h"
#include "service/upstream/msp_client.h"

namespace msp_gateway {

// OrderStatusFromMsp()
//
// "completed" -> ORDER_STATUS_COMPLETED, "chargedback" ->
// ORDER_STATUS_CHARGEBACK, "surprise" -> ORDER_STATUS_UNSPECIFIED.
payments::v1::OrderStatus OrderStatusFromMsp(absl::string_view status);

// TransactionStatusFromMsp()
//
// "initialized" -> TRANSACTION_STATUS_INITIALIZED, "chargeback" and
// "chargedback" -> TRANSACTION_STATUS_CHARGEBACK, unknown -> UNSPECIFIED.
payments::v1::TransactionStatus TransactionStatusFromMsp(
    absl::string_view status);

// MapMspOrder()
//
// The order in `reply.data` (a JSON object). `requested_order_id` fills
// `order_id` when MultiSafepay's object lacks one.
absl::StatusOr<payments::v1::Order> MapMspOrder(
    const MspReply& reply, absl::string_view requested_order_id);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_MSP_ORDER_ORDER_MAPPER_H_
