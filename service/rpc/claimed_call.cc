// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/claimed_call.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "service/common/error_details.h"
#include "service/rpc/write_outcome.h"

namespace msp_gateway {
namespace {

using Kind = LookupVerdict<std::string>::Kind;

// At most this many writes per call: the first, and one after a lookup (not
// applied, or applied with its answer lost).
constexpr int kMaxWritesPerCall = 2;

absl::Status StoreUnavailable(absl::string_view method,
                              const absl::Status& cause) {
  // The cause's message is the store's (never a DSN or data); its code is
  // not passed on: to the caller this is always "retry later".
  return WithRetryInfo(
      WithErrorInfo(absl::UnavailableError(absl::StrCat(
                        "the order store is unavailable (", cause.message(),
                        "); ", method,
                        " was not sent to MultiSafepay: retry")),
                    kStoreUnavailable, kGatewayErrorDomain,
                    {{"request_sent", "false"}}),
      absl::Milliseconds(500));
}

absl::Status InFlightElsewhere(absl::string_view method,
                               absl::string_view key_field,
                               absl::string_view key) {
  return WithRetryInfo(
      WithErrorInfo(absl::AbortedError(absl::StrCat(
                        "an identical ", method, " for this ", key_field,
                        " is still in progress; retry to get its answer")),
                    kOrderInFlight, kGatewayErrorDomain,
                    {{std::string(key_field), std::string(key)}}),
      absl::Milliseconds(500));
}

absl::Status OutcomeUnknown(absl::string_view method,
                            absl::string_view key_field, absl::string_view key,
                            absl::string_view why) {
  return WithRetryInfo(
      WithErrorInfo(
          absl::UnavailableError(absl::StrCat(
              "the outcome of ", method, " at MultiSafepay is not known yet (",
              why, "); retry with the same request: the gateway settles it "
                   "before sending anything again")),
          kOrderOutcomeUnknown, kGatewayErrorDomain,
          {{std::string(key_field), std::string(key)},
           {"request_sent", "unknown"}}),
      absl::Seconds(1));
}

class ClaimedCall : public std::enable_shared_from_this<ClaimedCall> {
 public:
  ClaimedCall(const ClaimedCallEnv& env, ClaimedCallRequest request,
              ClaimedCallDone done)
      : env_(env), req_(std::move(request)), done_(std::move(done)) {
    const absl::Time now = env_.clock();
    upstream_by_ = std::min(req_.send_by, now + env_.max_call);
  }

  void Start() {
    auto self = shared_from_this();
    if (!env_.try_run_blocking) {
      env_.run_blocking([self] { self->Claim(); });
      return;
    }
    if (!env_.try_run_blocking([self] { self->Claim(); })) {
      Finish(WithRetryInfo(
          WithErrorInfo(absl::ResourceExhaustedError(absl::StrCat(
                            "the gateway's order store queue is full; ",
                            req_.method,
                            " was not sent to MultiSafepay: retry with "
                            "backoff")),
                        kStoreBusy, kGatewayErrorDomain,
                        {{"request_sent", "false"}}),
          absl::Milliseconds(200)));
    }
  }

 private:
  // Times one store operation for the observer.
  template <typename F>
  auto Timed(absl::string_view operation, F&& f) -> decltype(f()) {
    const absl::Time start = env_.clock();
    auto result = f();
    if (env_.on_store_operation) {
      env_.on_store_operation(operation, result.ok(), env_.clock() - start);
    }
    return result;
  }

  absl::Time Lease() const { return upstream_by_ + env_.lease_margin; }

  void Send(const MspRequest& request, absl::Time deadline,
            std::function<void(absl::StatusOr<MspReply>)> done) {
    const SendMsp& send = req_.send ? req_.send : env_.send;
    send(request, deadline, std::move(done));
  }

  void Finish(const absl::StatusOr<std::string>& result) {
    ClaimedCallDone done = std::move(done_);
    done(result);
  }

