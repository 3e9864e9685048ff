// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/prepared_event.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "payments/v1/order_event.pb.h"
#include "payments/v1/payment_service.pb.h"
#include "service/order_events/watch_request.h"

namespace msp_gateway {

std::shared_ptr<const PreparedEvent> PrepareEvent(
    const StoredOrderEvent& stored) {
  auto prepared = std::make_shared<PreparedEvent>();
  prepared->cursor = stored.cursor;
  prepared->order_id = stored.order_id;
  prepared->appended = stored.appended;
  payments::v1::WatchOrderEventsResponse response;
  payments::v1::OrderEvent& event = *response.mutable_event();
  if (!event.ParseFromString(stored.event)) {
    // The message names the cursor only: the bytes may hold personal data.
    prepared->error = absl::InternalError(
        absl::StrCat("the event with cursor ", stored.cursor,
                     " in the event log cannot be decoded"));
    return prepared;
  }
  event.set_cursor(FormatCursor(stored.cursor));
  if (event.order_id().empty()) event.set_order_id(stored.order_id);
  response.SerializeToString(&prepared->response);
  return prepared;
}

}  // namespace msp_gateway
