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
//   * Integers (`amount`, `days_active`, `quantity`, `fixed`, ...) are JSON
//     integers, exact for every int64; booleans are JSON booleans.
//   * Decimal strings (`unit_price`, tax `rate`, `weight.value`, shipping
//     `price`, split `percentage`) are written into the body as JSON numbers
//     digit for digit ("13.761467889" stays 13.761467889, "0.00" stays
//     0.00): no value passes through binary floating point. Text that is not
//     a plain decimal is an INVALID_ARGUMENT error, never written.
//   * iDEAL QR `min_amount` / `max_amount` (int64 minor units in the
//     contract) are sent as strings of minor units ("2000"), as
//     MultiSafepay's schema and example type them.
//   * Enums become MultiSafepay's strings: `type` redirect / direct /
//     paymentlink / checkout (UNSPECIFIED is sent as "redirect", MultiSafepay's
//     own default, so the body says what will happen); `gateway` and
//     `payment_data.gateway` their MultiSafepay ID (gateway_ids.h), left out
//     when UNSPECIFIED; `notification_method` "GET" / "POST",
//     `recurring_model` and `recurring.model` cardOnFile / subscription /
//     unscheduled, `capture` "manual", each left out when UNSPECIFIED.
//   * Messages are left out when not set, and sent with exactly the fields
//     that are set when they are, so a set but empty message becomes `{}`.
//     This is the proto3 JSON mapping's own rule and the same "set means
//     sent" rule as for strings. `payment_options.settings.gateways` uses
//     MultiSafepay's keys MISTERCASH, BILLINK, IDEAL; `custom_fields`
//     (google.protobuf.Struct) are sent as their proto3 JSON.
//   * Keys follow MultiSafepay's documented order (type, gateway, order_id,
//     currency, amount, description, payment_options, customer, var1..var3,
//     days_active, seconds_active, then items, gateway_info, delivery,
//     shopping_cart, checkout_options, invoice, second_chance,
//     customer_verification, custom_info, google_analytics, plugin,
//     affiliate, recurring_model, recurring_id, recurring, capture,
//     payment_data, custom_fields; inside objects the order of
//     MultiSafepay's examples or schemas), so logged bodies read like the
//     docs.
//   * Text that is not valid UTF-8 (only possible when a C++ caller bypasses
//     protobuf parsing) is sent with U+FFFD in place of the bad bytes.
//
// Call ValidateCreateOrder() first: the translator does not check limits.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_TRANSLATOR_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_TRANSLATOR_H_

#include <string>

#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/create_order/order_defaults.h"

namespace msp_gateway {

// TranslateCreateOrder()
//
// Returns the compact JSON text of the MultiSafepay order for `request`, or
// INVALID_ARGUMENT (with a google.rpc.BadRequest naming the field) when an
// enum field holds a number the contract does not define or a decimal field
// is not a decimal, which ValidateCreateOrder() would also have rejected.
//
// Example:
//   request: type ORDER_TYPE_REDIRECT, gateway GATEWAY_MISTERCASH,
//            order_id "o-1", currency "EUR", amount 100, description "Tea"
//   result:  {"type":"redirect","gateway":"MISTERCASH","order_id":"o-1",
//             "currency":"EUR","amount":100,"description":"Tea"}
absl::StatusOr<std::string> TranslateCreateOrder(
    const payments::v1::CreateOrderRequest& request);

// TranslateCreateOrder(request, defaults)
//
// The same with what the gateway adds to every order (order_defaults.h).
// When `defaults` owns the notifications, `payment_options` is always sent
// and begins with the gateway's `"notification_url"` and
// `"notification_method":"POST"`; the request's own notification_url and
// notification_method are not sent (ValidateCreateOrder(request, defaults)
// refuses a request that sets them). Empty defaults: the overload above.
//
// Example, with notification_url "https://pay.example.com/notifications/
// multisafepay" and the request above:
//   {"type":"redirect","gateway":"MISTERCASH","order_id":"o-1",
//    "currency":"EUR","amount":100,"description":"Tea",
//    "payment_options":{"notification_url":"https://pay.example.com/
//    notifications/multisafepay","notification_method":"POST"}}
absl::StatusOr<std::string> TranslateCreateOrder(
    const payments::v1::CreateOrderRequest& request,
    const OrderDefaults& defaults);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_TRANSLATOR_H_
