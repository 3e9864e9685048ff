// Copyright 2026 The msp-gateway Authors.
//
// File: recurring_token.h
//
// What the recurring-token RPCs share: the checks of a customer reference
// and a token, and one token of MultiSafepay's GET /recurring/{reference} as
// the contract's RecurringToken (multisafepay-api.md §5.9). Pure.

#ifndef MSP_GATEWAY_SERVICE_RECURRING_TOKENS_RECURRING_TOKEN_H_
#define MSP_GATEWAY_SERVICE_RECURRING_TOKENS_RECURRING_TOKEN_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "payments/v1/recurring_token.pb.h"
#include "service/common/violations.h"

namespace msp_gateway {

// A customer reference or token longer than this is refused: both become a
// segment of MultiSafepay's URL path, and MultiSafepay's own IDs are far
// shorter (customer.reference is the merchant's customer ID, tokens are ~11
// characters).
inline constexpr size_t kMaxRecurringIdChars = 50;

// CheckRecurringId()
//
// `field` (customer_reference, token): required, at most
// kMaxRecurringIdChars characters, no control characters. The violation
// never quotes the value.
void CheckRecurringId(absl::string_view field, absl::string_view value,
                      Violations& v);

// MapMspRecurringToken()
//
// `entry` (an object at `path`, "data.tokens[0]") into `out`. bin, last4 and
// expiry_date come as numbers or strings (last4 and expiry_date keep their
// leading zeros: 4 digits); `expired` is 0/1 or a boolean. A missing `token`
// records a problem in `problem`.
void MapMspRecurringToken(const nlohmann::json& entry, const std::string& path,
                          std::string& problem,
                          payments::v1::RecurringToken& out);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RECURRING_TOKENS_RECURRING_TOKEN_H_
