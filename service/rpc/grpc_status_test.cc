// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/grpc_status.h"

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

TEST(GrpcStatusTest, OkStaysOkWithoutDetails) {
  grpc::Status grpc_status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(grpc_status.ok());
  EXPECT_TRUE(grpc_status.error_details().empty());
}

}  // namespace
}  // namespace msp_gateway
