// Copyright 2026 The msp-gateway Authors.
//
// File: gateway_info_checks.h
//
// The checks of `gateway_info`, the gateway-specific data: the formats of
// its values (card number, expiry and CVC, term_url, QR size, the iDEAL QR
// amount bounds, account holder country, birthday, phone, e-mail, gender),
// the fields the gateway does not take ("is not used by GATEWAY_IDEAL
// (iDEAL)") and those a direct order of the gateway must carry (gateway
// table, gateway_rules.h). The rules are listed in order_validator.h;
// ValidateCreateOrder() runs this check among the others, in its order.
// Descriptions never repeat a value: card data, tokens and bank accounts
// must not reach logs through an error. Pure: no I/O.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_GATEWAY_INFO_CHECKS_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_GATEWAY_INFO_CHECKS_H_

#include "service/common/violations.h"
#include "service/create_order/order_check_kit.h"

namespace msp_gateway {

// CheckGatewayInfo()
//
// Adds the violations of `gateway_info.*`.
void CheckGatewayInfo(const OrderContext& c, Violations& v);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_GATEWAY_INFO_CHECKS_H_
