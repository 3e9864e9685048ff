// Copyright 2026 The msp-gateway Authors.
//
// File: rpc_error.h
//
// A gRPC error as a test reads it: the code, the google.rpc.ErrorInfo
// reason, domain and metadata, whether RetryInfo is attached, and the
// BadRequest field violations, from the status's details.

#ifndef MSP_GATEWAY_TESTS_HARNESS_RPC_ERROR_H_
#define MSP_GATEWAY_TESTS_HARNESS_RPC_ERROR_H_

#include <map>
#include <string>
#include <vector>

#include "grpcpp/support/status.h"

namespace msp_gateway {
namespace testing {

struct RpcError {
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string reason;
  std::string domain;
  bool has_retry_info = false;
  int violations = 0;                           // How many field violations.
  std::vector<std::string> fields;              // Their fields, in order.
  std::map<std::string, std::string> metadata;  // ErrorInfo metadata.
};

RpcError DecodeRpcError(const grpc::Status& status);

}  // namespace testing
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_TESTS_HARNESS_RPC_ERROR_H_
