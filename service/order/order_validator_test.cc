// Copyright 2026 The msp-gateway Authors.

#include "service/order/order_validator.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/error_details.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A valid iDEAL redirect order with every field set; each test breaks it.
CreateOrderRequest ValidRequest() {
  CreateOrderRequest request;
  request.set_type(payments::v1::ORDER_TYPE_REDIRECT);
  request.set_order_id("order-1");
  request.set_gateway(payments::v1::GATEWAY_IDEAL);
  request.set_currency("EUR");
  request.set_amount(1000);
  request.set_description("Two cups of tea");
  payments::v1::PaymentOptions* options = request.mutable_payment_options();
  options->set_notification_url("https://shop.example.com/webhooks/msp");
  options->set_notification_method(payments::v1::NOTIFICATION_METHOD_POST);
  options->set_redirect_url("https://shop.example.com/order/success");
  options->set_cancel_url("https://shop.example.com/order/failed");
  options->set_close_window(false);
  payments::v1::Customer* customer = request.mutable_customer();
  customer->set_locale("nl_BE");
  customer->set_ip_address("213.127.71.75");
  customer->set_forwarded_ip("2001:db8::7");
  customer->set_first_name("Jan");
  customer->set_last_name("Peeters");
  customer->set_address1("Grote Markt");
  customer->set_address2("");
  customer->set_house_number("1");
  customer->set_zip_code("1000");
  customer->set_city("Brussel");
  customer->set_state("");
  customer->set_country("BE");
  customer->set_phone("+32 2 123 45 67");
  customer->set_email("jan@example.com");
  customer->set_referrer("not a url, free text");
  customer->set_user_agent("Mozilla/5.0");
  customer->set_reference("customer-42");
  customer->set_gender("male");
  customer->set_birthday("10071970");
  customer->set_company_name("Peeters BV");
  request.set_var1("a");
  request.set_var2("b");
  request.set_var3("c");
  request.set_days_active(30);
  request.set_seconds_active(3600);
  return request;
}

CreateOrderRequest BancontactRequest() {
  CreateOrderRequest request = ValidRequest();
  request.set_gateway(payments::v1::GATEWAY_MISTERCASH);
  return request;
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

// The one violation of `request`, which must be on `field`; its description.
std::string OnlyViolation(const CreateOrderRequest& request,
                          const std::string& field) {
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "CreateOrder request has 1 invalid field");
  const std::vector<FieldViolation> violations = GetFieldViolations(status);
  EXPECT_EQ(violations.size(), 1u);
  if (violations.size() != 1) return "";
  EXPECT_EQ(violations[0].field, field);
  return violations[0].description;
}

std::string Repeat(absl::string_view unit, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.append(unit.data(), unit.size());
  return out;
}

TEST(ValidateCreateOrderTest, FullyPopulatedRequestIsValid) {
  EXPECT_TRUE(ValidateCreateOrder(ValidRequest()).ok());
  EXPECT_TRUE(ValidateCreateOrder(BancontactRequest()).ok());
}

TEST(ValidateCreateOrderTest, MinimalRequestIsValid) {
  CreateOrderRequest request;
  request.set_order_id("o");
  request.set_currency("EUR");
  request.set_amount(1);
  request.set_description("d");
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
}

TEST(ValidateCreateOrderTest, EmptyRequestReportsEveryRequiredField) {
  const absl::Status status = ValidateCreateOrder(CreateOrderRequest());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "CreateOrder request has 4 invalid fields");
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("order_id", "currency", "amount", "description"));
  for (const FieldViolation& v : GetFieldViolations(status)) {
    EXPECT_THAT(v.description, HasSubstr("is required")) << v.field;
  }
}

TEST(ValidateCreateOrderTest, ReportsAllViolationsInRequestFieldOrder) {
  CreateOrderRequest request = BancontactRequest();
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);  // Bancontact: no.
  request.set_order_id(std::string(51, 'x'));
  request.set_currency("USD");  // Bancontact: EUR.
  request.set_amount(0);
  request.set_description("<b>tea</b>");
  request.mutable_payment_options()->set_cancel_url("/failed");
  request.mutable_customer()->clear_locale();  // Bancontact: required.
  request.mutable_customer()->set_first_name("J");
  request.mutable_customer()->set_email("jan");
  request.set_var3(std::string(501, 'v'));
  request.set_seconds_active(0);
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "CreateOrder request has 11 invalid fields");
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("type", "order_id", "currency", "amount",
                          "description", "payment_options.cancel_url",
                          "customer.locale", "customer.first_name",
                          "customer.email", "var3", "seconds_active"));
}

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

TEST(ValidateCreateOrderTest, SeveralProblemsOfOneFieldAreOneViolation) {
  CreateOrderRequest request = ValidRequest();
  request.set_description("<p>" + std::string(200, 'd'));
  const std::string description = OnlyViolation(request, "description");
  EXPECT_THAT(description, HasSubstr("at most 200 characters, got 203"));
  EXPECT_THAT(description, HasSubstr("; must be plain text without HTML"));
}

// --- type ---------------------------------------------------------------

