// Copyright 2026 The msp-gateway Authors.

#include "client/payment_client.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/cord.h"
#include "absl/synchronization/mutex.h"
#include "client/internal/channel_factory.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace payments_client {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::CreateOrderResponse;
using ::payments::v1::PaymentService;

namespace internal {

// The asynchronous calls of one PaymentClient that have not finished, so the
// client's destructor can cancel them and wait for them. Shared by the client
// and its calls.
class CallTracker {
 public:
  // Registers `call`; REQUIRES: Unregister(call.get()) and Release() follow.
  void Register(const std::shared_ptr<AsyncCall>& call) {
    absl::MutexLock lock(&mu_);
    calls_.emplace(call.get(), call);
    ++alive_;
  }
  // The call is being destroyed: no longer cancellable.
  void Unregister(AsyncCall* call) {
    absl::MutexLock lock(&mu_);
    calls_.erase(call);
  }
  // The call is gone, its ClientContext (and channel reference) included.
  void Release() {
    absl::MutexLock lock(&mu_);
    --alive_;
  }

  void CancelAllAndWait();

 private:
  absl::Mutex mu_;
  std::map<AsyncCall*, std::weak_ptr<AsyncCall>> calls_ ABSL_GUARDED_BY(mu_);
  int alive_ ABSL_GUARDED_BY(mu_) = 0;
};

// Everything an asynchronous call needs until its callback has run. Owned by
// the gRPC callback; CallHandles only observe it.
struct AsyncCall {
  explicit AsyncCall(std::shared_ptr<CallTracker> tracker)
      : registration{std::move(tracker)} {}
  ~AsyncCall() { registration.tracker->Unregister(this); }

  struct Registration {
    ~Registration() { tracker->Release(); }
    std::shared_ptr<CallTracker> tracker;
  };
  // First member, so destroyed last: after `context` has let go of the call
  // and the channel.
  Registration registration;
  grpc::ClientContext context;
  CreateOrderRequest request;
  CreateOrderResponse response;
  PaymentClient::CreateOrderCallback done;
};

void CallTracker::CancelAllAndWait() {
  std::vector<std::shared_ptr<AsyncCall>> pending;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [raw, weak] : calls_) {
      if (std::shared_ptr<AsyncCall> call = weak.lock()) {
        pending.push_back(std::move(call));
      }
    }
  }
  // Outside the lock: cancelling may run a callback on this thread.
  for (const std::shared_ptr<AsyncCall>& call : pending) {
    call->context.TryCancel();
  }
  pending.clear();
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](int* alive) { return *alive == 0; }, &alive_));
}

}  // namespace internal

namespace {

// Deadlines further out than this are treated as this (avoids overflowing
// the clock arithmetic for absl::InfiniteDuration()-like values).
constexpr absl::Duration kMaxTimeout = absl::Hours(24 * 365);

// grpc::Status -> absl::Status, keeping the serialized google.rpc.Status
// (error_details) as the kRpcStatusTypeUrl payload for CallError.
absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()),
                   status.error_message());
  if (!status.error_details().empty()) {
    out.SetPayload(kRpcStatusTypeUrl, absl::Cord(status.error_details()));
  }
  return out;
}

void SetTimeout(absl::Duration timeout, grpc::ClientContext& context) {
  if (timeout == absl::InfiniteDuration()) return;
  context.set_deadline(
      std::chrono::system_clock::now() +
      absl::ToChronoNanoseconds(std::min(timeout, kMaxTimeout)));
}

void Finish(internal::AsyncCall& call, const grpc::Status& status) {
  PaymentClient::CreateOrderCallback done = std::move(call.done);
  if (!done) return;
  if (status.ok()) {
    done(std::move(call.response));
  } else {
    done(FromGrpcStatus(status));
  }
}

absl::Status DeadlinePassed() {
  return absl::DeadlineExceededError(
      "deadline exceeded before the call started");
}

}  // namespace

void CallHandle::Cancel() {
  if (std::shared_ptr<internal::AsyncCall> call = call_.lock()) {
    call->context.TryCancel();
  }
}

absl::StatusOr<std::unique_ptr<PaymentClient>> PaymentClient::Create(
    absl::string_view target, const ClientOptions& options) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      internal::CreateChannel(target, options);
  if (!channel.ok()) return channel.status();
  auto stub = PaymentService::NewStub(*channel);
  return std::unique_ptr<PaymentClient>(
      new PaymentClient(*std::move(channel), std::move(stub), options));
}

std::unique_ptr<PaymentClient> PaymentClient::CreateForStub(
    std::unique_ptr<PaymentService::StubInterface> stub,
    const ClientOptions& options) {
  return std::unique_ptr<PaymentClient>(
      new PaymentClient(nullptr, std::move(stub), options));
}

PaymentClient::PaymentClient(
    std::shared_ptr<grpc::Channel> channel,
    std::unique_ptr<PaymentService::StubInterface> stub,
    const ClientOptions& options)
    : channel_(std::move(channel)),
      stub_(std::move(stub)),
      default_deadline_(options.default_deadline),
      tracker_(std::make_shared<internal::CallTracker>()) {}

PaymentClient::~PaymentClient() { tracker_->CancelAllAndWait(); }

absl::Duration PaymentClient::CallTimeout(
    const CallOptions& call_options) const {
  return call_options.deadline.value_or(default_deadline_);
}

absl::StatusOr<CreateOrderResponse> PaymentClient::CreateOrder(
    const CreateOrderRequest& request, const CallOptions& call_options) {
  const absl::Duration timeout = CallTimeout(call_options);
  if (timeout <= absl::ZeroDuration()) return DeadlinePassed();
  grpc::ClientContext context;
  SetTimeout(timeout, context);
  CreateOrderResponse response;
  const grpc::Status status = stub_->CreateOrder(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

CallHandle PaymentClient::CreateOrderAsync(CreateOrderRequest request,
                                           CreateOrderCallback done,
                                           const CallOptions& call_options) {
  const absl::Duration timeout = CallTimeout(call_options);
  if (timeout <= absl::ZeroDuration()) {
    if (done) done(DeadlinePassed());
    return CallHandle();
  }
  auto call = std::make_shared<internal::AsyncCall>(tracker_);
  tracker_->Register(call);
  call->request = std::move(request);
  call->done = std::move(done);
  SetTimeout(timeout, call->context);

  PaymentService::StubInterface::async_interface* async = stub_->async();
  if (async == nullptr) {
    // Stubs without the callback API (gmock): run the blocking call here.
    const grpc::Status status =
        stub_->CreateOrder(&call->context, call->request, &call->response);
    Finish(*call, status);
    return CallHandle(call);
  }
  // The callback owns the call; the handle only observes it, so the call's
  // ClientContext is released when the callback has run.
  CallHandle handle(call);
  internal::AsyncCall* raw = call.get();
  async->CreateOrder(
      &raw->context, &raw->request, &raw->response,
      [call = std::move(call)](grpc::Status status) { Finish(*call, status); });
  return handle;
}

bool PaymentClient::WaitForConnected(absl::Duration timeout) {
  if (channel_ == nullptr) return true;
  return channel_->WaitForConnected(
      std::chrono::system_clock::now() +
      absl::ToChronoNanoseconds(std::min(timeout, kMaxTimeout)));
}

}  // namespace payments_client
