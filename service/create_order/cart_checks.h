// Copyright 2026 The msp-gateway Authors.
//
// File: cart_checks.h
//
// The checks of the cart and what prices it: `checkout_options` (tax tables
// and their rates, within the gateway's VAT rates; shipping method prices
// and areas) and `shopping_cart` (every line's price, quantity, currency,
// weight and tax table), then `amount` against the cart total by
// MultiSafepay's rounding rule (cart_total.h). The rules are listed in
// order_validator.h; ValidateCreateOrder() runs CheckCheckoutOptions() and
// then CheckCart() with the rates it found. Pure: no I/O.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_CART_CHECKS_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_CART_CHECKS_H_

#include <string>
#include <utility>
#include <vector>

#include "service/common/decimal.h"
#include "service/common/violations.h"
#include "service/create_order/order_check_kit.h"

namespace msp_gateway {

// The valid tax rates of the request's tables, checked once: what the cart
// lines use.
struct CheckedRates {
  // Keyed by the address of the rate string in the request.
  std::vector<std::pair<const std::string*, Decimal>> valid;

  // The parsed rate of `rate` (a rate string of the request), or nullptr
  // when it was not valid.
  const Decimal* Find(const std::string* rate) const;
};

// CheckCheckoutOptions()
//
// Adds the violations of `checkout_options.*` (tax tables are required by
// BNPL gateways) and returns the rates that are valid.
CheckedRates CheckCheckoutOptions(const OrderContext& c, Violations& v);

// CheckCart()
//
// Adds the violations of `shopping_cart.*` (required by BNPL gateways) and,
// when every line is priced with a valid rate, the `amount` violation of a
// total that does not match the cart's.
void CheckCart(const OrderContext& c, const CheckedRates& rates, Violations& v);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_CART_CHECKS_H_
