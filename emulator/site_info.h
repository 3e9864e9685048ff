// Copyright 2026 The msp-gateway Authors.
//
// File: site_info.h
//
// The emulated site's account data, for the endpoints MultiSafepay's SDKs
// call besides orders (multisafepay-api.md §5.8, §5.10; shapes from the
// OpenAPI paths):
//   GET /me              {"account_id": 12345678, "role": "merchant",
//                         "site_id": 12345}
//   GET /categories      [{"code": 999, "description": "Adult"}, ...], the
//                        site categories of listSiteCategories.json
//   GET /auth/api_token  {"api_token": "pub.v2.<random>"} (a new token each
//                        call; MultiSafepay's live for 600 s, nothing checks
//                        them here)
//   GET /issuers/mybank  [{"code": "CT000125-it", "description": "..."}, ...]
//                        MyBank is the only gateway with issuers today
//                        (codes in the shape of the mybank-direct example's
//                        issuer_id; the banks are the emulator's test data)
// Pure, but for the token's randomness.

#ifndef MSP_GATEWAY_EMULATOR_SITE_INFO_H_
#define MSP_GATEWAY_EMULATOR_SITE_INFO_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

// The emulated site's identifiers.
inline constexpr int64_t kAccountId = 12345678;
inline constexpr int64_t kSiteId = 12345;

nlohmann::json MeJson();
nlohmann::json CategoriesJson();
// A fresh API token.
nlohmann::json ApiTokenJson();

// IssuersJson()
//
// The issuers of `gateway` (case-insensitive); nullopt for a gateway without
// issuers.
std::optional<nlohmann::json> IssuersJson(absl::string_view gateway);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_SITE_INFO_H_
