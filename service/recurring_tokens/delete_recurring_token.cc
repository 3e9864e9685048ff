// Copyright 2026 The msp-gateway Authors.

#include "service/recurring_tokens/delete_recurring_token.h"

#include <string>
#include <utility>

#include "nlohmann/json.hpp"
#include "service/common/violations.h"
#include "service/recurring_tokens/recurring_token.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

using ::payments::v1::DeleteRecurringTokenRequest;
using ::payments::v1::DeleteRecurringTokenResponse;

}  // namespace

absl::Status ValidateDeleteRecurringToken(
    const DeleteRecurringTokenRequest& request) {
  Violations v("DeleteRecurringToken");
  CheckRecurringId("customer_reference", request.customer_reference(), v);
  CheckRecurringId("token", request.token(), v);
  return std::move(v).ToStatus();
}

absl::StatusOr<MspRequest> TranslateDeleteRecurringToken(
    const DeleteRecurringTokenRequest& request) {
  return MspRequestFor(MspOperation::kDeleteRecurringToken,
                       {request.customer_reference(), request.token()});
}

absl::StatusOr<DeleteRecurringTokenResponse> MapDeleteRecurringTokenResult(
    const DeleteRecurringTokenRequest& /*request*/, const MspReply& reply) {
  const auto removed = reply.data.find("removed");
  if (removed != reply.data.end() && removed->is_boolean() &&
      !removed->get<bool>()) {
    return MspInvalidResponseError(MspOperation::kDeleteRecurringToken,
                                   reply.http_status, "",
                                   "\"data.removed\" is false");
  }
  return DeleteRecurringTokenResponse();
}

const UnarySpec<DeleteRecurringTokenRequest, DeleteRecurringTokenResponse>
    kDeleteRecurringTokenSpec = {
        /*method=*/"DeleteRecurringToken",
        /*validate=*/ValidateDeleteRecurringToken,
        /*translate=*/TranslateDeleteRecurringToken,
        /*map_reply=*/MapDeleteRecurringTokenResult,
        // Idempotent by nature (file comment): no key.
        /*idempotency_key=*/nullptr,
        /*idempotency_key_field=*/"",
};

}  // namespace msp_gateway
