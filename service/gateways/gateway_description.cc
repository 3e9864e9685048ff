// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/gateway_description.h"

#include "absl/strings/str_cat.h"
#include "service/gateways/gateway_ids.h"

namespace msp_gateway {

void MapMspGatewayDescription(const MspFields& f,
                              payments::v1::GatewayDescription& out) {
  out.set_id(f.Text("id"));
  if (out.id().empty())
    f.Problem(absl::StrCat("\"", f.PathOf("id"), "\" is missing"));
  out.set_gateway(
      GatewayFromId(out.id()).value_or(payments::v1::GATEWAY_UNSPECIFIED));
  out.set_description(f.Text("description"));
  out.set_type(f.Text("type"));
}

}  // namespace msp_gateway
