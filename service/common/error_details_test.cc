// Copyright 2026 The msp-gateway Authors.

#include "service/common/error_details.h"

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

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
  // The gateway names its own reason too.
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "INVALID_FIELDS");
  EXPECT_EQ(info->domain(), "msp-gateway");
  EXPECT_EQ(info->metadata().at("request_sent"), "false");
  EXPECT_EQ(info->metadata().at("field_count"), "2");
  EXPECT_EQ(info->metadata().at("fields"), "order_id,customer.locale");
}

TEST(ErrorDetailsTest, InvalidArgumentNamesAtMostTenFieldsInErrorInfo) {
  std::vector<FieldViolation> many;
  for (int i = 0; i < 15; ++i) {
    many.push_back({"f" + std::to_string(i), "bad"});
  }
  absl::Status status = InvalidArgumentError("bad", many);
  EXPECT_EQ(GetFieldViolations(status).size(), 15u);
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("field_count"), "15");
  EXPECT_EQ(info->metadata().at("fields"), "f0,f1,f2,f3,f4,f5,f6,f7,f8,f9");
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

}  // namespace
}  // namespace msp_gateway
