// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_operation.h"

#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

TEST(MspOperationTest, EveryOperationHasItsEndpointAndMethod) {
  for (MspOperation op :
       {MspOperation::kCreateOrder, MspOperation::kGetOrder,
        MspOperation::kUpdateOrder, MspOperation::kRefundOrder,
        MspOperation::kCaptureOrder, MspOperation::kListGateways,
        MspOperation::kGetGateway, MspOperation::kListPaymentMethods,
        MspOperation::kListRecurringTokens,
        MspOperation::kDeleteRecurringToken}) {
    const MspOperationInfo& info = MspOperationInfoOf(op);
    EXPECT_EQ(info.endpoint.substr(0, info.method.size() + 1),
              std::string(info.method) + " ")
        << info.endpoint;
    EXPECT_EQ(MspOperationEndpoint(op), info.endpoint);
    // Only reads may be sent late.
    EXPECT_EQ(info.changes_state, info.method != "GET") << info.endpoint;
  }
  EXPECT_EQ(MspOperationEndpoint(MspOperation::kRefundOrder),
            "POST /orders/{order_id}/refunds");
  EXPECT_EQ(MspOperationInfoOf(MspOperation::kGetOrder).numbers,
            JsonNumbers::kExactDecimals);
  EXPECT_EQ(MspOperationInfoOf(MspOperation::kListGateways).data,
            MspDataShape::kArray);
}

TEST(MspRequestForTest, PutsThePercentEncodedIdIntoThePath) {
  absl::StatusOr<MspRequest> refund =
      MspRequestFor(MspOperation::kRefundOrder, "a/b c", R"({"amount":1})");
  ASSERT_TRUE(refund.ok()) << refund.status();
  EXPECT_EQ(refund->operation, MspOperation::kRefundOrder);
  EXPECT_EQ(refund->path, "/orders/a%2Fb%20c/refunds");
  EXPECT_EQ(refund->body, R"({"amount":1})");

  absl::StatusOr<MspRequest> get =
      MspRequestFor(MspOperation::kGetOrder, "o-1");
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->path, "/orders/o-1");
  EXPECT_EQ(get->body, "");
}

TEST(MspRequestForTest, AppendsTheQuery) {
  absl::StatusOr<MspRequest> list =
      MspRequestFor(MspOperation::kListGateways, "", "", "country=NL&amount=5");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->path, "/gateways?country=NL&amount=5");
  list = MspRequestFor(MspOperation::kListGateways, "");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->path, "/gateways");
}

TEST(MspRequestForTest, RefusesWhatCannotBeSent) {
  absl::StatusOr<MspRequest> no_id = MspRequestFor(MspOperation::kGetOrder, "");
  EXPECT_EQ(no_id.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(no_id.status().message(), "order_id is empty");
  EXPECT_EQ(MspRequestFor(MspOperation::kGetGateway, "").status().message(),
            "gateway_id is empty");
  EXPECT_EQ(
      MspRequestFor(MspOperation::kCreateOrder, "", " \n").status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      MspRequestFor(MspOperation::kUpdateOrder, "o-1", "").status().message(),
      "JSON body is empty");
}

TEST(MspRequestForTest, FillsSeveralIdsInOrder) {
  absl::StatusOr<MspRequest> remove = MspRequestFor(
      MspOperation::kDeleteRecurringToken, {"customer 1", "tok/en"});
  ASSERT_TRUE(remove.ok()) << remove.status();
  EXPECT_EQ(remove->path, "/recurring/customer%201/remove/tok%2Fen");
  EXPECT_EQ(remove->body, "");  // A DELETE carries no body.
  EXPECT_EQ(MspRequestFor(MspOperation::kDeleteRecurringToken, {"customer-1"})
                .status()
                .message(),
            "token is missing");
  EXPECT_EQ(
      MspRequestFor(MspOperation::kDeleteRecurringToken, {"customer-1", ""})
          .status()
          .message(),
      "token is empty");
  EXPECT_EQ(
      MspRequestFor(MspOperation::kGetOrder, {"o-1", "o-2"}).status().code(),
      absl::StatusCode::kInvalidArgument);
  // The one-ID form is the same call.
  EXPECT_EQ(MspRequestFor(MspOperation::kListRecurringTokens, "c-1")->path,
            "/recurring/c-1");
}

}  // namespace
}  // namespace msp_gateway
