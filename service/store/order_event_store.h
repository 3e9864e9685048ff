// Copyright 2026 The msp-gateway Authors.
//
// File: order_event_store.h
//
// The durable side of order events (issue 12): each order's last accepted
// state, and an append-only event log beside it (a transactional outbox).
// Every accepted change writes the order's new state and appends its event
// in ONE transaction, so an event exists exactly when its state change does,
// and a watcher that reads the log after a cursor sees every change once.
//
//   ApplyOrderChange(order_id, decide)
//       BEGIN; read the order's state, locked against other appliers (of
//       this process and of every other replica); decide(current) -> change
//       or nothing; write the state; append the event (new cursor); COMMIT.
//
// The store knows nothing of statuses: `state` and `event` are opaque bytes
// (the caller's encoding: a serialized payments.v1.OrderEvent); the decider
// (the order state machine, service/order_events) runs inside the
// transaction. Only the poll schedule and `final` are columns, for the
// reconciler's query.
//
// Cursors: an int64 > 0 per event, strictly increasing in the order the
// appends COMMIT, across every replica. (A plain sequence is not enough on
// PostgreSQL: two transactions can take 7 and 8 and commit 8 first, and a
// reader after 6 would see 8, move past 7 and never see it. Appends are
// therefore serialized, e.g. by a one-row counter updated in the appending
// transaction.) A reader that read every event up to cursor C and asks for
// events after C misses none.
//
// Both implementations (SQLite and PostgreSQL, on the same database and
// connections as their OrderStore) and the in-memory one pass one
// conformance suite (order_event_store_conformance.h). Thread-safe. Every
// method may fail with UNAVAILABLE (unreachable, timed out) or INTERNAL.

#ifndef MSP_GATEWAY_SERVICE_STORE_ORDER_EVENT_STORE_H_
#define MSP_GATEWAY_SERVICE_STORE_ORDER_EVENT_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace msp_gateway {

// The longest order_id the stores accept (bytes; they index it).
inline constexpr size_t kMaxOrderIdBytes = 300;
// The most order_ids one ReadEvents() may filter on (its work is bounded).
inline constexpr size_t kMaxReadEventsOrderIds = 1000;

// One order's last accepted state.
struct OrderState {
  std::string order_id;  // the merchant's order id; unique; <= 300 bytes
  // Opaque (the caller's encoding; at most a few hundred KB).
  std::string state;
  // The order's outcome is settled: the reconciler no longer polls it.
  bool final = false;
  // False for orders the gateway did not create (a dashboard payment link
  // notifying the site webhook), recorded all the same.
  bool created_by_gateway = false;
  // When the reconciler should read the order next; InfiniteFuture: never.
  absl::Time next_poll = absl::InfiniteFuture();
  int poll_attempts = 0;
  // Bumped by every write; the precondition of SchedulePoll().
  int64_t version = 0;
  absl::Time created = absl::UnixEpoch();
  absl::Time updated = absl::UnixEpoch();
};

struct StoredOrderEvent {
  int64_t cursor = 0;
  std::string order_id;
  std::string event;  // opaque bytes (the caller's encoding)
  absl::Time appended = absl::UnixEpoch();
};

// What a decider wants written.
struct OrderStateChange {
  // The new state. order_id must be the applied one; version, created and
  // updated are ignored (the store sets them: version + 1, created kept or
  // `now`, updated = `now`).
  OrderState state;
  // Appended in the same transaction when set; nullopt writes the state
  // alone (e.g. a newer poll schedule, no news).
  std::optional<std::string> event;
};

// Called exactly once per ApplyOrderChange, inside its transaction, with
// the order's current state (nullopt: none yet). Must be pure and quick.
// nullopt: change nothing. An error aborts the transaction and is returned.
using OrderStateDecider =
    std::function<absl::StatusOr<std::optional<OrderStateChange>>(
        const std::optional<OrderState>& current)>;

struct ApplyOrderChangeResult {
  // The decider asked for a change and it was committed.
  bool written = false;
  // The appended event's cursor, when one was appended.
  std::optional<int64_t> cursor;
};

