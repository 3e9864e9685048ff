// Copyright 2026 The msp-gateway Authors.

#include "client/order_event_watcher.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "client/call_error.h"
#include "client/internal/unary_call.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/sync_stream.h"

namespace payments_client {
namespace {

namespace pb = ::payments::v1;

// The gateway's own ErrorInfo domain (service/common/error_details.h).
constexpr absl::string_view kGatewayErrorDomain = "msp-gateway";

// Each backoff is scaled by a random factor in [1 - kJitter, 1 + kJitter],
// so watchers cut off together (a replica shutting down) do not all come
// back at the same instant.
constexpr double kJitter = 0.2;

// While waiting for a connection, Stop() is noticed within this.
constexpr absl::Duration kConnectSlice = absl::Milliseconds(100);

// A cursor as the gateway spells it: decimal digits only, an int64.
std::optional<int64_t> ParseCursor(absl::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
  }
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value)) return std::nullopt;  // Overflow.
  return value;
}

bool IsFinitePositive(absl::Duration d) {
  return d > absl::ZeroDuration() && d != absl::InfiniteDuration();
}

// Whether calling again after the cursor can end differently. The gateway's
// own INTERNAL carries its ErrorInfo (UNREADABLE_EVENT: an event it cannot
// decode) and would end the next stream at the same event; an INTERNAL
// without one is the transport's (a reset stream, a protocol error).
bool Resumable(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kUnknown:
      return true;
    case absl::StatusCode::kInternal: {
      const CallError error = CallError::FromStatus(status);
      return !error.error_info.has_value() ||
             error.error_info->domain != kGatewayErrorDomain;
    }
    default:
      return false;
  }
}

absl::Status ValidateOptions(const WatchOptions& options) {
  if (!IsFinitePositive(options.initial_backoff)) {
    return absl::InvalidArgumentError("initial_backoff must be > 0 and finite");
  }
  if (!IsFinitePositive(options.max_backoff) ||
      options.max_backoff < options.initial_backoff) {
    return absl::InvalidArgumentError(
        "max_backoff must be finite and >= initial_backoff");
  }
  if (!(options.backoff_multiplier >= 1.0) ||
      !std::isfinite(options.backoff_multiplier)) {
    return absl::InvalidArgumentError("backoff_multiplier must be >= 1");
  }
  if (options.attempt_deadline.has_value() &&
      *options.attempt_deadline <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "attempt_deadline must be > 0 (unset: no deadline)");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<OrderEventWatcher>> OrderEventWatcher::Start(
    std::shared_ptr<grpc::Channel> channel, WatchOptions options,
    WatchCallbacks callbacks) {
  if (channel == nullptr) return absl::InvalidArgumentError("channel is null");
  std::shared_ptr<Stub> stub = pb::PaymentService::NewStub(channel);
  return Create(std::move(channel), std::move(stub), std::move(options),
                std::move(callbacks));
}

absl::StatusOr<std::unique_ptr<OrderEventWatcher>>
OrderEventWatcher::StartForStub(std::shared_ptr<Stub> stub,
                                WatchOptions options,
                                WatchCallbacks callbacks) {
  return Create(nullptr, std::move(stub), std::move(options),
                std::move(callbacks));
}

absl::StatusOr<std::unique_ptr<OrderEventWatcher>> OrderEventWatcher::Create(
    std::shared_ptr<grpc::Channel> channel, std::shared_ptr<Stub> stub,
    WatchOptions options, WatchCallbacks callbacks) {
  if (stub == nullptr) return absl::InvalidArgumentError("stub is null");
  if (!callbacks.on_event) {
    return absl::InvalidArgumentError("on_event is required");
  }
  if (absl::Status valid = ValidateOptions(options); !valid.ok()) {
    return valid;
  }
  std::optional<int64_t> after;
  if (!options.after_cursor.empty()) {
    after = ParseCursor(options.after_cursor);
    if (!after.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("after_cursor \"", options.after_cursor,
                       "\" is not a cursor (a decimal int64, or empty for "
                       "the oldest event)"));
    }
  }
  std::unique_ptr<OrderEventWatcher> watcher(
      new OrderEventWatcher(std::move(channel), std::move(stub),
                            std::move(options), std::move(callbacks), after));
  watcher->thread_ = std::thread([raw = watcher.get()] { raw->Run(); });
  return watcher;
}

OrderEventWatcher::OrderEventWatcher(std::shared_ptr<grpc::Channel> channel,
                                     std::shared_ptr<Stub> stub,
                                     WatchOptions options,
                                     WatchCallbacks callbacks,
                                     std::optional<int64_t> after_cursor)
    : channel_(std::move(channel)),
      stub_(std::move(stub)),
      options_(std::move(options)),
      callbacks_(std::move(callbacks)),
      last_cursor_(after_cursor) {}

OrderEventWatcher::~OrderEventWatcher() { Stop(); }

void OrderEventWatcher::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    // Under mu_: RunStream() clears context_ under it before the context
    // goes away. TryCancel() ends a blocked Read() at once.
    if (context_ != nullptr) context_->TryCancel();
  }
  // From a callback: the thread ends when the callback returns.
  if (std::this_thread::get_id() == thread_.get_id()) return;
  absl::MutexLock lock(&join_mu_);
  if (thread_.joinable()) thread_.join();
}

absl::Status OrderEventWatcher::Wait() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(&done_));
  return final_status_;
}

std::optional<absl::Status> OrderEventWatcher::WaitFor(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  if (!mu_.AwaitWithTimeout(absl::Condition(&done_), timeout)) {
    return std::nullopt;
  }
  return final_status_;
}

