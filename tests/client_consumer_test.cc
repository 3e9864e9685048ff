// Copyright 2026 The msp-gateway Authors.
//
// The client library as a calling service uses it: links only
// //client:payments_client and talks to the real msp-gateway server, which
// talks to the MultiSafepay emulator, all as separate processes on loopback
// (tests/harness): CreateOrder and the lifecycle RPCs (read, refund, cancel,
// ship, gateways), including which of them the client retries when
// MultiSafepay fails. Also runs the //client/examples:checkout program.
// Where only the server's side can tell whether it behaved (a deadline), the
// test-only raw-socket fake MultiSafepay stands in for the emulator.

#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/call_error.h"
#include "client/client_options.h"
#include "client/payment_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/upstream/raw_socket_server.h"
#include "tests/harness/gateway_stack.h"
#include "tests/harness/process_harness.h"

namespace {

using ::msp_gateway::harness::ChildProcess;
using ::msp_gateway::harness::GatewayStack;
using ::msp_gateway::harness::MakeTempDir;
using ::msp_gateway::harness::ProcessOptions;
using ::msp_gateway::harness::RunfilePath;
using ::msp_gateway::harness::RunResult;
using ::msp_gateway::harness::RunToCompletion;
using ::payments::v1::CancelOrderRequest;
using ::payments::v1::CancelOrderResponse;
using ::payments::v1::CreateOrderRequest;
using ::payments::v1::CreateOrderResponse;
using ::payments::v1::GetGatewayRequest;
using ::payments::v1::GetGatewayResponse;
using ::payments::v1::GetOrderRequest;
using ::payments::v1::GetOrderResponse;
using ::payments::v1::ListGatewaysRequest;
using ::payments::v1::ListGatewaysResponse;
using ::payments::v1::RefundOrderRequest;
using ::payments::v1::RefundOrderResponse;
using ::payments::v1::UpdateOrderRequest;
using ::payments::v1::UpdateOrderResponse;
using ::payments_client::CallError;
using ::payments_client::CallOptions;
using ::payments_client::ClientOptions;
using ::payments_client::PaymentClient;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

constexpr char kPaymentUrlRegex[] =
    "^https://testpayv2\\.multisafepay\\.com/connect/[A-Za-z0-9]{35}/"
    "\\?lang=nl_BE$";
constexpr char kOrdersPath[] = "/v1/json/orders";

// A unique order_id per call, so tests never meet each other's orders.
std::string NewOrderId(const std::string& prefix) {
  static int counter = 0;
  return absl::StrCat(prefix, "-", absl::ToUnixMicros(absl::Now()), "-",
                      ++counter);
}

CreateOrderRequest BancontactOrder(const std::string& order_id) {
  CreateOrderRequest request;
  request.set_type(payments::v1::ORDER_TYPE_REDIRECT);
  request.set_gateway(payments::v1::GATEWAY_MISTERCASH);
  request.set_order_id(order_id);
  request.set_currency("EUR");
  request.set_amount(1000);
  request.set_description("Consumer test order");
  request.mutable_customer()->set_locale("nl_BE");
  request.mutable_customer()->set_country("BE");
  return request;
}

ClientOptions ConsumerOptions() {
  ClientOptions options;
  options.user_agent = "client-consumer-test/1.0";
  return options;
}

std::unique_ptr<PaymentClient> NewClient(
    const std::string& target,
    const ClientOptions& options = ConsumerOptions()) {
  absl::StatusOr<std::unique_ptr<PaymentClient>> client =
      PaymentClient::Create(target, options);
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? *std::move(client) : nullptr;
}

// One emulator + server for the whole suite (starting them takes ~1 s).
class ClientConsumerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<GatewayStack>> stack = GatewayStack::Start();
    if (!stack.ok()) {
      start_error_ = new absl::Status(stack.status());
      return;
    }
    stack_ = stack->release();
  }

  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
    delete start_error_;
    start_error_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(stack_, nullptr)
        << "cannot start server + emulator: " << *start_error_;
    ASSERT_TRUE(stack_->ClearEmulatorFaults().ok());
    ASSERT_TRUE(stack_->ClearEmulatorRequests().ok());
    client_ = NewClient(stack_->grpc_target());
    ASSERT_NE(client_, nullptr);
  }

  void TearDown() override {
    if (stack_ != nullptr) stack_->ClearEmulatorFaults().IgnoreError();
  }

  static GatewayStack* stack_;
  static absl::Status* start_error_;
  std::unique_ptr<PaymentClient> client_;
};

