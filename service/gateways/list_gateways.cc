// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/list_gateways.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "service/common/iso_codes.h"
#include "service/common/violations.h"
#include "service/gateways/gateway_description.h"
#include "service/msp_json/msp_fields.h"
#include "service/upstream/http_url.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

using ::payments::v1::ListGatewaysRequest;
using ::payments::v1::ListGatewaysResponse;

}  // namespace

absl::Status ValidateListGateways(const ListGatewaysRequest& request) {
  Violations v("ListGateways");
  if (request.has_country()) {
    const std::string& country = request.country();
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
  if (request.has_currency()) {
    CheckCurrencyCode("currency", request.currency(), v);
  }
  if (request.has_amount()) {
    CheckPositiveAmount("amount", request.amount(),
                        "to list gateways for any amount", v);
  }
  return std::move(v).ToStatus();
}

absl::StatusOr<MspRequest> TranslateListGateways(
    const ListGatewaysRequest& request) {
  std::vector<std::string> query;
  if (request.has_country()) {
    query.push_back(
        absl::StrCat("country=", PercentEncodePathSegment(request.country())));
  }
  if (request.has_currency()) {
    query.push_back(absl::StrCat("currency=",
                                 PercentEncodePathSegment(request.currency())));
  }
  if (request.has_amount()) {
    query.push_back(absl::StrCat("amount=", request.amount()));
  }
  if (request.include_coupons()) query.push_back("include=coupons");
  return MspRequestFor(MspOperation::kListGateways, "", "",
                       absl::StrJoin(query, "&"));
}

absl::StatusOr<ListGatewaysResponse> MapListGatewaysResult(
    const ListGatewaysRequest& /*request*/, const MspReply& reply) {
  constexpr MspOperation kOp = MspOperation::kListGateways;
  if (!reply.data.is_array()) {
    return MspInvalidResponseError(kOp, reply.http_status, "",
                                   "\"data\" is not an array");
  }
  std::string problem;
  ListGatewaysResponse response;
  for (size_t i = 0; i < reply.data.size(); ++i) {
    const nlohmann::json& entry = reply.data[i];
    const std::string path = absl::StrCat("data[", i, "]");
    if (!entry.is_object()) {
      problem = absl::StrCat("\"", path, "\" is not an object");
      break;
    }
    MapMspGatewayDescription(MspFields(entry, path, problem),
                             *response.add_gateways());
  }
  if (!problem.empty()) {
    return MspInvalidResponseError(kOp, reply.http_status, "", problem);
  }
  return response;
}

const UnarySpec<ListGatewaysRequest, ListGatewaysResponse> kListGatewaysSpec = {
    /*method=*/"ListGateways",
    /*validate=*/ValidateListGateways,
    /*translate=*/TranslateListGateways,
    /*map_reply=*/MapListGatewaysResult,
    // A read: no key.
    /*idempotency_key=*/nullptr,
    /*idempotency_key_field=*/"",
};

}  // namespace msp_gateway
