// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/metrics.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "service/rpc/rpc_log.h"

namespace msp_gateway {
namespace {

// Latency buckets in seconds: sub-millisecond validation failures up to
// MultiSafepay's slowest answers.
const std::vector<double>& LatencyBounds() {
  static const auto* bounds = new std::vector<double>{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
      0.25,   0.5,   1,      2.5,   5,    10,    30};
  return *bounds;
}

std::string EscapeLabel(absl::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string Labels(const std::vector<std::string>& names,
                   const std::vector<std::string>& values,
                   absl::string_view extra = "") {
  std::string out;
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    absl::StrAppend(&out, out.empty() ? "" : ",", names[i], "=\"",
                    EscapeLabel(values[i]), "\"");
  }
  if (!extra.empty()) absl::StrAppend(&out, out.empty() ? "" : ",", extra);
  return out.empty() ? "" : absl::StrCat("{", out, "}");
}

void Header(std::string& out, absl::string_view name, absl::string_view help,
            absl::string_view type) {
  absl::StrAppend(&out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ",
                  type, "\n");
}

}  // namespace

CounterFamily::CounterFamily(std::string name, std::string help,
                             std::vector<std::string> label_names)
    : name_(std::move(name)),
      help_(std::move(help)),
      label_names_(std::move(label_names)) {}

void CounterFamily::Increment(const std::vector<std::string>& label_values,
                              uint64_t by) {
  absl::MutexLock lock(&mu_);
  values_[label_values] += by;
}

uint64_t CounterFamily::Value(
    const std::vector<std::string>& label_values) const {
  absl::MutexLock lock(&mu_);
  auto it = values_.find(label_values);
  return it == values_.end() ? 0 : it->second;
}

void CounterFamily::Render(std::string& out) const {
  Header(out, name_, help_, "counter");
  absl::MutexLock lock(&mu_);
  for (const auto& [labels, value] : values_) {
    absl::StrAppend(&out, name_, Labels(label_names_, labels), " ", value,
                    "\n");
  }
}

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> label_names,
                                 std::vector<double> bounds_seconds)
    : name_(std::move(name)),
      help_(std::move(help)),
      label_names_(std::move(label_names)),
      bounds_(std::move(bounds_seconds)) {}

void HistogramFamily::Observe(const std::vector<std::string>& label_values,
                              absl::Duration value) {
  const double seconds = absl::ToDoubleSeconds(value);
  size_t bucket = 0;
  while (bucket < bounds_.size() && seconds > bounds_[bucket]) ++bucket;
  absl::MutexLock lock(&mu_);
  Series& series = series_[label_values];
  if (series.buckets.empty()) series.buckets.assign(bounds_.size() + 1, 0);
  ++series.buckets[bucket];
  ++series.count;
  series.sum_nanos += absl::ToInt64Nanoseconds(value);
}

uint64_t HistogramFamily::Count(
    const std::vector<std::string>& label_values) const {
  absl::MutexLock lock(&mu_);
  auto it = series_.find(label_values);
  return it == series_.end() ? 0 : it->second.count;
}

void HistogramFamily::Render(std::string& out) const {
  Header(out, name_, help_, "histogram");
  absl::MutexLock lock(&mu_);
  for (const auto& [labels, series] : series_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
      cumulative += series.buckets[i];
      const std::string le =
          i < bounds_.size() ? absl::StrCat(bounds_[i]) : "+Inf";
      absl::StrAppend(
          &out, name_, "_bucket",
          Labels(label_names_, labels, absl::StrCat("le=\"", le, "\"")), " ",
          cumulative, "\n");
    }
    absl::StrAppend(&out, name_, "_sum", Labels(label_names_, labels), " ",
                    static_cast<double>(series.sum_nanos) / 1e9, "\n");
    absl::StrAppend(&out, name_, "_count", Labels(label_names_, labels), " ",
                    series.count, "\n");
  }
}