GatewayStack* ClientConsumerTest::stack_ = nullptr;
absl::Status* ClientConsumerTest::start_error_ = nullptr;

TEST_F(ClientConsumerTest, CreatesABancontactOrder) {
  const std::string order_id = NewOrderId("consumer-ok");

  const absl::StatusOr<CreateOrderResponse> response =
      client_->CreateOrder(BancontactOrder(order_id));

  ASSERT_TRUE(response.ok())
      << CallError::FromStatus(response.status()).ToString();
  EXPECT_EQ(response->order_id(), order_id);
  EXPECT_THAT(response->payment_url(), MatchesRegex(kPaymentUrlRegex));
}

TEST_F(ClientConsumerTest, CreatesAnOrderAsynchronously) {
  std::promise<absl::StatusOr<CreateOrderResponse>> promise;

  client_->CreateOrderAsync(
      BancontactOrder(NewOrderId("consumer-async")),
      [&promise](absl::StatusOr<CreateOrderResponse> result) {
        promise.set_value(std::move(result));
      });
  const absl::StatusOr<CreateOrderResponse> response =
      promise.get_future().get();

  ASSERT_TRUE(response.ok())
      << CallError::FromStatus(response.status()).ToString();
  EXPECT_THAT(response->payment_url(), MatchesRegex(kPaymentUrlRegex));
}

TEST_F(ClientConsumerTest, SameOrderIdGivesTheSameOrder) {
  // Why retrying CreateOrder is safe: order_id is the idempotency key.
  const CreateOrderRequest request =
      BancontactOrder(NewOrderId("consumer-idem"));

  const absl::StatusOr<CreateOrderResponse> first =
      client_->CreateOrder(request);
  const absl::StatusOr<CreateOrderResponse> second =
      client_->CreateOrder(request);

  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(first->payment_url(), second->payment_url());
}

TEST_F(ClientConsumerTest, FieldViolationsAreDecoded) {
  CreateOrderRequest request = BancontactOrder("");
  request.set_amount(-5);

  const absl::StatusOr<CreateOrderResponse> response =
      client_->CreateOrder(request);

  ASSERT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument)
      << response.status();
  const CallError error = CallError::FromStatus(response.status());
  EXPECT_EQ(error.code, absl::StatusCode::kInvalidArgument);
  ASSERT_NE(error.FindViolation("order_id"), nullptr) << error.ToString();
  ASSERT_NE(error.FindViolation("amount"), nullptr) << error.ToString();
  EXPECT_FALSE(error.FindViolation("order_id")->description.empty());
  EXPECT_FALSE(error.FindViolation("amount")->description.empty());
  // Nothing reached MultiSafepay.
  EXPECT_EQ(*stack_->CountEmulatorRequests("POST", kOrdersPath), 0);
}

