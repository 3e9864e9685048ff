// Copyright 2026 The msp-gateway Authors.
//
// File: result_mapper.h
//
// The answers of MultiSafepay's order actions (PATCH /orders/{id}, POST
// .../capture, POST .../refunds; multisafepay-api.md §5.3-§5.6) as the
// contract's responses. MultiSafepay answers `{}` for most updates and
// `{order_id, transaction_id}` (refunds: also `refund_id`) when it created a
// new order (partial shipment, capture, refund); IDs arrive as numbers or
// strings. Absent IDs are 0 / fall back to the request's IDs as each function
// says; an ID that is present but not an integer is UNAVAILABLE
// MSP_INVALID_RESPONSE. Pure.

#ifndef MSP_GATEWAY_SERVICE_ORDER_ACTIONS_RESULT_MAPPER_H_
#define MSP_GATEWAY_SERVICE_ORDER_ACTIONS_RESULT_MAPPER_H_

#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/upstream/msp_client.h"

namespace msp_gateway {

// MapUpdateOrderResult()
//
// order_id: MultiSafepay's (a partial shipment's new order), else the
// request's. transaction_id: MultiSafepay's, else 0.
absl::StatusOr<payments::v1::UpdateOrderResponse> MapUpdateOrderResult(
    const payments::v1::UpdateOrderRequest& request, const MspReply& reply);

// MapCancelOrderResult()
//
// The request's order_id (MultiSafepay answers {}).
absl::StatusOr<payments::v1::CancelOrderResponse> MapCancelOrderResult(
    const payments::v1::CancelOrderRequest& request, const MspReply& reply);

// MapCaptureOrderResult()
//
// order_id: MultiSafepay's, else the request's new_order_id, else its
// order_id. transaction_id: MultiSafepay's, else 0.
absl::StatusOr<payments::v1::CaptureOrderResponse> MapCaptureOrderResult(
    const payments::v1::CaptureOrderRequest& request, const MspReply& reply);

// MapRefundOrderResult()
//
// transaction_id and refund_id: MultiSafepay's, else 0. order_id:
// MultiSafepay's, else the request's order_id (the refunded order).
absl::StatusOr<payments::v1::RefundOrderResponse> MapRefundOrderResult(
    const payments::v1::RefundOrderRequest& request, const MspReply& reply);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ACTIONS_RESULT_MAPPER_H_
