// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/capture_order.h"

#include <utility>

#include "nlohmann/json.hpp"
#include "service/common/violations.h"
#include "service/msp_json/decimal_json.h"
#include "service/msp_json/msp_body.h"
#include "service/order_actions/order_action_fields.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CaptureOrderRequest;
using ::payments::v1::CaptureOrderResponse;

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
  CheckDescriptionText("description", request.description(), v);
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
  PutIfSet(body, "description", request.has_description(),
           request.description());
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

const UnarySpec<CaptureOrderRequest, CaptureOrderResponse> kCaptureOrderSpec = {
    /*method=*/"CaptureOrder",
    /*validate=*/ValidateCaptureOrder,
    /*translate=*/TranslateCaptureOrder,
    /*map_reply=*/MapCaptureOrderResult,
    // No key: the contract has none (not idempotent).
    /*idempotency_key=*/nullptr,
    /*idempotency_key_field=*/"",
};

}  // namespace msp_gateway