struct EventCursorRange {
  // The smallest cursor still stored, and the greatest ever appended; both
  // 0 when none was ever appended. After a purge of everything, oldest is
  // newest + 1 (nothing stored, nothing lost for a reader at `newest`).
  int64_t oldest = 0;
  int64_t newest = 0;
};

// While alive, `wake` runs (on some store thread, soon, possibly spuriously,
// possibly coalesced) after an append committed by this process or, for a
// shared store, by any replica (PostgreSQL LISTEN/NOTIFY). Its destructor
// waits for a `wake` in progress: once it returned, `wake` never runs again.
// `wake` must be quick (signal a condition) and must not subscribe or
// destroy a subscription itself (append_notifier.h). A watcher subscribes
// first, then reads after its cursor, then reads again after each wake:
// so no append between its read and its wait is missed.
class AppendSubscription {
 public:
  virtual ~AppendSubscription() = default;
};

class OrderEventStore {
 public:
  virtual ~OrderEventStore() = default;

  // See the file comment. `now` stamps created/updated/appended.
  // INVALID_ARGUMENT, with nothing written, for an order_id that is empty
  // or longer than kMaxOrderIdBytes (the decider is not called) and for a
  // change whose state.order_id is not `order_id`.
  virtual absl::StatusOr<ApplyOrderChangeResult> ApplyOrderChange(
      absl::string_view order_id, absl::Time now,
      const OrderStateDecider& decide) = 0;

  virtual absl::StatusOr<std::optional<OrderState>> GetOrderState(
      absl::string_view order_id) = 0;

  // Events with cursor > after_cursor, ascending, at most `limit`; only
  // those of `order_ids` when it is not empty (INVALID_ARGUMENT for more
  // than kMaxReadEventsOrderIds).
  virtual absl::StatusOr<std::vector<StoredOrderEvent>> ReadEvents(
      int64_t after_cursor, absl::Span<const std::string> order_ids,
      size_t limit) = 0;

  virtual absl::StatusOr<EventCursorRange> EventCursors() = 0;

  // Up to `limit` orders that are not final and whose next_poll <= now,
  // earliest next_poll first.
  virtual absl::StatusOr<std::vector<OrderState>> ListOrdersToPoll(
      absl::Time now, size_t limit) = 0;

  // Sets next_poll and poll_attempts (and bumps the version; `updated` is
  // kept) if the order's version is `version`; false when it differs or the
  // order is gone.
  virtual absl::StatusOr<bool> SchedulePoll(absl::string_view order_id,
                                            int64_t version,
                                            absl::Time next_poll,
                                            int poll_attempts) = 0;

  // Deletes up to `limit` events appended before `cutoff` (lowest cursor
  // first) and up to `limit` order states updated before `cutoff` (oldest
  // `updated` first), final or not; returns how many rows in all. The
  // cursor counter never goes back.
  virtual absl::StatusOr<size_t> PurgeEventsBefore(absl::Time cutoff,
                                                   size_t limit) = 0;

  virtual absl::StatusOr<std::unique_ptr<AppendSubscription>>
  SubscribeToAppends(std::function<void()> wake) = 0;
};

// For the implementations: the INVALID_ARGUMENT checks above, with one
// wording. OK or INVALID_ARGUMENT.
absl::Status CheckOrderIdToWrite(absl::string_view order_id);
absl::Status CheckOrderStateChange(absl::string_view order_id,
                                   const OrderStateChange& change);
absl::Status CheckReadEventsFilter(absl::Span<const std::string> order_ids);
// Times as the stores keep them, int64 Unix milliseconds (rounded down),
// with InfiniteFuture / InfinitePast as INT64_MAX / INT64_MIN both ways, so
// that "never polled again" reads back as InfiniteFuture.
int64_t ToStoredMillis(absl::Time time);
absl::Time FromStoredMillis(int64_t millis);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_ORDER_EVENT_STORE_H_
