// Copyright 2026 The msp-gateway Authors.
//
// File: testing/grpc_status.h
//
// For tests that program gRPC stubs directly (MockPaymentServiceStub from
// //client:payments_client_mock): build the grpc::Status the gateway would
// send, details included, from an absl::Status such as CallError::ToStatus().
// It is the gateway's own conversion (service/rpc/grpc_status.h), so a fake
// cannot answer differently from the real server.
//
// Example:
//
//   CallError invalid;
//   invalid.code = absl::StatusCode::kInvalidArgument;
//   invalid.field_violations = {{"amount", "must be > 0"}};
//   EXPECT_CALL(*stub, CreateOrder)
//       .WillOnce(Return(ToGrpcStatus(invalid.ToStatus())));

#ifndef MSP_GATEWAY_CLIENT_TESTING_GRPC_STATUS_H_
#define MSP_GATEWAY_CLIENT_TESTING_GRPC_STATUS_H_

#include "client/call_error.h"
#include "service/rpc/grpc_status.h"

namespace payments_client {
namespace testing {

// Same code and message; error_details: the kRpcStatusTypeUrl payload (what
// CallError::ToStatus() sets) as is, otherwise a google.rpc.Status packing
// every payload as an Any keyed by its type URL (the gateway's convention).
using ::msp_gateway::ToGrpcStatus;

static_assert(::msp_gateway::kRpcStatusPayloadUrl == kRpcStatusTypeUrl,
              "the client and the gateway keep a whole google.rpc.Status "
              "under the same payload key");

}  // namespace testing
}  // namespace payments_client

#endif  // MSP_GATEWAY_CLIENT_TESTING_GRPC_STATUS_H_
