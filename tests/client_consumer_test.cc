// Copyright 2026 The msp-gateway Authors.
//
// The client library as a calling service uses it: links only
// //client:payments_client and talks to the real msp-gateway server, which
// talks to the MultiSafepay emulator, all as separate processes on loopback
// (tests/harness). Also runs the //client/examples:checkout program.

#include <future>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/call_error.h"
#include "client/client_options.h"
#include "client/payment_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "tests/harness/gateway_stack.h"
#include "tests/harness/process_harness.h"

namespace {

using ::msp_gateway::harness::GatewayStack;
using ::msp_gateway::harness::ProcessOptions;
using ::msp_gateway::harness::RunfilePath;
using ::msp_gateway::harness::RunResult;
using ::msp_gateway::harness::RunToCompletion;
using ::payments::v1::CreateOrderRequest;
using ::payments::v1::CreateOrderResponse;
using ::payments_client::CallError;
using ::payments_client::CallOptions;
using ::payments_client::ClientOptions;
using ::payments_client::PaymentClient;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

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
  // MultiSafepay answers one 503: the gateway says UNAVAILABLE, the client
  // retries with the same order_id and the second attempt succeeds.
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
  EXPECT_EQ(*stack_->CountEmulatorRequests("POST", kOrdersPath), 2);
}

TEST_F(ClientConsumerTest, OneMillisecondDeadlineIsHonoured) {
  const absl::StatusOr<CreateOrderResponse> response =
      client_->CreateOrder(BancontactOrder(NewOrderId("consumer-1ms")),
                           CallOptions{absl::Milliseconds(1)});

  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded)
      << response.status();
}

TEST_F(ClientConsumerTest, DeadlineCutsASlowUpstreamShort) {
  ASSERT_TRUE(stack_
                  ->ArmEmulatorFault(absl::StrCat(R"({"path": ")", kOrdersPath,
                                                  R"(", "kind": "delay",)"
                                                  R"( "delay_ms": 3000})"))
                  .ok());
  const absl::Time start = absl::Now();

  const absl::StatusOr<CreateOrderResponse> response =
      client_->CreateOrder(BancontactOrder(NewOrderId("consumer-slow")),
                           CallOptions{absl::Milliseconds(300)});

  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded)
      << response.status();
  EXPECT_GE(elapsed, absl::Milliseconds(290));
  EXPECT_LT(elapsed, absl::Milliseconds(2000));
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
