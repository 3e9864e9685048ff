// Copyright 2026 The msp-gateway Authors.
//
// File: get_order.h
//
// The GetOrder RPC as one unit: validation, the GET /orders/{order_id} call,
// MultiSafepay's order as the response, and the spec the RPC edge runs.
// The order object itself is read by MapMspOrder()
// (service/msp_order/order_mapper.h), which notifications share. Pure.

#ifndef MSP_GATEWAY_SERVICE_ORDER_ACTIONS_GET_ORDER_H_
#define MSP_GATEWAY_SERVICE_ORDER_ACTIONS_GET_ORDER_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// ValidateGetOrder()
//
// OK, or INVALID_ARGUMENT "GetOrder request has 1 invalid field" with a
// google.rpc.BadRequest: order_id is required, at most 50 characters, only
// ASCII letters, digits, spaces and - _ . : / # + @ = ~ (it goes into
// MultiSafepay's URL path; CheckOrderId() in service/common/violations.h).
absl::Status ValidateGetOrder(const payments::v1::GetOrderRequest& request);

// TranslateGetOrder()
//
// GET /orders/{order_id}, the ID percent-encoded as one path segment
// ("a/b c" -> /orders/a%2Fb%20c). INVALID_ARGUMENT for an empty order_id.
absl::StatusOr<MspRequest> TranslateGetOrder(
    const payments::v1::GetOrderRequest& request);

// MapGetOrderResult()
//
// MultiSafepay's order (`reply.data`) as GetOrderResponse.order, with the
// request's order_id where MultiSafepay's object has none; UNAVAILABLE
// MSP_INVALID_RESPONSE when it cannot be read (MapMspOrder()) or when its
// top-level `order_id` is not the one asked for (compared exactly; a JSON
// number reads as its digits).
absl::StatusOr<payments::v1::GetOrderResponse> MapGetOrderResult(
    const payments::v1::GetOrderRequest& request, const MspReply& reply);

extern const UnarySpec<payments::v1::GetOrderRequest,
                       payments::v1::GetOrderResponse>
    kGetOrderSpec;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ACTIONS_GET_ORDER_H_
