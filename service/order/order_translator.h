// Copyright 2026 The msp-gateway Authors.
//
// File: order_translator.h
//
// Turns a CreateOrderRequest into the JSON body of MultiSafepay's
// POST /v1/json/orders. Pure: no I/O. Field names are already MultiSafepay's
// (see order.proto); the translation is about presence and types:
//
//   * An optional field that is not set is left out, never sent as "" or 0; a
//     string set to "" is sent as "" (MultiSafepay's own examples do that).
//   * `order_id`, `currency` and `description` (plain proto3 strings, required
//     by the validator) are always sent.
//   * `amount`, `days_active`, `seconds_active` are JSON integers (exact for
//     every int64: no floating point anywhere); `close_window` is a JSON
//     boolean.
//   * Enums become MultiSafepay's strings: `type` redirect / direct /
//     paymentlink / checkout (UNSPECIFIED is sent as "redirect", MultiSafepay's
//     own default, so the body says what will happen); `gateway` its
//     MultiSafepay ID (gateway_ids.h), left out when UNSPECIFIED;
//     `notification_method` "GET" / "POST", left out when UNSPECIFIED.
//   * `payment_options` and `customer` are left out when the message is not
//     set, and sent with exactly the fields that are set when it is, so a set
//     but empty message becomes `{}`. This is the proto3 JSON mapping's own
//     rule and the same "set means sent" rule as for strings.
//   * Keys follow MultiSafepay's documented order (type, gateway, order_id,
//     currency, amount, description, payment_options, customer, var1..var3,
//     days_active, seconds_active; inside objects the order of MultiSafepay's
//     examples), so logged bodies read like the docs.
//   * Text that is not valid UTF-8 (only possible when a C++ caller bypasses
//     protobuf parsing) is sent with U+FFFD in place of the bad bytes.
//
// Call ValidateCreateOrder() first: the translator does not check limits.

#ifndef MSP_GATEWAY_SERVICE_ORDER_ORDER_TRANSLATOR_H_
#define MSP_GATEWAY_SERVICE_ORDER_ORDER_TRANSLATOR_H_

#include <string>

#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"

namespace msp_gateway {

// TranslateCreateOrder()
//
// Returns the compact JSON text of the MultiSafepay order for `request`, or
// INVALID_ARGUMENT (with a google.rpc.BadRequest naming the field) when an
// enum field holds a number the contract does not define, which
// ValidateCreateOrder() would also have rejected.
//
// Example:
//   request: type ORDER_TYPE_REDIRECT, gateway GATEWAY_MISTERCASH,
//            order_id "o-1", currency "EUR", amount 100, description "Tea"
//   result:  {"type":"redirect","gateway":"MISTERCASH","order_id":"o-1",
//             "currency":"EUR","amount":100,"description":"Tea"}
absl::StatusOr<std::string> TranslateCreateOrder(
    const payments::v1::CreateOrderRequest& request);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ORDER_TRANSLATOR_H_
