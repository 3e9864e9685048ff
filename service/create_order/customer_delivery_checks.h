// Copyright 2026 The msp-gateway Authors.
//
// File: customer_delivery_checks.h
//
// The checks of the two people of an order: `customer` (locale, IP
// addresses, names, address, e-mail, gender, browser data, what the gateway
// requires, the reference of recurring payments) and `delivery` (the same
// formats, and the address BNPL gateways require). The rules are listed in
// order_validator.h; ValidateCreateOrder() runs these checks among the
// others, in its order. Descriptions never repeat the personal data they
// check. Pure: no I/O.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_CUSTOMER_DELIVERY_CHECKS_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_CUSTOMER_DELIVERY_CHECKS_H_

#include "service/common/violations.h"
#include "service/create_order/order_check_kit.h"

namespace msp_gateway {

// CheckCustomer()
//
// Adds the violations of `customer.*`.
void CheckCustomer(const OrderContext& c, Violations& v);

// CheckDelivery()
//
// Adds the violations of `delivery.*`.
void CheckDelivery(const OrderContext& c, Violations& v);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_CUSTOMER_DELIVERY_CHECKS_H_
