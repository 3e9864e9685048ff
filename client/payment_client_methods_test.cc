// Copyright 2026 The msp-gateway Authors.
//
// Every PaymentClient method, blocking and asynchronous, against
// FakePaymentServer over a real loopback socket: the response and request
// travel intact, errors are decoded, deadlines and cancellation work, and
// UNAVAILABLE is retried exactly for the methods that are safe to repeat.
// (CreateOrder's own, more detailed tests are in payment_client_test.cc.)

#include <future>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "client/call_error.h"
#include "client/client_options.h"
#include "client/payment_client.h"
#include "client/testing/fake_payment_server.h"
#include "gmock/gmock.h"
#include "google/protobuf/unknown_field_set.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"

namespace payments_client {
namespace {

namespace pb = ::payments::v1;
using ::payments_client::testing::Answer;
using ::payments_client::testing::FakePaymentServer;
using ::payments_client::testing::FakeRpc;
using ::testing::ElementsAre;

// Requests with some content in every case, so the tests can tell that the
// server got exactly what was sent.
void Fill(pb::CreateOrderRequest& r) {
  r.set_type(pb::ORDER_TYPE_REDIRECT);
  r.set_order_id("order-1");
  r.set_gateway(pb::GATEWAY_MISTERCASH);
  r.set_currency("EUR");
  r.set_amount(1000);
  r.set_description("Order 1");
  r.mutable_customer()->set_locale("nl_BE");
}
void Fill(pb::GetOrderRequest& r) { r.set_order_id("order-1"); }
void Fill(pb::UpdateOrderRequest& r) {
  r.set_order_id("order-1");
  r.set_status(pb::UPDATE_ORDER_STATUS_SHIPPED);
  r.set_tracktrace_code("3SABCD1234567");
  r.set_carrier("PostNL");
}
void Fill(pb::CancelOrderRequest& r) {
  r.set_order_id("order-1");
  r.set_reason("customer changed their mind");
}
void Fill(pb::CaptureOrderRequest& r) {
  r.set_order_id("order-1");
  r.set_amount(600);
  r.set_new_order_id("order-1-capture-1");
}
void Fill(pb::RefundOrderRequest& r) {
  r.set_order_id("order-1");
  r.set_currency("EUR");
  r.set_amount(250);
  r.set_description("Returned one item");
}
void Fill(pb::ListGatewaysRequest& r) {
  r.set_country("BE");
  r.set_currency("EUR");
  r.set_amount(1000);
}
void Fill(pb::GetGatewayRequest& r) { r.set_gateway(pb::GATEWAY_MISTERCASH); }

// One method under test: its types, its fake RPC, its two client entry
// points and whether gRPC retries it on UNAVAILABLE (the decision documented
// in docs/client.md).
#define METHOD_CASE(Method, retried)                                        \
  struct Method##Case {                                                     \
    using Request = pb::Method##Request;                                    \
    using Response = pb::Method##Response;                                  \
    static constexpr const char* kName = #Method;                           \
    static constexpr bool kRetried = retried;                               \
    static constexpr FakeRpc<Request, Response> Rpc() {                     \
      return testing::k##Method;                                            \
    }                                                                       \
    static absl::StatusOr<Response> Call(PaymentClient& client,             \
                                         const Request& request,            \
                                         const CallOptions& options = {}) { \
      return client.Method(request, options);                               \
    }                                                                       \
    static CallHandle CallAsync(PaymentClient& client, Request request,     \
                                PaymentClient::Callback<Response> done,     \
                                const CallOptions& options = {}) {          \
      return client.Method##Async(std::move(request), std::move(done),      \
                                  options);                                 \
    }                                                                       \
  };
METHOD_CASE(CreateOrder, true)
METHOD_CASE(GetOrder, true)
METHOD_CASE(UpdateOrder, false)
METHOD_CASE(CancelOrder, true)
METHOD_CASE(CaptureOrder, false)
METHOD_CASE(RefundOrder, false)
METHOD_CASE(ListGateways, true)
METHOD_CASE(GetGateway, true)
#undef METHOD_CASE

