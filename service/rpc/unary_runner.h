// Copyright 2026 The msp-gateway Authors.
//
// File: unary_runner.h
//
// The RPC edge: runs a UnarySpec (unary_spec.h) as a gRPC callback method
// registered with raw byte buffers. Every RPC takes the same path:
//
//   0. the caller (service/callers/caller_gate.h): a caller the
//      authorization policy does not allow this method is PERMISSION_DENIED
//      (CALLER_NOT_ALLOWED), nothing parsed; the caller's identity goes into
//      the log line, the metrics and the order events;
//   1. the raw request bytes: larger than `max_request_bytes` is
//      INVALID_ARGUMENT (REQUEST_TOO_LARGE, a field violation) before any
//      parsing; bytes that are not a valid request message are
//      INVALID_ARGUMENT (MALFORMED_REQUEST). The methods take raw byte
//      buffers because gRPC 1.51's callback API answers an undecodable
//      request itself, UNIMPLEMENTED with an empty message, seen by neither
//      our log nor our metrics;
//   2. the spec's validate + translate on the gRPC thread (cheap, pure); an
//      invalid request is INVALID_ARGUMENT with field violations and is never
//      sent; a translation failure is the gateway's bug (INTERNAL);
//   3. the send check (CheckSendable), at admission and again when a worker
//      picks the call up: a call is not sent when the gateway is past its
//      shutdown grace (UNAVAILABLE SHUTTING_DOWN), when less than
//      `min_upstream_budget` of the caller's deadline is left for a call that
//      changes state at MultiSafepay, or none at all for a read
//      (DEADLINE_EXCEEDED DEADLINE_TOO_SHORT), or when the caller is gone
//      (CANCELLED CALL_CANCELLED). Each says `request_sent: false`: nothing
//      went to MultiSafepay, so a retry is safe;
//   4. specs with an idempotency key: admission by the idempotency cache
//      (joins an identical call in flight, replays a stored answer, refuses
//      a different request under the same key); a call that is not sent
//      completes its entry too, so a retry proceeds;
//   5. the MultiSafepay call, with the caller's deadline (capped by the end
//      of the shutdown grace) as the upstream deadline. With an asynchronous
//      transport (MspClient::async()) it is sent at once and the call is
//      finished from its completion, no thread waiting: at most
//      `max_upstream_in_flight` at a time, one more is RESOURCE_EXHAUSTED
//      (UPSTREAM_IN_FLIGHT_LIMIT + RetryInfo) at once. With a blocking
//      transport it runs on the bounded worker pool; a full pool is
//      RESOURCE_EXHAUSTED (WORKER_POOL_FULL + RetryInfo) at once;
//   6. the spec's reply mapping (pure), then metrics (method, code, latency;
//      refusals by reason), one JSON log line (method and order_id only) and
//      the answer.
//
// This is the only place where absl::Status becomes grpc::Status.

#ifndef MSP_GATEWAY_SERVICE_RPC_UNARY_RUNNER_H_
#define MSP_GATEWAY_SERVICE_RPC_UNARY_RUNNER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#if defined(MSP_THREAD_SANITIZER)
#include <sanitizer/tsan_interface.h>
#endif

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/byte_buffer.h"
#include "service/callers/caller_gate.h"
#include "service/rpc/call_trace.h"
#include "service/rpc/claimed_call.h"
#include "service/rpc/idempotency_cache.h"
#include "service/rpc/metrics.h"
#include "service/rpc/rpc_log.h"
#include "service/rpc/settlement.h"
#include "service/rpc/unary_spec.h"
#include "service/rpc/worker_pool.h"
#include "service/store/order_store.h"
#include "service/upstream/msp_client.h"

namespace msp_gateway {

struct UnaryRunnerOptions {
  // A call that changes state at MultiSafepay is sent only with at least
  // this much of its deadline left (--min_upstream_budget). Zero: any time
  // left is enough.
  absl::Duration min_upstream_budget = absl::ZeroDuration();
  // Serialized requests above this are refused unparsed
  // (--max_request_bytes).
  size_t max_request_bytes = std::numeric_limits<size_t>::max();
  // With an asynchronous transport: MultiSafepay calls in flight at once
  // (--max_upstream_in_flight); one more is RESOURCE_EXHAUSTED at once.
  size_t max_upstream_in_flight = 1024;

