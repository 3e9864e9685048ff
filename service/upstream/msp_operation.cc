// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_operation.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "service/upstream/http_url.h"

namespace msp_gateway {
namespace {

// multisafepay-api.md §4-§5.8. Indexed by MspOperation.
constexpr MspOperationInfo kOperations[] = {
    {"POST", "POST /orders", MspDataShape::kObject, JsonNumbers::kNative, true},
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
};
static_assert(sizeof(kOperations) / sizeof(kOperations[0]) ==
                  static_cast<size_t>(MspOperation::kGetGateway) + 1,
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
  // The path template is the endpoint after "<METHOD> ".
  absl::string_view path = info.endpoint.substr(info.method.size() + 1);
  MspRequest request;
  request.operation = op;
  const size_t open = path.find('{');
  if (open == absl::string_view::npos) {
    request.path = std::string(path);
  } else {
    const size_t close = path.find('}', open);
    if (id.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path.substr(open + 1, close - open - 1), " is empty"));
    }
    request.path =
        absl::StrCat(path.substr(0, open), PercentEncodePathSegment(id),
                     path.substr(close + 1));
  }
  if (!query.empty()) absl::StrAppend(&request.path, "?", query);
  if (info.method != "GET" && absl::StripAsciiWhitespace(body).empty()) {
    return absl::InvalidArgumentError("JSON body is empty");
  }
  request.body = std::move(body);
  return request;
}

}  // namespace msp_gateway