  // Step 1.
  void Claim() {
    ClaimRequest claim;
    claim.key = req_.key;
    claim.fingerprint = req_.fingerprint;
    claim.order_id = req_.ids.order_id;
    claim.request = req_.write.body;
    claim.owner = env_.owner;
    claim.now = env_.clock();
    claim.lease_expires = Lease();
    absl::StatusOr<ClaimResult> claimed =
        Timed("claim", [&] { return env_.store->Claim(claim); });
    if (!claimed.ok()) {
      Finish(StoreUnavailable(req_.method, claimed.status()));
      return;
    }
    record_ = std::move(claimed->record);
    if (claimed->claimed) {
      Write();
      return;
    }
    Existing();
  }

  // Step 1 for a key that has a record (`record_`, as last read).
  void Existing() {
    for (;;) {
      if (record_.fingerprint != req_.fingerprint) {
        Finish(KeyReusedError(req_.method, req_.key_field, req_.ids.key));
        return;
      }
      const absl::Time now = env_.clock();
      switch (record_.state) {
        case RecordState::kCompleted:
          Finish(record_.response);
          return;
        case RecordState::kInFlight:
          if (record_.lease_expires <= now) {
            // Its replica died, or lost its answer past its lease: nobody
            // knows what MultiSafepay did.
            if (TakeOver() == Taken::kChanged) continue;
            return;
          }
          if (now + env_.in_flight_poll >= req_.deadline) {
            Finish(
                InFlightElsewhere(req_.method, req_.key_field, req_.ids.key));
            return;
          }
          absl::SleepFor(env_.in_flight_poll);
          break;
        case RecordState::kUnknown:
          if (TakeOver() == Taken::kChanged) continue;
          return;
        case RecordState::kAnswerLost:
          // A lookup saw the order at MultiSafepay without its answer: one
          // more identical write fetches it (a new session of the same
          // order).
          order_exists_ = true;
          if (TakeOver() == Taken::kChanged) continue;
          return;
      }
      // Read again after waiting.
      absl::StatusOr<std::optional<OrderRecord>> read =
          Timed("get", [&] { return env_.store->Get(req_.key); });
      if (!read.ok()) {
        Finish(StoreUnavailable(req_.method, read.status()));
        return;
      }
      if (!read->has_value()) {
        // Released meanwhile (its write was rejected or not sent): ours
        // may go.
        Claim();
        return;
      }
      record_ = **read;
    }
  }

  enum class Taken {
    // The record is this call's now and the call went on from it.
    kGoneOn,
    // Another call changed it first: `record_` is the record read again.
    kChanged,
  };

  // Makes `record_` this call's (kInFlight under its lease) and goes on: a
  // record that was kAnswerLost is written again, any other one looked up
  // first. Also kGoneOn when the call finished (the store failed) or the
  // record was gone (this call claimed it afresh).
  Taken TakeOver() {
    const bool resend = record_.state == RecordState::kAnswerLost;
    OrderRecord mine = record_;
    mine.state = RecordState::kInFlight;
    mine.owner = env_.owner;
    mine.lease_expires = Lease();
    mine.updated = env_.clock();
    absl::StatusOr<bool> taken =
        Timed("update", [&] { return env_.store->Update(mine); });
    if (!taken.ok()) {
      Finish(StoreUnavailable(req_.method, taken.status()));
      return Taken::kGoneOn;
    }
    if (*taken) {
      mine.version = record_.version + 1;
      record_ = std::move(mine);
      if (resend) {
        Write();
      } else {
        Look();
      }
      return Taken::kGoneOn;
    }
    absl::StatusOr<std::optional<OrderRecord>> read =
        Timed("get", [&] { return env_.store->Get(req_.key); });
    if (!read.ok()) {
      Finish(StoreUnavailable(req_.method, read.status()));
      return Taken::kGoneOn;
    }
    if (!read->has_value()) {
      Claim();
      return Taken::kGoneOn;
    }
    record_ = **read;
    return Taken::kChanged;
  }

