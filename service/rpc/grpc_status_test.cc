// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/grpc_status.h"

#include "absl/strings/cord.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace {

TEST(GrpcStatusTest, PacksPayloadsIntoStatusDetails) {
  absl::Status status =
      WithErrorInfo(InvalidArgumentError("bad", {{"amount", "must be > 0"}}),
                    "MSP_1001", kMspErrorDomain);
  grpc::Status grpc_status = ToGrpcStatus(status);
  EXPECT_EQ(grpc_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(grpc_status.error_message(), "bad");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(grpc_status.error_details()));
  EXPECT_EQ(details.code(), 3);
  ASSERT_EQ(details.details_size(), 2);
  google::rpc::BadRequest bad_request;
  google::rpc::ErrorInfo info;
  for (const auto& any : details.details()) {
    if (any.Is<google::rpc::BadRequest>())
      ASSERT_TRUE(any.UnpackTo(&bad_request));
    if (any.Is<google::rpc::ErrorInfo>()) ASSERT_TRUE(any.UnpackTo(&info));
  }
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "amount");
  EXPECT_EQ(info.reason(), "MSP_1001");
}

TEST(GrpcStatusTest, DetailsComeInTypeUrlOrderEveryTime) {
  for (int i = 0; i < 20; ++i) {
    absl::Status status =
        WithErrorInfo(InvalidArgumentError("bad", {{"amount", "must be > 0"}}),
                      "MSP_1001", kMspErrorDomain);
    google::rpc::Status details;
    ASSERT_TRUE(details.ParseFromString(ToGrpcStatus(status).error_details()));
    ASSERT_EQ(details.details_size(), 2);
    EXPECT_TRUE(details.details(0).Is<google::rpc::BadRequest>());
    EXPECT_TRUE(details.details(1).Is<google::rpc::ErrorInfo>());
  }
}

// What the client's CallError::ToStatus() builds (and its fake server sends):
// the details are already a whole google.rpc.Status.
TEST(GrpcStatusTest, AWholeRpcStatusPayloadIsSentAsTheDetailsUnchanged) {
  google::rpc::Status rpc_status;
  rpc_status.set_code(3);
  rpc_status.set_message("invalid order");
  google::rpc::BadRequest bad_request;
  bad_request.add_field_violations()->set_field("order_id");
  rpc_status.add_details()->PackFrom(bad_request);
  absl::Status status = absl::InvalidArgumentError("invalid order");
  status.SetPayload(kRpcStatusPayloadUrl,
                    absl::Cord(rpc_status.SerializeAsString()));

  grpc::Status grpc_status = ToGrpcStatus(status);

  EXPECT_EQ(grpc_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(grpc_status.error_message(), "invalid order");
  EXPECT_EQ(grpc_status.error_details(), rpc_status.SerializeAsString());
}

// Moved from client/testing/fake_payment_server_test.cc (NoPayloadsNoDetails)
// when the client's copy of this conversion went: a failed status without
// payloads still carries the google.rpc.Status the gateway always sends.
TEST(GrpcStatusTest, NoPayloadsStillSendCodeAndMessageAsDetails) {
  grpc::Status grpc_status = ToGrpcStatus(absl::InternalError("x"));
  EXPECT_EQ(grpc_status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(grpc_status.error_message(), "x");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(grpc_status.error_details()));
  EXPECT_EQ(details.code(), 13);
  EXPECT_EQ(details.message(), "x");
  EXPECT_EQ(details.details_size(), 0);
}

TEST(GrpcStatusTest, OkStaysOkWithoutDetails) {
  grpc::Status grpc_status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(grpc_status.ok());
  EXPECT_TRUE(grpc_status.error_details().empty());
}

}  // namespace
}  // namespace msp_gateway
