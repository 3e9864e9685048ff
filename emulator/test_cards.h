// Copyright 2026 The msp-gateway Authors.
//
// File: test_cards.h
//
// MultiSafepay's test card numbers (docs "Testing" page) and what the test
// environment does with a direct card order that carries one: the card is
// authorised at once, with 3-D Secure passed frictionless, or declined after
// a failed 3-D Secure authentication (reason_code 3001, as in the OpenAPI
// example getOrderFailed3DS.json). Any other number, or an order without
// `gateway_info.card_number`, is left to the control surface as before.
// Pure.
//
//   4111 1111 1111 1111   Visa              authorised
//   5500 0000 0000 0004   Mastercard        authorised
//   3741 1111 1111 111    American Express  authorised
//   6759 0000 0000 0018   Maestro           authorised
//   4012 0010 3714 1112   Visa              declined (3-D Secure failed)
//
// Spaces and dashes in the number are ignored.

#ifndef MSP_GATEWAY_EMULATOR_TEST_CARDS_H_
#define MSP_GATEWAY_EMULATOR_TEST_CARDS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

struct TestCard {
  const char* number;  // digits only
  const char* brand;   // the gateway ID of the card's scheme
  bool authorised;     // false: declined
};

// FindTestCard()
//
// The test card with this number; nullptr for any other number.
const TestCard* FindTestCard(absl::string_view number);

// CardDigits()
//
// The digits of `number` only ("4111 1111-1111 1111" -> "4111111111111111").
std::string CardDigits(absl::string_view number);

// ThreeDSecureResult()
//
// `payment_details.card_authentication_result` of a card payment with
// transaction `transaction_id`: {acs_transaction_id, ds_transaction_id,
// cavv, eci, status "Y", version} when `authenticated`, else {acs_...,
// ds_..., status "N", transaction_status_reason "08", version}, the shapes
// of MultiSafepay's getOrder3DS.json and getOrderFailed3DS.json. The IDs are
// derived from the transaction ID, so a GET repeats them.
nlohmann::json ThreeDSecureResult(int64_t transaction_id, bool authenticated);

// The reason and reason code of a declined 3-D Secure authentication.
inline constexpr char kThreeDSecureFailedReason[] =
    "3DS Authentication Failed / Card authentication failed";
inline constexpr char kThreeDSecureFailedCode[] = "3001";

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_TEST_CARDS_H_
