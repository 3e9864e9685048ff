// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/order_event_recorder.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"

namespace msp_gateway {

OrderEventRecorder::OrderEventRecorder(OrderEventStore& store,
                                       OrderEventRecorderOptions options)
    : store_(store), options_(std::move(options)) {}

absl::StatusOr<Transition> OrderEventRecorder::Record(
    const payments::v1::Order& order, payments::v1::OrderEventSource source,
    bool created_by_gateway, absl::string_view caller) {
  const absl::Time now = options_.clock();
  ObservedOrder observed;
  observed.order = order;
  observed.source = source;
  observed.created_by_gateway = created_by_gateway;
  observed.observed_at = now;
  observed.caller = std::string(caller);
  // The decider runs once, inside the transaction; what it decided is kept
  // for the answer.
  Transition transition = Transition::kStale;
  absl::StatusOr<ApplyOrderChangeResult> applied = store_.ApplyOrderChange(
      order.order_id(), now,
      [&](const std::optional<OrderState>& current)
          -> absl::StatusOr<std::optional<OrderStateChange>> {
        absl::StatusOr<DecidedOrderChange> decided =
            DecideOrderChange(current, observed, options_.change);
        if (!decided.ok()) return decided.status();
        transition = decided->transition;
        return std::move(decided->change);
      });
  if (!applied.ok()) return applied.status();
  if (options_.observer) options_.observer(source, transition);
  return transition;
}

}  // namespace msp_gateway
