// Copyright 2026 The msp-gateway Authors.
//
// File: payment_service_impl.h
//
// The RPC edge of payments.v1.PaymentService (gRPC callback API). Every RPC
// takes the same path (Serve, then RunUnary):
//
//   1. the raw request bytes: larger than `max_request_bytes` is
//      INVALID_ARGUMENT (REQUEST_TOO_LARGE, a field violation) before any
//      parsing; bytes that are not a valid request message are
//      INVALID_ARGUMENT (MALFORMED_REQUEST). The methods are registered with
//      raw byte buffers because gRPC 1.51's callback API answers an
//      undecodable request itself, UNIMPLEMENTED with an empty message, seen
//      by neither our log nor our metrics;
//   2. validate + translate on the gRPC thread (cheap, pure; service/order/
//      for CreateOrder, service/lifecycle/ for the others); an invalid
//      request is INVALID_ARGUMENT with field violations and is never sent;
//   3. the send check (CheckSendable), at admission and again when a worker
//      picks the call up: a call is not sent when the gateway is past its
//      shutdown grace (UNAVAILABLE SHUTTING_DOWN), when less than
//      `min_upstream_budget` of the caller's deadline is left for an RPC that
//      changes state at MultiSafepay, or none at all for a read
//      (DEADLINE_EXCEEDED DEADLINE_TOO_SHORT), or when the caller is gone
//      (CANCELLED CALL_CANCELLED). Each says `request_sent: false`: nothing
//      went to MultiSafepay, so a retry is safe;
//   4. CreateOrder only: idempotency admission (idempotency_cache.h); a call
//      that is not sent completes its entry too, so a retry proceeds;
//   5. the blocking MultiSafepay call on the bounded worker pool, with the
//      caller's deadline (capped by the end of the shutdown grace) as the
//      upstream deadline; a full pool is RESOURCE_EXHAUSTED (WORKER_POOL_FULL
//      + RetryInfo) at once;
//   6. the response mapping (pure), then metrics (method, code, latency;
//      refusals by reason), one JSON log line (method and order_id only) and
//      the answer.
//
// This is the only place where absl::Status becomes grpc::Status.

#ifndef MSP_GATEWAY_SERVICE_SERVER_PAYMENT_SERVICE_IMPL_H_
#define MSP_GATEWAY_SERVICE_SERVER_PAYMENT_SERVICE_IMPL_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/support/byte_buffer.h"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/rpc/idempotency_cache.h"
#include "service/server/metrics.h"
#include "service/rpc/rpc_log.h"
#include "service/upstream/msp_client.h"
#include "service/rpc/worker_pool.h"

namespace msp_gateway {

namespace payment_service_internal {
using Svc = payments::v1::PaymentService;
// Every method of payments.v1.PaymentService as a raw-bytes callback method.
using RawService = Svc::WithRawCallbackMethod_CreateOrder<
    Svc::WithRawCallbackMethod_GetOrder<Svc::WithRawCallbackMethod_UpdateOrder<
        Svc::WithRawCallbackMethod_CancelOrder<
            Svc::WithRawCallbackMethod_CaptureOrder<
                Svc::WithRawCallbackMethod_RefundOrder<
                    Svc::WithRawCallbackMethod_ListGateways<
                        Svc::WithRawCallbackMethod_GetGateway<
                            Svc::Service>>>>>>>>;
}  // namespace payment_service_internal

struct PaymentServiceOptions {
  // A call that changes state at MultiSafepay is sent only with at least
  // this much of its deadline left (--min_upstream_budget). Zero: any time
  // left is enough.
  absl::Duration min_upstream_budget = absl::ZeroDuration();
  // Serialized requests above this are refused unparsed
  // (--max_request_bytes).
  size_t max_request_bytes = std::numeric_limits<size_t>::max();
};

class PaymentServiceImpl final : public payment_service_internal::RawService {
 public:
  using Options = PaymentServiceOptions;

