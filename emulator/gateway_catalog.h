// Copyright 2026 The msp-gateway Authors.
//
// File: gateway_catalog.h
//
// The payment methods ("gateways") of the emulated MultiSafepay site: every
// gateway ID of the docs' Gateway-IDs page, with its display name, schema
// family, whether it has a direct flow, and the currencies, countries and
// amounts it is available for where MultiSafepay documents them (Bancontact
// EUR/BE, in3 50-5000 EUR, in3 B2B 150-30000 EUR, Dutch gift cards NL, ...).
// GET /gateways, GET /gateways/{id} and the create-order rules all read this
// one table. Pure.
//
// As at MultiSafepay, GET /gateways never lists the generic CREDITCARD (the
// brands are listed instead), and lists one gift card unless asked for all
// of them (`include=coupons`).

#ifndef MSP_GATEWAY_EMULATOR_GATEWAY_CATALOG_H_
#define MSP_GATEWAY_EMULATOR_GATEWAY_CATALOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

// The OpenAPI schema family of a gateway (multisafepay-api.md §2.9).
enum class GatewayFamily {
  kBanking,
  kCard,
  kWallet,
  kBnpl,
  kGiftCard,
};

struct GatewayInfo {
  const char* id;           // MultiSafepay's gateway ID, upper case
  const char* description;  // display name, as GET /gateways answers it
  GatewayFamily family;
  bool direct;     // has a documented direct flow
  bool component;  // payment components (type direct with payment_data)
  // Comma-separated ISO codes; "" = no restriction.
  const char* currencies;
  const char* countries;
  // Order amount limits in minor units; 0 = none.
  int64_t min_amount;
  int64_t max_amount;
  bool listed;  // appears in GET /gateways (false only for CREDITCARD)
};

// FindGateway()
//
// The gateway with ID `id`, compared case-insensitively ("iDEAL" is IDEAL);
// nullptr for an unknown ID.
const GatewayInfo* FindGateway(absl::string_view id);

// AllGateways()
//
// The whole catalogue, in listing order.
absl::Span<const GatewayInfo> AllGateways();

// IsBnpl()
//
// True for a known gateway of the BNPL family (AFTERPAY, BILLINK, BNPL_INSTM,
// BNPL_MF, EINVOICE, IN3, IN3B2B, KLARNA, SANTANDER, ZINIA).
bool IsBnpl(absl::string_view id);

// AllowsCurrency(), AllowsCountry(), AllowsAmount()
//
// Whether `gateway` is available for the currency, country or amount (minor
// units).
bool AllowsCurrency(const GatewayInfo& gateway, absl::string_view currency);
bool AllowsCountry(const GatewayInfo& gateway, absl::string_view country);
bool AllowsAmount(const GatewayInfo& gateway, int64_t amount);

struct GatewayFilter {
  std::optional<std::string> country;
  std::optional<std::string> currency;
  std::optional<int64_t> amount;
  bool include_coupons = false;
};

// ListGateways()
//
// `data` of GET /gateways: [{"id": "VISA", "description": "Visa"}, ...,
// {"id": "EDENCOM", "description": "Ticket Compliments", "type": "coupon"}]
// for the gateways `filter` allows, in catalogue order.
nlohmann::json ListGateways(const GatewayFilter& filter);

// GatewayJson()
//
// One entry of that list: {"id", "description"} plus "type": "coupon" for
// gift cards.
nlohmann::json GatewayJson(const GatewayInfo& gateway);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_GATEWAY_CATALOG_H_
