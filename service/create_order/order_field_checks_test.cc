// Copyright 2026 The msp-gateway Authors.
//
// The checks of order_field_checks.h, and order_id (CheckOrderId()), tested
// through ValidateCreateOrder(): each violation as a caller sees it (path,
// wording, order, merging with other problems), and "the only one" means no
// other check fired either.

#include "service/create_order/order_field_checks.h"

#include <cstdint>
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

// --- order_id ----------------------------------------------------------------

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

// --- currency ----------------------------------------------------------------

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

// --- amount ------------------------------------------------------------------

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

// --- description -------------------------------------------------------------

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

// --- var1..3, lifetime -------------------------------------------------------

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

// --- invoice -----------------------------------------------------------------

TEST(ValidateCreateOrderTest, InvoiceAtMost50CharactersAndOptional) {
  // Not required: MultiSafepay's PayPal examples omit it.
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_PAYPAL, payments::v1::ORDER_TYPE_REDIRECT);
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
  request.set_invoice("AB123456");
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.set_invoice(Repeat("ж", 50));
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.set_invoice(Repeat("ж", 51));
  EXPECT_EQ(OnlyViolation(request, "invoice"),
            "must be at most 50 characters, got 51");
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

// --- per gateway -------------------------------------------------------------

TEST(ValidateCreateOrderTest, BancontactEurOnly) {
  CreateOrderRequest request = BancontactRequest();
  request.set_currency("USD");
  EXPECT_EQ(OnlyViolation(request, "currency"),
            "must be EUR for GATEWAY_MISTERCASH (Bancontact), got USD");
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

// --- affiliate ---------------------------------------------------------------

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

}  // namespace
}  // namespace msp_gateway
