// Copyright 2026 The msp-gateway Authors.
//
// PaymentClient against FakePaymentServer over a real loopback socket: the
// channel, service config (retries, load balancing), deadlines and error
// details as callers get them.

#include "client/payment_client.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "client/call_error.h"
#include "client/client_options.h"
#include "client/testing/fake_payment_server.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"

namespace payments_client {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::CreateOrderResponse;
using ::payments_client::testing::FakeAnswer;
using ::payments_client::testing::FakePaymentServer;
using ::payments_client::testing::RecordedCall;
using ::testing::ElementsAre;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

constexpr char kPaymentUrlRegex[] =
    "https://testpayv2\\.multisafepay\\.com/connect/[A-Za-z0-9]{35}/"
    "\\?lang=nl_BE";

CreateOrderRequest BancontactOrder(const std::string& order_id) {
  CreateOrderRequest request;
  request.set_type(payments::v1::ORDER_TYPE_REDIRECT);
  request.set_order_id(order_id);
  request.set_gateway(payments::v1::GATEWAY_MISTERCASH);
  request.set_currency("EUR");
  request.set_amount(1000);
  request.set_description("Order " + order_id);
  request.mutable_customer()->set_locale("nl_BE");
  request.mutable_customer()->set_country("BE");
  return request;
}

ClientOptions TestOptions() {
  ClientOptions options;
  options.user_agent = "checkout-test/1.0";
  return options;
}

CallError Unavailable() {
  CallError error;
  error.code = absl::StatusCode::kUnavailable;
  error.message = "MultiSafepay is unavailable";
  error.retry_delay = absl::Seconds(1);
  return error;
}

// A loopback TCP port that refuses connections: bound (so nobody else takes
// it) but not listening.
class DeadPort {
 public:
  DeadPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "cannot reserve a port";
      return;
    }
    port_ = ntohs(addr.sin_port);
  }
  ~DeadPort() {
    if (fd_ >= 0) close(fd_);
  }
  std::string target() const { return absl::StrCat("127.0.0.1:", port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

class PaymentClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = FakePaymentServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  std::unique_ptr<PaymentClient> NewClient(
      const ClientOptions& options = TestOptions()) {
    auto client = PaymentClient::Create(server_->target(), options);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }

  std::unique_ptr<FakePaymentServer> server_;
};

// Runs CreateOrderAsync and waits for its callback.
absl::StatusOr<CreateOrderResponse> CallAsync(
    PaymentClient& client, const CreateOrderRequest& request,
    const CallOptions& call_options = {}) {
  std::promise<absl::StatusOr<CreateOrderResponse>> promise;
  std::future<absl::StatusOr<CreateOrderResponse>> future =
      promise.get_future();
  client.CreateOrderAsync(
      request,
      [&promise](absl::StatusOr<CreateOrderResponse> result) {
        promise.set_value(std::move(result));
      },
      call_options);
  return future.get();
}

TEST_F(PaymentClientTest, CreateOrderReturnsTheResponse) {
  auto client = NewClient();
  const CreateOrderRequest request = BancontactOrder("order-1");

  const absl::StatusOr<CreateOrderResponse> response =
      client->CreateOrder(request);

  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->order_id(), "order-1");
  EXPECT_THAT(response->payment_url(), MatchesRegex(kPaymentUrlRegex));
  ASSERT_EQ(server_->call_count(), 1u);
  EXPECT_EQ(server_->requests()[0].SerializeAsString(),
            request.SerializeAsString());
}

TEST_F(PaymentClientTest, SendsUserAgentNamingTheCaller) {
  auto client = NewClient();
  ASSERT_TRUE(client->CreateOrder(BancontactOrder("order-ua")).ok());

  const std::vector<RecordedCall> calls = server_->calls();
  ASSERT_EQ(calls.size(), 1u);
  ASSERT_EQ(calls[0].metadata.count("user-agent"), 1u);
  EXPECT_THAT(calls[0].metadata.find("user-agent")->second,
              StartsWith("checkout-test/1.0 grpc-c++/"));
}

TEST_F(PaymentClientTest, DefaultDeadlineReachesTheServer) {
  ClientOptions options = TestOptions();
  options.default_deadline = absl::Seconds(7);
  auto client = NewClient(options);
  const absl::Time start = absl::Now();

  ASSERT_TRUE(client->CreateOrder(BancontactOrder("order-d")).ok());

  const absl::Time deadline = server_->calls().at(0).deadline;
  EXPECT_GT(deadline, start + absl::Seconds(6));
  EXPECT_LT(deadline, start + absl::Seconds(8));
}

