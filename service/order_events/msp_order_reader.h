// Copyright 2026 The msp-gateway Authors.
//
// File: msp_order_reader.h
//
// The one way the order-event side reads an order from MultiSafepay
// (GET /orders/{id}, mapped as GetOrder maps it): for a GET notification,
// which is only a hint, and for the poller. It goes through the same sender
// as the RPCs' own lookups (UnaryRunner::sender(): the asynchronous
// transport within the in-flight limit, or the worker pool), and blocks the
// calling thread (a listener worker or the poller's thread, never a gRPC or
// transport thread) until the answer or the deadline.

#ifndef MSP_GATEWAY_SERVICE_ORDER_EVENTS_MSP_ORDER_READER_H_
#define MSP_GATEWAY_SERVICE_ORDER_EVENTS_MSP_ORDER_READER_H_

#include "service/order_events/notification_intake.h"
#include "service/rpc/claimed_call.h"

namespace msp_gateway {

// MspOrderReader()
//
// A ReadMspOrder over `send`, which must outlive it. NOT_FOUND when
// MultiSafepay does not know the order, DEADLINE_EXCEEDED when `send` has
// not answered by the deadline, INVALID_ARGUMENT for an order_id that cannot
// be sent; otherwise the sender's error or the mapped order.
ReadMspOrder MspOrderReader(SendMsp send);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_EVENTS_MSP_ORDER_READER_H_
