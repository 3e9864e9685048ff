// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_translator.h"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/common/error_details.h"
#include "service/create_order/order_defaults.h"
#include "service/create_order/order_validator.h"
#include "service/gateways/gateway_ids.h"
#include "tests/harness/test_files.h"

namespace msp_gateway {
namespace {

using ::msp_gateway::testing::ReadTestFile;
using ::payments::v1::CreateOrderRequest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Golden files are runfiles of this test (data = //tests/testdata:golden).
std::string ReadTestData(const std::string& name) {
  return ReadTestFile("tests/testdata/" + name);
}

CreateOrderRequest ParseRequest(const std::string& json) {
  CreateOrderRequest request;
  const auto status =
      google::protobuf::util::JsonStringToMessage(json, &request);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return request;
}

// Translates `request`, failing the test on error; the body parsed.
nlohmann::json Translate(const CreateOrderRequest& request) {
  absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  EXPECT_TRUE(body.ok()) << body.status();
  if (!body.ok()) return nullptr;
  return nlohmann::json::parse(*body);
}

CreateOrderRequest MinimalRequest() {
  CreateOrderRequest request;
  request.set_order_id("o-1");
  request.set_currency("EUR");
  request.set_amount(100);
  request.set_description("Tea");
  return request;
}

// --- golden files -----------------------------------------------------------

class GoldenTest : public ::testing::TestWithParam<const char*> {};

TEST_P(GoldenTest, RequestTranslatesToMultiSafepayExample) {
  const std::string name = GetParam();
  const CreateOrderRequest request =
      ParseRequest(ReadTestData(name + ".request.json"));
  const absl::Status valid = ValidateCreateOrder(request);
  ASSERT_TRUE(valid.ok()) << valid;
  const nlohmann::json expected =
      nlohmann::json::parse(ReadTestData(name + ".msp.json"));
  const nlohmann::json actual = Translate(request);
  EXPECT_EQ(actual, expected) << "diff (expected -> actual): "
                              << nlohmann::json::diff(expected, actual).dump(2);
}

INSTANTIATE_TEST_SUITE_P(MultiSafepayExamples, GoldenTest,
                         ::testing::Values("bancontact-redirect",
                                           "seed-bancontact"));

std::vector<std::string> Keys(const nlohmann::ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

// Keys come out in MultiSafepay's documented order (see the header); the
// golden comparison above ignores order, this test pins it.
TEST(TranslateCreateOrderTest, KeysFollowMultiSafepayOrder) {
  CreateOrderRequest request =
      ParseRequest(ReadTestData("bancontact-redirect.request.json"));
  request.mutable_customer()->set_reference("r");
  request.mutable_customer()->set_company_name("c");
  request.set_var1("1");
  request.set_var2("2");
  request.set_var3("3");
  request.set_days_active(1);
  request.set_seconds_active(1);
  const absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  const nlohmann::ordered_json json = nlohmann::ordered_json::parse(*body);
  EXPECT_THAT(Keys(json),
              ElementsAre("type", "gateway", "order_id", "currency", "amount",
                          "description", "payment_options", "customer", "var1",
                          "var2", "var3", "days_active", "seconds_active"));
  EXPECT_THAT(Keys(json["payment_options"]),
              ElementsAre("notification_url", "notification_method",
                          "redirect_url", "cancel_url", "close_window"));
  EXPECT_THAT(Keys(json["customer"]),
              ElementsAre("locale", "ip_address", "forwarded_ip", "first_name",
                          "last_name", "address1", "address2", "house_number",
                          "zip_code", "city", "state", "country", "birthday",
                          "gender", "phone", "email", "referrer", "user_agent",
                          "reference", "company_name"));
}

// --- presence ---------------------------------------------------------------

TEST(TranslateCreateOrderTest, MinimalRequestSendsOnlyRequiredFields) {
  const absl::StatusOr<std::string> body =
      TranslateCreateOrder(MinimalRequest());
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, R"({"type":"redirect","order_id":"o-1","currency":"EUR",)"
                   R"("amount":100,"description":"Tea"})");
}

TEST(TranslateCreateOrderTest, UnsetOptionalFieldsAreOmitted) {
  CreateOrderRequest request = MinimalRequest();
  request.clear_amount();
  request.mutable_payment_options()->set_redirect_url("https://x.example/ok");
  request.mutable_customer()->set_locale("nl_BE");
  const nlohmann::json body = Translate(request);
  EXPECT_FALSE(body.contains("amount"));
  EXPECT_FALSE(body.contains("gateway"));
  for (const char* key :
       {"var1", "var2", "var3", "days_active", "seconds_active"}) {
    EXPECT_FALSE(body.contains(key)) << key;
  }
  EXPECT_EQ(body["payment_options"],
            nlohmann::json({{"redirect_url", "https://x.example/ok"}}));
  EXPECT_EQ(body["customer"], nlohmann::json({{"locale", "nl_BE"}}));
}

TEST(TranslateCreateOrderTest, EmptyStringsThatAreSetAreSent) {
  CreateOrderRequest request = MinimalRequest();
  request.mutable_customer()->set_forwarded_ip("");
  request.mutable_customer()->set_state("");
  request.mutable_payment_options()->set_cancel_url("");
  request.set_var1("");
  const nlohmann::json body = Translate(request);
  EXPECT_EQ(body["customer"],
            nlohmann::json({{"forwarded_ip", ""}, {"state", ""}}));
  EXPECT_EQ(body["payment_options"], nlohmann::json({{"cancel_url", ""}}));
  ASSERT_TRUE(body.contains("var1"));
  EXPECT_EQ(body["var1"], "");
}

TEST(TranslateCreateOrderTest, SetButEmptyMessagesAreEmptyObjects) {
  CreateOrderRequest request = MinimalRequest();
  request.mutable_payment_options();
  request.mutable_customer();
  const absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_THAT(*body, HasSubstr(R"("payment_options":{},"customer":{})"));
}

TEST(TranslateCreateOrderTest, EveryFieldIsCarried) {
  CreateOrderRequest request = MinimalRequest();
  request.set_var1("v1");
  request.set_var2("v2");
  request.set_var3("v3");
  request.set_days_active(30);
  request.set_seconds_active(3600);
  payments::v1::Customer* c = request.mutable_customer();
  c->set_reference("cust-42");
  c->set_company_name("Peeters BV");
  c->set_birthday("1970-07-10");
  const nlohmann::json body = Translate(request);
  EXPECT_EQ(body["var1"], "v1");
  EXPECT_EQ(body["var2"], "v2");
  EXPECT_EQ(body["var3"], "v3");
  EXPECT_TRUE(body["days_active"].is_number_integer());
  EXPECT_EQ(body["days_active"], 30);
  EXPECT_EQ(body["seconds_active"], 3600);
  EXPECT_EQ(body["customer"], nlohmann::json({{"reference", "cust-42"},
                                              {"company_name", "Peeters BV"},
                                              {"birthday", "1970-07-10"}}));
}

// --- JSON types -------------------------------------------------------------

TEST(TranslateCreateOrderTest, CloseWindowIsBoolean) {
  CreateOrderRequest request = MinimalRequest();
  request.mutable_payment_options()->set_close_window(false);
  absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_THAT(*body, HasSubstr(R"("payment_options":{"close_window":false})"));
  request.mutable_payment_options()->set_close_window(true);
  const nlohmann::json json = Translate(request);
  EXPECT_TRUE(json["payment_options"]["close_window"].is_boolean());
  EXPECT_EQ(json["payment_options"]["close_window"], true);
}

TEST(TranslateCreateOrderTest, AmountIsAnExactInteger) {
  CreateOrderRequest request = MinimalRequest();
  // 2^53 + 1: the first integer a double cannot hold.
  request.set_amount(9007199254740993);
  absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_THAT(*body, HasSubstr(R"("amount":9007199254740993,)"));
  const nlohmann::json json = nlohmann::json::parse(*body);
  EXPECT_TRUE(json["amount"].is_number_integer());
  EXPECT_EQ(json["amount"].get<int64_t>(), 9007199254740993);

  request.set_amount(INT64_MAX);
  body = TranslateCreateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_THAT(*body, HasSubstr(R"("amount":9223372036854775807,)"));
}

TEST(TranslateCreateOrderTest, TextIsEscapedAndUtf8Kept) {
  CreateOrderRequest request = MinimalRequest();
  request.set_description("Thé \"Brüssel\" \\ €5\n");
  const absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_THAT(*body, HasSubstr(R"("description":"Thé \"Brüssel\" \\ €5\n")"));
  EXPECT_EQ(nlohmann::json::parse(*body)["description"],
            "Thé \"Brüssel\" \\ €5\n");
}

TEST(TranslateCreateOrderTest, InvalidUtf8IsReplacedNotThrown) {
  CreateOrderRequest request = MinimalRequest();
  request.set_description(
      std::string("a\xff"
                  "b"));
  const absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(nlohmann::json::parse(*body)["description"],
            "a\xEF\xBF\xBD"
            "b");
}

// --- enums ------------------------------------------------------------------

TEST(TranslateCreateOrderTest, OrderTypes) {
  const struct {
    payments::v1::OrderType type;
    const char* expected;
  } kCases[] = {
      {payments::v1::ORDER_TYPE_UNSPECIFIED, "redirect"},
      {payments::v1::ORDER_TYPE_REDIRECT, "redirect"},
      {payments::v1::ORDER_TYPE_DIRECT, "direct"},
      {payments::v1::ORDER_TYPE_PAYMENT_LINK, "paymentlink"},
      {payments::v1::ORDER_TYPE_CHECKOUT, "checkout"},
  };
  for (const auto& c : kCases) {
    CreateOrderRequest request = MinimalRequest();
    request.set_type(c.type);
    EXPECT_EQ(Translate(request)["type"], c.expected) << c.type;
  }
}

TEST(TranslateCreateOrderTest, NotificationMethods) {
  CreateOrderRequest request = MinimalRequest();
  request.mutable_payment_options()->set_notification_method(
      payments::v1::NOTIFICATION_METHOD_UNSPECIFIED);
  EXPECT_EQ(Translate(request)["payment_options"], nlohmann::json::object());
  request.mutable_payment_options()->set_notification_method(
      payments::v1::NOTIFICATION_METHOD_GET);
  EXPECT_EQ(Translate(request)["payment_options"]["notification_method"],
            "GET");
  request.mutable_payment_options()->set_notification_method(
      payments::v1::NOTIFICATION_METHOD_POST);
  EXPECT_EQ(Translate(request)["payment_options"]["notification_method"],
            "POST");
}

// Every gateway of the contract becomes a non-empty upper-case MultiSafepay
// ID that maps back to the same gateway.
TEST(TranslateCreateOrderTest, EveryGatewayMapsToItsId) {
  const google::protobuf::EnumDescriptor* descriptor =
      payments::v1::Gateway_descriptor();
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const auto gateway =
        static_cast<payments::v1::Gateway>(descriptor->value(i)->number());
    if (gateway == payments::v1::GATEWAY_UNSPECIFIED) continue;
    SCOPED_TRACE(descriptor->value(i)->name());
    CreateOrderRequest request = MinimalRequest();
    request.set_gateway(gateway);
    const nlohmann::json body = Translate(request);
    ASSERT_TRUE(body["gateway"].is_string());
    const std::string id = body["gateway"].get<std::string>();
    ASSERT_FALSE(id.empty());
    EXPECT_EQ("GATEWAY_" + id, descriptor->value(i)->name());
    for (char ch : id) {
      EXPECT_FALSE(ch >= 'a' && ch <= 'z') << id;
    }
    EXPECT_EQ(GatewayFromId(id), gateway);
  }
}

TEST(TranslateCreateOrderTest, UnspecifiedGatewayIsOmitted) {
  CreateOrderRequest request = MinimalRequest();
  request.set_gateway(payments::v1::GATEWAY_UNSPECIFIED);
  EXPECT_FALSE(Translate(request).contains("gateway"));
}

TEST(TranslateCreateOrderTest, UndefinedEnumNumbersAreErrors) {
  CreateOrderRequest request = MinimalRequest();
  request.set_type(static_cast<payments::v1::OrderType>(999));
  absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  EXPECT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(GetFieldViolations(body.status()),
              ElementsAre(FieldViolation{
                  "type", "must be a defined OrderType value, got 999"}));

  request = MinimalRequest();
  request.set_gateway(static_cast<payments::v1::Gateway>(999));
  body = TranslateCreateOrder(request);
  EXPECT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(GetFieldViolations(body.status()),
              ElementsAre(FieldViolation{
                  "gateway", "must be a defined Gateway value, got 999"}));

  request = MinimalRequest();
  request.mutable_payment_options()->set_notification_method(
      static_cast<payments::v1::NotificationMethod>(3));
  body = TranslateCreateOrder(request);
  EXPECT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(GetFieldViolations(body.status()),
              ElementsAre(FieldViolation{
                  "payment_options.notification_method",
                  "must be a defined NotificationMethod value, got 3"}));
}

// --- decimals ---------------------------------------------------------------

CreateOrderRequest CartRequest(const std::string& unit_price,
                               const std::string& rate) {
  CreateOrderRequest request = MinimalRequest();
  auto* item = request.mutable_shopping_cart()->add_items();
  item->set_name("Tea");
  item->set_unit_price(unit_price);
  item->set_quantity(3);
  request.mutable_checkout_options()
      ->mutable_tax_tables()
      ->mutable_default_()
      ->set_rate(rate);
  return request;
}

TEST(TranslateCreateOrderTest, DecimalsAreWrittenDigitForDigit) {
  const absl::StatusOr<std::string> body =
      TranslateCreateOrder(CartRequest("13.761467889", "0.1"));
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_THAT(*body, HasSubstr(R"("shopping_cart":{"items":[{"name":"Tea",)"
                               R"("unit_price":13.761467889,"quantity":3}]})"));
  EXPECT_THAT(*body, HasSubstr(R"("checkout_options":{"tax_tables":)"
                               R"({"default":{"rate":0.1}}})"));
  // Trailing zeros and a negative price survive as well.
  const absl::StatusOr<std::string> zeros =
      TranslateCreateOrder(CartRequest("-5.00", "0.00"));
  ASSERT_TRUE(zeros.ok()) << zeros.status();
  EXPECT_THAT(*zeros, HasSubstr(R"("unit_price":-5.00,)"));
  EXPECT_THAT(*zeros, HasSubstr(R"("rate":0.00})"));
}

TEST(TranslateCreateOrderTest, TextThatIsNotADecimalIsAnErrorNotInjected) {
  for (const char* bad : {"1e5", "NaN", "1,5", "", "1}", "0x10"}) {
    const absl::StatusOr<std::string> body =
        TranslateCreateOrder(CartRequest(bad, "0.21"));
    EXPECT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(
        GetFieldViolations(body.status()),
        ElementsAre(::testing::Field(&FieldViolation::field,
                                     "shopping_cart.items[0].unit_price")))
        << bad;
  }
  const absl::StatusOr<std::string> body =
      TranslateCreateOrder(CartRequest("1", "\"0.21\""));
  EXPECT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TranslateCreateOrderTest, AStringLookingLikeAPlaceholderStaysAString) {
  // Raw numbers travel as binary nodes, so no text can turn into one.
  CreateOrderRequest request = CartRequest("1", "0");
  request.set_description("13.761467889");
  request.set_var1("\x01msp");
  const nlohmann::json body = Translate(request);
  EXPECT_EQ(body["description"], "13.761467889");
  EXPECT_EQ(body["var1"], "\x01msp");
}

// --- the rest of the order
// -----------------------------------------------------

TEST(TranslateCreateOrderTest, GatewayInfoKeepsMultiSafepayNamesAndTypes) {
  CreateOrderRequest request = MinimalRequest();
  request.set_gateway(payments::v1::GATEWAY_IDEALQR);
  auto* info = request.mutable_gateway_info();
  info->set_qr_size(250);
  info->set_allow_multiple(false);
  info->set_allow_change_amount(true);
  info->set_min_amount(50);
  info->set_max_amount(9007199254740993);
  const nlohmann::json body = Translate(request);
  EXPECT_EQ(body["gateway_info"],
            nlohmann::json::parse(R"({"qr_size":250,"allow_multiple":false,
              "allow_change_amount":true,"min_amount":"50",
              "max_amount":"9007199254740993"})"));
}

TEST(TranslateCreateOrderTest, EveryTopLevelBlockIsCarried) {
  const std::string json = R"({
    "order_id": "o-1", "currency": "EUR", "amount": 100, "description": "Tea",
    "type": "ORDER_TYPE_DIRECT", "gateway": "GATEWAY_VISA",
    "items": "<ol><li>Tea</li></ol>",
    "gateway_info": {"card_number": "4111111111111111",
                     "card_expiry_date": "2512", "card_cvc": "123",
                     "flexible_3d": true, "term_url": "https://x.example/t"},
    "customer": {"browser": {"javascript_enabled": true, "screen_width": 1920,
                             "time_zone": -120, "language": "nl-NL"},
                 "disable_send_email": true},
    "delivery": {"first_name": "Jan", "country": "BE"},
    "second_chance": {"send_email": true},
    "custom_info": {"custom_1": "a"},
    "google_analytics": {"account": "UA-1"},
    "plugin": {"shop": "s", "shop_version": "1", "plugin_version": "2",
               "partner": "p", "shop_root_url": "https://x.example"},
    "affiliate": {"split_payments": [
        {"merchant": "1001", "fixed": 10, "description": "d"},
        {"merchant": "1002", "percentage": "12.5"}]},
    "recurring_model": "RECURRING_MODEL_CARD_ON_FILE",
    "recurring_id": "tok",
    "capture": "CAPTURE_MODE_MANUAL",
    "payment_options": {"feed_url": "https://x.example/feed",
                        "template_id": "t-1",
                        "allowed_countries": ["NL", "BE"],
                        "settings": {"coupons": {"allow": ["VVVGIFTCRD"]},
                                     "gateways": {"MISTERCASH": {"qr_only": true},
                                                  "BILLINK": {"type": "B"},
                                                  "IDEAL": {"show_pre": true}}}}
  })";
  const nlohmann::json body = Translate(ParseRequest(json));
  const nlohmann::json expected = nlohmann::json::parse(R"({
    "type": "direct", "gateway": "VISA", "order_id": "o-1", "currency": "EUR",
    "amount": 100, "description": "Tea", "items": "<ol><li>Tea</li></ol>",
    "gateway_info": {"card_number": "4111111111111111",
                     "card_expiry_date": "2512", "card_cvc": "123",
                     "flexible_3d": true, "term_url": "https://x.example/t"},
    "customer": {"browser": {"javascript_enabled": true, "screen_width": 1920,
                             "time_zone": -120, "language": "nl-NL"},
                 "disable_send_email": true},
    "delivery": {"first_name": "Jan", "country": "BE"},
    "second_chance": {"send_email": true},
    "custom_info": {"custom_1": "a"},
    "google_analytics": {"account": "UA-1"},
    "plugin": {"shop": "s", "shop_version": "1", "plugin_version": "2",
               "partner": "p", "shop_root_url": "https://x.example"},
    "affiliate": {"split_payments": [
        {"merchant": "1001", "fixed": 10, "description": "d"},
        {"merchant": "1002", "percentage": 12.5}]},
    "recurring_model": "cardOnFile",
    "recurring_id": "tok",
    "capture": "manual",
    "payment_options": {"feed_url": "https://x.example/feed",
                        "template_id": "t-1",
                        "allowed_countries": ["NL", "BE"],
                        "settings": {"coupons": {"allow": ["VVVGIFTCRD"]},
                                     "gateways": {"MISTERCASH": {"qr_only": true},
                                                  "BILLINK": {"type": "B"},
                                                  "IDEAL": {"show_pre": true}}}}
  })");
  EXPECT_EQ(body, expected) << nlohmann::json::diff(expected, body).dump(2);
}

