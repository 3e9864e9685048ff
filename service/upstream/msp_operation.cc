// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_operation.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "service/upstream/http_url.h"

namespace msp_gateway {
namespace {

// What MapCreateOrderReply() (create_order.cc) reads of POST /orders' reply,
// which echoes the whole order (customer, cart, transaction, ...) for direct
// payments. create_order_test checks that the two agree.
constexpr absl::string_view kCreateOrderReplyFields[] = {
    "order_id", "payment_url", "session_id", "status"};

// multisafepay-api.md §4-§5.8. Indexed by MspOperation.
constexpr MspOperationInfo kOperations[] = {
    {"POST", "POST /orders", MspDataShape::kObject, JsonNumbers::kNative, true,
     kCreateOrderReplyFields},
    {"GET", "GET /orders/{order_id}", MspDataShape::kObject,
     JsonNumbers::kExactDecimals, false},
    {"PATCH", "PATCH /orders/{order_id}", MspDataShape::kObjectOrEmpty,
     JsonNumbers::kNative, true},
    {"POST", "POST /orders/{order_id}/refunds", MspDataShape::kObjectOrEmpty,
     JsonNumbers::kNative, true},
    {"POST", "POST /orders/{order_id}/capture", MspDataShape::kObjectOrEmpty,
     JsonNumbers::kNative, true},
    {"GET", "GET /gateways", MspDataShape::kArray, JsonNumbers::kNative, false},
    {"GET", "GET /gateways/{gateway_id}", MspDataShape::kObject,
     JsonNumbers::kNative, false},
    {"GET", "GET /payment-methods", MspDataShape::kArray, JsonNumbers::kNative,
     false},
    {"GET", "GET /recurring/{customer_reference}", MspDataShape::kObjectOrEmpty,
     JsonNumbers::kNative, false},
    {"DELETE", "DELETE /recurring/{customer_reference}/remove/{token}",
     MspDataShape::kObjectOrEmpty, JsonNumbers::kNative, true},
};
static_assert(sizeof(kOperations) / sizeof(kOperations[0]) ==
                  static_cast<size_t>(MspOperation::kDeleteRecurringToken) + 1,
              "one row per MspOperation");

}  // namespace

const MspOperationInfo& MspOperationInfoOf(MspOperation op) {
  return kOperations[static_cast<size_t>(op)];
}

absl::string_view MspOperationEndpoint(MspOperation op) {
  return MspOperationInfoOf(op).endpoint;
}

absl::StatusOr<MspRequest> MspRequestFor(MspOperation op, absl::string_view id,
                                         std::string body,
                                         absl::string_view query) {
  const MspOperationInfo& info = MspOperationInfoOf(op);
  const bool templated = info.endpoint.find('{') != absl::string_view::npos;
  if (templated) return MspRequestFor(op, {id}, std::move(body), query);
  return MspRequestFor(op, std::initializer_list<absl::string_view>{},
                       std::move(body), query);
}

absl::StatusOr<MspRequest> MspRequestFor(
    MspOperation op, std::initializer_list<absl::string_view> ids,
    std::string body, absl::string_view query) {
  const MspOperationInfo& info = MspOperationInfoOf(op);
  // The path template is the endpoint after "<METHOD> ".
  absl::string_view path = info.endpoint.substr(info.method.size() + 1);
  MspRequest request;
  request.operation = op;
  const absl::string_view* id = ids.begin();
  while (true) {
    const size_t open = path.find('{');
    if (open == absl::string_view::npos) break;
    const size_t close = path.find('}', open);
    const absl::string_view name = path.substr(open + 1, close - open - 1);
    if (id == ids.end()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " is missing"));
    }
    if (id->empty()) {
      return absl::InvalidArgumentError(absl::StrCat(name, " is empty"));
    }
    absl::StrAppend(&request.path, path.substr(0, open),
                    PercentEncodePathSegment(*id));
    path.remove_prefix(close + 1);
    ++id;
  }
  if (id != ids.end()) {
    return absl::InvalidArgumentError(absl::StrCat(
        info.endpoint, " takes ", id - ids.begin(), " IDs, not ", ids.size()));
  }
  absl::StrAppend(&request.path, path);
  if (!query.empty()) absl::StrAppend(&request.path, "?", query);
  // POST and PATCH carry the JSON; GET and DELETE carry none.
  const bool has_body = info.method == "POST" || info.method == "PATCH";
  if (has_body && absl::StripAsciiWhitespace(body).empty()) {
    return absl::InvalidArgumentError("JSON body is empty");
  }
  request.body = std::move(body);
  return request;
}

}  // namespace msp_gateway
