// Copyright 2026 The msp-gateway Authors.
//
// File: prepared_event.h
//
// An event of the store's log made ready to send: decoded once, stamped with
// its cursor and serialized as a WatchOrderEventsResponse, so that fanning
// one event out to many streams costs one decode, not one per stream.
// Immutable once made; shared (std::shared_ptr) by every stream that still
// has to send it. Pure.

#ifndef MSP_GATEWAY_SERVICE_ORDER_EVENTS_PREPARED_EVENT_H_
#define MSP_GATEWAY_SERVICE_ORDER_EVENTS_PREPARED_EVENT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "service/store/order_event_store.h"

namespace msp_gateway {

struct PreparedEvent {
  int64_t cursor = 0;
  std::string order_id;
  absl::Time appended = absl::UnixEpoch();
  // A serialized payments.v1.WatchOrderEventsResponse whose event.cursor is
  // `cursor`. Empty when `error` is set.
  std::string response;
  // INTERNAL when the stored bytes are not an OrderEvent: a stream ends
  // there (it must not skip a change, and cannot send this one).
  absl::Status error;
};

// PrepareEvent()
//
// `stored.event` is a serialized payments.v1.OrderEvent without its cursor
// (the writer does not know it before the append); the cursor is set from
// `stored.cursor`, and an empty order_id from `stored.order_id`.
std::shared_ptr<const PreparedEvent> PrepareEvent(
    const StoredOrderEvent& stored);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_EVENTS_PREPARED_EVENT_H_
