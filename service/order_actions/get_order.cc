// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/get_order.h"

#include <utility>

#include "service/common/violations.h"
#include "service/msp_order/order_mapper.h"

namespace msp_gateway {
namespace {

using ::payments::v1::GetOrderRequest;
using ::payments::v1::GetOrderResponse;

}  // namespace

absl::Status ValidateGetOrder(const GetOrderRequest& request) {
  Violations v("GetOrder");
  CheckOrderId(request.order_id(), v);
  return std::move(v).ToStatus();
}

absl::StatusOr<MspRequest> TranslateGetOrder(const GetOrderRequest& request) {
  return MspRequestFor(MspOperation::kGetOrder, request.order_id());
}

absl::StatusOr<GetOrderResponse> MapGetOrderResult(
    const GetOrderRequest& request, const MspReply& reply) {
  absl::StatusOr<payments::v1::Order> order =
      MapMspOrder(reply, request.order_id());
  if (!order.ok()) return order.status();
  GetOrderResponse response;
  *response.mutable_order() = *std::move(order);
  return response;
}

const UnarySpec<GetOrderRequest, GetOrderResponse> kGetOrderSpec = {
    /*method=*/"GetOrder",
    /*validate=*/ValidateGetOrder,
    /*translate=*/TranslateGetOrder,
    /*map_reply=*/MapGetOrderResult,
    // A read: no key.
    /*idempotency_key=*/nullptr,
    /*idempotency_key_field=*/"",
};

}  // namespace msp_gateway