using MethodCases =
    ::testing::Types<CreateOrderCase, GetOrderCase, UpdateOrderCase,
                     CancelOrderCase, CaptureOrderCase, RefundOrderCase,
                     ListGatewaysCase, GetGatewayCase>;

struct CaseName {
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};

template <typename Case>
class PaymentClientMethodTest : public ::testing::Test {
 protected:
  using Request = typename Case::Request;
  using Response = typename Case::Response;

  void SetUp() override {
    auto server = FakePaymentServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  std::unique_ptr<PaymentClient> NewClient(ClientOptions options = {}) {
    options.user_agent = "methods-test/1.0";
    auto client = PaymentClient::Create(server_->target(), options);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }

  static Request SampleRequest() {
    Request request;
    Fill(request);
    return request;
  }

  // Runs the asynchronous form and waits for its callback.
  static absl::StatusOr<Response> CallAsync(PaymentClient& client,
                                            const Request& request,
                                            const CallOptions& options = {}) {
    std::promise<absl::StatusOr<Response>> promise;
    Case::CallAsync(
        client, request,
        [&promise](absl::StatusOr<Response> result) {
          promise.set_value(std::move(result));
        },
        options);
    return promise.get_future().get();
  }

  size_t Calls() const { return server_->call_count(Case::Rpc()); }

  std::unique_ptr<FakePaymentServer> server_;
};

TYPED_TEST_SUITE(PaymentClientMethodTest, MethodCases, CaseName);

// The default answer to `request` plus an unknown field, so it differs from
// what the default handler would send and travels through any method.
template <typename Request>
auto Canned(const Request& request) {
  auto response = FakePaymentServer::DefaultResponse(request);
  response.GetReflection()->MutableUnknownFields(&response)->AddVarint(999, 42);
  return response;
}

TYPED_TEST(PaymentClientMethodTest, ReturnsTheResponseAndSendsTheRequest) {
  using Response = typename TypeParam::Response;
  auto client = this->NewClient();
  const auto request = this->SampleRequest();
  const Response canned = Canned(request);
  this->server_->EnqueueResponse(TypeParam::Rpc(), canned);

  const absl::StatusOr<Response> response = TypeParam::Call(*client, request);

  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->SerializeAsString(), canned.SerializeAsString());
  ASSERT_EQ(this->Calls(), 1u);
  EXPECT_EQ(this->server_->requests(TypeParam::Rpc())[0].SerializeAsString(),
            request.SerializeAsString());
  // It reached this method and no other.
  EXPECT_EQ(this->server_->total_call_count(), 1u);
}

TYPED_TEST(PaymentClientMethodTest, AsyncReturnsTheResponse) {
  using Response = typename TypeParam::Response;
  auto client = this->NewClient();
  const auto request = this->SampleRequest();

  const absl::StatusOr<Response> response = this->CallAsync(*client, request);

  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->SerializeAsString(),
            FakePaymentServer::DefaultResponse(request).SerializeAsString());
  EXPECT_EQ(this->Calls(), 1u);
}

