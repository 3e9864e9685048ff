// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_defaults.h"

#include <string>

#include "gtest/gtest.h"
#include "service/notifications/notification_path.h"

namespace msp_gateway {
namespace {

TEST(OrderDefaultsForTest, NoBaseUrlNoDefaults) {
  const OrderDefaults defaults = OrderDefaultsFor("");
  EXPECT_FALSE(defaults.owns_notifications());
  EXPECT_EQ(defaults.notification_url, "");
  EXPECT_FALSE(OrderDefaults().owns_notifications());
}

TEST(OrderDefaultsForTest, TheListenersPathFollowsTheBaseUrl) {
  EXPECT_EQ(OrderDefaultsFor("https://pay.example.com").notification_url,
            "https://pay.example.com/notifications/multisafepay");
  EXPECT_EQ(
      OrderDefaultsFor("http://127.0.0.1:8091").notification_url,
      std::string("http://127.0.0.1:8091") + std::string(kNotificationPath));
  EXPECT_TRUE(OrderDefaultsFor("https://pay.example.com").owns_notifications());
}

TEST(OrderDefaultsForTest, ATrailingSlashIsNotDoubled) {
  EXPECT_EQ(OrderDefaultsFor("https://pay.example.com/").notification_url,
            "https://pay.example.com/notifications/multisafepay");
}

}  // namespace
}  // namespace msp_gateway
