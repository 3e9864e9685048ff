// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/market_filter.h"

#include "absl/strings/str_cat.h"
#include "service/common/iso_codes.h"
#include "service/upstream/http_url.h"

namespace msp_gateway {

void CheckMarketFilter(const MarketFilter& filter, absl::string_view what,
                       Violations& v) {
  if (filter.country != nullptr) {
    const std::string& country = *filter.country;
    const bool two_upper = country.size() == 2 && country[0] >= 'A' &&
                           country[0] <= 'Z' && country[1] >= 'A' &&
                           country[1] <= 'Z';
    if (!two_upper) {
      v.Add("country",
            "must be 2 upper-case letters (an ISO 3166-1 alpha-2 code such "
            "as BE)");
    } else if (!IsIsoCountry(country)) {
      v.Add("country",
            absl::StrCat("must be an ISO 3166-1 alpha-2 code, got ", country));
    }
  }
  if (filter.currency != nullptr) {
    CheckCurrencyCode("currency", *filter.currency, v);
  }
  if (filter.amount.has_value()) {
    CheckPositiveAmount("amount", *filter.amount, what, v);
  }
}

std::vector<std::string> MarketFilterQuery(const MarketFilter& filter) {
  std::vector<std::string> query;
  if (filter.country != nullptr) {
    query.push_back(
        absl::StrCat("country=", PercentEncodePathSegment(*filter.country)));
  }
  if (filter.currency != nullptr) {
    query.push_back(
        absl::StrCat("currency=", PercentEncodePathSegment(*filter.currency)));
  }
  if (filter.amount.has_value()) {
    query.push_back(absl::StrCat("amount=", *filter.amount));
  }
  return query;
}

}  // namespace msp_gateway
