// Copyright 2026 The msp-gateway Authors.
//
// File: payment_methods.h
//
// GET /payment-methods and GET /payment-methods/{id} (multisafepay-api.md
// §5.8): the gateway catalogue (gateway_catalog.h) as MultiSafepay's
// PaymentMethod objects (OpenAPI PaymentMethod.yaml, listPaymentMethods.json):
//   {"id": "IDEAL", "name": "iDEAL", "type": "payment-method",
//    "allowed_amount": {"min": 0, "max": null},
//    "allowed_countries": ["NL"], "allowed_currencies": ["EUR"],
//    "preferred_countries": ["NL"], "required_customer_data": [],
//    "shopping_cart_required": false,
//    "apps": {"fastcheckout": {"is_enabled": true, "qr": {"supported": false}},
//             "payment_components": {"is_enabled": true, "has_fields": false,
//                                    "qr": {"supported": false}}},
//    "brands": [], "icon_urls": {"large", "medium", "vector"},
//    "tokenization": {"is_enabled": false, "models": null},
//    "additional_data": {}}
// Empty allowed_* lists mean "no restriction", as the schema says. Gift cards
// have type "coupon". Card schemes and iDEAL, SEPA Direct Debit, Sofort and
// Bancontact support tokenization (all three models); BNPL methods require a
// cart and the customer's name, address, email and phone.
//
// Filters (query parameters; every one really applied):
//   amount (minor units)  methods whose allowed_amount holds it
//   country, currency     methods available there / in it
//   include_coupons       1/true: gift cards are listed; absent, 0 or false:
//                         none
//   type                  "coupon" or "payment-method": only that type
//   group_cards           1/true: the card schemes (Visa, Mastercard,
//                         American Express, Maestro) are one entry, id
//                         CREDITCARD "Card payment", listing them in `brands`;
//                         otherwise each scheme is its own entry and
//                         CREDITCARD is not listed
// Pure.

#ifndef MSP_GATEWAY_EMULATOR_PAYMENT_METHODS_H_
#define MSP_GATEWAY_EMULATOR_PAYMENT_METHODS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "emulator/gateway_catalog.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

struct PaymentMethodFilter {
  std::optional<int64_t> amount;
  std::optional<std::string> country;   // upper case
  std::optional<std::string> currency;  // upper case
  bool include_coupons = false;
  bool group_cards = false;
  std::optional<std::string> type;  // "coupon" or "payment-method"
};

// ListPaymentMethods()
//
// `data` of GET /payment-methods: the methods `filter` allows, in catalogue
// order.
nlohmann::json ListPaymentMethods(const PaymentMethodFilter& filter);

// PaymentMethodJson()
//
// One PaymentMethod object. For CREDITCARD, the grouped card entry.
nlohmann::json PaymentMethodJson(const GatewayInfo& gateway);

// QueryFlag()
//
// A boolean query parameter as MultiSafepay reads it: "1" or "true" (any
// case) is true, anything else false.
bool QueryFlag(absl::string_view value);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_PAYMENT_METHODS_H_
