// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/order_event_hub.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/time/clock.h"

namespace msp_gateway {

absl::StatusOr<std::unique_ptr<OrderEventHub>> OrderEventHub::Start(
    OrderEventStore& store, WorkerPool& store_pool,
    OrderEventHubOptions options, OrderEventHubObserver observer) {
  if (options.stream_buffer < 1 || options.read_batch < 1 ||
      options.poll_interval <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "order event hub: stream_buffer and read_batch must be >= 1 and "
        "poll_interval > 0");
  }
  absl::StatusOr<EventCursorRange> cursors = store.EventCursors();
  if (!cursors.ok()) return cursors.status();
  std::unique_ptr<OrderEventHub> hub(
      new OrderEventHub(store, store_pool, std::move(options),
                        std::move(observer), cursors->newest));
  OrderEventHub* raw = hub.get();
  absl::StatusOr<std::unique_ptr<AppendSubscription>> subscription =
      store.SubscribeToAppends([raw] { raw->Wake(); });
  if (!subscription.ok()) return subscription.status();
  hub->subscription_ = *std::move(subscription);
  hub->tail_ = std::thread([raw] { raw->TailLoop(); });
  return hub;
}

OrderEventHub::OrderEventHub(OrderEventStore& store, WorkerPool& store_pool,
                             OrderEventHubOptions options,
                             OrderEventHubObserver observer, int64_t position)
    : store_(store),
      store_pool_(store_pool),
      options_(std::move(options)),
      observer_(std::move(observer)),
      position_(position),
      ring_start_(position) {
  // The first loop reads at once: appends between EventCursors() and the
  // subscription would otherwise wait for the first poll.
  woken_ = true;
}

OrderEventHub::~OrderEventHub() {
  Shutdown();
  std::unique_lock<std::mutex> lock(mu_);
  all_gone_.wait(lock, [this] { return all_.empty(); });
}

void OrderEventHub::Shutdown() {
  std::lock_guard<std::mutex> once(shutdown_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  std::vector<std::shared_ptr<Subscriber>> pumps;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    for (auto& [raw, weak] : all_) {
      std::shared_ptr<Subscriber> subscriber = weak.lock();
      if (subscriber != nullptr && subscriber->OnShutdownLocked()) {
        pumps.push_back(std::move(subscriber));
      }
    }
    live_.clear();
  }
  for (const std::shared_ptr<Subscriber>& subscriber : pumps) {
    subscriber->Pump();
  }
  {
    std::lock_guard<std::mutex> lock(wake_mu_);
    stop_tail_ = true;
  }
  wake_cv_.notify_all();
  if (tail_.joinable()) tail_.join();
  // Waits for a wake-up that is running; none runs after this.
  subscription_.reset();
}

bool OrderEventHub::Register(std::shared_ptr<Subscriber> subscriber) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return false;
  Subscriber* raw = subscriber.get();
  all_.emplace(raw, std::weak_ptr<Subscriber>(subscriber));
  NotifyStreams(all_.size());
  return true;
}

bool OrderEventHub::TryJoin(const std::shared_ptr<Subscriber>& subscriber,
                            int64_t covered) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_ || all_.count(subscriber.get()) == 0) return false;
  if (covered < ring_start_) return false;  // Too far behind: read more.
  // The events after `covered` the hub has already fanned out.
  auto first = std::upper_bound(
      ring_.begin(), ring_.end(), covered,
      [](int64_t cursor, const std::shared_ptr<const PreparedEvent>& event) {
        return cursor < event->cursor;
      });
  const std::vector<std::shared_ptr<const PreparedEvent>> gap(first,
                                                              ring_.end());
  if (!subscriber->JoinLocked(gap)) return false;
  if (!gap.empty()) ring_joins_.fetch_add(1, std::memory_order_relaxed);
  live_.emplace(subscriber.get(), subscriber);
  return true;
}

