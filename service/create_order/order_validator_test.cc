// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_validator.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

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

CreateOrderRequest ParseRequestJson(const std::string& json) {
  CreateOrderRequest request;
  const auto status =
      google::protobuf::util::JsonStringToMessage(json, &request);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return request;
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
    if (type == payments::v1::ORDER_TYPE_CHECKOUT) {
      // FastCheckout needs a cart and tax tables (§2.1): 10.00 at 0%.
      auto* item = request.mutable_shopping_cart()->add_items();
      item->set_unit_price("10");
      item->set_quantity(1);
      request.mutable_checkout_options()
          ->mutable_tax_tables()
          ->mutable_default_()
          ->set_rate("0");
    }
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
  request.set_order_id(std::string(51, 'x'));
  EXPECT_EQ(OnlyViolation(request, "order_id"),
            "must be at most 50 characters, got 51");
  request.set_order_id(std::string(57, 'x'));
  EXPECT_EQ(OnlyViolation(request, "order_id"),
            "must be at most 50 characters, got 57");
}

// Defect 6 of issue 8: NUL, CR, LF and TAB were accepted, and a CR/LF ID
// reached MultiSafepay's URL path.
TEST(ValidateCreateOrderTest, OrderIdOnlySafeAsciiCharacters) {
  const std::string expected =
      "may only contain ASCII letters, digits, spaces and - _ . : / # + @ = ~";
  CreateOrderRequest request = ValidRequest();
  for (const std::string& bad :
       {std::string("o-1\r\nX-Evil: 1"), std::string("o\n1"),
        std::string("o\t1"), std::string("o\0-1", 4), std::string("o\x7f"),
        Repeat("é", 3), std::string("50%off"), std::string("o?x=1")}) {
    request.set_order_id(bad);
    const std::string description = OnlyViolation(request, "order_id");
    EXPECT_EQ(description, expected);
    EXPECT_THAT(description, Not(HasSubstr(bad)));
  }
  // Both problems of a too-long ID with a bad character, in one violation.
  request.set_order_id(Repeat("é", 50));
  EXPECT_EQ(OnlyViolation(request, "order_id"), expected);
  request.set_order_id(std::string(51, '\t'));
  EXPECT_EQ(OnlyViolation(request, "order_id"),
            "must be at most 50 characters, got 51; " + expected);
  for (const char* good :
       {"ORDER-12345", "case-20220404-06-0001", "example_order_123456", "a/b c",
        "INV 2024/001", "shop:42#1+x@y=z~.q"}) {
    request.set_order_id(good);
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << good;
  }
}

// --- repeated-field limits (defect 5 of issue 8) --------------------------

// ValidRequest() with `lines` cart lines of 1.00 EUR and a matching amount.
CreateOrderRequest CartOf(int lines) {
  CreateOrderRequest request = ValidRequest();
  for (int i = 0; i < lines; ++i) {
    auto* item = request.mutable_shopping_cart()->add_items();
    item->set_name("Tea");
    item->set_unit_price("1");
    item->set_quantity(1);
  }
  request.set_amount(100 * static_cast<int64_t>(lines));
  return request;
}

TEST(ValidateCreateOrderTest, CartOfAThousandLinesIsValid) {
  const absl::Status status = ValidateCreateOrder(CartOf(kMaxCartItems));
  EXPECT_TRUE(status.ok()) << status;
}

TEST(ValidateCreateOrderTest, CartBeyondTheLimitIsRefusedByItsCountAlone) {
  EXPECT_EQ(OnlyViolation(CartOf(kMaxCartItems + 1), "shopping_cart.items"),
            "must have at most 1000 items, got 1001");
  // The reported 40,000-line cart, every line broken and the order too: the
  // count is the only problem reported, so no line was looked at.
  CreateOrderRequest huge = CartOf(40000);
  for (auto& item : *huge.mutable_shopping_cart()->mutable_items()) {
    item.set_unit_price("1e5");
    item.set_quantity(0);
  }
  huge.set_currency("eur");
  huge.clear_description();
  EXPECT_EQ(OnlyViolation(huge, "shopping_cart.items"),
            "must have at most 1000 items, got 40000");
}

