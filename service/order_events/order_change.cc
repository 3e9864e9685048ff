// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/order_change.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace msp_gateway {
namespace {

OrderSnapshot SnapshotOf(const payments::v1::Order& order) {
  return SnapshotFromOrder(order, ParseMspTime(order.modified()));
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  const int64_t nanos = absl::ToUnixNanos(time);
  timestamp.set_seconds(nanos / 1000000000);
  timestamp.set_nanos(static_cast<int32_t>(nanos % 1000000000));
  if (timestamp.nanos() < 0) {
    timestamp.set_seconds(timestamp.seconds() - 1);
    timestamp.set_nanos(timestamp.nanos() + 1000000000);
  }
  return timestamp;
}

}  // namespace

absl::Time ParseMspTime(absl::string_view text) {
  absl::CivilSecond civil;
  // Exactly the documented shape; a fraction or zone suffix would be
  // another format, read as absent rather than guessed.
  if (text.size() != 19 || !absl::ParseCivilTime(text, &civil)) {
    return absl::InfinitePast();
  }
  return absl::FromCivil(civil, absl::UTCTimeZone());
}

absl::StatusOr<payments::v1::OrderEvent> ReadStoredEvent(
    absl::string_view bytes) {
  payments::v1::OrderEvent event;
  if (!event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InternalError("a stored order event does not parse");
  }
  return event;
}

absl::StatusOr<DecidedOrderChange> DecideOrderChange(
    const std::optional<OrderState>& current, const ObservedOrder& observed,
    const OrderChangeOptions& options) {
  const payments::v1::Order& order = observed.order;
  std::optional<OrderSnapshot> stored;
  bool created_by_gateway = observed.created_by_gateway;
  if (current.has_value()) {
    absl::StatusOr<payments::v1::OrderEvent> last =
        ReadStoredEvent(current->state);
    if (!last.ok()) return last.status();
    if (last->order_id() != current->order_id) {
      return absl::InternalError(
          "the stored state of an order is another order's event");
    }
    stored = SnapshotOf(last->order());
    created_by_gateway = current->created_by_gateway;
  }
  const OrderSnapshot incoming = SnapshotOf(order);
  DecidedOrderChange decided;
  // Another order's snapshot is kStale (Decide).
  decided.transition = Decide(stored, incoming);
  if (decided.transition != Transition::kNew &&
      decided.transition != Transition::kAdvance) {
    return decided;
  }

  payments::v1::OrderEvent& event = decided.event;
  event.set_order_id(order.order_id());
  event.set_status(order.status());
  event.set_financial_status(order.financial_status());
  event.set_amount(order.amount());
  event.set_amount_refunded(order.amount_refunded());
  event.set_currency(order.currency());
  *event.mutable_occurred_at() = ToTimestamp(observed.observed_at);
  event.set_source(observed.source);
  event.set_created_by_gateway(created_by_gateway);
  event.set_caller(observed.caller);
  *event.mutable_order() = order;

  OrderStateChange change;
  change.state.order_id = order.order_id();
  if (!event.SerializeToString(&change.state.state)) {
    return absl::InternalError("cannot serialize an order event");
  }
  change.state.final = IsFinal(incoming);
  change.state.created_by_gateway = created_by_gateway;
  change.state.next_poll = change.state.final
                               ? absl::InfiniteFuture()
                               : observed.observed_at + options.reconcile_after;
  change.state.poll_attempts = 0;
  change.event = change.state.state;
  decided.change = std::move(change);
  return decided;
}

}  // namespace msp_gateway