TEST_F(ClientConsumerTest, UpstreamHiccupIsRetriedTransparently) {
  // MultiSafepay answers one 503: the gateway looks the order up, finds
  // nothing and sends it again, so the caller sees one successful call.
  ASSERT_TRUE(stack_
                  ->ArmEmulatorFault(absl::StrCat(R"({"path": ")", kOrdersPath,
                                                  R"(", "kind": "html_503",)"
                                                  R"( "times": 1})"))
                  .ok());

  const absl::StatusOr<CreateOrderResponse> response =
      client_->CreateOrder(BancontactOrder(NewOrderId("consumer-retry")));

  ASSERT_TRUE(response.ok())
      << CallError::FromStatus(response.status()).ToString();
  EXPECT_THAT(response->payment_url(), MatchesRegex(kPaymentUrlRegex));
  EXPECT_EQ(*stack_->CountEmulatorRequests("POST", kOrdersPath), 2);
}

TEST_F(ClientConsumerTest, UpstreamOutageSurfacesWithErrorInfoAndRetryInfo) {
  ASSERT_TRUE(stack_
                  ->ArmEmulatorFault(absl::StrCat(R"({"path": ")", kOrdersPath,
                                                  R"(", "kind": "html_503",)"
                                                  R"( "times": -1})"))
                  .ok());
  ClientOptions options = ConsumerOptions();
  options.max_attempts = 2;
  auto client = NewClient(stack_->grpc_target(), options);

  const absl::StatusOr<CreateOrderResponse> response =
      client->CreateOrder(BancontactOrder(NewOrderId("consumer-outage")));

  const CallError error = CallError::FromStatus(response.status());
  EXPECT_EQ(error.code, absl::StatusCode::kUnavailable) << error.ToString();
  ASSERT_TRUE(error.error_info.has_value()) << error.ToString();
  EXPECT_EQ(error.error_info->domain,
            payments_client::kMultiSafepayErrorDomain);
  EXPECT_FALSE(error.error_info->reason.empty());
  EXPECT_TRUE(error.retry_delay.has_value()) << error.ToString();
  // Each of the 2 attempts: a POST (503), a lookup showing no order, one
  // more POST (503), a lookup again; then the gateway gives up and answers.
  EXPECT_EQ(*stack_->CountEmulatorRequests("POST", kOrdersPath), 4);
}

TEST_F(ClientConsumerTest, OneMillisecondDeadlineIsHonoured) {
  // Connected first, so the call is not merely lost in connection set-up
  // but reaches a gateway that must not send it on.
  ASSERT_TRUE(client_->WaitForConnected(absl::Seconds(10)));
  const std::string order_id = NewOrderId("consumer-1ms");
  const absl::StatusOr<CreateOrderResponse> response = client_->CreateOrder(
      BancontactOrder(order_id), CallOptions{absl::Milliseconds(1)});

  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded)
      << response.status();
  // The caller is gone: nothing may reach MultiSafepay for it, then or
  // later (a worker picking the call up would have done so within this).
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(*stack_->CountEmulatorRequests("POST", kOrdersPath), 0);
  // Nor was an order made behind the caller's back.
  GetOrderRequest get;
  get.set_order_id(order_id);
  const absl::StatusOr<GetOrderResponse> got = client_->GetOrder(get);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound) << got.status();
}

// A MultiSafepay that reads the request and never answers, recording when
// the gateway hung up.
class SilentMultiSafepay {
 public:
  SilentMultiSafepay()
      : server_([this](msp_gateway::RawConnection& connection) {
          std::string request = connection.ReadRequest(absl::Seconds(10));
          const absl::Time read_at = absl::Now();
          // Longer than any deadline below, far shorter than the server's
          // 30 s --msp_read_timeout default.
          const bool closed = connection.WaitForClientClose(absl::Seconds(15));
          absl::MutexLock lock(&mu_);
          request_ = std::move(request);
          read_at_ = read_at;
          closed_ = closed;
          closed_at_ = absl::Now();
          done_ = true;
        }) {}

  bool Start() { return server_.Start(); }
  std::string base_url() const { return server_.base_url(); }
  size_t connections() const { return server_.connections_accepted(); }

