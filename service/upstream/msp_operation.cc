// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_operation.h"

namespace msp_gateway {

absl::string_view MspOperationEndpoint(MspOperation op) {
  switch (op) {
    case MspOperation::kCreateOrder:
      return "POST /orders";
    case MspOperation::kGetOrder:
      return "GET /orders/{order_id}";
    case MspOperation::kUpdateOrder:
      return "PATCH /orders/{order_id}";
    case MspOperation::kRefundOrder:
      return "POST /orders/{order_id}/refunds";
    case MspOperation::kCaptureOrder:
      return "POST /orders/{order_id}/capture";
    case MspOperation::kListGateways:
      return "GET /gateways";
    case MspOperation::kGetGateway:
      return "GET /gateways/{gateway_id}";
  }
  return "unknown";
}

}  // namespace msp_gateway
