// Copyright 2026 The msp-gateway Authors.
//
// File: reconciler.h
//
// Settles the idempotency records nobody is settling: "outcome unknown"
// (a write whose answer was lost and whose lookup failed too) and in-flight
// records whose lease expired (their replica died mid-call). For each, it
// takes the record over (so no caller and no other replica works on it at
// the same time), looks the effect up at MultiSafepay with the method's
// settlement (settlement.h) and records what it shows:
//
//   not applied           release the record: nothing exists, a retry sends
//   applied               completed, with the looked-up answer
//   applied, answer lost  answer_lost: the next identical call resends once
//   the lookup fails      unknown again, retried with exponential backoff
//
// So no record stays unresolved while MultiSafepay can be read. RunOnce() is
// called by the server's store maintenance loop; it blocks (one lookup at a
// time) and must not run on a gRPC or transport thread.

#ifndef MSP_GATEWAY_SERVICE_RPC_RECONCILER_H_
#define MSP_GATEWAY_SERVICE_RPC_RECONCILER_H_

#include <cstddef>
#include <functional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/rpc/claimed_call.h"
#include "service/rpc/settlement.h"
#include "service/store/order_store.h"

namespace msp_gateway {

struct ReconcilerOptions {
  // This replica's name; leases are taken as "<owner>/reconciler".
  std::string owner;
  // Upstream deadline of one lookup.
  absl::Duration lookup_timeout = absl::Seconds(10);
  // Records looked at per RunOnce().
  size_t batch = 100;
  // Backoff after a failed lookup: doubles from `first_backoff` up to
  // `max_backoff`.
  absl::Duration first_backoff = absl::Seconds(1);
  absl::Duration max_backoff = absl::Minutes(5);
  absl::Duration lease_margin = absl::Seconds(5);
};

// What one RunOnce() did, by outcome.
struct ReconcileCounts {
  int not_applied = 0;
  int applied = 0;
  int answer_lost = 0;
  int lookup_failed = 0;
  // Taken over by someone else first, in backoff, or of an unknown method.
  int skipped = 0;
};

class Reconciler {
 public:
  using Options = ReconcilerOptions;

  // `settlements` maps a method name ("CreateOrder", the part of a record's
  // key before '/') to its settlement. `store` must outlive the reconciler.
  Reconciler(OrderStore& store, SendMsp send,
             absl::flat_hash_map<std::string, Settlement> settlements,
             Options options, std::function<absl::Time()> clock = absl::Now);

  // Settles what needs settling now; not thread-safe (one loop calls it).
  // Returns early, between two records, once `stop` says so (shutdown).
  ReconcileCounts RunOnce(const std::function<bool()>& stop = nullptr);

  // Told each outcome ("not_applied", ...), for metrics. Optional.
  void set_observer(std::function<void(absl::string_view outcome)> observer) {
    observer_ = std::move(observer);
  }

 private:
  struct Backoff {
    absl::Time next_try;
    absl::Duration delay;
  };

  // One record; returns the outcome's name, or "" when skipped.
  absl::string_view Settle(const OrderRecord& record);

  OrderStore& store_;
  const SendMsp send_;
  const absl::flat_hash_map<std::string, Settlement> settlements_;
  const Options options_;
  const std::function<absl::Time()> clock_;
  std::function<void(absl::string_view)> observer_;
  absl::flat_hash_map<std::string, Backoff> backoff_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_RECONCILER_H_