  // Waits for the first connection to end; false after `timeout`.
  bool WaitDone(absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithTimeout(absl::Condition(&done_), timeout);
  }
  std::string request() {
    absl::MutexLock lock(&mu_);
    return request_;
  }
  bool closed() {
    absl::MutexLock lock(&mu_);
    return closed_;
  }
  absl::Time closed_at() {
    absl::MutexLock lock(&mu_);
    return closed_at_;
  }

 private:
  absl::Mutex mu_;
  std::string request_ ABSL_GUARDED_BY(mu_);
  absl::Time read_at_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time closed_at_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  msp_gateway::RawSocketServer server_;  // Last: its thread uses the above.
};

TEST_F(ClientConsumerTest, DeadlineCutsASlowUpstreamShort) {
  // The real server process, pointed at a MultiSafepay that never answers,
  // so what the gateway did with the upstream call is observable: the
  // client's own timer ends the call at its deadline whatever the server
  // does.
  SilentMultiSafepay msp;
  ASSERT_TRUE(msp.Start());
  ProcessOptions options;
  options.binary = RunfilePath("service/server/msp_gateway_server");
  absl::StatusOr<std::string> data_dir = MakeTempDir("gateway-data");
  ASSERT_TRUE(data_dir.ok()) << data_dir.status();
  options.args = {"--grpc_host=127.0.0.1", "--grpc_port=0", "--plaintext",
                  "--admin_port=0", "--data_dir=" + *data_dir};
  options.env = {{"MSP_BASE_URL", msp.base_url()}};
  absl::StatusOr<std::unique_ptr<ChildProcess>> server =
      ChildProcess::StartWithPortFile(options);
  ASSERT_TRUE(server.ok()) << server.status();
  std::unique_ptr<PaymentClient> client =
      NewClient(absl::StrCat("127.0.0.1:", (*server)->port()));
  ASSERT_NE(client, nullptr);
  const absl::Time start = absl::Now();

  // 2.5 s is above the server's default --min_upstream_budget (2 s), so the
  // call is sent and then cut short by the deadline.
  const absl::StatusOr<CreateOrderResponse> response =
      client->CreateOrder(BancontactOrder(NewOrderId("consumer-slow")),
                          CallOptions{absl::Milliseconds(2500)});

  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded)
      << response.status();
  EXPECT_GE(elapsed, absl::Milliseconds(2490));
  EXPECT_LT(elapsed, absl::Milliseconds(3500));
  // The server side: the order reached MultiSafepay once (not retried), and
  // the gateway hung up on it when the caller's deadline passed, instead of
  // waiting out its 30 s read timeout.
  ASSERT_TRUE(msp.WaitDone(absl::Seconds(20)));
  EXPECT_THAT(msp.request(), StartsWith("POST /v1/json/orders "));
  ASSERT_TRUE(msp.closed()) << "the gateway kept the upstream call open 15 s";
  EXPECT_LT(msp.closed_at() - start, absl::Seconds(4))
      << "closed " << (msp.closed_at() - start) << " after the call started";
  EXPECT_EQ(msp.connections(), 1u);
}

TEST_F(ClientConsumerTest, CheckoutExamplePrintsThePaymentUrl) {
  ProcessOptions options;
  options.binary = RunfilePath("client/examples/checkout");
  options.args = {absl::StrCat("--target=", stack_->grpc_target())};

  const absl::StatusOr<RunResult> result =
      RunToCompletion(options, absl::Seconds(30));

  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->exit_code, 0) << result->stderr_text;
  const size_t at = result->stdout_text.find("payment_url: ");
  ASSERT_NE(at, std::string::npos) << result->stdout_text;
  std::string url = result->stdout_text.substr(at + 13);
  url = url.substr(0, url.find('\n'));
  EXPECT_THAT(url, MatchesRegex(kPaymentUrlRegex));
}

