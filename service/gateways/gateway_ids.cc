// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/gateway_ids.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"

namespace msp_gateway {
namespace {

using ::payments::v1::Gateway;

constexpr absl::string_view kPrefix = "GATEWAY_";

// Upper-case MultiSafepay ID -> gateway, built once from the descriptor on
// first use (thread-safe static initialisation) and never destroyed, so a
// lookup during static destruction is still safe.
const absl::flat_hash_map<std::string, Gateway>& GatewaysById() {
  static const auto* const kById = [] {
    auto* by_id = new absl::flat_hash_map<std::string, Gateway>();
    const google::protobuf::EnumDescriptor* descriptor =
        payments::v1::Gateway_descriptor();
    for (int i = 0; i < descriptor->value_count(); ++i) {
      const google::protobuf::EnumValueDescriptor* value = descriptor->value(i);
      if (value->number() == payments::v1::GATEWAY_UNSPECIFIED) continue;
      absl::string_view id = GatewayId(static_cast<Gateway>(value->number()));
      by_id->emplace(std::string(id), static_cast<Gateway>(value->number()));
    }
    return by_id;
  }();
  return *kById;
}

// Legacy IDs and the gateway that replaced each.
struct LegacyId {
  absl::string_view id;
  Gateway current;
};
constexpr LegacyId kLegacyIds[] = {
    {"PAYAFTER", payments::v1::GATEWAY_BNPL_MF},
};

}  // namespace

absl::string_view GatewayId(Gateway gateway) {
  if (gateway == payments::v1::GATEWAY_UNSPECIFIED) return {};
  const google::protobuf::EnumValueDescriptor* value =
      payments::v1::Gateway_descriptor()->FindValueByNumber(gateway);
  if (value == nullptr) return {};
  absl::string_view name = value->name();
  // Every value carries the prefix (buf lint ENUM_VALUE_PREFIX); a value
  // without it would be a contract bug, and then it is not an ID either.
  if (!absl::ConsumePrefix(&name, kPrefix)) return {};
  return name;
}

std::optional<Gateway> GatewayFromId(absl::string_view id) {
  const auto& by_id = GatewaysById();
  auto it = by_id.find(absl::AsciiStrToUpper(id));
  if (it == by_id.end()) return std::nullopt;
  return it->second;
}

std::optional<Gateway> GatewayFromReportedId(absl::string_view id) {
  if (std::optional<Gateway> gateway = GatewayFromId(id)) return gateway;
  for (const LegacyId& legacy : kLegacyIds) {
    if (absl::EqualsIgnoreCase(legacy.id, id)) return legacy.current;
  }
  return std::nullopt;
}

}  // namespace msp_gateway
