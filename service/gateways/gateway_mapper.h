// Copyright 2026 The msp-gateway Authors.
//
// File: gateway_mapper.h
//
// MultiSafepay's gateway descriptions (GET /gateways and
// GET /gateways/{gateway_id}, multisafepay-api.md §5.8) as
// payments.v1.GatewayDescription:
//   {"id":"EDENCOM","description":"Ticket Compliments","type":"coupon"}
//   -> {gateway: GATEWAY_EDENCOM, id: "EDENCOM",
//       description: "Ticket Compliments", type: "coupon"}
// `id` goes through GatewayFromId() (case-insensitive); an ID the contract
// does not know is GATEWAY_UNSPECIFIED with the raw `id` kept, never an
// error. An entry without an `id`, or that is not an object, is UNAVAILABLE
// MSP_INVALID_RESPONSE. Pure.

#ifndef MSP_GATEWAY_SERVICE_GATEWAYS_GATEWAY_MAPPER_H_
#define MSP_GATEWAY_SERVICE_GATEWAYS_GATEWAY_MAPPER_H_

#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/upstream/msp_client.h"

namespace msp_gateway {

// MapMspGatewayList()
//
// `reply.data` is the array of GET /gateways, in MultiSafepay's order.
absl::StatusOr<payments::v1::ListGatewaysResponse> MapMspGatewayList(
    const MspReply& reply);

// MapMspGateway()
//
// `reply.data` is the object of GET /gateways/{gateway_id}.
absl::StatusOr<payments::v1::GetGatewayResponse> MapMspGateway(
    const MspReply& reply);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_GATEWAYS_GATEWAY_MAPPER_H_