TEST_F(ClientConsumerTest, CheckoutExamplePrintsDecodedErrors) {
  ProcessOptions options;
  options.binary = RunfilePath("client/examples/checkout");
  options.args = {absl::StrCat("--target=", stack_->grpc_target()),
                  "--amount=-5"};

  const absl::StatusOr<RunResult> result =
      RunToCompletion(options, absl::Seconds(30));

  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 1);
  EXPECT_THAT(result->stderr_text, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(result->stderr_text, HasSubstr("invalid amount:"));
}

// Lifecycle RPCs (GetOrder ... GetGateway) against the real server and
// emulator: paid orders are made with the emulator's control surface.

std::string RefundsPath(const std::string& order_id) {
  return absl::StrCat(kOrdersPath, "/", order_id, "/refunds");
}

GetOrderRequest GetOrderOf(const std::string& order_id) {
  GetOrderRequest request;
  request.set_order_id(order_id);
  return request;
}

RefundOrderRequest PartialRefund(const std::string& order_id, int64_t amount) {
  RefundOrderRequest request;
  request.set_order_id(order_id);
  request.set_currency("EUR");
  request.set_amount(amount);
  request.set_description("Consumer test refund");
  return request;
}

class ClientLifecycleTest : public ClientConsumerTest {
 protected:
  // A 10.00 EUR Bancontact order the customer has paid.
  void CreatePaidOrder(const std::string& order_id) {
    const absl::StatusOr<CreateOrderResponse> created =
        client_->CreateOrder(BancontactOrder(order_id));
    ASSERT_TRUE(created.ok())
        << CallError::FromStatus(created.status()).ToString();
    ASSERT_TRUE(stack_->SetEmulatorOrderStatus(order_id, "completed").ok());
  }
};

TEST_F(ClientLifecycleTest, PaidOrderIsRefundedPartly) {
  const std::string order_id = NewOrderId("consumer-refund");
  CreatePaidOrder(order_id);
  if (HasFatalFailure()) return;

  const absl::StatusOr<GetOrderResponse> paid =
      client_->GetOrder(GetOrderOf(order_id));
  ASSERT_TRUE(paid.ok()) << CallError::FromStatus(paid.status()).ToString();
  EXPECT_EQ(paid->order().order_id(), order_id);
  EXPECT_EQ(paid->order().status(), payments::v1::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(paid->order().status_raw(), "completed");
  EXPECT_EQ(paid->order().currency(), "EUR");
  EXPECT_EQ(paid->order().amount(), 1000);
  EXPECT_EQ(paid->order().amount_refunded(), 0);

  const absl::StatusOr<RefundOrderResponse> refund =
      client_->RefundOrder(PartialRefund(order_id, 250));
  ASSERT_TRUE(refund.ok()) << CallError::FromStatus(refund.status()).ToString();
  EXPECT_GT(refund->refund_id(), 0);
  EXPECT_GT(refund->transaction_id(), 0);
  EXPECT_EQ(*stack_->CountEmulatorRequests("POST", RefundsPath(order_id)), 1);

  const absl::StatusOr<GetOrderResponse> refunded =
      client_->GetOrder(GetOrderOf(order_id));
  ASSERT_TRUE(refunded.ok())
      << CallError::FromStatus(refunded.status()).ToString();
  EXPECT_EQ(refunded->order().amount_refunded(), 250);
  EXPECT_EQ(refunded->order().status(),
            payments::v1::ORDER_STATUS_PARTIAL_REFUNDED);
  bool listed = false;
  for (const auto& t : refunded->order().related_transactions()) {
    if (t.type() == "refund" && t.amount() == 250) listed = true;
  }
  EXPECT_TRUE(listed) << refunded->order().DebugString();
}

TEST_F(ClientLifecycleTest, RefundWhoseAnswerIsLostHappensOnce) {
  // MultiSafepay performs the refund, then the answer is lost (an HTML 503
  // in its place). The client gave the call one request_id, the same on
  // every attempt (issue 11), so the gateway settles the lost answer from
  // the order (the refund whose description carries that request_id)
  // instead of refunding again: the caller gets the refund, and
  // MultiSafepay saw one refund.
  const std::string order_id = NewOrderId("consumer-refund-lost");
  CreatePaidOrder(order_id);
  if (HasFatalFailure()) return;
  ASSERT_TRUE(
      stack_
          ->ArmEmulatorFault(absl::StrCat(
              R"({"path": ")", RefundsPath(order_id),
              R"(", "kind": "html_503", "times": 1, "process_request": true})"))
          .ok());

  const absl::StatusOr<RefundOrderResponse> refund =
      client_->RefundOrder(PartialRefund(order_id, 300));

  ASSERT_TRUE(refund.ok()) << CallError::FromStatus(refund.status()).ToString();
  EXPECT_EQ(*stack_->CountEmulatorRequests("POST", RefundsPath(order_id)), 1);
  const absl::StatusOr<GetOrderResponse> order =
      client_->GetOrder(GetOrderOf(order_id));
  ASSERT_TRUE(order.ok()) << CallError::FromStatus(order.status()).ToString();
  EXPECT_EQ(order->order().amount_refunded(), 300);
  ASSERT_EQ(order->order().related_transactions_size(), 1);
  EXPECT_EQ(order->order().related_transactions(0).transaction_id(),
            refund->transaction_id());
  EXPECT_NE(
      order->order().related_transactions(0).description().find("[request_id:"),
      std::string::npos);
}

