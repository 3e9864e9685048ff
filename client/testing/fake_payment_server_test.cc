// Copyright 2026 The msp-gateway Authors.
//
// FakePaymentServer through a plain generated stub (no PaymentClient), so
// the fake's own behaviour is pinned down independently of the client.

#include "client/testing/fake_payment_server.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/call_error.h"
#include "client/testing/grpc_status.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.grpc.pb.h"

namespace payments_client {
namespace testing {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::CreateOrderResponse;
using ::payments::v1::PaymentService;
using ::testing::ElementsAre;
using ::testing::MatchesRegex;

class FakePaymentServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = FakePaymentServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = PaymentService::NewStub(grpc::CreateChannel(
        server_->target(), grpc::InsecureChannelCredentials()));
  }

  grpc::Status Call(const std::string& order_id, CreateOrderResponse* response,
                    absl::Duration deadline = absl::Seconds(5)) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         absl::ToChronoNanoseconds(deadline));
    CreateOrderRequest request;
    request.set_order_id(order_id);
    return stub_->CreateOrder(&context, request, response);
  }

  std::unique_ptr<FakePaymentServer> server_;
  std::unique_ptr<PaymentService::Stub> stub_;
};

TEST_F(FakePaymentServerTest, DefaultAnswerIsMultiSafepayShaped) {
  CreateOrderResponse response;
  ASSERT_TRUE(Call("order-1", &response).ok());

  EXPECT_EQ(response.order_id(), "order-1");
  EXPECT_THAT(response.payment_url(),
              MatchesRegex("https://testpayv2\\.multisafepay\\.com/connect/"
                           "[A-Za-z0-9]{35}/\\?lang=en_US"));
  EXPECT_EQ(response.session_id().size(), 35u);
}

TEST_F(FakePaymentServerTest, DefaultAnswerIsDeterministicPerOrderId) {
  CreateOrderRequest a;
  a.set_order_id("a");
  CreateOrderRequest b;
  b.set_order_id("b");
  EXPECT_EQ(FakePaymentServer::DefaultResponse(a).payment_url(),
            FakePaymentServer::DefaultResponse(a).payment_url());
  EXPECT_NE(FakePaymentServer::DefaultResponse(a).payment_url(),
            FakePaymentServer::DefaultResponse(b).payment_url());
}

TEST_F(FakePaymentServerTest, QueueIsUsedInOrderThenTheHandler) {
  CreateOrderResponse first;
  first.set_payment_url("https://example.test/1");
  server_->EnqueueResponse(first);
  server_->EnqueueError(absl::NotFoundError("gone"));
  server_->SetHandler([](const CreateOrderRequest& request) {
    CreateOrderResponse r;
    r.set_payment_url("handler:" + request.order_id());
    return FakeAnswer::Ok(r);
  });

  CreateOrderResponse response;
  ASSERT_TRUE(Call("x", &response).ok());
  EXPECT_EQ(response.payment_url(), "https://example.test/1");
  EXPECT_EQ(Call("y", &response).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Call("z", &response).ok());
  EXPECT_EQ(response.payment_url(), "handler:z");

  server_->SetHandler(nullptr);
  ASSERT_TRUE(Call("w", &response).ok());
  EXPECT_EQ(response.order_id(), "w");
}

TEST_F(FakePaymentServerTest, RecordsRequestsAndMetadata) {
  CreateOrderResponse response;
  ASSERT_TRUE(Call("a", &response).ok());
  ASSERT_TRUE(Call("b", &response).ok());

  std::vector<std::string> ids;
  for (const CreateOrderRequest& r : server_->requests()) {
    ids.push_back(r.order_id());
  }
  EXPECT_THAT(ids, ElementsAre("a", "b"));
  const std::vector<RecordedCall> calls = server_->calls();
  EXPECT_EQ(calls[0].metadata.count("user-agent"), 1u);
  EXPECT_LT(calls[0].deadline, absl::Now() + absl::Seconds(6));
  EXPECT_FALSE(calls[0].cancelled);

  server_->Reset();
  EXPECT_EQ(server_->call_count(), 0u);
}

TEST_F(FakePaymentServerTest, ErrorDetailsTravelAsGrpcErrorDetails) {
  CallError invalid;
  invalid.code = absl::StatusCode::kInvalidArgument;
  invalid.message = "invalid order";
  invalid.field_violations = {{"order_id", "required"}};
  server_->EnqueueError(invalid.ToStatus());

  CreateOrderResponse response;
  const grpc::Status status = Call("", &response);

  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "invalid order");
  EXPECT_EQ(status.error_details(),
            ToGrpcStatus(invalid.ToStatus()).error_details());
  EXPECT_FALSE(status.error_details().empty());
}

TEST_F(FakePaymentServerTest, DelayEndsWhenTheClientGivesUp) {
  server_->Enqueue(FakeAnswer::Ok(CreateOrderResponse(), absl::Seconds(30)));

  CreateOrderResponse response;
  EXPECT_EQ(Call("slow", &response, absl::Milliseconds(50)).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  for (int i = 0; i < 200 && !server_->calls()[0].cancelled; ++i) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_TRUE(server_->calls()[0].cancelled);
}

TEST_F(FakePaymentServerTest, WaitForCalls) {
  EXPECT_FALSE(server_->WaitForCalls(1, absl::Milliseconds(10)));
  std::thread caller([this] {
    CreateOrderResponse response;
    Call("t", &response).ok();
  });
  EXPECT_TRUE(server_->WaitForCalls(1, absl::Seconds(5)));
  caller.join();
}

TEST_F(FakePaymentServerTest, ShutdownCutsDelayedAnswersShortAndRefusesCalls) {
  server_->Enqueue(FakeAnswer::Ok(CreateOrderResponse(), absl::Seconds(30)));
  std::thread caller([this] {
    CreateOrderResponse response;
    EXPECT_FALSE(Call("pending", &response).ok());
  });
  ASSERT_TRUE(server_->WaitForCalls(1, absl::Seconds(5)));
  const absl::Time start = absl::Now();

  server_->Shutdown();
  caller.join();

  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  CreateOrderResponse response;
  EXPECT_EQ(Call("after", &response, absl::Seconds(1)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  server_->Shutdown();  // Idempotent.
}

TEST(GrpcStatusTest, SeparatePayloadsArePackedAsRpcStatus) {
  absl::Status status = absl::InvalidArgumentError("invalid");
  status.SetPayload("type.googleapis.com/google.rpc.ErrorInfo",
                    absl::Cord("\x0a\x03"
                               "ABC"));  // ErrorInfo{reason:"ABC"}

  const grpc::Status grpc_status = ToGrpcStatus(status);

  EXPECT_EQ(grpc_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  absl::Status round_trip = absl::InvalidArgumentError("invalid");
  round_trip.SetPayload(kRpcStatusTypeUrl,
                        absl::Cord(grpc_status.error_details()));
  const CallError error = CallError::FromStatus(round_trip);
  ASSERT_TRUE(error.error_info.has_value());
  EXPECT_EQ(error.error_info->reason, "ABC");
}

TEST(GrpcStatusTest, NoPayloadsNoDetails) {
  EXPECT_TRUE(ToGrpcStatus(absl::InternalError("x")).error_details().empty());
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace testing
}  // namespace payments_client
