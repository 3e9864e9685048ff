// Copyright 2026 The msp-gateway Authors.
//
// File: order_event_watcher.h
//
// Follows the gateway's order events (PaymentService.WatchOrderEvents) and
// resumes by itself. The stream ends whenever a replica shuts down, the
// watcher reads too slowly (RESOURCE_EXHAUSTED) or the connection drops;
// the watcher then calls again after the cursor of the last event it
// delivered, with backoff, so the callback sees every event once, in cursor
// order, until the watcher is stopped or meets an error that calling again
// cannot fix.
//
// Example:
//
//   WatchOptions options;
//   options.after_cursor = LoadCursor();  // "" the first time: from the oldest
//   WatchCallbacks callbacks;
//   callbacks.on_event = [](const payments::v1::OrderEvent& event) {
//     HandleInOneTransaction(event);  // ... and store event.cursor() with it
//   };
//   callbacks.on_stopped = [](const absl::Status& status) {
//     if (!status.ok()) LOG(ERROR) << "order events: " << status;
//   };
//   absl::StatusOr<std::unique_ptr<OrderEventWatcher>> watcher =
//       client->WatchOrderEvents(options, std::move(callbacks));
//   if (!watcher.ok()) return watcher.status();  // bad options
//   ...
//   (*watcher)->Stop();  // or destroy it

#ifndef MSP_GATEWAY_CLIENT_ORDER_EVENT_WATCHER_H_
#define MSP_GATEWAY_CLIENT_ORDER_EVENT_WATCHER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "payments/v1/payment_service.grpc.pb.h"

namespace grpc {
class Channel;
class ClientContext;
}  // namespace grpc

namespace payments_client {

// WatchOptions
//
// What to follow and how to reconnect.
struct WatchOptions {
  // The cursor of the last event already handled: the first event delivered
  // is the one after it. Empty: from the oldest event the gateway still
  // keeps. A decimal int64 (OrderEvent.cursor) or empty, else Start() fails.
  std::string after_cursor;
  // Only these orders' events (merchant order IDs; the gateway accepts at
  // most 100). Empty: every order's.
  std::vector<std::string> order_ids;

  // Wait before reconnecting after the n-th stream in a row that ended
  // without progress: min(initial_backoff * backoff_multiplier^(n-1),
  // max_backoff), +-20 % jitter, and at least a google.rpc.RetryInfo delay
  // the gateway sent. A stream that delivered an event, or stayed open for
  // at least max_backoff, starts the count again. When the channel has no
  // connection then (the gateway is down), the watcher makes it connect
  // and waits up to as long again for it before calling.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(10);
  double backoff_multiplier = 2.0;

  // Deadline of each stream. Unset (the default): none, a stream lasts
  // until something ends it. Set: every stream ends after this long with
  // DEADLINE_EXCEEDED and the watcher calls again, e.g. so long-lived
  // watchers spread over replicas added since they connected.
  std::optional<absl::Duration> attempt_deadline;
};

// WatchCallbacks
//
// All run on the watcher's own thread, one at a time. They may block (the
// stream waits; a gateway whose buffer for a slow watcher fills up ends the
// stream with RESOURCE_EXHAUSTED and the watcher resumes), and may call
// Stop() and last_cursor(), but not Wait() nor the watcher's destructor.
struct WatchCallbacks {
  // Required. Each event once, in cursor order, across reconnects; the
  // watcher's last_cursor() moves to the event's cursor when it returns.
  std::function<void(const payments::v1::OrderEvent& event)> on_event;
  // Optional. Once, when the watcher has stopped: OK after Stop(), else the
  // error that ended it (see OrderEventWatcher). No callback runs after it.
  std::function<void(const absl::Status& status)> on_stopped;
  // Optional, for logs and metrics: a stream ended with `status` (OK: the
  // gateway closed it) and the watcher reconnects after `backoff`.
  std::function<void(const absl::Status& status, absl::Duration backoff)>
      on_reconnect;
};

// OrderEventWatcher
//
// One WatchOrderEvents stream at a time, resumed after the last delivered
// cursor whenever it ends with
//   UNAVAILABLE (replica shutting down, store unreadable, connection lost),
//   RESOURCE_EXHAUSTED (slow consumer, gateway busy), DEADLINE_EXCEEDED,
//   ABORTED, CANCELLED (by the server or a proxy), UNKNOWN, INTERNAL
//   (transport failures; not the gateway's own INTERNAL, which carries its
//   ErrorInfo, e.g. UNREADABLE_EVENT, and would come back), or OK;
// and stopped, reporting the status, by any other code, notably
//   OUT_OF_RANGE (after_cursor older than the gateway's retention, the
//   ErrorInfo metadata `oldest_cursor` names the oldest kept; or newer than
//   its newest), INVALID_ARGUMENT, FAILED_PRECONDITION (the gateway has no
//   event log), UNAUTHENTICATED, PERMISSION_DENIED, UNIMPLEMENTED.
// Decode the status with CallError::FromStatus() (call_error.h). It also
// stops with INTERNAL if the gateway sends an event whose cursor is not a
// decimal int64 (it could not resume after it).
//
// Exactly once: an event whose cursor is not greater than the last one
// delivered (a gateway resending what it already sent) is dropped, so a
// callback sees each cursor once and in increasing order. That holds for
// one watcher; across restarts of the process, store each event's cursor
// with what handling it changed and start the next watcher after it.
//
// Thread-safe.
class OrderEventWatcher {
 public:
  using Stub = payments::v1::PaymentService::StubInterface;

