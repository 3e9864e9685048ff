// Copyright 2026 The msp-gateway Authors.
//
// File: order_rules.h
//
// MultiSafepay's create-order rules as a pure function: a parsed
// `POST /v1/json/orders` body in, the first error MultiSafepay would report
// out. No I/O and no state, so every rule is unit-tested without sockets; the
// rules that need state (an order_id that was already paid) live in
// order_store.h.
//
// Checked, in this order (the first failure wins, as MultiSafepay reports one
// error per request):
//   1. the body is a JSON object                           -> 1000
//   2. `type` is absent, "" or one of redirect, direct, paymentlink, checkout
//      (case-insensitive)                                  -> 1000
//   3. `order_id` is a non-empty string of at most 50 characters, or an
//      integer (MultiSafepay echoes numeric IDs)           -> 1006
//   4. `currency` is an upper-case ISO 4217 code           -> 1002
//   5. `amount` is a JSON integer >= 1 (not "100", not 100.0) -> 1001
//   6. `description` is a non-empty string of at most 200 characters
//                                                          -> 1008
//   7. `var1`..`var3`, when present, are strings (or null) of at most 500
//      characters                                          -> 1010
//   8. `customer.country` and `delivery.country`, when non-empty, are
//      upper-case ISO 3166-1 alpha-2 codes                 -> 1018
//   9. `customer.ip_address` and `customer.forwarded_ip`, when non-empty, are
//      IPv4 or IPv6 addresses                              -> 1007
//  10. a `direct` order names a gateway that supports direct (in `gateway` or
//      `payment_data.gateway`; gateway_catalog.h); Bancontact (MISTERCASH)
//      and Dotpay never do.
//      A direct order without gateway is accepted only as a recurring
//      follow-up (`recurring_id`)                          -> 1023
//  11. a known gateway is available in `currency` (gateway_catalog.h:
//      Bancontact, iDEAL, ... are EUR only)                -> 1002
//  12. a known gateway is available for `amount` (in3: 50-5000 EUR, in3 B2B:
//      150-30000 EUR). MultiSafepay hides a method outside its limits, so
//      the order meets "no gateway available"              -> 1023 (404)
//  13. the data the gateway family and type require (§2.9), "Missing data"
//      (MultiSafepay documents no dedicated code)          -> 1016
//        BNPL (AFTERPAY, BILLINK, BNPL_INSTM, BNPL_MF, EINVOICE, IN3, IN3B2B,
//        KLARNA, ZINIA): customer, delivery, shopping_cart.items and
//        checkout_options.tax_tables; SANTANDER only customer (its docs
//        example sends nothing else); KLARNA also delivery.email
//        type checkout: shopping_cart.items, checkout_options.tax_tables,
//        payment_options.redirect_url and cancel_url
//        MBWAY, AMAZONBTN: customer.phone (or gateway_info.phone). Bizum is
//        documented as needing one too, but its docs examples send none.
//  14. the cart and tax tables (cart_rules.h), when either is sent:
//        tax table rates in [0, 1)                         -> 1028
//        each line's unit_price and quantity are decimals  -> 1031
//        each line's currency is ISO 4217                  -> 1030
//        each line's tax_table_selector names a table; Billink lines use
//        a Billink VAT rate                                -> 1029
//        lines in one currency                             -> 1025
//        that currency is the order's                      -> 1026
//        with checkout_options.validate_cart true or a BNPL gateway: the
//        rounding-rule total equals `amount`               -> 1027
// Lengths count Unicode code points, not bytes. Gateway IDs are compared
// case-insensitively ("iDEAL" is IDEAL). A redirect order may name a gateway
// the catalogue does not know (the docs' card example sends
// "CREDITCARD/AMEX/MAESTRO/MASTERCARD/VISA"): the payment page then lists
// every method. Anything not listed (URLs, names, birthdays) is accepted as
// sent.

#ifndef MSP_GATEWAY_EMULATOR_ORDER_RULES_H_
#define MSP_GATEWAY_EMULATOR_ORDER_RULES_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "emulator/exact_json.h"
#include "emulator/msp_error.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

// ValidateCreateOrder()
//
// Returns the first error MultiSafepay would report for `body`, or nullopt
// when the order is valid. Cart prices and tax rates are read from the
// body's number lexemes (exact_json.h), never through a double.
std::optional<MspError> ValidateCreateOrder(const ExactJson& body);

// As above, for a body held only as a DOM (see ExactJson::FromDom()).
std::optional<MspError> ValidateCreateOrder(const nlohmann::json& body);

// The accessors below normalise fields of a body that passed
// ValidateCreateOrder(); on other bodies they return their defaults.

// OrderIdOf()
//
// `order_id` as a string (a numeric order_id is printed in decimal).
std::string OrderIdOf(const nlohmann::json& body);

// OrderTypeOf()
//
// `type` in lower case; "redirect" when absent or empty.
std::string OrderTypeOf(const nlohmann::json& body);

// GatewayOf()
//
// The gateway ID in upper case, taken from `gateway` or else from
// `payment_data.gateway`; "" when neither names one.
std::string GatewayOf(const nlohmann::json& body);

// LocaleOf()
//
// `customer.locale`, or "en_US" (MultiSafepay's default) when absent or empty.
std::string LocaleOf(const nlohmann::json& body);

// Utf8Length()
//
// The number of code points in a valid UTF-8 string.
size_t Utf8Length(absl::string_view utf8);

// IsIpAddress()
//
// True for a textual IPv4 ("213.127.71.75") or IPv6 ("2001:db8::1") address.
bool IsIpAddress(const std::string& text);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_ORDER_RULES_H_
