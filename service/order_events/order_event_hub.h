// Copyright 2026 The msp-gateway Authors.
//
// File: order_event_hub.h
//
// The live half of WatchOrderEvents, one per process: ONE tail reader
// follows the store's event log (woken by SubscribeToAppends, and polling
// every `poll_interval` in case a wake-up is lost) and fans each new event
// out to the streams that follow live. However many watchers there are, the
// store sees one tail query per wake-up.
//
// A stream (watch_order_events.h) first replays from the store on its own,
// in batches on the store's worker pool, and then joins the hub. The hub's
// `position` is the cursor up to which it has fanned events out; a stream
// whose replay has covered everything up to `position` joins under the
// hub's lock, so from then on it gets every event after `position` (it
// drops those it already queued): nothing is missed, nothing repeated. A
// stream that is a little behind (the hub moved on during its last read)
// is filled from the hub's ring of recent events instead of reading again;
// one further behind reads again.
//
// Memory: each stream queues at most `stream_buffer` events; events are
// decoded once and shared. A live stream whose queue is full is ended
// (RESOURCE_EXHAUSTED, the last cursor sent) instead of queueing more.
//
// Lifetime: Shutdown() (also run by the destructor) stops the tail and ends
// every stream with UNAVAILABLE; a stream whose client does not read ends
// when gRPC cancels it. The destructor then waits until every stream is
// done (OnDone), so destroy the hub after the gRPC server has shut down.
// Thread-safe.

#ifndef MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_EVENT_HUB_H_
#define MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_EVENT_HUB_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "service/order_events/prepared_event.h"
#include "service/rpc/worker_pool.h"
#include "service/store/order_event_store.h"

namespace msp_gateway {

struct OrderEventHubOptions {
  // Events queued per stream before a live one is ended as a slow consumer
  // (--watch_buffer). >= 1.
  size_t stream_buffer = 1000;
  // Events per store read, for the tail and for each replay. >= 1.
  size_t read_batch = 500;
  // The tail reads at least this often, woken or not; also the wait after a
  // failed tail read.
  absl::Duration poll_interval = absl::Seconds(1);
  // Recent events kept to fill the gap of a stream that joins a little
  // behind the tail. >= read_batch is sensible.
  size_t ring_size = 2000;
};

// How one stream ended, for the RPC's metrics and log line.
struct WatchStreamEnd {
  // Why: "cancelled", "slow_consumer", "shutting_down", "store_unavailable",
  // "store_busy", "cursor_expired", "cursor_unknown", "unreadable_event",
  // "invalid_request".
  absl::string_view reason;
  // The status the stream ended with (CANCELLED when the client left).
  absl::StatusCode code = absl::StatusCode::kOk;
  // From the call's start to its end.
  absl::Duration duration;
  // Events written to the client.
  uint64_t events_sent = 0;
};

// Hooks for metrics and logs. Each may be empty; each must be quick and
// thread-safe (they run on the tail thread, the store pool and gRPC
// threads).
struct OrderEventHubObserver {
  // The number of open streams (replaying or live) changed.
  std::function<void(size_t streams)> on_streams;
  // The tail fanned out events; `lag` is now minus the newest one's append
  // time (how far behind the log live watchers are).
  std::function<void(absl::Duration lag)> on_lag;
  // A stream ended (at its OnDone).
  std::function<void(const WatchStreamEnd& end)> on_stream_end;
  // A tail read of the store failed (it is retried after poll_interval).
  std::function<void(const absl::Status& error)> on_tail_error;
};

class OrderEventHub {
 public:
  // What a stream is to the hub. The *Locked methods run under the hub's
  // lock: they must not block nor call the hub; when they return true the
  // hub calls Pump() once it has released its lock.
  class Subscriber {
   public:
    virtual ~Subscriber() = default;
    // New events after the hub's previous position, ascending (the
    // subscriber drops those it has already queued and other orders').
    // Returns whether Pump() is needed; sets `leave` when the subscriber
    // ended (e.g. its queue overflowed) and wants no more events.
    virtual bool OnLiveEventsLocked(
        absl::Span<const std::shared_ptr<const PreparedEvent>> events,
        bool& leave) = 0;
    // Joining: the events the subscriber lacks (after its covered cursor),
    // taken from the ring. Returns false, changing nothing, when they do
    // not fit in its queue; true when it is now live.
    virtual bool JoinLocked(
        absl::Span<const std::shared_ptr<const PreparedEvent>> gap) = 0;
    // The hub is shutting down: end. Returns whether Pump() is needed.
    virtual bool OnShutdownLocked() = 0;
    // Continue outside any lock (start a write, finish, read on).
    virtual void Pump() = 0;
  };

