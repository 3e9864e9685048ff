// Copyright 2026 The msp-gateway Authors.
//
// The checks of gateway_info_checks.h, tested through ValidateCreateOrder():
// each violation as a caller sees it (path, wording, order, merging with other
// problems), and "the only one" means no other check fired either.

#include "service/create_order/gateway_info_checks.h"

#include <string>

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
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ValidateCreateOrderTest, GatewayInfoFieldsOfOtherGatewaysAreRefused) {
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_IDEAL, payments::v1::ORDER_TYPE_DIRECT);
  request.mutable_gateway_info()->set_card_number("4111111111111111");
  request.mutable_gateway_info()->set_card_cvc("123");
  request.mutable_gateway_info()->set_issuer_id("0031");
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("gateway_info.card_number", "gateway_info.card_cvc",
                          "gateway_info.issuer_id"));
  for (const FieldViolation& v : GetFieldViolations(status)) {
    EXPECT_EQ(v.description, "is not used by GATEWAY_IDEAL (iDEAL)");
  }
  // Without a gateway only a POS terminal may be named.
  request = Order(payments::v1::GATEWAY_UNSPECIFIED,
                  payments::v1::ORDER_TYPE_REDIRECT);
  request.mutable_gateway_info()->set_terminal_id("T-1");
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.mutable_gateway_info()->set_qr_enabled(true);
  EXPECT_EQ(OnlyViolation(request, "gateway_info.qr_enabled"),
            "is not used by no gateway (payment page)");
}

CreateOrderRequest CardDirect(payments::v1::Gateway gateway) {
  CreateOrderRequest request = Order(gateway, payments::v1::ORDER_TYPE_DIRECT);
  auto* info = request.mutable_gateway_info();
  info->set_card_number("4111111111111111");
  info->set_card_holder_name("J Peeters");
  info->set_card_expiry_date("2512");
  info->set_card_cvc("123");
  return request;
}

TEST(ValidateCreateOrderTest, DirectCardOrders) {
  EXPECT_TRUE(ValidateCreateOrder(CardDirect(payments::v1::GATEWAY_VISA)).ok());
  CreateOrderRequest request = CardDirect(payments::v1::GATEWAY_VISA);
  request.clear_gateway_info();
  request.clear_customer();
  // customer.browser is recommended (3-D Secure 2), not required: it is not
  // in CreditCard.yaml's `required:` list and MultiSafepay's own
  // credit-card-direct example has none.
  EXPECT_THAT(
      ViolatedFields(ValidateCreateOrder(request)),
      ElementsAre("gateway_info.card_number", "gateway_info.card_expiry_date",
                  "gateway_info.card_cvc"));
  EXPECT_THAT(GetFieldViolations(ValidateCreateOrder(request))[0].description,
              "is required for GATEWAY_VISA (Visa) with ORDER_TYPE_DIRECT");
  // Maestro has no CVC.
  request = CardDirect(payments::v1::GATEWAY_MAESTRO);
  request.mutable_gateway_info()->clear_card_cvc();
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  // With browser data, it is checked.
  request = CardDirect(payments::v1::GATEWAY_MASTERCARD);
  request.mutable_customer()->mutable_browser()->set_ip_address("300.1.1.1");
  EXPECT_THAT(ViolatedFields(ValidateCreateOrder(request)),
              ElementsAre("customer.browser.ip_address"));
  // Flexible 3-D Secure needs the return URL.
  request = CardDirect(payments::v1::GATEWAY_VISA);
  request.mutable_gateway_info()->set_flexible_3d(true);
  EXPECT_THAT(OnlyViolation(request, "gateway_info.term_url"),
              HasSubstr("is required when flexible_3d is true"));
}

