// Copyright 2026 The msp-gateway Authors.
//
// A calling service's unit tests in its own Bazel workspace
// (tests/consumer/check.mjs copies this file there): the client library, the
// in-process FakePaymentServer and the gmock stub, all as @msp_gateway//...

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/call_error.h"
#include "client/payment_client.h"
#include "client/testing/fake_payment_server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "payments/v1/payment_service_mock.grpc.pb.h"

namespace {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::CreateOrderResponse;
using ::payments::v1::MockPaymentServiceStub;
using ::payments_client::CallError;
using ::payments_client::PaymentClient;
using ::payments_client::testing::FakePaymentServer;
using ::testing::_;
using ::testing::DoAll;
using ::testing::Property;
using ::testing::Return;
using ::testing::SetArgPointee;

CreateOrderRequest Bancontact() {
  CreateOrderRequest request;
  request.set_type(payments::v1::ORDER_TYPE_REDIRECT);
  request.set_gateway(payments::v1::GATEWAY_MISTERCASH);
  request.set_order_id("consumer-1");
  request.set_currency("EUR");
  request.set_amount(2500);
  request.set_description("Order 1234");
  return request;
}

TEST(ConsumerTest, CreateOrderOverTheFakeServer) {
  absl::StatusOr<std::unique_ptr<FakePaymentServer>> server =
      FakePaymentServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  CreateOrderResponse canned;
  canned.set_order_id("consumer-1");
  canned.set_payment_url("https://testpayv2.multisafepay.com/connect/x");
  (*server)->EnqueueResponse(canned);
  (*server)->EnqueueError(absl::InvalidArgumentError("amount must be > 0"));
  absl::StatusOr<std::unique_ptr<PaymentClient>> client =
      PaymentClient::Create((*server)->target());
  ASSERT_TRUE(client.ok()) << client.status();

  absl::StatusOr<CreateOrderResponse> response =
      (*client)->CreateOrder(Bancontact());
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->payment_url(), canned.payment_url());

  CallError error = CallError::FromStatus(
      (*client)->CreateOrder(Bancontact()).status());
  EXPECT_EQ(error.code, absl::StatusCode::kInvalidArgument);
}

TEST(ConsumerTest, CreateOrderOverTheMockStub) {
  auto stub = std::make_unique<MockPaymentServiceStub>();
  CreateOrderResponse canned;
  canned.set_order_id("consumer-1");
  EXPECT_CALL(*stub, CreateOrder(_, Property(&CreateOrderRequest::amount, 2500),
                                 _))
      .WillOnce(DoAll(SetArgPointee<2>(canned), Return(grpc::Status::OK)));
  std::unique_ptr<PaymentClient> client =
      PaymentClient::CreateForStub(std::move(stub));

  absl::StatusOr<CreateOrderResponse> response =
      client->CreateOrder(Bancontact());
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->order_id(), "consumer-1");
}

}  // namespace
