// Copyright 2026 The msp-gateway Authors.
//
// File: idempotency_cache.h
//
// `order_id` is the caller's idempotency key. MultiSafepay has no idempotency
// header: a re-POSTed order_id whose payment is not yet completed starts a new
// session, so a client retry after a lost response would open a second
// payment page. This cache makes CreateOrder idempotent per replica:
//
// - the same order_id with the same request, while the first call is still in
//   flight, waits for that call and gets its result (no second upstream call);
// - after a success, the same request is answered from the cache (same
//   payment_url) for `ttl`;
// - the same order_id with a different request is ALREADY_EXISTS;
// - failures are not remembered, so a retry after a failure really retries.
//
// Across replicas MultiSafepay itself is the backstop (1006 for an order_id
// whose payment completed).

#ifndef MSP_GATEWAY_SERVICE_RPC_IDEMPOTENCY_CACHE_H_
#define MSP_GATEWAY_SERVICE_RPC_IDEMPOTENCY_CACHE_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "payments/v1/payment_service.pb.h"

namespace msp_gateway {

class IdempotencyCache {
 public:
  using Result = absl::StatusOr<payments::v1::CreateOrderResponse>;
  using Waiter = std::function<void(const Result&)>;

  struct Options {
    absl::Duration ttl = absl::Hours(24);
    size_t max_entries = 100000;
  };

  enum class Admission {
    // The caller is first: it must call Complete() with its result.
    kProceed,
    // An identical call is in flight: `waiter` runs when it completes.
    kJoined,
    // `waiter` already ran, with a cached success or an ALREADY_EXISTS error.
    kAnswered,
  };

  explicit IdempotencyCache(Options options,
                            std::function<absl::Time()> clock = absl::Now);

  // Admits a CreateOrder for `order_id` whose request hashes to `fingerprint`.
  // `waiter` is called (outside any lock) unless the result is kProceed.
  Admission Begin(const std::string& order_id, const std::string& fingerprint,
                  Waiter waiter);

  // Records the result of a kProceed call and answers every joined waiter.
  void Complete(const std::string& order_id, const Result& result);

  size_t size() const;

 private:
  struct Entry {
    std::string fingerprint;
    bool pending = true;
    payments::v1::CreateOrderResponse response;  // Valid when !pending.
    absl::Time expires;
    std::vector<Waiter> waiters;
  };

  void EvictLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Options options_;
  const std::function<absl::Time()> clock_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // Completed order_ids, oldest first, for expiry and the size bound.
  std::deque<std::string> completed_order_ ABSL_GUARDED_BY(mu_);
};

// A digest of `request` that is equal for equal requests (deterministic
// serialization, SHA-256).
std::string RequestFingerprint(const payments::v1::CreateOrderRequest& request);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_IDEMPOTENCY_CACHE_H_
