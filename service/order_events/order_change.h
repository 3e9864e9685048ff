// Copyright 2026 The msp-gateway Authors.
//
// File: order_change.h
//
// What one observation of an order (a verified notification, a reconciler
// poll, our own CreateOrder's answer) does to the order's stored state: the
// decider that OrderEventStore::ApplyOrderChange() runs inside its
// transaction. Pure: no clock, no I/O.
//
// The stored state (OrderState::state) is the order's last accepted event, a
// serialized payments.v1.OrderEvent without cursor, so the state and what
// watchers were told are the same bytes. The order state machine
// (order_state_machine.h) compares the stored event's order with the
// observed one:
//   kNew / kAdvance   a new state and one event; the poll schedule restarts
//                     (the reconciler looks again `reconcile_after` later
//                     unless the order is final);
//   kDuplicate/kStale nothing is written (no event, the schedule stays).

#ifndef MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_CHANGE_H_
#define MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_CHANGE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "payments/v1/order_details.pb.h"
#include "payments/v1/order_event.pb.h"
#include "service/order_events/order_state_machine.h"
#include "service/store/order_event_store.h"

namespace msp_gateway {

// One observation of an order.
struct ObservedOrder {
  // The order as MultiSafepay showed it (order_mapper.h), or as our own
  // CreateOrder answer implies (status initialized).
  payments::v1::Order order;
  payments::v1::OrderEventSource source =
      payments::v1::ORDER_EVENT_SOURCE_UNSPECIFIED;
  // Whether the gateway created the order (it holds its CreateOrder
  // record). Read only for the order's first state; kept after.
  bool created_by_gateway = false;
  // When the gateway learned it: the event's occurred_at.
  absl::Time observed_at = absl::UnixEpoch();
  // Source RPC: the caller's identity (the event's caller); may be empty.
  std::string caller;
};

struct OrderChangeOptions {
  // How long after the last news the reconciler reads an order that is not
  // final (issue 12: --reconcile_after).
  absl::Duration reconcile_after = absl::Minutes(10);
};

struct DecidedOrderChange {
  Transition transition = Transition::kStale;
  // Set for kNew and kAdvance.
  std::optional<OrderStateChange> change;
  // The event that was (or would be) appended, for logs and tests.
  payments::v1::OrderEvent event;
};

// ParseMspTime()
//
// MultiSafepay's zone-less "YYYY-MM-DDTHH:MM:SS" read as UTC: one fixed
// zone, which is all the state machine needs to order one order's changes.
// absl::InfinitePast() when empty or unreadable (it then loses every tie).
absl::Time ParseMspTime(absl::string_view text);

// DecideOrderChange()
//
// See the file comment. INTERNAL when the stored state is not an event of
// this order (a corrupt row: nothing is overwritten).
absl::StatusOr<DecidedOrderChange> DecideOrderChange(
    const std::optional<OrderState>& current, const ObservedOrder& observed,
    const OrderChangeOptions& options);

// ReadStoredEvent()
//
// The event in `state` bytes (the stored state, or a StoredOrderEvent's
// event); INTERNAL when they do not parse.
absl::StatusOr<payments::v1::OrderEvent> ReadStoredEvent(
    absl::string_view bytes);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_CHANGE_H_
