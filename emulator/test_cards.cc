// Copyright 2026 The msp-gateway Authors.

#include "emulator/test_cards.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"

namespace msp_emulator {
namespace {

constexpr TestCard kTestCards[] = {
    {"4111111111111111", "VISA", true},
    {"5500000000000004", "MASTERCARD", true},
    {"374111111111111", "AMEX", true},
    {"6759000000000018", "MAESTRO", true},
    {"4012001037141112", "VISA", false},
};

// A UUID-shaped ID from a transaction ID and a salt, like the ACS and DS
// transaction IDs of MultiSafepay's 3-D Secure results.
std::string UuidOf(int64_t transaction_id, uint32_t salt) {
  const uint64_t v = static_cast<uint64_t>(transaction_id) * 2654435761u + salt;
  return absl::StrFormat(
      "%08x-%04x-11f0-%04x-%012x", static_cast<uint32_t>(v >> 32),
      static_cast<uint32_t>(v & 0xffff), salt & 0xffff, v & 0xffffffffffffULL);
}

}  // namespace

std::string CardDigits(absl::string_view number) {
  std::string digits;
  for (char c : number) {
    if (absl::ascii_isdigit(c)) digits.push_back(c);
  }
  return digits;
}

const TestCard* FindTestCard(absl::string_view number) {
  const std::string digits = CardDigits(number);
  for (const TestCard& card : kTestCards) {
    if (digits == card.number) return &card;
  }
  return nullptr;
}

nlohmann::json ThreeDSecureResult(int64_t transaction_id, bool authenticated) {
  nlohmann::json result = {
      {"acs_transaction_id", UuidOf(transaction_id, 0xac5)},
      {"ds_transaction_id", UuidOf(transaction_id, 0xd5)},
      {"version", "2.1.0"},
  };
  if (authenticated) {
    result["cavv"] = absl::Base64Escape(
        absl::StrFormat("msp-emulator-cavv-%d", transaction_id).substr(0, 20));
    result["eci"] = "05";
    result["status"] = "Y";
  } else {
    result["status"] = "N";
    result["transaction_status_reason"] = "08";
  }
  return result;
}

}  // namespace msp_emulator
