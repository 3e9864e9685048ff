// Copyright 2026 The msp-gateway Authors.
//
// File: gateway_rules.h
//
// What each MultiSafepay gateway accepts, as ONE data table (gateway_rules.cc)
// rather than conditions spread through the validator: its family, whether it
// can be started `direct`, whether payment components or manual capture can
// use it, its currencies and amount range, the customer and delivery fields it
// needs, and which `gateway_info` fields it takes (and which of those a direct
// order must carry). The validator reads the table; a new gateway or a changed
// MultiSafepay rule is one row.
//
// Sources (docs/multisafepay-api.md in the shared folder, which restates
// MultiSafepay's docs and OpenAPI schemas): §2.4 customer "Required for" notes,
// §2.8 gateway_info variants, §2.9 schema families and their `required:`
// lists, §2.10 Bancontact, §3.1 gateway IDs with direct/redirect support, and
// the OpenAPI enums GatewayIdentifiersPaymentComponent and PaymentData.gateway.
// Where MultiSafepay's own examples contradict a "required" note (customer
// details on card redirects, phone on a Bizum redirect), the example wins and
// the row says so in gateway_rules.cc.
//
// Field sets are bit masks of protobuf field numbers (FieldBit(n) = 1 << n) of
// payments.v1.Customer, Delivery and GatewayInfo, so the validator can name
// the fields through the descriptor and a renumbered proto cannot drift from
// the table silently (gateway_rules_test.cc checks every bit names a field).

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_GATEWAY_RULES_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_GATEWAY_RULES_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "payments/v1/gateway.pb.h"

namespace msp_gateway {

// MultiSafepay's schema families (§2.9), plus the payment page (no gateway).
enum class GatewayFamily {
  kPaymentPage,  // No gateway: the customer picks on the payment page.
  kBanking,
  kCard,
  kWallet,
  kBnpl,
  kPrepaid,  // Gift cards, vouchers, Paysafecard: redirect only.
};

// The bit of protobuf field number `n` (1..63) in a field mask.
constexpr uint64_t FieldBit(int n) { return uint64_t{1} << n; }

// One row of the table.
struct GatewayRule {
  payments::v1::Gateway gateway;
  // How MultiSafepay names the method, for messages ("Bancontact").
  absl::string_view name;
  GatewayFamily family;
  // ORDER_TYPE_DIRECT is allowed (§3.1 "yes"; "no" and "-" mean redirect only).
  bool direct;
  // May be the gateway of a payment component order (payment_data).
  bool payment_component;
  // capture = CAPTURE_MODE_MANUAL is allowed (cards, Bancontact).
  bool manual_capture;
  // The order needs customer, delivery, shopping_cart and
  // checkout_options.tax_tables (BNPL, §2.9).
  bool cart_required;
  // Accepted currencies, space-separated ISO 4217 codes; "" accepts any.
  absl::string_view currencies;
  // Accepted `amount` in minor units of the (only) accepted currency; 0 means
  // no bound. Only set together with `currencies`.
  int64_t min_amount;
  int64_t max_amount;
  // Customer fields (FieldBit of payments.v1.Customer numbers) required on
  // every order of this gateway, and in addition on direct orders.
  uint64_t customer_required;
  uint64_t customer_required_direct;
  // Delivery fields required whenever the order is for this gateway.
  uint64_t delivery_required;
  // gateway_info fields (payments.v1.GatewayInfo numbers) the gateway takes;
  // any other field set is refused.
  uint64_t info_allowed;
  // gateway_info fields a direct order must carry, except a subsequent
  // recurring payment (recurring_id or recurring.id) or a payment component
  // order (payment_data), which carry their data elsewhere.
  uint64_t info_required_direct;
  // VAT rates the order's tax tables may use, space-separated decimal
  // fractions compared by value ("0.2" accepts "0.20"); "" accepts any.
  absl::string_view vat_rates;
};

// GatewayRuleFor()
//
// The row of `gateway`; GATEWAY_UNSPECIFIED has the payment page row. Every
// gift card and voucher (numbers 100 and up) shares one prepaid row whose
// `gateway` is the one asked for. Returns nullptr for a number the contract
// does not define.
const GatewayRule* GatewayRuleFor(payments::v1::Gateway gateway);

// AllGatewayRules()
//
// Every row of the table except the shared gift card row, for tests and docs.
absl::Span<const GatewayRule> AllGatewayRules();

// GatewayFamilyName()
//
// "payment page", "banking", "card", "wallet", "BNPL", "prepaid".
absl::string_view GatewayFamilyName(GatewayFamily family);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_GATEWAY_RULES_H_
