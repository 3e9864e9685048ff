// Copyright 2026 The msp-gateway Authors.
//
// Both recurring-token RPC units (list_recurring_tokens.h,
// delete_recurring_token.h) and what they share (recurring_token.h).

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/recurring_tokens/delete_recurring_token.h"
#include "service/recurring_tokens/list_recurring_tokens.h"
#include "service/rpc/spec_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::DeleteRecurringTokenRequest;
using ::payments::v1::ListRecurringTokensRequest;
using ::payments::v1::ListRecurringTokensResponse;
using testing::Description;
using testing::Fields;
using testing::MspExample;
using testing::ReplyFromData;
using testing::ReplyFromFile;

using Strings = std::vector<std::string>;

TEST(ValidateListRecurringTokensTest, ReferenceRequiredAndPageBounded) {
  ListRecurringTokensRequest request;
  absl::Status status = ValidateListRecurringTokens(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(status), (Strings{"customer_reference"}));
  EXPECT_EQ(Description(status, "customer_reference"), "is required");
  request.set_customer_reference("customer-42");
  EXPECT_TRUE(ValidateListRecurringTokens(request).ok());
  request.set_limit(100);
  request.set_offset(20);
  EXPECT_TRUE(ValidateListRecurringTokens(request).ok());
  request.set_customer_reference(std::string(51, 'c'));
  request.set_limit(101);
  request.set_offset(-1);
  status = ValidateListRecurringTokens(request);
  EXPECT_EQ(Fields(status), (Strings{"customer_reference", "limit", "offset"}));
  request.set_customer_reference("line\nbreak");
  request.set_limit(-1);
  request.set_offset(0);
  status = ValidateListRecurringTokens(request);
  EXPECT_EQ(Fields(status), (Strings{"customer_reference", "limit"}));
  EXPECT_EQ(Description(status, "customer_reference"),
            "must not contain control characters");
}

TEST(TranslateListRecurringTokensTest, ReferenceIsOneEncodedSegment) {
  ListRecurringTokensRequest request;
  request.set_customer_reference("cust/42 x");
  absl::StatusOr<MspRequest> call = TranslateListRecurringTokens(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kListRecurringTokens);
  EXPECT_EQ(MspOperationInfoOf(call->operation).method, "GET");
  EXPECT_EQ(call->path, "/recurring/cust%2F42%20x");
  EXPECT_EQ(call->body, "");
  request.set_limit(5);
  request.set_offset(10);
  EXPECT_EQ(TranslateListRecurringTokens(request)->path,
            "/recurring/cust%2F42%20x?limit=5&offset=10");
}

TEST(MapListRecurringTokensResultTest, MultiSafepayExample) {
  absl::StatusOr<ListRecurringTokensResponse> list =
      MapListRecurringTokensResult(
          ListRecurringTokensRequest(),
          ReplyFromFile(MspExample("responses/listTokens.json")));
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->tokens_size(), 2);
  const payments::v1::RecurringToken& mastercard = list->tokens(0);
  EXPECT_EQ(mastercard.token(), "QZTCh7jdk8");
  EXPECT_EQ(mastercard.gateway(), payments::v1::GATEWAY_MASTERCARD);
  EXPECT_EQ(mastercard.code(), "MASTERCARD");
  EXPECT_EQ(mastercard.bin(), "555555");  // a JSON number
  EXPECT_EQ(mastercard.expiry_date(), "1234");
  EXPECT_EQ(mastercard.last4(), "1111");
  EXPECT_FALSE(mastercard.expired());
  EXPECT_EQ(mastercard.name_holder(), "Test-person-nl");
  EXPECT_EQ(mastercard.recurring_model(), "cardOnFile");
  EXPECT_EQ(list->tokens(1).gateway(), payments::v1::GATEWAY_VISA);
  EXPECT_EQ(list->tokens(1).recurring_model(), "unscheduled");
}

