// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/list_gateways.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "service/common/violations.h"
#include "service/gateways/gateway_description.h"
#include "service/gateways/market_filter.h"
#include "service/msp_json/msp_fields.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

using ::payments::v1::ListGatewaysRequest;
using ::payments::v1::ListGatewaysResponse;

}  // namespace

absl::Status ValidateListGateways(const ListGatewaysRequest& request) {
  Violations v("ListGateways");
  CheckMarketFilter(MarketFilterOf(request), "to list gateways for any amount",
                    v);
  return std::move(v).ToStatus();
}

absl::StatusOr<MspRequest> TranslateListGateways(
    const ListGatewaysRequest& request) {
  std::vector<std::string> query = MarketFilterQuery(MarketFilterOf(request));
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
