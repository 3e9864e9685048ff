// Copyright 2026 The msp-gateway Authors.
//
// The checks of customer_delivery_checks.h, tested through
// ValidateCreateOrder(): each violation as a caller sees it (path, wording,
// order, merging with other problems), and "the only one" means no other check
// fired either.

#include "service/create_order/customer_delivery_checks.h"

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
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ValidateCreateOrderTest, DescriptionsNeverEchoPersonalData) {
  CreateOrderRequest request = ValidRequest();
  request.mutable_customer()->set_first_name("Zyxwvutsrqponmlkjihgfedcbaz");
  request.mutable_customer()->set_email("zyxw-secret@@example.com");
  request.mutable_customer()->set_ip_address("zyxw-not-an-ip");
  request.mutable_customer()->set_country("ZYXW");
  request.mutable_customer()->set_city(Repeat("zyxw", 13));
  const absl::Status status = ValidateCreateOrder(request);
  ASSERT_EQ(GetFieldViolations(status).size(), 5u);
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("zyxw")));
  for (const FieldViolation& v : GetFieldViolations(status)) {
    EXPECT_THAT(v.description, Not(HasSubstr("zyxw"))) << v.field;
    EXPECT_THAT(v.description, Not(HasSubstr("Zyxw"))) << v.field;
  }
}

TEST(ValidateCreateOrderTest, LocaleFormat) {
  CreateOrderRequest request = ValidRequest();
  request.mutable_customer()->set_locale("");
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.mutable_customer()->clear_locale();
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  for (const char* bad : {"nl", "nl-BE", "NL_be", "nl_BEL"}) {
    request.mutable_customer()->set_locale(bad);
    EXPECT_THAT(OnlyViolation(request, "customer.locale"),
                HasSubstr("must be ll_CC"))
        << bad;
  }
}

TEST(ValidateCreateOrderTest, IpAddresses) {
  CreateOrderRequest request = ValidRequest();
  request.mutable_customer()->set_ip_address("::1");
  request.mutable_customer()->set_forwarded_ip("");  // As MSP's example.
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.mutable_customer()->set_ip_address("1.2.3.4, 5.6.7.8");
  EXPECT_EQ(OnlyViolation(request, "customer.ip_address"),
            "must be a single IPv4 or IPv6 address");
  request.mutable_customer()->set_ip_address("1.2.3.4");
  request.mutable_customer()->set_forwarded_ip("256.0.0.1");
  EXPECT_EQ(OnlyViolation(request, "customer.forwarded_ip"),
            "must be a single IPv4 or IPv6 address");
}

TEST(ValidateCreateOrderTest, NamesTwoTo25Characters) {
  for (const char* field : {"customer.first_name", "customer.last_name"}) {
    SCOPED_TRACE(field);
    auto set = [field](CreateOrderRequest& r, const std::string& name) {
      if (std::string(field) == "customer.first_name") {
        r.mutable_customer()->set_first_name(name);
      } else {
        r.mutable_customer()->set_last_name(name);
      }
    };
    CreateOrderRequest request = ValidRequest();
    set(request, "Jo");
    EXPECT_TRUE(ValidateCreateOrder(request).ok());
    set(request, Repeat("ë", 25));
    EXPECT_TRUE(ValidateCreateOrder(request).ok());
    set(request, "");
    EXPECT_TRUE(ValidateCreateOrder(request).ok());
    set(request, "J");
    EXPECT_EQ(OnlyViolation(request, field),
              "must be 2 to 25 characters, got 1");
    set(request, Repeat("ë", 26));
    EXPECT_EQ(OnlyViolation(request, field),
              "must be 2 to 25 characters, got 26");
  }
}