void OrderEventHub::Unregister(Subscriber* subscriber) {
  std::lock_guard<std::mutex> lock(mu_);
  live_.erase(subscriber);
  if (all_.erase(subscriber) == 0) return;
  NotifyStreams(all_.size());
  if (all_.empty()) all_gone_.notify_all();
}

int64_t OrderEventHub::position() const {
  std::lock_guard<std::mutex> lock(mu_);
  return position_;
}

size_t OrderEventHub::stream_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return all_.size();
}

size_t OrderEventHub::live_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return live_.size();
}

uint64_t OrderEventHub::ring_joins() const {
  return ring_joins_.load(std::memory_order_relaxed);
}

uint64_t OrderEventHub::tail_reads() const {
  return tail_reads_.load(std::memory_order_relaxed);
}

void OrderEventHub::NotifyStreams(size_t streams) {
  if (observer_.on_streams) observer_.on_streams(streams);
}

void OrderEventHub::Wake() {
  {
    std::lock_guard<std::mutex> lock(wake_mu_);
    woken_ = true;
  }
  wake_cv_.notify_one();
}

void OrderEventHub::TailLoop() {
  std::unique_lock<std::mutex> lock(wake_mu_);
  while (!stop_tail_) {
    if (!woken_) {
      wake_cv_.wait_for(lock, absl::ToChronoNanoseconds(options_.poll_interval),
                        [this] { return woken_ || stop_tail_; });
    }
    if (stop_tail_) break;
    woken_ = false;
    lock.unlock();
    const bool more = TailOnce();
    lock.lock();
    if (more) woken_ = true;
  }
}

bool OrderEventHub::TailOnce() {
  int64_t from;
  bool idle;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    from = position_;
    idle = all_.empty();
  }
  tail_reads_.fetch_add(1, std::memory_order_relaxed);
  if (idle) {
    // Nobody watches: only keep the position current (cheap), so that a
    // stream that comes later need not wait for the tail to read history.
    absl::StatusOr<EventCursorRange> cursors = store_.EventCursors();
    if (!cursors.ok()) {
      if (observer_.on_tail_error) observer_.on_tail_error(cursors.status());
      return false;
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (!all_.empty()) return true;  // A stream came: read its events now.
    if (cursors->newest > position_) {
      position_ = cursors->newest;
      ring_.clear();
      ring_start_ = position_;
    }
    return false;
  }
  // position_ changes only on this thread, so `from` is still current when
  // the batch is fanned out below.
  absl::StatusOr<std::vector<StoredOrderEvent>> events =
      store_.ReadEvents(from, {}, options_.read_batch);
  if (!events.ok()) {
    if (observer_.on_tail_error) observer_.on_tail_error(events.status());
    return false;
  }
  if (events->empty()) return false;
  std::vector<std::shared_ptr<const PreparedEvent>> prepared;
  prepared.reserve(events->size());
  for (const StoredOrderEvent& event : *events) {
    prepared.push_back(PrepareEvent(event));
  }
  std::vector<std::shared_ptr<Subscriber>> pumps;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    for (auto it = live_.begin(); it != live_.end();) {
      bool leave = false;
      if (it->second->OnLiveEventsLocked(prepared, leave)) {
        pumps.push_back(it->second);
      }
      it = leave ? live_.erase(it) : std::next(it);
    }
    ring_.insert(ring_.end(), prepared.begin(), prepared.end());
    while (ring_.size() > options_.ring_size) {
      ring_start_ = ring_.front()->cursor;
      ring_.pop_front();
    }
    position_ = prepared.back()->cursor;
  }
  for (const std::shared_ptr<Subscriber>& subscriber : pumps) {
    subscriber->Pump();
  }
  if (observer_.on_lag)
    observer_.on_lag(absl::Now() - prepared.back()->appended);
  return events->size() >= options_.read_batch;
}

}  // namespace msp_gateway
