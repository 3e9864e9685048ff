// Copyright 2026 The msp-gateway Authors.
//
// File: list_payment_methods.h
//
// The ListPaymentMethods RPC as one unit: validation, the GET
// /payment-methods call with the request's filters as its query
// (multisafepay-api.md §5.8), MultiSafepay's list as the response, and the
// spec the RPC edge runs. Pure.

#ifndef MSP_GATEWAY_SERVICE_GATEWAYS_LIST_PAYMENT_METHODS_H_
#define MSP_GATEWAY_SERVICE_GATEWAYS_LIST_PAYMENT_METHODS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// ValidateListPaymentMethods()
//
// OK, or INVALID_ARGUMENT with one violation per invalid field: the filters
// of ListGateways (market_filter.h), each optional.
absl::Status ValidateListPaymentMethods(
    const payments::v1::ListPaymentMethodsRequest& request);

// TranslateListPaymentMethods()
//
// GET /payment-methods with the filters that are set, in this order:
// country, currency, amount, include_coupons=1, group_cards=1.
//
// Example: country "BE", amount 1000, group_cards
//   -> /payment-methods?country=BE&amount=1000&group_cards=1
absl::StatusOr<MspRequest> TranslateListPaymentMethods(
    const payments::v1::ListPaymentMethodsRequest& request);

// MapListPaymentMethodsResult()
//
// `reply.data`, the array of GET /payment-methods, as the response's
// payment methods in MultiSafepay's order (payment_method.h). An entry that
// is not an object, has no `id` or a member of the wrong type is
// UNAVAILABLE MSP_INVALID_RESPONSE.
absl::StatusOr<payments::v1::ListPaymentMethodsResponse>
MapListPaymentMethodsResult(
    const payments::v1::ListPaymentMethodsRequest& request,
    const MspReply& reply);

extern const UnarySpec<payments::v1::ListPaymentMethodsRequest,
                       payments::v1::ListPaymentMethodsResponse>
    kListPaymentMethodsSpec;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_GATEWAYS_LIST_PAYMENT_METHODS_H_