TEST(MapListRecurringTokensResultTest, NumbersKeepLeadingZerosAndOldNames) {
  absl::StatusOr<ListRecurringTokensResponse> list =
      MapListRecurringTokensResult(ListRecurringTokensRequest(),
                                   ReplyFromData(R"(
        {"tokens": [{"token": "t1", "code": "IDEAL", "last4": 123,
                     "expiry_date": 512, "expired": 1, "model": "subscription"}]}
      )"));
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->tokens_size(), 1);
  EXPECT_EQ(list->tokens(0).last4(), "0123");
  EXPECT_EQ(list->tokens(0).expiry_date(), "0512");
  EXPECT_TRUE(list->tokens(0).expired());
  EXPECT_EQ(list->tokens(0).recurring_model(), "subscription");
}

TEST(MapListRecurringTokensResultTest, NoTokensIsAnEmptyList) {
  for (const char* data : {"{}", R"({"tokens": []})", R"({"tokens": null})"}) {
    absl::StatusOr<ListRecurringTokensResponse> list =
        MapListRecurringTokensResult(ListRecurringTokensRequest(),
                                     ReplyFromData(data));
    ASSERT_TRUE(list.ok()) << data << ": " << list.status();
    EXPECT_EQ(list->tokens_size(), 0) << data;
  }
}

TEST(MapListRecurringTokensResultTest, MalformedRepliesAreInvalidResponses) {
  for (const char* data : {R"({"tokens": "t1"})", R"({"tokens": ["t1"]})",
                           R"({"tokens": [{"code": "VISA"}]})"}) {
    SCOPED_TRACE(data);
    testing::ExpectInvalidResponse(
        MapListRecurringTokensResult(ListRecurringTokensRequest(),
                                     ReplyFromData(data))
            .status(),
        "GET /recurring/{customer_reference}");
  }
}

TEST(ValidateDeleteRecurringTokenTest, BothIdsRequired) {
  DeleteRecurringTokenRequest request;
  EXPECT_EQ(Fields(ValidateDeleteRecurringToken(request)),
            (Strings{"customer_reference", "token"}));
  request.set_customer_reference("customer-42");
  request.set_token("QZTCh7jdk8");
  EXPECT_TRUE(ValidateDeleteRecurringToken(request).ok());
  request.set_token(std::string(51, 't'));
  EXPECT_EQ(Fields(ValidateDeleteRecurringToken(request)), (Strings{"token"}));
}

TEST(TranslateDeleteRecurringTokenTest, DeleteWithBothIdsEncoded) {
  DeleteRecurringTokenRequest request;
  request.set_customer_reference("customer 42");
  request.set_token("a/b");
  absl::StatusOr<MspRequest> call = TranslateDeleteRecurringToken(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kDeleteRecurringToken);
  EXPECT_EQ(MspOperationInfoOf(call->operation).method, "DELETE");
  EXPECT_TRUE(MspOperationInfoOf(call->operation).changes_state);
  EXPECT_EQ(call->path, "/recurring/customer%2042/remove/a%2Fb");
  EXPECT_EQ(call->body, "");
  // An empty ID can never be sent (the validator stops it first).
  request.clear_token();
  EXPECT_EQ(TranslateDeleteRecurringToken(request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(MapDeleteRecurringTokenResultTest, RemovedOrEmptyIsDone) {
  DeleteRecurringTokenRequest request;
  EXPECT_TRUE(MapDeleteRecurringTokenResult(
                  request, ReplyFromData(R"({"removed": true})"))
                  .ok());
  EXPECT_TRUE(MapDeleteRecurringTokenResult(request, ReplyFromData("{}")).ok());
  testing::ExpectInvalidResponse(
      MapDeleteRecurringTokenResult(request,
                                    ReplyFromData(R"({"removed": false})"))
          .status(),
      "DELETE /recurring/{customer_reference}/remove/{token}");
}

TEST(RecurringTokenSpecsTest, AreTheUnitsOwn) {
  testing::ExpectSpecOf(kListRecurringTokensSpec, "ListRecurringTokens",
                        ValidateListRecurringTokens,
                        TranslateListRecurringTokens,
                        MapListRecurringTokensResult);
  testing::ExpectSpecOf(kDeleteRecurringTokenSpec, "DeleteRecurringToken",
                        ValidateDeleteRecurringToken,
                        TranslateDeleteRecurringToken,
                        MapDeleteRecurringTokenResult);
}

}  // namespace
}  // namespace msp_gateway