TEST(ValidateCreateOrderTest, CustomerMaxLengths) {
  const struct {
    const char* field;
    std::string* (payments::v1::Customer::*mutable_field)();
    int max;
  } kFields[] = {
      {"customer.address1", &payments::v1::Customer::mutable_address1, 64},
      {"customer.address2", &payments::v1::Customer::mutable_address2, 64},
      {"customer.house_number", &payments::v1::Customer::mutable_house_number,
       10},
      {"customer.zip_code", &payments::v1::Customer::mutable_zip_code, 10},
      {"customer.city", &payments::v1::Customer::mutable_city, 50},
      {"customer.state", &payments::v1::Customer::mutable_state, 6},
      {"customer.phone", &payments::v1::Customer::mutable_phone, 25},
  };
  for (const auto& f : kFields) {
    SCOPED_TRACE(f.field);
    CreateOrderRequest request = ValidRequest();
    payments::v1::Customer* customer = request.mutable_customer();
    *(customer->*f.mutable_field)() = Repeat("ü", f.max);
    EXPECT_TRUE(ValidateCreateOrder(request).ok());
    *(customer->*f.mutable_field)() = Repeat("ü", f.max + 1);
    EXPECT_EQ(OnlyViolation(request, f.field),
              "must be at most " + std::to_string(f.max) + " characters, got " +
                  std::to_string(f.max + 1));
  }
}

TEST(ValidateCreateOrderTest, CountryIso3166Alpha2) {
  CreateOrderRequest request = ValidRequest();
  for (const char* ok : {"BE", "NL", "DE", ""}) {
    request.mutable_customer()->set_country(ok);
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << ok;
  }
  for (const char* bad : {"be", "BEL", "UK", "XX", "B"}) {
    request.mutable_customer()->set_country(bad);
    EXPECT_EQ(OnlyViolation(request, "customer.country"),
              "must be an ISO 3166-1 alpha-2 code in upper case, e.g. BE")
        << bad;
  }
}

TEST(ValidateCreateOrderTest, EmailFormatAndLength) {
  CreateOrderRequest request = ValidRequest();
  // 64 characters exactly: 52 + "@example.com" (12).
  request.mutable_customer()->set_email(std::string(52, 'j') + "@example.com");
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.mutable_customer()->set_email(std::string(53, 'j') + "@example.com");
  EXPECT_EQ(OnlyViolation(request, "customer.email"),
            "must be at most 64 characters, got 65");
  for (const char* bad : {"jan", "jan@example", "@example.com", "a b@c.de"}) {
    request.mutable_customer()->set_email(bad);
    EXPECT_EQ(OnlyViolation(request, "customer.email"),
              "must be an email address (name@example.com)");
  }
}

TEST(ValidateCreateOrderTest, Gender) {
  CreateOrderRequest request = ValidRequest();
  for (const char* ok : {"M", "F", "male", "female", "mr", "mrs", "miss", ""}) {
    request.mutable_customer()->set_gender(ok);
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << ok;
  }
  for (const char* bad : {"m", "X", "Male", "ms", "other"}) {
    request.mutable_customer()->set_gender(bad);
    EXPECT_EQ(OnlyViolation(request, "customer.gender"),
              "must be one of M, F, male, female, mr, mrs, miss")
        << bad;
  }
}

TEST(ValidateCreateOrderTest, FreeTextCustomerFieldsAreNotChecked) {
  CreateOrderRequest request = ValidRequest();
  payments::v1::Customer* customer = request.mutable_customer();
  customer->set_birthday("10071970");  // MSP's own example format.
  customer->set_referrer("<not a url>");
  customer->set_user_agent(std::string(1000, 'u'));
  customer->set_reference(std::string(1000, 'r'));
  customer->set_company_name(std::string(1000, 'c'));
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
}

// --- per gateway -------------------------------------------------------------

