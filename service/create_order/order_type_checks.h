// Copyright 2026 The msp-gateway Authors.
//
// File: order_type_checks.h
//
// The checks of what kind of order a CreateOrderRequest is and how it will
// be paid: `type` against the gateway (redirect-only gateways, payment
// components, what FastCheckout needs), `gateway`, the recurring fields (in
// either form), `customer_verification`, `capture`, `payment_data` and
// `custom_fields` (FastCheckout only). The rules are listed in
// order_validator.h; ValidateCreateOrder() runs these checks among the
// others, in its order. Pure: no I/O.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_TYPE_CHECKS_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_TYPE_CHECKS_H_

#include <cstddef>

#include "payments/v1/payment_service.pb.h"
#include "service/common/violations.h"
#include "service/create_order/order_check_kit.h"

namespace msp_gateway {

// `type`: a defined OrderType; not DIRECT or CHECKOUT for a redirect-only
// gateway (except a payment component order for a component gateway),
// DIRECT with payment_data, and for CHECKOUT the cart, tax tables and both
// landing pages.
void CheckType(const OrderContext& c, Violations& v);

// `gateway`: a defined Gateway, required for a direct order that is not a
// subsequent recurring payment or a payment component order.
void CheckGateway(const OrderContext& c, Violations& v);

// `recurring_model` and `recurring_id`, or their nested form
// `recurring.model` and `recurring.id` (RecurringOf(), order_check_kit.h):
// defined models, each set in one form only; a model required with the
// token; the token not "" and only on direct orders.
void CheckRecurring(const payments::v1::CreateOrderRequest& request,
                    Violations& v);

// Limits of `customer_verification` (MultiSafepay documents none): a 3D
// Secure form is a few KiB of HTML; its `type` a word such as "form".
inline constexpr size_t kMaxCustomerVerificationHtmlBytes = 64 * 1024;
inline constexpr size_t kMaxCustomerVerificationTypeChars = 50;

// `customer_verification`: html at most 65536 bytes, type at most 50
// characters.
void CheckCustomerVerification(const payments::v1::CreateOrderRequest& request,
                               Violations& v);

// `capture`: a defined CaptureMode; MANUAL only where the gateway allows it.
void CheckCapture(const OrderContext& c, Violations& v);

// `payment_data`: a payload, and a payment component gateway that agrees
// with `gateway`.
void CheckPaymentData(const OrderContext& c, Violations& v);

// `custom_fields`: only on ORDER_TYPE_CHECKOUT.
void CheckCustomFields(const payments::v1::CreateOrderRequest& request,
                       Violations& v);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_TYPE_CHECKS_H_
