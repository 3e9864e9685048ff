// Copyright 2026 The msp-gateway Authors.

#include "tools/msp_emulator/order_rules.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tools/msp_emulator/msp_error.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

// Bazel runs tests from the runfiles root of the workspace.
constexpr char kExamplesDir[] = "tools/msp_emulator/testdata/post-orders";

// The smallest order MultiSafepay accepts.
json MinimalOrder() {
  return {{"order_id", "order-1"},
          {"currency", "EUR"},
          {"amount", 1000},
          {"description", "Two candles"}};
}

// The error code ValidateCreateOrder() reports, 0 when valid.
int CodeFor(const json& body) {
  auto error = ValidateCreateOrder(body);
  return error.has_value() ? error->code : 0;
}

TEST(ValidateCreateOrderTest, AcceptsMinimalOrder) {
  EXPECT_EQ(ValidateCreateOrder(MinimalOrder()), std::nullopt);
}

TEST(ValidateCreateOrderTest, AcceptsEveryMultiSafepayDocsExample) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kExamplesDir)) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const json body = json::parse(text.str(), nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << entry.path();
    auto error = ValidateCreateOrder(body);
    EXPECT_EQ(error, std::nullopt)
        << entry.path() << ": " << (error ? error->info : "");
    ++checked;
  }
  EXPECT_EQ(checked, 43);
}

TEST(ValidateCreateOrderTest, RejectsBodiesThatAreNotOrders) {
  EXPECT_EQ(ValidateCreateOrder(json::array()), InvalidBodyError());
  EXPECT_EQ(ValidateCreateOrder("order"), InvalidBodyError());
  json order = MinimalOrder();
  order["customer"] = "Jan";
  EXPECT_EQ(ValidateCreateOrder(order), InvalidBodyError());
}

TEST(ValidateCreateOrderTest, Type) {
  for (const char* type :
       {"redirect", "direct", "paymentlink", "checkout", "", "REDIRECT"}) {
    json order = MinimalOrder();
    order["type"] = type;
    order["gateway"] = "IDEAL";
    EXPECT_EQ(CodeFor(order), 0) << type;
  }
  json order = MinimalOrder();
  order["type"] = "direct/redirect";
  EXPECT_EQ(ValidateCreateOrder(order), InvalidTypeError());
  order["type"] = 1;
  EXPECT_EQ(ValidateCreateOrder(order), InvalidTypeError());
}

TEST(ValidateCreateOrderTest, OrderIdIsRequiredAndAtMost50Characters) {
  json order = MinimalOrder();
  order.erase("order_id");
  EXPECT_EQ(ValidateCreateOrder(order), InvalidOrderIdError());
  order["order_id"] = "";
  EXPECT_EQ(CodeFor(order), 1006);
  order["order_id"] = std::string(51, 'x');
  EXPECT_EQ(CodeFor(order), 1006);
  order["order_id"] = std::string(50, 'x');
  EXPECT_EQ(CodeFor(order), 0);
  // 50 code points, 100 bytes.
  std::string accented;
  for (int i = 0; i < 50; ++i) accented += "\xC3\xA9";
  order["order_id"] = accented;
  EXPECT_EQ(CodeFor(order), 0);
  order["order_id"] = 1588947171;
  EXPECT_EQ(CodeFor(order), 0);
  order["order_id"] = true;
  EXPECT_EQ(CodeFor(order), 1006);
}

TEST(ValidateCreateOrderTest, CurrencyMustBeIso4217) {
  for (const json& currency : {json(nullptr), json(""), json("eur"),
                               json("EURO"), json("XYZ"), json(978)}) {
    json order = MinimalOrder();
    order["currency"] = currency;
    EXPECT_EQ(ValidateCreateOrder(order), InvalidCurrencyError()) << currency;
  }
  json order = MinimalOrder();
  order.erase("currency");
  EXPECT_EQ(CodeFor(order), 1002);
  order["currency"] = "CZK";
  EXPECT_EQ(CodeFor(order), 0);
}

TEST(ValidateCreateOrderTest, AmountMustBeAPositiveJsonInteger) {
  for (const json& amount : {json(0), json(-5), json("1000"), json(1000.0),
                             json(10.5), json(nullptr), json(true)}) {
    json order = MinimalOrder();
    order["amount"] = amount;
    EXPECT_EQ(ValidateCreateOrder(order), InvalidAmountError()) << amount;
  }
  json order = MinimalOrder();
  order.erase("amount");
  EXPECT_EQ(CodeFor(order), 1001);
  order["amount"] = 1;
  EXPECT_EQ(CodeFor(order), 0);
  order["amount"] = json::parse("18446744073709551615");  // > int64 max
  EXPECT_EQ(CodeFor(order), 1001);
}