TEST(ValidateCreateOrderTest, EveryRepeatedFieldHasALimit) {
  struct Case {
    std::string field;
    std::string description;
    std::function<void(CreateOrderRequest&)> grow;
  };
  const std::vector<Case> cases = {
      {"checkout_options.tax_tables.alternate",
       "must have at most 100 tables, got 101",
       [](CreateOrderRequest& r) {
         for (int i = 0; i <= kMaxAlternateTaxTables; ++i) {
           r.mutable_checkout_options()->mutable_tax_tables()->add_alternate();
         }
       }},
      {"checkout_options.tax_tables.alternate",
       "must have at most 1000 rules in all its tables, got 1001",
       [](CreateOrderRequest& r) {
         auto* tables = r.mutable_checkout_options()->mutable_tax_tables();
         for (int t = 0; t < 7; ++t) {
           auto* table = tables->add_alternate();
           for (int i = 0; i < 143; ++i) table->add_rules();  // 1001 rules.
         }
       }},
      {"checkout_options.shipping_methods.flat_rate_shipping",
       "must have at most 50 methods, got 51",
       [](CreateOrderRequest& r) {
         for (int i = 0; i <= kMaxFlatRateShippingMethods; ++i) {
           r.mutable_checkout_options()
               ->mutable_shipping_methods()
               ->add_flat_rate_shipping();
         }
       }},
      {"checkout_options.shipping_methods.flat_rate_shipping[1]."
       "excluded_areas",
       "must have at most 300 countries, got 301",
       [](CreateOrderRequest& r) {
         auto* shipping =
             r.mutable_checkout_options()->mutable_shipping_methods();
         shipping->add_flat_rate_shipping()->add_allowed_areas("NL");
         auto* method = shipping->add_flat_rate_shipping();
         for (int i = 0; i <= kMaxShippingAreas; ++i) {
           method->add_excluded_areas("xx");
         }
       }},
      {"payment_options.allowed_countries",
       "must have at most 300 countries, got 301",
       [](CreateOrderRequest& r) {
         for (int i = 0; i <= kMaxAllowedCountries; ++i) {
           r.mutable_payment_options()->add_allowed_countries("xx");
         }
       }},
      {"payment_options.settings.coupons.allow",
       "must have at most 100 gift card IDs, got 101",
       [](CreateOrderRequest& r) {
         for (int i = 0; i <= kMaxCouponIds; ++i) {
           r.mutable_payment_options()
               ->mutable_settings()
               ->mutable_coupons()
               ->add_allow("nope");
         }
       }},
      {"affiliate.split_payments",
       "must have at most 100 split payments, got 101",
       [](CreateOrderRequest& r) {
         for (int i = 0; i <= kMaxSplitPayments; ++i) {
           r.mutable_affiliate()->add_split_payments();
         }
       }},
      {"custom_fields", "must have at most 100 fields, got 101",
       [](CreateOrderRequest& r) {
         for (int i = 0; i <= kMaxCustomFields; ++i) r.add_custom_fields();
       }},
      {"custom_fields",
       "must be at most 65536 bytes of protobuf in all, got 700",
       [](CreateOrderRequest& r) {
         for (int i = 0; i < 2; ++i) {
           (*r.add_custom_fields()->mutable_fields())["label"].set_string_value(
               std::string(35000, 'x'));
         }
       }},
  };
  for (const Case& c : cases) {
    CreateOrderRequest request = ValidRequest();
    request.clear_description();  // Not reported: the counts come first.
    c.grow(request);
    EXPECT_THAT(OnlyViolation(request, c.field), StartsWith(c.description))
        << c.field;
  }
}

