// Copyright 2026 The msp-gateway Authors.
//
// File: order_validator_test_util.h
//
// What the ValidateCreateOrder() tests share (order_validator_test.cc and the
// *_checks_test.cc and request_limits_test.cc beside it): valid requests that
// each test breaks in one place, and the readers of the violations that come
// back. Test-only.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_VALIDATOR_TEST_UTIL_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_VALIDATOR_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "payments/v1/payment_service.pb.h"

namespace msp_gateway {

// A valid iDEAL redirect order with every field set.
payments::v1::CreateOrderRequest ValidRequest();

// ValidRequest() for GATEWAY_MISTERCASH (Bancontact).
payments::v1::CreateOrderRequest BancontactRequest();

// A minimal valid order (10000 EUR cents) for `gateway` with `type`.
payments::v1::CreateOrderRequest Order(payments::v1::Gateway gateway,
                                       payments::v1::OrderType type);

// A valid direct Klarna order: customer, delivery, gateway_info, a one-line
// cart of 100 EUR at 21% (amount 12100) and its tax table.
payments::v1::CreateOrderRequest KlarnaDirect();

// The fields of the violations of `status`, in their order.
std::vector<std::string> ViolatedFields(const absl::Status& status);

// The description of the one violation of ValidateCreateOrder(`request`),
// which must be on `field` (a test failure otherwise, and "" when there is
// not exactly one).
std::string OnlyViolation(const payments::v1::CreateOrderRequest& request,
                          const std::string& field);

// `unit` `n` times.
std::string Repeat(absl::string_view unit, int n);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_VALIDATOR_TEST_UTIL_H_