TEST(ValidateCreateOrderTest, TypeUnknownNumber) {
  CreateOrderRequest request = ValidRequest();
  request.set_type(static_cast<payments::v1::OrderType>(999));
  EXPECT_EQ(OnlyViolation(request, "type"),
            "must be a defined OrderType value, got 999");
}

TEST(ValidateCreateOrderTest, TypeEveryDefinedValueIsAccepted) {
  for (auto type :
       {payments::v1::ORDER_TYPE_UNSPECIFIED, payments::v1::ORDER_TYPE_REDIRECT,
        payments::v1::ORDER_TYPE_DIRECT, payments::v1::ORDER_TYPE_PAYMENT_LINK,
        payments::v1::ORDER_TYPE_CHECKOUT}) {
    CreateOrderRequest request = ValidRequest();
    request.set_type(type);
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << type;
  }
}

// --- order_id -----------------------------------------------------------

TEST(ValidateCreateOrderTest, OrderIdRequired) {
  CreateOrderRequest request = ValidRequest();
  request.clear_order_id();
  EXPECT_THAT(OnlyViolation(request, "order_id"), HasSubstr("is required"));
}

TEST(ValidateCreateOrderTest, OrderIdAtMost50Characters) {
  CreateOrderRequest request = ValidRequest();
  request.set_order_id(std::string(50, 'x'));
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.set_order_id(Repeat("é", 50));  // 100 bytes, 50 characters.
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.set_order_id(std::string(51, 'x'));
  EXPECT_EQ(OnlyViolation(request, "order_id"),
            "must be at most 50 characters, got 51");
  request.set_order_id(std::string(57, 'x'));
  EXPECT_EQ(OnlyViolation(request, "order_id"),
            "must be at most 50 characters, got 57");
}

// --- gateway ------------------------------------------------------------

TEST(ValidateCreateOrderTest, GatewayUnknownNumber) {
  CreateOrderRequest request = ValidRequest();
  request.set_gateway(static_cast<payments::v1::Gateway>(999));
  EXPECT_EQ(OnlyViolation(request, "gateway"),
            "must be a defined Gateway value, got 999");
  request.set_gateway(static_cast<payments::v1::Gateway>(43));  // A gap.
  EXPECT_EQ(OnlyViolation(request, "gateway"),
            "must be a defined Gateway value, got 43");
}

TEST(ValidateCreateOrderTest, DirectRequiresGateway) {
  CreateOrderRequest request = ValidRequest();
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.clear_gateway();
  EXPECT_EQ(OnlyViolation(request, "gateway"),
            "is required when type is ORDER_TYPE_DIRECT");
}

TEST(ValidateCreateOrderTest, RedirectAndPaymentLinkMayOmitGateway) {
  for (auto type :
       {payments::v1::ORDER_TYPE_UNSPECIFIED, payments::v1::ORDER_TYPE_REDIRECT,
        payments::v1::ORDER_TYPE_PAYMENT_LINK}) {
    CreateOrderRequest request = ValidRequest();
    request.set_type(type);
    request.clear_gateway();
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << type;
  }
}

// --- currency -----------------------------------------------------------

TEST(ValidateCreateOrderTest, CurrencyRequired) {
  CreateOrderRequest request = ValidRequest();
  request.clear_currency();
  EXPECT_THAT(OnlyViolation(request, "currency"), HasSubstr("is required"));
}

TEST(ValidateCreateOrderTest, CurrencyMustBeThreeUpperCaseLetters) {
  for (const char* currency : {"eur", "Eur", "EU", "EURO", "E1R", " EUR"}) {
    CreateOrderRequest request = ValidRequest();
    request.set_currency(currency);
    EXPECT_EQ(OnlyViolation(request, "currency"),
              "must be 3 upper-case letters (an ISO 4217 code such as EUR)")
        << currency;
  }
}

TEST(ValidateCreateOrderTest, CurrencyMustBeActiveIso4217) {
  CreateOrderRequest request = ValidRequest();
  for (const char* currency : {"USD", "JPY", "KWD", "GBP", "XCG"}) {
    request.set_currency(currency);
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << currency;
  }
  request.set_currency("ABC");
  EXPECT_EQ(OnlyViolation(request, "currency"),
            "must be an active ISO 4217 currency code, got ABC");
  request.set_currency("HRK");  // Withdrawn 2023.
  EXPECT_EQ(OnlyViolation(request, "currency"),
            "must be an active ISO 4217 currency code, got HRK");
}

// --- amount -------------------------------------------------------------

TEST(ValidateCreateOrderTest, AmountRequired) {
  CreateOrderRequest request = ValidRequest();
  request.clear_amount();
  EXPECT_THAT(OnlyViolation(request, "amount"), HasSubstr("is required"));
}

TEST(ValidateCreateOrderTest, AmountMustBePositive) {
  CreateOrderRequest request = ValidRequest();
  request.set_amount(1);
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.set_amount(INT64_MAX);
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.set_amount(0);
  EXPECT_EQ(OnlyViolation(request, "amount"),
            "must be greater than 0 (minor units of currency), got 0");
  request.set_amount(-100);
  EXPECT_EQ(OnlyViolation(request, "amount"),
            "must be greater than 0 (minor units of currency), got -100");
}

