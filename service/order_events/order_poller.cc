// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/order_poller.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "service/order_events/order_change.h"

namespace msp_gateway {

absl::Duration PaymentExpiry(absl::string_view gateway) {
  // §7.4, by MultiSafepay gateway id; the margin covers a redirect whose
  // clock starts only when the customer picks the method.
  static const auto* const kExpiry = new absl::flat_hash_map<std::string,
                                                             absl::Duration>{
      {"VISA", absl::Hours(1)},           {"MASTERCARD", absl::Hours(1)},
      {"AMEX", absl::Hours(1)},           {"MAESTRO", absl::Hours(1)},
      {"CREDITCARD", absl::Hours(1)},     {"APPLEPAY", absl::Hours(1)},
      {"GOOGLEPAY", absl::Hours(1)},      {"MISTERCASH", absl::Hours(1)},
      {"BANCONTACT", absl::Hours(1)},     {"IDEAL", absl::Hours(1)},
      {"MYBANK", absl::Hours(1)},         {"ALIPAY", absl::Hours(5)},
      {"ALIPAYPLUS", absl::Hours(1)},     {"BANKTRANS", absl::Hours(24 * 60)},
      {"BELFIUS", absl::Hours(24 * 5)},   {"BIZUM", absl::Minutes(30)},
      {"CBC", absl::Hours(24 * 5)},       {"KBC", absl::Hours(24 * 5)},
      {"DOTPAY", absl::Hours(24 * 3)},    {"IN3", absl::Hours(2)},
      {"KLARNA", absl::Hours(24)},        {"MBWAY", absl::Minutes(4)},
      {"MULTIBANCO", absl::Hours(72)},    {"PAYAFTER", absl::Hours(24 * 90)},
      {"PAYPAL", absl::Hours(24 * 14)},   {"PSAFECARD", absl::Hours(3)},
      {"AFTERPAY", absl::Hours(24 * 90)}, {"DIRECTBANK", absl::Hours(24)},
      {"TRUSTLY", absl::Hours(2)},        {"TRUSTPAY", absl::Hours(24 * 10)},
      {"WECHAT", absl::Hours(2)},         {"BNPL_MF", absl::Hours(24)},
  };
  const auto it = kExpiry->find(absl::AsciiStrToUpper(gateway));
  const absl::Duration expiry =
      it == kExpiry->end() ? absl::Hours(24 * 90) : it->second;
  return expiry + absl::Hours(24);
}

absl::Duration PollBackoff(int attempt, absl::Duration first,
                           absl::Duration max) {
  absl::Duration delay = first;
  for (int i = 1; i < attempt && delay < max; ++i) delay *= 2;
  return std::min(delay, max);
}

OrderPoller::OrderPoller(OrderEventRecorder& recorder, ReadMspOrder read_order,
                         OrderPollerOptions options)
    : recorder_(recorder),
      read_order_(std::move(read_order)),
      options_(std::move(options)) {}

OrderPoller::~OrderPoller() { Stop(); }

absl::string_view OrderPoller::PollOne(const OrderState& state,
                                       absl::Time now) {
  OrderEventStore& store = recorder_.store();
  absl::StatusOr<payments::v1::OrderEvent> last = ReadStoredEvent(state.state);
  const std::string gateway =
      last.ok() ? last->order().payment_details().type() : "";
  if (now > state.created + PaymentExpiry(gateway)) {
    // Past what its payment method allows: no outcome can still come but a
    // refund or chargeback, which arrive by notification or our own RPCs.
    (void)store.SchedulePoll(state.order_id, state.version,
                             absl::InfiniteFuture(), state.poll_attempts);
    return "expired";
  }
  const int attempt = state.poll_attempts + 1;
  const absl::Time next =
      now + PollBackoff(attempt, options_.first_backoff, options_.max_backoff);
  absl::StatusOr<payments::v1::Order> order =
      read_order_(state.order_id, now + options_.read_timeout);
  if (!order.ok()) {
    (void)store.SchedulePoll(state.order_id, state.version, next, attempt);
    return absl::IsNotFound(order.status()) ? "not_found" : "failed";
  }
  absl::StatusOr<Transition> recorded =
      recorder_.Record(*order, payments::v1::ORDER_EVENT_SOURCE_RECONCILER,
                       last.ok() && last->created_by_gateway());
  if (!recorded.ok()) return "failed";
  if (*recorded == Transition::kNew || *recorded == Transition::kAdvance) {
    // The change restarted the schedule (or ended it, when final).
    return "changed";
  }
  (void)store.SchedulePoll(state.order_id, state.version, next, attempt);
  return "unchanged";
}

OrderPollCounts OrderPoller::RunOnce() {
  OrderPollCounts counts;
  const absl::Time now = options_.clock();
  absl::StatusOr<std::vector<OrderState>> due =
      recorder_.store().ListOrdersToPoll(now, options_.batch);
  if (!due.ok()) return counts;
  for (const OrderState& state : *due) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) break;
    }
    const absl::string_view outcome = PollOne(state, now);
    ++counts.polled;
    if (outcome == "changed") ++counts.changed;
    if (outcome == "failed") ++counts.failed;
    if (outcome == "expired") ++counts.expired;
    if (options_.observer) options_.observer(outcome);
  }
  return counts;
}

void OrderPoller::Start() {
  thread_ = std::thread([this] {
    while (true) {
      RunOnce();
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithDeadline(absl::Condition(&stopping_),
                            absl::Now() + options_.interval);
      if (stopping_) return;
    }
  });
}

void OrderPoller::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace msp_gateway
