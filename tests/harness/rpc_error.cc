// Copyright 2026 The msp-gateway Authors.

#include "tests/harness/rpc_error.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace msp_gateway {
namespace testing {

RpcError DecodeRpcError(const grpc::Status& status) {
  RpcError error;
  error.code = status.error_code();
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return error;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&info)) {
      error.reason = info.reason();
      error.domain = info.domain();
      error.metadata.insert(info.metadata().begin(), info.metadata().end());
    } else if (any.Is<google::rpc::RetryInfo>()) {
      error.has_retry_info = true;
    } else if (any.UnpackTo(&bad_request)) {
      error.violations = bad_request.field_violations_size();
      for (const auto& v : bad_request.field_violations()) {
        error.fields.push_back(v.field());
      }
    }
  }
  return error;
}

}  // namespace testing
}  // namespace msp_gateway
