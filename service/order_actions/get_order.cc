// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/get_order.h"

#include <utility>

#include "service/common/violations.h"
#include "service/msp_order/order_mapper.h"
#include "service/upstream/msp_errors.h"

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
  // MultiSafepay answering about another order is an upstream fault, not a
  // result: handing that order out would show the caller someone else's
  // payment. Only the top-level order_id counts (related_transactions[]
  // carry the IDs of captures and refunds); a numeric echo reads as text.
  if (order->order_id() != request.order_id()) {
    return MspInvalidResponseError(
        MspOperation::kGetOrder, reply.http_status, "",
        "the answer's \"order_id\" is not the order asked for");
  }
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
