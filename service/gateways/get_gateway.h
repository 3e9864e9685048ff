// Copyright 2026 The msp-gateway Authors.
//
// File: get_gateway.h
//
// The GetGateway RPC as one unit: validation, the GET
// /gateways/{gateway_id} call (multisafepay-api.md §5.8), MultiSafepay's
// description as the response, and the spec the RPC edge runs. Pure.

#ifndef MSP_GATEWAY_SERVICE_GATEWAYS_GET_GATEWAY_H_
#define MSP_GATEWAY_SERVICE_GATEWAYS_GET_GATEWAY_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// ValidateGetGateway()
//
// OK, or INVALID_ARGUMENT "GetGateway request has 1 invalid field": gateway
// is required, a defined value other than GATEWAY_UNSPECIFIED.
absl::Status ValidateGetGateway(const payments::v1::GetGatewayRequest& request);

// TranslateGetGateway()
//
// GET /gateways/{gateway_id} with the gateway's MultiSafepay ID
// (GatewayId(), gateway_ids.h): GATEWAY_MISTERCASH -> /gateways/MISTERCASH.
// INVALID_ARGUMENT for a gateway without an ID (UNSPECIFIED, undefined).
absl::StatusOr<MspRequest> TranslateGetGateway(
    const payments::v1::GetGatewayRequest& request);

// MapGetGatewayResult()
//
// `reply.data`, the object of GET /gateways/{gateway_id}, as the response's
// gateway (gateway_description.h); without an `id` it is UNAVAILABLE
// MSP_INVALID_RESPONSE.
absl::StatusOr<payments::v1::GetGatewayResponse> MapGetGatewayResult(
    const payments::v1::GetGatewayRequest& request, const MspReply& reply);

extern const UnarySpec<payments::v1::GetGatewayRequest,
                       payments::v1::GetGatewayResponse>
    kGetGatewaySpec;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_GATEWAYS_GET_GATEWAY_H_