  // The durable idempotency records (claimed_call.h). When set, every call
  // with an idempotency key is claimed in it before anything is sent, and
  // the idempotency cache is only a front (it joins identical calls in this
  // process and replays what the store recorded). The server always sets
  // it; unit tests of the edge may run without.
  OrderStore* store = nullptr;
  // Runs the store's blocking work (required with `store`).
  WorkerPool* store_pool = nullptr;
  // This replica's name on its leases (required with `store`).
  std::string replica_id;
  absl::Duration lease_margin = absl::Seconds(5);
  // Told about each store operation and lookup, for metrics. Optional.
  std::function<void(absl::string_view operation, bool ok,
                     absl::Duration latency)>
      on_store_operation;
  std::function<void(absl::string_view outcome)> on_lookup;
  // Told of every answer mapped from MultiSafepay's reply to this call
  // (not of answers replayed from the idempotency cache or record), just
  // after the caller was given it, on the thread that gave it: the order
  // events' first event of a created order
  // (service/server/payment_server.cc). After, so that its store work never
  // delays the call's own record and answer. Must be quick and must not
  // block. Optional.
  // `caller` is the caller's identity (empty: none).
  std::function<void(absl::string_view method, absl::string_view caller,
                     const google::protobuf::Message& request,
                     const google::protobuf::Message& response)>
      on_answer;
  // Who is calling and whether they may (caller_gate.h): checked first, a
  // refused call is answered PERMISSION_DENIED unparsed. Unset: nobody is
  // refused and calls carry no caller identity (unit tests).
  const CallerGate* callers = nullptr;
  // Each call gets its own reactor, which abandons a read's MultiSafepay
  // call (asynchronous transport) when the caller cancels or its deadline
  // passes: nobody waits for that answer, and it would hold an in-flight
  // slot. Writes always run to their answer (see SendAsync()). False: gRPC's
  // default reactor, for tests that drive the runner through
  // grpc::testing::DefaultReactorTestPeer.
  bool cancel_reads_with_caller = true;
};

namespace unary_runner_internal {

// What to run when the caller of one call cancels: the upstream call's
// Cancel, once it is sent. Shared by the call's reactor and its upstream
// step, so that either may end first. Thread-safe.
class CallerCancellation {
 public:
  // Runs `cancel` now if the caller has already cancelled, else when it
  // does (if ever).
  void OnCancel(std::function<void()> cancel);
  // The caller cancelled: runs what OnCancel() was given, once.
  void Cancelled();

 private:
  absl::Mutex mutex_;
  bool cancelled_ ABSL_GUARDED_BY(mutex_) = false;
  std::function<void()> cancel_ ABSL_GUARDED_BY(mutex_);
};

// gRPC's default unary reactor, plus telling the call's CallerCancellation
// when the caller cancels. Deletes itself when gRPC is done with it.
class CancellableUnaryReactor : public grpc::ServerUnaryReactor {
 public:
  explicit CancellableUnaryReactor(
      std::shared_ptr<CallerCancellation> cancellation)
      : cancellation_(std::move(cancellation)) {
    HappensBeforeReactions();
  }
  void OnCancel() override {
    AfterEarlierReactions();
    cancellation_->Cancelled();
    HappensBeforeReactions();  // OnDone() may run on another thread.
  }
  void OnDone() override {
    AfterEarlierReactions();
    delete this;
  }
  // Both reactions are trivial and never block (Cancelled() only asks the
  // transport's event thread to drop a transfer), so gRPC may run them on
  // the thread that completes the call, as it does for its own default
  // reactor. Otherwise OnDone() would hop to gRPC's executor thread, a
  // hand-off in uninstrumented libgrpc that ThreadSanitizer cannot see: it
  // reports `delete this` as racing with the completion that scheduled it.
  bool InternalInlineable() override { return true; }

 private:
  // The reactor is built on the handler's thread and its reactions run on
  // whichever thread completes the call. gRPC orders the two with atomics
  // compiled into libgrpc++ (ServerCallbackCall::MaybeCallOnCancel() called
  // from ServerContextBase::CompletionOp), which ThreadSanitizer does not
  // see; these annotations give it that order. No-ops in other builds.
  void HappensBeforeReactions() {
#if defined(MSP_THREAD_SANITIZER)
    __tsan_release(this);
#endif
  }
  void AfterEarlierReactions() {
#if defined(MSP_THREAD_SANITIZER)
    __tsan_acquire(this);
#endif
  }

  const std::shared_ptr<CallerCancellation> cancellation_;
};

}  // namespace unary_runner_internal

class UnaryRunner {
 public:
  using Options = UnaryRunnerOptions;

  // Every collaborator must outlive the runner.
  UnaryRunner(MspClient& msp, WorkerPool& pool, IdempotencyCache& idempotency,
              RpcLogger& logger, GatewayMetrics& metrics, Options options = {});

  // From `at` on no call is sent to MultiSafepay any more (calls picked up
  // later are answered UNAVAILABLE SHUTTING_DOWN, nothing sent), and calls
  // sent before get at most until `at` for their upstream request, so none
  // outlives the shutdown grace whose callers gRPC cancels. Thread-safe.
  void StopSendingAt(absl::Time at);

