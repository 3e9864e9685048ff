// Copyright 2026 The msp-gateway Authors.
//
// File: create_order.h
//
// The CreateOrder RPC as one unit: validation (order_validator.h), the
// POST /orders body (order_translator.h), the reading of MultiSafepay's
// answer, and the spec the RPC edge runs. order_id is the idempotency key.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_CREATE_ORDER_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_CREATE_ORDER_H_

#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// BuildCreateOrderCall()
//
// POST /orders with TranslateCreateOrder()'s JSON. Call ValidateCreateOrder()
// first.
absl::StatusOr<MspRequest> BuildCreateOrderCall(
    const payments::v1::CreateOrderRequest& request);

// MapCreateOrderReply()
//
// MultiSafepay's `data` of POST /orders (multisafepay-api.md §4) as the
// response. It must carry the order_id that was sent (MultiSafepay echoes
// numeric IDs as JSON numbers: 12345 matches "12345") and an http(s)
// payment_url; the only exception is a `direct` order, recognised by its
// `status` member, which legitimately has no payment_url when the customer
// need not act (and whose status is returned). Anything else is UNAVAILABLE
// MSP_INVALID_RESPONSE: retryable, because order_id makes the create
// idempotent upstream.
absl::StatusOr<payments::v1::CreateOrderResponse> MapCreateOrderReply(
    const payments::v1::CreateOrderRequest& request, const MspReply& reply);

extern const UnarySpec<payments::v1::CreateOrderRequest,
                       payments::v1::CreateOrderResponse>
    kCreateOrderSpec;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_CREATE_ORDER_H_
