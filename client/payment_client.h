// Copyright 2026 The msp-gateway Authors.
//
// File: payment_client.h
//
// The client of msp-gateway's payments.v1.PaymentService, for internal
// services. One PaymentClient per process and target is enough: it is
// thread-safe, keeps HTTP/2 connections open and spreads calls over the
// gateway's replicas (see ClientOptions).
//
// Example:
//
//   ClientOptions options;
//   options.user_agent = "checkout/1.4.2";
//   absl::StatusOr<std::unique_ptr<PaymentClient>> client =
//       PaymentClient::Create("dns:///payments.payments.svc.cluster.local:50051",
//                             options);
//   if (!client.ok()) return client.status();  // e.g. unreadable CA file
//
//   payments::v1::CreateOrderRequest request;
//   request.set_order_id("order-1234");  // the idempotency key
//   ...
//   absl::StatusOr<payments::v1::CreateOrderResponse> response =
//       (*client)->CreateOrder(request);
//   if (!response.ok()) {
//     CallError error = CallError::FromStatus(response.status());
//     ...
//   }
//   Redirect(response->payment_url());
//
// Errors: a failed call's absl::Status has the gRPC code and message, and
// carries the server's google.rpc details; decode them with
// CallError::FromStatus() (call_error.h). Calls that fail with UNAVAILABLE
// have already been retried (ClientOptions::max_attempts).

#ifndef MSP_GATEWAY_CLIENT_PAYMENT_CLIENT_H_
#define MSP_GATEWAY_CLIENT_PAYMENT_CLIENT_H_

#include <functional>
#include <memory>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/call_error.h"
#include "client/client_options.h"
#include "grpcpp/channel.h"
#include "payments/v1/payment_service.grpc.pb.h"

namespace payments_client {

namespace internal {
struct AsyncCall;
class CallTracker;
}  // namespace internal

// CallHandle
//
// Refers to one asynchronous call, without keeping it alive. Copyable;
// dropping every handle does not cancel the call.
class CallHandle {
 public:
  // An empty handle: Cancel() does nothing.
  CallHandle() = default;

  // CallHandle::Cancel()
  //
  // Asks gRPC to cancel the call; its callback then receives CANCELLED,
  // unless the call already finished (then nothing happens). Thread-safe;
  // may be called any number of times, also from the callback.
  void Cancel();

 private:
  friend class PaymentClient;
  explicit CallHandle(std::weak_ptr<internal::AsyncCall> call)
      : call_(std::move(call)) {}

  std::weak_ptr<internal::AsyncCall> call_;
};

// PaymentClient
class PaymentClient {
 public:
  using CreateOrderCallback =
      std::function<void(absl::StatusOr<payments::v1::CreateOrderResponse>)>;

  // PaymentClient::Create()
  //
  // A client for `target`: `dns:///host:port` (all addresses of a headless
  // Kubernetes Service, round_robin), `host:port` or `ipv4:127.0.0.1:50051`.
  // Fails with InvalidArgument for bad options and NotFound /
  // FailedPrecondition for unreadable TLS files. Does not connect: the
  // first call does, so a gateway that is down now is not an error here.
  static absl::StatusOr<std::unique_ptr<PaymentClient>> Create(
      absl::string_view target, const ClientOptions& options = {});

  // PaymentClient::CreateForStub()
  //
  // A client that sends its calls to `stub`, e.g. a
  // payments::v1::MockPaymentServiceStub from //client:payments_client_mock
  // in a caller's unit test. Only the deadline options apply (no channel).
  // A stub without the callback interface (async() == nullptr, as gmock
  // stubs) makes CreateOrderAsync() run the blocking call on the calling
  // thread. REQUIRES: stub != nullptr.
  static std::unique_ptr<PaymentClient> CreateForStub(
      std::unique_ptr<payments::v1::PaymentService::StubInterface> stub,
      const ClientOptions& options = {});

  PaymentClient(const PaymentClient&) = delete;
  PaymentClient& operator=(const PaymentClient&) = delete;

  // Cancels the asynchronous calls still in flight and waits until their
  // callbacks have run (with CANCELLED, unless they finished first).
  // REQUIRES: not called from inside a CreateOrderAsync() callback.
  ~PaymentClient();

  // PaymentClient::CreateOrder()
  //
  // Creates a MultiSafepay order and returns where to send the customer.
  // Blocks until the answer, the deadline (CallOptions::deadline, else
  // ClientOptions::default_deadline; DEADLINE_EXCEEDED, at once for a
  // deadline <= 0) or the last retry.
  // Retrying the same request (same order_id) yourself is safe too.
  absl::StatusOr<payments::v1::CreateOrderResponse> CreateOrder(
      const payments::v1::CreateOrderRequest& request,
      const CallOptions& call_options = {});

  // PaymentClient::CreateOrderAsync()
  //
  // Like CreateOrder() but returns at once; `done` runs exactly once with the
  // result, on a gRPC thread (must not block; hand work to your own event
  // loop), or on the calling thread before this returns when the call ends
  // before it starts (deadline <= 0, stubs without callback API). The call
  // keeps what it needs alive; dropping the returned handle does not cancel
  // it, destroying the PaymentClient does.
  //
  // Example (future style):
  //
  //   auto promise = std::make_shared<
  //       std::promise<absl::StatusOr<CreateOrderResponse>>>();
  //   std::future<absl::StatusOr<CreateOrderResponse>> f =
  //   promise->get_future(); client->CreateOrderAsync(request, [promise](auto
  //   r) {
  //     promise->set_value(std::move(r));
  //   });
  CallHandle CreateOrderAsync(payments::v1::CreateOrderRequest request,
                              CreateOrderCallback done,
                              const CallOptions& call_options = {});

  // PaymentClient::WaitForConnected()
  //
  // Connects now and waits up to `timeout` for a ready connection; true if
  // one is ready. Optional (calls connect by themselves): for start-up
  // checks and tests. Always true for a client made by CreateForStub().
  bool WaitForConnected(absl::Duration timeout);

 private:
  PaymentClient(
      std::shared_ptr<grpc::Channel> channel,
      std::unique_ptr<payments::v1::PaymentService::StubInterface> stub,
      const ClientOptions& options);

  // How long a call may take: CallOptions::deadline or the default.
  absl::Duration CallTimeout(const CallOptions& call_options) const;

  std::shared_ptr<grpc::Channel> channel_;  // Null for CreateForStub().
  std::unique_ptr<payments::v1::PaymentService::StubInterface> stub_;
  absl::Duration default_deadline_;
  // Asynchronous calls in flight. Shared with them: a call may finish while
  // the destructor waits.
  std::shared_ptr<internal::CallTracker> tracker_;
};

}  // namespace payments_client

#endif  // MSP_GATEWAY_CLIENT_PAYMENT_CLIENT_H_
