// Copyright 2026 The msp-gateway Authors.
//
// File: append_notifier.h
//
// The in-process half of OrderEventStore::SubscribeToAppends()
// (order_event_store.h), shared by every implementation: a set of `wake`
// callbacks, and Notify() that runs them. A store calls Notify() after an
// append it committed (and the PostgreSQL store also when LISTEN hears
// another replica's).
//
// Destroying a subscription removes its callback and waits for a Notify()
// that is running it, so once the destructor returns `wake` never runs
// again and whatever it captured may go. Hence the one rule for `wake`: it
// must not subscribe or destroy a subscription of the same notifier (that
// would wait for itself). It should be quick (set a flag, signal a
// condition): it runs on the appending thread, after its commit.
//
// A subscription keeps the notifier alive (shared ownership), so it may
// outlive its store; it is then simply never woken. Thread-safe.

#ifndef MSP_GATEWAY_SERVICE_STORE_APPEND_NOTIFIER_H_
#define MSP_GATEWAY_SERVICE_STORE_APPEND_NOTIFIER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "service/store/order_event_store.h"

namespace msp_gateway {

class AppendNotifier : public std::enable_shared_from_this<AppendNotifier> {
 public:
  static std::shared_ptr<AppendNotifier> Create();

  AppendNotifier(const AppendNotifier&) = delete;
  AppendNotifier& operator=(const AppendNotifier&) = delete;

  // Registers `wake` until the returned subscription is destroyed.
  std::unique_ptr<AppendSubscription> Subscribe(std::function<void()> wake)
      ABSL_LOCKS_EXCLUDED(mu_);

  // Runs every registered `wake` once, on this thread (several Notify()s
  // may run at once, on their threads).
  void Notify() ABSL_LOCKS_EXCLUDED(mu_);

  // Live subscriptions (tests, metrics).
  int subscribers() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  class Subscription;

  AppendNotifier() = default;
  void Unsubscribe(int64_t id) ABSL_LOCKS_EXCLUDED(mu_);

  // Notify() holds it shared while it calls, (un)subscribing exclusively:
  // so an unsubscribe waits for the calls in progress.
  mutable absl::Mutex mu_;
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<int64_t, std::function<void()>> wakes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_APPEND_NOTIFIER_H_
