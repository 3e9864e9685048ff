// Copyright 2026 The msp-gateway Authors.
//
// File: request_validator.h
//
// Checks the lifecycle requests (GetOrder, UpdateOrder, CancelOrder,
// CaptureOrder, RefundOrder, ListGateways, GetGateway) before anything is
// sent to MultiSafepay, so a caller gets every problem at once with field
// paths instead of one MultiSafepay error code at a time. Pure.
//
// Each Validate*() returns OK, or INVALID_ARGUMENT with the message
// "<Rpc> request has N invalid field(s)" and a google.rpc.BadRequest with one
// violation per invalid field, in request field order; a field breaking
// several rules appears once, its problems joined by "; ". Descriptions never
// quote free text the caller sent (it may be personal data); they quote only
// numbers, enum names and 3-letter codes.
//
// Conventions shared with CreateOrder (service/create_order/order_validator.h):
// "characters" are Unicode code points; an optional string set to "" passes
// format rules but does not satisfy "required"; enum fields must hold a value
// the contract defines.
//
// Rules:
//   every order RPC   order_id required, at most 50 characters, only ASCII
//                     letters, digits, spaces and - _ . : / # + @ = ~ (it
//                     goes into MultiSafepay's URL path; CheckOrderId() in
//                     service/common/violations.h). At most
//                     kMaxReportedViolations problems are listed.
//   UpdateOrder       at least one field besides order_id set; status a
//                     defined UpdateOrderStatus; amount (partial shipment)
//                     > 0 and only with UPDATE_ORDER_STATUS_SHIPPED;
//                     exclude_order only with UPDATE_ORDER_STATUS_CANCELLED;
//                     invoice_id at most 50; tracktrace_url, invoice_url
//                     absolute http(s) URLs.
//   CancelOrder       order_id only (reason is free text MultiSafepay does
//                     not limit).
//   CaptureOrder      amount > 0 when set; new_order_id, when set, an
//                     order ID as above; invoice_id at most 50; description at
//                     most 200, no HTML.
//   RefundOrder       currency required, an active ISO 4217 code; amount > 0
//                     when set (unset = full refund: MultiSafepay reads 0 as
//                     "everything", so an explicit 0 is refused as
//                     ambiguous); description at most 200, no HTML;
//                     refund_order_id, when set, an order ID as above;
//                     var1..var3 at most 500; checkout_data, when set, has 1
//                     to kMaxCartItems (1,000) items, the count checked
//                     before any item, and each item (checkout_data.items[i].*)
//                     has a unit_price that is a decimal string as CreateOrder
//                     takes it (ParseDecimal() of service/common/decimal.h,
//                     at most 10 decimals and 15 integer digits), a quantity
//                     other than 0, a currency equal to the refund's when
//                     set, and when set a weight with unit KG or G and a
//                     non-negative decimal value.
//   ListGateways      country an ISO 3166-1 alpha-2 code, currency an active
//                     ISO 4217 code, amount > 0 (each when set).
//   GetGateway        gateway required: a defined value other than
//                     GATEWAY_UNSPECIFIED.

#ifndef MSP_GATEWAY_SERVICE_ORDER_ACTIONS_REQUEST_VALIDATOR_H_
#define MSP_GATEWAY_SERVICE_ORDER_ACTIONS_REQUEST_VALIDATOR_H_

#include "absl/status/status.h"
#include "payments/v1/payment_service.pb.h"

namespace msp_gateway {

absl::Status ValidateGetOrder(const payments::v1::GetOrderRequest& request);
absl::Status ValidateUpdateOrder(
    const payments::v1::UpdateOrderRequest& request);
absl::Status ValidateCancelOrder(
    const payments::v1::CancelOrderRequest& request);
absl::Status ValidateCaptureOrder(
    const payments::v1::CaptureOrderRequest& request);
absl::Status ValidateRefundOrder(
    const payments::v1::RefundOrderRequest& request);
absl::Status ValidateListGateways(
    const payments::v1::ListGatewaysRequest& request);
absl::Status ValidateGetGateway(const payments::v1::GetGatewayRequest& request);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ACTIONS_REQUEST_VALIDATOR_H_
