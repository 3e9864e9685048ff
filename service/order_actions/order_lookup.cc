// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/order_lookup.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "service/common/error_details.h"
#include "service/msp_json/json_scalars.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {

MspRequest LookupOrderCall(const LookupKey& ids) {
  absl::StatusOr<MspRequest> call =
      MspRequestFor(MspOperation::kGetOrder, ids.order_id);
  if (call.ok()) return *std::move(call);
  // Only an empty order_id fails; the read of "/orders/" is not an order.
  MspRequest fallback;
  fallback.operation = MspOperation::kGetOrder;
  fallback.path = "/orders/";
  return fallback;
}

absl::StatusOr<const MspReply*> ReadLookedUpOrder(
    const LookupKey& ids, const absl::StatusOr<MspReply>& lookup_reply) {
  if (ids.order_id.empty()) {
    return absl::FailedPreconditionError("the lookup has no order_id to read");
  }
  if (!lookup_reply.ok()) {
    const absl::Status& status = lookup_reply.status();
    // Only MultiSafepay's own "no such order" for this GET says that the
    // write never created anything there.
    if (status.code() == absl::StatusCode::kNotFound) {
      std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
      if (info.has_value() && info->domain() == kMspErrorDomain) {
        return nullptr;
      }
    }
    return status;
  }
  const MspReply& reply = *lookup_reply;
  if (!reply.data.is_object()) {
    return LookupUnreadable(reply, "\"data\" is not an object");
  }
  std::optional<std::string> order_id = JsonString(reply.data, "order_id");
  if (order_id.has_value() && *order_id != ids.order_id) {
    // Never settle a write from another order's state.
    return LookupUnreadable(reply,
                            "the order_id in \"data\" is not the one read");
  }
  return &reply;
}

std::string RequestIdMarker(absl::string_view key) {
  return absl::StrCat("[request_id:", key, "]");
}

std::string WithRequestIdMarker(absl::string_view description,
                                absl::string_view key) {
  if (description.empty()) return RequestIdMarker(key);
  return absl::StrCat(description, " ", RequestIdMarker(key));
}

absl::StatusOr<const nlohmann::json*> FindMarkedTransaction(
    const MspReply& order, absl::string_view type, absl::string_view key) {
  if (key.empty()) {
    return absl::FailedPreconditionError(
        "the lookup has no request_id to look for");
  }
  const nlohmann::json* related =
      JsonMember(order.data, "related_transactions");
  // MultiSafepay sends null for an order without any, PHP backends may send
  // {} for an empty list.
  if (related == nullptr || related->is_null() ||
      (related->is_object() && related->empty())) {
    return nullptr;
  }
  if (!related->is_array()) {
    return LookupUnreadable(order, "related_transactions is not an array");
  }
  const std::string marker = absl::AsciiStrToLower(RequestIdMarker(key));
  for (size_t i = 0; i < related->size(); ++i) {
    const nlohmann::json& entry = (*related)[i];
    if (!entry.is_object()) {
      return LookupUnreadable(order, absl::StrCat("related_transactions[", i,
                                                  "] is not an object"));
    }
    if (JsonString(entry, "type").value_or("") != type) continue;
    const std::string description =
        absl::AsciiStrToLower(JsonString(entry, "description").value_or(""));
    if (description.find(marker) != std::string::npos) return &entry;
  }
  return nullptr;
}

absl::StatusOr<LookedUpTransaction> FindLookedUpTransaction(
    const LookupKey& ids, const absl::StatusOr<MspReply>& lookup_reply,
    absl::string_view type) {
  absl::StatusOr<const MspReply*> order = ReadLookedUpOrder(ids, lookup_reply);
  if (!order.ok()) return order.status();
  LookedUpTransaction found;
  if (*order == nullptr) return found;
  absl::StatusOr<const nlohmann::json*> entry =
      FindMarkedTransaction(**order, type, ids.key);
  if (!entry.ok()) return entry.status();
  if (*entry == nullptr) return found;
  found.order = *order;
  found.entry = *entry;
  return found;
}

absl::Status LookupUnreadable(const MspReply& order,
                              absl::string_view problem) {
  return MspInvalidResponseError(MspOperation::kGetOrder, order.http_status, "",
                                 problem);
}

}  // namespace msp_gateway
