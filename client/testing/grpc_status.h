// Copyright 2026 The msp-gateway Authors.
//
// File: testing/grpc_status.h
//
// For tests that program gRPC stubs directly (MockPaymentServiceStub from
// //client:payments_client_mock): build the grpc::Status the gateway would
// send, details included, from an absl::Status such as CallError::ToStatus().
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

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace payments_client {
namespace testing {

// Same code and message. error_details: the kRpcStatusTypeUrl payload (a
// serialized google.rpc.Status) when present, otherwise a google.rpc.Status
// packing every other payload as an Any keyed by the payload's type URL (the
// gateway's own convention), otherwise none.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace testing
}  // namespace payments_client

#endif  // MSP_GATEWAY_CLIENT_TESTING_GRPC_STATUS_H_
