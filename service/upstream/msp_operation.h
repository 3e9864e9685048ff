// Copyright 2026 The msp-gateway Authors.
//
// File: msp_operation.h
//
// The MultiSafepay API calls the gateway makes. Error mapping depends on the
// call (error 1006 means "order_id taken" on create but "no such order" on
// get), and every upstream error names its endpoint in ErrorInfo metadata.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_MSP_OPERATION_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_MSP_OPERATION_H_

#include "absl/strings/string_view.h"

namespace msp_gateway {

// MspOperation
//
// One value per endpoint. Add a value (and its MspOperationEndpoint()) when a
// new call is implemented.
enum class MspOperation {
  kCreateOrder,   // POST /orders
  kGetOrder,      // GET /orders/{order_id}
  kUpdateOrder,   // PATCH /orders/{order_id} (ship, cancel, invoice, ...)
  kRefundOrder,   // POST /orders/{order_id}/refunds
  kCaptureOrder,  // POST /orders/{order_id}/capture
  kListGateways,  // GET /gateways
  kGetGateway,    // GET /gateways/{gateway_id}
};

// MspOperationEndpoint()
//
// The method and path template, e.g. "POST /orders". Used as the "endpoint"
// ErrorInfo metadata: a template, so no IDs leak into error metadata.
absl::string_view MspOperationEndpoint(MspOperation op);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_MSP_OPERATION_H_
