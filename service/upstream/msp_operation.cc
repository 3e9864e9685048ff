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
  }
  return "unknown";
}

}  // namespace msp_gateway
