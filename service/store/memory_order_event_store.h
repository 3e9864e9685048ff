// Copyright 2026 The msp-gateway Authors.
//
// File: memory_order_event_store.h
//
// An OrderEventStore in one process's memory, for unit tests of what uses
// one (the order event stream, the notification and reconciler paths):
// deterministic, no files, checked by the same conformance suite as the
// SQLite and PostgreSQL stores. Never used by the server.
//
// One mutex guards everything, and the decider runs under it, so appliers
// of any order are serialized (the real stores serialize per order and per
// append). Stores made from one Data share their orders, events and
// subscribers, like two replicas on one shared database.

#ifndef MSP_GATEWAY_SERVICE_STORE_MEMORY_ORDER_EVENT_STORE_H_
#define MSP_GATEWAY_SERVICE_STORE_MEMORY_ORDER_EVENT_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "service/store/append_notifier.h"
#include "service/store/order_event_store.h"

namespace msp_gateway {

class MemoryOrderEventStore : public OrderEventStore {
 public:
  struct Data {
    Data();

    absl::Mutex mu;
    std::map<std::string, OrderState> states ABSL_GUARDED_BY(mu);
    // By cursor.
    std::map<int64_t, StoredOrderEvent> events ABSL_GUARDED_BY(mu);
    // The greatest cursor ever appended.
    int64_t last_cursor ABSL_GUARDED_BY(mu) = 0;
    // When set, every call fails with it (a store that is down).
    absl::Status failure ABSL_GUARDED_BY(mu);
    // Every store on this Data wakes the same subscribers.
    const std::shared_ptr<AppendNotifier> notifier;
  };

  explicit MemoryOrderEventStore(std::shared_ptr<Data> data = nullptr);

  // Makes every later call fail with `failure` (OK: works again).
  // Subscribing keeps working (a subscription outlives an outage).
  void SetFailure(absl::Status failure);

  absl::StatusOr<ApplyOrderChangeResult> ApplyOrderChange(
      absl::string_view order_id, absl::Time now,
      const OrderStateDecider& decide) override;
  absl::StatusOr<std::optional<OrderState>> GetOrderState(
      absl::string_view order_id) override;
  absl::StatusOr<std::vector<StoredOrderEvent>> ReadEvents(
      int64_t after_cursor, absl::Span<const std::string> order_ids,
      size_t limit) override;
  absl::StatusOr<EventCursorRange> EventCursors() override;
  absl::StatusOr<std::vector<OrderState>> ListOrdersToPoll(
      absl::Time now, size_t limit) override;
  absl::StatusOr<bool> SchedulePoll(absl::string_view order_id, int64_t version,
                                    absl::Time next_poll,
                                    int poll_attempts) override;
  absl::StatusOr<size_t> PurgeEventsBefore(absl::Time cutoff,
                                           size_t limit) override;
  absl::StatusOr<std::unique_ptr<AppendSubscription>> SubscribeToAppends(
      std::function<void()> wake) override;

  const std::shared_ptr<Data>& data() const { return data_; }

 private:
  std::shared_ptr<Data> data_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_MEMORY_ORDER_EVENT_STORE_H_
