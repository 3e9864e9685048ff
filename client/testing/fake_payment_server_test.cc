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

using ::payments::v1::CancelOrderRequest;
using ::payments::v1::CancelOrderResponse;
using ::payments::v1::CaptureOrderRequest;
using ::payments::v1::CreateOrderRequest;
using ::payments::v1::CreateOrderResponse;
using ::payments::v1::GetGatewayRequest;
using ::payments::v1::GetGatewayResponse;
using ::payments::v1::GetOrderRequest;
using ::payments::v1::GetOrderResponse;
using ::payments::v1::ListGatewaysRequest;
using ::payments::v1::ListGatewaysResponse;
using ::payments::v1::PaymentService;
using ::payments::v1::RefundOrderRequest;
using ::payments::v1::RefundOrderResponse;
using ::payments::v1::UpdateOrderRequest;
using ::payments::v1::WatchOrderEventsRequest;
using ::payments::v1::WatchOrderEventsResponse;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::MatchesRegex;
using ::testing::Pair;

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

TEST_F(FakePaymentServerTest, RecordsTheConnectionsAuthContext) {
  CreateOrderResponse response;
  ASSERT_TRUE(Call("a", &response).ok());

  // Plaintext here; payment_client_tls_test checks a client certificate's.
  EXPECT_THAT(server_->calls()[0].auth_properties,
              Contains(Pair("transport_security_type", "insecure")));
}

TEST(FakePaymentServerOptionsTest, MaxConnectionAgeClosesConnections) {
  FakePaymentServer::Options options;
  options.max_connection_age = absl::Milliseconds(100);
  auto server = FakePaymentServer::Start(std::move(options));
  ASSERT_TRUE(server.ok()) << server.status();
  std::shared_ptr<grpc::Channel> channel = grpc::CreateChannel(
      (*server)->target(), grpc::InsecureChannelCredentials());
  auto stub = PaymentService::NewStub(channel);
  grpc::ClientContext context;
  CreateOrderResponse response;
  ASSERT_TRUE(
      stub->CreateOrder(&context, CreateOrderRequest(), &response).ok());
  ASSERT_EQ(channel->GetState(/*try_to_connect=*/false), GRPC_CHANNEL_READY);

  // The server's GOAWAY takes the idle channel out of READY by itself.
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (channel->GetState(false) == GRPC_CHANNEL_READY &&
         absl::Now() < deadline) {
    channel->WaitForStateChange(
        GRPC_CHANNEL_READY,
        absl::ToChronoTime(absl::Now() + absl::Milliseconds(100)));
  }
  EXPECT_NE(channel->GetState(false), GRPC_CHANNEL_READY);
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

// The lifecycle RPCs, through the same stub.

grpc::ClientContext* WithDeadline(grpc::ClientContext& context,
                                  absl::Duration deadline = absl::Seconds(5)) {
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoNanoseconds(deadline));
  return &context;
}

