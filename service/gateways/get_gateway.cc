// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/get_gateway.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "service/common/violations.h"
#include "service/gateways/gateway_description.h"
#include "service/gateways/gateway_ids.h"
#include "service/msp_json/msp_fields.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

using ::payments::v1::GetGatewayRequest;
using ::payments::v1::GetGatewayResponse;

}  // namespace

absl::Status ValidateGetGateway(const GetGatewayRequest& request) {
  Violations v("GetGateway");
  if (request.gateway() == payments::v1::GATEWAY_UNSPECIFIED) {
    v.Add("gateway",
          "is required: the gateway to describe, e.g. GATEWAY_IDEAL");
  } else if (GatewayId(request.gateway()).empty()) {
    v.Add("gateway", absl::StrCat("must be a defined Gateway value, got ",
                                  static_cast<int>(request.gateway())));
  }
  return std::move(v).ToStatus();
}

absl::StatusOr<MspRequest> TranslateGetGateway(
    const GetGatewayRequest& request) {
  return MspRequestFor(MspOperation::kGetGateway, GatewayId(request.gateway()));
}

absl::StatusOr<GetGatewayResponse> MapGetGatewayResult(
    const GetGatewayRequest& /*request*/, const MspReply& reply) {
  constexpr MspOperation kOp = MspOperation::kGetGateway;
  if (!reply.data.is_object()) {
    return MspInvalidResponseError(kOp, reply.http_status, "",
                                   "\"data\" is not an object");
  }
  std::string problem;
  GetGatewayResponse response;
  MapMspGatewayDescription(MspFields(reply.data, "data", problem),
                           *response.mutable_gateway());
  if (!problem.empty()) {
    return MspInvalidResponseError(kOp, reply.http_status, "", problem);
  }
  return response;
}

const UnarySpec<GetGatewayRequest, GetGatewayResponse> kGetGatewaySpec = {
    /*method=*/"GetGateway",
    /*validate=*/ValidateGetGateway,
    /*translate=*/TranslateGetGateway,
    /*map_reply=*/MapGetGatewayResult,
    // A read: no key.
    /*idempotency_key=*/nullptr,
    /*idempotency_key_field=*/"",
};

}  // namespace msp_gateway
