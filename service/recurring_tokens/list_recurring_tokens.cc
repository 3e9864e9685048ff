// Copyright 2026 The msp-gateway Authors.

#include "service/recurring_tokens/list_recurring_tokens.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "service/common/violations.h"
#include "service/msp_json/msp_fields.h"
#include "service/recurring_tokens/recurring_token.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

using ::payments::v1::ListRecurringTokensRequest;
using ::payments::v1::ListRecurringTokensResponse;

}  // namespace

absl::Status ValidateListRecurringTokens(
    const ListRecurringTokensRequest& request) {
  Violations v("ListRecurringTokens");
  CheckRecurringId("customer_reference", request.customer_reference(), v);
  if (request.limit() < 0 || request.limit() > kMaxRecurringTokensPerPage) {
    v.Add("limit", absl::StrCat("must be 1 to ", kMaxRecurringTokensPerPage,
                                ", or 0 for MultiSafepay's default"));
  }
  if (request.offset() < 0) v.Add("offset", "must not be negative");
  return std::move(v).ToStatus();
}

absl::StatusOr<MspRequest> TranslateListRecurringTokens(
    const ListRecurringTokensRequest& request) {
  std::vector<std::string> query;
  if (request.limit() != 0) {
    query.push_back(absl::StrCat("limit=", request.limit()));
  }
  if (request.offset() != 0) {
    query.push_back(absl::StrCat("offset=", request.offset()));
  }
  return MspRequestFor(MspOperation::kListRecurringTokens,
                       request.customer_reference(), "",
                       absl::StrJoin(query, "&"));
}

absl::StatusOr<ListRecurringTokensResponse> MapListRecurringTokensResult(
    const ListRecurringTokensRequest& /*request*/, const MspReply& reply) {
  constexpr MspOperation kOp = MspOperation::kListRecurringTokens;
  std::string problem;
  const MspFields data(reply.data, "data", problem);
  ListRecurringTokensResponse response;
  const std::vector<const nlohmann::json*> tokens = data.Objects("tokens");
  for (size_t i = 0; i < tokens.size() && problem.empty(); ++i) {
    MapMspRecurringToken(*tokens[i], absl::StrCat("data.tokens[", i, "]"),
                         problem, *response.add_tokens());
  }
  if (!problem.empty()) {
    return MspInvalidResponseError(kOp, reply.http_status, "", problem);
  }
  return response;
}

const UnarySpec<ListRecurringTokensRequest, ListRecurringTokensResponse>
    kListRecurringTokensSpec = {
        /*method=*/"ListRecurringTokens",
        /*validate=*/ValidateListRecurringTokens,
        /*translate=*/TranslateListRecurringTokens,
        /*map_reply=*/MapListRecurringTokensResult,
        // A read: no key.
        /*idempotency_key=*/nullptr,
        /*idempotency_key_field=*/"",
};

}  // namespace msp_gateway