TEST(TranslateCreateOrderTest, PaymentDataAndCustomFields) {
  const nlohmann::json body = Translate(ParseRequest(R"({
    "order_id": "o-1", "currency": "EUR", "amount": 100, "description": "Tea",
    "type": "ORDER_TYPE_DIRECT",
    "payment_data": {"payload": "eyJ9", "gateway": "GATEWAY_IDEAL",
                     "tokenize": true},
    "custom_fields": [{"name": "n", "validation": {"error": null}}]
  })"));
  EXPECT_EQ(body["payment_data"],
            nlohmann::json::parse(
                R"({"payload":"eyJ9","gateway":"IDEAL","tokenize":true})"));
  EXPECT_FALSE(body.contains("gateway"));
  EXPECT_EQ(
      body["custom_fields"],
      nlohmann::json::parse(R"([{"name":"n","validation":{"error":null}}])"));
}

TEST(TranslateCreateOrderTest, CustomFieldKeysComeOutSorted) {
  // google.protobuf.Struct iterates its map in an unspecified order that
  // changes between processes; the body must not.
  CreateOrderRequest request = ParseRequest(R"({
    "order_id": "o-1", "currency": "EUR", "amount": 100, "description": "Tea",
    "type": "ORDER_TYPE_CHECKOUT",
    "custom_fields": [{"zeta": 1, "yankee": 2, "x-ray": 3, "whiskey": 4,
                       "victor": 5, "uniform": 6, "tango": 7, "sierra": 8,
                       "alpha": {"delta": true, "charlie": false, "bravo": null}}]
  })");
  absl::StatusOr<std::string> text = TranslateCreateOrder(request);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_NE(
      text->find(R"("custom_fields":[{"alpha":{"bravo":null,"charlie":false,)"
                 R"("delta":true},"sierra":8,"tango":7,"uniform":6,)"
                 R"("victor":5,"whiskey":4,"x-ray":3,"yankee":2,"zeta":1}])"),
      std::string::npos)
      << *text;
}

