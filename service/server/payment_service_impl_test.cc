// Copyright 2026 The msp-gateway Authors.
//
// The registration of the specs, over a real socket: every method of
// payments.v1.PaymentService reaches its own spec (an empty request is
// answered by that RPC's validator, or by its mapping), none is left
// UNIMPLEMENTED. What the runner does with a call is rpc_edge_test.cc's.

#include "service/server/payment_service_impl.h"

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "service/upstream/fake_http_transport.h"
#include "tests/harness/rpc_error.h"

namespace msp_gateway {
namespace {

using payments::v1::PaymentService;

// The BadRequest field paths of `status`.
std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  return testing::DecodeRpcError(status).fields;
}

class PaymentServiceImplTest : public ::testing::Test {
 protected:
  PaymentServiceImplTest()
      : msp_(fake_),
        pool_(1, 4),
        idempotency_(IdempotencyCache::Options{}),
        logger_(log_),
        metrics_("test"),
        service_(msp_, pool_, idempotency_, logger_, metrics_) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    EXPECT_NE(port, 0);
    stub_ = PaymentService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }
  ~PaymentServiceImplTest() override { server_->Shutdown(); }

  FakeHttpTransport fake_;
  MspClient msp_;
  WorkerPool pool_;
  IdempotencyCache idempotency_;
  std::ostringstream log_;
  RpcLogger logger_;
  GatewayMetrics metrics_;
  PaymentServiceImpl service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<PaymentService::Stub> stub_;
};

TEST_F(PaymentServiceImplTest, EveryMethodReachesItsOwnSpec) {
  struct Answer {
    std::string method;
    grpc::Status status;
  };
  std::vector<Answer> answers;
  auto call = [&](const std::string& method, auto rpc) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    answers.push_back({method, rpc(&context)});
  };
  call("CreateOrder", [&](grpc::ClientContext* c) {
    payments::v1::CreateOrderResponse r;
    return stub_->CreateOrder(c, {}, &r);
  });
  call("GetOrder", [&](grpc::ClientContext* c) {
    payments::v1::GetOrderResponse r;
    return stub_->GetOrder(c, {}, &r);
  });
  call("UpdateOrder", [&](grpc::ClientContext* c) {
    payments::v1::UpdateOrderResponse r;
    return stub_->UpdateOrder(c, {}, &r);
  });
  call("CancelOrder", [&](grpc::ClientContext* c) {
    payments::v1::CancelOrderResponse r;
    return stub_->CancelOrder(c, {}, &r);
  });
  call("CaptureOrder", [&](grpc::ClientContext* c) {
    payments::v1::CaptureOrderResponse r;
    return stub_->CaptureOrder(c, {}, &r);
  });
  call("RefundOrder", [&](grpc::ClientContext* c) {
    payments::v1::RefundOrderResponse r;
    return stub_->RefundOrder(c, {}, &r);
  });
  call("GetGateway", [&](grpc::ClientContext* c) {
    payments::v1::GetGatewayResponse r;
    return stub_->GetGateway(c, {}, &r);
  });
  // The only RPC whose empty request is valid: it reaches MultiSafepay.
  fake_.EnqueueJson(200, R"({"success":true,"data":[{"id":"IDEAL"}]})");
  payments::v1::ListGatewaysResponse listed;
  call("ListGateways", [&](grpc::ClientContext* c) {
    return stub_->ListGateways(c, {}, &listed);
  });

  for (const Answer& answer : answers) {
    if (answer.method == "ListGateways") {
      EXPECT_TRUE(answer.status.ok()) << answer.status.error_message();
      continue;
    }
    EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << answer.method << ": " << answer.status.error_message();
    // Each validator names its own request type and the required field.
    EXPECT_EQ(
        answer.status.error_message().rfind(answer.method + " request", 0), 0u)
        << answer.method << ": " << answer.status.error_message();
    EXPECT_FALSE(ViolatedFields(answer.status).empty()) << answer.method;
  }
  ASSERT_EQ(listed.gateways_size(), 1);
  EXPECT_EQ(listed.gateways(0).id(), "IDEAL");
  ASSERT_EQ(fake_.calls().size(), 1u);
  EXPECT_EQ(fake_.calls()[0].request.path, "/gateways");
  // Every method was counted under its own name.
  for (const Answer& answer : answers) {
    EXPECT_EQ(metrics_.rpc_requests().Value(
                  {answer.method,
                   answer.method == "ListGateways" ? "OK" : "INVALID_ARGUMENT",
                   "none"}),
              1u)
        << answer.method;
  }
}

// Waits up to 10 s for `done`, polling.
template <typename Predicate>
bool Eventually(Predicate done) {
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (!done()) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return true;
}

// With an asynchronous transport, a read whose caller cancels is abandoned
// upstream at once (it would otherwise hold its in-flight slot until
// MultiSafepay answers); a write runs to its answer, which the idempotency
// entry keeps for the caller's retry.
TEST_F(PaymentServiceImplTest, ACancelledReadIsAbandonedUpstreamAWriteIsNot) {
  fake_.set_async(true);  // calls park until completed or cancelled
  payments::v1::CreateOrderRequest create;
  create.set_order_id("o-write");
  create.set_currency("EUR");
  create.set_amount(100);
  create.set_description("Tea");
  payments::v1::CreateOrderResponse created;
  grpc::ClientContext write_context;
  absl::Notification write_done;
  stub_->async()->CreateOrder(&write_context, &create, &created,
                              [&](grpc::Status) { write_done.Notify(); });
  ASSERT_TRUE(Eventually([&] { return fake_.parked() == 1; }));

  payments::v1::GetOrderRequest get;
  get.set_order_id("o-read");
  payments::v1::GetOrderResponse got;
  grpc::ClientContext read_context;
  absl::Notification read_done;
  grpc::Status read_status;
  stub_->async()->GetOrder(&read_context, &get, &got, [&](grpc::Status s) {
    read_status = std::move(s);
    read_done.Notify();
  });
  ASSERT_TRUE(Eventually([&] { return fake_.parked() == 2; }));

  write_context.TryCancel();
  read_context.TryCancel();
  ASSERT_TRUE(write_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(read_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_EQ(read_status.error_code(), grpc::StatusCode::CANCELLED);
  // The server abandoned the read's upstream call; the write's is still
  // waiting for MultiSafepay.
  ASSERT_TRUE(Eventually([&] { return fake_.parked() == 1; }));
  EXPECT_TRUE(Eventually([&] {
    return metrics_.rpc_requests().Value({"GetOrder", "CANCELLED", "none"}) ==
           1;
  }));
  EXPECT_EQ(metrics_.rpc_requests().Value({"CreateOrder", "OK", "none"}), 0u);

  // MultiSafepay's answer to the write still completes it (and its entry).
  fake_.EnqueueJson(
      200,
      R"({"success":true,"data":{"order_id":"o-write","payment_url":"https://pay.example/w"}})");
  ASSERT_TRUE(fake_.CompleteOldest());
  EXPECT_EQ(metrics_.rpc_requests().Value({"CreateOrder", "OK", "none"}), 1u);
  EXPECT_EQ(fake_.parked(), 0u);
  EXPECT_EQ(fake_.calls().size(), 2u);
}

}  // namespace
}  // namespace msp_gateway