TEST(ValidateCreateOrderTest, BancontactRequiresLocale) {
  CreateOrderRequest request = BancontactRequest();
  request.mutable_customer()->clear_locale();
  EXPECT_THAT(OnlyViolation(request, "customer.locale"),
              HasSubstr("is required for GATEWAY_MISTERCASH (Bancontact)"));
  request.mutable_customer()->set_locale("");  // "" is not a locale either.
  EXPECT_THAT(OnlyViolation(request, "customer.locale"),
              HasSubstr("is required"));
  request.clear_customer();
  EXPECT_THAT(OnlyViolation(request, "customer.locale"),
              HasSubstr("is required"));
  request.mutable_customer()->set_locale("nl-BE");
  EXPECT_THAT(OnlyViolation(request, "customer.locale"),
              HasSubstr("must be ll_CC"));
}

// Phone.yaml says "Required for: ... MB WAY, and Bizum", but MultiSafepay's
// own bizum-direct example sends no customer: never stricter than that.
TEST(ValidateCreateOrderTest, NoPhoneNeededForBizumAndMbWay) {
  for (auto gateway :
       {payments::v1::GATEWAY_BIZUM, payments::v1::GATEWAY_MBWAY}) {
    for (auto type :
         {payments::v1::ORDER_TYPE_REDIRECT, payments::v1::ORDER_TYPE_DIRECT}) {
      CreateOrderRequest request = Order(gateway, type);
      request.clear_customer();
      EXPECT_TRUE(ValidateCreateOrder(request).ok())
          << payments::v1::Gateway_Name(gateway) << " "
          << payments::v1::OrderType_Name(type);
    }
    // A phone that is sent is still checked.
    CreateOrderRequest request =
        Order(gateway, payments::v1::ORDER_TYPE_DIRECT);
    request.mutable_customer()->set_phone(std::string(26, '6'));
    EXPECT_THAT(OnlyViolation(request, "customer.phone"),
                HasSubstr("at most 25"));
  }
}

// Betaal per Maand is in BNPL.yaml's gateway enum, whose `required:` list
// has customer, delivery and shopping_cart, but MultiSafepay's own
// betaal-per-maand example has only a customer: the example wins.
TEST(ValidateCreateOrderTest, BetaalPerMaandNeedsNoCart) {
  CreateOrderRequest request = Order(payments::v1::GATEWAY_SANTANDER,
                                     payments::v1::ORDER_TYPE_REDIRECT);
  request.clear_delivery();
  request.clear_shopping_cart();
  request.clear_checkout_options();
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  // Other BNPL gateways keep the schema's requirement.
  request.set_gateway(payments::v1::GATEWAY_AFTERPAY);
  EXPECT_THAT(ViolatedFields(ValidateCreateOrder(request)),
              ::testing::IsSupersetOf({"delivery", "shopping_cart"}));
}

TEST(ValidateCreateOrderTest, CustomerDataPerGateway) {
  EXPECT_THAT(
      ViolatedFields(ValidateCreateOrder(Order(
          payments::v1::GATEWAY_TRUSTLY, payments::v1::ORDER_TYPE_DIRECT))),
      ElementsAre("customer.first_name", "customer.last_name",
                  "customer.country", "customer.email"));
  // Required on every order type, so the message names no type.
  EXPECT_EQ(
      GetFieldViolations(ValidateCreateOrder(Order(
          payments::v1::GATEWAY_TRUSTLY, payments::v1::ORDER_TYPE_DIRECT)))[0]
          .description,
      "is required for GATEWAY_TRUSTLY (Trustly)");
  EXPECT_THAT(
      ViolatedFields(ValidateCreateOrder(Order(
          payments::v1::GATEWAY_BANKTRANS, payments::v1::ORDER_TYPE_REDIRECT))),
      ElementsAre("customer.country", "customer.email"));
  EXPECT_THAT(
      ViolatedFields(ValidateCreateOrder(Order(
          payments::v1::GATEWAY_AMAZONBTN, payments::v1::ORDER_TYPE_REDIRECT))),
      ElementsAre("customer.first_name", "customer.last_name",
                  "customer.address1", "customer.house_number",
                  "customer.zip_code", "customer.city", "customer.country",
                  "customer.phone"));
}

}  // namespace
}  // namespace msp_gateway
