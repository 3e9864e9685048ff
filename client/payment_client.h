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
// CallError::FromStatus() (call_error.h). A call that failed with
// UNAVAILABLE or ABORTED has already been retried
// (ClientOptions::max_attempts): every method is safe to repeat, the writes
// on an order because each call carries one `request_id` (idempotency key)
// on all its attempts, the caller's or one made here (request_id.h).

#ifndef MSP_GATEWAY_CLIENT_PAYMENT_CLIENT_H_
#define MSP_GATEWAY_CLIENT_PAYMENT_CLIENT_H_

#include <functional>
#include <memory>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/call_error.h"
#include "client/client_options.h"
#include "client/order_event_watcher.h"
#include "client/request_id.h"
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
//
// Every unary method of payments.v1.PaymentService has a blocking and an
// asynchronous form with the same behaviour (the one stream,
// WatchOrderEvents, is followed by an OrderEventWatcher instead):
//
//   absl::StatusOr<XResponse> X(const XRequest&, const CallOptions& = {});
//   CallHandle XAsync(XRequest, Callback<XResponse>, const CallOptions& = {});
//
// Blocking calls return when the answer arrives, the deadline passes
// (CallOptions::deadline, else ClientOptions::default_deadline; a deadline
// <= 0 fails at once with DEADLINE_EXCEEDED without sending anything) or the
// last retry failed. Which failures gRPC retries, and why every method may
// be retried, is said per method below and in docs/client.md ("Retries").
//
// Asynchronous calls return at once; `done` runs exactly once with the
// result, on a gRPC thread (must not block; hand work to your own event
// loop), or on the calling thread before the call returns when it ends
// before it starts (deadline <= 0, stubs without the callback API). The call
// keeps what it needs alive; dropping the returned handle does not cancel
// it, CallHandle::Cancel() and destroying the PaymentClient do.
//
// Example (future style):
//
//   auto promise = std::make_shared<
//       std::promise<absl::StatusOr<GetOrderResponse>>>();
//   std::future<absl::StatusOr<GetOrderResponse>> f = promise->get_future();
//   client->GetOrderAsync(request, [promise](auto r) {
//     promise->set_value(std::move(r));
//   });
class PaymentClient {
 public:
  // The callback of an asynchronous call.
  template <typename Response>
  using Callback = std::function<void(absl::StatusOr<Response>)>;
  using CreateOrderCallback = Callback<payments::v1::CreateOrderResponse>;

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
  // in a caller's unit test. Only the deadline options apply (no channel,
  // so no retries). A stub without the callback interface (async() ==
  // nullptr, as gmock stubs) makes the *Async() methods run the blocking call
  // on the calling thread. REQUIRES: stub != nullptr.
  static std::unique_ptr<PaymentClient> CreateForStub(
      std::unique_ptr<payments::v1::PaymentService::StubInterface> stub,
      const ClientOptions& options = {});

  PaymentClient(const PaymentClient&) = delete;
  PaymentClient& operator=(const PaymentClient&) = delete;

  // Cancels the asynchronous calls still in flight and waits until their
  // callbacks have run (with CANCELLED, unless they finished first).
  // REQUIRES: not called from inside an asynchronous call's callback.
  ~PaymentClient();

  // PaymentClient::CreateOrder()
  //
  // Creates a MultiSafepay order and returns where to send the customer.
  // Retried on UNAVAILABLE and ABORTED: `order_id` is the idempotency key, so
  // retrying the same request (yourself too) never creates a second payment.
  absl::StatusOr<payments::v1::CreateOrderResponse> CreateOrder(
      const payments::v1::CreateOrderRequest& request,
      const CallOptions& call_options = {});
  CallHandle CreateOrderAsync(payments::v1::CreateOrderRequest request,
                              CreateOrderCallback done,
                              const CallOptions& call_options = {});

  // PaymentClient::GetOrder()
  //
  // The order with its typed status, amounts (amount_refunded ...), payment
  // details and related transactions. A read: retried on UNAVAILABLE and
  // ABORTED. NOT_FOUND for an unknown order_id.
  absl::StatusOr<payments::v1::GetOrderResponse> GetOrder(
      const payments::v1::GetOrderRequest& request,
      const CallOptions& call_options = {});
  CallHandle GetOrderAsync(payments::v1::GetOrderRequest request,
                           Callback<payments::v1::GetOrderResponse> done,
                           const CallOptions& call_options = {});

