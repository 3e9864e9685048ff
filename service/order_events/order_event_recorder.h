// Copyright 2026 The msp-gateway Authors.
//
// File: order_event_recorder.h
//
// Applies observations of orders (order_change.h) to the event store: one
// ApplyOrderChange() transaction each, the decider inside it, so that two
// replicas taking two notifications of one order at once still emit each
// change exactly once and never move the order backwards. Used by the
// notification intake, the poll reconciler and the CreateOrder edge.

#ifndef MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_EVENT_RECORDER_H_
#define MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_EVENT_RECORDER_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "payments/v1/order_event.pb.h"
#include "service/order_events/order_change.h"
#include "service/order_events/order_state_machine.h"
#include "service/store/order_event_store.h"

namespace msp_gateway {

struct OrderEventRecorderOptions {
  OrderChangeOptions change;
  std::function<absl::Time()> clock = absl::Now;
  // Told of every recorded observation (source, transition), for metrics.
  // Optional; called on the recording thread.
  std::function<void(payments::v1::OrderEventSource, Transition)> observer;
};

class OrderEventRecorder {
 public:
  // `store` must outlive the recorder.
  OrderEventRecorder(OrderEventStore& store,
                     OrderEventRecorderOptions options = {});

  // Records `order` as seen from `source` now. `created_by_gateway` is read
  // for the order's first state only; `caller` (source RPC: the caller's
  // identity) goes into the event it emits. Blocking (a store transaction).
  // The transition, or the store's error (nothing written).
  absl::StatusOr<Transition> Record(const payments::v1::Order& order,
                                    payments::v1::OrderEventSource source,
                                    bool created_by_gateway,
                                    absl::string_view caller = "");

  OrderEventStore& store() { return store_; }
  const OrderEventRecorderOptions& options() const { return options_; }

 private:
  OrderEventStore& store_;
  const OrderEventRecorderOptions options_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_EVENT_RECORDER_H_