GatewayMetrics::GatewayMetrics(std::string version)
    : version_(std::move(version)),
      rpc_requests_("msp_gateway_rpc_requests_total",
                    "Finished RPCs by method, gRPC status code and caller "
                    "(client certificate identity; none, other).",
                    {"method", "code", "caller"}),
      rpc_latency_("msp_gateway_rpc_latency_seconds",
                   "RPC latency from arrival to answer.", {"method"},
                   LatencyBounds()),
      upstream_requests_(
          "msp_gateway_upstream_requests_total",
          "MultiSafepay API requests by endpoint, HTTP status (0 = no "
          "response) and MultiSafepay error code (0 = none).",
          {"endpoint", "http_status", "msp_error_code"}),
      upstream_latency_("msp_gateway_upstream_latency_seconds",
                        "MultiSafepay API request latency.", {"endpoint"},
                        LatencyBounds()),
      rpc_refusals_(
          "msp_gateway_rpc_refusals_total",
          "RPCs the gateway answered itself without a MultiSafepay request, "
          "by method and reason (undecodable or oversized request, too "
          "little deadline left, caller gone or shutdown while queued, full "
          "worker pool).",
          {"method", "reason"}),
      store_latency_("msp_gateway_store_latency_seconds",
                     "Order store operation latency, by operation.",
                     {"operation"}, LatencyBounds()),
      store_errors_("msp_gateway_store_errors_total",
                    "Order store operations that failed, by operation.",
                    {"operation"}),
      reconciliations_(
          "msp_gateway_reconciliations_total",
          "Lookups that settled a write whose answer was lost, by who "
          "looked (call, reconciler) and outcome (not_applied, applied, "
          "answer_lost, lookup_failed).",
          {"by", "outcome"}),
      notifications_(
          "msp_gateway_notifications_total",
          "MultiSafepay notifications answered, by method (POST, GET, other) "
          "and result (accepted, duplicate, stale, bad_signature, malformed, "
          "ignored, store_failed, rejected).",
          {"method", "result"}),
      order_polls_("msp_gateway_order_polls_total",
                   "Reconciler reads of orders not final, by outcome "
                   "(changed, unchanged, not_found, failed, expired).",
                   {"outcome"}),
      order_observations_(
          "msp_gateway_order_observations_total",
          "Order snapshots recorded through the state machine, by source "
          "(notification, reconciler, rpc) and transition (new, advance: "
          "an event; duplicate, stale: none).",
          {"source", "transition"}),
      order_events_dropped_(
          "msp_gateway_order_events_dropped_total",
          "Created orders whose first event could not be recorded (the "
          "notification records them), by reason.",
          {"reason"}) {}

void GatewayMetrics::RecordNotification(absl::string_view method,
                                        absl::string_view result) {
  notifications_.Increment({std::string(method), std::string(result)});
}

void GatewayMetrics::RecordOrderPoll(absl::string_view outcome) {
  order_polls_.Increment({std::string(outcome)});
}

void GatewayMetrics::RecordOrderObservation(absl::string_view source,
                                            absl::string_view transition) {
  order_observations_.Increment({std::string(source), std::string(transition)});
}

void GatewayMetrics::RecordOrderEventDropped(absl::string_view reason) {
  order_events_dropped_.Increment({std::string(reason)});
}

void GatewayMetrics::RecordStoreOperation(absl::string_view operation, bool ok,
                                          absl::Duration latency) {
  store_latency_.Observe({std::string(operation)}, latency);
  if (!ok) store_errors_.Increment({std::string(operation)});
}

void GatewayMetrics::RecordReconciliation(absl::string_view by,
                                          absl::string_view outcome) {
  reconciliations_.Increment({std::string(by), std::string(outcome)});
}

void GatewayMetrics::SetRecordsByState(
    const std::vector<std::pair<std::string, int64_t>>& counts) {
  absl::MutexLock lock(&mu_);
  records_by_state_ = counts;
}

void GatewayMetrics::RecordRpc(absl::string_view method, absl::StatusCode code,
                               absl::Duration latency,
                               absl::string_view caller) {
  rpc_requests_.Increment({std::string(method), std::string(GrpcCodeName(code)),
                           CallerLabel(caller)});
  rpc_latency_.Observe({std::string(method)}, latency);
}