  // Returns once no MultiSafepay call sent through an asynchronous transport
  // is in flight, so the runner and its collaborators may be destroyed. Each
  // such call ends by its upstream deadline (see StopSendingAt()).
  void WaitForUpstreamCalls();

  // How this runner sends a MultiSafepay request for a claimed call (within
  // the in-flight limit); the reconciler's lookups go the same way.
  SendMsp sender() { return claimed_env_.send; }

  // Runs one call of `spec` (which must outlive it): `raw_request` holds the
  // caller's serialized request, `raw_response` receives the serialized
  // answer. Returns the call's reactor, as a raw callback method does.
  template <typename Spec>
  grpc::ServerUnaryReactor* Serve(const Spec& spec,
                                  grpc::CallbackServerContext* context,
                                  const grpc::ByteBuffer* raw_request,
                                  grpc::ByteBuffer* raw_response);

 private:
  // Answers the call with a serialized response or an error; runs exactly
  // once per RPC, on any thread.
  using Finish = std::function<void(const absl::StatusOr<std::string>&)>;

  // A validated, translated call with its types erased: what is left to do
  // is the same for every RPC.
  struct Call {
    absl::string_view method;
    MspRequest msp_request;
    // Maps MultiSafepay's answer with the spec and serializes the response.
    std::function<absl::StatusOr<std::string>(const MspReply&)> map_reply;
    // Empty: no idempotency. Else the method-prefixed key and the request's
    // fingerprint.
    std::string idempotency_key;
    absl::string_view idempotency_key_field;  // "order_id"
    std::string idempotency_key_value;
    std::string fingerprint;
    // With a key: the record's order and how to settle an ambiguous write.
    std::string order_id;
    Settlement settlement;
    // Null without Options::cancel_reads_with_caller.
    std::shared_ptr<unary_runner_internal::CallerCancellation>
        caller_cancellation;
  };

  // Parses `raw` into `request` within max_request_bytes.
  absl::Status ParseRequest(const grpc::ByteBuffer& raw,
                            google::protobuf::Message& request) const;

  // Counts a request refused before parsing finished.
  void RefuseUnparsed(absl::string_view method, const absl::Status& parsed);

  // The Finish of one call, which logs `order_id` and `caller` with it.
  Finish MakeFinish(grpc::ServerUnaryReactor* reactor,
                    grpc::ByteBuffer* raw_response, absl::string_view method,
                    std::string order_id, std::string caller,
                    std::shared_ptr<const CallTrace> trace, absl::Time start);

  // The call's trace (call_trace.h); its request id goes back to the
  // caller in the trailing metadata (x-request-id).
  static std::shared_ptr<const CallTrace> TraceOf(
      grpc::CallbackServerContext& context);

  // Steps 3 to 6 of the file comment.
  void Run(grpc::CallbackServerContext* context, Finish finish, Call call);

  // Step 5 with an asynchronous transport. `complete` sees the result first.
  void SendAsync(
      Call call, absl::Time send_by, Finish finish,
      std::function<void(const absl::StatusOr<std::string>&)> complete);

  // Steps 4-5 for a call with a key and a store (claimed_call.h).
  void RunClaimed(
      grpc::CallbackServerContext* context, bool changes_state, Call call,
      absl::Time deadline, absl::Time send_by, Finish finish,
      std::function<void(const absl::StatusOr<std::string>&)> complete);

  // ClaimedCallEnv::send: through the asynchronous transport within the
  // in-flight limit, else on the worker pool.
  void SendForClaimedCall(const MspRequest& request, absl::Time deadline,
                          std::function<void(absl::StatusOr<MspReply>)> done);

  // RESOURCE_EXHAUSTED UPSTREAM_IN_FLIGHT_LIMIT / WORKER_POOL_FULL.
  absl::Status InFlightLimitError() const;
  static absl::Status WorkerPoolFullError();

  // OK with the upstream deadline in `*send_by` when a call with `deadline`
  // may be sent now, else why not (request_sent: false); counts refusals.
  absl::Status CheckSendable(const grpc::CallbackServerContext& context,
                             absl::string_view method, bool changes_state,
                             absl::Time deadline, absl::Time* send_by);

  absl::Time stop_sending_at() const;

