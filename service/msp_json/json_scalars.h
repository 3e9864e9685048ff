// Copyright 2026 The msp-gateway Authors.
//
// File: json_scalars.h
//
// One member of a MultiSafepay JSON object as a string or an exact integer,
// whatever JSON type MultiSafepay chose for it that day (IDs come as numbers
// or numeric strings, multisafepay-api.md §1.7). Pure.

#ifndef MSP_GATEWAY_SERVICE_MSP_JSON_JSON_SCALARS_H_
#define MSP_GATEWAY_SERVICE_MSP_JSON_JSON_SCALARS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {

// JsonMember()
//
// `object[key]`, or nullptr when `object` is not an object or has no `key`.
const nlohmann::json* JsonMember(const nlohmann::json& object,
                                 absl::string_view key);

// JsonString()
//
// `object[key]` as a string: strings as they are, integers in decimal (an
// order_id echoed as a JSON number), other numbers as JSON prints them.
// nullopt when `object` is not an object, the key is absent, or the value is
// null, a bool, an object or an array.
std::optional<std::string> JsonString(const nlohmann::json& object,
                                      absl::string_view key);

// JsonInt()
//
// `object[key]` as an int64: JSON integers, or strings of base-10 digits with
// an optional sign and surrounding spaces (a transaction_id sent as
// "1721910521100125"). Never goes through double: a float is accepted only if
// it is integral and exactly representable (|x| <= 2^53). nullopt on absence,
// overflow or any other type.
std::optional<int64_t> JsonInt(const nlohmann::json& object,
                               absl::string_view key);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_MSP_JSON_JSON_SCALARS_H_