TEST_F(FakePaymentServerTest, EachMethodHasItsOwnQueue) {
  server_->EnqueueError(kRefundOrder, absl::FailedPreconditionError("1034"));
  GetOrderResponse completed;
  completed.mutable_order()->set_order_id("o-1");
  completed.mutable_order()->set_status(payments::v1::ORDER_STATUS_COMPLETED);
  server_->EnqueueResponse(kGetOrder, completed);

  // CreateOrder is not affected by the other methods' queues.
  CreateOrderResponse created;
  ASSERT_TRUE(Call("o-1", &created).ok());
  EXPECT_EQ(created.order_id(), "o-1");

  grpc::ClientContext c1, c2, c3;
  RefundOrderRequest refund;
  refund.set_order_id("o-1");
  RefundOrderResponse refunded;
  EXPECT_EQ(
      stub_->RefundOrder(WithDeadline(c1), refund, &refunded).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  GetOrderRequest get;
  get.set_order_id("o-1");
  GetOrderResponse order;
  ASSERT_TRUE(stub_->GetOrder(WithDeadline(c2), get, &order).ok());
  EXPECT_EQ(order.order().status(), payments::v1::ORDER_STATUS_COMPLETED);
  // Queue used up: the default again.
  ASSERT_TRUE(stub_->GetOrder(WithDeadline(c3), get, &order).ok());
  EXPECT_EQ(order.order().status(), payments::v1::ORDER_STATUS_INITIALIZED);

  EXPECT_EQ(server_->call_count(), 1u);  // CreateOrder's.
  EXPECT_EQ(server_->call_count(kRefundOrder), 1u);
  EXPECT_EQ(server_->call_count(kGetOrder), 2u);
  EXPECT_EQ(server_->call_count(kCancelOrder), 0u);
  EXPECT_EQ(server_->total_call_count(), 4u);
}

TEST_F(FakePaymentServerTest, HandlerPerMethod) {
  server_->SetHandler(kGetGateway, [](const GetGatewayRequest& request) {
    if (request.gateway() == payments::v1::GATEWAY_IDEAL) {
      return Answer<GetGatewayResponse>::Error(absl::NotFoundError("MSP 1023"));
    }
    GetGatewayResponse response;
    response.mutable_gateway()->set_id("handler");
    return Answer<GetGatewayResponse>::Ok(response);
  });

  GetGatewayRequest request;
  request.set_gateway(payments::v1::GATEWAY_MISTERCASH);
  GetGatewayResponse response;
  grpc::ClientContext c1, c2, c3;
  ASSERT_TRUE(stub_->GetGateway(WithDeadline(c1), request, &response).ok());
  EXPECT_EQ(response.gateway().id(), "handler");
  request.set_gateway(payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(
      stub_->GetGateway(WithDeadline(c2), request, &response).error_code(),
      grpc::StatusCode::NOT_FOUND);

  server_->SetHandler(kGetGateway, nullptr);
  ASSERT_TRUE(stub_->GetGateway(WithDeadline(c3), request, &response).ok());
  EXPECT_EQ(response.gateway().id(), "IDEAL");
  // Other methods keep their default.
  CreateOrderResponse created;
  ASSERT_TRUE(Call("o-2", &created).ok());
  EXPECT_EQ(created.order_id(), "o-2");
}

TEST_F(FakePaymentServerTest, RecordsEachMethodsRequests) {
  RefundOrderRequest refund;
  refund.set_order_id("o-1");
  refund.set_currency("EUR");
  refund.set_amount(250);
  RefundOrderResponse refunded;
  grpc::ClientContext c1;
  ASSERT_TRUE(stub_->RefundOrder(WithDeadline(c1), refund, &refunded).ok());

  const std::vector<Recorded<RefundOrderRequest>> calls =
      server_->calls(kRefundOrder);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].request.SerializeAsString(), refund.SerializeAsString());
  EXPECT_EQ(calls[0].metadata.count("user-agent"), 1u);
  EXPECT_LT(calls[0].deadline, absl::Now() + absl::Seconds(6));
  EXPECT_EQ(server_->requests(kRefundOrder)[0].amount(), 250);
  EXPECT_TRUE(server_->requests().empty());  // No CreateOrder.

  server_->EnqueueError(kRefundOrder, absl::InternalError("x"));
  server_->Reset();
  EXPECT_EQ(server_->total_call_count(), 0u);
  grpc::ClientContext c2;
  EXPECT_TRUE(stub_->RefundOrder(WithDeadline(c2), refund, &refunded).ok());
}