  // PaymentClient::UpdateOrder()
  //
  // Reports shipment, sets tracking or invoice data, or cancels. Retried on
  // UNAVAILABLE and ABORTED with the same `request_id`: the request's, else
  // a new one (NewRequestId()) for this call, so even a partial shipment
  // (`amount`) or `extend_expiration`, which act again on every new call,
  // happens once. To send it again after the call has returned, set your
  // own request_id and send the same request with it.
  absl::StatusOr<payments::v1::UpdateOrderResponse> UpdateOrder(
      const payments::v1::UpdateOrderRequest& request,
      const CallOptions& call_options = {});
  CallHandle UpdateOrderAsync(payments::v1::UpdateOrderRequest request,
                              Callback<payments::v1::UpdateOrderResponse> done,
                              const CallOptions& call_options = {});

  // PaymentClient::CancelOrder()
  //
  // Cancels an unpaid order and its payment page or link. Retried on
  // UNAVAILABLE and ABORTED, with one `request_id` per call as for
  // UpdateOrder (cancelling a cancelled order changes nothing anyway).
  absl::StatusOr<payments::v1::CancelOrderResponse> CancelOrder(
      const payments::v1::CancelOrderRequest& request,
      const CallOptions& call_options = {});
  CallHandle CancelOrderAsync(payments::v1::CancelOrderRequest request,
                              Callback<payments::v1::CancelOrderResponse> done,
                              const CallOptions& call_options = {});

  // PaymentClient::CaptureOrder()
  //
  // Captures an authorised (manual capture) order, fully or partly. Moves
  // money, so the gateway requires a `request_id`: the request's, else a new
  // one (NewRequestId()) for this call, the same on every attempt. Retried
  // on UNAVAILABLE and ABORTED: the gateway answers a repeated request_id
  // with the first capture instead of capturing again. After the call has
  // returned UNAVAILABLE or DEADLINE_EXCEEDED, capture again only with the
  // same request_id: set your own to be able to.
  absl::StatusOr<payments::v1::CaptureOrderResponse> CaptureOrder(
      const payments::v1::CaptureOrderRequest& request,
      const CallOptions& call_options = {});
  CallHandle CaptureOrderAsync(
      payments::v1::CaptureOrderRequest request,
      Callback<payments::v1::CaptureOrderResponse> done,
      const CallOptions& call_options = {});

  // PaymentClient::RefundOrder()
  //
  // Refunds an order fully or partly. Moves money, so the gateway requires a
  // `request_id`: the request's, else a new one (NewRequestId()) for this
  // call, the same on every attempt. Retried on UNAVAILABLE and ABORTED: the
  // gateway answers a repeated request_id with the first refund instead of
  // refunding again. After the call has returned UNAVAILABLE or
  // DEADLINE_EXCEEDED, refund again only with the same request_id: set your
  // own (e.g. stored with your refund record) to be able to.
  absl::StatusOr<payments::v1::RefundOrderResponse> RefundOrder(
      const payments::v1::RefundOrderRequest& request,
      const CallOptions& call_options = {});
  CallHandle RefundOrderAsync(payments::v1::RefundOrderRequest request,
                              Callback<payments::v1::RefundOrderResponse> done,
                              const CallOptions& call_options = {});

  // PaymentClient::ListGateways()
  //
  // The gateways (payment methods) the site can use, optionally filtered by
  // country, currency and amount. A read: retried on UNAVAILABLE and ABORTED.
  absl::StatusOr<payments::v1::ListGatewaysResponse> ListGateways(
      const payments::v1::ListGatewaysRequest& request,
      const CallOptions& call_options = {});
  CallHandle ListGatewaysAsync(
      payments::v1::ListGatewaysRequest request,
      Callback<payments::v1::ListGatewaysResponse> done,
      const CallOptions& call_options = {});