TEST(ValidateCreateOrderTest, ListsAtMostTheFirstHundredProblems) {
  CreateOrderRequest request = CartOf(kMaxCartItems);
  for (auto& item : *request.mutable_shopping_cart()->mutable_items()) {
    item.set_quantity(0);
  }
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_EQ(status.message(),
            "CreateOrder request has at least 100 invalid fields (900 more "
            "problems not listed)");
  const std::vector<FieldViolation> listed = GetFieldViolations(status);
  ASSERT_EQ(listed.size(), 100u);
  EXPECT_EQ(listed.front().field, "shopping_cart.items[0].quantity");
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

// --- order types and the gateway table -------------------------------------

// A minimal valid order for `gateway` with `type`.
CreateOrderRequest Order(payments::v1::Gateway gateway,
                         payments::v1::OrderType type) {
  CreateOrderRequest request;
  request.set_type(type);
  request.set_gateway(gateway);
  request.set_order_id("o-1");
  request.set_currency("EUR");
  request.set_amount(10000);
  request.set_description("Tea");
  return request;
}

TEST(ValidateCreateOrderTest, RedirectOnlyGatewaysRefuseDirect) {
  for (auto gateway :
       {payments::v1::GATEWAY_DOTPAY, payments::v1::GATEWAY_EPS,
        payments::v1::GATEWAY_IDEALQR, payments::v1::GATEWAY_VVVGIFTCRD}) {
    CreateOrderRequest request =
        Order(gateway, payments::v1::ORDER_TYPE_DIRECT);
    EXPECT_THAT(OnlyViolation(request, "type"),
                HasSubstr("supports only ORDER_TYPE_REDIRECT or "
                          "ORDER_TYPE_PAYMENT_LINK, got ORDER_TYPE_DIRECT"))
        << gateway;
  }
  EXPECT_EQ(OnlyViolation(Order(payments::v1::GATEWAY_DOTPAY,
                                payments::v1::ORDER_TYPE_DIRECT),
                          "type"),
            "GATEWAY_DOTPAY (Dotpay) supports only ORDER_TYPE_REDIRECT or "
            "ORDER_TYPE_PAYMENT_LINK, got ORDER_TYPE_DIRECT");
  for (auto gateway :
       {payments::v1::GATEWAY_IDEAL, payments::v1::GATEWAY_MULTIBANCO,
        payments::v1::GATEWAY_CBC, payments::v1::GATEWAY_PAYPAL}) {
    EXPECT_TRUE(
        ValidateCreateOrder(Order(gateway, payments::v1::ORDER_TYPE_DIRECT))
            .ok())
        << gateway;
  }
}

TEST(ValidateCreateOrderTest, DirectWithoutGatewayForRecurringOrComponents) {
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_UNSPECIFIED, payments::v1::ORDER_TYPE_DIRECT);
  request.set_recurring_id("azbkvsE0up4");
  request.set_recurring_model(payments::v1::RECURRING_MODEL_UNSCHEDULED);
  request.mutable_customer()->set_reference("customer-1");
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);

  request =
      Order(payments::v1::GATEWAY_UNSPECIFIED, payments::v1::ORDER_TYPE_DIRECT);
  request.mutable_payment_data()->set_payload("eyJ9");
  request.mutable_payment_data()->set_gateway(payments::v1::GATEWAY_IDEAL);
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
}