  // OrderEventWatcher::Start()
  //
  // Starts following on its own thread, over `channel` (kept alive by the
  // watcher). PaymentClient::WatchOrderEvents() is the usual way in: it
  // passes the client's channel, made by internal::CreateChannel() from its
  // ClientOptions (TLS, load balancing, keepalive, user agent). Before
  // reconnecting while the channel has no connection, the watcher resets
  // its connection backoff, so a gateway that is back is reached on the
  // watcher's schedule rather than gRPC's (which grows to two minutes).
  // InvalidArgument for a bad after_cursor, backoff or deadline, a null
  // channel or a missing on_event.
  static absl::StatusOr<std::unique_ptr<OrderEventWatcher>> Start(
      std::shared_ptr<grpc::Channel> channel, WatchOptions options,
      WatchCallbacks callbacks);

  // OrderEventWatcher::StartForStub()
  //
  // The same through `stub` (shared: kept alive by the watcher), e.g. a
  // gmock MockPaymentServiceStub; without a channel there is no connection
  // backoff to reset.
  static absl::StatusOr<std::unique_ptr<OrderEventWatcher>> StartForStub(
      std::shared_ptr<Stub> stub, WatchOptions options,
      WatchCallbacks callbacks);

  OrderEventWatcher(const OrderEventWatcher&) = delete;
  OrderEventWatcher& operator=(const OrderEventWatcher&) = delete;

  // Stop(). REQUIRES: not called from one of the callbacks.
  ~OrderEventWatcher();

  // OrderEventWatcher::Stop()
  //
  // Cancels the stream or the wait before the next one and returns once
  // the watcher's thread has ended (on_stopped(OK) has run, unless it had
  // stopped by itself before), so it waits for a callback in progress to
  // return. From a callback it only asks: the watcher ends when the
  // callback returns. Idempotent. An event read but not yet
  // delivered when Stop() is called is not delivered: resuming after
  // last_cursor() gets it again.
  void Stop();

  // OrderEventWatcher::Wait()
  //
  // Blocks until the watcher has stopped (by itself or by Stop()) and
  // returns why: OK after Stop(), else the error that ended it.
  absl::Status Wait();
  // The same, giving up after `timeout`: nullopt while still running.
  std::optional<absl::Status> WaitFor(absl::Duration timeout);

  // The cursor of the last event delivered (on_event returned), or the
  // starting after_cursor when none was: where to resume from, e.g. in a
  // new watcher after an OUT_OF_RANGE was handled.
  std::string last_cursor() const;

  // How many streams were started (the first one, plus one per reconnect).
  int64_t attempts() const;
  // How many events were dropped as already delivered.
  int64_t duplicates_dropped() const;

 private:
  // How one stream ended.
  struct StreamEnd {
    absl::Status status;
    // The watcher itself ended it (Stop(), or an event it cannot resume
    // after, in which case `status` says so).
    bool by_watcher = false;
    bool delivered = false;
    absl::Duration lasted;
  };

  OrderEventWatcher(std::shared_ptr<grpc::Channel> channel,
                    std::shared_ptr<Stub> stub, WatchOptions options,
                    WatchCallbacks callbacks,
                    std::optional<int64_t> after_cursor);

  static absl::StatusOr<std::unique_ptr<OrderEventWatcher>> Create(
      std::shared_ptr<grpc::Channel> channel, std::shared_ptr<Stub> stub,
      WatchOptions options, WatchCallbacks callbacks);

  void Run();
  StreamEnd RunStream();
  absl::Duration Backoff(int failures) const;
  // Waits up to `delay`; true if Stop() was called (now or before).
  bool SleepUnlessStopped(absl::Duration delay) ABSL_LOCKS_EXCLUDED(mu_);
  // When the channel is not connected: makes it connect now and waits up to
  // `timeout` for it; true if Stop() was called.
  bool AwaitConnection(absl::Duration timeout) ABSL_LOCKS_EXCLUDED(mu_);
  void Finish(const absl::Status& status) ABSL_LOCKS_EXCLUDED(mu_);

  const std::shared_ptr<grpc::Channel> channel_;  // Null: StartForStub().
  const std::shared_ptr<Stub> stub_;
  const WatchOptions options_;
  const WatchCallbacks callbacks_;

  mutable absl::Mutex mu_;
  // The last delivered cursor (the starting one before that; nullopt: from
  // the oldest, nothing delivered yet).
  std::optional<int64_t> last_cursor_ ABSL_GUARDED_BY(mu_);
  // The stream in flight, for Stop() to cancel; owned by RunStream().
  grpc::ClientContext* context_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status final_status_ ABSL_GUARDED_BY(mu_);
  int64_t attempts_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t duplicates_ ABSL_GUARDED_BY(mu_) = 0;

  // Serializes joining: Stop() may be called from several threads.
  absl::Mutex join_mu_;
  std::thread thread_;
};

}  // namespace payments_client

#endif  // MSP_GATEWAY_CLIENT_ORDER_EVENT_WATCHER_H_
