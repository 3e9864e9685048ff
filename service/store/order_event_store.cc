// Copyright 2026 The msp-gateway Authors.

#include "service/store/order_event_store.h"

#include <limits>

#include "absl/strings/str_cat.h"

namespace msp_gateway {

// The messages name sizes, never the ids (they may be a merchant's data).
absl::Status CheckOrderIdToWrite(absl::string_view order_id) {
  if (order_id.empty()) {
    return absl::InvalidArgumentError("order event store: empty order_id");
  }
  if (order_id.size() > kMaxOrderIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("order event store: an order_id of ", order_id.size(),
                     " bytes (at most ", kMaxOrderIdBytes, ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckOrderStateChange(absl::string_view order_id,
                                   const OrderStateChange& change) {
  if (change.state.order_id != order_id) {
    return absl::InvalidArgumentError(
        "order event store: the decider's state is another order's");
  }
  return absl::OkStatus();
}

absl::Status CheckReadEventsFilter(absl::Span<const std::string> order_ids) {
  if (order_ids.size() > kMaxReadEventsOrderIds) {
    return absl::InvalidArgumentError(
        absl::StrCat("order event store: ReadEvents for ", order_ids.size(),
                     " order_ids (at most ", kMaxReadEventsOrderIds, ")"));
  }
  return absl::OkStatus();
}

int64_t ToStoredMillis(absl::Time time) {
  if (time == absl::InfiniteFuture()) {
    return std::numeric_limits<int64_t>::max();
  }
  if (time == absl::InfinitePast()) return std::numeric_limits<int64_t>::min();
  // absl::ToUnixMillis rounds down, and saturates far outside the range.
  return absl::ToUnixMillis(time);
}

absl::Time FromStoredMillis(int64_t millis) {
  if (millis == std::numeric_limits<int64_t>::max()) {
    return absl::InfiniteFuture();
  }
  if (millis == std::numeric_limits<int64_t>::min()) {
    return absl::InfinitePast();
  }
  return absl::FromUnixMillis(millis);
}

}  // namespace msp_gateway