TEST(ValidateCreateOrderTest, RecurringNeedsReferenceModelAndDirect) {
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_VISA, payments::v1::ORDER_TYPE_REDIRECT);
  request.set_recurring_model(payments::v1::RECURRING_MODEL_SUBSCRIPTION);
  EXPECT_THAT(OnlyViolation(request, "customer.reference"),
              HasSubstr("is required for recurring payments"));
  request.mutable_customer()->set_reference("c-1");
  EXPECT_TRUE(ValidateCreateOrder(request).ok());

  request.set_recurring_id("tok");  // A redirect order cannot use a token.
  EXPECT_EQ(OnlyViolation(request, "recurring_id"),
            "is only used when type is ORDER_TYPE_DIRECT (a subsequent "
            "recurring payment)");
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  request.clear_recurring_model();
  EXPECT_THAT(OnlyViolation(request, "recurring_model"),
              HasSubstr("is required with recurring_id"));
  // A subsequent card payment needs neither card data nor browser data.
  request.set_recurring_model(payments::v1::RECURRING_MODEL_CARD_ON_FILE);
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
}

TEST(ValidateCreateOrderTest, PaymentComponents) {
  CreateOrderRequest request = Order(payments::v1::GATEWAY_UNSPECIFIED,
                                     payments::v1::ORDER_TYPE_REDIRECT);
  request.mutable_payment_data()->set_payload("eyJ9");
  request.mutable_payment_data()->set_gateway(payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(OnlyViolation(request, "type"),
            "must be ORDER_TYPE_DIRECT when payment_data is set (payment "
            "components), got ORDER_TYPE_REDIRECT");

  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  request.mutable_payment_data()->set_gateway(payments::v1::GATEWAY_BELFIUS);
  EXPECT_EQ(OnlyViolation(request, "payment_data.gateway"),
            "GATEWAY_BELFIUS (Belfius) is not available in payment components");

  request.mutable_payment_data()->clear_gateway();
  EXPECT_THAT(OnlyViolation(request, "payment_data.gateway"),
              HasSubstr("is required when gateway is not set"));

  request.set_gateway(payments::v1::GATEWAY_IDEAL);
  request.mutable_payment_data()->set_gateway(payments::v1::GATEWAY_PAYPAL);
  EXPECT_EQ(OnlyViolation(request, "payment_data.gateway"),
            "must equal gateway (GATEWAY_IDEAL), got GATEWAY_PAYPAL");

  // Bancontact is redirect only, except through a payment component.
  request =
      Order(payments::v1::GATEWAY_MISTERCASH, payments::v1::ORDER_TYPE_DIRECT);
  request.mutable_customer()->set_locale("nl_BE");
  request.mutable_payment_data()->set_payload("eyJ9");
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
  request.mutable_payment_data()->clear_payload();
  EXPECT_THAT(OnlyViolation(request, "payment_data.payload"),
              HasSubstr("is required"));
}

TEST(ValidateCreateOrderTest, CheckoutNeedsCartTaxTablesAndLandingPages) {
  CreateOrderRequest request = Order(payments::v1::GATEWAY_UNSPECIFIED,
                                     payments::v1::ORDER_TYPE_CHECKOUT);
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_THAT(
      ViolatedFields(status),
      ElementsAre("payment_options.redirect_url", "payment_options.cancel_url",
                  "shopping_cart", "checkout_options.tax_tables"));
  for (const FieldViolation& v : GetFieldViolations(status)) {
    EXPECT_EQ(v.description,
              "is required when type is ORDER_TYPE_CHECKOUT (FastCheckout)");
  }
}

TEST(ValidateCreateOrderTest, CustomFieldsOnlyForCheckout) {
  CreateOrderRequest request = Order(payments::v1::GATEWAY_UNSPECIFIED,
                                     payments::v1::ORDER_TYPE_REDIRECT);
  request.add_custom_fields();
  EXPECT_EQ(OnlyViolation(request, "custom_fields"),
            "is only used when type is ORDER_TYPE_CHECKOUT (FastCheckout)");
}

// --- gateway_info -----------------------------------------------------------

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
  request.mutable_customer()->mutable_browser()->set_javascript_enabled(true);
  return request;
}

