// Copyright 2026 The msp-gateway Authors.
//
// File: payment_method.h
//
// One payment method of MultiSafepay's GET /payment-methods as the
// contract's PaymentMethod (multisafepay-api.md §5.8). Pure.

#ifndef MSP_GATEWAY_SERVICE_GATEWAYS_PAYMENT_METHOD_H_
#define MSP_GATEWAY_SERVICE_GATEWAYS_PAYMENT_METHOD_H_

#include <string>

#include "nlohmann/json.hpp"
#include "payments/v1/payment_method.pb.h"

namespace msp_gateway {

// MapMspPaymentMethod()
//
// `entry` (an object at `path`, "data[3]") into `out`. Absent members read as
// empty or false; `allowed_amount.max` null is no maximum. A member of the
// wrong type (an `id` missing, a list that is not an array, an amount that
// is not an integer) records a problem in `problem` (the first one wins),
// naming the field and never its value.
void MapMspPaymentMethod(const nlohmann::json& entry, const std::string& path,
                         std::string& problem,
                         payments::v1::PaymentMethod& out);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_GATEWAYS_PAYMENT_METHOD_H_
