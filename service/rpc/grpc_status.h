// Copyright 2026 The msp-gateway Authors.
//
// File: grpc_status.h
//
// The one place an absl::Status becomes a grpc::Status: at the RPC edge.

#ifndef MSP_GATEWAY_SERVICE_RPC_GRPC_STATUS_H_
#define MSP_GATEWAY_SERVICE_RPC_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace msp_gateway {

// Converts `status` to a grpc::Status with the same code and message. Every
// payload on `status` (see error_details.h) becomes a google.protobuf.Any in
// the serialized google.rpc.Status sent as the status details.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_GRPC_STATUS_H_