std::string GatewayMetrics::CallerLabel(absl::string_view identity) {
  if (identity.empty()) return "none";
  absl::MutexLock lock(&mu_);
  if (caller_labels_.contains(identity)) return std::string(identity);
  if (caller_labels_.size() >= kMaxCallerLabels) return "other";
  caller_labels_.emplace(identity);
  return std::string(identity);
}

void GatewayMetrics::RecordUpstream(absl::string_view endpoint, int http_status,
                                    int msp_error_code,
                                    absl::Duration latency) {
  upstream_requests_.Increment({std::string(endpoint),
                                absl::StrCat(http_status),
                                absl::StrCat(msp_error_code)});
  upstream_latency_.Observe({std::string(endpoint)}, latency);
}

void GatewayMetrics::RecordRefusal(absl::string_view method,
                                   absl::string_view reason) {
  rpc_refusals_.Increment({std::string(method), std::string(reason)});
}

void GatewayMetrics::SetQueueDepthSource(std::function<size_t()> source) {
  absl::MutexLock lock(&mu_);
  queue_depth_ = std::move(source);
}

std::string GatewayMetrics::RenderPrometheus() const {
  std::string out;
  rpc_requests_.Render(out);
  rpc_latency_.Render(out);
  upstream_requests_.Render(out);
  upstream_latency_.Render(out);
  rpc_refusals_.Render(out);
  store_latency_.Render(out);
  store_errors_.Render(out);
  reconciliations_.Render(out);
  notifications_.Render(out);
  order_polls_.Render(out);
  order_observations_.Render(out);
  order_events_dropped_.Render(out);
  Header(out, "msp_gateway_watch_streams", "WatchOrderEvents streams open now.",
         "gauge");
  absl::StrAppend(&out, "msp_gateway_watch_streams ",
                  watch_streams_.load(std::memory_order_relaxed), "\n");
  Header(out, "msp_gateway_order_event_lag_seconds",
         "From an event's append to the store until this replica fanned it "
         "out to its streams, for the last event.",
         "gauge");
  const int64_t lag_ms =
      std::max<int64_t>(0, event_lag_ms_.load(std::memory_order_relaxed));
  absl::StrAppend(&out, "msp_gateway_order_event_lag_seconds ", lag_ms / 1000,
                  ".", absl::Dec(lag_ms % 1000, absl::kZeroPad3), "\n");
  Header(out, "msp_gateway_store_up",
         "1 when the order store answered its last ping.", "gauge");
  absl::StrAppend(&out, "msp_gateway_store_up ",
                  store_up_.load(std::memory_order_relaxed) ? 1 : 0, "\n");
  Header(out, "msp_gateway_inflight_rpcs", "RPCs being handled right now.",
         "gauge");
  absl::StrAppend(&out, "msp_gateway_inflight_rpcs ",
                  inflight_.load(std::memory_order_relaxed), "\n");
  size_t depth = 0;
  std::vector<std::pair<std::string, int64_t>> records;
  {
    absl::MutexLock lock(&mu_);
    if (queue_depth_) depth = queue_depth_();
    records = records_by_state_;
  }
  Header(out, "msp_gateway_idempotency_records",
         "Idempotency records in the order store by state, as last counted.",
         "gauge");
  for (const auto& [state, count] : records) {
    absl::StrAppend(&out, "msp_gateway_idempotency_records",
                    Labels({"state"}, {state}), " ", count, "\n");
  }
  Header(out, "msp_gateway_worker_queue_depth",
         "Upstream calls waiting for a free worker.", "gauge");
  absl::StrAppend(&out, "msp_gateway_worker_queue_depth ", depth, "\n");
  Header(out, "msp_gateway_build_info", "Build information; always 1.",
         "gauge");
  absl::StrAppend(&out, "msp_gateway_build_info",
                  Labels({"version"}, {version_}), " 1\n");
  return out;
}

}  // namespace msp_gateway