  // Reads the store's newest cursor (the starting position), subscribes to
  // its appends and starts the tail thread. `store` and `store_pool` must
  // outlive the hub. Fails when the store cannot be read.
  static absl::StatusOr<std::unique_ptr<OrderEventHub>> Start(
      OrderEventStore& store, WorkerPool& store_pool,
      OrderEventHubOptions options = {}, OrderEventHubObserver observer = {});

  OrderEventHub(const OrderEventHub&) = delete;
  OrderEventHub& operator=(const OrderEventHub&) = delete;
  // Shutdown(), then waits until every stream is done. REQUIRES: the gRPC
  // server serving the streams has shut down (or will end them).
  ~OrderEventHub();

  // Stops the tail and ends every stream (UNAVAILABLE, reason
  // SHUTTING_DOWN); new streams are refused alike. Does not wait for the
  // streams. Idempotent. Call it before shutting the gRPC server down:
  // watches never end by themselves and would hold the server's grace.
  void Shutdown();

  // --- For the streams (watch_order_events.h).

  // Adds a stream (not yet live). False when shutting down.
  bool Register(std::shared_ptr<Subscriber> subscriber);
  // Joins `subscriber` to the live set if its replay covered every event up
  // to `covered` and the hub's ring holds every event after `covered` (or
  // covered >= position). False when not (read more) or shutting down.
  bool TryJoin(const std::shared_ptr<Subscriber>& subscriber, int64_t covered);
  // Removes a stream (at its OnDone). Idempotent.
  void Unregister(Subscriber* subscriber);
  // The cursor up to which the hub has fanned out.
  int64_t position() const;

  OrderEventStore& store() { return store_; }
  WorkerPool& store_pool() { return store_pool_; }
  const OrderEventHubOptions& options() const { return options_; }
  const OrderEventHubObserver& observer() const { return observer_; }

  // For tests and metrics.
  size_t stream_count() const;
  size_t live_count() const;
  // Store reads the tail made (ReadEvents and EventCursors).
  uint64_t tail_reads() const;
  // Joins that took events from the ring (the stream was a little behind).
  uint64_t ring_joins() const;

 private:
  OrderEventHub(OrderEventStore& store, WorkerPool& store_pool,
                OrderEventHubOptions options, OrderEventHubObserver observer,
                int64_t position);

  void Wake();
  void TailLoop();
  // One read of the log; true when more is waiting (a full batch).
  bool TailOnce();
  void NotifyStreams(size_t streams);

  OrderEventStore& store_;
  WorkerPool& store_pool_;
  const OrderEventHubOptions options_;
  const OrderEventHubObserver observer_;

  // std::mutex rather than absl::Mutex: ThreadSanitizer sees it (see
  // worker_pool.h).
  mutable std::mutex mu_;
  int64_t position_ ABSL_GUARDED_BY(mu_);
  // Every event with a cursor in (ring_start_, position_], ascending.
  std::deque<std::shared_ptr<const PreparedEvent>> ring_ ABSL_GUARDED_BY(mu_);
  int64_t ring_start_ ABSL_GUARDED_BY(mu_);
  std::map<Subscriber*, std::shared_ptr<Subscriber>> live_ ABSL_GUARDED_BY(mu_);
  // Every registered stream, live or replaying. Weak: a stream owns itself
  // until its OnDone, which unregisters it.
  std::map<Subscriber*, std::weak_ptr<Subscriber>> all_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::condition_variable all_gone_;

  std::mutex wake_mu_;
  std::condition_variable wake_cv_;
  bool woken_ ABSL_GUARDED_BY(wake_mu_) = false;
  bool stop_tail_ ABSL_GUARDED_BY(wake_mu_) = false;

  std::atomic<uint64_t> tail_reads_{0};
  std::atomic<uint64_t> ring_joins_{0};
  std::unique_ptr<AppendSubscription> subscription_;
  std::thread tail_;
  std::mutex shutdown_mu_;  // Serializes Shutdown().
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_EVENT_HUB_H_