TEST_F(FakePaymentServerTest, LifecycleDelayEndsWhenTheClientGivesUp) {
  server_->Enqueue(kCancelOrder, Answer<CancelOrderResponse>::Ok(
                                     CancelOrderResponse(), absl::Seconds(30)));
  CancelOrderRequest request;
  request.set_order_id("slow");
  CancelOrderResponse response;
  grpc::ClientContext context;

  EXPECT_EQ(stub_
                ->CancelOrder(WithDeadline(context, absl::Milliseconds(50)),
                              request, &response)
                .error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  ASSERT_TRUE(server_->WaitForCalls(kCancelOrder, 1, absl::Seconds(1)));
  for (int i = 0; i < 200 && !server_->calls(kCancelOrder)[0].cancelled; ++i) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_TRUE(server_->calls(kCancelOrder)[0].cancelled);
  EXPECT_FALSE(server_->WaitForCalls(kGetOrder, 1, absl::Milliseconds(10)));
}

TEST(FakePaymentServerDefaultsTest, LifecycleDefaultsAreMultiSafepayShaped) {
  GetOrderRequest get;
  get.set_order_id("o-1");
  const GetOrderResponse order = FakePaymentServer::DefaultResponse(get);
  EXPECT_EQ(order.order().order_id(), "o-1");
  EXPECT_EQ(order.order().status(), payments::v1::ORDER_STATUS_INITIALIZED);
  EXPECT_EQ(order.order().status_raw(), "initialized");
  EXPECT_GT(order.order().transaction_id(), 0);

  CaptureOrderRequest capture;
  capture.set_order_id("o-1");
  EXPECT_EQ(FakePaymentServer::DefaultResponse(capture).order_id(), "o-1");
  capture.set_new_order_id("o-1-capture");
  EXPECT_EQ(FakePaymentServer::DefaultResponse(capture).order_id(),
            "o-1-capture");

  RefundOrderRequest refund;
  refund.set_order_id("o-1");
  const RefundOrderResponse refunded =
      FakePaymentServer::DefaultResponse(refund);
  EXPECT_EQ(refunded.order_id(), "o-1");
  EXPECT_GT(refunded.refund_id(), 0);
  EXPECT_NE(refunded.refund_id(), refunded.transaction_id());
  EXPECT_EQ(FakePaymentServer::DefaultResponse(refund).SerializeAsString(),
            refunded.SerializeAsString());  // Deterministic.

  UpdateOrderRequest update;
  update.set_order_id("o-1");
  EXPECT_EQ(FakePaymentServer::DefaultResponse(update).order_id(), "o-1");
  CancelOrderRequest cancel;
  cancel.set_order_id("o-1");
  EXPECT_EQ(FakePaymentServer::DefaultResponse(cancel).order_id(), "o-1");

  const ListGatewaysResponse gateways =
      FakePaymentServer::DefaultResponse(ListGatewaysRequest());
  ASSERT_EQ(gateways.gateways_size(), 3);
  EXPECT_EQ(gateways.gateways(0).gateway(), payments::v1::GATEWAY_MISTERCASH);
  EXPECT_EQ(gateways.gateways(0).id(), "MISTERCASH");
  EXPECT_EQ(gateways.gateways(0).description(), "Bancontact");

  GetGatewayRequest gateway;
  gateway.set_gateway(payments::v1::GATEWAY_VISA);
  EXPECT_EQ(FakePaymentServer::DefaultResponse(gateway).gateway().id(), "VISA");
}

// WatchOrderEvents, the streaming RPC.

payments::v1::OrderEvent StreamEvent(const std::string& cursor) {
  payments::v1::OrderEvent event;
  event.set_cursor(cursor);
  event.set_order_id("o-" + cursor);
  return event;
}

// Reads a whole stream: the cursors received, then its status.
grpc::Status ReadStream(PaymentService::Stub& stub,
                        grpc::ClientContext& context,
                        const WatchOrderEventsRequest& request,
                        std::vector<std::string>& cursors) {
  auto reader = stub.WatchOrderEvents(&context, request);
  WatchOrderEventsResponse response;
  while (reader->Read(&response)) cursors.push_back(response.event().cursor());
  return reader->Finish();
}

TEST_F(FakePaymentServerTest, StreamSendsItsEventsThenEndsWithItsStatus) {
  CallError expired;
  expired.code = absl::StatusCode::kOutOfRange;
  expired.message = "cursor expired";
  expired.error_info =
      ErrorInfo{"CURSOR_EXPIRED", "msp-gateway", {{"oldest_cursor", "100"}}};
  server_->EnqueueStream(StreamAnswer::Ending(
      {StreamEvent("1"), StreamEvent("2")}, expired.ToStatus()));

  grpc::ClientContext context;
  WatchOrderEventsRequest request;
  request.set_after_cursor("0");
  request.add_order_ids("o-1");
  std::vector<std::string> cursors;
  const grpc::Status status =
      ReadStream(*stub_, *WithDeadline(context), request, cursors);

  EXPECT_THAT(cursors, ElementsAre("1", "2"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_EQ(status.error_details(),
            ToGrpcStatus(expired.ToStatus()).error_details());
  ASSERT_EQ(server_->call_count(kWatchOrderEvents), 1u);
  const WatchOrderEventsRequest seen = server_->requests(kWatchOrderEvents)[0];
  EXPECT_EQ(seen.after_cursor(), "0");
  EXPECT_THAT(seen.order_ids(), ElementsAre("o-1"));
}

TEST_F(FakePaymentServerTest, OpenStreamFollowsPublishedEventsUntilCancelled) {
  server_->EnqueueStream(StreamAnswer::Open({StreamEvent("1")}));
  EXPECT_EQ(server_->PublishEvent(StreamEvent("0")), 0u);  // No stream yet.

  grpc::ClientContext context;
  auto reader =
      stub_->WatchOrderEvents(WithDeadline(context), WatchOrderEventsRequest());
  WatchOrderEventsResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.event().cursor(), "1");
  EXPECT_EQ(server_->PublishEvent(StreamEvent("2")), 1u);
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.event().cursor(), "2");

  context.TryCancel();
  EXPECT_FALSE(reader->Read(&response));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  for (int i = 0; i < 200 && !server_->calls(kWatchOrderEvents)[0].cancelled;
       ++i) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_TRUE(server_->calls(kWatchOrderEvents)[0].cancelled);
  // The ended stream no longer follows.
  for (int i = 0; i < 200 && server_->PublishEvent(StreamEvent("3")) != 0;
       ++i) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_EQ(server_->PublishEvent(StreamEvent("4")), 0u);
}

TEST_F(FakePaymentServerTest, UnscriptedStreamStaysOpenUntilShutdown) {
  std::vector<std::string> cursors;
  grpc::Status status;
  std::thread reader([this, &cursors, &status] {
    grpc::ClientContext context;
    status = ReadStream(*stub_, *WithDeadline(context, absl::Seconds(30)),
                        WatchOrderEventsRequest(), cursors);
  });
  ASSERT_TRUE(server_->WaitForCalls(kWatchOrderEvents, 1, absl::Seconds(5)));
  server_->PublishEvent(StreamEvent("7"));
  const absl::Time start = absl::Now();

  server_->Shutdown();
  reader.join();

  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_THAT(cursors, ElementsAre("7"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
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

}  // namespace
}  // namespace testing
}  // namespace payments_client