TEST_F(PaymentClientTest, PerCallDeadlineOverridesTheDefault) {
  auto client = NewClient();
  server_->Enqueue(FakeAnswer::Ok(CreateOrderResponse(), absl::Seconds(5)));
  const absl::Time start = absl::Now();

  const absl::StatusOr<CreateOrderResponse> response = client->CreateOrder(
      BancontactOrder("order-slow"), CallOptions{absl::Milliseconds(100)});

  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_GE(elapsed, absl::Milliseconds(90));
  EXPECT_LT(elapsed, absl::Seconds(2));
  // The server notices too and stops working on it.
  ASSERT_TRUE(server_->WaitForCalls(1, absl::Seconds(1)));
  for (int i = 0; i < 100 && !server_->calls()[0].cancelled; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_TRUE(server_->calls()[0].cancelled);
}

TEST_F(PaymentClientTest, DefaultDeadlineIsHonoured) {
  ClientOptions options = TestOptions();
  options.default_deadline = absl::Milliseconds(100);
  auto client = NewClient(options);
  server_->Enqueue(FakeAnswer::Ok(CreateOrderResponse(), absl::Seconds(5)));

  EXPECT_EQ(client->CreateOrder(BancontactOrder("order-slow")).status().code(),
            absl::StatusCode::kDeadlineExceeded);
}

TEST_F(PaymentClientTest, ExpiredDeadlineFailsWithoutReachingTheServer) {
  auto client = NewClient();

  for (absl::Duration deadline : {absl::ZeroDuration(), -absl::Seconds(1)}) {
    EXPECT_EQ(
        client->CreateOrder(BancontactOrder("order-x"), CallOptions{deadline})
            .status()
            .code(),
        absl::StatusCode::kDeadlineExceeded);
  }
  EXPECT_EQ(server_->call_count(), 0u);
}

TEST_F(PaymentClientTest, OneMillisecondDeadlineIsHonoured) {
  server_->Enqueue(FakeAnswer::Ok(CreateOrderResponse(), absl::Seconds(5)));
  auto client = NewClient();

  EXPECT_EQ(client
                ->CreateOrder(BancontactOrder("order-1ms"),
                              CallOptions{absl::Milliseconds(1)})
                .status()
                .code(),
            absl::StatusCode::kDeadlineExceeded);
}

TEST_F(PaymentClientTest, FieldViolationsAreDecoded) {
  CallError invalid;
  invalid.code = absl::StatusCode::kInvalidArgument;
  invalid.message = "invalid order";
  invalid.field_violations = {{"order_id", "required"},
                              {"amount", "must be > 0"}};
  invalid.error_info = ErrorInfo{"INVALID_ORDER", "msp-gateway", {}};
  server_->EnqueueError(invalid.ToStatus());
  auto client = NewClient();

  const absl::StatusOr<CreateOrderResponse> response =
      client->CreateOrder(CreateOrderRequest());

  ASSERT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(response.status().message(), "invalid order");
  const CallError error = CallError::FromStatus(response.status());
  EXPECT_THAT(error.field_violations,
              ElementsAre(FieldViolation{"order_id", "required"},
                          FieldViolation{"amount", "must be > 0"}));
  ASSERT_TRUE(error.error_info.has_value());
  EXPECT_EQ(error.error_info->reason, "INVALID_ORDER");
  EXPECT_EQ(server_->call_count(), 1u);  // Not retried.
}

TEST_F(PaymentClientTest, MultiSafepayErrorInfoAndRetryInfoAreDecoded) {
  CallError upstream;
  upstream.code = absl::StatusCode::kFailedPrecondition;
  upstream.message = "MultiSafepay: invalid amount";
  upstream.error_info =
      ErrorInfo{"MSP_1006", "multisafepay.com", {{"msp_error_code", "1006"}}};
  upstream.retry_delay = absl::Milliseconds(1500);
  server_->EnqueueError(upstream.ToStatus());
  auto client = NewClient();

  const CallError error = CallError::FromStatus(
      client->CreateOrder(BancontactOrder("order-e")).status());

  EXPECT_EQ(error.code, absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(error.error_info, upstream.error_info);
  EXPECT_EQ(error.retry_delay, absl::Milliseconds(1500));
}

TEST_F(PaymentClientTest, ServerStylePayloadsAreDecoded) {
  // The gateway's internal absl::Status convention: one payload per detail
  // type. The fake packs them into google.rpc.Status like the gateway does.
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("customer.locale");
  violation->set_description("required");
  absl::Status status = absl::InvalidArgumentError("invalid order");
  status.SetPayload("type.googleapis.com/google.rpc.BadRequest",
                    absl::Cord(bad_request.SerializeAsString()));
  server_->EnqueueError(status);
  auto client = NewClient();

  const absl::Status result =
      client->CreateOrder(BancontactOrder("order-l")).status();

  // The client sees the google.rpc.Status form only.
  EXPECT_TRUE(result.GetPayload(kRpcStatusTypeUrl).has_value());
  const CallError error = CallError::FromStatus(result);
  EXPECT_EQ(error.code, absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(error.field_violations,
              ElementsAre(FieldViolation{"customer.locale", "required"}));
}

TEST_F(PaymentClientTest, UnavailableIsRetriedUntilSuccess) {
  server_->EnqueueError(Unavailable().ToStatus());
  server_->EnqueueError(Unavailable().ToStatus());
  auto client = NewClient();

  const absl::StatusOr<CreateOrderResponse> response =
      client->CreateOrder(BancontactOrder("order-r"));

  ASSERT_TRUE(response.ok()) << response.status();
  const std::vector<RecordedCall> calls = server_->calls();
  ASSERT_EQ(calls.size(), 3u);
  // Every attempt carries the same idempotency key.
  for (const RecordedCall& call : calls) {
    EXPECT_EQ(call.request.order_id(), "order-r");
  }
  EXPECT_EQ(calls[0].metadata.count("grpc-previous-rpc-attempts"), 0u);
  EXPECT_EQ(calls[1].metadata.find("grpc-previous-rpc-attempts")->second, "1");
  EXPECT_EQ(calls[2].metadata.find("grpc-previous-rpc-attempts")->second, "2");
}

TEST_F(PaymentClientTest, UnavailableSurfacesAfterMaxAttempts) {
  for (int i = 0; i < 6; ++i) server_->EnqueueError(Unavailable().ToStatus());
  auto client = NewClient();  // max_attempts 4.

  const absl::StatusOr<CreateOrderResponse> response =
      client->CreateOrder(BancontactOrder("order-u"));

  ASSERT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(server_->call_count(), 4u);
  // The last attempt's details reach the caller.
  EXPECT_EQ(CallError::FromStatus(response.status()).retry_delay,
            absl::Seconds(1));
}

TEST_F(PaymentClientTest, MaxAttemptsOneDisablesRetries) {
  server_->EnqueueError(Unavailable().ToStatus());
  ClientOptions options = TestOptions();
  options.max_attempts = 1;
  auto client = NewClient(options);

  EXPECT_EQ(client->CreateOrder(BancontactOrder("order-1a")).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(server_->call_count(), 1u);
}

TEST_F(PaymentClientTest, RetryThrottlingStopsRetriesDuringAnOutage) {
  server_->SetHandler([](const CreateOrderRequest&) {
    return FakeAnswer::Error(Unavailable().ToStatus());
  });
  auto client = NewClient();

  // Tokens start at 10; each failed attempt costs 1 and retries stop at 5.
  ASSERT_FALSE(client->CreateOrder(BancontactOrder("order-t1")).ok());
  EXPECT_EQ(server_->call_count(), 4u);
  ASSERT_FALSE(client->CreateOrder(BancontactOrder("order-t2")).ok());
  EXPECT_EQ(server_->call_count(), 5u);  // No retry: throttled.
}

class NotRetriedTest : public PaymentClientTest,
                       public ::testing::WithParamInterface<absl::StatusCode> {
};

TEST_P(NotRetriedTest, OnlyUnavailableIsRetried) {
  server_->EnqueueError(absl::Status(GetParam(), "no"));
  auto client = NewClient();

  EXPECT_EQ(client->CreateOrder(BancontactOrder("order-n")).status().code(),
            GetParam());
  EXPECT_EQ(server_->call_count(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Codes, NotRetriedTest,
    ::testing::Values(absl::StatusCode::kInvalidArgument,
                      absl::StatusCode::kAlreadyExists,
                      absl::StatusCode::kFailedPrecondition,
                      absl::StatusCode::kResourceExhausted,
                      absl::StatusCode::kInternal, absl::StatusCode::kUnknown,
                      absl::StatusCode::kDeadlineExceeded,
                      absl::StatusCode::kPermissionDenied));

TEST(PaymentClientServerDownTest, UnavailableSurfacesAfterRetries) {
  DeadPort dead;
  ClientOptions options = TestOptions();
  options.retry_throttling = false;
  auto client = PaymentClient::Create(dead.target(), options);
  ASSERT_TRUE(client.ok()) << client.status();
  const absl::Time start = absl::Now();

  const absl::StatusOr<CreateOrderResponse> response =
      (*client)->CreateOrder(BancontactOrder("order-down"));

  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  // Three backoffs of about 0.1 s, 0.2 s and 0.4 s (each with +-20 % jitter)
  // separate the four attempts; a connection refused itself is instant.
  EXPECT_GE(elapsed, absl::Milliseconds(500));
  EXPECT_LT(elapsed, absl::Seconds(5));
}

TEST(PaymentClientServerDownTest, WithoutRetriesFailsAtOnce) {
  DeadPort dead;
  ClientOptions options = TestOptions();
  options.max_attempts = 1;
  auto client = PaymentClient::Create(dead.target(), options);
  ASSERT_TRUE(client.ok()) << client.status();
  const absl::Time start = absl::Now();

  EXPECT_EQ(
      (*client)->CreateOrder(BancontactOrder("order-down")).status().code(),
      absl::StatusCode::kUnavailable);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(400));
}

TEST(PaymentClientServerDownTest, WaitForConnectedTimesOut) {
  DeadPort dead;
  auto client = PaymentClient::Create(dead.target(), TestOptions());
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_FALSE((*client)->WaitForConnected(absl::Milliseconds(200)));
}

TEST_F(PaymentClientTest, WaitForConnected) {
  EXPECT_TRUE(NewClient()->WaitForConnected(absl::Seconds(5)));
}

TEST_F(PaymentClientTest, DnsTargetWithRoundRobinWorks) {
  auto client = PaymentClient::Create(
      absl::StrCat("dns:///127.0.0.1:", server_->port()), TestOptions());
  ASSERT_TRUE(client.ok()) << client.status();

  EXPECT_TRUE((*client)->CreateOrder(BancontactOrder("order-dns")).ok());
}

TEST(PaymentClientLoadBalancingTest, RoundRobinSpreadsCallsOverAddresses) {
  auto a = FakePaymentServer::Start();
  auto b = FakePaymentServer::Start();
  ASSERT_TRUE(a.ok() && b.ok());
  ClientOptions options = TestOptions();
  options.load_balancing = LoadBalancing::kRoundRobin;
  auto client =
      PaymentClient::Create(absl::StrCat("ipv4:127.0.0.1:", (*a)->port(),
                                         ",127.0.0.1:", (*b)->port()),
                            options);
  ASSERT_TRUE(client.ok()) << client.status();
  ASSERT_TRUE((*client)->WaitForConnected(absl::Seconds(5)));

  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE((*client)
                    ->CreateOrder(BancontactOrder(absl::StrCat("order-", i)))
                    .ok());
  }

  EXPECT_GE((*a)->call_count(), 3u);
  EXPECT_GE((*b)->call_count(), 3u);
  EXPECT_EQ((*a)->call_count() + (*b)->call_count(), 10u);
}

TEST(PaymentClientCreateTest, InvalidOptionsAreRejected) {
  ClientOptions options;
  options.max_attempts = 0;
  EXPECT_EQ(PaymentClient::Create("127.0.0.1:1", options).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PaymentClient::Create("", ClientOptions()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(PaymentClientTest, AsyncCallReturnsTheResponse) {
  auto client = NewClient();

  const absl::StatusOr<CreateOrderResponse> response =
      CallAsync(*client, BancontactOrder("order-a"));

  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_THAT(response->payment_url(), MatchesRegex(kPaymentUrlRegex));
}

TEST_F(PaymentClientTest, AsyncCallDecodesErrors) {
  CallError invalid;
  invalid.code = absl::StatusCode::kInvalidArgument;
  invalid.message = "invalid order";
  invalid.field_violations = {{"currency", "must be EUR for Bancontact"}};
  server_->EnqueueError(invalid.ToStatus());
  auto client = NewClient();

  const absl::StatusOr<CreateOrderResponse> response =
      CallAsync(*client, BancontactOrder("order-ae"));

  EXPECT_THAT(
      CallError::FromStatus(response.status()).field_violations,
      ElementsAre(FieldViolation{"currency", "must be EUR for Bancontact"}));
}

TEST_F(PaymentClientTest, AsyncCallRetriesUnavailable) {
  server_->EnqueueError(Unavailable().ToStatus());
  auto client = NewClient();

  EXPECT_TRUE(CallAsync(*client, BancontactOrder("order-ar")).ok());
  EXPECT_EQ(server_->call_count(), 2u);
}

TEST_F(PaymentClientTest, AsyncCallHonoursDeadline) {
  server_->Enqueue(FakeAnswer::Ok(CreateOrderResponse(), absl::Seconds(5)));
  auto client = NewClient();

  EXPECT_EQ(CallAsync(*client, BancontactOrder("order-ad"),
                      CallOptions{absl::Milliseconds(50)})
                .status()
                .code(),
            absl::StatusCode::kDeadlineExceeded);
}

TEST_F(PaymentClientTest, AsyncCallCanBeCancelled) {
  server_->Enqueue(FakeAnswer::Ok(CreateOrderResponse(), absl::Seconds(10)));
  auto client = NewClient();
  std::promise<absl::StatusOr<CreateOrderResponse>> promise;
  const absl::Time start = absl::Now();

  CallHandle handle = client->CreateOrderAsync(
      BancontactOrder("order-c"),
      [&promise](absl::StatusOr<CreateOrderResponse> result) {
        promise.set_value(std::move(result));
      });
  ASSERT_TRUE(server_->WaitForCalls(1, absl::Seconds(5)));
  handle.Cancel();
  const absl::StatusOr<CreateOrderResponse> response =
      promise.get_future().get();

  EXPECT_EQ(response.status().code(), absl::StatusCode::kCancelled);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  handle.Cancel();  // After completion: harmless.
}

TEST_F(PaymentClientTest, AsyncCallOutlivesItsHandle) {
  server_->Enqueue(
      FakeAnswer::Ok(FakePaymentServer::DefaultResponse(BancontactOrder("o")),
                     absl::Milliseconds(100)));
  auto client = NewClient();
  std::promise<absl::StatusOr<CreateOrderResponse>> promise;
  {
    CallHandle dropped = client->CreateOrderAsync(
        BancontactOrder("o"),
        [&promise](absl::StatusOr<CreateOrderResponse> result) {
          promise.set_value(std::move(result));
        });
  }

  const absl::StatusOr<CreateOrderResponse> response =
      promise.get_future().get();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->order_id(), "o");
}

TEST_F(PaymentClientTest, DestroyingTheClientCancelsCallsInFlight) {
  server_->Enqueue(FakeAnswer::Ok(CreateOrderResponse(), absl::Seconds(10)));
  auto client = NewClient();
  absl::optional<absl::StatusOr<CreateOrderResponse>> result;
  client->CreateOrderAsync(
      BancontactOrder("o"),
      [&result](absl::StatusOr<CreateOrderResponse> r) { result = r; });
  ASSERT_TRUE(server_->WaitForCalls(1, absl::Seconds(5)));
  const absl::Time start = absl::Now();

  client.reset();

  // The callback has run by the time the destructor returns.
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kCancelled);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST_F(PaymentClientTest, AsyncCallWithExpiredDeadlineCompletesInline) {
  auto client = NewClient();
  absl::optional<absl::StatusOr<CreateOrderResponse>> result;

  client->CreateOrderAsync(
      BancontactOrder("o"),
      [&result](absl::StatusOr<CreateOrderResponse> r) { result = r; },
      CallOptions{absl::ZeroDuration()});

  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(server_->call_count(), 0u);
}

TEST_F(PaymentClientTest, EmptyHandleCancelTouchesNoCall) {
  server_->Enqueue(
      FakeAnswer::Ok(FakePaymentServer::DefaultResponse(BancontactOrder("o")),
                     absl::Milliseconds(300)));
  auto client = NewClient();
  std::promise<absl::StatusOr<CreateOrderResponse>> promise;
  CallHandle in_flight = client->CreateOrderAsync(
      BancontactOrder("o"),
      [&promise](absl::StatusOr<CreateOrderResponse> result) {
        promise.set_value(std::move(result));
      });
  ASSERT_TRUE(server_->WaitForCalls(1, absl::Seconds(5)));

  // Empty handles (default-made, and copies of one) refer to no call:
  // cancelling them, even repeatedly, leaves the call in flight alone.
  CallHandle empty;
  CallHandle copy = empty;
  empty.Cancel();
  copy.Cancel();
  empty.Cancel();

  const absl::StatusOr<CreateOrderResponse> response =
      promise.get_future().get();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->order_id(), "o");
  EXPECT_EQ(server_->call_count(), 1u);
}

}  // namespace
}  // namespace payments_client
