// Copyright 2026 The msp-gateway Authors.
//
// File: watch_request.h
//
// What a WatchOrderEventsRequest asks for, checked: where to start and which
// orders. Also the one spelling of a cursor on the wire (a decimal int64)
// and the ErrorInfo reasons every WatchOrderEvents error carries. Pure.

#ifndef MSP_GATEWAY_SERVICE_ORDER_EVENTS_WATCH_REQUEST_H_
#define MSP_GATEWAY_SERVICE_ORDER_EVENTS_WATCH_REQUEST_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "payments/v1/payment_service.pb.h"

namespace msp_gateway {

// At most this many order_ids per request: a watcher of more orders watches
// all of them and filters itself (one store query per batch stays small).
inline constexpr size_t kMaxWatchOrderIds = 100;

// google.rpc.ErrorInfo reasons (domain kGatewayErrorDomain) of the stream's
// errors, and the metadata keys they carry.
inline constexpr absl::string_view kCursorExpiredReason = "CURSOR_EXPIRED";
inline constexpr absl::string_view kCursorUnknownReason = "CURSOR_UNKNOWN";
inline constexpr absl::string_view kSlowConsumerReason = "SLOW_CONSUMER";
inline constexpr absl::string_view kStoreBusyReason = "STORE_BUSY";
inline constexpr absl::string_view kStoreUnavailableReason =
    "STORE_UNAVAILABLE";
inline constexpr absl::string_view kShuttingDownReason = "SHUTTING_DOWN";
inline constexpr absl::string_view kBadEventReason = "UNREADABLE_EVENT";
inline constexpr absl::string_view kLastCursorKey = "last_cursor";
inline constexpr absl::string_view kOldestCursorKey = "oldest_cursor";
inline constexpr absl::string_view kNewestCursorKey = "newest_cursor";

struct WatchSpec {
  // The cursor to read after; nullopt: from the oldest event still stored.
  std::optional<int64_t> after_cursor;
  // Sorted, without duplicates; empty: every order.
  std::vector<std::string> order_ids;
};

// ParseCursor()
//
// A cursor as OrderEvent.cursor spells it: decimal digits only (no sign,
// no spaces), at most int64's maximum. InvalidArgument otherwise, without
// a field violation (callers add theirs).
absl::StatusOr<int64_t> ParseCursor(absl::string_view text);

// FormatCursor()
//
// The decimal spelling of `cursor`.
std::string FormatCursor(int64_t cursor);

// ParseWatchRequest()
//
// The request as a WatchSpec, or INVALID_ARGUMENT "WatchOrderEvents request
// has N invalid fields" with a google.rpc.BadRequest: `after_cursor` not a
// cursor; more than kMaxWatchOrderIds `order_ids`; an empty one or one
// longer than the store's kMaxOrderIdBytes (`order_ids[i]`).
absl::StatusOr<WatchSpec> ParseWatchRequest(
    const payments::v1::WatchOrderEventsRequest& request);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_EVENTS_WATCH_REQUEST_H_
