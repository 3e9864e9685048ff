// Copyright 2026 The msp-gateway Authors.
//
// File: order_poller.h
//
// Lost notifications are still found (issue 12): every order that is not
// final is read from MultiSafepay (GET /orders/{id}) once it has had no news
// for `reconcile_after`, and again with backoff, until it is final or past
// its payment method's expiry (multisafepay-api.md §7.4, PaymentExpiry()).
// What a poll finds goes through the same state machine as a notification
// (source RECONCILER), so even if every notification is lost every outcome
// still arrives, and a poll that finds nothing new emits nothing.
//
// Several replicas may poll the same order at once; the state machine makes
// that harmless (the second finds a duplicate), and the schedule is written
// under the order's version.

#ifndef MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_POLLER_H_
#define MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_POLLER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/order_events/notification_intake.h"
#include "service/order_events/order_event_recorder.h"

namespace msp_gateway {

// How long after creation a payment with `gateway` (MultiSafepay's id, e.g.
// "IDEAL"; as reported in payment_details.type) can still change its
// outcome: the transaction expiry of §7.4, rounded up, plus a day of margin;
// methods that never expire, and unknown ones, 90 days.
absl::Duration PaymentExpiry(absl::string_view gateway);

// The delay before poll number `attempt` (1, 2, ...) of an order without
// news: `first`, doubling, at most `max`.
absl::Duration PollBackoff(int attempt, absl::Duration first,
                           absl::Duration max);

struct OrderPollerOptions {
  // Rounds: one every `interval`, at most `batch` orders each.
  absl::Duration interval = absl::Seconds(5);
  size_t batch = 100;
  // After a poll that found nothing new: reconcile_after, doubling, capped.
  absl::Duration first_backoff = absl::Minutes(10);
  absl::Duration max_backoff = absl::Hours(6);
  absl::Duration read_timeout = absl::Seconds(10);
  std::function<absl::Time()> clock = absl::Now;
  // Told of each poll's outcome ("changed", "unchanged", "not_found",
  // "failed", "expired"), for metrics. Optional.
  std::function<void(absl::string_view outcome)> observer;
};

struct OrderPollCounts {
  int64_t polled = 0;
  int64_t changed = 0;
  int64_t failed = 0;
  int64_t expired = 0;
};

class OrderPoller {
 public:
  // Every collaborator must outlive the poller.
  OrderPoller(OrderEventRecorder& recorder, ReadMspOrder read_order,
              OrderPollerOptions options = {});
  ~OrderPoller();  // Stops.

  // One round (what the thread runs): the orders due now.
  OrderPollCounts RunOnce();

  // Rounds on a thread of its own until Stop().
  void Start();
  void Stop();

 private:
  absl::string_view PollOne(const OrderState& state, absl::Time now);

  OrderEventRecorder& recorder_;
  const ReadMspOrder read_order_;
  const OrderPollerOptions options_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_EVENTS_ORDER_POLLER_H_
