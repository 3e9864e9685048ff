// Copyright 2026 The msp-gateway Authors.

#include "client/internal/unary_call.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "absl/strings/cord.h"
#include "client/call_error.h"

namespace payments_client {
namespace internal {
namespace {

// Deadlines further out than this are treated as this (avoids overflowing
// the clock arithmetic for absl::InfiniteDuration()-like values).
constexpr absl::Duration kMaxTimeout = absl::Hours(24 * 365);

}  // namespace

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()),
                   status.error_message());
  if (!status.error_details().empty()) {
    out.SetPayload(kRpcStatusTypeUrl, absl::Cord(status.error_details()));
  }
  return out;
}

absl::Status DeadlinePassed() {
  return absl::DeadlineExceededError(
      "deadline exceeded before the call started");
}

void SetTimeout(absl::Duration timeout, grpc::ClientContext& context) {
  if (timeout == absl::InfiniteDuration()) return;
  context.set_deadline(
      std::chrono::system_clock::now() +
      absl::ToChronoNanoseconds(std::min(timeout, kMaxTimeout)));
}

void CallTracker::Register(const std::shared_ptr<AsyncCall>& call) {
  absl::MutexLock lock(&mu_);
  calls_.emplace(call.get(), call);
  ++alive_;
}

void CallTracker::Unregister(AsyncCall* call) {
  absl::MutexLock lock(&mu_);
  calls_.erase(call);
}

void CallTracker::Release() {
  absl::MutexLock lock(&mu_);
  --alive_;
}

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
}  // namespace payments_client
