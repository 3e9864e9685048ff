// Copyright 2026 The msp-gateway Authors.
//
// File: msp_body.h
//
// Pieces of MultiSafepay request bodies that more than one translator
// writes: CreateOrder's (order_translator.h) and the lifecycle RPCs'
// (service/order_actions/*.cc). Both follow the same rules
// (an optional field that is not set is left out, a string set to "" is
// sent as ""; decimals are JSON numbers digit for digit, see
// decimal_json.h), so a cart line looks the same in an order and in a
// refund. Pure: no I/O.

#ifndef MSP_GATEWAY_SERVICE_MSP_JSON_MSP_BODY_H_
#define MSP_GATEWAY_SERVICE_MSP_JSON_MSP_BODY_H_

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"

namespace msp_gateway {

// PutIfSet()
//
// Sets out[key] = value only when the optional field is present (`has`).
void PutIfSet(nlohmann::ordered_json& out, const char* key, bool has,
              const std::string& value);
void PutIfSet(nlohmann::ordered_json& out, const char* key, bool has,
              bool value);

// CartItemJson()
//
// MultiSafepay's JSON of one cart line (CreateOrder's
// `shopping_cart.items[]`, RefundOrder's `checkout_data.items[]`), keys in
// the order of MultiSafepay's examples: name, description, unit_price,
// quantity, merchant_item_id, tax_table_selector, weight {unit, value},
// currency. `field` is the line's path in the request
// ("shopping_cart.items[0]"). When `unit_price` or `weight.value` is not a
// ParseDecimal() decimal, returns `not_decimal` of that field's path
// ("shopping_cart.items[0].unit_price"), unit_price first.
absl::StatusOr<nlohmann::ordered_json> CartItemJson(
    const payments::v1::CartItem& item, absl::string_view field,
    absl::FunctionRef<absl::Status(absl::string_view field)> not_decimal);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_MSP_JSON_MSP_BODY_H_