TEST_F(ClientLifecycleTest, ReadIsRetriedTransparently) {
  const std::string order_id = NewOrderId("consumer-read-retry");
  CreatePaidOrder(order_id);
  if (HasFatalFailure()) return;
  const std::string order_path = absl::StrCat(kOrdersPath, "/", order_id);
  ASSERT_TRUE(stack_
                  ->ArmEmulatorFault(
                      absl::StrCat(R"({"method": "GET", "path": ")", order_path,
                                   R"(", "kind": "html_503", "times": 1})"))
                  .ok());

  const absl::StatusOr<GetOrderResponse> order =
      client_->GetOrder(GetOrderOf(order_id));

  ASSERT_TRUE(order.ok()) << CallError::FromStatus(order.status()).ToString();
  EXPECT_EQ(order->order().status(), payments::v1::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(*stack_->CountEmulatorRequests("GET", order_path), 2);
}

TEST_F(ClientLifecycleTest, UnknownOrderIsNotFound) {
  const absl::StatusOr<GetOrderResponse> order =
      client_->GetOrder(GetOrderOf(NewOrderId("consumer-never-created")));

  const CallError error = CallError::FromStatus(order.status());
  EXPECT_EQ(error.code, absl::StatusCode::kNotFound) << error.ToString();
  ASSERT_TRUE(error.error_info.has_value()) << error.ToString();
  EXPECT_EQ(error.error_info->domain,
            payments_client::kMultiSafepayErrorDomain);
}

TEST_F(ClientLifecycleTest, UnpaidOrderIsCancelled) {
  const std::string order_id = NewOrderId("consumer-cancel");
  ASSERT_TRUE(client_->CreateOrder(BancontactOrder(order_id)).ok());
  CancelOrderRequest request;
  request.set_order_id(order_id);
  request.set_reason("customer left");

  const absl::StatusOr<CancelOrderResponse> cancelled =
      client_->CancelOrder(request);

  ASSERT_TRUE(cancelled.ok())
      << CallError::FromStatus(cancelled.status()).ToString();
  const absl::StatusOr<GetOrderResponse> order =
      client_->GetOrder(GetOrderOf(order_id));
  ASSERT_TRUE(order.ok()) << CallError::FromStatus(order.status()).ToString();
  EXPECT_EQ(order->order().status(), payments::v1::ORDER_STATUS_CANCELLED);
}

