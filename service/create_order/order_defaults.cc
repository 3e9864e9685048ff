// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_defaults.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "service/notifications/notification_path.h"

namespace msp_gateway {

OrderDefaults OrderDefaultsFor(absl::string_view notification_base_url) {
  OrderDefaults defaults;
  if (notification_base_url.empty()) return defaults;
  absl::ConsumeSuffix(&notification_base_url, "/");
  defaults.notification_url =
      absl::StrCat(notification_base_url, kNotificationPath);
  return defaults;
}

}  // namespace msp_gateway