// --- recurring, invoice, customer_verification (issue 14) ------------------

TEST(TranslateCreateOrderTest, NestedRecurringIsWrittenExactly) {
  CreateOrderRequest request = MinimalRequest();
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  request.mutable_recurring()->set_model(
      payments::v1::RECURRING_MODEL_CARD_ON_FILE);
  request.mutable_recurring()->set_id("133761993_gTp2");
  absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, R"({"type":"direct","order_id":"o-1","currency":"EUR",)"
                   R"("amount":100,"description":"Tea",)"
                   R"("recurring":{"model":"cardOnFile",)"
                   R"("id":"133761993_gTp2"}})");

  // Every model in MultiSafepay's spelling, as recurring_model writes it.
  for (const auto& [model, text] :
       std::vector<std::pair<payments::v1::RecurringModel, std::string>>{
           {payments::v1::RECURRING_MODEL_CARD_ON_FILE, "cardOnFile"},
           {payments::v1::RECURRING_MODEL_SUBSCRIPTION, "subscription"},
           {payments::v1::RECURRING_MODEL_UNSCHEDULED, "unscheduled"}}) {
    request = MinimalRequest();
    request.mutable_recurring()->set_model(model);
    EXPECT_EQ(Translate(request)["recurring"],
              nlohmann::json({{"model", text}}))
        << text;
    request.clear_recurring();
    request.set_recurring_model(model);
    EXPECT_EQ(Translate(request)["recurring_model"], text);
  }

  // Only what is set: an id alone, and nothing when recurring is not set.
  request = MinimalRequest();
  request.mutable_recurring()->set_id("tok");
  EXPECT_EQ(Translate(request)["recurring"], nlohmann::json({{"id", "tok"}}));
  EXPECT_FALSE(Translate(MinimalRequest()).contains("recurring"));

  request = MinimalRequest();
  request.mutable_recurring()->set_model(
      static_cast<payments::v1::RecurringModel>(9));
  EXPECT_THAT(
      GetFieldViolations(TranslateCreateOrder(request).status()),
      ElementsAre(FieldViolation{
          "recurring.model", "must be a defined RecurringModel value, got 9"}));
}

