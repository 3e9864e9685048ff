// Copyright 2026 The msp-gateway Authors.
//
// File: order_validator.h
//
// Checks a CreateOrderRequest against the contract and MultiSafepay's
// documented limits before anything is sent upstream, so that a caller gets
// every problem at once, with field paths, instead of one MultiSafepay error
// code at a time. Pure: no I/O, no clock, no locale.

#ifndef MSP_GATEWAY_SERVICE_ORDER_ORDER_VALIDATOR_H_
#define MSP_GATEWAY_SERVICE_ORDER_ORDER_VALIDATOR_H_

#include "absl/status/status.h"
#include "payments/v1/payment_service.pb.h"

namespace msp_gateway {

// ValidateCreateOrder()
//
// Returns OK when `request` may be translated and sent, and otherwise
// INVALID_ARGUMENT with the message "CreateOrder request has N invalid
// field(s)" and a google.rpc.BadRequest (see service/error_details.h) with
// one violation per invalid field. Fields are named by their path in the
// request (`customer.first_name`) and listed in the order they are declared
// in the request (type, order_id, gateway, currency, amount, description,
// payment_options.*, customer.*, var1..var3, days_active, seconds_active). A
// field that breaks several rules appears once, its problems joined by "; ".
// Descriptions say what is wrong and what is expected; they never repeat
// personal data (names, emails, addresses, IPs).
//
// Conventions:
//   * "Characters" are Unicode code points of the UTF-8 text, not bytes.
//   * An optional string set to "" counts as not provided: it passes every
//     format rule (MultiSafepay's own examples send `"forwarded_ip": ""`) but
//     does not satisfy a "required" rule.
//   * Enum fields (`type`, `gateway`, `payment_options.notification_method`)
//     must hold a value the contract defines; UNSPECIFIED is allowed.
//
// Rules, by field:
//   type           Bancontact (GATEWAY_MISTERCASH): REDIRECT, PAYMENT_LINK or
//                  UNSPECIFIED (= redirect) only.
//   order_id       required, at most 50 characters.
//   gateway        required when type is ORDER_TYPE_DIRECT.
//   currency       required, 3 upper-case letters, an active ISO 4217 code;
//                  EUR for Bancontact.
//   amount         required, > 0 (minor units).
//   description    required, at most 200 characters, no HTML: rejected when a
//                  '<' is directly followed by an ASCII letter, '/', '!' or
//                  '?' (an element, end tag, comment/doctype or processing
//                  instruction); "a < b" and "<3" pass.
//   payment_options.notification_url / redirect_url / cancel_url
//                  absolute http:// or https:// URL with a host, no
//                  whitespace or control characters.
//   customer.locale        `ll_CC` (e.g. nl_BE); required for Bancontact.
//   customer.ip_address, customer.forwarded_ip
//                          IPv4 or IPv6 address (one, not a list).
//   customer.first_name, customer.last_name    2 to 25 characters.
//   customer.address1, address2 (64), house_number (10), zip_code (10),
//   city (50), state (6), phone (25)           at most N characters.
//   customer.country       ISO 3166-1 alpha-2, upper case (e.g. BE).
//   customer.email         local@domain.tld, at most 64 characters.
//   customer.gender        M, F, male, female, mr, mrs or miss.
//   var1, var2, var3       at most 500 characters.
//   days_active            1 to 365.      seconds_active   1 to 31536000.
// Not checked: customer.birthday (MultiSafepay's own Bancontact example sends
// "10071970"), referrer, user_agent, reference, company_name.
absl::Status ValidateCreateOrder(
    const payments::v1::CreateOrderRequest& request);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ORDER_VALIDATOR_H_
