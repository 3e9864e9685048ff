// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/update_order.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "service/common/violations.h"
#include "service/msp_json/decimal_json.h"
#include "service/msp_json/json_scalars.h"
#include "service/msp_json/msp_body.h"
#include "service/order_actions/order_action_fields.h"
#include "service/order_actions/order_lookup.h"

namespace msp_gateway {
namespace {

using ::payments::v1::UpdateOrderRequest;
using ::payments::v1::UpdateOrderResponse;

std::string RequestIdOf(const UpdateOrderRequest& request) {
  return RequestIdKey(request.request_id());
}

std::string OrderIdOf(const UpdateOrderRequest& request) {
  return request.order_id();
}

}  // namespace

absl::Status ValidateUpdateOrder(const UpdateOrderRequest& request) {
  Violations v("UpdateOrder");
  CheckOrderId(request.order_id(), v);
  const bool has_status =
      request.status() != payments::v1::UPDATE_ORDER_STATUS_UNSPECIFIED;
  const bool has_other =
      request.has_tracktrace_code() || request.has_tracktrace_url() ||
      request.has_carrier() || request.has_ship_date() ||
      request.has_reason() || request.has_invoice_id() ||
      request.has_invoice_url() || request.has_po_number() ||
      request.has_exclude_order() || request.has_extend_expiration() ||
      request.has_amount();
  if (!payments::v1::UpdateOrderStatus_IsValid(request.status())) {
    v.Add("status",
          absl::StrCat("must be a defined UpdateOrderStatus value, got ",
                       static_cast<int>(request.status())));
  } else if (!has_status && !has_other) {
    v.Add("status",
          "is required unless another field is set: the update would "
          "change nothing");
  }
  CheckUrl("tracktrace_url", request.tracktrace_url(), v);
  v.CheckMaxChars("invoice_id", request.invoice_id(), kMaxInvoiceIdChars);
  CheckUrl("invoice_url", request.invoice_url(), v);
  if (request.has_exclude_order() &&
      request.status() != payments::v1::UPDATE_ORDER_STATUS_CANCELLED) {
    v.Add("exclude_order",
          "applies only with status UPDATE_ORDER_STATUS_CANCELLED");
  }
  if (request.has_amount()) {
    if (request.status() != payments::v1::UPDATE_ORDER_STATUS_SHIPPED) {
      v.Add("amount",
            "is the partially shipped amount and applies only with status "
            "UPDATE_ORDER_STATUS_SHIPPED");
    }
    CheckPositiveAmount("amount", request.amount(), "to ship the whole order",
                        v);
  }
  CheckRequestId(/*required=*/false, request.request_id(), v);
  return std::move(v).ToStatus();
}

absl::StatusOr<MspRequest> TranslateUpdateOrder(
    const UpdateOrderRequest& request) {
  // Insertion-ordered, so bodies read like MultiSafepay's examples.
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  switch (request.status()) {
    case payments::v1::UPDATE_ORDER_STATUS_UNSPECIFIED:
      break;
    case payments::v1::UPDATE_ORDER_STATUS_SHIPPED:
      body["status"] = "shipped";
      break;
    case payments::v1::UPDATE_ORDER_STATUS_CANCELLED:
      body["status"] = "cancelled";
      break;
    default:
      return UntranslatableError(
          "UpdateOrder", "status",
          absl::StrCat("must be a defined UpdateOrderStatus value, got ",
                       static_cast<int>(request.status())));
  }
  PutIfSet(body, "tracktrace_code", request.has_tracktrace_code(),
           request.tracktrace_code());
  PutIfSet(body, "tracktrace_url", request.has_tracktrace_url(),
           request.tracktrace_url());
  PutIfSet(body, "carrier", request.has_carrier(), request.carrier());
  PutIfSet(body, "ship_date", request.has_ship_date(), request.ship_date());
  PutIfSet(body, "reason", request.has_reason(), request.reason());
  PutIfSet(body, "invoice_id", request.has_invoice_id(), request.invoice_id());
  PutIfSet(body, "invoice_url", request.has_invoice_url(),
           request.invoice_url());
  PutIfSet(body, "po_number", request.has_po_number(), request.po_number());
  if (request.has_exclude_order()) {
    body["exclude_order"] = request.exclude_order();
  }
  if (request.has_extend_expiration()) {
    body["extend_expiration"] = request.extend_expiration();
  }
  // MultiSafepay's partial-shipment example sends `amount` (the OpenAPI
  // "required" list says partial_shipment_amount; the docs' body and the
  // contract say amount). A JSON integer, like every amount here.
  if (request.has_amount()) body["amount"] = request.amount();
  return MspRequestFor(MspOperation::kUpdateOrder, request.order_id(),
                       DumpJson(body));
}

absl::StatusOr<UpdateOrderResponse> MapUpdateOrderResult(
    const UpdateOrderRequest& request, const MspReply& reply) {
  UpdateOrderResponse response;
  if (absl::Status s = ReadActionReply(
          MspOperation::kUpdateOrder, reply,
          [&](const MspFields& f) {
            response.set_order_id(
                FirstNonEmpty(f.Text("order_id"), request.order_id()));
            response.set_transaction_id(f.Int("transaction_id"));
          });
      !s.ok()) {
    return s;
  }
  return response;
}

absl::StatusOr<LookupVerdict<UpdateOrderResponse>> JudgeUpdateOrder(
    const LookupKey& ids, const absl::StatusOr<MspReply>& lookup_reply) {
  using Verdict = LookupVerdict<UpdateOrderResponse>;
  // Our own body, as sent and stored with the record.
  const nlohmann::json asked = nlohmann::json::parse(
      ids.write_body, nullptr, /*allow_exceptions=*/false);
  if (!asked.is_object()) {
    return absl::FailedPreconditionError(
        "UpdateOrder: the update's body was not kept with its record, so "
        "its outcome cannot be judged");
  }
  // Each of these acts again on every call and leaves nothing the order
  // shows apart from an earlier call's effect.
  if (asked.contains("amount")) {
    return absl::FailedPreconditionError(
        "UpdateOrder: a partial shipment creates a shipment order the lookup "
        "cannot name; its outcome stays unknown");
  }
  if (asked.contains("extend_expiration")) {
    return absl::FailedPreconditionError(
        "UpdateOrder: an extended expiration cannot be told from an earlier "
        "one; its outcome stays unknown");
  }
  absl::StatusOr<const MspReply*> order = ReadLookedUpOrder(ids, lookup_reply);
  if (!order.ok()) return order.status();
  Verdict verdict;
  // MultiSafepay does not know the order: the update cannot have happened
  // (and sending it again is answered by MultiSafepay as any other call).
  if (*order == nullptr) return verdict;
  const std::string target = JsonString(asked, "status").value_or("");
  if (target.empty()) {
    // Only fields set to values (tracking, invoice, reason): sending them
    // again leaves the order as one call would, so not knowing is settled
    // by sending.
    return verdict;
  }
  const std::string status = JsonString((*order)->data, "status").value_or("");
  if (status.empty()) return LookupUnreadable(**order, "no status in \"data\"");
  // A cancelled payment's order status is `void` (multisafepay-api.md §5.2).
  const bool reached = target == "shipped"
                           ? status == "shipped"
                           : (status == "cancelled" || status == "void");
  if (reached) {
    verdict.kind = Verdict::Kind::kApplied;
    verdict.response.set_order_id(ids.order_id);
    verdict.response.set_transaction_id(
        JsonInt((*order)->data, "transaction_id").value_or(0));
  }
  // Not there yet: the same status and fields once more are what the
  // caller asked for once.
  return verdict;
}

const UnarySpec<UpdateOrderRequest, UpdateOrderResponse> kUpdateOrderSpec = {
    /*method=*/"UpdateOrder",
    /*validate=*/ValidateUpdateOrder,
    /*translate=*/TranslateUpdateOrder,
    /*map_reply=*/MapUpdateOrderResult,
    // An empty request_id opts the call out.
    /*idempotency_key=*/RequestIdOf,
    /*idempotency_key_field=*/kRequestIdField,
    /*order_id=*/OrderIdOf,
    // The judge compares the stored body with the order (JudgeUpdateOrder).
    /*lookup=*/LookupOrderCall,
    /*judge=*/JudgeUpdateOrder,
};

}  // namespace msp_gateway
