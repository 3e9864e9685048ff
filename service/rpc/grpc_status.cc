// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/grpc_status.h"

#include <string>
#include <utility>

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
  status.ForEachPayload(
      [&rpc_status](absl::string_view type_url, const absl::Cord& payload) {
        google::protobuf::Any* any = rpc_status.add_details();
        any->set_type_url(std::string(type_url));
        any->set_value(std::string(payload));
      });
  return grpc::Status(code, std::move(message), rpc_status.SerializeAsString());
}

}  // namespace msp_gateway