TEST(TranslateCreateOrderTest, InvoiceIsWrittenWhenSet) {
  CreateOrderRequest request = MinimalRequest();
  request.set_gateway(payments::v1::GATEWAY_PAYPAL);
  EXPECT_FALSE(Translate(request).contains("invoice"));
  request.set_invoice("AB123456");
  absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, R"({"type":"redirect","gateway":"PAYPAL","order_id":"o-1",)"
                   R"("currency":"EUR","amount":100,"description":"Tea",)"
                   R"("invoice":"AB123456"})");
}

TEST(TranslateCreateOrderTest, CustomerVerificationIsWrittenWhenSet) {
  CreateOrderRequest request = MinimalRequest();
  EXPECT_FALSE(Translate(request).contains("customer_verification"));
  request.mutable_customer_verification()->set_html(
      "<form action=\"https://acs.example/3ds\"></form>");
  request.mutable_customer_verification()->set_type("form");
  absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, R"({"type":"redirect","order_id":"o-1","currency":"EUR",)"
                   R"("amount":100,"description":"Tea",)"
                   R"("customer_verification":{"html":"<form action=)"
                   R"(\"https://acs.example/3ds\"></form>","type":"form"}})");
  request.mutable_customer_verification()->clear_html();
  EXPECT_EQ(Translate(request)["customer_verification"],
            nlohmann::json({{"type", "form"}}));
}

