// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/claimed_call.h"

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "service/common/error_details.h"
#include "service/store/memory_order_store.h"
#include "service/upstream/msp_errors.h"
#include "service/upstream/transport_errors.h"

namespace msp_gateway {
namespace {

using Kind = LookupVerdict<std::string>::Kind;
using Result = absl::StatusOr<std::string>;

MspReply Created(const std::string& url) {
  MspReply reply;
  reply.http_status = 200;
  reply.data = {{"order_id", "ord-1"}, {"payment_url", url}};
  return reply;
}

absl::Status Timeout() {
  return TransportError(absl::StatusCode::kDeadlineExceeded, "MSP_TIMEOUT",
                        "timed out", {{"request_sent", "unknown"}},
                        /*retryable=*/true);
}

std::string Reason(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

// MultiSafepay as a script: each request sent takes the next answer, or,
// for a held answer, waits until the test releases it.
class ScriptedMsp {
 public:
  void Then(absl::StatusOr<MspReply> answer) {
    absl::MutexLock lock(&mu_);
    script_.push_back(std::move(answer));
  }
  // The next request is held; Release() answers it.
  void ThenHold() {
    absl::MutexLock lock(&mu_);
    script_.push_back(std::nullopt);
  }
  void Release(absl::StatusOr<MspReply> answer) {
    std::function<void(absl::StatusOr<MspReply>)> done;
    {
      absl::MutexLock lock(&mu_);
      done = std::move(held_);
    }
    ASSERT_TRUE(done != nullptr) << "no request is held";
    done(std::move(answer));
  }

  SendMsp Sender() {
    return [this](const MspRequest& request, absl::Time,
                  std::function<void(absl::StatusOr<MspReply>)> done) {
      std::optional<absl::StatusOr<MspReply>> answer;
      {
        absl::MutexLock lock(&mu_);
        sent_.push_back(request);
        if (script_.empty()) {
          answer = absl::InternalError("the script has no more answers");
        } else {
          answer = std::move(script_.front());
          script_.pop_front();
        }
        if (!answer.has_value()) {
          held_ = std::move(done);
          return;
        }
      }
      done(*std::move(answer));
    };
  }

  std::vector<MspOperation> Sent() {
    absl::MutexLock lock(&mu_);
    std::vector<MspOperation> ops;
    for (const MspRequest& r : sent_) ops.push_back(r.operation);
    return ops;
  }

 private:
  absl::Mutex mu_;
  std::deque<std::optional<absl::StatusOr<MspReply>>> script_
      ABSL_GUARDED_BY(mu_);
  std::vector<MspRequest> sent_ ABSL_GUARDED_BY(mu_);
  std::function<void(absl::StatusOr<MspReply>)> held_ ABSL_GUARDED_BY(mu_);
};

constexpr MspOperation kPost = MspOperation::kCreateOrder;
constexpr MspOperation kGet = MspOperation::kGetOrder;

class ClaimedCallTest : public ::testing::Test {
 protected:
  ClaimedCallTest() {
    env_.store = &store_;
    env_.run_blocking = [](std::function<void()> task) { task(); };
    env_.send = msp_.Sender();
    env_.owner = "replica-a";
    env_.lease_margin = absl::Seconds(5);
    env_.in_flight_poll = absl::Milliseconds(1);
    env_.clock = [this] {
      absl::MutexLock lock(&clock_mu_);
      return now_;
    };
    env_.on_lookup = [this](absl::string_view outcome) {
      lookups_.emplace_back(outcome);
    };
  }

  void Advance(absl::Duration by) {
    absl::MutexLock lock(&clock_mu_);
    now_ += by;
  }

  // A CreateOrder of "ord-1" with `fingerprint`; the response is the
  // payment_url.
  ClaimedCallRequest Call(const std::string& fingerprint = "fp-1") {
    ClaimedCallRequest request;
    request.method = "CreateOrder";
    request.key = "CreateOrder/ord-1";
    request.fingerprint = fingerprint;
    request.ids = {"ord-1", "ord-1"};
    request.key_field = "order_id";
    request.write = {kPost, "/orders", "{}"};
    request.map_reply = [](const MspReply& reply) -> Result {
      return reply.data.value("payment_url", "");
    };
    request.settlement.lookup = [](const LookupKey& ids) {
      return MspRequest{kGet, "/orders/" + ids.order_id, ""};
    };
    request.settlement.judge =
        [this](const LookupKey&, const absl::StatusOr<MspReply>& reply)
        -> absl::StatusOr<LookupVerdict<std::string>> {
      if (!reply.ok()) return reply.status();
      LookupVerdict<std::string> verdict;
      const std::string status = reply->data.value("status", "");
      if (status == "none") {
        verdict.kind = Kind::kNotApplied;
      } else if (status == "completed") {
        verdict.kind = Kind::kApplied;
        verdict.response = "status:completed";
      } else {
        verdict.kind = Kind::kAppliedAnswerLost;
      }
      return verdict;
    };
    {
      absl::MutexLock lock(&clock_mu_);
      request.deadline = now_ + absl::Seconds(10);
      request.send_by = request.deadline;
    }
    return request;
  }

  static MspReply Order(const std::string& status) {
    MspReply reply;
    reply.http_status = 200;
    reply.data = {{"status", status}};
    return reply;
  }

  Result Run(ClaimedCallRequest request) {
    std::optional<Result> result;
    RunClaimedCall(env_, std::move(request),
                   [&result](const Result& r) { result = r; });
    EXPECT_TRUE(result.has_value()) << "the call did not finish inline";
    return result.value_or(absl::InternalError("not finished"));
  }

  std::optional<OrderRecord> Record() {
    return store_.Get("CreateOrder/ord-1").value();
  }

  MemoryOrderStore store_;
  ScriptedMsp msp_;
  ClaimedCallEnv env_;
  absl::Mutex clock_mu_;
  absl::Time now_ = absl::FromUnixSeconds(1700000000);
  std::vector<std::string> lookups_;
};

TEST_F(ClaimedCallTest, RecordsTheAnswerAndReplaysItWithoutASecondCall) {
  msp_.Then(Created("https://pay/1"));
  EXPECT_EQ(Run(Call()).value(), "https://pay/1");
  std::optional<OrderRecord> record = Record();
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->state, RecordState::kCompleted);
  EXPECT_EQ(record->attempts, 1);
  EXPECT_EQ(Run(Call()).value(), "https://pay/1");
  EXPECT_EQ(msp_.Sent(), std::vector<MspOperation>{kPost});
}

TEST_F(ClaimedCallTest, ADifferentRequestUnderTheKeyIsRefused) {
  msp_.Then(Created("https://pay/1"));
  ASSERT_TRUE(Run(Call("fp-1")).ok());
  Result other = Run(Call("fp-2"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Reason(other.status()), "ORDER_ID_REUSED");
  EXPECT_EQ(msp_.Sent().size(), 1u);
}

TEST_F(ClaimedCallTest, ARejectionReleasesTheKeyForAFixedRequest) {
  msp_.Then(MspErrorToStatus(kPost, 400, 1001, ""));
  Result rejected = Run(Call("fp-1"));
  EXPECT_EQ(rejected.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(Record().has_value());
  msp_.Then(Created("https://pay/2"));
  EXPECT_EQ(Run(Call("fp-2")).value(), "https://pay/2");
}

TEST_F(ClaimedCallTest, NotSentReleasesTheKey) {
  msp_.Then(TransportError(absl::StatusCode::kUnavailable,
                           "MSP_CONNECTION_FAILED", "refused",
                           {{"request_sent", "false"}}, true));
  EXPECT_EQ(Run(Call()).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(Record().has_value());
}

TEST_F(ClaimedCallTest, ATimeoutIsLookedUpBeforeSendingAgain) {
  msp_.Then(Timeout());
  msp_.Then(Order("none"));
  msp_.Then(Created("https://pay/2"));
  EXPECT_EQ(Run(Call()).value(), "https://pay/2");
  EXPECT_EQ(msp_.Sent(), (std::vector<MspOperation>{kPost, kGet, kPost}));
  EXPECT_EQ(lookups_, std::vector<std::string>{"not_applied"});
  EXPECT_EQ(Record()->attempts, 2);
}

TEST_F(ClaimedCallTest, AFinalOrderIsAnsweredFromTheLookupWithoutAPost) {
  msp_.Then(MspErrorToStatus(kPost, 503, 0, ""));
  msp_.Then(Order("completed"));
  EXPECT_EQ(Run(Call()).value(), "status:completed");
  EXPECT_EQ(msp_.Sent(), (std::vector<MspOperation>{kPost, kGet}));
  EXPECT_EQ(Run(Call()).value(), "status:completed");
  EXPECT_EQ(msp_.Sent().size(), 2u);
}

TEST_F(ClaimedCallTest, AlreadyExistsOnCreateIsSettledByTheLookup) {
  msp_.Then(MspErrorToStatus(kPost, 409, 1006, ""));
  msp_.Then(Order("completed"));
  EXPECT_EQ(Run(Call()).value(), "status:completed");
}

TEST_F(ClaimedCallTest, AnOpenOrderWithItsAnswerLostIsSentOnceMore) {
  msp_.Then(Timeout());
  msp_.Then(Order("initialized"));
  msp_.Then(Created("https://pay/session-2"));
  EXPECT_EQ(Run(Call()).value(), "https://pay/session-2");
  EXPECT_EQ(lookups_, std::vector<std::string>{"answer_lost"});
  // And that is the answer from now on.
  EXPECT_EQ(Run(Call()).value(), "https://pay/session-2");
  EXPECT_EQ(msp_.Sent(), (std::vector<MspOperation>{kPost, kGet, kPost}));
}

TEST_F(ClaimedCallTest, AFailedLookupLeavesTheOutcomeUnknownUntilARetry) {
  msp_.Then(Timeout());
  msp_.Then(Timeout());  // The lookup.
  Result unknown = Run(Call());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Reason(unknown.status()), kOrderOutcomeUnknown);
  EXPECT_TRUE(GetRetryInfo(unknown.status()).has_value());
  EXPECT_EQ(Record()->state, RecordState::kUnknown);
  // The retry looks first; the order turned out paid meanwhile.
  msp_.Then(Order("completed"));
  EXPECT_EQ(Run(Call()).value(), "status:completed");
  EXPECT_EQ(msp_.Sent(), (std::vector<MspOperation>{kPost, kGet, kGet}));
}

TEST_F(ClaimedCallTest, ARecordWithItsAnswerLostIsResentByTheRetry) {
  msp_.Then(Timeout());
  msp_.Then(Order("initialized"));
  msp_.Then(Timeout());  // The resend is lost too.
  msp_.Then(Order("initialized"));
  Result lost = Run(Call());
  EXPECT_EQ(Reason(lost.status()), kOrderOutcomeUnknown);
  EXPECT_EQ(Record()->state, RecordState::kAnswerLost);
  msp_.Then(Created("https://pay/3"));
  EXPECT_EQ(Run(Call()).value(), "https://pay/3");
  EXPECT_EQ(msp_.Sent(), (std::vector<MspOperation>{kPost, kGet, kPost, kGet,
                                                    kPost}));
}

TEST_F(ClaimedCallTest, AStoreThatIsDownFailsClosed) {
  store_.SetFailure(absl::UnavailableError("connection refused"));
  Result down = Run(Call());
  EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Reason(down.status()), kStoreUnavailable);
  EXPECT_TRUE(msp_.Sent().empty()) << "never a POST without a claim";
}

TEST_F(ClaimedCallTest, ACallInFlightElsewhereIsWaitedForThenAborted) {
  ClaimRequest other{"CreateOrder/ord-1", "fp-1", "ord-1", "replica-b", now_,
                     now_ + absl::Minutes(1)};
  ASSERT_TRUE(store_.Claim(other).ok());
  ClaimedCallRequest call = Call();
  call.deadline = now_;  // Nothing left to wait.
  Result aborted = Run(std::move(call));
  EXPECT_EQ(aborted.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Reason(aborted.status()), kOrderInFlight);
  EXPECT_TRUE(GetRetryInfo(aborted.status()).has_value());
  EXPECT_TRUE(msp_.Sent().empty());
}

TEST_F(ClaimedCallTest, ADeadReplicasRecordIsTakenOverAndLookedUpFirst) {
  ClaimRequest dead{"CreateOrder/ord-1", "fp-1", "ord-1", "replica-b", now_,
                    now_ + absl::Seconds(1)};
  ASSERT_TRUE(store_.Claim(dead).ok());
  Advance(absl::Seconds(2));
  msp_.Then(Order("initialized"));
  msp_.Then(Created("https://pay/after-takeover"));
  EXPECT_EQ(Run(Call()).value(), "https://pay/after-takeover");
  EXPECT_EQ(msp_.Sent(), (std::vector<MspOperation>{kGet, kPost}));
  EXPECT_EQ(Record()->owner, "");
}

TEST_F(ClaimedCallTest, ALateFirstAnswerNeverReplacesTheOneHandedOut) {
  // Call A's POST hangs past its lease.
  msp_.ThenHold();
  std::optional<Result> first;
  RunClaimedCall(env_, Call(), [&first](const Result& r) { first = r; });
  ASSERT_FALSE(first.has_value());
  Advance(absl::Seconds(30));
  // Call B takes the record over, finds the order open, gets a session.
  msp_.Then(Order("initialized"));
  msp_.Then(Created("https://pay/B"));
  EXPECT_EQ(Run(Call()).value(), "https://pay/B");
  // A's POST lands at last; A answers what B recorded.
  msp_.Release(Created("https://pay/A"));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->value(), "https://pay/B");
  EXPECT_EQ(Record()->response, "https://pay/B");
}

TEST_F(ClaimedCallTest, WithoutASettlementAnAmbiguousErrorReleasesTheKey) {
  msp_.Then(Timeout());
  ClaimedCallRequest call = Call();
  call.settlement = Settlement();
  EXPECT_EQ(Run(std::move(call)).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_FALSE(Record().has_value());
}

}  // namespace
}  // namespace msp_gateway
