// Copyright 2026 The msp-gateway Authors.
//
// File: order_validator.h
//
// Checks a CreateOrderRequest against the contract and MultiSafepay's
// documented limits before anything is sent upstream, so that a caller gets
// every problem at once, with field paths, instead of one MultiSafepay error
// code at a time. Pure: no I/O, no clock, no locale.
//
// The checks live beside this file, by concern, and ValidateCreateOrder()
// runs them in a fixed order: request_limits.h (the repeated-field limits,
// alone when one is exceeded), order_type_checks.h (type, gateway,
// recurring, capture, payment_data, custom_fields), order_field_checks.h
// (currency, amount, description, var1..3, lifetime, affiliate),
// payment_options_checks.h, customer_delivery_checks.h,
// gateway_info_checks.h and cart_checks.h (checkout_options, shopping_cart
// and its total); order_check_kit.h is what they share.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_VALIDATOR_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_VALIDATOR_H_

#include "absl/status/status.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/violations.h"  // kMaxCartItems, kMaxReportedViolations
#include "service/create_order/order_defaults.h"

namespace msp_gateway {

// ValidateCreateOrder()
//
// Returns OK when `request` may be translated and sent, and otherwise
// INVALID_ARGUMENT with the message "CreateOrder request has N invalid
// field(s)" and a google.rpc.BadRequest (see service/common/error_details.h)
// with one violation per invalid field. Fields are named by their path in the
// request with proto field names (`customer.first_name`,
// `shopping_cart.items[2].unit_price`,
// `payment_options.settings.gateways.mistercash.qr_size`) and listed in the
// order they are declared in the proto (repeated fields by index), whatever
// order the checks found them in. A field that breaks several rules appears
// once, its problems joined by "; ". Descriptions say what is wrong and what
// is expected; they never repeat personal data (names, emails, addresses,
// IPs) nor card data, tokens or account numbers.
//
// Conventions:
//   * "Characters" are Unicode code points of the UTF-8 text, not bytes.
//   * An optional string set to "" counts as not provided: it passes every
//     format rule (MultiSafepay's own examples send `"forwarded_ip": ""`) but
//     does not satisfy a "required" rule.
//   * Enum fields must hold a value the contract defines; UNSPECIFIED is
//     allowed where it has a meaning (type = redirect, no gateway, ...).
//   * "The gateway" below is `gateway`, or for a payment component order
//     without one, `payment_data.gateway`. Its row of the gateway table
//     (gateway_rules.h: family, direct support, currencies, amount range,
//     required customer/delivery fields, allowed and required gateway_info
//     fields) drives every per-gateway rule.
//   * Decimal strings (unit_price, rates, weight.value, shipping prices,
//     split percentages) must be plain decimals that are valid JSON numbers:
//     "12.50", "-5", "0.0825"; not "1e5", "NaN", "1,5", ".5", "007".
//
// Rules, by field (after the repeated-field limits of request_limits.h; at
// most kMaxReportedViolations problems are listed, see violations.h):
//   type           a gateway that is redirect only (§3.1 "no" or no direct
//                  example: Bancontact, Dotpay, EPS, Giropay, iDEAL QR,
//                  TrustPay, Zinia, gift cards, ...): REDIRECT, PAYMENT_LINK
//                  or UNSPECIFIED only, except a payment component order
//                  (payment_data) for a component gateway (Bancontact).
//                  payment_data needs ORDER_TYPE_DIRECT. CHECKOUT needs
//                  shopping_cart, checkout_options.tax_tables and
//                  payment_options.redirect_url / cancel_url.
//   order_id       required, at most 50 characters, only ASCII letters,
//                  digits, spaces and - _ . : / # + @ = ~ (violations.h).
//   gateway        required when type is ORDER_TYPE_DIRECT, except for a
//                  subsequent recurring payment (recurring_id or
//                  recurring.id) and a payment component order
//                  (payment_data).
//   currency       required, 3 upper-case letters, an active ISO 4217 code;
//                  the gateway's currencies (EUR for Bancontact and in3).
//   amount         required, > 0 (minor units); within the gateway's range
//                  (in3 5000-500000, in3 B2B 15000-3000000 EUR cents); with
//                  a shopping_cart, equal to the cart total by
//                  MultiSafepay's rounding rule (cart_total.h), else the
//                  violation states the expected total and the difference.
//   description    required, at most 200 characters, no HTML: rejected when a
//                  '<' is directly followed by an ASCII letter, '/', '!' or
//                  '?' (an element, end tag, comment/doctype or processing
//                  instruction); "a < b" and "<3" pass.
//   payment_options.notification_url / redirect_url / cancel_url / feed_url
//                  absolute http:// or https:// URL with a host, no
//                  whitespace or control characters.
//   payment_options.notification_url, notification_method
//                  when the gateway owns them (OrderDefaults, the overload
//                  below): not set ("" counts as not set, UNSPECIFIED is
//                  not set); the violation says to use WatchOrderEvents.
//   payment_options.settings   coupons.allow: gift card IDs;
//                  gateways.mistercash.mobile_pay_button_position top /
//                  bottom / center, qr_size "<n>px"; gateways.billink.type P
//                  or B; fco.redirect_mode redirect / modal,
//                  fco.issuers_display_mode select / list.
//   payment_options.allowed_countries[i]   ISO 3166-1 alpha-2.
//   customer.locale        `ll_CC` (e.g. nl_BE); required for Bancontact.
//   customer.ip_address, customer.forwarded_ip, customer.browser.ip_address
//                          IPv4 or IPv6 address (one, not a list).
//   customer.first_name, customer.last_name    2 to 25 characters.
//   customer.address1, address2 (64), house_number (10), zip_code (10),
//   city (50), state (6), phone (25)           at most N characters.
//   customer.country       ISO 3166-1 alpha-2, upper case (e.g. BE).
//   customer.email         local@domain.tld, at most 64 characters.
//   customer.gender        M, F, male, female, mr, mrs or miss.
//   customer.browser       screen sizes > 0; required for direct card orders
//                          (not MOTO, recurring_id / recurring.id or
//                          payment_data).
//   customer.*             the gateway's required customer fields (Amazon
//                          Pay, Bank transfer, Billink, in3 B2B, Klarna,
//                          Trustly; phone for Bizum / MB WAY direct); BNPL
//                          needs a customer; `reference` for recurring
//                          payments (recurring_model, recurring_id or
//                          recurring).
//   var1, var2, var3       at most 500 characters.
//   days_active            1 to 365.      seconds_active   1 to 31536000.
//   gateway_info.*         a field the gateway does not take is refused
//                          ("is not used by GATEWAY_IDEAL (iDEAL)"); a direct
//                          order carries what its gateway needs (cards:
//                          card_number, card_expiry_date, card_cvc except
//                          Maestro; Apple/Google Pay: payment_token; SEPA
//                          Direct Debit: account_id, account_holder_name,
//                          account_holder_iban, emandate; MyBank: issuer_id;
//                          BNPL: birthday, phone, email). Formats: card_number
//                          12-19 digits, card_expiry_date YYMM, card_cvc 3-4
//                          digits, term_url URL (required with flexible_3d),
//                          qr_size 100-2000, min_amount / max_amount > 0,
//                          required with allow_change_amount, min <= amount
//                          <= max, account_holder_country ISO, birthday a
//                          real YYYY-MM-DD date, phone 25, email, gender.
//   delivery               required for BNPL with first_name, last_name,
//                          address1, house_number, zip_code, city, country
//                          (Klarna: email); formats as for customer.
//   shopping_cart          required for BNPL; at least one item; per item:
//                          unit_price a decimal with at most 10 decimals (what
//                          MultiSafepay keeps) and 15 integer digits,
//                          quantity >= 1, currency = the order's,
//                          weight.unit KG or G, weight.value a decimal >= 0,
//                          tax_table_selector names an alternate table with a
//                          rule for the delivery (else customer) country or
//                          one without a country.
//   checkout_options       tax_tables required for BNPL; every rate a
//                          decimal fraction 0 to 1 (Billink: 0, 5, 6, 7, 9,
//                          16, 19, 20 or 21 %); alternate tables named; rule
//                          countries ISO; shipping prices decimals >= 0.
//   affiliate.split_payments[i]   merchant required; fixed >= 1 or
//                          percentage 1 to 100; fixed shares at most amount,
//                          percentages at most 100 in total.
//   recurring_model        required with recurring_id.
//   recurring_id           only with ORDER_TYPE_DIRECT; not "".
//   recurring.model, recurring.id   the nested form of the two above, with
//                          the same rules (a model from either form counts
//                          for a token from either); each of the two set in
//                          one form only ("set either recurring_model or
//                          recurring.model, not both").
//   invoice                at most 50 characters (PayPal); not required.
//   customer_verification  html at most 65536 bytes, type at most 50
//                          characters.
//   capture                MANUAL only for card gateways and Bancontact.
//   payment_data           payload required; gateway a payment component
//                          gateway, equal to `gateway` when both are set,
//                          required when `gateway` is not.
//   custom_fields          only with ORDER_TYPE_CHECKOUT.
// Not checked: customer.birthday (MultiSafepay's own examples send
// "10071970"; BNPL reads gateway_info.birthday, which is checked), referrer,
// user_agent, reference, company_name, items (HTML by design), plugin,
// custom_info, google_analytics.
absl::Status ValidateCreateOrder(
    const payments::v1::CreateOrderRequest& request);

// ValidateCreateOrder(request, defaults)
//
// The same for a gateway that adds `defaults` to every order
// (order_defaults.h): a request may not set what the defaults own. With
// empty defaults it is the overload above.
absl::Status ValidateCreateOrder(
    const payments::v1::CreateOrderRequest& request,
    const OrderDefaults& defaults);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_VALIDATOR_H_
