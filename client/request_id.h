// Copyright 2026 The msp-gateway Authors.
//
// File: request_id.h
//
// The idempotency keys of the writes on an order (the `request_id` of
// RefundOrderRequest, CaptureOrderRequest, UpdateOrderRequest and
// CancelOrderRequest; AIP-155). PaymentClient fills in a new one for a call
// that has none; make your own with NewRequestId() when you want to send a
// request again after the call has returned (store it with your refund,
// send the same request with it).

#ifndef MSP_GATEWAY_CLIENT_REQUEST_ID_H_
#define MSP_GATEWAY_CLIENT_REQUEST_ID_H_

#include <string>

namespace payments_client {

// NewRequestId()
//
// A random version 4 UUID in lower case, e.g.
// "3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f": 122 random bits from the kernel
// (getrandom(2), else /dev/urandom), read for every ID, so a process that
// forks never repeats its parent's IDs (an in-process generator would, and
// two identical refunds with one ID would be answered as one). Thread-safe.
std::string NewRequestId();

}  // namespace payments_client

#endif  // MSP_GATEWAY_CLIENT_REQUEST_ID_H_
