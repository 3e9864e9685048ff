// Copyright 2026 The msp-gateway Authors.
//
// File: list_gateways.h
//
// The ListGateways RPC as one unit: validation, the GET /gateways call with
// the request's filters as its query (multisafepay-api.md §5.8),
// MultiSafepay's list as the response, and the spec the RPC edge runs. Pure.

#ifndef MSP_GATEWAY_SERVICE_GATEWAYS_LIST_GATEWAYS_H_
#define MSP_GATEWAY_SERVICE_GATEWAYS_LIST_GATEWAYS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// ValidateListGateways()
//
// OK, or INVALID_ARGUMENT "ListGateways request has N invalid field(s)" with
// one violation per invalid field. Every filter is optional; when set,
// country is an ISO 3166-1 alpha-2 code, currency an active ISO 4217 code,
// amount > 0 (minor units).
absl::Status ValidateListGateways(
    const payments::v1::ListGatewaysRequest& request);

// TranslateListGateways()
//
// GET /gateways, with the filters that are set as the query, in this order
// and joined by '&': country=.., currency=.., amount=.., include=coupons
// (for include_coupons). Values are percent-encoded
// (PercentEncodePathSegment(), service/upstream/http_url.h). No filter, no
// '?'.
//
// Example: currency "EUR", include_coupons
//   -> /gateways?currency=EUR&include=coupons
absl::StatusOr<MspRequest> TranslateListGateways(
    const payments::v1::ListGatewaysRequest& request);

// MapListGatewaysResult()
//
// `reply.data`, the array of GET /gateways, as the response's gateways in
// MultiSafepay's order (gateway_description.h). An entry that is not an
// object or has no `id` is UNAVAILABLE MSP_INVALID_RESPONSE.
absl::StatusOr<payments::v1::ListGatewaysResponse> MapListGatewaysResult(
    const payments::v1::ListGatewaysRequest& request, const MspReply& reply);

extern const UnarySpec<payments::v1::ListGatewaysRequest,
                       payments::v1::ListGatewaysResponse>
    kListGatewaysSpec;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_GATEWAYS_LIST_GATEWAYS_H_
