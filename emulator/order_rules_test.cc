// Copyright 2026 The msp-gateway Authors.

#include "emulator/order_rules.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "emulator/msp_error.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/harness/test_files.h"

namespace msp_emulator {
namespace {

using ::msp_gateway::testing::ReadTestFile;
using nlohmann::json;

// Bazel runs tests from the runfiles root of the workspace.
constexpr char kExamplesDir[] =
    "third_party/multisafepay-openapi/components/examples/requests/post-orders";

// The smallest order MultiSafepay accepts.
json MinimalOrder() {
  return {{"order_id", "order-1"},
          {"currency", "EUR"},
          {"amount", 1000},
          {"description", "Two candles"}};
}

// An order that satisfies every family's data requirements: customer with
// phone, delivery with email, a cart whose total is the amount, tax tables
// and both return URLs. EUR 200 is within every gateway's amount limits.
json CompleteOrder() {
  json order = MinimalOrder();
  order["amount"] = 20000;
  order["customer"] = {{"first_name", "Jan"}, {"phone", "0612345678"}};
  order["delivery"] = {{"country", "NL"}, {"email", "jan@example.com"}};
  order["payment_options"] = {{"redirect_url", "https://example.com/ok"},
                              {"cancel_url", "https://example.com/ko"}};
  order["shopping_cart"] = {
      {"items",
       {{{"name", "Lamp"}, {"unit_price", "200.00"}, {"quantity", 1}}}}};
  order["checkout_options"] = {{"tax_tables", {{"default", {{"rate", 0}}}}}};
  return order;
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
    const json body =
        json::parse(ReadTestFile(entry.path().string()), nullptr, false);
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
    json order = CompleteOrder();
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
    json complete = CompleteOrder();
    complete["type"] = "direct";
    complete["gateway"] = gateway;
    EXPECT_EQ(CodeFor(complete), 0) << gateway;
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

// A BNPL order with everything MultiSafepay requires: 2 x 45.00 at 21 %
// plus shipping 10.00 at 0 % = 118.90.
json BnplOrder(const char* gateway = "KLARNA") {
  json order = MinimalOrder();
  order["gateway"] = gateway;
  order["amount"] = 11890;
  order["customer"] = {{"first_name", "Jan"}, {"country", "NL"}};
  order["delivery"] = {
      {"first_name", "Jan"}, {"country", "NL"}, {"email", "jan@example.com"}};
  order["shopping_cart"] = {
      {"items",
       {{{"name", "Lamp"}, {"unit_price", 45}, {"quantity", 2}},
        {{"name", "Shipping"},
         {"unit_price", "10.00"},
         {"quantity", 1},
         {"merchant_item_id", "msp-shipping"},
         {"tax_table_selector", "none"}}}}};
  order["checkout_options"] = {
      {"tax_tables",
       {{"default", {{"shipping_taxed", true}, {"rate", 0.21}}},
        {"alternate", {{{"name", "none"}, {"rules", {{{"rate", 0}}}}}}}}}};
  return order;
}

TEST(ValidateCreateOrderTest, BnplNeedsCustomerDeliveryCartAndTaxTables) {
  for (const char* gateway : {"AFTERPAY", "BILLINK", "BNPL_INSTM", "BNPL_MF",
                              "EINVOICE", "KLARNA", "ZINIA"}) {
    EXPECT_EQ(CodeFor(BnplOrder(gateway)), 0) << gateway;
    for (const char* missing :
         {"customer", "delivery", "shopping_cart", "checkout_options"}) {
      json order = BnplOrder(gateway);
      order.erase(missing);
      auto error = ValidateCreateOrder(order);
      ASSERT_TRUE(error.has_value()) << gateway << " without " << missing;
      EXPECT_EQ(error->code, 1016) << gateway << " without " << missing;
      EXPECT_EQ(error->http_status, 400);
    }
    json empty_cart = BnplOrder(gateway);
    empty_cart["shopping_cart"]["items"] = json::array();
    EXPECT_EQ(CodeFor(empty_cart), 1016) << gateway;
  }
  json klarna = BnplOrder("KLARNA");
  klarna["delivery"].erase("email");
  EXPECT_EQ(ValidateCreateOrder(klarna), MissingDataError("delivery.email"));
  // Betaal per Maand needs only the customer.
  json santander = MinimalOrder();
  santander["gateway"] = "SANTANDER";
  EXPECT_EQ(CodeFor(santander), 1016);
  santander["customer"] = {{"first_name", "Jan"}};
  EXPECT_EQ(CodeFor(santander), 0);
}

TEST(ValidateCreateOrderTest, CheckoutNeedsCartTaxTablesAndUrls) {
  json order = BnplOrder();
  order.erase("gateway");
  order["type"] = "checkout";
  order["payment_options"] = {{"redirect_url", "https://example.com/ok"},
                              {"cancel_url", "https://example.com/ko"}};
  EXPECT_EQ(CodeFor(order), 0);
  for (const char* missing : {"shopping_cart", "checkout_options"}) {
    json without = order;
    without.erase(missing);
    EXPECT_EQ(CodeFor(without), 1016) << missing;
  }
  order["payment_options"].erase("cancel_url");
  EXPECT_EQ(ValidateCreateOrder(order),
            MissingDataError("payment_options.cancel_url"));
}

TEST(ValidateCreateOrderTest, MbWayAndAmazonPayNeedAPhone) {
  for (const char* gateway : {"MBWAY", "AMAZONBTN"}) {
    json order = MinimalOrder();
    order["gateway"] = gateway;
    EXPECT_EQ(ValidateCreateOrder(order), MissingDataError("customer.phone"))
        << gateway;
    order["customer"] = {{"phone", ""}};
    EXPECT_EQ(CodeFor(order), 1016) << gateway;
    order["customer"]["phone"] = "0612345678";
    EXPECT_EQ(CodeFor(order), 0) << gateway;
  }
  // Bizum's own docs examples send no phone.
  json bizum = MinimalOrder();
  bizum["gateway"] = "BIZUM";
  EXPECT_EQ(CodeFor(bizum), 0);
}

TEST(ValidateCreateOrderTest, In3AmountLimitsAre1023) {
  json order = BnplOrder("IN3");
  // EUR 49.99: below in3's minimum of EUR 50.
  order["amount"] = 4999;
  order["shopping_cart"]["items"] = {{{"name", "Lamp"},
                                      {"unit_price", "49.99"},
                                      {"quantity", 1},
                                      {"tax_table_selector", "none"}}};
  auto error = ValidateCreateOrder(order);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(*error, NoGatewayAvailableError());
  EXPECT_EQ(error->http_status, 404);
  order["amount"] = 5000;
  order["shopping_cart"]["items"][0]["unit_price"] = 50;
  EXPECT_EQ(CodeFor(order), 0);
  order["amount"] = 500001;
  order["shopping_cart"]["items"][0]["unit_price"] = "5000.01";
  EXPECT_EQ(CodeFor(order), 1023);
  order["currency"] = "USD";
  order["shopping_cart"]["items"][0]["unit_price"] = 50;
  order["amount"] = 5000;
  EXPECT_EQ(CodeFor(order), 1002);  // in3 is EUR only
}

TEST(ValidateCreateOrderTest, CartErrorCodes) {
  struct Case {
    const char* name;
    std::function<void(json&)> change;
    int code;
  };
  const std::vector<Case> cases = {
      {"valid", [](json&) {}, 0},
      {"rate 21",
       [](json& o) {
         o["checkout_options"]["tax_tables"]["default"]["rate"] = 21;
       },
       1028},
      {"negative rate",
       [](json& o) {
         o["checkout_options"]["tax_tables"]["alternate"][0]["rules"][0]
          ["rate"] = -0.1;
       },
       1028},
      {"unknown tax table",
       [](json& o) {
         o["shopping_cart"]["items"][1]["tax_table_selector"] = "BTW99";
       },
       1029},
      {"item currency not ISO",
       [](json& o) { o["shopping_cart"]["items"][0]["currency"] = "EURO"; },
       1030},
      {"two currencies",
       [](json& o) {
         o["shopping_cart"]["items"][0]["currency"] = "EUR";
         o["shopping_cart"]["items"][1]["currency"] = "USD";
       },
       1025},
      {"cart in another currency",
       [](json& o) {
         o["shopping_cart"]["items"][0]["currency"] = "USD";
         o["shopping_cart"]["items"][1]["currency"] = "USD";
       },
       1026},
      {"price not numeric",
       [](json& o) { o["shopping_cart"]["items"][0]["unit_price"] = "45,00"; },
       1031},
      {"amount one cent off", [](json& o) { o["amount"] = 11891; }, 1027},
  };
  for (const Case& c : cases) {
    json order = BnplOrder();
    c.change(order);
    EXPECT_EQ(CodeFor(order), c.code) << c.name;
  }
}

TEST(ValidateCreateOrderTest, CartTotalIsCheckedOnlyWhenAsked) {
  json order = BnplOrder();
  order["gateway"] = "IDEAL";
  order["amount"] = 100;  // not the cart total
  EXPECT_EQ(CodeFor(order), 0);
  order["checkout_options"]["validate_cart"] = true;
  EXPECT_EQ(CodeFor(order), 1027);
  order["amount"] = 11890;
  EXPECT_EQ(CodeFor(order), 0);
}

TEST(ValidateCreateOrderTest, CartTotalUsesTheExactHalfUpRule) {
  // VAT of 2.50 at 9 % is exactly 0.225 -> 0.23, total 2.73; in binary
  // floating point 2.5 * 0.09 is 0.22499999999999998 and a naive total 2.72.
  // Read from the raw text, so the lexemes are the ones the client sent.
  const std::string body = R"({
    "order_id": "o", "currency": "EUR", "amount": 273, "description": "d",
    "gateway": "IDEAL",
    "shopping_cart": {"items": [{"unit_price": 2.50, "quantity": 1}]},
    "checkout_options": {"validate_cart": true,
                         "tax_tables": {"default": {"rate": 0.09}}}})";
  std::optional<ExactJson> exact = ExactJson::Parse(body);
  ASSERT_TRUE(exact.has_value());
  EXPECT_EQ(ValidateCreateOrder(*exact), std::nullopt);
  std::string naive = body;
  naive.replace(naive.find("273"), 3, "272");
  exact = ExactJson::Parse(naive);
  ASSERT_TRUE(exact.has_value());
  EXPECT_EQ(ValidateCreateOrder(*exact), CartAmountMismatchError());
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
