// Copyright 2026 The msp-gateway Authors.
//
// File: msp_fields.h
//
// Lenient, typed reads of one JSON object from a MultiSafepay response, for
// the lifecycle mappers. MultiSafepay's scalar types drift (multisafepay-api.md
// §1.7, §8.6): IDs and amounts come as numbers or numeric strings, texts as
// numbers, anything as null. Those drifts are absorbed here. What cannot be
// read without guessing (an amount "abc", a list that is a string) is
// recorded as a problem: the mapper then answers MSP_INVALID_RESPONSE
// instead of a wrong number. Pure.

#ifndef MSP_GATEWAY_SERVICE_MSP_JSON_MSP_FIELDS_H_
#define MSP_GATEWAY_SERVICE_MSP_JSON_MSP_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {

// MspFields
//
// Reads members of `object` (a JSON object, or anything else, which reads as
// empty). `path` names the object in problems ("costs[1]"); the first problem
// of all readers sharing `problem` is kept there. Problems name fields, never
// values.
class MspFields {
 public:
  MspFields(const nlohmann::json& object, std::string path,
            std::string& problem);

  // A text: strings as they are, numbers in decimal; "" when absent, null,
  // boolean, object or array (texts are never worth failing a call for).
  std::string Text(absl::string_view key) const;

  // Text() of the first present key, for renamed fields
  // ("completed" / "completed_date").
  std::string TextOf(std::initializer_list<absl::string_view> keys) const;

  // Text() left-padded with '0' to `width` when MultiSafepay sent a JSON
  // number: last4 1234 / 123 and card_expiry_date 3012 / 512 lose leading
  // zeros as numbers ("0123", "0512").
  std::string Digits(absl::string_view key, size_t width) const;

  // An int64 (minor units, transaction IDs): a JSON integer, an integral
  // float, or a string of digits (optionally with a ".00" fraction of zeros).
  // 0 when absent or null; a problem otherwise.
  int64_t Int(absl::string_view key) const;

  // An exact decimal string (costs[].amount): integers in decimal, numeric
  // strings and exact lexemes (upstream/exact_json.h) through
  // NormalizeDecimal(), a double (from a non-exact parse) by its shortest
  // representation. "" when absent or null; a problem otherwise.
  std::string Decimal(absl::string_view key) const;

  // "YES" / "NO" (any case), or a JSON boolean; false otherwise.
  bool YesNo(absl::string_view key) const;

  // The member `key` if it is an object; nullptr when absent, null or an
  // empty array (PHP's empty map); a problem when it is anything else.
  const nlohmann::json* Object(absl::string_view key) const;

  // The elements of the array `key`; empty when absent, null or an empty
  // object. A problem when it is anything else, or when an element is not an
  // object (then the well-formed elements are still returned).
  std::vector<const nlohmann::json*> Objects(absl::string_view key) const;

  // The path of member `key` ("payment_details", "costs[1].amount").
  std::string PathOf(absl::string_view key) const;

  // Records `problem` unless an earlier one is already recorded.
  void Problem(const std::string& problem) const;

 private:
  const nlohmann::json* Member(absl::string_view key) const;

  const nlohmann::json& object_;
  const std::string path_;
  std::string& problem_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_MSP_JSON_MSP_FIELDS_H_
