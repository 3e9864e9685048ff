// Copyright 2026 The msp-gateway Authors.
//
// File: claimed_call.h
//
// One call that changes state at MultiSafepay under a durable idempotency
// record (service/store/order_store.h): claim, send, record, and settle an
// ambiguous outcome by reading before ever sending again. This is what makes
// one order_id one order at MultiSafepay, and one request_id one refund,
// across retries, replicas and restarts:
//
//   1. Claim the key atomically.
//      - a record with another fingerprint: ALREADY_EXISTS <FIELD>_REUSED;
//      - completed: its stored answer, nothing sent;
//      - in flight on a live lease (another replica, or this one): wait for
//        it until the caller's deadline, then ABORTED ORDER_IN_FLIGHT with
//        RetryInfo;
//      - outcome unknown, or a lease expired (its replica died): take it over
//        and look first (3);
//      - answer lost (a lookup found the order open): take it over and send
//        once more; that answer is *the* answer.
//   2. Send. Applied: record the answer, then give it. Not sent, or rejected
//      by MultiSafepay (nothing was created): release the claim so the caller
//      can fix the request and reuse the key. Ambiguous: look (3).
//   3. Look (the spec's lookup + judge): not applied, send (again) within the
//      deadline; applied, record and answer what the lookup shows (a paid
//      order's status); applied but the answer cannot be read back (an open
//      order), send once more; the lookup fails too, record "unknown" and
//      answer UNAVAILABLE ORDER_OUTCOME_UNKNOWN with RetryInfo: the caller's
//      retry (or the reconciler) settles it. Never INVALID_ARGUMENT or
//      FAILED_PRECONDITION for something that may exist.
//
// Concurrent calls for one key are serialised by the claim, so a late first
// POST can never replace the session a retry already handed out: a result is
// recorded only under the version this call holds; if another replica took
// the record over meanwhile, this call answers what that one recorded.
//
// Fails closed: a store that cannot be reached is UNAVAILABLE STORE_UNAVAILABLE
// before anything is sent. Store work runs through `run_blocking` (off the
// gRPC and transport threads); MultiSafepay calls through `send`.

#ifndef MSP_GATEWAY_SERVICE_RPC_CLAIMED_CALL_H_
#define MSP_GATEWAY_SERVICE_RPC_CLAIMED_CALL_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/rpc/settlement.h"
#include "service/store/order_store.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// ErrorInfo reasons (domain msp-gateway) of claimed calls (docs/errors.md).
inline constexpr absl::string_view kStoreUnavailable = "STORE_UNAVAILABLE";
inline constexpr absl::string_view kStoreBusy = "STORE_BUSY";
inline constexpr absl::string_view kOrderInFlight = "ORDER_IN_FLIGHT";
inline constexpr absl::string_view kOrderOutcomeUnknown =
    "ORDER_OUTCOME_UNKNOWN";

// Sends one MultiSafepay request with an upstream deadline; `done` runs once,
// on any thread.
using SendMsp = std::function<void(
    const MspRequest& request, absl::Time deadline,
    std::function<void(absl::StatusOr<MspReply>)> done)>;

// What every claimed call of one process shares. Must outlive the calls.
struct ClaimedCallEnv {
  OrderStore* store = nullptr;
  // Runs store work (blocking) off the caller's thread; must run every task
  // it is given.
  std::function<void(std::function<void()>)> run_blocking;
  // The same for a call's first step, bounded: false (the queue is full)
  // answers RESOURCE_EXHAUSTED STORE_BUSY, nothing sent. Optional (then
  // run_blocking).
  std::function<bool(std::function<void()>)> try_run_blocking;
  SendMsp send;
  // This replica, as the owner of its leases.
  std::string owner;
  // A lease lasts until the call's upstream deadline plus this margin, so a
  // record is taken over only once its owner can no longer be sending.
  absl::Duration lease_margin = absl::Seconds(5);
  // Upstream deadline for a caller without one.
  absl::Duration max_call = absl::Seconds(60);
  // How often a call waiting for another one's record reads it again.
  absl::Duration in_flight_poll = absl::Milliseconds(50);
  std::function<absl::Time()> clock = absl::Now;
  // Told how each store operation went ("claim", "get", "update",
  // "release"), for metrics. Optional.
  std::function<void(absl::string_view operation, bool ok,
                     absl::Duration latency)>
      on_store_operation;
  // Told how each settled ambiguity ended ("not_applied", "applied",
  // "answer_lost", "lookup_failed"), for metrics. Optional.
  std::function<void(absl::string_view outcome)> on_lookup;
};

// One call, as the RPC edge hands it over.
struct ClaimedCallRequest {
  absl::string_view method;  // "CreateOrder"
  // The method-prefixed key ("CreateOrder/ord-1") and the request's
  // fingerprint.
  std::string key;
  std::string fingerprint;
  LookupKey ids;
  // The request field of the key ("order_id"), for the reuse error.
  absl::string_view key_field;
  MspRequest write;
  // MultiSafepay's successful answer as the serialized response.
  std::function<absl::StatusOr<std::string>(const MspReply&)> map_reply;
  // Empty: an ambiguous outcome cannot be settled; the claim is released
  // and the caller gets the error, as without a store.
  Settlement settlement;
  // The caller's deadline, and the last moment anything may be sent
  // (deadline capped by the shutdown grace).
  absl::Time deadline = absl::InfiniteFuture();
  absl::Time send_by = absl::InfiniteFuture();
  // Optional: sends this call's requests instead of ClaimedCallEnv::send
  // (the RPC edge checks again, when a worker picks a request up, that the
  // caller is still there).
  SendMsp send;
};

using ClaimedCallDone = std::function<void(const absl::StatusOr<std::string>&)>;

// Runs `request` (steps 1-3 above); `done` runs exactly once with the
// serialized response or the error, on any thread.
void RunClaimedCall(const ClaimedCallEnv& env, ClaimedCallRequest request,
                    ClaimedCallDone done);

// ALREADY_EXISTS, reason <FIELD>_REUSED, for `key` used before with a
// different request.
absl::Status KeyReusedError(absl::string_view method, absl::string_view field,
                            absl::string_view key);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_CLAIMED_CALL_H_
