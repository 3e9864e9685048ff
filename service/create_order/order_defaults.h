// Copyright 2026 The msp-gateway Authors.
//
// File: order_defaults.h
//
// What the gateway itself puts on every order it creates, from its
// configuration (fixed at start, so the validator and the translator that
// read it stay pure). Today one thing: the notification URL. With
// --notification_base_url the gateway owns `payment_options.notification_url`
// and `notification_method` of every order: MultiSafepay notifies the
// gateway's listener (service/notifications/), which turns each change into
// an order event (WatchOrderEvents); a caller may set neither.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_DEFAULTS_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_DEFAULTS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace msp_gateway {

// OrderDefaults
//
// Empty (the default): every order is sent as the caller wrote it.
struct OrderDefaults {
  // Sent as every order's payment_options.notification_url, with
  // notification_method "POST" (signed notifications), when not empty.
  std::string notification_url;

  bool owns_notifications() const { return !notification_url.empty(); }
};

// OrderDefaultsFor()
//
// The defaults of a gateway whose notification listener MultiSafepay reaches
// at `notification_base_url` (scheme, host and port, no path, as the server
// configuration checks it): its notification_url is the base URL followed
// by kNotificationPath (a trailing '/' of the base is dropped). An empty base
// URL: no defaults.
//
// Example:
//   OrderDefaultsFor("https://pay.example.com").notification_url
//     == "https://pay.example.com/notifications/multisafepay"
OrderDefaults OrderDefaultsFor(absl::string_view notification_base_url);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_DEFAULTS_H_