// --- description --------------------------------------------------------

TEST(ValidateCreateOrderTest, DescriptionRequired) {
  CreateOrderRequest request = ValidRequest();
  request.clear_description();
  EXPECT_THAT(OnlyViolation(request, "description"), HasSubstr("is required"));
}

TEST(ValidateCreateOrderTest, DescriptionAtMost200Characters) {
  CreateOrderRequest request = ValidRequest();
  request.set_description(std::string(200, 'd'));
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.set_description(Repeat("€", 200));  // 600 bytes, 200 characters.
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.set_description(Repeat("€", 201));
  EXPECT_EQ(OnlyViolation(request, "description"),
            "must be at most 200 characters, got 201");
}

TEST(ValidateCreateOrderTest, DescriptionWithoutHtml) {
  CreateOrderRequest request = ValidRequest();
  for (const char* ok : {"2 < 3 cups", "I <3 tea", "5<10 EUR", "a > b"}) {
    request.set_description(ok);
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << ok;
  }
  for (const char* html : {"<b>tea</b>", "tea</p>", "<!-- x -->", "<?php"}) {
    request.set_description(html);
    EXPECT_THAT(OnlyViolation(request, "description"),
                HasSubstr("must be plain text without HTML"))
        << html;
  }
}

// --- payment_options ----------------------------------------------------

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

// --- customer -----------------------------------------------------------

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

// --- var1..3, lifetime --------------------------------------------------

TEST(ValidateCreateOrderTest, VarsAtMost500Characters) {
  for (const char* field : {"var1", "var2", "var3"}) {
    SCOPED_TRACE(field);
    CreateOrderRequest request = ValidRequest();
    auto set = [&request, field](const std::string& value) {
      if (std::string(field) == "var1") request.set_var1(value);
      if (std::string(field) == "var2") request.set_var2(value);
      if (std::string(field) == "var3") request.set_var3(value);
    };
    set(Repeat("ж", 500));
    EXPECT_TRUE(ValidateCreateOrder(request).ok());
    set(Repeat("ж", 501));
    EXPECT_EQ(OnlyViolation(request, field),
              "must be at most 500 characters, got 501");
  }
}

TEST(ValidateCreateOrderTest, DaysActiveOneTo365) {
  CreateOrderRequest request = ValidRequest();
  for (int ok : {1, 30, 365}) {
    request.set_days_active(ok);
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << ok;
  }
  for (int bad : {0, -1, 366}) {
    request.set_days_active(bad);
    EXPECT_EQ(OnlyViolation(request, "days_active"),
              "must be 1 to 365, got " + std::to_string(bad));
  }
}

TEST(ValidateCreateOrderTest, SecondsActiveOneTo31536000) {
  CreateOrderRequest request = ValidRequest();
  for (int ok : {1, 31536000}) {
    request.set_seconds_active(ok);
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << ok;
  }
  for (int bad : {0, -5, 31536001}) {
    request.set_seconds_active(bad);
    EXPECT_EQ(OnlyViolation(request, "seconds_active"),
              "must be 1 to 31536000, got " + std::to_string(bad));
  }
}

// --- Bancontact ---------------------------------------------------------

TEST(ValidateCreateOrderTest, BancontactEurOnly) {
  CreateOrderRequest request = BancontactRequest();
  request.set_currency("USD");
  EXPECT_EQ(OnlyViolation(request, "currency"),
            "must be EUR for GATEWAY_MISTERCASH (Bancontact), got USD");
}

TEST(ValidateCreateOrderTest, BancontactRedirectOrPaymentLinkOnly) {
  for (auto type :
       {payments::v1::ORDER_TYPE_UNSPECIFIED, payments::v1::ORDER_TYPE_REDIRECT,
        payments::v1::ORDER_TYPE_PAYMENT_LINK}) {
    CreateOrderRequest request = BancontactRequest();
    request.set_type(type);
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << type;
  }
  CreateOrderRequest request = BancontactRequest();
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  EXPECT_EQ(OnlyViolation(request, "type"),
            "GATEWAY_MISTERCASH (Bancontact) supports only ORDER_TYPE_REDIRECT "
            "or ORDER_TYPE_PAYMENT_LINK, got ORDER_TYPE_DIRECT");
  request.set_type(payments::v1::ORDER_TYPE_CHECKOUT);
  EXPECT_THAT(OnlyViolation(request, "type"),
              HasSubstr("got ORDER_TYPE_CHECKOUT"));
}

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

TEST(ValidateCreateOrderTest, BancontactReportsAllThreeRules) {
  CreateOrderRequest request = BancontactRequest();
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  request.set_currency("GBP");
  request.clear_customer();
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("type", "currency", "customer.locale"));
}

TEST(ValidateCreateOrderTest, OtherGatewaysDoNotGetBancontactRules) {
  CreateOrderRequest request = ValidRequest();  // iDEAL.
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  request.set_currency("USD");
  request.clear_customer();
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  EXPECT_THAT(ViolatedFields(ValidateCreateOrder(request)), IsEmpty());
}

}  // namespace
}  // namespace msp_gateway
