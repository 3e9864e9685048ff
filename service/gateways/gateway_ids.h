// Copyright 2026 The msp-gateway Authors.
//
// File: gateway_ids.h
//
// MultiSafepay gateway IDs ("MISTERCASH", "IDEAL", ...) for the contract's
// payments.v1.Gateway enum. The contract names every value `GATEWAY_` + the
// MultiSafepay ID, so the ID is derived from the enum's descriptor: adding a
// gateway to gateway.proto is the only change a new payment method needs.

#ifndef MSP_GATEWAY_SERVICE_GATEWAYS_GATEWAY_IDS_H_
#define MSP_GATEWAY_SERVICE_GATEWAYS_GATEWAY_IDS_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "payments/v1/gateway.pb.h"

namespace msp_gateway {

// GatewayId()
//
// The MultiSafepay ID of `gateway`: its enum value name without the
// `GATEWAY_` prefix, e.g. "MISTERCASH" for GATEWAY_MISTERCASH. Returns an
// empty view for GATEWAY_UNSPECIFIED and for numbers the enum does not define.
// The view points into the generated descriptor pool and stays valid for the
// life of the process.
absl::string_view GatewayId(payments::v1::Gateway gateway);

// GatewayFromId()
//
// The gateway whose MultiSafepay ID is `id`, ignoring ASCII case ("iDEAL" and
// "IDEAL" are both GATEWAY_IDEAL, as MultiSafepay treats them). Returns
// nullopt for an unknown ID, for "" and for "UNSPECIFIED".
std::optional<payments::v1::Gateway> GatewayFromId(absl::string_view id);

// GatewayFromReportedId()
//
// For IDs MultiSafepay reports (an order's payment_details.type): as
// GatewayFromId(), and a legacy ID old orders still carry as the gateway that
// replaced it (multisafepay-api.md §3.2): "PAYAFTER" (Pay After Delivery,
// refused for new orders since 2024-08-31) is GATEWAY_BNPL_MF. Requests
// never use it: a new order with PAYAFTER is not translated.
std::optional<payments::v1::Gateway> GatewayFromReportedId(
    absl::string_view id);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_GATEWAYS_GATEWAY_IDS_H_