TEST(ValidateCreateOrderTest, DescriptionIsRequiredAndAtMost200CodePoints) {
  json order = MinimalOrder();
  order.erase("description");
  EXPECT_EQ(ValidateCreateOrder(order), InvalidDescriptionError());
  order["description"] = "";
  EXPECT_EQ(CodeFor(order), 1008);
  order["description"] = 42;
  EXPECT_EQ(CodeFor(order), 1008);
  order["description"] = std::string(201, 'd');
  EXPECT_EQ(CodeFor(order), 1008);
  order["description"] = std::string(200, 'd');
  EXPECT_EQ(CodeFor(order), 0);
  // 200 euro signs are 600 bytes but 200 characters.
  std::string euros;
  for (int i = 0; i < 200; ++i) euros += "\xE2\x82\xAC";
  order["description"] = euros;
  EXPECT_EQ(CodeFor(order), 0);
  order["description"] = euros + "\xE2\x82\xAC";
  EXPECT_EQ(CodeFor(order), 1008);
}

TEST(ValidateCreateOrderTest, VariablesAreAtMost500Characters) {
  for (const char* key : {"var1", "var2", "var3"}) {
    json order = MinimalOrder();
    order[key] = std::string(500, 'v');
    EXPECT_EQ(CodeFor(order), 0) << key;
    order[key] = nullptr;
    EXPECT_EQ(CodeFor(order), 0) << key;
    order[key] = std::string(501, 'v');
    EXPECT_EQ(ValidateCreateOrder(order), InvalidVariableError()) << key;
    order[key] = json::object();
    EXPECT_EQ(CodeFor(order), 1010) << key;
  }
}

TEST(ValidateCreateOrderTest, CountriesMustBeIso3166Alpha2) {
  for (const char* block : {"customer", "delivery"}) {
    json order = MinimalOrder();
    order[block] = {{"country", "BE"}};
    EXPECT_EQ(CodeFor(order), 0) << block;
    order[block]["country"] = "";
    EXPECT_EQ(CodeFor(order), 0) << block;
    for (const json& bad : {json("BEL"), json("be"), json("UK"), json(32)}) {
      order[block]["country"] = bad;
      EXPECT_EQ(ValidateCreateOrder(order), InvalidCountryCodeError())
          << block << " " << bad;
    }
  }
}

TEST(ValidateCreateOrderTest, CustomerIpAddressesMustBeIpv4OrIpv6) {
  for (const char* key : {"ip_address", "forwarded_ip"}) {
    for (const char* good : {"213.127.71.75", "2001:db8::1", "::1", ""}) {
      json order = MinimalOrder();
      order["customer"] = {{key, good}};
      EXPECT_EQ(CodeFor(order), 0) << key << "=" << good;
    }
    for (const char* bad :
         {"localhost", "256.1.1.1", "1.2.3", "1.2.3.4, 5.6.7.8", "::g"}) {
      json order = MinimalOrder();
      order["customer"] = {{key, bad}};
      EXPECT_EQ(ValidateCreateOrder(order), InvalidIpAddressError())
          << key << "=" << bad;
    }
  }
}

TEST(ValidateCreateOrderTest, BancontactAndDotpayHaveNoDirectFlow) {
  for (const char* gateway : {"MISTERCASH", "mistercash", "DOTPAY"}) {
    json order = MinimalOrder();
    order["gateway"] = gateway;
    order["type"] = "redirect";
    EXPECT_EQ(CodeFor(order), 0) << gateway;
    order["type"] = "direct";
    EXPECT_EQ(ValidateCreateOrder(order), NoGatewayAvailableError()) << gateway;
  }
}

