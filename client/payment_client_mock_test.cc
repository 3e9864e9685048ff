// Copyright 2026 The msp-gateway Authors.
//
// PaymentClient over the generated gmock stub, the way a calling service's
// unit test uses //client:payments_client_mock (no server, no socket).

#include <chrono>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "client/call_error.h"
#include "client/payment_client.h"
#include "client/testing/grpc_status.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service_mock.grpc.pb.h"

namespace payments_client {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::CreateOrderResponse;
using ::payments::v1::MockPaymentServiceStub;
using ::payments::v1::RefundOrderRequest;
using ::payments::v1::RefundOrderResponse;
using ::payments_client::testing::ToGrpcStatus;
using ::testing::_;
using ::testing::AllOf;
using ::testing::DoAll;
using ::testing::ElementsAre;
using ::testing::Invoke;
using ::testing::Property;
using ::testing::Return;
using ::testing::SetArgPointee;

CreateOrderResponse Canned() {
  CreateOrderResponse response;
  response.set_order_id("order-1");
  response.set_payment_url(
      "https://testpayv2.multisafepay.com/connect/"
      "82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv/?lang=nl_BE");
  return response;
}

TEST(PaymentClientMockTest, ReturnsWhatTheStubAnswers) {
  auto stub = std::make_unique<MockPaymentServiceStub>();
  EXPECT_CALL(
      *stub,
      CreateOrder(_, Property(&CreateOrderRequest::order_id, "order-1"), _))
      .WillOnce(DoAll(SetArgPointee<2>(Canned()), Return(grpc::Status::OK)));
  auto client = PaymentClient::CreateForStub(std::move(stub));
  CreateOrderRequest request;
  request.set_order_id("order-1");

  const absl::StatusOr<CreateOrderResponse> response =
      client->CreateOrder(request);

  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->payment_url(), Canned().payment_url());
}

TEST(PaymentClientMockTest, ErrorDetailsFromTheStubAreDecoded) {
  CallError invalid;
  invalid.code = absl::StatusCode::kInvalidArgument;
  invalid.message = "invalid order";
  invalid.field_violations = {{"amount", "must be > 0"}};
  auto stub = std::make_unique<MockPaymentServiceStub>();
  EXPECT_CALL(*stub, CreateOrder)
      .WillOnce(Return(ToGrpcStatus(invalid.ToStatus())));
  auto client = PaymentClient::CreateForStub(std::move(stub));

  const CallError error =
      CallError::FromStatus(client->CreateOrder(CreateOrderRequest()).status());

  EXPECT_EQ(error.code, absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(error.field_violations,
              ElementsAre(FieldViolation{"amount", "must be > 0"}));
}

TEST(PaymentClientMockTest, DeadlineIsSetOnTheContext) {
  ClientOptions options;
  options.default_deadline = absl::Seconds(3);
  auto stub = std::make_unique<MockPaymentServiceStub>();
  std::chrono::system_clock::time_point seen;
  EXPECT_CALL(*stub, CreateOrder)
      .WillOnce(
          Invoke([&seen](grpc::ClientContext* context,
                         const CreateOrderRequest&, CreateOrderResponse*) {
            seen = context->deadline();
            return grpc::Status::OK;
          }));
  auto client = PaymentClient::CreateForStub(std::move(stub), options);
  const auto start = std::chrono::system_clock::now();

  ASSERT_TRUE(client->CreateOrder(CreateOrderRequest()).ok());

  EXPECT_GT(seen, start + std::chrono::milliseconds(2900));
  EXPECT_LT(seen, start + std::chrono::milliseconds(3100));
}

TEST(PaymentClientMockTest, AsyncRunsTheStubInline) {
  auto stub = std::make_unique<MockPaymentServiceStub>();
  EXPECT_CALL(*stub, CreateOrder)
      .WillOnce(DoAll(SetArgPointee<2>(Canned()), Return(grpc::Status::OK)));
  auto client = PaymentClient::CreateForStub(std::move(stub));
  absl::optional<absl::StatusOr<CreateOrderResponse>> result;

  client->CreateOrderAsync(
      CreateOrderRequest(),
      [&result](absl::StatusOr<CreateOrderResponse> r) { result = r; });

  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->ok());
  EXPECT_EQ((*result)->order_id(), "order-1");
}

// A lifecycle method works the same way: here a partial refund, and the
// caller's reaction to a refund MultiSafepay refused.
TEST(PaymentClientMockTest, RefundOrderThroughTheStub) {
  RefundOrderResponse refunded;
  refunded.set_order_id("order-1");
  refunded.set_transaction_id(4051823);
  refunded.set_refund_id(4051827);
  CallError refused;
  refused.code = absl::StatusCode::kFailedPrecondition;
  refused.message = "MultiSafepay: cannot refund transaction";
  refused.error_info = ErrorInfo{"MSP_1034", "multisafepay.com", {}};
  auto stub = std::make_unique<MockPaymentServiceStub>();
  EXPECT_CALL(
      *stub,
      RefundOrder(_,
                  AllOf(Property(&RefundOrderRequest::order_id, "order-1"),
                        Property(&RefundOrderRequest::amount, 250)),
                  _))
      .WillOnce(DoAll(SetArgPointee<2>(refunded), Return(grpc::Status::OK)))
      .WillOnce(Return(ToGrpcStatus(refused.ToStatus())));
  auto client = PaymentClient::CreateForStub(std::move(stub));
  RefundOrderRequest request;
  request.set_order_id("order-1");
  request.set_currency("EUR");
  request.set_amount(250);

  const absl::StatusOr<RefundOrderResponse> first =
      client->RefundOrder(request);
  absl::optional<absl::StatusOr<RefundOrderResponse>> second;
  client->RefundOrderAsync(request,
                           [&second](absl::StatusOr<RefundOrderResponse> r) {
                             second = std::move(r);
                           });

  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->refund_id(), 4051827);
  ASSERT_TRUE(second.has_value());  // gmock stub: called back inline.
  const CallError error = CallError::FromStatus(second->status());
  EXPECT_EQ(error.code, absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(error.error_info.has_value());
  EXPECT_EQ(error.error_info->reason, "MSP_1034");
}

}  // namespace
}  // namespace payments_client
