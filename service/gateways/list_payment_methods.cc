// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/list_payment_methods.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "service/common/violations.h"
#include "service/gateways/market_filter.h"
#include "service/gateways/payment_method.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

using ::payments::v1::ListPaymentMethodsRequest;
using ::payments::v1::ListPaymentMethodsResponse;

}  // namespace

absl::Status ValidateListPaymentMethods(
    const ListPaymentMethodsRequest& request) {
  Violations v("ListPaymentMethods");
  CheckMarketFilter(MarketFilterOf(request),
                    "to list payment methods for any amount", v);
  return std::move(v).ToStatus();
}

absl::StatusOr<MspRequest> TranslateListPaymentMethods(
    const ListPaymentMethodsRequest& request) {
  std::vector<std::string> query = MarketFilterQuery(MarketFilterOf(request));
  if (request.include_coupons()) query.push_back("include_coupons=1");
  if (request.group_cards()) query.push_back("group_cards=1");
  return MspRequestFor(MspOperation::kListPaymentMethods, "", "",
                       absl::StrJoin(query, "&"));
}

absl::StatusOr<ListPaymentMethodsResponse> MapListPaymentMethodsResult(
    const ListPaymentMethodsRequest& /*request*/, const MspReply& reply) {
  constexpr MspOperation kOp = MspOperation::kListPaymentMethods;
  if (!reply.data.is_array()) {
    return MspInvalidResponseError(kOp, reply.http_status, "",
                                   "\"data\" is not an array");
  }
  std::string problem;
  ListPaymentMethodsResponse response;
  for (size_t i = 0; i < reply.data.size() && problem.empty(); ++i) {
    const nlohmann::json& entry = reply.data[i];
    const std::string path = absl::StrCat("data[", i, "]");
    if (!entry.is_object()) {
      problem = absl::StrCat("\"", path, "\" is not an object");
      break;
    }
    MapMspPaymentMethod(entry, path, problem, *response.add_payment_methods());
  }
  if (!problem.empty()) {
    return MspInvalidResponseError(kOp, reply.http_status, "", problem);
  }
  return response;
}

const UnarySpec<ListPaymentMethodsRequest, ListPaymentMethodsResponse>
    kListPaymentMethodsSpec = {
        /*method=*/"ListPaymentMethods",
        /*validate=*/ValidateListPaymentMethods,
        /*translate=*/TranslateListPaymentMethods,
        /*map_reply=*/MapListPaymentMethodsResult,
        // A read: no key.
        /*idempotency_key=*/nullptr,
        /*idempotency_key_field=*/"",
};

}  // namespace msp_gateway
