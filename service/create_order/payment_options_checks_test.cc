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
#include "service/create_order/order_validator.h"
#include "service/create_order/order_validator_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::testing::ElementsAre;

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

}  // namespace
}  // namespace msp_gateway
