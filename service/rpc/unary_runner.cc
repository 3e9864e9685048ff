// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/unary_runner.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "service/common/error_details.h"
#include "service/rpc/grpc_status.h"

namespace msp_gateway {
namespace {

// ErrorInfo reasons of the calls the gateway answers itself (docs/errors.md).
constexpr char kMalformedRequest[] = "MALFORMED_REQUEST";
constexpr char kRequestTooLarge[] = "REQUEST_TOO_LARGE";
constexpr char kDeadlineTooShort[] = "DEADLINE_TOO_SHORT";
// A validated request the translator could not turn into MultiSafepay JSON:
// a bug of the gateway (the validator should have refused it).
constexpr char kTranslationFailed[] = "TRANSLATION_FAILED";
constexpr char kCallCancelled[] = "CALL_CANCELLED";
constexpr char kShuttingDown[] = "SHUTTING_DOWN";
constexpr char kWorkerPoolFull[] = "WORKER_POOL_FULL";
constexpr char kUpstreamInFlightLimit[] = "UPSTREAM_IN_FLIGHT_LIMIT";
constexpr char kNotSent[] = "NOT_SENT";

// The caller's deadline; InfiniteFuture when it set none.
absl::Time CallDeadline(const grpc::CallbackServerContext& context) {
  const std::chrono::system_clock::time_point deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(deadline);
}

std::string ErrorReason(const absl::Status& status) {
  if (status.ok()) return "";
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

// What identical calls that joined a call which was then not sent are told.
// Their callers are still waiting, whatever stopped the first one (its
// deadline, its cancellation), so: UNAVAILABLE, which the client library
// retries, and the retry proceeds (failures are not cached).
absl::Status ForJoinedCallers(absl::string_view method,
                              const absl::Status& not_sent) {
  return WithRetryInfo(
      WithErrorInfo(absl::UnavailableError(absl::StrCat(
                        "an identical ", method,
                        " in progress was not sent to MultiSafepay (",
                        not_sent.message(), "); nothing was sent: retry")),
                    kNotSent, kGatewayErrorDomain, {{"request_sent", "false"}}),
      absl::Milliseconds(100));
}

}  // namespace

namespace unary_runner_internal {

absl::Status TranslationBug(const absl::Status& status) {
  absl::Status bug(absl::StatusCode::kInternal, status.message());
  status.ForEachPayload(
      [&bug](absl::string_view type_url, const absl::Cord& payload) {
        bug.SetPayload(type_url, payload);
      });
  return WithErrorInfo(std::move(bug), kTranslationFailed, kGatewayErrorDomain,
                       {{"request_sent", "false"}});
}

void CallerCancellation::OnCancel(std::function<void()> cancel) {
  {
    absl::MutexLock lock(&mutex_);
    if (!cancelled_) {
      cancel_ = std::move(cancel);
      return;
    }
  }
  cancel();
}

void CallerCancellation::Cancelled() {
  std::function<void()> cancel;
  {
    absl::MutexLock lock(&mutex_);
    if (cancelled_) return;
    cancelled_ = true;
    cancel = std::move(cancel_);
  }
  // Outside the lock: a Cancel may complete the call on this thread.
  if (cancel) cancel();
}

}  // namespace unary_runner_internal

UnaryRunner::UnaryRunner(MspClient& msp, WorkerPool& pool,
                         IdempotencyCache& idempotency, RpcLogger& logger,
                         GatewayMetrics& metrics, Options options)
    : msp_(msp),
      pool_(pool),
      idempotency_(idempotency),
      logger_(logger),
      metrics_(metrics),
      options_(std::move(options)) {
  claimed_env_.store = options_.store;
  if (options_.store_pool != nullptr) {
    claimed_env_.run_blocking =
        [pool = options_.store_pool](std::function<void()> task) {
          pool->Submit(std::move(task));
        };
    claimed_env_.try_run_blocking =
        [pool = options_.store_pool](std::function<void()> task) {
          return pool->TrySubmit(std::move(task));
        };
  }
  claimed_env_.send = [this](
                          const MspRequest& request, absl::Time deadline,
                          std::function<void(absl::StatusOr<MspReply>)> done) {
    SendForClaimedCall(request, deadline, std::move(done));
  };
  claimed_env_.owner = options_.replica_id;
  claimed_env_.lease_margin = options_.lease_margin;
  claimed_env_.on_store_operation = options_.on_store_operation;
  claimed_env_.on_lookup = options_.on_lookup;
}

void UnaryRunner::StopSendingAt(absl::Time at) {
  stop_sending_at_ns_.store(absl::ToUnixNanos(at), std::memory_order_release);
}

absl::Time UnaryRunner::stop_sending_at() const {
  const int64_t ns = stop_sending_at_ns_.load(std::memory_order_acquire);
  return ns == std::numeric_limits<int64_t>::max() ? absl::InfiniteFuture()
                                                   : absl::FromUnixNanos(ns);
}

// The size is checked first, on the buffer gRPC already holds, so an
// oversized request costs no parsing, validation or translation.
absl::Status UnaryRunner::ParseRequest(
    const grpc::ByteBuffer& raw, google::protobuf::Message& request) const {
  const size_t max_bytes = options_.max_request_bytes;
  const size_t size = raw.Valid() ? raw.Length() : 0;
  const std::string& type = request.GetDescriptor()->full_name();
  if (size > max_bytes) {
    return WithErrorInfo(
        InvalidArgumentError(
            absl::StrCat("the request is too large: ", size, " bytes, at most ",
                         max_bytes, " are accepted"),
            {{"", absl::StrCat("the serialized ", type, " must be at most ",
                               max_bytes, " bytes, got ", size)}}),
        kRequestTooLarge, kGatewayErrorDomain,
        {{"max_request_bytes", absl::StrCat(max_bytes)},
         {"request_sent", "false"}});
  }
  // No bytes is a valid message: every field at its default.
  if (size == 0) return absl::OkStatus();
  grpc::ByteBuffer bytes(raw);  // Shares the slices; the reader consumes it.
  grpc::ProtoBufferReader reader(&bytes);
  if (!request.ParseFromZeroCopyStream(&reader)) {
    // Random bytes, a truncated message, invalid UTF-8 in a string field.
    return WithErrorInfo(absl::InvalidArgumentError(
                             absl::StrCat("the body is not a valid ", type)),
                         kMalformedRequest, kGatewayErrorDomain,
                         {{"request_type", type}, {"request_sent", "false"}});
  }
  return absl::OkStatus();
}

std::shared_ptr<const CallTrace> UnaryRunner::TraceOf(
    grpc::CallbackServerContext& context) {
  const CallMetadata metadata = CallMetadataOf(context);
  thread_local absl::BitGen random;
  auto trace = std::make_shared<const CallTrace>(
      TraceOfCall(metadata, context.peer(),
                  [] { return absl::Uniform<uint64_t>(random); }));
  // The caller (and whoever reads its logs) can find this call's line. In
  // the trailers: initial metadata would commit the call, and gRPC no longer
  // retries a committed call (the client library's retry on UNAVAILABLE).
  context.AddTrailingMetadata("x-request-id", trace->request_id);
  return trace;
}

UnaryRunner::Finish UnaryRunner::MakeFinish(
    grpc::ServerUnaryReactor* reactor, grpc::ByteBuffer* raw_response,
    absl::string_view method, std::string order_id, std::string caller,
    std::shared_ptr<const CallTrace> trace, absl::Time start) {
  // Safe to call from any thread; neither the call's context nor
  // `raw_response` may be used after it ran.
  return [this, reactor, raw_response, start, method,
          order_id = std::move(order_id), caller = std::move(caller),
          trace = std::move(trace)](const absl::StatusOr<std::string>& result) {
    const absl::Status& status = result.status();
    if (status.ok()) {
      grpc::Slice slice(*result);
      *raw_response = grpc::ByteBuffer(&slice, 1);
    }
    // Counted and logged before the answer leaves, so whoever sees the
    // answer also sees it in /metrics.
    const absl::Duration latency = absl::Now() - start;
    metrics_.RecordRpc(method, status.code(), latency, caller);
    metrics_.RpcFinished();
    // Held here: the record only views it.
    const auto reason = ErrorReason(status);
    RpcLogRecord record{method,  order_id, status.code(),
                        latency, reason,   caller};
    if (trace != nullptr) {
      record.request_id = trace->request_id;
      record.trace_id = trace->trace_id;
      record.peer = trace->peer;
      record.user_agent = trace->user_agent;
    }
    logger_.Log(record);
    reactor->Finish(ToGrpcStatus(status));
  };
}

absl::Status UnaryRunner::CheckSendable(
    const grpc::CallbackServerContext& context, absl::string_view method,
    bool changes_state, absl::Time deadline, absl::Time* send_by) {
  const absl::Time now = absl::Now();
  const absl::Time stop = stop_sending_at();
  // A write sent with too little time left mostly ends as DEADLINE_EXCEEDED
  // for the caller while MultiSafepay goes on and creates (or refunds) what
  // the caller was told failed. A read sent late only wastes a worker.
  const absl::Duration needed =
      changes_state ? options_.min_upstream_budget : absl::ZeroDuration();
  const absl::Time limit = std::min(deadline, stop);
  const bool enough_time = limit > now && limit - now >= needed;
  absl::Status refused;
  if (!enough_time && stop < deadline) {
    // Past (or too close to) the end of the shutdown grace, when gRPC
    // cancels every call: another replica can take it.
    refused = WithRetryInfo(
        WithErrorInfo(absl::UnavailableError(absl::StrCat(
                          "this gateway replica is shutting down; ", method,
                          " was not sent to MultiSafepay: retry")),
                      kShuttingDown, kGatewayErrorDomain,
                      {{"request_sent", "false"}}),
        absl::Milliseconds(100));
  } else if (!enough_time) {
    const std::string why =
        deadline <= now
            ? std::string("the deadline passed")
            : absl::StrCat("only ", absl::ToInt64Milliseconds(deadline - now),
                           " ms of the deadline were left, less than the ",
                           absl::ToInt64Milliseconds(needed), " ms needed");
    refused = WithErrorInfo(
        absl::DeadlineExceededError(absl::StrCat(
            why, " before ", method,
            " was sent to MultiSafepay; nothing was sent: retry with a "
            "longer deadline")),
        kDeadlineTooShort, kGatewayErrorDomain,
        {{"request_sent", "false"},
         {"min_upstream_budget_ms",
          absl::StrCat(absl::ToInt64Milliseconds(needed))}});
  } else if (context.IsCancelled()) {
    // The caller is gone (it cancelled, or gRPC cancelled the call at its
    // deadline or at the end of the shutdown grace): nobody would learn
    // what MultiSafepay did.
    refused = WithErrorInfo(absl::CancelledError(absl::StrCat(
                                "the call was cancelled before ", method,
                                " was sent to MultiSafepay; nothing was sent")),
                            kCallCancelled, kGatewayErrorDomain,
                            {{"request_sent", "false"}});
  } else {
    *send_by = limit;
    return absl::OkStatus();
  }
  metrics_.RecordRefusal(method, ErrorReason(refused));
  return refused;
}

void UnaryRunner::RefuseUnparsed(absl::string_view method,
                                 const absl::Status& parsed) {
  metrics_.RecordRefusal(method, ErrorReason(parsed));
}

void UnaryRunner::Run(grpc::CallbackServerContext* context, Finish finish,
                      Call call) {
  const absl::string_view method = call.method;
  const bool changes_state =
      MspOperationInfoOf(call.msp_request.operation).changes_state;
  const absl::Time deadline = CallDeadline(*context);
  absl::Time send_by;
  if (absl::Status sendable = CheckSendable(*context, call.method,
                                            changes_state, deadline, &send_by);
      !sendable.ok()) {
    finish(sendable);
    return;
  }
  // With a key, every result of an admitted call (including WORKER_POOL_FULL
  // and calls not sent) completes the key's entry before the caller sees it.
  const bool idempotent = !call.idempotency_key.empty();
  if (idempotent) {
    switch (
        idempotency_.Begin(call.idempotency_key, call.fingerprint, finish)) {
      case IdempotencyCache::Admission::kProceed:
        break;
      case IdempotencyCache::Admission::kJoined:
      case IdempotencyCache::Admission::kAnswered:
        return;  // `finish` runs (or ran) with the first call's answer.
      case IdempotencyCache::Admission::kConflict:
        finish(KeyReusedError(call.method, call.idempotency_key_field,
                              call.idempotency_key_value));
        return;
    }
  }
  auto complete = [this, idempotent, key = call.idempotency_key](
                      const absl::StatusOr<std::string>& result) {
    if (idempotent) idempotency_.Complete(key, result);
  };
  if (idempotent && options_.store != nullptr) {
    RunClaimed(context, changes_state, std::move(call), deadline, send_by,
               std::move(finish), std::move(complete));
    return;
  }
  if (msp_.async()) {
    SendAsync(std::move(call), send_by, std::move(finish), std::move(complete));
    return;
  }

  // `context` stays valid until `finish` ran, so the worker may ask it.
  auto work = [this, context, finish, complete, deadline, changes_state,
               call = std::move(call)]() {
    absl::Time send_by;
    // Again now: the call may have waited in the queue longer than its
    // caller, or past the shutdown grace.
    if (absl::Status sendable = CheckSendable(
            *context, call.method, changes_state, deadline, &send_by);
        !sendable.ok()) {
      complete(ForJoinedCallers(call.method, sendable));
      finish(sendable);
      return;
    }
    absl::StatusOr<MspReply> reply = msp_.Send(call.msp_request, send_by);
    absl::StatusOr<std::string> result =
        reply.ok() ? call.map_reply(*reply) : reply.status();
    complete(result);
    finish(result);
  };
  if (!pool_.TrySubmit(std::move(work))) {
    const absl::Status busy = WorkerPoolFullError();
    metrics_.RecordRefusal(method, kWorkerPoolFull);
    complete(busy);
    finish(busy);
  }
}

void UnaryRunner::SendAsync(
    Call call, absl::Time send_by, Finish finish,
    std::function<void(const absl::StatusOr<std::string>&)> complete) {
  if (upstream_in_flight_.fetch_add(1, std::memory_order_relaxed) >=
      options_.max_upstream_in_flight) {
    upstream_in_flight_.fetch_sub(1, std::memory_order_relaxed);
    const absl::Status busy = InFlightLimitError();
    metrics_.RecordRefusal(call.method, kUpstreamInFlightLimit);
    complete(busy);
    finish(busy);
    return;
  }
  const MspRequest& request = call.msp_request;
  // Only a read is abandoned with its caller: a write MultiSafepay may
  // already be acting on runs to its answer, which the idempotency entry
  // keeps for the caller's retry.
  std::shared_ptr<unary_runner_internal::CallerCancellation> cancellation;
  if (!MspOperationInfoOf(request.operation).changes_state) {
    cancellation = std::move(call.caller_cancellation);
  }
  pending_.fetch_add(1, std::memory_order_relaxed);
  // The completion runs on the transport's thread: it maps the reply (pure,
  // microseconds) and finishes the RPC there.
  HttpTransport::Cancel cancel = msp_.SendAsync(
      request, send_by,
      [this, map_reply = std::move(call.map_reply), finish = std::move(finish),
       complete = std::move(complete)](absl::StatusOr<MspReply> reply) {
        // First: a caller that sees this answer and calls again at once
        // must find the slot free.
        upstream_in_flight_.fetch_sub(1, std::memory_order_relaxed);
        absl::StatusOr<std::string> result =
            reply.ok() ? map_reply(*reply) : reply.status();
        complete(result);
        finish(result);
        // Last: once the count is zero nothing of this runner is in use
        // (WaitForUpstreamCalls()).
        pending_.fetch_sub(1, std::memory_order_acq_rel);
      });
  // The Cancel is safe to run after the call completed (http_transport.h).
  if (cancellation != nullptr) cancellation->OnCancel(std::move(cancel));
}

void UnaryRunner::RunClaimed(
    grpc::CallbackServerContext* context, bool changes_state, Call call,
    absl::Time deadline, absl::Time send_by, Finish finish,
    std::function<void(const absl::StatusOr<std::string>&)> complete) {
  ClaimedCallRequest request;
  request.method = call.method;
  request.key = std::move(call.idempotency_key);
  request.fingerprint = std::move(call.fingerprint);
  request.ids.order_id = std::move(call.order_id);
  request.ids.key = std::move(call.idempotency_key_value);
  request.key_field = call.idempotency_key_field;
  request.write = std::move(call.msp_request);
  request.ids.write_body = request.write.body;
  request.map_reply = std::move(call.map_reply);
  request.settlement = std::move(call.settlement);
  request.deadline = deadline;
  request.send_by = send_by;
  if (!msp_.async()) {
    // On the worker pool a request may wait: check again when a worker
    // picks it up, as for calls without a key. `context` stays valid until
    // the call's `finish` ran, which is after this.
    request.send = [this, context, method = call.method, changes_state,
                    deadline](
                       const MspRequest& msp_request, absl::Time,
                       std::function<void(absl::StatusOr<MspReply>)> done) {
      auto work = [this, context, method, changes_state, deadline, msp_request,
                   done]() {
        absl::Time send_by;
        absl::Status sendable =
            CheckSendable(*context, method, changes_state, deadline, &send_by);
        if (!sendable.ok()) {
          done(sendable);
          return;
        }
        done(msp_.Send(msp_request, send_by));
      };
      if (!pool_.TrySubmit(std::move(work))) done(WorkerPoolFullError());
    };
  }
  pending_.fetch_add(1, std::memory_order_relaxed);
  RunClaimedCall(
      claimed_env_, std::move(request),
      [this, finish = std::move(finish), complete = std::move(complete)](
          const absl::StatusOr<std::string>& result) {
        complete(result);
        finish(result);
        pending_.fetch_sub(1, std::memory_order_acq_rel);
      });
}

void UnaryRunner::SendForClaimedCall(
    const MspRequest& request, absl::Time deadline,
    std::function<void(absl::StatusOr<MspReply>)> done) {
  if (!msp_.async()) {
    // A blocking transport: a worker waits for the answer.
    auto work = [this, request, deadline, done]() {
      done(msp_.Send(request, deadline));
    };
    if (!pool_.TrySubmit(std::move(work))) done(WorkerPoolFullError());
    return;
  }
  if (upstream_in_flight_.fetch_add(1, std::memory_order_relaxed) >=
      options_.max_upstream_in_flight) {
    upstream_in_flight_.fetch_sub(1, std::memory_order_relaxed);
    done(InFlightLimitError());
    return;
  }
  msp_.SendAsync(
      request, deadline,
      [this, done = std::move(done)](absl::StatusOr<MspReply> reply) {
        upstream_in_flight_.fetch_sub(1, std::memory_order_relaxed);
        done(std::move(reply));
      });
}

absl::Status UnaryRunner::InFlightLimitError() const {
  return WithRetryInfo(
      WithErrorInfo(absl::ResourceExhaustedError(absl::StrCat(
                        "the gateway has ", options_.max_upstream_in_flight,
                        " MultiSafepay calls in flight, its limit; retry with "
                        "backoff")),
                    kUpstreamInFlightLimit, kGatewayErrorDomain,
                    {{"request_sent", "false"}}),
      absl::Milliseconds(200));
}

absl::Status UnaryRunner::WorkerPoolFullError() {
  return WithRetryInfo(
      WithErrorInfo(absl::ResourceExhaustedError(
                        "the gateway is at capacity; retry with backoff"),
                    kWorkerPoolFull, kGatewayErrorDomain,
                    {{"request_sent", "false"}}),
      absl::Milliseconds(200));
}

void UnaryRunner::WaitForUpstreamCalls() {
  while (pending_.load(std::memory_order_acquire) > 0) {
    absl::SleepFor(absl::Milliseconds(1));
  }
}

}  // namespace msp_gateway
