// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/notification_intake.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "service/msp_json/exact_json.h"
#include "service/msp_order/order_mapper.h"
#include "service/notifications/notification_payload.h"
#include "service/upstream/msp_client.h"

namespace msp_gateway {

NotificationIntake::NotificationIntake(OrderEventRecorder& recorder,
                                       ReadMspOrder read_order,
                                       IsGatewayOrder is_gateway_order,
                                       NotificationIntakeOptions options)
    : recorder_(recorder),
      read_order_(std::move(read_order)),
      is_gateway_order_(std::move(is_gateway_order)),
      options_(options) {}

absl::StatusOr<payments::v1::Order> NotificationIntake::OrderOf(
    const Notification& notification) {
  if (notification.origin == NotificationOrigin::kGetHint) {
    return read_order_(notification.order_id,
                       notification.received_at + options_.read_timeout);
  }
  // The listener verified and parsed this body already (within the same
  // bounds); parsed again here into the tree the order mapper reads.
  JsonLimits limits;
  limits.max_depth = kMaxNotificationJsonDepth;
  absl::StatusOr<nlohmann::json> data =
      ParseBoundedJson(notification.body, JsonNumbers::kExactDecimals, limits);
  if (!data.ok()) return data.status();
  MspReply reply;
  reply.http_status = 200;
  reply.data = *std::move(data);
  return MapMspOrder(reply, notification.order_id);
}

absl::Status NotificationIntake::Accept(const Notification& notification) {
  absl::StatusOr<payments::v1::Order> order = OrderOf(notification);
  if (absl::IsNotFound(order.status())) {
    // MultiSafepay does not know it: nothing to record, and no retry helps.
    return absl::AlreadyExistsError("the notified order is not known");
  }
  if (!order.ok()) {
    return absl::UnavailableError(
        absl::StrCat("the notified order could not be read: ",
                     absl::StatusCodeToString(order.status().code())));
  }
  if (order->order_id() != notification.order_id) {
    // A body or read that is about another order than it says.
    return absl::UnavailableError("the notified order names another order");
  }
  bool ours = false;
  if (is_gateway_order_) {
    absl::StatusOr<bool> owned = is_gateway_order_(notification.order_id);
    if (!owned.ok()) return absl::UnavailableError("the store is unavailable");
    ours = *owned;
  }
  absl::StatusOr<Transition> recorded = recorder_.Record(
      *order, payments::v1::ORDER_EVENT_SOURCE_NOTIFICATION, ours);
  if (!recorded.ok()) {
    return absl::UnavailableError(
        absl::StrCat("the order change was not stored: ",
                     absl::StatusCodeToString(recorded.status().code())));
  }
  switch (*recorded) {
    case Transition::kNew:
    case Transition::kAdvance:
      return absl::OkStatus();
    case Transition::kDuplicate:
    case Transition::kStale:
      return absl::AlreadyExistsError(TransitionName(*recorded));
  }
  return absl::OkStatus();
}

}  // namespace msp_gateway