  // Every collaborator must outlive the service.
  PaymentServiceImpl(MspClient& msp, WorkerPool& pool,
                     IdempotencyCache& idempotency, RpcLogger& logger,
                     GatewayMetrics& metrics, Options options = {});

  // From `at` on no call is sent to MultiSafepay any more (calls picked up
  // later are answered UNAVAILABLE SHUTTING_DOWN, nothing sent), and calls
  // sent before get at most until `at` for their upstream request, so none
  // outlives the shutdown grace whose callers gRPC cancels. Thread-safe;
  // PaymentServer::Shutdown calls it with now + grace.
  void StopSendingAt(absl::Time at);

  // The raw callback methods: `request` holds the caller's serialized
  // request, `response` receives the serialized answer.
  grpc::ServerUnaryReactor* CreateOrder(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetOrder(grpc::CallbackServerContext* context,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* UpdateOrder(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* CancelOrder(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* CaptureOrder(grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* RefundOrder(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListGateways(grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetGateway(grpc::CallbackServerContext* context,
                                       const grpc::ByteBuffer* request,
                                       grpc::ByteBuffer* response) override;

 private:
  // What an RPC does at MultiSafepay, for the send check.
  enum class Effect {
    kRead,   // Sending late only wastes a worker.
    kWrite,  // Sending late may create or change what the caller is told
             // failed: needs min_upstream_budget.
  };

  // Answers the call; runs exactly once per RPC, on any thread.
  template <typename Response>
  using Finish = std::function<void(const absl::StatusOr<Response>&)>;

  // The blocking MultiSafepay part of one call, run on a worker with the
  // upstream deadline: the upstream request and the mapping of its answer.
  template <typename Response>
  using Upstream = std::function<absl::StatusOr<Response>(absl::Time)>;

  // Optional steps around the upstream call (CreateOrder's idempotency).
  template <typename Response>
  struct Hooks {
    // Runs after the send check at admission. Returns false when it has
    // taken over answering the call (through the Finish it was given).
    std::function<bool(const Finish<Response>&)> admit;
    // Sees the result of every admitted call (including WORKER_POOL_FULL
    // and calls not sent) just before the caller does.
    std::function<void(const absl::StatusOr<Response>&)> on_result;
  };

  // A validated, translated request: what to run on a worker.
  template <typename Response>
  struct Prepared {
    Upstream<Response> upstream;
    Hooks<Response> hooks;
  };

  // The one template behind the eight methods: bounds and parses the raw
  // request, then RunUnary. `method` names the RPC in metrics and logs.
  // `prepare` validates and translates the parsed request on the calling
  // thread and returns what to run on a worker, or the error to answer at
  // once; its closures keep the request alive as long as they need it.
  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Serve(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* raw_request,
      grpc::ByteBuffer* raw_response, absl::string_view method, Effect effect,
      absl::FunctionRef<
          absl::StatusOr<Prepared<Response>>(std::shared_ptr<const Request>)>
          prepare);

  // Steps 3 to 6 of the file comment; `finish` answers (and logs) the call.
  template <typename Response>
  void RunUnary(grpc::CallbackServerContext* context, absl::string_view method,
                Effect effect, const Finish<Response>& finish,
                absl::StatusOr<Prepared<Response>> prepared);

  // OK with the upstream deadline in `*send_by` when a call with `deadline`
  // may be sent now, else why not (request_sent: false); counts refusals.
  absl::Status CheckSendable(const grpc::CallbackServerContext& context,
                             absl::string_view method, Effect effect,
                             absl::Time deadline, absl::Time* send_by);

  absl::Time stop_sending_at() const;

  MspClient& msp_;
  WorkerPool& pool_;
  IdempotencyCache& idempotency_;
  RpcLogger& logger_;
  GatewayMetrics& metrics_;
  const Options options_;
  // absl::ToUnixNanos of StopSendingAt(); max: not shutting down.
  std::atomic<int64_t> stop_sending_at_ns_{std::numeric_limits<int64_t>::max()};
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_SERVER_PAYMENT_SERVICE_IMPL_H_