// The new keys sit where MultiSafepay's schemas put them: invoice after the
// cart (Wallet.yaml), customer_verification after second_chance
// (CreditCard.yaml), recurring after the top-level recurring fields.
TEST(TranslateCreateOrderTest, NewKeysFollowMultiSafepayOrder) {
  CreateOrderRequest request = MinimalRequest();
  request.mutable_checkout_options();
  request.set_invoice("i");
  request.mutable_second_chance();
  request.mutable_customer_verification()->set_type("form");
  request.mutable_custom_info();
  request.mutable_affiliate();
  request.set_recurring_model(payments::v1::RECURRING_MODEL_SUBSCRIPTION);
  request.set_recurring_id("tok");
  request.mutable_recurring();
  request.set_capture(payments::v1::CAPTURE_MODE_MANUAL);
  const absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  const nlohmann::ordered_json json = nlohmann::ordered_json::parse(*body);
  EXPECT_THAT(
      Keys(json),
      ElementsAre("type", "order_id", "currency", "amount", "description",
                  "checkout_options", "invoice", "second_chance",
                  "customer_verification", "custom_info", "affiliate",
                  "recurring_model", "recurring_id", "recurring", "capture"));
}

TEST(TranslateCreateOrderTest, NewEnumsWithUndefinedNumbersAreErrors) {
  CreateOrderRequest request = MinimalRequest();
  request.set_recurring_model(static_cast<payments::v1::RecurringModel>(9));
  EXPECT_THAT(
      GetFieldViolations(TranslateCreateOrder(request).status()),
      ElementsAre(FieldViolation{
          "recurring_model", "must be a defined RecurringModel value, got 9"}));
  request = MinimalRequest();
  request.set_capture(static_cast<payments::v1::CaptureMode>(9));
  EXPECT_THAT(GetFieldViolations(TranslateCreateOrder(request).status()),
              ElementsAre(FieldViolation{
                  "capture", "must be a defined CaptureMode value, got 9"}));
  request = MinimalRequest();
  request.mutable_payment_data()->set_gateway(
      static_cast<payments::v1::Gateway>(999));
  EXPECT_THAT(
      GetFieldViolations(TranslateCreateOrder(request).status()),
      ElementsAre(FieldViolation{"payment_data.gateway",
                                 "must be a defined Gateway value, got 999"}));
}

