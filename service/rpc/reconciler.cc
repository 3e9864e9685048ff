// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/reconciler.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"

namespace msp_gateway {

Reconciler::Reconciler(OrderStore& store, SendMsp send,
                       absl::flat_hash_map<std::string, Settlement> settlements,
                       Options options, std::function<absl::Time()> clock)
    : store_(store),
      send_(std::move(send)),
      settlements_(std::move(settlements)),
      options_(std::move(options)),
      clock_(std::move(clock)) {}

ReconcileCounts Reconciler::RunOnce(const std::function<bool()>& stop) {
  ReconcileCounts counts;
  absl::StatusOr<std::vector<OrderRecord>> records =
      store_.ListNeedingReconciliation(clock_(), options_.batch);
  if (!records.ok()) return counts;  // The store is down: next round.
  for (const OrderRecord& record : *records) {
    if (stop && stop()) break;
    const absl::string_view outcome = Settle(record);
    if (outcome.empty()) {
      ++counts.skipped;
      continue;
    }
    if (outcome == "not_applied") ++counts.not_applied;
    if (outcome == "applied") ++counts.applied;
    if (outcome == "answer_lost") ++counts.answer_lost;
    if (outcome == "lookup_failed") ++counts.lookup_failed;
    if (observer_) observer_(outcome);
  }
  return counts;
}

absl::string_view Reconciler::Settle(const OrderRecord& record) {
  const absl::Time now = clock_();
  auto backoff = backoff_.find(record.key);
  if (backoff != backoff_.end() && backoff->second.next_try > now) return "";
  const size_t slash = record.key.find('/');
  if (slash == std::string::npos) return "";
  auto settlement = settlements_.find(record.key.substr(0, slash));
  if (settlement == settlements_.end() || !settlement->second) return "";
  const LookupKey ids{record.order_id, record.key.substr(slash + 1),
                      record.request};

  // Take it over, so no caller resends while we look.
  const absl::Time lookup_by = now + options_.lookup_timeout;
  OrderRecord mine = record;
  mine.state = RecordState::kInFlight;
  mine.owner = absl::StrCat(options_.owner, "/reconciler");
  mine.lease_expires = lookup_by + options_.lease_margin;
  mine.updated = now;
  absl::StatusOr<bool> taken = store_.Update(mine);
  if (!taken.ok() || !*taken) return "";
  mine.version = record.version + 1;

  absl::Notification looked;
  std::optional<absl::StatusOr<MspReply>> reply;
  send_(settlement->second.lookup(ids), lookup_by,
        [&](absl::StatusOr<MspReply> r) {
          reply.emplace(std::move(r));
          looked.Notify();
        });
  looked.WaitForNotification();
  absl::StatusOr<LookupVerdict<std::string>> verdict =
      settlement->second.judge(ids, *reply);

  OrderRecord settled = mine;
  settled.owner.clear();
  settled.lease_expires = absl::UnixEpoch();
  settled.updated = clock_();
  using Kind = LookupVerdict<std::string>::Kind;
  if (!verdict.ok()) {
    settled.state = RecordState::kUnknown;
    (void)store_.Update(settled);
    const absl::Duration delay =
        backoff == backoff_.end()
            ? options_.first_backoff
            : std::min(backoff->second.delay * 2, options_.max_backoff);
    backoff_[record.key] = Backoff{clock_() + delay, delay};
    return "lookup_failed";
  }
  backoff_.erase(record.key);
  switch (verdict->kind) {
    case Kind::kNotApplied:
      (void)store_.Release(settled.key, mine.version);
      return "not_applied";
    case Kind::kApplied:
      settled.state = RecordState::kCompleted;
      settled.response = std::move(verdict->response);
      (void)store_.Update(settled);
      return "applied";
    case Kind::kAppliedAnswerLost:
      settled.state = RecordState::kAnswerLost;
      (void)store_.Update(settled);
      return "answer_lost";
  }
  return "";
}

}  // namespace msp_gateway
