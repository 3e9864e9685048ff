// Copyright 2026 The msp-gateway Authors.
//
// The checks of payment_options_checks.h, tested through ValidateCreateOrder():
// each violation as a caller sees it (path, wording, order, merging with other
// problems), and "the only one" means no other check fired either.

#include "service/create_order/payment_options_checks.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/create_order/order_defaults.h"
#include "service/create_order/order_validator.h"
#include "service/create_order/order_validator_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ValidateCreateOrderTest, NotificationMethodUnknownNumber) {
  CreateOrderRequest request = ValidRequest();
  request.mutable_payment_options()->set_notification_method(
      static_cast<payments::v1::NotificationMethod>(7));
  EXPECT_EQ(OnlyViolation(request, "payment_options.notification_method"),
            "must be a defined NotificationMethod value, got 7");
}

TEST(ValidateCreateOrderTest, UrlsMustBeAbsoluteHttp) {
  const struct {
    const char* field;
    std::string* (payments::v1::PaymentOptions::*mutable_url)();
  } kUrls[] = {
      {"payment_options.notification_url",
       &payments::v1::PaymentOptions::mutable_notification_url},
      {"payment_options.redirect_url",
       &payments::v1::PaymentOptions::mutable_redirect_url},
      {"payment_options.cancel_url",
       &payments::v1::PaymentOptions::mutable_cancel_url},
  };
  for (const auto& url : kUrls) {
    SCOPED_TRACE(url.field);
    CreateOrderRequest request = ValidRequest();
    payments::v1::PaymentOptions* options = request.mutable_payment_options();
    *(options->*url.mutable_url)() = "http://example.com/x?a=1";
    EXPECT_TRUE(ValidateCreateOrder(request).ok());
    *(options->*url.mutable_url)() =
        "";  // Set but empty: treated as not provided.
    EXPECT_TRUE(ValidateCreateOrder(request).ok());
    for (const char* bad : {"/order/success", "www.example.com",
                            "ftp://example.com", "https://", "https://a b"}) {
      *(options->*url.mutable_url)() = bad;
      EXPECT_EQ(OnlyViolation(request, url.field),
                "must be an absolute http:// or https:// URL with a host")
          << bad;
    }
  }
}

TEST(ValidateCreateOrderTest, PaymentPageSettings) {
  CreateOrderRequest request = Order(payments::v1::GATEWAY_UNSPECIFIED,
                                     payments::v1::ORDER_TYPE_REDIRECT);
  auto* settings = request.mutable_payment_options()->mutable_settings();
  settings->mutable_coupons()->add_allow("VVVGIFTCRD");
  settings->mutable_coupons()->add_allow("IDEAL");
  settings->mutable_gateways()->mutable_mistercash()->set_qr_size("500");
  settings->mutable_gateways()->mutable_billink()->set_type("X");
  request.mutable_payment_options()->add_allowed_countries("nl");
  EXPECT_THAT(
      ViolatedFields(ValidateCreateOrder(request)),
      ElementsAre("payment_options.settings.coupons.allow[1]",
                  "payment_options.settings.gateways.mistercash.qr_size",
                  "payment_options.settings.gateways.billink.type",
                  "payment_options.allowed_countries[0]"));
}

// --- the gateway's notification URL (--notification_base_url) --------------

OrderDefaults GatewayOwnsNotifications() {
  return OrderDefaultsFor("https://pay.example.com");
}

// ValidRequest() without its own notification_url and notification_method.
CreateOrderRequest WithoutNotification() {
  CreateOrderRequest request = ValidRequest();
  request.mutable_payment_options()->clear_notification_url();
  request.mutable_payment_options()->clear_notification_method();
  return request;
}

TEST(ValidateCreateOrderTest, WithoutDefaultsTheCallersNotificationIsValid) {
  const CreateOrderRequest request = ValidRequest();
  ASSERT_TRUE(request.payment_options().has_notification_url());
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  EXPECT_TRUE(ValidateCreateOrder(request, OrderDefaults()).ok());
}

TEST(ValidateCreateOrderTest, WhenTheGatewayOwnsThemNeitherMayBeSet) {
  const OrderDefaults defaults = GatewayOwnsNotifications();
  EXPECT_TRUE(ValidateCreateOrder(WithoutNotification(), defaults).ok());
  // No payment_options at all.
  CreateOrderRequest bare = WithoutNotification();
  bare.clear_payment_options();
  EXPECT_TRUE(ValidateCreateOrder(bare, defaults).ok());

  CreateOrderRequest url = WithoutNotification();
  url.mutable_payment_options()->set_notification_url(
      "https://shop.example.com/webhooks/msp");
  absl::Status status = ValidateCreateOrder(url, defaults);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "CreateOrder request has 1 invalid field");
  const std::vector<FieldViolation> violations = GetFieldViolations(status);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "payment_options.notification_url");
  EXPECT_EQ(violations[0].description,
            "must not be set: this gateway sets every order's "
            "notification_url to its own listener, receives MultiSafepay's "
            "notifications and emits each change as an order event; use "
            "WatchOrderEvents");

  for (payments::v1::NotificationMethod method :
       {payments::v1::NOTIFICATION_METHOD_GET,
        payments::v1::NOTIFICATION_METHOD_POST}) {
    CreateOrderRequest with_method = WithoutNotification();
    with_method.mutable_payment_options()->set_notification_method(method);
    status = ValidateCreateOrder(with_method, defaults);
    EXPECT_THAT(ViolatedFields(status),
                ElementsAre("payment_options.notification_method"))
        << method;
    EXPECT_THAT(GetFieldViolations(status)[0].description,
                HasSubstr("use WatchOrderEvents"));
  }

  // Both, as ValidRequest() sets them: both named, in field order.
  EXPECT_THAT(ViolatedFields(ValidateCreateOrder(ValidRequest(), defaults)),
              ElementsAre("payment_options.notification_url",
                          "payment_options.notification_method"));
}

TEST(ValidateCreateOrderTest, AnEmptyNotificationUrlCountsAsNotSet) {
  CreateOrderRequest request = WithoutNotification();
  request.mutable_payment_options()->set_notification_url("");
  EXPECT_TRUE(ValidateCreateOrder(request, GatewayOwnsNotifications()).ok());
}

TEST(ValidateCreateOrderTest, OwnedNotificationJoinsOtherProblemsOfTheField) {
  CreateOrderRequest request = WithoutNotification();
  request.mutable_payment_options()->set_notification_url("www.example.com");
  const std::vector<FieldViolation> violations = GetFieldViolations(
      ValidateCreateOrder(request, GatewayOwnsNotifications()));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "payment_options.notification_url");
  EXPECT_THAT(violations[0].description,
              HasSubstr("must be an absolute http:// or https:// URL"));
  EXPECT_THAT(violations[0].description, HasSubstr("; must not be set"));
}

TEST(ValidateCreateOrderTest, OwnedNotificationIsOneProblemAmongOthers) {
  CreateOrderRequest request = ValidRequest();
  request.set_currency("EURO");
  EXPECT_THAT(
      ViolatedFields(ValidateCreateOrder(request, GatewayOwnsNotifications())),
      ElementsAre("currency", "payment_options.notification_url",
                  "payment_options.notification_method"));
}

}  // namespace
}  // namespace msp_gateway