  // Step 2.
  void Write() {
    ++writes_;
    auto self = shared_from_this();
    Send(req_.write, upstream_by_,
              [self](absl::StatusOr<MspReply> reply) {
                self->env_.run_blocking(
                    [self, reply = std::move(reply)]() mutable {
                      self->OnWritten(std::move(reply));
                    });
              });
  }

  void OnWritten(absl::StatusOr<MspReply> reply) {
    WriteOutcome outcome =
        ClassifyWriteOutcome(req_.write.operation, reply.status());
    absl::StatusOr<std::string> response =
        reply.ok() ? req_.map_reply(*reply)
                   : absl::StatusOr<std::string>(reply.status());
    if (outcome == WriteOutcome::kApplied) {
      // A 2xx we cannot map (another order_id, a missing field) says
      // nothing certain about what MultiSafepay holds.
      if (!response.ok()) outcome = WriteOutcome::kAmbiguous;
    }
    switch (outcome) {
      case WriteOutcome::kApplied:
        Record(*std::move(response));
        return;
      case WriteOutcome::kNotSent:
      case WriteOutcome::kRejected:
        if (order_exists_) {
          // Our resend of an order MultiSafepay holds was refused: the
          // order still exists, so this is no "fix the request" answer.
          MarkUnresolved(RecordState::kAnswerLost,
                         "MultiSafepay holds the order but refused to "
                         "open a new payment session for it");
          return;
        }
        Release();
        Finish(response.status());
        return;
      case WriteOutcome::kAmbiguous:
        last_write_error_ = response.status();
        if (!req_.settlement) {
          // Nothing can settle it: as without a store, the caller gets the
          // error and its retry sends again.
          Release();
          Finish(response.status());
          return;
        }
        Look();
        return;
    }
  }

  // Step 3.
  void Look() {
    auto self = shared_from_this();
    if (env_.clock() >= upstream_by_) {
      // The caller's time is up: it hears what ended the write (a timeout,
      // DEADLINE_EXCEEDED), and its retry or the reconciler looks.
      MarkUnresolved(RecordState::kUnknown, "no time was left to look it up",
                     last_write_error_);
      return;
    }
    Send(req_.settlement.lookup(req_.ids), upstream_by_,
              [self](absl::StatusOr<MspReply> reply) {
                self->env_.run_blocking(
                    [self, reply = std::move(reply)]() mutable {
                      self->OnLooked(reply);
                    });
              });
  }

  void OnLooked(const absl::StatusOr<MspReply>& reply) {
    absl::StatusOr<LookupVerdict<std::string>> verdict =
        req_.settlement.judge(req_.ids, reply);
    if (!verdict.ok()) {
      Observe("lookup_failed");
      MarkUnresolved(RecordState::kUnknown, "the lookup failed too");
      return;
    }
    switch (verdict->kind) {
      case Kind::kApplied:
        Observe("applied");
        Record(std::move(verdict->response));
        return;
      case Kind::kNotApplied:
        Observe("not_applied");
        if (writes_ < kMaxWritesPerCall && env_.clock() < upstream_by_) {
          Write();
          return;
        }
        // Nothing happened at MultiSafepay: the key is free again.
        Release();
        Finish(last_write_error_.ok()
                   ? OutcomeUnknown(req_.method, req_.key_field, req_.ids.key,
                                    "no time was left to send it")
                   : last_write_error_);
        return;
      case Kind::kAppliedAnswerLost:
        Observe("answer_lost");
        order_exists_ = true;
        if (writes_ < kMaxWritesPerCall && env_.clock() < upstream_by_) {
          Write();
          return;
        }
        MarkUnresolved(RecordState::kAnswerLost,
                       "MultiSafepay holds the order, its answer was lost");
        return;
    }
  }

