// Copyright 2026 The msp-gateway Authors.
//
// Every PaymentClient method, blocking and asynchronous, against
// FakePaymentServer over a real loopback socket: the response and request
// travel intact, errors are decoded, deadlines and cancellation work,
// UNAVAILABLE and ABORTED are retried for the methods that are safe to
// repeat (all of them), and the writes on an order carry one request_id per
// call on every attempt. (CreateOrder's own, more detailed tests are in
// payment_client_test.cc.)

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
#include "client/request_id.h"
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
// The writes carry the caller's request_id, so what is sent is exactly
// what was given (the tests of generated IDs clear it).
void Fill(pb::UpdateOrderRequest& r) {
  r.set_order_id("order-1");
  r.set_status(pb::UPDATE_ORDER_STATUS_SHIPPED);
  r.set_tracktrace_code("3SABCD1234567");
  r.set_carrier("PostNL");
  r.set_request_id("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
}
void Fill(pb::CancelOrderRequest& r) {
  r.set_order_id("order-1");
  r.set_reason("customer changed their mind");
  r.set_request_id("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a");
}
void Fill(pb::CaptureOrderRequest& r) {
  r.set_order_id("order-1");
  r.set_amount(600);
  r.set_new_order_id("order-1-capture-1");
  r.set_request_id("6b1d2f4e-1c3a-4e5f-8a7b-9c0d1e2f3a4b");
}
void Fill(pb::RefundOrderRequest& r) {
  r.set_order_id("order-1");
  r.set_currency("EUR");
  r.set_amount(250);
  r.set_description("Returned one item");
  r.set_request_id("3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f");
}
void Fill(pb::ListGatewaysRequest& r) {
  r.set_country("BE");
  r.set_currency("EUR");
  r.set_amount(1000);
}
void Fill(pb::GetGatewayRequest& r) { r.set_gateway(pb::GATEWAY_MISTERCASH); }
void Fill(pb::ListPaymentMethodsRequest& r) {
  r.set_country("BE");
  r.set_group_cards(true);
}
void Fill(pb::ListRecurringTokensRequest& r) {
  r.set_customer_reference("customer-1");
}
void Fill(pb::DeleteRecurringTokenRequest& r) {
  r.set_customer_reference("customer-1");
  r.set_token("QZTCh7jdk8");
}

// One method under test: its types, its fake RPC, its two client entry
// points and whether gRPC retries it on UNAVAILABLE and ABORTED (the
// decision documented in docs/client.md: every method, at present).
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
METHOD_CASE(UpdateOrder, true)
METHOD_CASE(CancelOrder, true)
METHOD_CASE(CaptureOrder, true)
METHOD_CASE(RefundOrder, true)
METHOD_CASE(ListGateways, true)
METHOD_CASE(GetGateway, true)
METHOD_CASE(ListPaymentMethods, true)
METHOD_CASE(ListRecurringTokens, true)
METHOD_CASE(DeleteRecurringToken, false)
#undef METHOD_CASE

using MethodCases =
    ::testing::Types<CreateOrderCase, GetOrderCase, UpdateOrderCase,
                     CancelOrderCase, CaptureOrderCase, RefundOrderCase,
                     ListGatewaysCase, GetGatewayCase, ListPaymentMethodsCase,
                     ListRecurringTokensCase, DeleteRecurringTokenCase>;

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

TYPED_TEST(PaymentClientMethodTest, AbortedIsRetriedOnlyWhenSafe) {
  CallError conflict;
  conflict.code = absl::StatusCode::kAborted;
  conflict.message = "MultiSafepay rejected the call: HTTP 409";
  this->server_->EnqueueError(TypeParam::Rpc(), conflict.ToStatus());
  auto client = this->NewClient();

  const absl::Status status =
      TypeParam::Call(*client, this->SampleRequest()).status();

  if (TypeParam::kRetried) {
    EXPECT_TRUE(status.ok()) << status;
    EXPECT_EQ(this->Calls(), 2u);
  } else {
    EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
    EXPECT_EQ(this->Calls(), 1u);
  }
}

TYPED_TEST(PaymentClientMethodTest, CallerNotAllowedIsFinal) {
  // The gateway's answer to a caller its authorization policy does not
  // allow this method. A retry would be answered alike, so there is none,
  // even though the next answer queued would succeed.
  CallError denied;
  denied.code = absl::StatusCode::kPermissionDenied;
  denied.message = "caller is not allowed to call this method";
  denied.error_info = ErrorInfo{"CALLER_NOT_ALLOWED", "msp-gateway", {}};
  auto deny_once = [&] {
    this->server_->Reset();
    this->server_->EnqueueError(TypeParam::Rpc(), denied.ToStatus());
    this->server_->EnqueueResponse(TypeParam::Rpc(),
                                   Canned(this->SampleRequest()));
  };
  auto client = this->NewClient();

  deny_once();
  const CallError blocking = CallError::FromStatus(
      TypeParam::Call(*client, this->SampleRequest()).status());
  EXPECT_EQ(this->Calls(), 1u);
  deny_once();
  const CallError async = CallError::FromStatus(
      this->CallAsync(*client, this->SampleRequest()).status());
  EXPECT_EQ(this->Calls(), 1u);

  for (const CallError& error : {blocking, async}) {
    EXPECT_EQ(error.code, absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(error.error_info, denied.error_info);
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

// --- request_id: the writes on an order --------------------------------------

template <typename Case>
class KeyedMethodTest : public PaymentClientMethodTest<Case> {
 protected:
  using Request = typename Case::Request;

  // The sample request without a request_id: the client makes one.
  static Request Unkeyed() {
    Request request = PaymentClientMethodTest<Case>::SampleRequest();
    request.clear_request_id();
    return request;
  }

  // The request_ids of the calls recorded so far, oldest first.
  std::vector<std::string> SentIds() const {
    std::vector<std::string> ids;
    for (const Request& r : this->server_->requests(Case::Rpc())) {
      ids.push_back(r.request_id());
    }
    return ids;
  }
};

using KeyedMethodCases = ::testing::Types<UpdateOrderCase, CancelOrderCase,
                                          CaptureOrderCase, RefundOrderCase>;
TYPED_TEST_SUITE(KeyedMethodTest, KeyedMethodCases, CaseName);

bool IsVersion4Uuid(const std::string& id) {
  if (id.size() != 36 || id[14] != '4') return false;
  for (size_t k = 0; k < id.size(); ++k) {
    const bool dash = k == 8 || k == 13 || k == 18 || k == 23;
    const char c = id[k];
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (dash ? c != '-' : !hex) return false;
  }
  return std::string("89ab").find(id[19]) != std::string::npos;
}

TYPED_TEST(KeyedMethodTest, OneNewRequestIdPerCallSentOnEveryAttempt) {
  CallError conflict;
  conflict.code = absl::StatusCode::kAborted;
  conflict.message = "conflict";
  // The first call is answered after two retries (UNAVAILABLE, ABORTED).
  this->server_->EnqueueError(TypeParam::Rpc(),
                              UpstreamUnavailable().ToStatus());
  this->server_->EnqueueError(TypeParam::Rpc(), conflict.ToStatus());
  auto client = this->NewClient();
  const auto request = this->Unkeyed();

  ASSERT_TRUE(TypeParam::Call(*client, request).ok());
  ASSERT_EQ(this->Calls(), 3u);
  std::vector<std::string> ids = this->SentIds();
  EXPECT_TRUE(IsVersion4Uuid(ids[0])) << ids[0];
  EXPECT_EQ(ids[1], ids[0]);
  EXPECT_EQ(ids[2], ids[0]);
  // Otherwise the request is the caller's.
  for (auto sent : this->server_->requests(TypeParam::Rpc())) {
    sent.clear_request_id();
    EXPECT_EQ(sent.SerializeAsString(), request.SerializeAsString());
  }
  EXPECT_TRUE(request.request_id().empty());  // The caller's is untouched.

  // The next call of the same request is another operation: another ID.
  ASSERT_TRUE(TypeParam::Call(*client, request).ok());
  // Asynchronously too, retried with its own one.
  this->server_->EnqueueError(TypeParam::Rpc(),
                              UpstreamUnavailable().ToStatus());
  ASSERT_TRUE(this->CallAsync(*client, request).ok());
  ids = this->SentIds();
  ASSERT_EQ(ids.size(), 6u);
  EXPECT_TRUE(IsVersion4Uuid(ids[3])) << ids[3];
  EXPECT_TRUE(IsVersion4Uuid(ids[4])) << ids[4];
  EXPECT_NE(ids[3], ids[0]);
  EXPECT_NE(ids[4], ids[0]);
  EXPECT_NE(ids[4], ids[3]);
  EXPECT_EQ(ids[5], ids[4]);
}

TYPED_TEST(KeyedMethodTest, TheCallersRequestIdIsSentAsGiven) {
  this->server_->EnqueueError(TypeParam::Rpc(),
                              UpstreamUnavailable().ToStatus());
  auto client = this->NewClient();
  auto request = this->Unkeyed();
  // Also one made with NewRequestId(), and any case: the gateway compares
  // UUIDs in lower case, the client does not touch them.
  request.set_request_id("3F2C1A9E-7B4D-4C8E-9F01-2A3B4C5D6E7F");

  ASSERT_TRUE(TypeParam::Call(*client, request).ok());
  const std::string own = NewRequestId();
  request.set_request_id(own);
  ASSERT_TRUE(this->CallAsync(*client, request).ok());

  EXPECT_THAT(this->SentIds(),
              ElementsAre("3F2C1A9E-7B4D-4C8E-9F01-2A3B4C5D6E7F",
                          "3F2C1A9E-7B4D-4C8E-9F01-2A3B4C5D6E7F", own));
}

}  // namespace
}  // namespace payments_client