TEST_F(ClientLifecycleTest, PaidOrderIsShipped) {
  const std::string order_id = NewOrderId("consumer-ship");
  CreatePaidOrder(order_id);
  if (HasFatalFailure()) return;
  UpdateOrderRequest request;
  request.set_order_id(order_id);
  request.set_status(payments::v1::UPDATE_ORDER_STATUS_SHIPPED);
  request.set_tracktrace_code("3SABCD1234567");
  request.set_carrier("bpost");

  const absl::StatusOr<UpdateOrderResponse> updated =
      client_->UpdateOrder(request);

  ASSERT_TRUE(updated.ok())
      << CallError::FromStatus(updated.status()).ToString();
  const absl::StatusOr<GetOrderResponse> order =
      client_->GetOrder(GetOrderOf(order_id));
  ASSERT_TRUE(order.ok()) << CallError::FromStatus(order.status()).ToString();
  EXPECT_EQ(order->order().status(), payments::v1::ORDER_STATUS_SHIPPED);
}

TEST_F(ClientLifecycleTest, ListGatewaysOffersBancontactInBelgium) {
  ListGatewaysRequest request;
  request.set_country("BE");
  request.set_currency("EUR");
  request.set_amount(1000);

  const absl::StatusOr<ListGatewaysResponse> gateways =
      client_->ListGateways(request);

  ASSERT_TRUE(gateways.ok())
      << CallError::FromStatus(gateways.status()).ToString();
  bool bancontact = false;
  for (const auto& gateway : gateways->gateways()) {
    if (gateway.gateway() == payments::v1::GATEWAY_MISTERCASH) {
      bancontact = true;
      EXPECT_EQ(gateway.id(), "MISTERCASH");
    }
  }
  EXPECT_TRUE(bancontact) << gateways->DebugString();
}

TEST_F(ClientLifecycleTest, GetGatewayAsynchronously) {
  GetGatewayRequest request;
  request.set_gateway(payments::v1::GATEWAY_MISTERCASH);
  std::promise<absl::StatusOr<GetGatewayResponse>> promise;

  client_->GetGatewayAsync(
      request, [&promise](absl::StatusOr<GetGatewayResponse> result) {
        promise.set_value(std::move(result));
      });
  const absl::StatusOr<GetGatewayResponse> gateway = promise.get_future().get();

  ASSERT_TRUE(gateway.ok())
      << CallError::FromStatus(gateway.status()).ToString();
  EXPECT_EQ(gateway->gateway().gateway(), payments::v1::GATEWAY_MISTERCASH);
  EXPECT_EQ(gateway->gateway().id(), "MISTERCASH");
  EXPECT_EQ(gateway->gateway().description(), "Bancontact");
}

// Its own server: this test stops it.
TEST(ClientConsumerServerDownTest, UnavailableIsRetriedThenSurfaced) {
  absl::StatusOr<std::unique_ptr<GatewayStack>> stack = GatewayStack::Start();
  ASSERT_TRUE(stack.ok()) << stack.status();
  auto client = NewClient((*stack)->grpc_target());
  ASSERT_TRUE(
      client->CreateOrder(BancontactOrder(NewOrderId("consumer-before"))).ok());

  // The gateway goes away; nothing listens on its port any more.
  ASSERT_TRUE((*stack)->server().Stop().ok());
  const absl::Time start = absl::Now();
  const absl::StatusOr<CreateOrderResponse> response =
      client->CreateOrder(BancontactOrder(NewOrderId("consumer-down")));
  const absl::Duration elapsed = absl::Now() - start;

  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable)
      << response.status();
  // Four attempts with backoffs of ~0.1 s, ~0.2 s and ~0.4 s (+-20 % jitter)
  // between them: not before the retries, but well before the 10 s deadline.
  EXPECT_GE(elapsed, absl::Milliseconds(500));
  EXPECT_LT(elapsed, absl::Seconds(5));
}

}  // namespace
