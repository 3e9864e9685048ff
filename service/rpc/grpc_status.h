// Copyright 2026 The msp-gateway Authors.
//
// File: grpc_status.h
//
// The one place an absl::Status becomes a grpc::Status: at the RPC edge, and
// in the client's test kit (//client:payments_client_testing), whose fake
// server and mock stubs must answer exactly as the gateway does.

#ifndef MSP_GATEWAY_SERVICE_RPC_GRPC_STATUS_H_
#define MSP_GATEWAY_SERVICE_RPC_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace msp_gateway {

// The absl::Status payload key of a whole serialized google.rpc.Status (the
// client's CallError::ToStatus() and PaymentClient keep details this way).
inline constexpr absl::string_view kRpcStatusPayloadUrl =
    "type.googleapis.com/google.rpc.Status";

// Converts `status` to a grpc::Status with the same code and message. A
// failed status always has details: a serialized google.rpc.Status with the
// same code and message, in which every payload on `status` (see
// error_details.h) is a google.protobuf.Any keyed by the payload's type URL,
// in type URL order.
// A kRpcStatusPayloadUrl payload already is that google.rpc.Status, so it is
// sent as the details unchanged (and any other payloads are dropped).
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_GRPC_STATUS_H_