TEST(ValidateCreateOrderTest, DirectCardOrders) {
  EXPECT_TRUE(ValidateCreateOrder(CardDirect(payments::v1::GATEWAY_VISA)).ok());
  CreateOrderRequest request = CardDirect(payments::v1::GATEWAY_VISA);
  request.clear_gateway_info();
  request.clear_customer();
  EXPECT_THAT(
      ViolatedFields(ValidateCreateOrder(request)),
      ElementsAre("customer.browser", "gateway_info.card_number",
                  "gateway_info.card_expiry_date", "gateway_info.card_cvc"));
  EXPECT_THAT(GetFieldViolations(ValidateCreateOrder(request))[1].description,
              "is required for GATEWAY_VISA (Visa) with ORDER_TYPE_DIRECT");
  // Maestro has no CVC; MOTO has no browser.
  request = CardDirect(payments::v1::GATEWAY_MAESTRO);
  request.mutable_gateway_info()->clear_card_cvc();
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request = CardDirect(payments::v1::GATEWAY_MASTERCARD);
  request.mutable_gateway_info()->set_moto(true);
  request.clear_customer();
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
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
            "must be at least min_amount (1000), got 999; must be at least "
            "amount (1000), got 999");
  request.mutable_gateway_info()->set_max_amount(2000);
  request.mutable_gateway_info()->set_qr_size(99);
  EXPECT_EQ(OnlyViolation(request, "gateway_info.qr_size"),
            "must be 100 to 2000 pixels, got 99");
}

// --- BNPL
// ---------------------------------------------------------------------

CreateOrderRequest KlarnaDirect() {
  CreateOrderRequest request = ParseRequestJson(R"({
    "type": "ORDER_TYPE_DIRECT", "gateway": "GATEWAY_KLARNA",
    "order_id": "o-1", "currency": "EUR", "amount": 12100,
    "description": "Tea",
    "customer": {"first_name": "Jan", "last_name": "Peeters",
                 "house_number": "1", "country": "NL"},
    "delivery": {"first_name": "Jan", "last_name": "Peeters",
                 "address1": "Kraanspoor", "house_number": "39",
                 "zip_code": "1033SC", "city": "Amsterdam", "country": "NL",
                 "email": "jan@example.com"},
    "gateway_info": {"birthday": "1970-07-10", "phone": "0612345678",
                     "email": "jan@example.com", "gender": "mr"},
    "shopping_cart": {"items": [{"name": "Tea", "unit_price": "100",
                                 "quantity": 1}]},
    "checkout_options": {"tax_tables": {"default": {"rate": "0.21"}}}
  })");
  return request;
}

TEST(ValidateCreateOrderTest, BnplNeedsCustomerDeliveryCartAndTaxTables) {
  EXPECT_TRUE(ValidateCreateOrder(KlarnaDirect()).ok())
      << ValidateCreateOrder(KlarnaDirect());
  CreateOrderRequest request = KlarnaDirect();
  request.clear_customer();
  request.clear_delivery();
  request.clear_shopping_cart();
  request.clear_checkout_options();
  request.clear_gateway_info();
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_THAT(
      ViolatedFields(status),
      ElementsAre("customer", "customer.house_number", "gateway_info.birthday",
                  "gateway_info.phone", "gateway_info.email", "delivery",
                  "shopping_cart", "checkout_options.tax_tables"));
  // A delivery address must be complete; Klarna also needs its e-mail.
  request = KlarnaDirect();
  request.mutable_delivery()->clear_zip_code();
  request.mutable_delivery()->set_email("");
  EXPECT_THAT(ViolatedFields(ValidateCreateOrder(request)),
              ElementsAre("delivery.zip_code", "delivery.email"));
  request = KlarnaDirect();
  request.mutable_gateway_info()->set_birthday("31-01-1951");
  EXPECT_EQ(OnlyViolation(request, "gateway_info.birthday"),
            "must be a date YYYY-MM-DD, e.g. 1970-07-10");
}

