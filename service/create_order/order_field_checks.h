// Copyright 2026 The msp-gateway Authors.
//
// File: order_field_checks.h
//
// The checks of the order's own fields, what it says rather than how it is
// paid (order_type_checks.h): `currency` and `amount` (with the gateway's
// currencies and range), `description`, var1..var3, days_active /
// seconds_active, `invoice`, and the affiliate's split of the amount.
// `order_id` is CheckOrderId() (service/common/violations.h), shared with the
// lifecycle RPCs. The rules are listed in order_validator.h;
// ValidateCreateOrder() runs these checks among the others, in its order. Pure:
// no I/O.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_FIELD_CHECKS_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_FIELD_CHECKS_H_

#include "payments/v1/payment_service.pb.h"
#include "service/common/violations.h"
#include "service/create_order/order_check_kit.h"

namespace msp_gateway {

// `currency`: required, an active ISO 4217 code, one of the gateway's.
void CheckCurrency(const OrderContext& c, Violations& v);

// `amount`: required, > 0, within the gateway's range for its currency.
// (Whether it matches the cart is CheckCart(), cart_checks.h.)
void CheckAmount(const OrderContext& c, Violations& v);

// `description`: required, at most 200 characters of plain text.
void CheckDescription(const payments::v1::CreateOrderRequest& request,
                      Violations& v);

// `var1`, `var2`, `var3`: at most kMaxVarChars characters each.
void CheckVars(const payments::v1::CreateOrderRequest& request, Violations& v);

// `invoice` (PayPal): at most 50 characters when set; not required, as
// MultiSafepay's PayPal examples omit it.
void CheckInvoice(const payments::v1::CreateOrderRequest& request,
                  Violations& v);

// `days_active` 1 to 365 and `seconds_active` 1 to 31536000, when set.
void CheckLifetime(const payments::v1::CreateOrderRequest& request,
                   Violations& v);

// `affiliate.split_payments`: a merchant and one share each (fixed >= 1 or
// percentage 1 to 100); fixed shares at most `amount`, percentages at most
// 100 in total.
void CheckAffiliate(const payments::v1::CreateOrderRequest& request,
                    Violations& v);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_FIELD_CHECKS_H_
