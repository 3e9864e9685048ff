// Copyright 2026 The msp-gateway Authors.

#include "service/error_details.h"

#include "gmock/gmock.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/grpc_status.h"

namespace msp_gateway {
namespace {

using ::testing::ElementsAre;

TEST(ErrorDetailsTest, InvalidArgumentCarriesEveryViolationInOrder) {
  absl::Status status = InvalidArgumentError(
      "bad order", {{"order_id", "required"}, {"customer.locale", "ll_CC"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "bad order");
  EXPECT_THAT(GetFieldViolations(status),
              ElementsAre(FieldViolation{"order_id", "required"},
                          FieldViolation{"customer.locale", "ll_CC"}));
}

TEST(ErrorDetailsTest, ErrorInfoAndRetryInfoRoundTrip) {
  absl::Status status = WithRetryInfo(
      WithErrorInfo(absl::UnavailableError("down"), "MSP_HTTP_503",
                    kMspErrorDomain, {{"http_status", "503"}}),
      absl::Milliseconds(1500));
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "MSP_HTTP_503");
  EXPECT_EQ(info->domain(), "multisafepay.com");
  EXPECT_EQ(info->metadata().at("http_status"), "503");
  std::optional<google::rpc::RetryInfo> retry = GetRetryInfo(status);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 1);
  EXPECT_EQ(retry->retry_delay().nanos(), 500000000);
  EXPECT_FALSE(GetBadRequest(status).has_value());
}

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
