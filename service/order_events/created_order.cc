// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/created_order.h"

namespace msp_gateway {

payments::v1::Order CreatedOrder(
    const payments::v1::CreateOrderRequest& request,
    const payments::v1::CreateOrderResponse& response) {
  payments::v1::Order order;
  order.set_order_id(request.order_id());
  order.set_amount(request.amount());
  order.set_currency(request.currency());
  if (response.status() != payments::v1::ORDER_STATUS_UNSPECIFIED) {
    order.set_status(response.status());
    order.set_status_raw(response.status_raw());
  } else {
    order.set_status(payments::v1::ORDER_STATUS_INITIALIZED);
    order.set_status_raw("initialized");
  }
  return order;
}

}  // namespace msp_gateway
