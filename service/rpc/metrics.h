// Copyright 2026 The msp-gateway Authors.
//
// File: metrics.h
//
// The gateway's Prometheus metrics, rendered in the text exposition format
// (version 0.0.4) by the admin port. Labels carry only bounded values (method,
// gRPC code, endpoint template, HTTP status, MultiSafepay error code): never an
// order_id, a customer field or a key.

#ifndef MSP_GATEWAY_SERVICE_RPC_METRICS_H_
#define MSP_GATEWAY_SERVICE_RPC_METRICS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace msp_gateway {

// A counter family keyed by label values.
class CounterFamily {
 public:
  CounterFamily(std::string name, std::string help,
                std::vector<std::string> label_names);
  void Increment(const std::vector<std::string>& label_values, uint64_t by = 1);
  uint64_t Value(const std::vector<std::string>& label_values) const;
  void Render(std::string& out) const;

 private:
  const std::string name_, help_;
  const std::vector<std::string> label_names_;
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, uint64_t> values_ ABSL_GUARDED_BY(mu_);
};

// A histogram family (seconds) keyed by label values.
class HistogramFamily {
 public:
  HistogramFamily(std::string name, std::string help,
                  std::vector<std::string> label_names,
                  std::vector<double> bounds_seconds);
  void Observe(const std::vector<std::string>& label_values,
               absl::Duration value);
  uint64_t Count(const std::vector<std::string>& label_values) const;
  void Render(std::string& out) const;

 private:
  struct Series {
    std::vector<uint64_t> buckets;  // Non-cumulative, one per bound + Inf.
    uint64_t count = 0;
    int64_t sum_nanos = 0;
  };
  const std::string name_, help_;
  const std::vector<std::string> label_names_;
  const std::vector<double> bounds_;
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, Series> series_ ABSL_GUARDED_BY(mu_);
};

// Every metric of the gateway.
class GatewayMetrics {
 public:
  explicit GatewayMetrics(std::string version);

  // One finished RPC. `caller` is the caller's identity (its client
  // certificate's SPIFFE ID or DNS name; empty: none), labelled through
  // CallerLabel().
  void RecordRpc(absl::string_view method, absl::StatusCode code,
                 absl::Duration latency, absl::string_view caller = "");
  // The `caller` label of an identity: "none" for no identity, the identity
  // itself for the first kMaxCallerLabels distinct ones, "other" after
  // that, so a CA that issues many names cannot blow up the series.
  std::string CallerLabel(absl::string_view identity);
  static constexpr size_t kMaxCallerLabels = 32;
  // One upstream HTTP exchange. `http_status` 0 = no response (timeout,
  // connection failure); `msp_error_code` 0 = none.
  void RecordUpstream(absl::string_view endpoint, int http_status,
                      int msp_error_code, absl::Duration latency);
  // One call the gateway answered itself before any MultiSafepay request,
  // for a reason of its own (a bounded set of ErrorInfo reasons:
  // MALFORMED_REQUEST, REQUEST_TOO_LARGE, DEADLINE_TOO_SHORT, CALL_CANCELLED,
  // SHUTTING_DOWN, WORKER_POOL_FULL). Also counted by RecordRpc.
  void RecordRefusal(absl::string_view method, absl::string_view reason);

  // One order store operation ("claim", "get", "update", "release",
  // "list", "purge", "ping") and whether it succeeded.
  void RecordStoreOperation(absl::string_view operation, bool ok,
                            absl::Duration latency);
  // One lookup that settled an ambiguous write, by who ("call", for a
  // caller's retry, or "reconciler") and outcome ("not_applied", "applied",
  // "answer_lost", "lookup_failed").
  void RecordReconciliation(absl::string_view by, absl::string_view outcome);
  // Idempotency records by state, as last counted (the store maintenance
  // loop counts them; a state not listed renders as 0).
  void SetRecordsByState(
      const std::vector<std::pair<std::string, int64_t>>& counts);
  // Order events (issue 12). One notification the listener answered, by
  // method (POST, GET, other) and result (accepted, duplicate, stale,
  // bad_signature, malformed, ignored, store_failed, rejected).
  void RecordNotification(absl::string_view method, absl::string_view result);
  // One reconciler poll of an order, by outcome (changed, unchanged,
  // not_found, failed, expired).
  void RecordOrderPoll(absl::string_view outcome);
  // One observation of an order recorded, by source (notification,
  // reconciler, rpc) and transition (new, advance, duplicate, stale).
  void RecordOrderObservation(absl::string_view source,
                              absl::string_view transition);
  // A created order's first event that could not be recorded, by reason.
  void RecordOrderEventDropped(absl::string_view reason);
  // WatchOrderEvents streams open now.
  void SetWatchStreams(size_t streams) {
    watch_streams_.store(static_cast<int64_t>(streams),
                         std::memory_order_relaxed);
  }
  // How long the last event the hub fanned out took from its append.
  void SetOrderEventLag(absl::Duration lag) {
    event_lag_ms_.store(absl::ToInt64Milliseconds(lag),
                        std::memory_order_relaxed);
  }
  const CounterFamily& notifications() const { return notifications_; }
  const CounterFamily& order_polls() const { return order_polls_; }
  const CounterFamily& order_observations() const {
    return order_observations_;
  }

  // Whether the order store answered its last ping.
  void SetStoreUp(bool up) { store_up_.store(up, std::memory_order_relaxed); }

  void RpcStarted() { inflight_.fetch_add(1, std::memory_order_relaxed); }
  void RpcFinished() { inflight_.fetch_sub(1, std::memory_order_relaxed); }
  // Read at render time (the worker pool's queue).
  void SetQueueDepthSource(std::function<size_t()> source);

  std::string RenderPrometheus() const;

  const CounterFamily& rpc_requests() const { return rpc_requests_; }
  const CounterFamily& upstream_requests() const { return upstream_requests_; }
  const CounterFamily& rpc_refusals() const { return rpc_refusals_; }
  const HistogramFamily& rpc_latency() const { return rpc_latency_; }
  const CounterFamily& reconciliations() const { return reconciliations_; }
  const HistogramFamily& store_latency() const { return store_latency_; }

 private:
  const std::string version_;
  CounterFamily rpc_requests_;
  HistogramFamily rpc_latency_;
  CounterFamily upstream_requests_;
  HistogramFamily upstream_latency_;
  CounterFamily rpc_refusals_;
  HistogramFamily store_latency_;
  CounterFamily store_errors_;
  CounterFamily reconciliations_;
  CounterFamily notifications_;
  CounterFamily order_polls_;
  CounterFamily order_observations_;
  CounterFamily order_events_dropped_;
  std::atomic<int64_t> watch_streams_{0};
  std::atomic<int64_t> event_lag_ms_{0};
  std::atomic<bool> store_up_{true};
  std::atomic<int64_t> inflight_{0};
  mutable absl::Mutex mu_;
  std::function<size_t()> queue_depth_ ABSL_GUARDED_BY(mu_);
  std::vector<std::pair<std::string, int64_t>> records_by_state_
      ABSL_GUARDED_BY(mu_);
  // The identities that have their own `caller` label.
  absl::flat_hash_set<std::string> caller_labels_ ABSL_GUARDED_BY(mu_);
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_METRICS_H_
