// Copyright 2026 The msp-gateway Authors.
//
// File: order_state_machine.h
//
// The monotonic order state machine: given what the gateway last stored for
// an order and a new snapshot of it (from a notification, from the
// reconciler's GET /orders/{id}, or from our own RPC's reply), decide whether
// the snapshot is the order's first, a real step forward (one event), a
// repeat (no event) or older news (ignored). Pure: no clock, no I/O.
//
// MultiSafepay retries notifications (multisafepay-api.md §6.4), can deliver
// them in any order, and the reconciler reads the same order again; the rule
// (issue 12) is that none of that ever moves an order backwards and a repeat
// is not a new event.
//
// THE ORDER. Snapshots of one order are compared lexicographically by
//
//   1. stage(status)          the status order, in five stages:
//        0  unknown (ORDER_STATUS_UNSPECIFIED; the raw string is kept)
//        1  initialized
//        2  uncleared, reserved                       (waiting)
//        3  completed, declined, expired, cancelled, void   (the outcome)
//        4  shipped, partial_refunded, refunded, chargeback (after payment)
//   2. amount_refunded        MultiSafepay's running total: it only grows,
//                             so more refunded is always later news.
//   3. modified               MultiSafepay's last-change time.
//   4. sub-rank(status)       a fixed order inside the stage (below), only
//                             for two statuses stamped in the same second.
//   5. rank(financial_status) likewise, for the same status.
//
// Why the stage comes before `modified`: a higher stage can only be reached
// through the lower ones, so it is later whatever the clock says, while
// `modified` has one-second resolution (initialized -> completed within one
// second is normal for a direct card payment), is MultiSafepay's local time
// without a zone (a DST fall-back repeats an hour), and a retried old
// notification carries an old `modified`, not the time it was resent. So the
// stage is authoritative, and a lower stage never wins, however new its
// `modified` (e.g. a customer's retry of a declined order shows
// `initialized` again: not emitted; its completion is, see below).
//
// Why `modified` comes before the status inside a stage: real histories
// move both ways inside a stage -- completed -> cancelled (a manual-capture
// authorisation cancelled, §5.6), completed -> void (a chargeback requested,
// §5.2), declined or expired -> completed (a new transaction for the same
// order_id, §7.3; a late bank transfer), completed/initialized ->
// completed/completed (captured), partial_refunded -> shipped (BNPL). Only
// MultiSafepay's own time orders those; a fixed rank would drop half of them.
//
// Sub-ranks for same-second ties (stage: low -> high):
//   2: uncleared < reserved
//   3: completed < declined < expired < cancelled < void
//      Unpaid beats paid: within one second the plausible sequence is an
//      automated paid -> unpaid (authorise then cancel), whereas unpaid ->
//      paid needs a new customer transaction; and a false "cancelled" makes a
//      merchant hold goods, a false "paid" makes it ship them unpaid.
//   4: shipped < partial_refunded < refunded < chargeback
//      The after-payment order of the issue: ship, refund part, all, dispute.
// Financial ranks (low -> high): unspecified < created < new < initialized <
//   manual < uncleared < reserved < completed < declined < expired <
//   cancelled < void < error < shipped < partial_refunded < refunded <
//   chargeback: pre-transaction, pending, settled (paid before unpaid as
//   above), after payment.
//
// Every status and financial status has its own rank, so two snapshots
// compare equal exactly when status, financial_status, amount_refunded and
// modified are equal. That makes the order total: any shuffle of one order's
// snapshots ends in the same state (the greatest), and the events emitted are
// a strictly increasing chain. Fields outside the key (amount, currency, the
// raw spellings, e.g. `chargedback` vs `chargeback`) never make an event.
// A newer `modified` with nothing else changed is kAdvance: MultiSafepay
// changed something else in the order (a reason, a cost), and storing the
// newer time keeps a late older outcome of the same stage from winning. A
// retried notification keeps its `modified`, so it stays a kDuplicate.
//
// Known limits (all from monotonicity, all counted as kStale by callers):
//   * A cancelled reserved refund (§5.5) that lowers amount_refunded, a won
//     dispute (`reverse-chargeback`) that leaves chargeback, and any status a
//     later MultiSafepay adds (stage 0) are ignored once the order has a known
//     state; callers should count and log them.
//   * `modified` must be converted to absl::Time in one fixed zone by the
//     caller; a missing one is absl::InfinitePast() (loses every tie).

#ifndef MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_STATE_MACHINE_H_
#define MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_STATE_MACHINE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "payments/v1/order_details.pb.h"

namespace msp_gateway {

// What the state machine knows of one order at one moment.
struct OrderSnapshot {
  std::string order_id;
  // MultiSafepay's `status` as sent, and its enum (order_mapper.h).
  std::string status_raw;
  payments::v1::OrderStatus status = payments::v1::ORDER_STATUS_UNSPECIFIED;
  // MultiSafepay's `financial_status` as sent, and its enum.
  std::string financial_status_raw;
  payments::v1::TransactionStatus financial_status =
      payments::v1::TRANSACTION_STATUS_UNSPECIFIED;
  // Minor units.
  int64_t amount = 0;
  int64_t amount_refunded = 0;
  std::string currency;
  // MultiSafepay's `modified`; absl::InfinitePast() when absent.
  absl::Time modified = absl::InfinitePast();
};

enum class Transition {
  // No stored state yet: the order's first snapshot. Store it, emit it.
  kNew,
  // Later than the stored state: store it, emit one event.
  kAdvance,
  // Equal to the stored state (a retried or replayed notification, a poll
  // that found nothing new): no event. Acknowledge it all the same.
  kDuplicate,
  // Earlier than the stored state, or another order's: ignore it.
  kStale,
};

// TransitionName()
//
// "new", "advance", "duplicate", "stale": for logs and metric labels.
absl::string_view TransitionName(Transition transition);

// CompareProgress()
//
// The order above: < 0 when `a` is earlier than `b`, 0 when equal, > 0 when
// later. Only meaningful for snapshots of the same order.
int CompareProgress(const OrderSnapshot& a, const OrderSnapshot& b);

// Decide()
//
// kNew without `current`; kStale when the order_ids differ (never apply
// another order's state); else kAdvance, kDuplicate or kStale as
// CompareProgress(incoming, *current) is > 0, 0 or < 0.
Transition Decide(const std::optional<OrderSnapshot>& current,
                  const OrderSnapshot& incoming);

// IsFinal()
//
// Whether the order's outcome is settled, so the reconciler can stop polling
// it. Later changes are still possible but are refunds and chargebacks (which
// arrive by notification or through our own refund RPC) or a new transaction
// after a failure (which arrives by notification):
//   final      declined, expired, cancelled, void;
//              partial_refunded, refunded, chargeback;
//              completed and shipped once the money is no longer pending.
//   not final  unknown, initialized, uncleared, reserved;
//              completed or shipped whose financial_status is still pending
//              (unspecified, created, new, initialized, manual, uncleared,
//              reserved): BNPL accepted or shipped with funds pending, a
//              manual-capture authorisation, PayPal (which stays
//              completed/initialized, §5.2: the reconciler's expiry limit,
//              §7.4, ends those polls).
bool IsFinal(const OrderSnapshot& snapshot);

// SnapshotFromOrder()
//
// The fields of a mapped order (order_mapper.h) the state machine reads.
// `modified` is passed in: Order.modified is MultiSafepay's zone-less local
// time string, and which zone it is in is the caller's configuration.
OrderSnapshot SnapshotFromOrder(const payments::v1::Order& order,
                                absl::Time modified);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_STATE_MACHINE_H_
