// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/cancel_order.h"

#include <utility>

#include "nlohmann/json.hpp"
#include "service/common/violations.h"
#include "service/msp_json/decimal_json.h"
#include "service/msp_json/msp_body.h"
#include "service/order_actions/order_action_fields.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CancelOrderRequest;
using ::payments::v1::CancelOrderResponse;

}  // namespace

absl::Status ValidateCancelOrder(const CancelOrderRequest& request) {
  Violations v("CancelOrder");
  CheckOrderId(request.order_id(), v);
  return std::move(v).ToStatus();
}

absl::StatusOr<MspRequest> TranslateCancelOrder(
    const CancelOrderRequest& request) {
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  body["status"] = "cancelled";
  // MultiSafepay's documented cancel: also ends the payment session, stops
  // Second Chance e-mails and voids a payment link.
  body["exclude_order"] = true;
  PutIfSet(body, "reason", request.has_reason(), request.reason());
  return MspRequestFor(MspOperation::kUpdateOrder, request.order_id(),
                       DumpJson(body));
}

absl::StatusOr<CancelOrderResponse> MapCancelOrderResult(
    const CancelOrderRequest& request, const MspReply& reply) {
  // Nothing of MultiSafepay's answer is read, but it must be an answer.
  if (absl::Status s = ReadActionReply(MspOperation::kUpdateOrder, reply,
                                       [](const MspFields&) {});
      !s.ok()) {
    return s;
  }
  CancelOrderResponse response;
  response.set_order_id(request.order_id());
  return response;
}

const UnarySpec<CancelOrderRequest, CancelOrderResponse> kCancelOrderSpec = {
    /*method=*/"CancelOrder",
    /*validate=*/ValidateCancelOrder,
    /*translate=*/TranslateCancelOrder,
    /*map_reply=*/MapCancelOrderResult,
    // No key: the contract has none.
    /*idempotency_key=*/nullptr,
    /*idempotency_key_field=*/"",
};

}  // namespace msp_gateway
