// Copyright 2026 The msp-gateway Authors.
//
// File: order_store.h
//
// The durable idempotency records behind every call that moves money or
// creates an order (CreateOrder by order_id; RefundOrder, CaptureOrder and
// optionally UpdateOrder / CancelOrder by request_id). A record is claimed
// atomically before MultiSafepay is called and completed after, so that one
// key means one effect at MultiSafepay across retries, replicas and restarts
// (the "idempotency keys in Postgres" design: atomic claim, a lease for the
// replica that holds it, recovery of what a dead replica left).
//
// A record's life:
//
//   Claim() ──> kInFlight (owner, lease) ──Update()──> kCompleted (response)
//                   │  │                                   (final)
//                   │  └──Update()──> kUnknown  (the call was sent, its
//                   │                  outcome is not known: reconcile)
//                   │  └──Update()──> kAnswerLost (MultiSafepay has it, the
//                   │                  answer is lost; one resend may fetch it)
//                   └──Release()──> gone (nothing happened at MultiSafepay:
//                                    the key may be used again)
//
// Every change but Claim() is conditional on the record's `version` (the
// value the caller read), so two replicas can never both believe they hold
// a record: the second one's Update() returns false and it reads again.
//
// Two implementations pass one conformance suite (order_store_conformance.h):
// SQLite (sqlite_order_store.h, the embedded default) and PostgreSQL
// (postgres_order_store.h, shared by replicas). Both are thread-safe. Every
// method may fail with UNAVAILABLE (the store cannot be reached, or timed
// out) or INTERNAL (a bug or a corrupt database); callers fail closed: no
// MultiSafepay call without a claim.
//
// Times are stored as int64 Unix milliseconds: a record read back has its
// times rounded down to the millisecond (absl::ToUnixMillis), so callers
// compare leases at that precision.

#ifndef MSP_GATEWAY_SERVICE_STORE_ORDER_STORE_H_
#define MSP_GATEWAY_SERVICE_STORE_ORDER_STORE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace msp_gateway {

enum class RecordState {
  // Claimed by `owner` until `lease_expires`; its MultiSafepay call may be
  // under way. Once the lease expired the owner is presumed dead and another
  // replica may take the record over (reconciling first).
  kInFlight,
  // `response` is the answer for this key, for every later identical call.
  kCompleted,
  // The MultiSafepay call was sent and its outcome is not known (timeout,
  // reset, 5xx, and the lookup failed too). Reconcile before anything else.
  kUnknown,
  // A lookup showed MultiSafepay has the effect but its answer (e.g. a
  // CreateOrder's payment_url) was lost and cannot be read back; the next
  // identical call may resend once to obtain it.
  kAnswerLost,
};

// "in_flight", "completed", "unknown", "answer_lost": the stored and
// metric label spelling.
absl::string_view RecordStateName(RecordState state);
std::optional<RecordState> ParseRecordState(absl::string_view name);

struct OrderRecord {
  // The method-prefixed idempotency key ("CreateOrder/ord-1",
  // "RefundOrder/<request_id>"); unique. At most 300 bytes.
  std::string key;
  // RequestFingerprint() of the request that claimed the key (bytes).
  std::string fingerprint;
  // The MultiSafepay order the call is about (to look it up when reconciling).
  std::string order_id;
  // The MultiSafepay request the key sends (its body, bytes; at most the
  // request cap), kept so that an ambiguous outcome can be judged against
  // what was asked (an UpdateOrder's fields) by any replica, later.
  std::string request;
  RecordState state = RecordState::kInFlight;
  // The serialized response, when kCompleted (bytes; may be large: up to the
  // server's response cap).
  std::string response;
  // The replica holding the lease (kInFlight); empty otherwise allowed.
  std::string owner;
  absl::Time lease_expires = absl::UnixEpoch();
  // How many times the write was sent to MultiSafepay under this record.
  int attempts = 0;
  // Bumped by every change; the precondition of Update() and Release().
  int64_t version = 0;
  absl::Time created = absl::UnixEpoch();
  absl::Time updated = absl::UnixEpoch();
};

struct ClaimRequest {
  std::string key;
  std::string fingerprint;
  std::string order_id;
  std::string owner;
  absl::Time now;
  absl::Time lease_expires;
  std::string request;  // OrderRecord::request
};

struct ClaimResult {
  // True: this call inserted `record` (kInFlight, attempts 0, version 1).
  // False: a record existed under the key; `record` is it, unchanged.
  bool claimed = false;
  OrderRecord record;
};

class OrderStore {
 public:
  virtual ~OrderStore() = default;

  // Inserts a kInFlight record for `request.key` unless one exists, in one
  // atomic step; returns the inserted or the existing record.
  virtual absl::StatusOr<ClaimResult> Claim(const ClaimRequest& request) = 0;

  // The record under `key`, or nullopt.
  virtual absl::StatusOr<std::optional<OrderRecord>> Get(
      absl::string_view key) = 0;

  // Replaces the record under `record.key` by `record` (every field but key,
  // fingerprint, order_id, request and created) if its stored version is
  // `record.version`; the stored version becomes `record.version + 1` and
  // `updated` is stored as given. False (nothing changed) when the record is
  // gone or its version differs.
  virtual absl::StatusOr<bool> Update(const OrderRecord& record) = 0;

  // Deletes the record under `key` if its version is `version`. False when
  // it is gone or its version differs.
  virtual absl::StatusOr<bool> Release(absl::string_view key,
                                       int64_t version) = 0;

  // Up to `limit` records that need reconciling at `now`: kUnknown, and
  // kInFlight whose lease expired before `now` (lease_expires < now); oldest
  // `updated` first.
  virtual absl::StatusOr<std::vector<OrderRecord>> ListNeedingReconciliation(
      absl::Time now, size_t limit) = 0;

  // Deletes up to `limit` records created before `cutoff` (created < cutoff,
  // in any state; oldest first);
  // returns how many. The retention purge calls it in small batches.
  virtual absl::StatusOr<size_t> PurgeCreatedBefore(absl::Time cutoff,
                                                    size_t limit) = 0;

  // Records by state (RecordStateName), for the metrics; states with no
  // record may be absent.
  virtual absl::StatusOr<absl::flat_hash_map<std::string, int64_t>>
  CountByState() = 0;

  // OK when the store answers a trivial query (readiness).
  virtual absl::Status Ping() = 0;

  // "sqlite" or "postgresql", for logs and metrics.
  virtual absl::string_view kind() const = 0;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_STORE_ORDER_STORE_H_