  void Observe(absl::string_view outcome) {
    if (env_.on_lookup) env_.on_lookup(outcome);
  }

  // Records `response` as the answer under this call's version, then gives
  // it -- or, if another call took the record over meanwhile, what that one
  // recorded.
  void Record(std::string response) {
    OrderRecord done = record_;
    done.state = RecordState::kCompleted;
    done.response = response;
    done.owner.clear();
    done.attempts = record_.attempts + writes_;
    done.updated = env_.clock();
    absl::StatusOr<bool> recorded =
        Timed("update", [&] { return env_.store->Update(done); });
    if (recorded.ok() && *recorded) {
      Finish(std::move(response));
      return;
    }
    if (!recorded.ok()) {
      // MultiSafepay did it and the caller should know, even though a
      // retry will have to settle it again.
      Finish(std::move(response));
      return;
    }
    AnswerWhatWasRecorded();
  }

  // Another call holds the record now (our lease ran out).
  void AnswerWhatWasRecorded() {
    absl::StatusOr<std::optional<OrderRecord>> read =
        Timed("get", [&] { return env_.store->Get(req_.key); });
    if (read.ok() && read->has_value() &&
        (*read)->state == RecordState::kCompleted &&
        (*read)->fingerprint == req_.fingerprint) {
      Finish((*read)->response);
      return;
    }
    Finish(InFlightElsewhere(req_.method, req_.key_field, req_.ids.key));
  }

  // Leaves the record for the next call or the reconciler. The caller is
  // told `answer` (not OK) or else UNAVAILABLE ORDER_OUTCOME_UNKNOWN.
  void MarkUnresolved(RecordState state, absl::string_view why,
                      absl::Status answer = absl::OkStatus()) {
    OrderRecord unresolved = record_;
    unresolved.state = state;
    unresolved.owner.clear();
    unresolved.lease_expires = absl::UnixEpoch();
    unresolved.attempts = record_.attempts + writes_;
    unresolved.updated = env_.clock();
    absl::StatusOr<bool> marked =
        Timed("update", [&] { return env_.store->Update(unresolved); });
    if (marked.ok() && !*marked) {
      AnswerWhatWasRecorded();
      return;
    }
    // Stored or not (a store error leaves it kInFlight, which the lease
    // expiry turns into the same thing), the caller hears the same.
    Finish(!answer.ok() ? answer
                        : OutcomeUnknown(req_.method, req_.key_field,
                                         req_.ids.key, why));
  }

  void Release() {
    // False or an error: another call took it over, or the store is down
    // (then the record's lease expiry hands it to reconciliation, which
    // finds nothing and releases it).
    (void)Timed("release", [&] {
      return env_.store->Release(req_.key, record_.version);
    });
  }

  const ClaimedCallEnv& env_;
  ClaimedCallRequest req_;
  ClaimedCallDone done_;
  absl::Time upstream_by_;
  OrderRecord record_;
  // Writes sent by this call.
  int writes_ = 0;
  // A lookup (now or before) showed MultiSafepay holds the order.
  bool order_exists_ = false;
  absl::Status last_write_error_;
};

}  // namespace

absl::Status KeyReusedError(absl::string_view method, absl::string_view field,
                            absl::string_view key) {
  return WithErrorInfo(
      absl::AlreadyExistsError(absl::StrCat(
          field, " was already used for a different ", method,
          " request; use a new ", field, " for a different request")),
      absl::StrCat(absl::AsciiStrToUpper(field), "_REUSED"),
      kGatewayErrorDomain, {{std::string(field), std::string(key)}});
}

void RunClaimedCall(const ClaimedCallEnv& env, ClaimedCallRequest request,
                    ClaimedCallDone done) {
  std::make_shared<ClaimedCall>(env, std::move(request), std::move(done))
      ->Start();
}

}  // namespace msp_gateway
