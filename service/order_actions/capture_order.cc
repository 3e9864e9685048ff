// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/capture_order.h"

#include <string>
#include <utility>

#include "nlohmann/json.hpp"
#include "service/common/violations.h"
#include "service/msp_json/decimal_json.h"
#include "service/msp_json/msp_body.h"
#include "service/order_actions/order_action_fields.h"
#include "service/order_actions/order_lookup.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CaptureOrderRequest;
using ::payments::v1::CaptureOrderResponse;
using Verdict = LookupVerdict<CaptureOrderResponse>;

std::string RequestIdOf(const CaptureOrderRequest& request) {
  return RequestIdKey(request.request_id());
}

std::string OrderIdOf(const CaptureOrderRequest& request) {
  return request.order_id();
}

}  // namespace

absl::Status ValidateCaptureOrder(const CaptureOrderRequest& request) {
  Violations v("CaptureOrder");
  CheckOrderId(request.order_id(), v);
  if (request.has_amount()) {
    CheckPositiveAmount("amount", request.amount(),
                        "to capture the whole authorisation", v);
  }
  CheckOptionalOrderId("new_order_id", request.has_new_order_id(),
                       request.new_order_id(), v);
  v.CheckMaxChars("invoice_id", request.invoice_id(), kMaxInvoiceIdChars);
  CheckMarkedDescription("description", request.description(), v);
  CheckRequestId(/*required=*/true, request.request_id(), v);
  return std::move(v).ToStatus();
}

absl::StatusOr<MspRequest> TranslateCaptureOrder(
    const CaptureOrderRequest& request) {
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  if (request.has_amount()) body["amount"] = request.amount();
  PutIfSet(body, "new_order_id", request.has_new_order_id(),
           request.new_order_id());
  // Required by MultiSafepay; "completed" is its only documented value.
  body["new_order_status"] = "completed";
  PutIfSet(body, "invoice_id", request.has_invoice_id(), request.invoice_id());
  PutIfSet(body, "tracktrace_code", request.has_tracktrace_code(),
           request.tracktrace_code());
  PutIfSet(body, "carrier", request.has_carrier(), request.carrier());
  PutIfSet(body, "reason", request.has_reason(), request.reason());
  if (!request.request_id().empty()) {
    // Where the capture can be found again (order_lookup.h).
    body["description"] = WithRequestIdMarker(
        request.description(), RequestIdKey(request.request_id()));
  } else {
    PutIfSet(body, "description", request.has_description(),
             request.description());
  }
  PutIfSet(body, "ship_date", request.has_ship_date(), request.ship_date());
  return MspRequestFor(MspOperation::kCaptureOrder, request.order_id(),
                       DumpJson(body));
}

absl::StatusOr<CaptureOrderResponse> MapCaptureOrderResult(
    const CaptureOrderRequest& request, const MspReply& reply) {
  CaptureOrderResponse response;
  if (absl::Status s = ReadActionReply(
          MspOperation::kCaptureOrder, reply,
          [&](const MspFields& f) {
            response.set_order_id(FirstNonEmpty(f.Text("order_id"),
                                                request.new_order_id(),
                                                request.order_id()));
            response.set_transaction_id(f.Int("transaction_id"));
          });
      !s.ok()) {
    return s;
  }
  return response;
}

absl::StatusOr<Verdict> JudgeCaptureOrder(
    const LookupKey& ids, const absl::StatusOr<MspReply>& lookup_reply) {
  // Not the order's status: a partial capture leaves the authorisation open
  // and several captures look alike, so only the marked one is this call's.
  absl::StatusOr<LookedUpTransaction> capture =
      FindLookedUpTransaction(ids, lookup_reply, "capture");
  if (!capture.ok()) return capture.status();
  Verdict verdict;
  // No order, or no marked capture: nothing was captured.
  if (capture->entry == nullptr) return verdict;
  std::string problem;
  const MspFields f(*capture->entry, "related_transactions[]", problem);
  verdict.response.set_order_id(
      FirstNonEmpty(f.Text("order_id"), ids.order_id));
  verdict.response.set_transaction_id(f.Int("transaction_id"));
  if (!problem.empty()) return LookupUnreadable(*capture->order, problem);
  verdict.kind = Verdict::Kind::kApplied;
  return verdict;
}

const UnarySpec<CaptureOrderRequest, CaptureOrderResponse> kCaptureOrderSpec = {
    /*method=*/"CaptureOrder",
    /*validate=*/ValidateCaptureOrder,
    /*translate=*/TranslateCaptureOrder,
    /*map_reply=*/MapCaptureOrderResult,
    /*idempotency_key=*/RequestIdOf,
    /*idempotency_key_field=*/kRequestIdField,
    /*order_id=*/OrderIdOf,
    /*lookup=*/LookupOrderCall,
    /*judge=*/JudgeCaptureOrder,
};

}  // namespace msp_gateway
