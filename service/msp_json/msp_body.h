// Copyright 2026 The msp-gateway Authors.
//
// File: msp_body.h
//
// Pieces of MultiSafepay request bodies that more than one translator
// writes: CreateOrder's (order_translator.h) and the lifecycle RPCs'
// (service/order_actions/*.cc), for an nlohmann tree (DumpJson(),
// decimal_json.h) and for a JsonWriter (json_writer.h), which gives the same
// text. Both follow the same rules
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
#include "service/msp_json/json_writer.h"

namespace msp_gateway {

// PutIfSet()
//
// Sets out[key] = value only when the optional field is present (`has`).
void PutIfSet(nlohmann::ordered_json& out, const char* key, bool has,
              const std::string& value);
void PutIfSet(nlohmann::ordered_json& out, const char* key, bool has,
              bool value);

// WriteIfSet()
//
// PutIfSet() for a JsonWriter: writes the member `key` only when the
// optional field is present (`has`).
void WriteIfSet(JsonWriter& out, absl::string_view key, bool has,
                const std::string& value);
void WriteIfSet(JsonWriter& out, absl::string_view key, bool has, bool value);
// Any other type (an int, a const char*) would silently become a bool.
template <typename T>
void WriteIfSet(JsonWriter& out, absl::string_view key, bool has,
                const T& value) = delete;

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

// WriteCartItem()
//
// CartItemJson() for a JsonWriter: writes the line's object into `out`, the
// same keys in the same order, the same text. When `unit_price` or
// `weight.value` is not a decimal, returns `not_decimal` of the member's path
// inside the line (".unit_price", ".weight.value"; the caller prefixes the
// line's path, so a valid line costs no path), unit_price first, with part
// of the line written: the caller drops the body.
absl::Status WriteCartItem(
    JsonWriter& out, const payments::v1::CartItem& item,
    absl::FunctionRef<absl::Status(absl::string_view member)> not_decimal);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_MSP_JSON_MSP_BODY_H_
