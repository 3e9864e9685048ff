// Copyright 2026 The msp-gateway Authors.

#include "client/call_error.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/any.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace payments_client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

// What the server sends: a google.rpc.Status in grpc::Status::error_details,
// which PaymentClient keeps as the kRpcStatusTypeUrl payload.
absl::Status ServerStyleStatus() {
  google::rpc::Status rpc_status;
  rpc_status.set_code(3);
  rpc_status.set_message("invalid order");
  google::rpc::BadRequest bad_request;
  auto* v = bad_request.add_field_violations();
  v->set_field("order_id");
  v->set_description("required");
  v = bad_request.add_field_violations();
  v->set_field("customer.first_name");
  v->set_description("2 to 25 characters");
  rpc_status.add_details()->PackFrom(bad_request);
  google::rpc::ErrorInfo info;
  info.set_reason("MSP_1006");
  info.set_domain("multisafepay.com");
  (*info.mutable_metadata())["msp_error_code"] = "1006";
  rpc_status.add_details()->PackFrom(info);
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(2);
  retry.mutable_retry_delay()->set_nanos(500000000);
  rpc_status.add_details()->PackFrom(retry);

  absl::Status status = absl::InvalidArgumentError("invalid order");
  status.SetPayload(kRpcStatusTypeUrl,
                    absl::Cord(rpc_status.SerializeAsString()));
  return status;
}

TEST(CallErrorTest, DecodesEveryDetailOfTheRpcStatusPayload) {
  const CallError error = CallError::FromStatus(ServerStyleStatus());

  EXPECT_EQ(error.code, absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(error.message, "invalid order");
  EXPECT_THAT(
      error.field_violations,
      ElementsAre(FieldViolation{"order_id", "required"},
                  FieldViolation{"customer.first_name", "2 to 25 characters"}));
  ASSERT_TRUE(error.error_info.has_value());
  EXPECT_EQ(error.error_info->reason, "MSP_1006");
  EXPECT_EQ(error.error_info->domain, kMultiSafepayErrorDomain);
  EXPECT_THAT(error.error_info->metadata,
              ElementsAre(Pair("msp_error_code", "1006")));
  ASSERT_TRUE(error.retry_delay.has_value());
  EXPECT_EQ(*error.retry_delay, absl::Milliseconds(2500));
}

TEST(CallErrorTest, StatusWithoutDetailsHasOnlyCodeAndMessage) {
  const CallError error =
      CallError::FromStatus(absl::UnavailableError("connection refused"));

  EXPECT_EQ(error.code, absl::StatusCode::kUnavailable);
  EXPECT_EQ(error.message, "connection refused");
  EXPECT_THAT(error.field_violations, IsEmpty());
  EXPECT_FALSE(error.error_info.has_value());
  EXPECT_FALSE(error.retry_delay.has_value());
}

TEST(CallErrorTest, OkStatusGivesOkCode) {
  EXPECT_EQ(CallError::FromStatus(absl::OkStatus()).code,
            absl::StatusCode::kOk);
}

TEST(CallErrorTest, GarbagePayloadIsIgnored) {
  absl::Status status = absl::InternalError("boom");
  status.SetPayload(kRpcStatusTypeUrl, absl::Cord("\xff\xff\xff not proto"));

  const CallError error = CallError::FromStatus(status);

  EXPECT_EQ(error.code, absl::StatusCode::kInternal);
  EXPECT_THAT(error.field_violations, IsEmpty());
  EXPECT_FALSE(error.error_info.has_value());
}

TEST(CallErrorTest, UnknownDetailTypesAreIgnored) {
  google::rpc::Status rpc_status;
  google::rpc::LocalizedMessage localized;
  localized.set_locale("nl-BE");
  localized.set_message("ongeldige bestelling");
  rpc_status.add_details()->PackFrom(localized);
  absl::Status status = absl::InvalidArgumentError("invalid order");
  status.SetPayload(kRpcStatusTypeUrl,
                    absl::Cord(rpc_status.SerializeAsString()));

  const CallError error = CallError::FromStatus(status);

  EXPECT_EQ(error.message, "invalid order");
  EXPECT_THAT(error.field_violations, IsEmpty());
}

TEST(CallErrorTest, ReadsDetailsKeptAsSeparatePayloads) {
  // The server's internal convention (one payload per detail type).
  google::rpc::BadRequest bad_request;
  auto* v = bad_request.add_field_violations();
  v->set_field("amount");
  v->set_description("must be > 0");
  google::rpc::ErrorInfo info;
  info.set_reason("INVALID_ORDER");
  info.set_domain("msp-gateway");
  absl::Status status = absl::InvalidArgumentError("invalid order");
  status.SetPayload("type.googleapis.com/google.rpc.BadRequest",
                    absl::Cord(bad_request.SerializeAsString()));
  status.SetPayload("type.googleapis.com/google.rpc.ErrorInfo",
                    absl::Cord(info.SerializeAsString()));

  const CallError error = CallError::FromStatus(status);

  EXPECT_THAT(error.field_violations,
              ElementsAre(FieldViolation{"amount", "must be > 0"}));
  ASSERT_TRUE(error.error_info.has_value());
  EXPECT_EQ(error.error_info->reason, "INVALID_ORDER");
}

TEST(CallErrorTest, ToStatusRoundTrips) {
  CallError error;
  error.code = absl::StatusCode::kFailedPrecondition;
  error.message = "gateway not enabled";
  error.field_violations = {{"gateway", "not enabled for this site"}};
  error.error_info = ErrorInfo{"MSP_1024", "multisafepay.com", {{"k", "v"}}};
  error.retry_delay = absl::Seconds(3) + absl::Nanoseconds(7);

  const absl::Status status = error.ToStatus();
  ASSERT_TRUE(status.GetPayload(kRpcStatusTypeUrl).has_value());
  const CallError decoded = CallError::FromStatus(status);

  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "gateway not enabled");
  EXPECT_EQ(decoded.code, error.code);
  EXPECT_EQ(decoded.message, error.message);
  EXPECT_EQ(decoded.field_violations, error.field_violations);
  EXPECT_EQ(decoded.error_info, error.error_info);
  EXPECT_EQ(decoded.retry_delay, error.retry_delay);
}

TEST(CallErrorTest, ToStatusOfOkIsOk) {
  CallError error;
  error.code = absl::StatusCode::kOk;
  EXPECT_TRUE(error.ToStatus().ok());
}

TEST(CallErrorTest, FindViolation) {
  const CallError error = CallError::FromStatus(ServerStyleStatus());

  ASSERT_NE(error.FindViolation("customer.first_name"), nullptr);
  EXPECT_EQ(error.FindViolation("customer.first_name")->description,
            "2 to 25 characters");
  EXPECT_EQ(error.FindViolation("amount"), nullptr);
}

TEST(CallErrorTest, ToStringNamesCodeViolationsAndReason) {
  const std::string text =
      CallError::FromStatus(ServerStyleStatus()).ToString();

  EXPECT_THAT(text, HasSubstr("INVALID_ARGUMENT: invalid order"));
  EXPECT_THAT(text, HasSubstr("order_id: required"));
  EXPECT_THAT(text, HasSubstr("customer.first_name: 2 to 25 characters"));
  EXPECT_THAT(text, HasSubstr("multisafepay.com MSP_1006"));
  EXPECT_THAT(text, HasSubstr("retry after 2.5s"));
}

}  // namespace
}  // namespace payments_client
