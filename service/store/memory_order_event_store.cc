// Copyright 2026 The msp-gateway Authors.

#include "service/store/memory_order_event_store.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"

namespace msp_gateway {
namespace {

// The stores keep whole milliseconds; so does this one.
absl::Time Millis(absl::Time t) { return FromStoredMillis(ToStoredMillis(t)); }

}  // namespace

MemoryOrderEventStore::Data::Data() : notifier(AppendNotifier::Create()) {}

MemoryOrderEventStore::MemoryOrderEventStore(std::shared_ptr<Data> data)
    : data_(data != nullptr ? std::move(data) : std::make_shared<Data>()) {}

void MemoryOrderEventStore::SetFailure(absl::Status failure) {
  absl::MutexLock lock(&data_->mu);
  data_->failure = std::move(failure);
}

absl::StatusOr<ApplyOrderChangeResult> MemoryOrderEventStore::ApplyOrderChange(
    absl::string_view order_id, absl::Time now,
    const OrderStateDecider& decide) {
  if (absl::Status checked = CheckOrderIdToWrite(order_id); !checked.ok()) {
    return checked;
  }
  ApplyOrderChangeResult result;
  {
    absl::MutexLock lock(&data_->mu);
    if (!data_->failure.ok()) return data_->failure;
    const std::string key(order_id);
    auto it = data_->states.find(key);
    std::optional<OrderState> current;
    if (it != data_->states.end()) current = it->second;
    absl::StatusOr<std::optional<OrderStateChange>> change = decide(current);
    if (!change.ok()) return change.status();
    if (!change->has_value()) return result;
    if (absl::Status checked = CheckOrderStateChange(order_id, **change);
        !checked.ok()) {
      return checked;
    }
    OrderState state = std::move((*change)->state);
    state.next_poll = Millis(state.next_poll);
    state.version = current.has_value() ? current->version + 1 : 1;
    state.created = current.has_value() ? current->created : Millis(now);
    state.updated = Millis(now);
    data_->states[key] = std::move(state);
    result.written = true;
    if ((*change)->event.has_value()) {
      StoredOrderEvent event;
      event.cursor = ++data_->last_cursor;
      event.order_id = key;
      event.event = std::move(*(*change)->event);
      event.appended = Millis(now);
      result.cursor = event.cursor;
      data_->events.emplace(event.cursor, std::move(event));
    }
  }
  // After the "commit", outside the lock, as the real stores do.
  if (result.cursor.has_value()) data_->notifier->Notify();
  return result;
}

absl::StatusOr<std::optional<OrderState>> MemoryOrderEventStore::GetOrderState(
    absl::string_view order_id) {
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  auto it = data_->states.find(std::string(order_id));
  if (it == data_->states.end()) return std::optional<OrderState>();
  return std::optional<OrderState>(it->second);
}

absl::StatusOr<std::vector<StoredOrderEvent>> MemoryOrderEventStore::ReadEvents(
    int64_t after_cursor, absl::Span<const std::string> order_ids,
    size_t limit) {
  if (absl::Status checked = CheckReadEventsFilter(order_ids); !checked.ok()) {
    return checked;
  }
  const absl::flat_hash_set<std::string> wanted(order_ids.begin(),
                                                order_ids.end());
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  std::vector<StoredOrderEvent> events;
  for (auto it = data_->events.upper_bound(after_cursor);
       it != data_->events.end() && events.size() < limit; ++it) {
    if (wanted.empty() || wanted.contains(it->second.order_id)) {
      events.push_back(it->second);
    }
  }
  return events;
}

absl::StatusOr<EventCursorRange> MemoryOrderEventStore::EventCursors() {
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  EventCursorRange range;
  range.newest = data_->last_cursor;
  if (data_->events.empty()) {
    range.oldest = range.newest == 0 ? 0 : range.newest + 1;
  } else {
    range.oldest = data_->events.begin()->first;
  }
  return range;
}

absl::StatusOr<std::vector<OrderState>> MemoryOrderEventStore::ListOrdersToPoll(
    absl::Time now, size_t limit) {
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  std::vector<OrderState> due;
  for (const auto& [order_id, state] : data_->states) {
    if (!state.final && state.next_poll != absl::InfiniteFuture() &&
        state.next_poll <= now) {
      due.push_back(state);
    }
  }
  // The map is by order_id, so equal times stay in order_id order, as the
  // real stores order them.
  std::stable_sort(due.begin(), due.end(),
                   [](const OrderState& a, const OrderState& b) {
                     return a.next_poll < b.next_poll;
                   });
  if (due.size() > limit) due.resize(limit);
  return due;
}

absl::StatusOr<bool> MemoryOrderEventStore::SchedulePoll(
    absl::string_view order_id, int64_t version, absl::Time next_poll,
    int poll_attempts) {
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  auto it = data_->states.find(std::string(order_id));
  if (it == data_->states.end() || it->second.version != version) return false;
  it->second.next_poll = Millis(next_poll);
  it->second.poll_attempts = poll_attempts;
  ++it->second.version;
  return true;
}

absl::StatusOr<size_t> MemoryOrderEventStore::PurgeEventsBefore(
    absl::Time cutoff, size_t limit) {
  absl::MutexLock lock(&data_->mu);
  if (!data_->failure.ok()) return data_->failure;
  size_t events = 0;
  for (auto it = data_->events.begin();
       it != data_->events.end() && events < limit;) {
    if (it->second.appended < cutoff) {
      it = data_->events.erase(it);
      ++events;
    } else {
      ++it;
    }
  }
  std::vector<std::pair<absl::Time, std::string>> old;
  for (const auto& [order_id, state] : data_->states) {
    if (state.updated < cutoff) old.emplace_back(state.updated, order_id);
  }
  std::sort(old.begin(), old.end());
  if (old.size() > limit) old.resize(limit);
  for (const auto& [updated, order_id] : old) data_->states.erase(order_id);
  return events + old.size();
}

absl::StatusOr<std::unique_ptr<AppendSubscription>>
MemoryOrderEventStore::SubscribeToAppends(std::function<void()> wake) {
  return data_->notifier->Subscribe(std::move(wake));
}

}  // namespace msp_gateway