// --- the gateway's notification URL (OrderDefaults) -------------------------

// The seed order, exactly as TranslateCreateOrder() writes it (the golden
// file tests/testdata/seed-bancontact.msp.json, compact, in key order).
constexpr char kSeedBody[] =
    R"({"type":"redirect","gateway":"MISTERCASH","order_id":"my-order-id-1",)"
    R"("currency":"EUR","amount":100,"description":"Test Order Description",)"
    R"("payment_options":{)"
    R"("notification_url":"https://www.example.com/webhooks/payment",)"
    R"("notification_method":"POST",)"
    R"("redirect_url":"https://www.example.com/order/success",)"
    R"("cancel_url":"https://www.example.com/order/failed",)"
    R"("close_window":false},)"
    R"("customer":{"locale":"nl_BE","ip_address":"213.127.71.75",)"
    R"("first_name":"Jan","last_name":"Peeters","country":"BE",)"
    R"("email":"jan@example.com"}})";

// The same order from a gateway with --notification_base_url
// https://pay.example.com, whose caller left notification_url and
// notification_method out (as it must then).
constexpr char kSeedBodyNotifiedToTheGateway[] =
    R"({"type":"redirect","gateway":"MISTERCASH","order_id":"my-order-id-1",)"
    R"("currency":"EUR","amount":100,"description":"Test Order Description",)"
    R"("payment_options":{)"
    R"("notification_url":"https://pay.example.com/notifications/multisafepay",)"
    R"("notification_method":"POST",)"
    R"("redirect_url":"https://www.example.com/order/success",)"
    R"("cancel_url":"https://www.example.com/order/failed",)"
    R"("close_window":false},)"
    R"("customer":{"locale":"nl_BE","ip_address":"213.127.71.75",)"
    R"("first_name":"Jan","last_name":"Peeters","country":"BE",)"
    R"("email":"jan@example.com"}})";