std::string OrderEventWatcher::last_cursor() const {
  absl::MutexLock lock(&mu_);
  return last_cursor_.has_value() ? absl::StrCat(*last_cursor_) : "";
}

int64_t OrderEventWatcher::attempts() const {
  absl::MutexLock lock(&mu_);
  return attempts_;
}

int64_t OrderEventWatcher::duplicates_dropped() const {
  absl::MutexLock lock(&mu_);
  return duplicates_;
}

void OrderEventWatcher::Run() {
  // Streams in a row that ended without progress.
  int failures = 0;
  for (;;) {
    const StreamEnd end = RunStream();
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) break;
    }
    if (end.by_watcher || !Resumable(end.status)) {
      Finish(end.status);
      return;
    }
    if (end.delivered || end.lasted >= options_.max_backoff) failures = 0;
    // Capped: the backoff stops growing long before, and an outage of any
    // length must not overflow the count.
    failures = std::min(failures + 1, 64);
    absl::Duration backoff = Backoff(failures);
    if (const std::optional<absl::Duration> asked =
            CallError::FromStatus(end.status).retry_delay;
        asked.has_value()) {
      backoff = std::max(backoff, *asked);
    }
    if (callbacks_.on_reconnect) callbacks_.on_reconnect(end.status, backoff);
    if (SleepUnlessStopped(backoff)) break;
    if (AwaitConnection(backoff)) break;
  }
  Finish(absl::OkStatus());
}

OrderEventWatcher::StreamEnd OrderEventWatcher::RunStream() {
  StreamEnd end;
  grpc::ClientContext context;
  if (options_.attempt_deadline.has_value()) {
    internal::SetTimeout(*options_.attempt_deadline, context);
  }
  pb::WatchOrderEventsRequest request;
  for (const std::string& order_id : options_.order_ids) {
    request.add_order_ids(order_id);
  }
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) {
      end.by_watcher = true;
      return end;
    }
    if (last_cursor_.has_value()) {
      request.set_after_cursor(absl::StrCat(*last_cursor_));
    }
    context_ = &context;
    ++attempts_;
  }
  const absl::Time start = absl::Now();
  std::unique_ptr<grpc::ClientReaderInterface<pb::WatchOrderEventsResponse>>
      reader = stub_->WatchOrderEvents(&context, request);
  pb::WatchOrderEventsResponse response;
  bool left_early = true;
  for (;;) {
    if (!reader->Read(&response)) {
      left_early = false;
      break;
    }
    const pb::OrderEvent& event = response.event();
    const std::optional<int64_t> cursor = ParseCursor(event.cursor());
    if (!cursor.has_value()) {
      // Delivering it would leave nothing to resume after; skipping it
      // would lose it silently.
      end.by_watcher = true;
      end.status = absl::InternalError(absl::StrCat(
          "the gateway sent an event (order_id \"", event.order_id(),
          "\") whose cursor \"", event.cursor(), "\" is not a decimal int64"));
      break;
    }
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) break;
      if (last_cursor_.has_value() && *cursor <= *last_cursor_) {
        ++duplicates_;
        continue;
      }
    }
    callbacks_.on_event(event);
    end.delivered = true;
    absl::MutexLock lock(&mu_);
    last_cursor_ = *cursor;
  }
  // Finish() waits for the server's status: a stream left early must be
  // cancelled first (Stop() has already done so; once more is harmless).
  // Not otherwise: the status that ended the stream may still be on its way
  // and a cancellation would replace it.
  if (left_early) context.TryCancel();
  const grpc::Status status = reader->Finish();
  {
    absl::MutexLock lock(&mu_);
    context_ = nullptr;
  }
  end.lasted = absl::Now() - start;
  if (!end.by_watcher) end.status = internal::FromGrpcStatus(status);
  return end;
}

absl::Duration OrderEventWatcher::Backoff(int failures) const {
  absl::Duration delay = options_.initial_backoff;
  for (int i = 1; i < failures && delay < options_.max_backoff; ++i) {
    delay *= options_.backoff_multiplier;
  }
  delay = std::min(delay, options_.max_backoff);
  thread_local absl::BitGen random;
  return delay * absl::Uniform(random, 1.0 - kJitter, 1.0 + kJitter);
}

bool OrderEventWatcher::AwaitConnection(absl::Duration timeout) {
  if (channel_ == nullptr) return false;
  grpc_connectivity_state state = channel_->GetState(/*try_to_connect=*/true);
  if (state == GRPC_CHANNEL_READY) return false;
  // A channel that failed to connect fails every call at once, with its
  // last error, until its own reconnect timer fires (after 1 s, growing to
  // 120 s), and nothing notices that attempt's outcome unless someone polls
  // the channel (gRPC's backup poller does, every 5 s). So: connect now,
  // and watch the attempt, returning as soon as it succeeds. In slices, so
  // Stop() is not kept waiting.
  grpc::experimental::ChannelResetConnectionBackoff(channel_.get());
  const absl::Time until = absl::Now() + timeout;
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return true;
    }
    const absl::Time now = absl::Now();
    if (now >= until) return false;
    channel_->WaitForStateChange(
        state, absl::ToChronoTime(std::min(until, now + kConnectSlice)));
    state = channel_->GetState(/*try_to_connect=*/true);
    if (state == GRPC_CHANNEL_READY) return false;
  }
}

bool OrderEventWatcher::SleepUnlessStopped(absl::Duration delay) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), delay);
  return stopping_;
}

void OrderEventWatcher::Finish(const absl::Status& status) {
  if (callbacks_.on_stopped) callbacks_.on_stopped(status);
  absl::MutexLock lock(&mu_);
  final_status_ = status;
  done_ = true;
}

}  // namespace payments_client
