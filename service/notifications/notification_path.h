// Copyright 2026 The msp-gateway Authors.
//
// File: notification_path.h
//
// The one path the notification listener serves (notification_listener.h)
// and that CreateOrder puts after --notification_base_url in every order's
// notification_url (service/create_order/order_defaults.h). A header of its
// own, so that CreateOrder depends on the path and not on the listener.

#ifndef MSP_GATEWAY_SERVICE_NOTIFICATIONS_NOTIFICATION_PATH_H_
#define MSP_GATEWAY_SERVICE_NOTIFICATIONS_NOTIFICATION_PATH_H_

#include "absl/strings/string_view.h"

namespace msp_gateway {

inline constexpr absl::string_view kNotificationPath =
    "/notifications/multisafepay";

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_NOTIFICATIONS_NOTIFICATION_PATH_H_