OrderDefaults GatewayDefaults() {
  return OrderDefaultsFor("https://pay.example.com");
}

CreateOrderRequest SeedRequest() {
  return ParseRequest(ReadTestData("seed-bancontact.request.json"));
}

// SeedRequest() as a caller of a gateway that owns notifications sends it.
CreateOrderRequest SeedWithoutNotification() {
  CreateOrderRequest request = SeedRequest();
  request.mutable_payment_options()->clear_notification_url();
  request.mutable_payment_options()->clear_notification_method();
  return request;
}

TEST(TranslateCreateOrderTest, WithoutDefaultsTheCallersNotificationIsSent) {
  const CreateOrderRequest request = SeedRequest();
  absl::StatusOr<std::string> body = TranslateCreateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, kSeedBody);
  // The golden file says the same (as a JSON value).
  EXPECT_EQ(nlohmann::json::parse(*body),
            nlohmann::json::parse(ReadTestData("seed-bancontact.msp.json")));
  body = TranslateCreateOrder(request, OrderDefaults());
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, kSeedBody);
}

TEST(TranslateCreateOrderTest, TheGatewaysNotificationUrlWithPost) {
  const CreateOrderRequest request = SeedWithoutNotification();
  ASSERT_TRUE(ValidateCreateOrder(request, GatewayDefaults()).ok());
  const absl::StatusOr<std::string> body =
      TranslateCreateOrder(request, GatewayDefaults());
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, kSeedBodyNotifiedToTheGateway);
  // Without the defaults the same request has no notification at all.
  const nlohmann::json plain = Translate(request);
  EXPECT_FALSE(plain["payment_options"].contains("notification_url"));
  EXPECT_FALSE(plain["payment_options"].contains("notification_method"));
}