TYPED_TEST(PaymentClientMethodTest, ErrorDetailsAreDecoded) {
  CallError upstream;
  upstream.code = absl::StatusCode::kFailedPrecondition;
  upstream.message = "MultiSafepay: cannot refund transaction";
  upstream.field_violations = {{"amount", "must be > 0"}};
  upstream.error_info =
      ErrorInfo{"MSP_1034", "multisafepay.com", {{"error_code", "1034"}}};
  upstream.retry_delay = absl::Milliseconds(1500);
  this->server_->EnqueueError(TypeParam::Rpc(), upstream.ToStatus());
  auto client = this->NewClient();

  const CallError blocking = CallError::FromStatus(
      TypeParam::Call(*client, this->SampleRequest()).status());
  this->server_->EnqueueError(TypeParam::Rpc(), upstream.ToStatus());
  const CallError async = CallError::FromStatus(
      this->CallAsync(*client, this->SampleRequest()).status());

  for (const CallError& error : {blocking, async}) {
    EXPECT_EQ(error.code, absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(error.message, upstream.message);
    EXPECT_THAT(error.field_violations,
                ElementsAre(FieldViolation{"amount", "must be > 0"}));
    EXPECT_EQ(error.error_info, upstream.error_info);
    EXPECT_EQ(error.retry_delay, absl::Milliseconds(1500));
  }
  EXPECT_EQ(this->Calls(), 2u);  // FAILED_PRECONDITION is never retried.
}

TYPED_TEST(PaymentClientMethodTest, DefaultDeadlineReachesTheServer) {
  ClientOptions options;
  options.default_deadline = absl::Seconds(7);
  auto client = this->NewClient(options);
  const absl::Time start = absl::Now();

  ASSERT_TRUE(TypeParam::Call(*client, this->SampleRequest()).ok());

  const absl::Time deadline =
      this->server_->calls(TypeParam::Rpc()).at(0).deadline;
  EXPECT_GT(deadline, start + absl::Seconds(6));
  EXPECT_LT(deadline, start + absl::Seconds(8));
}

TYPED_TEST(PaymentClientMethodTest, PerCallDeadlineCutsASlowAnswerShort) {
  using Response = typename TypeParam::Response;
  this->server_->Enqueue(TypeParam::Rpc(),
                         Answer<Response>::Ok(Response(), absl::Seconds(5)));
  this->server_->Enqueue(TypeParam::Rpc(),
                         Answer<Response>::Ok(Response(), absl::Seconds(5)));
  auto client = this->NewClient();
  const absl::Time start = absl::Now();

  const absl::Status blocking =
      TypeParam::Call(*client, this->SampleRequest(),
                      CallOptions{absl::Milliseconds(100)})
          .status();
  const absl::Status async =
      this->CallAsync(*client, this->SampleRequest(),
                      CallOptions{absl::Milliseconds(100)})
          .status();

  EXPECT_EQ(blocking.code(), absl::StatusCode::kDeadlineExceeded) << blocking;
  EXPECT_EQ(async.code(), absl::StatusCode::kDeadlineExceeded) << async;
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  // DEADLINE_EXCEEDED is not retried, and the server saw the call end.
  ASSERT_EQ(this->Calls(), 2u);
  bool cancelled = false;
  for (int i = 0; i < 200 && !cancelled; ++i) {
    const auto calls = this->server_->calls(TypeParam::Rpc());
    cancelled = calls[0].cancelled && calls[1].cancelled;
    if (!cancelled) absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_TRUE(cancelled);
}

TYPED_TEST(PaymentClientMethodTest, ExpiredDeadlineFailsWithoutSending) {
  using Response = typename TypeParam::Response;
  auto client = this->NewClient();
  absl::optional<absl::StatusOr<Response>> async;

  const absl::Status blocking =
      TypeParam::Call(*client, this->SampleRequest(),
                      CallOptions{absl::ZeroDuration()})
          .status();
  TypeParam::CallAsync(
      *client, this->SampleRequest(),
      [&async](absl::StatusOr<Response> r) { async = std::move(r); },
      CallOptions{-absl::Seconds(1)});

  EXPECT_EQ(blocking.code(), absl::StatusCode::kDeadlineExceeded);
  ASSERT_TRUE(async.has_value());  // Called back before CallAsync returned.
  EXPECT_EQ(async->status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(this->server_->total_call_count(), 0u);
}

TYPED_TEST(PaymentClientMethodTest, AsyncCallCanBeCancelled) {
  using Response = typename TypeParam::Response;
  this->server_->Enqueue(TypeParam::Rpc(),
                         Answer<Response>::Ok(Response(), absl::Seconds(10)));
  auto client = this->NewClient();
  std::promise<absl::StatusOr<Response>> promise;
  const absl::Time start = absl::Now();

  CallHandle handle =
      TypeParam::CallAsync(*client, this->SampleRequest(),
                           [&promise](absl::StatusOr<Response> result) {
                             promise.set_value(std::move(result));
                           });
  ASSERT_TRUE(
      this->server_->WaitForCalls(TypeParam::Rpc(), 1, absl::Seconds(5)));
  handle.Cancel();

  EXPECT_EQ(promise.get_future().get().status().code(),
            absl::StatusCode::kCancelled);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  handle.Cancel();  // After completion: harmless.
}

TYPED_TEST(PaymentClientMethodTest, DestroyingTheClientCancelsCallsInFlight) {
  using Response = typename TypeParam::Response;
  this->server_->Enqueue(TypeParam::Rpc(),
                         Answer<Response>::Ok(Response(), absl::Seconds(10)));
  auto client = this->NewClient();
  absl::optional<absl::StatusOr<Response>> result;
  TypeParam::CallAsync(*client, this->SampleRequest(),
                       [&result](absl::StatusOr<Response> r) { result = r; });
  ASSERT_TRUE(
      this->server_->WaitForCalls(TypeParam::Rpc(), 1, absl::Seconds(5)));

  client.reset();

  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kCancelled);
}

// UNAVAILABLE as the gateway sends it for a MultiSafepay failure where the
// request may have reached MultiSafepay.
CallError UpstreamUnavailable() {
  CallError error;
  error.code = absl::StatusCode::kUnavailable;
  error.message = "MultiSafepay: connection reset";
  error.error_info = ErrorInfo{"MSP_CONNECTION_FAILED",
                               "multisafepay.com",
                               {{"endpoint", "POST /orders/{order_id}/refunds"},
                                {"request_sent", "unknown"}}};
  error.retry_delay = absl::Seconds(1);
  return error;
}

TYPED_TEST(PaymentClientMethodTest, UnavailableIsRetriedOnlyWhenSafe) {
  using Response = typename TypeParam::Response;
  const auto request = this->SampleRequest();
  this->server_->EnqueueError(TypeParam::Rpc(),
                              UpstreamUnavailable().ToStatus());
  this->server_->EnqueueResponse(TypeParam::Rpc(),
                                 FakePaymentServer::DefaultResponse(request));
  auto client = this->NewClient();

  const absl::StatusOr<Response> response = TypeParam::Call(*client, request);

  if (TypeParam::kRetried) {
    ASSERT_TRUE(response.ok()) << response.status();
    ASSERT_EQ(this->Calls(), 2u);
    // The retry is the same request, marked as a retry.
    const auto calls = this->server_->calls(TypeParam::Rpc());
    EXPECT_EQ(calls[1].request.SerializeAsString(),
              request.SerializeAsString());
    EXPECT_EQ(calls[1].metadata.count("grpc-previous-rpc-attempts"), 1u);
  } else {
    // Not repeated: the caller gets the gateway's details to decide.
    ASSERT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
    EXPECT_EQ(this->Calls(), 1u);
    const CallError error = CallError::FromStatus(response.status());
    ASSERT_TRUE(error.error_info.has_value());
    EXPECT_EQ(error.error_info->metadata.at("request_sent"), "unknown");
  }
}

TYPED_TEST(PaymentClientMethodTest, AsyncUnavailableIsRetriedOnlyWhenSafe) {
  this->server_->EnqueueError(TypeParam::Rpc(),
                              UpstreamUnavailable().ToStatus());
  auto client = this->NewClient();

  const absl::Status status =
      this->CallAsync(*client, this->SampleRequest()).status();

  if (TypeParam::kRetried) {
    EXPECT_TRUE(status.ok()) << status;
    EXPECT_EQ(this->Calls(), 2u);
  } else {
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
    EXPECT_EQ(this->Calls(), 1u);
  }
}

TYPED_TEST(PaymentClientMethodTest, UnreachableGatewayIsRetriedOnlyWhenSafe) {
  // Transport-level UNAVAILABLE (connection refused): the retry policy
  // decides here too, not only for UNAVAILABLE answered by the gateway.
  this->server_->Shutdown();
  ClientOptions options;
  options.retry_throttling = false;
  options.initial_backoff = absl::Milliseconds(100);
  options.max_backoff = absl::Milliseconds(100);
  options.backoff_multiplier = 1;
  auto client = this->NewClient(options);
  const absl::Time start = absl::Now();

  const absl::Status status =
      TypeParam::Call(*client, this->SampleRequest()).status();

  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  if (TypeParam::kRetried) {
    // Three backoffs of 100 ms (+-20 % jitter) between four attempts.
    EXPECT_GE(elapsed, absl::Milliseconds(230));
  } else {
    EXPECT_LT(elapsed, absl::Milliseconds(200));
  }
}

}  // namespace
}  // namespace payments_client
