// Copyright 2026 The msp-gateway Authors.
//
// File: internal/unary_call.h
//
// Not part of the API: the one implementation of a unary call that every
// typed PaymentClient method uses (CreateOrder, GetOrder, RefundOrder, ...).
// A method is described by a UnaryRpc value (its two generated stub entry
// points); BlockingCall() and StartAsyncCall() do the rest the same way for
// all of them: deadline, ClientContext, grpc::Status -> absl::Status with the
// google.rpc.Status payload (so CallError works), cancellation, and tracking
// of asynchronous calls in flight so the client's destructor can cancel and
// wait for them.
//
// Example (what payment_client.cc does per method):
//
//   constexpr UnaryRpc<GetOrderRequest, GetOrderResponse> kGetOrder{
//       &Stub::GetOrder, &Stub::async_interface::GetOrder};
//   absl::StatusOr<GetOrderResponse> r =
//       BlockingCall(*stub, kGetOrder, request, absl::Seconds(10));

#ifndef MSP_GATEWAY_CLIENT_INTERNAL_UNARY_CALL_H_
#define MSP_GATEWAY_CLIENT_INTERNAL_UNARY_CALL_H_

#include <functional>
#include <map>
#include <memory>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "payments/v1/payment_service.grpc.pb.h"

namespace payments_client {
namespace internal {

using Stub = payments::v1::PaymentService::StubInterface;

// UnaryRpc
//
// One unary method of the generated stub: the blocking entry point and the
// callback-API one. Both are virtual, so the same value works for the real
// stub and for gmock's MockPaymentServiceStub.
template <typename Request, typename Response>
struct UnaryRpc {
  grpc::Status (Stub::*blocking)(grpc::ClientContext*, const Request&,
                                 Response*);
  void (Stub::async_interface::*async)(grpc::ClientContext*, const Request*,
                                       Response*,
                                       std::function<void(grpc::Status)>);
};

// grpc::Status -> absl::Status with the same code and message, keeping the
// serialized google.rpc.Status (grpc::Status::error_details()) as the
// kRpcStatusTypeUrl payload that CallError::FromStatus() decodes.
absl::Status FromGrpcStatus(const grpc::Status& status);

// DEADLINE_EXCEEDED for a call whose deadline is <= 0: it is not sent.
absl::Status DeadlinePassed();

// Sets the context's deadline `timeout` from now; none for
// absl::InfiniteDuration(). Very long timeouts are capped (no overflow).
void SetTimeout(absl::Duration timeout, grpc::ClientContext& context);

// Pending asynchronous call, whatever its method. Owned by the gRPC callback
// (through a shared_ptr); CallHandles and the CallTracker only observe it.
struct AsyncCall;

// CallTracker
//
// The asynchronous calls of one PaymentClient that have not finished, so the
// client's destructor can cancel them and wait for them. Shared by the client
// and its calls (a call may outlive the client object's destructor start).
class CallTracker {
 public:
  // Registers `call`; its AsyncCall destructor unregisters and releases it.
  void Register(const std::shared_ptr<AsyncCall>& call);

  // Cancels every registered call and waits until all of them are gone
  // (callbacks run, ClientContexts released).
  // REQUIRES: not called from inside one of those callbacks.
  void CancelAllAndWait();

 private:
  friend struct AsyncCall;

  // The call is being destroyed: no longer cancellable.
  void Unregister(AsyncCall* call);
  // The call is gone, its ClientContext (and channel reference) included.
  void Release();

  absl::Mutex mu_;
  std::map<AsyncCall*, std::weak_ptr<AsyncCall>> calls_ ABSL_GUARDED_BY(mu_);
  int alive_ ABSL_GUARDED_BY(mu_) = 0;
};

struct AsyncCall {
  explicit AsyncCall(std::shared_ptr<CallTracker> tracker)
      : registration{std::move(tracker)} {}
  AsyncCall(const AsyncCall&) = delete;
  AsyncCall& operator=(const AsyncCall&) = delete;
  virtual ~AsyncCall() { registration.tracker->Unregister(this); }

  struct Registration {
    ~Registration() { tracker->Release(); }
    std::shared_ptr<CallTracker> tracker;
  };
  // First member, so destroyed last: after `context` has let go of the call
  // and the channel.
  Registration registration;
  grpc::ClientContext context;
};

// The typed part of an asynchronous call: what the stub reads and writes
// while the call runs, and the caller's callback.
template <typename Request, typename Response>
struct TypedAsyncCall final : AsyncCall {
  using AsyncCall::AsyncCall;

  // Runs the callback (once) with the call's outcome.
  void Finish(const grpc::Status& status) {
    std::function<void(absl::StatusOr<Response>)> callback = std::move(done);
    if (!callback) return;
    if (status.ok()) {
      callback(std::move(response));
    } else {
      callback(FromGrpcStatus(status));
    }
  }

  Request request;
  Response response;
  std::function<void(absl::StatusOr<Response>)> done;
};

// BlockingCall()
//
// Calls `rpc` and waits for the answer or the deadline (`timeout` from now;
// DEADLINE_EXCEEDED at once, without sending, when it is <= 0).
template <typename Request, typename Response>
absl::StatusOr<Response> BlockingCall(Stub& stub,
                                      const UnaryRpc<Request, Response>& rpc,
                                      const Request& request,
                                      absl::Duration timeout) {
  if (timeout <= absl::ZeroDuration()) return DeadlinePassed();
  grpc::ClientContext context;
  SetTimeout(timeout, context);
  Response response;
  const grpc::Status status =
      (stub.*rpc.blocking)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

// StartAsyncCall()
//
// Starts `rpc`; `done` runs exactly once with the outcome, on a gRPC thread,
// or on this thread before the function returns when the call ends before it
// starts (timeout <= 0) or the stub has no callback API (gmock stubs: the
// blocking entry point runs here). Returns the call, for cancellation; empty
// when it never started.
template <typename Request, typename Response>
std::weak_ptr<AsyncCall> StartAsyncCall(
    Stub& stub, const UnaryRpc<Request, Response>& rpc,
    const std::shared_ptr<CallTracker>& tracker, Request request,
    std::function<void(absl::StatusOr<Response>)> done,
    absl::Duration timeout) {
  if (timeout <= absl::ZeroDuration()) {
    if (done) done(DeadlinePassed());
    return {};
  }
  auto call = std::make_shared<TypedAsyncCall<Request, Response>>(tracker);
  tracker->Register(call);
  call->request = std::move(request);
  call->done = std::move(done);
  SetTimeout(timeout, call->context);

  Stub::async_interface* async = stub.async();
  if (async == nullptr) {
    const grpc::Status status =
        (stub.*rpc.blocking)(&call->context, call->request, &call->response);
    call->Finish(status);
    return call;
  }
  // The callback owns the call; the returned handle only observes it, so the
  // ClientContext is released as soon as the callback has run.
  std::weak_ptr<AsyncCall> handle = call;
  TypedAsyncCall<Request, Response>* raw = call.get();
  (async->*rpc.async)(
      &raw->context, &raw->request, &raw->response,
      [call = std::move(call)](grpc::Status status) { call->Finish(status); });
  return handle;
}

}  // namespace internal
}  // namespace payments_client

#endif  // MSP_GATEWAY_CLIENT_INTERNAL_UNARY_CALL_H_