TEST(TranslateCreateOrderTest, DefaultsAddPaymentOptionsToAnOrderWithout) {
  const absl::StatusOr<std::string> body =
      TranslateCreateOrder(MinimalRequest(), GatewayDefaults());
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body,
            R"({"type":"redirect","order_id":"o-1","currency":"EUR",)"
            R"("amount":100,"description":"Tea","payment_options":{)"
            R"("notification_url":"https://pay.example.com/notifications/)"
            R"(multisafepay","notification_method":"POST"}})");
  // And nothing without them (an unset message is left out).
  const absl::StatusOr<std::string> plain =
      TranslateCreateOrder(MinimalRequest(), OrderDefaults());
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(*plain, R"({"type":"redirect","order_id":"o-1","currency":"EUR",)"
                    R"("amount":100,"description":"Tea"})");
}

TEST(TranslateCreateOrderTest, TheCallersNotificationNeverReplacesTheGateways) {
  // Translated without validation (which refuses this request): the
  // gateway's URL and method are sent, the caller's are not, an undefined
  // method number included.
  CreateOrderRequest request = SeedRequest();
  request.mutable_payment_options()->set_notification_method(
      static_cast<payments::v1::NotificationMethod>(7));
  const absl::StatusOr<std::string> body =
      TranslateCreateOrder(request, GatewayDefaults());
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_THAT(*body, ::testing::Not(HasSubstr("www.example.com/webhooks")));
  const nlohmann::json json = nlohmann::json::parse(*body);
  EXPECT_EQ(json["payment_options"]["notification_url"],
            "https://pay.example.com/notifications/multisafepay");
  EXPECT_EQ(json["payment_options"]["notification_method"], "POST");
}

TEST(TranslateCreateOrderTest, ALongNotificationUrlIsSentWhole) {
  // (That it still fits the one string reserved up front is counted by
  // //bench:hot_path_allocations_test.)
  const OrderDefaults defaults = OrderDefaultsFor(
      "https://" + std::string(200, 'n') + ".example.com:8443");
  const absl::StatusOr<std::string> body =
      TranslateCreateOrder(MinimalRequest(), defaults);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_THAT(*body, HasSubstr(defaults.notification_url));
  EXPECT_EQ(nlohmann::json::parse(*body)["payment_options"]["notification_url"],
            defaults.notification_url);
}

}  // namespace
}  // namespace msp_gateway
