// Copyright 2026 The msp-gateway Authors.
//
// File: payment_options_checks.h
//
// The checks of `payment_options`: the notification, redirect, cancel and
// feed URLs, the notification method (neither may be set when the gateway
// owns them, order_defaults.h), the payment page settings (gift card coupons,
// Bancontact button and QR size, Billink type, FastCheckout modes) and the
// allowed countries. The rules are listed in order_validator.h;
// ValidateCreateOrder() runs this check among the others, in its order.
// Pure: no I/O.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_PAYMENT_OPTIONS_CHECKS_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_PAYMENT_OPTIONS_CHECKS_H_

#include "payments/v1/payment_service.pb.h"
#include "service/common/violations.h"
#include "service/create_order/order_defaults.h"

namespace msp_gateway {

// CheckPaymentOptions()
//
// Adds the violations of `options`, the request's payment_options, on
// "payment_options.*" paths. When `defaults` owns the notifications, a
// notification_url that is set (and not "", which counts as not provided)
// and a notification_method other than UNSPECIFIED are violations.
void CheckPaymentOptions(const payments::v1::PaymentOptions& options,
                         const OrderDefaults& defaults, Violations& v);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_PAYMENT_OPTIONS_CHECKS_H_
