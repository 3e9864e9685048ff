// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/gateway_mapper.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "service/msp_json/msp_fields.h"
#include "service/gateways/gateway_ids.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

using json = nlohmann::json;
using ::payments::v1::GatewayDescription;

void MapDescription(const MspFields& f, GatewayDescription& out) {
  out.set_id(f.Text("id"));
  if (out.id().empty())
    f.Problem(absl::StrCat("\"", f.PathOf("id"), "\" is missing"));
  out.set_gateway(
      GatewayFromId(out.id()).value_or(payments::v1::GATEWAY_UNSPECIFIED));
  out.set_description(f.Text("description"));
  out.set_type(f.Text("type"));
}

}  // namespace

absl::StatusOr<payments::v1::ListGatewaysResponse> MapMspGatewayList(
    const MspReply& reply) {
  constexpr MspOperation kOp = MspOperation::kListGateways;
  if (!reply.data.is_array()) {
    return MspInvalidResponseError(kOp, reply.http_status, "",
                                   "\"data\" is not an array");
  }
  std::string problem;
  payments::v1::ListGatewaysResponse response;
  for (size_t i = 0; i < reply.data.size(); ++i) {
    const json& entry = reply.data[i];
    const std::string path = absl::StrCat("data[", i, "]");
    if (!entry.is_object()) {
      problem = absl::StrCat("\"", path, "\" is not an object");
      break;
    }
    MapDescription(MspFields(entry, path, problem), *response.add_gateways());
  }
  if (!problem.empty()) {
    return MspInvalidResponseError(kOp, reply.http_status, "", problem);
  }
  return response;
}

absl::StatusOr<payments::v1::GetGatewayResponse> MapMspGateway(
    const MspReply& reply) {
  constexpr MspOperation kOp = MspOperation::kGetGateway;
  if (!reply.data.is_object()) {
    return MspInvalidResponseError(kOp, reply.http_status, "",
                                   "\"data\" is not an object");
  }
  std::string problem;
  payments::v1::GetGatewayResponse response;
  MapDescription(MspFields(reply.data, "data", problem),
                 *response.mutable_gateway());
  if (!problem.empty()) {
    return MspInvalidResponseError(kOp, reply.http_status, "", problem);
  }
  return response;
}

}  // namespace msp_gateway
