// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/watch_request.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "service/common/violations.h"
#include "service/store/order_event_store.h"

namespace msp_gateway {

absl::StatusOr<int64_t> ParseCursor(absl::string_view text) {
  // SimpleAtoi alone would take "+7", " 7" and "-7".
  const bool digits =
      !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return absl::ascii_isdigit(static_cast<unsigned char>(c));
      });
  int64_t cursor = 0;
  if (!digits || !absl::SimpleAtoi(text, &cursor)) {
    return absl::InvalidArgumentError(
        "a cursor is the decimal `cursor` of an OrderEvent");
  }
  return cursor;
}

std::string FormatCursor(int64_t cursor) { return absl::StrCat(cursor); }

absl::StatusOr<WatchSpec> ParseWatchRequest(
    const payments::v1::WatchOrderEventsRequest& request) {
  Violations v("WatchOrderEvents",
               payments::v1::WatchOrderEventsRequest::descriptor());
  WatchSpec spec;
  if (!request.after_cursor().empty()) {
    absl::StatusOr<int64_t> cursor = ParseCursor(request.after_cursor());
    if (cursor.ok()) {
      spec.after_cursor = *cursor;
    } else {
      v.Add("after_cursor",
            "must be the `cursor` of an event (a decimal int64), or empty "
            "to start from the oldest event");
    }
  }
  if (v.CheckMaxCount("order_ids", request.order_ids_size(),
                      static_cast<int>(kMaxWatchOrderIds), "order IDs")) {
    for (int i = 0; i < request.order_ids_size(); ++i) {
      const std::string& id = request.order_ids(i);
      const std::string field = absl::StrCat("order_ids[", i, "]");
      if (id.empty()) {
        v.Add(field, "must not be empty");
      } else if (id.size() > kMaxOrderIdBytes) {
        v.Add(field, absl::StrCat("must be at most ", kMaxOrderIdBytes,
                                  " bytes, got ", id.size()));
      }
    }
  }
  absl::Status status = std::move(v).ToStatus();
  if (!status.ok()) return status;
  spec.order_ids.assign(request.order_ids().begin(), request.order_ids().end());
  std::sort(spec.order_ids.begin(), spec.order_ids.end());
  spec.order_ids.erase(
      std::unique(spec.order_ids.begin(), spec.order_ids.end()),
      spec.order_ids.end());
  return spec;
}

}  // namespace msp_gateway