TEST(ValidateCreateOrderTest, In3AmountRange) {
  CreateOrderRequest request = KlarnaDirect();
  request.set_gateway(payments::v1::GATEWAY_IN3);
  request.set_amount(4999);
  request.mutable_shopping_cart()->mutable_items(0)->set_unit_price("41.31");
  EXPECT_EQ(OnlyViolation(request, "amount"),
            "must be 5000 to 500000 (minor units of EUR) for GATEWAY_IN3 "
            "(in3), got 4999");
}

TEST(ValidateCreateOrderTest, BillinkVatRates) {
  CreateOrderRequest request = KlarnaDirect();
  request.set_gateway(payments::v1::GATEWAY_BILLINK);
  request.set_type(payments::v1::ORDER_TYPE_REDIRECT);
  request.mutable_customer()->set_address1("Kraanspoor");
  request.mutable_customer()->set_zip_code("1033SC");
  request.mutable_customer()->set_city("Amsterdam");
  request.mutable_customer()->set_email("jan@example.com");
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
  request.mutable_checkout_options()
      ->mutable_tax_tables()
      ->mutable_default_()
      ->set_rate("0.22");
  EXPECT_EQ(OnlyViolation(request, "checkout_options.tax_tables.default.rate"),
            "must be one of 0, 0.05, 0.06, 0.07, 0.09, 0.16, 0.19, 0.2, 0.21 "
            "for GATEWAY_BILLINK (Billink), got 0.22");
}

