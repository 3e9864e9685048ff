// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/order_state_machine.h"

#include <tuple>

namespace msp_gateway {
namespace {

using ::payments::v1::OrderStatus;
using ::payments::v1::TransactionStatus;

struct StatusRank {
  int stage;
  int sub_rank;
};

// The table in the header. A value the switch does not list (a newer proto
// than this file) ranks as unknown, like ORDER_STATUS_UNSPECIFIED.
StatusRank RankOf(OrderStatus status) {
  switch (status) {
    case payments::v1::ORDER_STATUS_INITIALIZED:
      return {1, 0};
    case payments::v1::ORDER_STATUS_UNCLEARED:
      return {2, 0};
    case payments::v1::ORDER_STATUS_RESERVED:
      return {2, 1};
    case payments::v1::ORDER_STATUS_COMPLETED:
      return {3, 0};
    case payments::v1::ORDER_STATUS_DECLINED:
      return {3, 1};
    case payments::v1::ORDER_STATUS_EXPIRED:
      return {3, 2};
    case payments::v1::ORDER_STATUS_CANCELLED:
      return {3, 3};
    case payments::v1::ORDER_STATUS_VOID:
      return {3, 4};
    case payments::v1::ORDER_STATUS_SHIPPED:
      return {4, 0};
    case payments::v1::ORDER_STATUS_PARTIAL_REFUNDED:
      return {4, 1};
    case payments::v1::ORDER_STATUS_REFUNDED:
      return {4, 2};
    case payments::v1::ORDER_STATUS_CHARGEBACK:
      return {4, 3};
    default:
      return {0, 0};
  }
}

int FinancialRank(TransactionStatus status) {
  switch (status) {
    case payments::v1::TRANSACTION_STATUS_CREATED:
      return 1;
    case payments::v1::TRANSACTION_STATUS_NEW:
      return 2;
    case payments::v1::TRANSACTION_STATUS_INITIALIZED:
      return 3;
    case payments::v1::TRANSACTION_STATUS_MANUAL:
      return 4;
    case payments::v1::TRANSACTION_STATUS_UNCLEARED:
      return 5;
    case payments::v1::TRANSACTION_STATUS_RESERVED:
      return 6;
    case payments::v1::TRANSACTION_STATUS_COMPLETED:
      return 7;
    case payments::v1::TRANSACTION_STATUS_DECLINED:
      return 8;
    case payments::v1::TRANSACTION_STATUS_EXPIRED:
      return 9;
    case payments::v1::TRANSACTION_STATUS_CANCELLED:
      return 10;
    case payments::v1::TRANSACTION_STATUS_VOID:
      return 11;
    case payments::v1::TRANSACTION_STATUS_ERROR:
      return 12;
    case payments::v1::TRANSACTION_STATUS_SHIPPED:
      return 13;
    case payments::v1::TRANSACTION_STATUS_PARTIAL_REFUNDED:
      return 14;
    case payments::v1::TRANSACTION_STATUS_REFUNDED:
      return 15;
    case payments::v1::TRANSACTION_STATUS_CHARGEBACK:
      return 16;
    default:
      return 0;
  }
}

// Money not settled yet: a completed or shipped order in this state still
// expects a financial change the reconciler should find.
bool FinancialPending(TransactionStatus status) {
  return FinancialRank(status) <=
         FinancialRank(payments::v1::TRANSACTION_STATUS_RESERVED);
}

auto Key(const OrderSnapshot& s) {
  const StatusRank rank = RankOf(s.status);
  return std::make_tuple(rank.stage, s.amount_refunded, s.modified,
                         rank.sub_rank, FinancialRank(s.financial_status));
}

}  // namespace

absl::string_view TransitionName(Transition transition) {
  switch (transition) {
    case Transition::kNew:
      return "new";
    case Transition::kAdvance:
      return "advance";
    case Transition::kDuplicate:
      return "duplicate";
    case Transition::kStale:
      return "stale";
  }
  return "unknown";
}

int CompareProgress(const OrderSnapshot& a, const OrderSnapshot& b) {
  const auto key_a = Key(a);
  const auto key_b = Key(b);
  if (key_a < key_b) return -1;
  if (key_b < key_a) return 1;
  return 0;
}

Transition Decide(const std::optional<OrderSnapshot>& current,
                  const OrderSnapshot& incoming) {
  if (!current.has_value()) return Transition::kNew;
  if (current->order_id != incoming.order_id) return Transition::kStale;
  const int order = CompareProgress(incoming, *current);
  if (order > 0) return Transition::kAdvance;
  if (order == 0) return Transition::kDuplicate;
  return Transition::kStale;
}

bool IsFinal(const OrderSnapshot& snapshot) {
  switch (snapshot.status) {
    case payments::v1::ORDER_STATUS_DECLINED:
    case payments::v1::ORDER_STATUS_EXPIRED:
    case payments::v1::ORDER_STATUS_CANCELLED:
    case payments::v1::ORDER_STATUS_VOID:
    case payments::v1::ORDER_STATUS_PARTIAL_REFUNDED:
    case payments::v1::ORDER_STATUS_REFUNDED:
    case payments::v1::ORDER_STATUS_CHARGEBACK:
      return true;
    case payments::v1::ORDER_STATUS_COMPLETED:
    case payments::v1::ORDER_STATUS_SHIPPED:
      return !FinancialPending(snapshot.financial_status);
    default:
      return false;
  }
}

OrderSnapshot SnapshotFromOrder(const payments::v1::Order& order,
                                absl::Time modified) {
  OrderSnapshot snapshot;
  snapshot.order_id = order.order_id();
  snapshot.status_raw = order.status_raw();
  snapshot.status = order.status();
  snapshot.financial_status_raw = order.financial_status_raw();
  snapshot.financial_status = order.financial_status();
  snapshot.amount = order.amount();
  snapshot.amount_refunded = order.amount_refunded();
  snapshot.currency = order.currency();
  snapshot.modified = modified;
  return snapshot;
}

}  // namespace msp_gateway