  MspClient& msp_;
  WorkerPool& pool_;
  IdempotencyCache& idempotency_;
  RpcLogger& logger_;
  GatewayMetrics& metrics_;
  const Options options_;
  ClaimedCallEnv claimed_env_;
  // MultiSafepay calls in flight through the asynchronous transport
  // (admission to the in-flight limit).
  std::atomic<size_t> upstream_in_flight_{0};
  // Calls of this runner still running after Serve() returned (upstream
  // calls and claimed calls): WaitForUpstreamCalls() waits for zero.
  std::atomic<size_t> pending_{0};
  // absl::ToUnixNanos of StopSendingAt(); max: not shutting down.
  std::atomic<int64_t> stop_sending_at_ns_{std::numeric_limits<int64_t>::max()};
};

namespace unary_runner_internal {

// Whether `Request` has an order_id (ListGateways and GetGateway do not).
template <typename T, typename = void>
struct HasOrderId : std::false_type {};
template <typename T>
struct HasOrderId<T, std::void_t<decltype(std::declval<const T&>().order_id())>>
    : std::true_type {};

// The only request data that goes into the log line.
template <typename Request>
std::string OrderIdForLog(const Request& request) {
  if constexpr (HasOrderId<Request>::value) {
    return request.order_id();
  } else {
    return "";
  }
}

// INTERNAL with `status`'s message and details: a translator refusing a
// request its validator accepted is the gateway's bug, not the caller's.
absl::Status TranslationBug(const absl::Status& status);

}  // namespace unary_runner_internal

template <typename Spec>
grpc::ServerUnaryReactor* UnaryRunner::Serve(
    const Spec& spec, grpc::CallbackServerContext* context,
    const grpc::ByteBuffer* raw_request, grpc::ByteBuffer* raw_response) {
  using Request = typename Spec::Request;
  using Response = typename Spec::Response;
  std::shared_ptr<unary_runner_internal::CallerCancellation> cancellation;
  grpc::ServerUnaryReactor* reactor;
  if (options_.cancel_reads_with_caller) {
    cancellation =
        std::make_shared<unary_runner_internal::CallerCancellation>();
    reactor = new unary_runner_internal::CancellableUnaryReactor(cancellation);
  } else {
    reactor = context->DefaultReactor();
  }
  const absl::Time start = absl::Now();
  metrics_.RpcStarted();
  std::shared_ptr<const CallTrace> trace = TraceOf(*context);
  CallerAdmission caller;
  if (options_.callers != nullptr) {
    caller = options_.callers->Admit(*context, spec.method);
  }
  if (!caller.status.ok()) {
    MakeFinish(reactor, raw_response, spec.method, "", caller.identity, trace,
               start)(caller.status);
    return reactor;
  }
  // Shared by the mapping closure, so it lives as long as the upstream step.
  auto request = std::make_shared<Request>();
  const absl::Status parsed = ParseRequest(*raw_request, *request);
  Finish finish = MakeFinish(
      reactor, raw_response, spec.method,
      parsed.ok() ? unary_runner_internal::OrderIdForLog(*request) : "",
      caller.identity, trace, start);
  if (!parsed.ok()) {
    RefuseUnparsed(spec.method, parsed);
    finish(parsed);
    return reactor;
  }
  if (absl::Status valid = spec.validate(*request); !valid.ok()) {
    finish(valid);
    return reactor;
  }
  absl::StatusOr<MspRequest> msp_request = spec.translate(*request);
  if (!msp_request.ok()) {
    finish(unary_runner_internal::TranslationBug(msp_request.status()));
    return reactor;
  }
  Call call;
  call.method = spec.method;
  call.msp_request = *std::move(msp_request);
  call.msp_request.trace_headers = TraceHeadersOf(*trace);
  call.caller_cancellation = std::move(cancellation);
  if (spec.idempotency_key != nullptr) {
    if (std::string key = spec.idempotency_key(*request); !key.empty()) {
      call.idempotency_key = absl::StrCat(spec.method, "/", key);
      call.idempotency_key_field = spec.idempotency_key_field;
      call.idempotency_key_value = std::move(key);
      call.fingerprint = RequestFingerprint(*request);
      if (spec.order_id != nullptr) call.order_id = spec.order_id(*request);
      if (options_.store != nullptr) call.settlement = SettlementOf(spec);
    }
  }
  // The answer this call mapped from MultiSafepay's reply, kept for
  // on_answer until the caller has been answered: its store work (the order
  // events' first event) must not compete with the call's own record.
  std::shared_ptr<std::optional<Response>> mapped;
  if (options_.on_answer) {
    mapped = std::make_shared<std::optional<Response>>();
    finish = [finish = std::move(finish), mapped, request,
              &on_answer = options_.on_answer, &spec,
              caller = std::move(caller.identity)](
                 const absl::StatusOr<std::string>& result) {
      finish(result);
      if (mapped->has_value()) {
        on_answer(spec.method, caller, *request, **mapped);
      }
    };
  }
  call.map_reply = [&spec, request, mapped](
                       const MspReply& reply) -> absl::StatusOr<std::string> {
    absl::StatusOr<Response> response = spec.map_reply(*request, reply);
    if (!response.ok()) return response.status();
    std::string bytes;
    if (!response->SerializeToString(&bytes)) {
      return absl::InternalError("cannot serialize the response");
    }
    if (mapped != nullptr) *mapped = *std::move(response);
    return bytes;
  };
  Run(context, std::move(finish), std::move(call));
  return reactor;
}

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_UNARY_RUNNER_H_
