// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/grpc_status.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/types/optional.h"
#include "google/protobuf/any.pb.h"
#include "google/rpc/status.pb.h"

namespace msp_gateway {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message(status.message());
  if (absl::optional<absl::Cord> details =
          status.GetPayload(kRpcStatusPayloadUrl)) {
    return grpc::Status(code, std::move(message), std::string(*details));
  }
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(message);
  // ForEachPayload()'s order is unspecified (and differs from call to call):
  // sorted by type URL, the same error always has the same details, in the
  // same order (BadRequest, ErrorInfo, RetryInfo, ...).
  std::vector<std::pair<std::string, std::string>> payloads;
  status.ForEachPayload(
      [&payloads](absl::string_view type_url, const absl::Cord& payload) {
        payloads.emplace_back(std::string(type_url), std::string(payload));
      });
  std::sort(payloads.begin(), payloads.end());
  for (auto& [type_url, payload] : payloads) {
    google::protobuf::Any* any = rpc_status.add_details();
    any->set_type_url(std::move(type_url));
    any->set_value(std::move(payload));
  }
  return grpc::Status(code, std::move(message), rpc_status.SerializeAsString());
}

}  // namespace msp_gateway
