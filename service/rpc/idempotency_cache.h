// Copyright 2026 The msp-gateway Authors.
//
// File: idempotency_cache.h
//
// Answers repeated calls under one idempotency key once, per replica. The key
// is the spec's (UnarySpec::idempotency_key: CreateOrder's order_id, which
// MultiSafepay has no header for: a re-POSTed order_id whose payment is not
// yet completed starts a new session, so a client retry after a lost response
// would open a second payment page). The RPC edge prefixes keys with the
// method, so RPCs never share keys.
//
// - the same key with the same request, while the first call is still in
//   flight, waits for that call and gets its result (no second upstream call);
// - after a success, the same request is answered from the cache (the same
//   serialized response, so the same payment_url) for `ttl`;
// - the same key with a different request is kConflict (the RPC edge answers
//   ALREADY_EXISTS);
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
#include "google/protobuf/message.h"

namespace msp_gateway {

class IdempotencyCache {
 public:
  // A serialized response, or why there is none.
  using Result = absl::StatusOr<std::string>;
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
    // `waiter` already ran, with the stored response.
    kAnswered,
    // The key was used for a different request; `waiter` is not called.
    kConflict,
  };

  explicit IdempotencyCache(Options options,
                            std::function<absl::Time()> clock = absl::Now);

  // Admits a call under `key` whose request hashes to `fingerprint`.
  // `waiter` is called (outside any lock) for kAnswered, later for kJoined.
  Admission Begin(const std::string& key, const std::string& fingerprint,
                  Waiter waiter);

  // Records the result of a kProceed call and answers every joined waiter.
  void Complete(const std::string& key, const Result& result);

  size_t size() const;

 private:
  struct Entry {
    std::string fingerprint;
    bool pending = true;
    std::string response;  // Valid when !pending.
    absl::Time expires;
    std::vector<Waiter> waiters;
  };

  void EvictLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Options options_;
  const std::function<absl::Time()> clock_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // Completed keys, oldest first, for expiry and the size bound.
  std::deque<std::string> completed_order_ ABSL_GUARDED_BY(mu_);
};

// A digest of `request` that is equal for equal requests (deterministic
// serialization, SHA-256).
std::string RequestFingerprint(const google::protobuf::Message& request);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_IDEMPOTENCY_CACHE_H_
