// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/request_translator.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "service/common/error_details.h"
#include "service/msp_json/decimal_json.h"
#include "service/msp_json/msp_body.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CancelOrderRequest;
using ::payments::v1::CaptureOrderRequest;
using ::payments::v1::ListGatewaysRequest;
using ::payments::v1::RefundOrderRequest;
using ::payments::v1::UpdateOrderRequest;
// Insertion-ordered, so bodies read like MultiSafepay's examples.
using Json = nlohmann::ordered_json;

absl::Status Untranslatable(absl::string_view rpc, absl::string_view field,
                            absl::string_view problem) {
  return InvalidArgumentError(
      absl::StrCat(rpc,
                   " request has a value with no MultiSafepay "
                   "equivalent"),
      {{std::string(field), std::string(problem)}});
}

}  // namespace

absl::StatusOr<std::string> TranslateUpdateOrder(
    const UpdateOrderRequest& request) {
  Json body = Json::object();
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
      return Untranslatable(
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
  return DumpJson(body);
}

absl::StatusOr<std::string> TranslateCancelOrder(
    const CancelOrderRequest& request) {
  Json body = Json::object();
  body["status"] = "cancelled";
  // MultiSafepay's documented cancel: also ends the payment session, stops
  // Second Chance e-mails and voids a payment link.
  body["exclude_order"] = true;
  PutIfSet(body, "reason", request.has_reason(), request.reason());
  return DumpJson(body);
}

absl::StatusOr<std::string> TranslateCaptureOrder(
    const CaptureOrderRequest& request) {
  Json body = Json::object();
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
  return DumpJson(body);
}

absl::StatusOr<std::string> TranslateRefundOrder(
    const RefundOrderRequest& request) {
  Json body = Json::object();
  body["currency"] = request.currency();
  if (request.has_amount()) body["amount"] = request.amount();
  PutIfSet(body, "description", request.has_description(),
           request.description());
  PutIfSet(body, "refund_order_id", request.has_refund_order_id(),
           request.refund_order_id());
  PutIfSet(body, "var1", request.has_var1(), request.var1());
  PutIfSet(body, "var2", request.has_var2(), request.var2());
  PutIfSet(body, "var3", request.has_var3(), request.var3());
  if (request.has_checkout_data()) {
    Json items = Json::array();
    const auto& cart_items = request.checkout_data().items();
    for (int i = 0; i < cart_items.size(); ++i) {
      absl::StatusOr<Json> item = CartItemJson(
          cart_items[i], absl::StrCat("checkout_data.items[", i, "]"),
          [](absl::string_view field) {
            return Untranslatable("RefundOrder", field,
                                  "must be a plain decimal string");
          });
      if (!item.ok()) return item.status();
      items.push_back(*std::move(item));
    }
    Json checkout_data = Json::object();
    checkout_data["items"] = std::move(items);
    body["checkout_data"] = std::move(checkout_data);
  }
  return DumpJson(body);
}

MspGatewayFilter TranslateListGateways(const ListGatewaysRequest& request) {
  MspGatewayFilter filter;
  if (request.has_country()) filter.country = request.country();
  if (request.has_currency()) filter.currency = request.currency();
  if (request.has_amount()) filter.amount = request.amount();
  filter.include_coupons = request.include_coupons();
  return filter;
}

}  // namespace msp_gateway
