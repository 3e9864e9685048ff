// Copyright 2026 The msp-gateway Authors.
//
// File: gateway_description.h
//
// One of MultiSafepay's gateway descriptions (an entry of GET /gateways, the
// object of GET /gateways/{gateway_id}, multisafepay-api.md §5.8) as
// payments.v1.GatewayDescription, for ListGateways (list_gateways.h) and
// GetGateway (get_gateway.h):
//   {"id":"EDENCOM","description":"Ticket Compliments","type":"coupon"}
//   -> {gateway: GATEWAY_EDENCOM, id: "EDENCOM",
//       description: "Ticket Compliments", type: "coupon"}
// `id` goes through GatewayFromId() (case-insensitive); an ID the contract
// does not know is GATEWAY_UNSPECIFIED with the raw `id` kept, never an
// error. Pure.

#ifndef MSP_GATEWAY_SERVICE_GATEWAYS_GATEWAY_DESCRIPTION_H_
#define MSP_GATEWAY_SERVICE_GATEWAYS_GATEWAY_DESCRIPTION_H_

#include "payments/v1/payment_service.pb.h"
#include "service/msp_json/msp_fields.h"

namespace msp_gateway {

// MapMspGatewayDescription()
//
// Fills `out` from the fields of one description; a missing or empty `id`
// is a problem recorded on `f` (the caller answers MSP_INVALID_RESPONSE).
void MapMspGatewayDescription(const MspFields& f,
                              payments::v1::GatewayDescription& out);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_GATEWAYS_GATEWAY_DESCRIPTION_H_