TEST(ValidateCreateOrderTest, DirectNeedsAGatewayWithADirectFlow) {
  json order = MinimalOrder();
  order["type"] = "direct";
  EXPECT_EQ(CodeFor(order), 1023);
  order["gateway"] = "";
  EXPECT_EQ(CodeFor(order), 1023);
  order["gateway"] = "NOSUCHGATEWAY";
  EXPECT_EQ(CodeFor(order), 1023);
  order["gateway"] = "EPS";  // redirect-only method
  EXPECT_EQ(CodeFor(order), 1023);
  for (const char* gateway :
       {"AFTERPAY",   "ALIPAY",    "ALIPAYPLUS", "AMAZONBTN", "AMEX",
        "APPLEPAY",   "BANKTRANS", "BELFIUS",    "BILLINK",   "BIZUM",
        "BNPL_MF",    "CBC",       "CREDITCARD", "DBRTP",     "DIRDEB",
        "DIRECTBANK", "EINVOICE",  "GOOGLEPAY",  "IDEAL",     "iDEAL",
        "IN3",        "IN3B2B",    "KBC",        "KLARNA",    "MAESTRO",
        "MASTERCARD", "MBWAY",     "MULTIBANCO", "MYBANK",    "PAYPAL",
        "SANTANDER",  "TRUSTLY",   "VISA",       "WECHAT"}) {
    order["gateway"] = gateway;
    EXPECT_EQ(CodeFor(order), 0) << gateway;
  }
  // A redirect order may name any gateway, or none: the payment page then
  // lists the methods that are active.
  order["type"] = "redirect";
  order["gateway"] = "NOSUCHGATEWAY";
  EXPECT_EQ(CodeFor(order), 0);
  order["gateway"] = 7;
  EXPECT_EQ(CodeFor(order), 1023);
}

TEST(ValidateCreateOrderTest, DirectGatewayMayComeFromPaymentData) {
  json order = MinimalOrder();
  order["type"] = "direct";
  order["payment_data"] = {{"payload", "eyJ9"}, {"gateway", "IDEAL"}};
  EXPECT_EQ(CodeFor(order), 0);
  // The Bancontact payment component is a direct flow MultiSafepay offers.
  order["payment_data"]["gateway"] = "MISTERCASH";
  EXPECT_EQ(CodeFor(order), 0);
  order["payment_data"]["gateway"] = "DOTPAY";
  EXPECT_EQ(CodeFor(order), 1023);
}

TEST(ValidateCreateOrderTest, RecurringFollowUpNeedsNoGateway) {
  json order = MinimalOrder();
  order["type"] = "direct";
  order["recurring_id"] = "azbkvsE0up4";
  EXPECT_EQ(CodeFor(order), 0);
}

TEST(ValidateCreateOrderTest, BancontactIsEuroOnly) {
  json order = MinimalOrder();
  order["gateway"] = "MISTERCASH";
  order["currency"] = "USD";
  EXPECT_EQ(ValidateCreateOrder(order), InvalidCurrencyError());
  order["currency"] = "EUR";
  EXPECT_EQ(CodeFor(order), 0);
}

TEST(ValidateCreateOrderTest, ReportsOnlyTheFirstError) {
  json order = {{"order_id", ""}, {"currency", "X"}, {"amount", "1"}};
  EXPECT_EQ(CodeFor(order), 1006);
  order["order_id"] = "o";
  EXPECT_EQ(CodeFor(order), 1002);
  order["currency"] = "EUR";
  EXPECT_EQ(CodeFor(order), 1001);
  order["amount"] = 1;
  EXPECT_EQ(CodeFor(order), 1008);
  order["description"] = "d";
  order["customer"] = {{"country", "XX"}, {"ip_address", "x"}};
  order["var1"] = std::string(501, 'v');
  EXPECT_EQ(CodeFor(order), 1010);
  order.erase("var1");
  EXPECT_EQ(CodeFor(order), 1018);
  order["customer"].erase("country");
  EXPECT_EQ(CodeFor(order), 1007);
}

TEST(AccessorsTest, NormaliseFields) {
  json order = MinimalOrder();
  EXPECT_EQ(OrderIdOf(order), "order-1");
  EXPECT_EQ(OrderTypeOf(order), "redirect");
  EXPECT_EQ(GatewayOf(order), "");
  EXPECT_EQ(LocaleOf(order), "en_US");

  order["order_id"] = 1588947171;
  order["type"] = "Direct";
  order["gateway"] = "iDEAL";
  order["customer"] = {{"locale", "nl_BE"}};
  EXPECT_EQ(OrderIdOf(order), "1588947171");
  EXPECT_EQ(OrderTypeOf(order), "direct");
  EXPECT_EQ(GatewayOf(order), "IDEAL");
  EXPECT_EQ(LocaleOf(order), "nl_BE");

  order.erase("gateway");
  order["payment_data"] = {{"gateway", "creditcard"}};
  EXPECT_EQ(GatewayOf(order), "CREDITCARD");
  order["customer"]["locale"] = "";
  EXPECT_EQ(LocaleOf(order), "en_US");
}

TEST(Utf8LengthTest, CountsCodePoints) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("\xC3\xA9t\xC3\xA9"), 3u);  // "été"
  EXPECT_EQ(Utf8Length("\xF0\x9F\x92\xB6"), 1u);   // one emoji
}

}  // namespace
}  // namespace msp_emulator