  // PaymentClient::GetGateway()
  //
  // One gateway, if the site can use it. A read: retried on UNAVAILABLE and
  // ABORTED.
  absl::StatusOr<payments::v1::GetGatewayResponse> GetGateway(
      const payments::v1::GetGatewayRequest& request,
      const CallOptions& call_options = {});
  CallHandle GetGatewayAsync(payments::v1::GetGatewayRequest request,
                             Callback<payments::v1::GetGatewayResponse> done,
                             const CallOptions& call_options = {});

  // PaymentClient::ListPaymentMethods()
  //
  // The payment methods a checkout page can offer, optionally filtered by
  // country, currency and amount, with limits, icons and recurring support.
  // A read: retried on UNAVAILABLE and ABORTED.
  absl::StatusOr<payments::v1::ListPaymentMethodsResponse> ListPaymentMethods(
      const payments::v1::ListPaymentMethodsRequest& request,
      const CallOptions& call_options = {});
  CallHandle ListPaymentMethodsAsync(
      payments::v1::ListPaymentMethodsRequest request,
      Callback<payments::v1::ListPaymentMethodsResponse> done,
      const CallOptions& call_options = {});

  // PaymentClient::ListRecurringTokens()
  //
  // A customer's recurring tokens (stored cards and mandates), by the
  // customer.reference their orders carried. A read: retried on UNAVAILABLE
  // and ABORTED.
  absl::StatusOr<payments::v1::ListRecurringTokensResponse> ListRecurringTokens(
      const payments::v1::ListRecurringTokensRequest& request,
      const CallOptions& call_options = {});
  CallHandle ListRecurringTokensAsync(
      payments::v1::ListRecurringTokensRequest request,
      Callback<payments::v1::ListRecurringTokensResponse> done,
      const CallOptions& call_options = {});

  // PaymentClient::DeleteRecurringToken()
  //
  // Deletes one of a customer's tokens. Never retried automatically: it has
  // no idempotency key, so an attempt after a lost answer would meet the
  // deleted token as NOT_FOUND. After UNAVAILABLE or DEADLINE_EXCEEDED, call
  // again yourself and read NOT_FOUND as "already deleted".
  absl::StatusOr<payments::v1::DeleteRecurringTokenResponse>
  DeleteRecurringToken(const payments::v1::DeleteRecurringTokenRequest& request,
                       const CallOptions& call_options = {});
  CallHandle DeleteRecurringTokenAsync(
      payments::v1::DeleteRecurringTokenRequest request,
      Callback<payments::v1::DeleteRecurringTokenResponse> done,
      const CallOptions& call_options = {});

  // PaymentClient::WatchOrderEvents()
  //
  // Follows the gateway's order events from options.after_cursor: replays
  // what is stored after it, then each new event, calling
  // callbacks.on_event once per event in cursor order, on the watcher's own
  // thread, and resuming by itself after the cursor of the last delivered
  // event whenever a stream ends (a replica shutting down, a slow consumer,
  // a lost connection). It stops, reporting why, on errors that calling
  // again cannot fix (OUT_OF_RANGE: the cursor is older than the gateway
  // keeps events; INVALID_ARGUMENT; FAILED_PRECONDITION: no event log;
  // ...). See order_event_watcher.h. Not subject to default_deadline (a
  // stream has none unless WatchOptions::attempt_deadline) nor to gRPC's
  // retries (the watcher resumes instead). The watcher shares this
  // client's channel (or, made by CreateForStub(), its stub) and may
  // outlive it. InvalidArgument for bad options.
  absl::StatusOr<std::unique_ptr<OrderEventWatcher>> WatchOrderEvents(
      WatchOptions options, WatchCallbacks callbacks);

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
  // Shared with the OrderEventWatchers of a client made by CreateForStub().
  std::shared_ptr<payments::v1::PaymentService::StubInterface> stub_;
  absl::Duration default_deadline_;
  // Asynchronous calls in flight. Shared with them: a call may finish while
  // the destructor waits.
  std::shared_ptr<internal::CallTracker> tracker_;
};

}  // namespace payments_client

#endif  // MSP_GATEWAY_CLIENT_PAYMENT_CLIENT_H_
