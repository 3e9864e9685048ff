// Copyright 2026 The msp-gateway Authors.
//
// File: created_order.h
//
// The order a successful CreateOrder answer implies, recorded as the order's
// first event (source RPC): from then on the gateway knows the order, so
// the poller reads it if no notification ever comes. Pure.

#ifndef MSP_GATEWAY_SERVICE_ORDER_EVENTS_CREATED_ORDER_H_
#define MSP_GATEWAY_SERVICE_ORDER_EVENTS_CREATED_ORDER_H_

#include "payments/v1/order_details.pb.h"
#include "payments/v1/payment_service.pb.h"

namespace msp_gateway {

// CreatedOrder()
//
// order_id, amount and currency as the caller asked (MultiSafepay accepted
// them as sent); status: the direct order's status MultiSafepay answered
// with (and its raw text), else initialized. No `modified`: any later
// MultiSafepay snapshot of the same status outranks it.
payments::v1::Order CreatedOrder(
    const payments::v1::CreateOrderRequest& request,
    const payments::v1::CreateOrderResponse& response);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_EVENTS_CREATED_ORDER_H_
