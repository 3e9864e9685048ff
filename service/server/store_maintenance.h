// Copyright 2026 The msp-gateway Authors.
//
// File: store_maintenance.h
//
// The order store's background loop, one round every --reconcile_interval:
//   - ping the store: readiness follows it (NOT_SERVING while it cannot be
//     reached, so Kubernetes routes callers to replicas that can claim);
//   - count records by state for the metrics;
//   - purge records older than --order_retention, in small batches, so a
//     purge never holds the store for long; likewise the order events and
//     order states (order_event_store.h) not updated for that long, so a
//     watcher resuming from an older cursor gets OUT_OF_RANGE;
//   - settle what nobody settles (reconciler.h).

#ifndef MSP_GATEWAY_SERVICE_SERVER_STORE_MAINTENANCE_H_
#define MSP_GATEWAY_SERVICE_SERVER_STORE_MAINTENANCE_H_

#include <cstddef>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/rpc/metrics.h"
#include "service/rpc/reconciler.h"
#include "service/store/order_event_store.h"
#include "service/store/order_store.h"

namespace msp_gateway {

struct StoreMaintenanceOptions {
  absl::Duration interval = absl::Seconds(5);
  absl::Duration retention = absl::Hours(24 * 30);
  // Records deleted per statement, and statements per round.
  size_t purge_batch = 500;
  int purge_batches_per_round = 20;
  // The order events to purge with the records; nullptr: none. Must
  // outlive the maintenance.
  OrderEventStore* events = nullptr;
};

class StoreMaintenance {
 public:
  using Options = StoreMaintenanceOptions;

  // `on_health` is told the store's reachability after every ping. All
  // must outlive this object.
  StoreMaintenance(OrderStore& store, Reconciler& reconciler,
                   GatewayMetrics& metrics, std::function<void(bool)> on_health,
                   Options options,
                   std::function<absl::Time()> clock = absl::Now);
  ~StoreMaintenance();

  // Runs rounds on a thread of its own until Stop().
  void Start();
  // Ends the loop (after the round in progress) and joins it. Idempotent.
  void Stop();

  // One round; what Start()'s thread runs. Returns whether the store
  // answered.
  bool RunOnce();

 private:
  OrderStore& store_;
  Reconciler& reconciler_;
  GatewayMetrics& metrics_;
  const std::function<void(bool)> on_health_;
  const Options options_;
  const std::function<absl::Time()> clock_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_SERVER_STORE_MAINTENANCE_H_
