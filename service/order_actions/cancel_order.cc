// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/cancel_order.h"

#include <string>
#include <utility>

#include "nlohmann/json.hpp"
#include "service/common/violations.h"
#include "service/msp_json/decimal_json.h"
#include "service/msp_json/json_scalars.h"
#include "service/msp_json/msp_body.h"
#include "service/order_actions/order_action_fields.h"
#include "service/order_actions/order_lookup.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CancelOrderRequest;
using ::payments::v1::CancelOrderResponse;
using Verdict = LookupVerdict<CancelOrderResponse>;

std::string RequestIdOf(const CancelOrderRequest& request) {
  return RequestIdKey(request.request_id());
}

std::string OrderIdOf(const CancelOrderRequest& request) {
  return request.order_id();
}

}  // namespace

absl::Status ValidateCancelOrder(const CancelOrderRequest& request) {
  Violations v("CancelOrder");
  CheckOrderId(request.order_id(), v);
  CheckRequestId(/*required=*/false, request.request_id(), v);
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

absl::StatusOr<Verdict> JudgeCancelOrder(
    const LookupKey& ids, const absl::StatusOr<MspReply>& lookup_reply) {
  absl::StatusOr<const MspReply*> order = ReadLookedUpOrder(ids, lookup_reply);
  if (!order.ok()) return order.status();
  Verdict verdict;
  if (*order == nullptr) return verdict;  // Nothing to have cancelled.
  const std::string status = JsonString((*order)->data, "status").value_or("");
  if (status.empty()) return LookupUnreadable(**order, "no status in \"data\"");
  // MultiSafepay's cancel ends in `cancelled`; `void` is the cancelled
  // payment's order status (multisafepay-api.md §5.2). Either way the order
  // is what the call asked for.
  if (status == "cancelled" || status == "void") {
    verdict.kind = Verdict::Kind::kApplied;
    verdict.response.set_order_id(ids.order_id);
  }
  return verdict;
}

const UnarySpec<CancelOrderRequest, CancelOrderResponse> kCancelOrderSpec = {
    /*method=*/"CancelOrder",
    /*validate=*/ValidateCancelOrder,
    /*translate=*/TranslateCancelOrder,
    /*map_reply=*/MapCancelOrderResult,
    // An empty request_id opts the call out (cancelling twice is harmless).
    /*idempotency_key=*/RequestIdOf,
    /*idempotency_key_field=*/kRequestIdField,
    /*order_id=*/OrderIdOf,
    /*lookup=*/LookupOrderCall,
    /*judge=*/JudgeCancelOrder,
};

}  // namespace msp_gateway
