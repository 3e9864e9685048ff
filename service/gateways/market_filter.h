// Copyright 2026 The msp-gateway Authors.
//
// File: market_filter.h
//
// The filters ListGateways and ListPaymentMethods share (a country, a
// currency and an amount, each optional): their checks and their query
// parameters, the same for both MultiSafepay endpoints (multisafepay-api.md
// §5.8). Pure.

#ifndef MSP_GATEWAY_SERVICE_GATEWAYS_MARKET_FILTER_H_
#define MSP_GATEWAY_SERVICE_GATEWAYS_MARKET_FILTER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/common/violations.h"

namespace msp_gateway {

// MarketFilter
//
// The filters that are set (nullptr, nullopt: not set); the texts are
// borrowed from a request.
struct MarketFilter {
  const std::string* country = nullptr;
  const std::string* currency = nullptr;
  std::optional<int64_t> amount;
};

// MarketFilterOf()
//
// The filter of a request with `optional` country, currency and amount.
template <typename Request>
MarketFilter MarketFilterOf(const Request& request) {
  MarketFilter filter;
  if (request.has_country()) filter.country = &request.country();
  if (request.has_currency()) filter.currency = &request.currency();
  if (request.has_amount()) filter.amount = request.amount();
  return filter;
}

// CheckMarketFilter()
//
// When set: country is an ISO 3166-1 alpha-2 code (2 upper-case letters),
// currency an active ISO 4217 code, amount > 0 (minor units). `what` ends
// the amount's hint ("to list gateways for any amount").
void CheckMarketFilter(const MarketFilter& filter, absl::string_view what,
                       Violations& v);

// MarketFilterQuery()
//
// "country=..", "currency=..", "amount=.." for the filters that are set, in
// this order, values percent-encoded.
std::vector<std::string> MarketFilterQuery(const MarketFilter& filter);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_GATEWAYS_MARKET_FILTER_H_