TEST(ValidateCreateOrderTest, CardDataFormatsNeverEchoTheCard) {
  CreateOrderRequest request = CardDirect(payments::v1::GATEWAY_VISA);
  request.mutable_gateway_info()->set_card_number("4111 1111 1111 1111");
  request.mutable_gateway_info()->set_card_expiry_date("2513");
  request.mutable_gateway_info()->set_card_cvc("12345");
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_THAT(
      ViolatedFields(status),
      ElementsAre("gateway_info.card_number", "gateway_info.card_expiry_date",
                  "gateway_info.card_cvc"));
  for (const FieldViolation& v : GetFieldViolations(status)) {
    EXPECT_THAT(v.description, Not(HasSubstr("4111"))) << v.field;
    EXPECT_THAT(v.description, Not(HasSubstr("12345"))) << v.field;
    EXPECT_THAT(v.description, Not(HasSubstr("2513"))) << v.field;
  }
}

TEST(ValidateCreateOrderTest, WalletTokensSepaAndMyBankOnDirectOrders) {
  EXPECT_THAT(OnlyViolation(Order(payments::v1::GATEWAY_APPLEPAY,
                                  payments::v1::ORDER_TYPE_DIRECT),
                            "gateway_info.payment_token"),
              HasSubstr("is required for GATEWAY_APPLEPAY (Apple Pay)"));
  EXPECT_TRUE(ValidateCreateOrder(Order(payments::v1::GATEWAY_GOOGLEPAY,
                                        payments::v1::ORDER_TYPE_REDIRECT))
                  .ok());
  EXPECT_THAT(
      ViolatedFields(ValidateCreateOrder(Order(
          payments::v1::GATEWAY_DIRDEB, payments::v1::ORDER_TYPE_DIRECT))),
      ElementsAre("gateway_info.account_id", "gateway_info.account_holder_name",
                  "gateway_info.account_holder_iban", "gateway_info.emandate"));
  EXPECT_THAT(OnlyViolation(Order(payments::v1::GATEWAY_MYBANK,
                                  payments::v1::ORDER_TYPE_DIRECT),
                            "gateway_info.issuer_id"),
              HasSubstr("is required"));
  // Sofort account data is optional; its country must be a country.
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_DIRECTBANK, payments::v1::ORDER_TYPE_DIRECT);
  request.mutable_gateway_info()->set_account_holder_country("Nederland");
  EXPECT_THAT(OnlyViolation(request, "gateway_info.account_holder_country"),
              HasSubstr("ISO 3166-1 alpha-2"));
}

TEST(ValidateCreateOrderTest, IdealQrBounds) {
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_IDEALQR, payments::v1::ORDER_TYPE_REDIRECT);
  request.set_amount(1000);
  request.mutable_gateway_info()->set_allow_change_amount(true);
  EXPECT_THAT(
      ViolatedFields(ValidateCreateOrder(request)),
      ElementsAre("gateway_info.min_amount", "gateway_info.max_amount"));
  request.mutable_gateway_info()->set_min_amount(1000);  // = amount: fine.
  request.mutable_gateway_info()->set_max_amount(2000);
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.mutable_gateway_info()->set_max_amount(999);
  EXPECT_EQ(OnlyViolation(request, "gateway_info.max_amount"),
            "must be at least min_amount (1000), got 999");
  request.mutable_gateway_info()->set_max_amount(0);
  EXPECT_EQ(OnlyViolation(request, "gateway_info.max_amount"),
            "must be greater than 0 (minor units), got 0; must be at least "
            "min_amount (1000), got 0");
  // Bounds around the amount are MultiSafepay's business: its own iDEAL QR
  // example asks for at least 5.00 EUR on a 1.00 EUR order.
  request.mutable_gateway_info()->set_min_amount(5000);
  request.mutable_gateway_info()->set_max_amount(9000);
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.mutable_gateway_info()->set_min_amount(100);
  request.mutable_gateway_info()->set_max_amount(500);
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.mutable_gateway_info()->set_max_amount(2000);
  request.mutable_gateway_info()->set_qr_size(99);
  EXPECT_EQ(OnlyViolation(request, "gateway_info.qr_size"),
            "must be 100 to 2000 pixels, got 99");
}

}  // namespace
}  // namespace msp_gateway