TEST(ValidateCreateOrderTest, PhoneForBizumAndMbWayDirect) {
  for (auto gateway :
       {payments::v1::GATEWAY_BIZUM, payments::v1::GATEWAY_MBWAY}) {
    EXPECT_TRUE(
        ValidateCreateOrder(Order(gateway, payments::v1::ORDER_TYPE_REDIRECT))
            .ok());
    CreateOrderRequest request =
        Order(gateway, payments::v1::ORDER_TYPE_DIRECT);
    EXPECT_THAT(OnlyViolation(request, "customer.phone"),
                HasSubstr("with ORDER_TYPE_DIRECT"));
    request.mutable_customer()->set_phone("+34600000000");
    EXPECT_TRUE(ValidateCreateOrder(request).ok());
  }
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

// --- the cart
// -------------------------------------------------------------------

TEST(ValidateCreateOrderTest, AmountMustMatchTheCartTotal) {
  CreateOrderRequest request = KlarnaDirect();  // 100 + 21% = 12100.
  request.set_amount(12101);
  EXPECT_EQ(OnlyViolation(request, "amount"),
            "must equal the shopping_cart total by MultiSafepay's rounding "
            "rule: expected 12100 (items 10000 + VAT 2100), got 12101 (+1)");
  request.set_amount(12000);
  EXPECT_THAT(OnlyViolation(request, "amount"), HasSubstr("got 12000 (-100)"));
}

TEST(ValidateCreateOrderTest, TaxRulesFollowTheDeliveryCountry) {
  CreateOrderRequest request = KlarnaDirect();
  auto* table =
      request.mutable_checkout_options()->mutable_tax_tables()->add_alternate();
  table->set_name("FOOD");
  auto* be = table->add_rules();
  be->set_rate("0.06");
  be->set_country("BE");
  auto* nl = table->add_rules();
  nl->set_rate("0.09");
  nl->set_country("NL");
  request.mutable_shopping_cart()->mutable_items(0)->set_tax_table_selector(
      "FOOD");
  request.set_amount(10900);  // Delivery NL: 9%.
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
  request.mutable_delivery()->set_country("BE");
  request.set_amount(10600);
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
  request.mutable_delivery()->set_country("DE");
  EXPECT_EQ(OnlyViolation(request, "shopping_cart.items[0].tax_table_selector"),
            "names a table with no rule for country DE and no rule without a "
            "country");
  request.mutable_shopping_cart()->mutable_items(0)->set_tax_table_selector(
      "BTW21");
  EXPECT_EQ(OnlyViolation(request, "shopping_cart.items[0].tax_table_selector"),
            "must name a table in checkout_options.tax_tables.alternate");
}

TEST(ValidateCreateOrderTest, CartLineFormats) {
  for (const char* bad : {"1e5", "NaN", "1,5", "+1", ".5"}) {
    CreateOrderRequest request = KlarnaDirect();
    request.mutable_shopping_cart()->mutable_items(0)->set_unit_price(bad);
    EXPECT_THAT(OnlyViolation(request, "shopping_cart.items[0].unit_price"),
                HasSubstr("must be a decimal number"))
        << bad;
  }
  CreateOrderRequest request = KlarnaDirect();
  auto* item = request.mutable_shopping_cart()->mutable_items(0);
  item->set_unit_price("1.12345678901");
  item->set_quantity(0);
  item->set_currency("USD");
  item->mutable_weight()->set_unit("LB");
  item->mutable_weight()->set_value("-1");
  EXPECT_THAT(ViolatedFields(ValidateCreateOrder(request)),
              ElementsAre("shopping_cart.items[0].unit_price",
                          "shopping_cart.items[0].quantity",
                          "shopping_cart.items[0].weight.unit",
                          "shopping_cart.items[0].weight.value",
                          "shopping_cart.items[0].currency"));
  request = KlarnaDirect();
  request.mutable_checkout_options()
      ->mutable_tax_tables()
      ->mutable_default_()
      ->set_rate("21");
  EXPECT_EQ(OnlyViolation(request, "checkout_options.tax_tables.default.rate"),
            "must be a fraction from 0 to 1 (21% is \"0.21\"), got 21");
  request = KlarnaDirect();
  request.mutable_shopping_cart()->clear_items();
  EXPECT_EQ(OnlyViolation(request, "shopping_cart.items"),
            "must have at least one item");
}

// --- capture, affiliate, settings
// ----------------------------------------------

TEST(ValidateCreateOrderTest, ManualCaptureOnlyForCardsAndBancontact) {
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_VISA, payments::v1::ORDER_TYPE_REDIRECT);
  request.set_capture(payments::v1::CAPTURE_MODE_MANUAL);
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.set_gateway(payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(OnlyViolation(request, "capture"),
            "CAPTURE_MODE_MANUAL needs a card gateway or GATEWAY_MISTERCASH, "
            "not GATEWAY_IDEAL (iDEAL)");
}

TEST(ValidateCreateOrderTest, SplitPayments) {
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_IDEAL, payments::v1::ORDER_TYPE_REDIRECT);
  auto* splits = request.mutable_affiliate()->mutable_split_payments();
  auto* fixed = splits->Add();
  fixed->set_merchant("1001");
  fixed->set_fixed(10001);  // More than the amount (10000).
  auto* percent = splits->Add();
  percent->set_merchant("1002");
  percent->set_percentage("0.5");
  splits->Add();  // No merchant, no share.
  EXPECT_THAT(ViolatedFields(ValidateCreateOrder(request)),
              ElementsAre("affiliate.split_payments",
                          "affiliate.split_payments[1].percentage",
                          "affiliate.split_payments[2]",
                          "affiliate.split_payments[2].merchant"));
  fixed->set_fixed(100);
  percent->set_percentage("99.5");
  splits->RemoveLast();
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
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

TEST(ValidateCreateOrderTest, ViolationsFoundLateAreStillInFieldOrder) {
  // The cart check (amount) and the BNPL rules run after the customer
  // checks, yet come out in request order.
  CreateOrderRequest request = KlarnaDirect();
  request.set_amount(1);
  request.set_var1(std::string(501, 'v'));
  request.mutable_customer()->set_email("nope");
  EXPECT_THAT(ViolatedFields(ValidateCreateOrder(request)),
              ElementsAre("amount", "customer.email", "var1"));
}

}  // namespace
}  // namespace msp_gateway
