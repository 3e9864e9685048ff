// Copyright 2026 The msp-gateway Authors.

#include "service/server/store_maintenance.h"

#include <string>
#include <utility>
#include <vector>

namespace msp_gateway {

StoreMaintenance::StoreMaintenance(OrderStore& store, Reconciler& reconciler,
                                   GatewayMetrics& metrics,
                                   std::function<void(bool)> on_health,
                                   Options options,
                                   std::function<absl::Time()> clock)
    : store_(store),
      reconciler_(reconciler),
      metrics_(metrics),
      on_health_(std::move(on_health)),
      options_(options),
      clock_(std::move(clock)) {}

StoreMaintenance::~StoreMaintenance() { Stop(); }

void StoreMaintenance::Start() {
  thread_ = std::thread([this] {
    for (;;) {
      RunOnce();
      absl::MutexLock lock(&mu_);
      auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_;
      };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping), options_.interval)) {
        return;
      }
    }
  });
}

void StoreMaintenance::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

bool StoreMaintenance::RunOnce() {
  const absl::Time start = clock_();
  const absl::Status ping = store_.Ping();
  metrics_.RecordStoreOperation("ping", ping.ok(), clock_() - start);
  metrics_.SetStoreUp(ping.ok());
  if (on_health_) on_health_(ping.ok());
  if (!ping.ok()) return false;

  absl::StatusOr<absl::flat_hash_map<std::string, int64_t>> counts =
      store_.CountByState();
  if (counts.ok()) {
    std::vector<std::pair<std::string, int64_t>> by_state;
    for (RecordState state :
         {RecordState::kInFlight, RecordState::kCompleted,
          RecordState::kUnknown, RecordState::kAnswerLost}) {
      const std::string name(RecordStateName(state));
      auto it = counts->find(name);
      by_state.emplace_back(name, it == counts->end() ? 0 : it->second);
    }
    metrics_.SetRecordsByState(by_state);
  }

  const absl::Time cutoff = clock_() - options_.retention;
  for (int i = 0; i < options_.purge_batches_per_round; ++i) {
    const absl::Time purge_start = clock_();
    absl::StatusOr<size_t> purged =
        store_.PurgeCreatedBefore(cutoff, options_.purge_batch);
    metrics_.RecordStoreOperation("purge", purged.ok(), clock_() - purge_start);
    if (!purged.ok() || *purged < options_.purge_batch) break;
  }
  for (int i = 0;
       options_.events != nullptr && i < options_.purge_batches_per_round;
       ++i) {
    const absl::Time purge_start = clock_();
    absl::StatusOr<size_t> purged =
        options_.events->PurgeEventsBefore(cutoff, options_.purge_batch);
    metrics_.RecordStoreOperation("purge_events", purged.ok(),
                                  clock_() - purge_start);
    if (!purged.ok() || *purged < options_.purge_batch) break;
  }

  reconciler_.RunOnce([this] {
    absl::MutexLock lock(&mu_);
    return stopping_;
  });
  return true;
}

}  // namespace msp_gateway
