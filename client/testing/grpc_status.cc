// Copyright 2026 The msp-gateway Authors.

#include "client/testing/grpc_status.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/types/optional.h"
#include "client/call_error.h"
#include "google/protobuf/any.pb.h"
#include "google/rpc/status.pb.h"

namespace payments_client {
namespace testing {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  if (absl::optional<absl::Cord> details =
          status.GetPayload(kRpcStatusTypeUrl)) {
    return grpc::Status(code, message, std::string(*details));
  }
  google::rpc::Status rpc_status;
  status.ForEachPayload(
      [&rpc_status](absl::string_view type_url, const absl::Cord& payload) {
        google::protobuf::Any* any = rpc_status.add_details();
        any->set_type_url(std::string(type_url));
        any->set_value(std::string(payload));
      });
  if (rpc_status.details().empty()) return grpc::Status(code, message);
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(message);
  return grpc::Status(code, message, rpc_status.SerializeAsString());
}

}  // namespace testing
}  // namespace payments_client
