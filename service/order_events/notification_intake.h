// Copyright 2026 The msp-gateway Authors.
//
// File: notification_intake.h
//
// Where the notification listener (service/notifications) hands what
// MultiSafepay told: it becomes an observation of the order, recorded through
// the state machine (order_event_recorder.h).
//   verified POST  the body is the order (multisafepay-api.md §6.2): mapped
//                  as GetOrder maps it, and recorded;
//   GET hint       unsigned, so never trusted: the order is read from
//                  MultiSafepay (GET /orders/{transactionid}) and that is
//                  recorded. An order MultiSafepay does not know is
//                  acknowledged and nothing is recorded.
// Answers (the listener's contract): OK for a new state (an event),
// ALREADY_EXISTS for a repeat or older news (acknowledged, no event),
// UNAVAILABLE when the store or the read failed (MultiSafepay retries).
// An order's first state is marked created_by_gateway when the gateway holds
// its CreateOrder record; a dashboard payment link's is not.

#ifndef MSP_GATEWAY_SERVICE_ORDER_EVENTS_NOTIFICATION_INTAKE_H_
#define MSP_GATEWAY_SERVICE_ORDER_EVENTS_NOTIFICATION_INTAKE_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "payments/v1/order_details.pb.h"
#include "service/notifications/notification_listener.h"
#include "service/order_events/order_event_recorder.h"

namespace msp_gateway {

// Reads one order from MultiSafepay (GET /orders/{order_id}), mapped; blocks
// until the answer or `deadline`. NOT_FOUND when MultiSafepay does not know
// it.
using ReadMspOrder = std::function<absl::StatusOr<payments::v1::Order>(
    absl::string_view order_id, absl::Time deadline)>;

// Whether the gateway created `order_id` (holds its CreateOrder record).
using IsGatewayOrder =
    std::function<absl::StatusOr<bool>(absl::string_view order_id)>;

struct NotificationIntakeOptions {
  // How long a GET hint's read of the order may take.
  absl::Duration read_timeout = absl::Seconds(10);
};

class NotificationIntake : public NotificationSink {
 public:
  // `recorder` must outlive the intake.
  NotificationIntake(OrderEventRecorder& recorder, ReadMspOrder read_order,
                     IsGatewayOrder is_gateway_order,
                     NotificationIntakeOptions options = {});

  absl::Status Accept(const Notification& notification) override;

 private:
  absl::StatusOr<payments::v1::Order> OrderOf(const Notification& notification);

  OrderEventRecorder& recorder_;
  const ReadMspOrder read_order_;
  const IsGatewayOrder is_gateway_order_;
  const NotificationIntakeOptions options_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_EVENTS_NOTIFICATION_INTAKE_H_
