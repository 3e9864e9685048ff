// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/reconciler.h"

#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "service/store/memory_order_store.h"

namespace msp_gateway {
namespace {

using Kind = LookupVerdict<std::string>::Kind;

class ReconcilerTest : public ::testing::Test {
 protected:
  ReconcilerTest() {
    settlement_.lookup = [](const LookupKey& ids) {
      return MspRequest{MspOperation::kGetOrder, "/orders/" + ids.order_id,
                        ""};
    };
    settlement_.judge = [](const LookupKey& ids,
                           const absl::StatusOr<MspReply>& reply)
        -> absl::StatusOr<LookupVerdict<std::string>> {
      if (!reply.ok()) return reply.status();
      LookupVerdict<std::string> verdict;
      const std::string status = reply->data.value("status", "");
      if (status == "none") {
        verdict.kind = Kind::kNotApplied;
      } else if (status == "completed") {
        verdict.kind = Kind::kApplied;
        verdict.response = "completed:" + ids.key;
      } else {
        verdict.kind = Kind::kAppliedAnswerLost;
      }
      return verdict;
    };
  }

  Reconciler Make() {
    ReconcilerOptions options;
    options.owner = "replica-a";
    options.first_backoff = absl::Seconds(1);
    return Reconciler(
        store_,
        [this](const MspRequest& request, absl::Time,
               std::function<void(absl::StatusOr<MspReply>)> done) {
          sent_.push_back(request.path);
          auto by_path = answer_for_.find(request.path);
          if (by_path != answer_for_.end()) {
            done(by_path->second);
            return;
          }
          absl::StatusOr<MspReply> answer = answers_.front();
          answers_.pop_front();
          done(std::move(answer));
        },
        {{"CreateOrder", settlement_}}, options, [this] { return now_; });
  }

  // A record `key` left in `state` (a lease that expired at `now_ - 1s`).
  void Leave(const std::string& order_id, RecordState state) {
    ClaimRequest claim{"CreateOrder/" + order_id, "fp", order_id, "replica-b",
                       now_ - absl::Minutes(1), now_ - absl::Seconds(1)};
    ClaimResult claimed = store_.Claim(claim).value();
    ASSERT_TRUE(claimed.claimed);
    if (state != RecordState::kInFlight) {
      OrderRecord record = claimed.record;
      record.state = state;
      ASSERT_TRUE(store_.Update(record).value());
    }
  }

  static MspReply Order(const std::string& status) {
    MspReply reply;
    reply.http_status = 200;
    reply.data = {{"status", status}};
    return reply;
  }

  std::optional<OrderRecord> Record(const std::string& order_id) {
    return store_.Get("CreateOrder/" + order_id).value();
  }

  MemoryOrderStore store_;
  Settlement settlement_;
  std::deque<absl::StatusOr<MspReply>> answers_;
  // Answers by request path, before `answers_`.
  std::map<std::string, absl::StatusOr<MspReply>> answer_for_;
  std::vector<std::string> sent_;
  absl::Time now_ = absl::FromUnixSeconds(1700000000);
};

TEST_F(ReconcilerTest, SettlesEachOutcome) {
  Leave("not-there", RecordState::kUnknown);
  Leave("paid", RecordState::kInFlight);  // Its replica died.
  Leave("open", RecordState::kUnknown);
  answer_for_ = {{"/orders/not-there", Order("none")},
                 {"/orders/paid", Order("completed")},
                 {"/orders/open", Order("initialized")}};
  Reconciler reconciler = Make();
  ReconcileCounts counts = reconciler.RunOnce();
  EXPECT_EQ(counts.not_applied, 1);
  EXPECT_EQ(counts.applied, 1);
  EXPECT_EQ(counts.answer_lost, 1);
  EXPECT_EQ(sent_.size(), 3u);
  EXPECT_FALSE(Record("not-there").has_value());
  EXPECT_EQ(Record("paid")->state, RecordState::kCompleted);
  EXPECT_EQ(Record("paid")->response, "completed:paid");
  EXPECT_EQ(Record("open")->state, RecordState::kAnswerLost);
  // Nothing is left to settle.
  EXPECT_TRUE(store_.ListNeedingReconciliation(now_, 10).value().empty());
}

TEST_F(ReconcilerTest, AFailedLookupIsRetriedWithBackoff) {
  Leave("flaky", RecordState::kUnknown);
  answers_ = {absl::UnavailableError("down")};
  Reconciler reconciler = Make();
  EXPECT_EQ(reconciler.RunOnce().lookup_failed, 1);
  EXPECT_EQ(Record("flaky")->state, RecordState::kUnknown);
  // In backoff: not looked up again at once.
  EXPECT_EQ(reconciler.RunOnce().skipped, 1);
  EXPECT_EQ(sent_.size(), 1u);
  now_ += absl::Seconds(2);
  answers_ = {Order("completed")};
  EXPECT_EQ(reconciler.RunOnce().applied, 1);
  EXPECT_EQ(Record("flaky")->state, RecordState::kCompleted);
}

TEST_F(ReconcilerTest, LeavesLiveLeasesAndFinishedRecordsAlone) {
  ClaimRequest live{"CreateOrder/live", "fp", "live", "replica-b", now_,
                    now_ + absl::Minutes(1)};
  ASSERT_TRUE(store_.Claim(live).ok());
  Reconciler reconciler = Make();
  ReconcileCounts counts = reconciler.RunOnce();
  EXPECT_EQ(counts.applied + counts.not_applied + counts.skipped, 0);
  EXPECT_TRUE(sent_.empty());
}

TEST_F(ReconcilerTest, SkipsMethodsWithoutASettlement) {
  ClaimRequest other{"GetOrder/x", "fp", "x", "replica-b",
                     now_ - absl::Minutes(1), now_ - absl::Seconds(1)};
  ASSERT_TRUE(store_.Claim(other).ok());
  Reconciler reconciler = Make();
  EXPECT_EQ(reconciler.RunOnce().skipped, 1);
  EXPECT_TRUE(sent_.empty());
}

}  // namespace
}  // namespace msp_gateway
