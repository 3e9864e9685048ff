// Copyright 2026 The msp-gateway Authors.
//
// What MultiSafepay's official SDKs need of the emulator beyond the order
// lifecycle, over real sockets (an in-process Emulator on 127.0.0.1, port 0,
// driven by httplib::Client): direct orders with MultiSafepay's test cards
// decided at once, the create answer's event fields, the order object's cart
// totals, 3-D Secure details and costs, GET /payment-methods, /issuers,
// /categories, /me, /auth/api_token, /transactions and the recurring token
// endpoints (multisafepay-api.md §4, §5.1, §5.8-5.10, §1.6).

#include <memory>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "emulator/emulator.h"
#include "emulator/emulator_http_test_fixture.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using ::msp_emulator::testing::EmulatorHttpTest;
using ::msp_emulator::testing::ParseJson;
using nlohmann::json;

constexpr const char* kKey = ::msp_emulator::testing::kTestApiKey;
constexpr const char* kJson = ::msp_emulator::testing::kJsonType;

json Example(const std::string& name) {
  return ::msp_emulator::testing::RequestExample(name);
}

// A direct card order as the docs' card example sends it.
json CardOrder(const std::string& order_id, const std::string& number,
               const std::string& gateway = "VISA") {
  return {{"type", "direct"},
          {"gateway", gateway},
          {"order_id", order_id},
          {"currency", "EUR"},
          {"amount", 1000},
          {"description", "Two candles"},
          {"customer",
           {{"locale", "nl_NL"},
            {"first_name", "Simon"},
            {"last_name", "Smit"},
            {"email", "simon@example.com"},
            {"country", "NL"}}},
          {"gateway_info",
           {{"card_number", number},
            {"card_holder_name", "Simon Smit"},
            {"card_expiry_date", "3012"},
            {"card_cvc", "123"}}}};
}

json RedirectOrder(const std::string& order_id, int64_t amount = 1000) {
  return {{"type", "redirect"},
          {"order_id", order_id},
          {"gateway", "IDEAL"},
          {"currency", "EUR"},
          {"amount", amount},
          {"description", "Two candles"},
          {"customer", {{"locale", "nl_NL"}, {"country", "NL"}}}};
}

class EmulatorSdkTest : public EmulatorHttpTest {
 protected:
  // The IDs of a payment-method list.
  static std::set<std::string> Ids(const json& list) {
    std::set<std::string> ids;
    for (const json& method : list) ids.insert(method["id"].get<std::string>());
    return ids;
  }
};

// ---------------------------------------------------------------------------
// Test cards

TEST_F(EmulatorSdkTest, TestCardIsAuthorisedAtOnceAndRefundable) {
  json data = ExpectSuccess(
      Post("/orders", CardOrder("card-1", "4111 1111 1111 1111")));
  EXPECT_EQ(data["status"], "completed") << data;
  EXPECT_EQ(data["financial_status"], "completed");
  EXPECT_EQ(data["completed"], "2026-03-01T12:00:00");
  EXPECT_TRUE(data["payment_url"].is_string());
  const json& details = data["payment_details"];
  EXPECT_EQ(details["type"], "VISA");
  EXPECT_EQ(details["last4"], "1111");
  EXPECT_EQ(details["response_code"], "00");
  EXPECT_EQ(details["card_authentication_result"]["status"], "Y");
  EXPECT_EQ(details["card_authentication_result"]["eci"], "05");
  EXPECT_EQ(details["card_authentication_result"]["version"], "2.1.0");
  EXPECT_TRUE(details["card_authentication_result"]["cavv"].is_string());
  EXPECT_EQ(details["card_authentication_details"],
            json({{"flow", "frictionless"}}));
  ASSERT_EQ(data["costs"].size(), 1u) << data;
  EXPECT_EQ(data["costs"][0]["created"], "2026-03-01T12:00:00");
  EXPECT_EQ(data["costs"][0]["status"], "completed");
  EXPECT_EQ(data["costs"][0]["amount"].dump(), "0.35");

  // The same details on GET, and a refund without any control call.
  json order = ExpectSuccess(Get("/orders/card-1"));
  EXPECT_EQ(order["payment_details"]["card_authentication_result"],
            details["card_authentication_result"]);
  json refund = ExpectSuccess(
      Post("/orders/card-1/refunds", {{"currency", "EUR"}, {"amount", 400}}));
  EXPECT_TRUE(refund["refund_id"].is_number_integer());
  EXPECT_EQ(ExpectSuccess(Get("/orders/card-1"))["status"], "partial_refunded");
}

TEST_F(EmulatorSdkTest, ManualCaptureTestCardIsAuthorisedThenCaptured) {
  json body = CardOrder("card-manual", "5500000000000004", "MASTERCARD");
  body["capture"] = "manual";
  json data = ExpectSuccess(Post("/orders", body));
  EXPECT_EQ(data["status"], "completed");
  EXPECT_EQ(data["financial_status"], "initialized");
  json capture = ExpectSuccess(
      Post("/orders/card-manual/capture",
           {{"amount", 1000}, {"new_order_status", "completed"}}));
  EXPECT_EQ(capture["order_id"], "card-manual");
  EXPECT_EQ(ExpectSuccess(Get("/orders/card-manual"))["financial_status"],
            "completed");
}

TEST_F(EmulatorSdkTest, CreditCardGatewayIsPaidWithTheCardsBrand) {
  json data = ExpectSuccess(
      Post("/orders", CardOrder("card-cc", "374111111111111", "CREDITCARD")));
  EXPECT_EQ(data["status"], "completed");
  EXPECT_EQ(data["payment_details"]["type"], "AMEX");
  EXPECT_EQ(data["payment_methods"][0]["type"], "AMEX");
}

TEST_F(EmulatorSdkTest, DeclinedTestCardIsDeclinedAfterFailed3ds) {
  json data = ExpectSuccess(
      Post("/orders", CardOrder("card-declined", "4012001037141112")));
  EXPECT_EQ(data["status"], "declined");
  EXPECT_EQ(data["financial_status"], "declined");
  EXPECT_EQ(data["reason_code"], "3001");
  EXPECT_EQ(data["reason"],
            "3DS Authentication Failed / Card authentication failed");
  const json& details = data["payment_details"];
  EXPECT_EQ(details["card_authentication_result"]["status"], "N");
  EXPECT_EQ(details["card_authentication_result"]["transaction_status_reason"],
            "08");
  EXPECT_FALSE(details.contains("card_authentication_details"));
  EXPECT_EQ(details["response_code"], "08");
  EXPECT_EQ(data["costs"], json::array());
  ExpectError(Post("/orders/card-declined/refunds",
                   {{"currency", "EUR"}, {"amount", 100}}),
              400, 1034, json::object());
}

TEST_F(EmulatorSdkTest, OtherCardNumbersAndRedirectsStayInitialized) {
  json other = ExpectSuccess(
      Post("/orders", CardOrder("card-other", "4000000000000002")));
  EXPECT_EQ(other["status"], "initialized");
  json redirect = CardOrder("card-redirect", "4111111111111111");
  redirect["type"] = "redirect";
  ExpectSuccess(Post("/orders", redirect));
  EXPECT_EQ(ExpectSuccess(Get("/orders/card-redirect"))["status"],
            "initialized");
  // Paid by hand, a card order still shows its 3-D Secure result.
  json paid = SetStatus("card-redirect", {{"status", "completed"}});
  EXPECT_EQ(paid["payment_details"]["card_authentication_result"]["status"],
            "Y");
}

// ---------------------------------------------------------------------------
// Create answers and the order object

TEST_F(EmulatorSdkTest, CreateAnswersCarryEventFields) {
  for (const json& body : {RedirectOrder("ev-redirect"),
                           CardOrder("ev-direct", "4111111111111111")}) {
    json data = ExpectSuccess(Post("/orders", body));
    EXPECT_EQ(data["events_url"], "wss://testapi.multisafepay.com/events/");
    EXPECT_EQ(data["events_stream_url"],
              "https://testapi.multisafepay.com/events/stream/");
    const std::string token = data["events_token"];
    EXPECT_TRUE(absl::StartsWith(token, "eyJ")) << token;  // {"alg"...
    EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2) << token;
  }
}

TEST_F(EmulatorSdkTest, OrderWithCartShowsOrderTotalAndAdjustment) {
  json body = RedirectOrder("cart-1", 9999);
  body["shopping_cart"] = {{"items",
                            {{{"name", "Candle"},
                              {"unit_price", 41.32},
                              {"quantity", 2},
                              {"merchant_item_id", "candle-1"}}}}};
  body["checkout_options"] = {
      {"validate_cart", true},
      {"tax_tables",
       {{"default", {{"shipping_taxed", true}, {"rate", 0.21}}}}}};
  ExpectSuccess(Post("/orders", body));
  json order = ExpectSuccess(Get("/orders/cart-1"));
  // 82.64 + round(82.64 * 0.21 = 17.3544) = 99.99.
  EXPECT_EQ(order["order_total"], "99.99");
  EXPECT_EQ(order["order_adjustment"]["total_adjustment"], 0);
  EXPECT_EQ(order["order_adjustment"]["total_tax"].dump(), "17.35");
  // Without a cart, neither.
  ExpectSuccess(Post("/orders", RedirectOrder("no-cart")));
  json plain = ExpectSuccess(Get("/orders/no-cart"));
  EXPECT_FALSE(plain.contains("order_total"));
  EXPECT_FALSE(plain.contains("order_adjustment"));
}

// ---------------------------------------------------------------------------
// Payment methods, issuers, account data

TEST_F(EmulatorSdkTest, PaymentMethodsHaveMultiSafepaysShape) {
  json list = ExpectSuccess(Get("/payment-methods"));
  ASSERT_TRUE(list.is_array());
  const std::set<std::string> ids = Ids(list);
  EXPECT_TRUE(ids.count("VISA") && ids.count("IDEAL") && ids.count("KLARNA"));
  EXPECT_FALSE(ids.count("CREDITCARD"));  // only grouped
  EXPECT_FALSE(ids.count("EDENCOM"));     // gift cards only when asked
  for (const json& method : list) {
    for (const char* key :
         {"additional_data", "allowed_amount", "allowed_countries",
          "allowed_currencies", "apps", "brands", "icon_urls", "id", "name",
          "preferred_countries", "required_customer_data",
          "shopping_cart_required", "tokenization", "type"}) {
      EXPECT_TRUE(method.contains(key)) << key << " in " << method;
    }
  }
  json ideal = ExpectSuccess(Get("/payment-methods/ideal"));
  EXPECT_EQ(ideal["id"], "IDEAL");
  EXPECT_EQ(ideal["name"], "iDEAL");
  EXPECT_EQ(ideal["type"], "payment-method");
  EXPECT_EQ(ideal["allowed_currencies"], json({"EUR"}));
  EXPECT_EQ(ideal["allowed_countries"], json({"NL"}));
  EXPECT_EQ(ideal["allowed_amount"], json({{"min", 0}, {"max", nullptr}}));
  EXPECT_EQ(ideal["tokenization"]["is_enabled"], true);
  json in3 = ExpectSuccess(Get("/payment-methods/IN3"));
  EXPECT_EQ(in3["allowed_amount"], json({{"min", 5000}, {"max", 500000}}));
  EXPECT_EQ(in3["shopping_cart_required"], true);
  ExpectError(Get("/payment-methods/NOPE"), 404, 1023, json::array(),
              "No gateway (payment method) available");
}

TEST_F(EmulatorSdkTest, PaymentMethodFiltersAreApplied) {
  const std::set<std::string> belgium =
      Ids(ExpectSuccess(Get("/payment-methods?country=be")));
  EXPECT_TRUE(belgium.count("MISTERCASH"));
  EXPECT_TRUE(belgium.count("VISA"));  // no country restriction
  EXPECT_FALSE(belgium.count("IDEAL"));

  const std::set<std::string> zloty =
      Ids(ExpectSuccess(Get("/payment-methods?currency=PLN")));
  EXPECT_TRUE(zloty.count("DOTPAY"));
  EXPECT_FALSE(zloty.count("IDEAL"));

  EXPECT_FALSE(
      Ids(ExpectSuccess(Get("/payment-methods?amount=1000"))).count("IN3"));
  EXPECT_TRUE(
      Ids(ExpectSuccess(Get("/payment-methods?amount=10000"))).count("IN3"));

  json coupons =
      ExpectSuccess(Get("/payment-methods?include_coupons=1&type=coupon"));
  ASSERT_GT(coupons.size(), 10u);
  for (const json& method : coupons) EXPECT_EQ(method["type"], "coupon");
  EXPECT_TRUE(Ids(coupons).count("EDENCOM"));

  json grouped = ExpectSuccess(Get("/payment-methods?group_cards=true"));
  const std::set<std::string> grouped_ids = Ids(grouped);
  EXPECT_TRUE(grouped_ids.count("CREDITCARD"));
  EXPECT_FALSE(grouped_ids.count("VISA"));
  for (const json& method : grouped) {
    if (method["id"] == "CREDITCARD") {
      EXPECT_EQ(
          Ids(method["brands"]),
          std::set<std::string>({"AMEX", "MAESTRO", "MASTERCARD", "VISA"}));
    }
  }

  ExpectError(Get("/payment-methods?country=XX"), 400, 1018, json::object());
  ExpectError(Get("/payment-methods?currency=EURO"), 400, 1002, json::object());
  ExpectError(Get("/payment-methods?amount=10.00"), 400, 1001, json::object());
}

TEST_F(EmulatorSdkTest, IssuersOfMyBankOnly) {
  json issuers = ExpectSuccess(Get("/issuers/mybank"));
  ASSERT_FALSE(issuers.empty());
  for (const json& issuer : issuers) {
    EXPECT_TRUE(issuer["code"].is_string());
    EXPECT_TRUE(issuer["description"].is_string());
  }
  EXPECT_EQ(
      issuers[0]["code"],
      Example("post-orders/mybank-direct.json")["gateway_info"]["issuer_id"]);
  ExpectError(Get("/issuers/ideal"), 404, 1000, json::array(), "Not found");
  ExpectError(Get("/issuers/nope"), 404, 1023, json::array());
}

TEST_F(EmulatorSdkTest, AccountEndpoints) {
  json me = ExpectSuccess(Get("/me"));
  EXPECT_TRUE(me["account_id"].is_number_integer());
  EXPECT_TRUE(me["site_id"].is_number_integer());
  EXPECT_TRUE(me["role"].is_string());

  json categories = ExpectSuccess(Get("/categories"));
  ASSERT_EQ(categories.size(), 16u);
  EXPECT_EQ(categories[0], json({{"code", 999}, {"description", "Adult"}}));

  const std::string first = ExpectSuccess(Get("/auth/api_token"))["api_token"];
  const std::string second = ExpectSuccess(Get("/auth/api_token"))["api_token"];
  EXPECT_TRUE(absl::StartsWith(first, "pub.v2.")) << first;
  EXPECT_NE(first, second);
}

TEST_F(EmulatorSdkTest, NewEndpointsCheckTheKey) {
  for (const char* path :
       {"/v1/json/payment-methods", "/v1/json/payment-methods/IDEAL",
        "/v1/json/issuers/mybank", "/v1/json/categories", "/v1/json/me",
        "/v1/json/auth/api_token", "/v1/json/transactions",
        "/v1/json/transactions/1", "/v1/json/recurring/c-1",
        "/v1/json/recurring/c-1/token/t"}) {
    ExpectError(client_->Get(path, {{"api_key", "wrong"}}), 401, 1032,
                json::object());
  }
  ExpectError(client_->Delete("/v1/json/recurring/c-1/remove/t",
                              {{"api_key", "wrong"}}),
              401, 1032, json::object());
  // A method the route does not take, and an unknown sub-path, are 404/1000.
  ExpectError(client_->Post("/v1/json/me", {{"api_key", kKey}}, "{}", kJson),
              404, 1000, json::object());
  ExpectError(Get("/recurring/c-1/other/t"), 404, 1000, json::object());
}

// ---------------------------------------------------------------------------
// Transactions

TEST_F(EmulatorSdkTest, TransactionsPageNewestFirstWithCursors) {
  ExpectSuccess(Post("/orders", RedirectOrder("tx-1")));
  clock_.Advance(absl::Minutes(1));
  ExpectSuccess(Post("/orders", CardOrder("tx-2", "4111111111111111")));
  clock_.Advance(absl::Minutes(1));
  ExpectSuccess(
      Post("/orders/tx-2/refunds", {{"currency", "EUR"}, {"amount", 300}}));

  auto res = Get("/transactions?limit=2");
  ASSERT_TRUE(res);
  json page = ParseJson(res->body);
  EXPECT_EQ(page["success"], true);
  ASSERT_EQ(page["data"].size(), 2u) << page;
  EXPECT_EQ(page["data"][0]["type"], "refund");
  EXPECT_EQ(page["data"][0]["debit_credit"], "D");
  EXPECT_EQ(page["data"][0]["amount"], 300);
  EXPECT_EQ(page["data"][1]["order_id"], "tx-2");
  EXPECT_EQ(page["data"][1]["type"], "payment");
  EXPECT_EQ(page["data"][1]["payment_method"], "VISA");
  EXPECT_EQ(page["data"][1]["financial_status"], "completed");
  EXPECT_EQ(page["data"][1]["costs"][0]["amount"], 35);  // minor units here
  EXPECT_EQ(page["data"][1]["net"], 965);
  EXPECT_EQ(page["data"][1]["site_id"], 12345);
  EXPECT_EQ(page["pager"]["limit"], 2);
  const std::string after = page["pager"]["cursor"]["after"];
  EXPECT_EQ(page["pager"]["after"],
            "http://127.0.0.1:" + std::to_string(port_) +
                "/v1/json/transactions?after=" + after + "&limit=2");

  json second = ParseJson(Get("/transactions?limit=2&after=" + after)->body);
  ASSERT_EQ(second["data"].size(), 1u) << second;
  EXPECT_EQ(second["data"][0]["order_id"], "tx-1");
  EXPECT_EQ(second["data"][0]["status"], "initialized");
  EXPECT_FALSE(second["data"][0].contains("completed"));
  // Back from the second page: the first one again.
  json back =
      ParseJson(Get("/transactions?limit=2&before=" +
                    second["pager"]["cursor"]["before"].get<std::string>())
                    ->body);
  EXPECT_EQ(back["data"], page["data"]);
  // The page after the last one is empty and has no cursor.
  json last =
      ParseJson(Get("/transactions?limit=2&after=" +
                    second["pager"]["cursor"]["after"].get<std::string>())
                    ->body);
  EXPECT_EQ(last["success"], true);
  EXPECT_EQ(last["data"], json::array());
  EXPECT_EQ(last["pager"], json({{"limit", 2}}));
}

TEST_F(EmulatorSdkTest, TransactionFiltersAndLookup) {
  ExpectSuccess(Post("/orders", RedirectOrder("f-1")));
  json paid =
      ExpectSuccess(Post("/orders", CardOrder("f-2", "4111111111111111")));
  clock_.Advance(absl::Hours(24));
  ExpectSuccess(Post("/orders", CardOrder("f-3", "4012001037141112")));

  auto ids = [this](const std::string& query) {
    std::set<std::string> ids;
    json page = ParseJson(Get("/transactions?" + query)->body);
    for (const json& item : page["data"]) ids.insert(item["order_id"]);
    return ids;
  };
  EXPECT_EQ(ids("financial_status=completed"), std::set<std::string>{"f-2"});
  EXPECT_EQ(ids("status=declined"), std::set<std::string>{"f-3"});
  EXPECT_EQ(ids("payment_method=IDEAL,MASTERCARD"),
            std::set<std::string>{"f-1"});
  EXPECT_EQ(ids("created_from=2026-03-02"), std::set<std::string>{"f-3"});
  EXPECT_EQ(ids("created_until=2026-03-01T12:00:01"),
            std::set<std::string>({"f-1", "f-2"}));
  EXPECT_EQ(ids("completed_from=2026-03-01"), std::set<std::string>{"f-2"});
  EXPECT_EQ(ids("type=refund"), std::set<std::string>{});
  EXPECT_EQ(ids("site_id=99999"), std::set<std::string>{});

  json item =
      ExpectSuccess(Get("/transactions/" +
                        std::to_string(paid["transaction_id"].get<int64_t>())));
  EXPECT_EQ(item["order_id"], "f-2");
  EXPECT_EQ(item["amount"], 1000);
  auto missing = Get("/transactions/42");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(ParseJson(missing->body), json({{"message", "Not found"}}));

  ExpectError(Get("/transactions?limit=0"), 400, 1000, json::object());
  ExpectError(Get("/transactions?limit=1001"), 400, 1000, json::object());
  ExpectError(Get("/transactions?after=abc"), 400, 1000, json::object());
  ExpectError(Get("/transactions?created_from=yesterday"), 400, 1000,
              json::object());
}

// ---------------------------------------------------------------------------
// Recurring tokens

TEST_F(EmulatorSdkTest, PaidInitialOrderIssuesATokenThatChargesAgain) {
  json initial = CardOrder("rec-1", "4111111111111111");
  initial["recurring_model"] = "unscheduled";
  initial["customer"]["reference"] = "cust-1";
  json created = ExpectSuccess(Post("/orders", initial));
  const std::string token_id = created["payment_details"]["recurring_id"];

  json listed = ExpectSuccess(Get("/recurring/cust-1"));
  ASSERT_EQ(listed["tokens"].size(), 1u) << listed;
  const json& token = listed["tokens"][0];
  EXPECT_EQ(token["token"], token_id);
  EXPECT_EQ(token["code"], "VISA");
  EXPECT_EQ(token["display"], "Card xxxx xxxx xxxx 1111");
  EXPECT_EQ(token["bin"], 411111);
  EXPECT_EQ(token["last4"], "1111");
  EXPECT_EQ(token["expiry_date"], 3012);
  EXPECT_EQ(token["expired"], 0);
  EXPECT_EQ(token["name_holder"], "Simon Smit");
  EXPECT_EQ(token["recurring_model"], "unscheduled");
  EXPECT_EQ(ExpectSuccess(Get("/recurring/cust-1/token/" + token_id)), token);
  // Another customer sees nothing of it.
  EXPECT_EQ(ExpectSuccess(Get("/recurring/cust-2")),
            json({{"tokens", json::array()}}));
  ExpectError(Get("/recurring/cust-2/token/" + token_id), 404, 1000,
              json::array(), "Not found: token");

  // The follow-up order names only the token, and is charged at once.
  json follow_up = {{"type", "direct"},
                    {"order_id", "rec-2"},
                    {"currency", "EUR"},
                    {"amount", 500},
                    {"description", "Monthly candles"},
                    {"recurring_model", "unscheduled"},
                    {"recurring_id", token_id}};
  json charged = ExpectSuccess(Post("/orders", follow_up));
  EXPECT_EQ(charged["status"], "completed");
  EXPECT_EQ(charged["payment_details"]["type"], "VISA");
  EXPECT_EQ(charged["payment_details"]["recurring_id"], token_id);
  // ... and issues no second token.
  EXPECT_EQ(ExpectSuccess(Get("/recurring/cust-1"))["tokens"].size(), 1u);

  EXPECT_EQ(ExpectSuccess(Patch("/recurring/cust-1/update/" + token_id,
                                {{"expiry_date", "2812"}})),
            json({{"updated", true}}));
  EXPECT_EQ(
      ExpectSuccess(Get("/recurring/cust-1/token/" + token_id))["expiry_date"],
      2812);
  ExpectError(
      Patch("/recurring/cust-1/update/" + token_id, {{"expiry_date", "2813"}}),
      410, 1000, json::array(), "Token not updated");

  EXPECT_EQ(ExpectSuccess(Delete("/recurring/cust-1/remove/" + token_id)),
            json({{"removed", true}}));
  ExpectError(Delete("/recurring/cust-1/remove/" + token_id), 404, 1000,
              json::array(), "Not found: token");
  ExpectError(
      Patch("/recurring/cust-1/update/" + token_id, {{"expiry_date", "2812"}}),
      404, 1000, json::array(), "Not found: token");
  EXPECT_EQ(ExpectSuccess(Get("/recurring/cust-1"))["tokens"], json::array());
  // A removed token charges nothing at once any more.
  follow_up["order_id"] = "rec-3";
  EXPECT_EQ(ExpectSuccess(Post("/orders", follow_up))["status"], "initialized");
}

TEST_F(EmulatorSdkTest, RecurringInitialExamplePaidByHandIssuesAToken) {
  // MultiSafepay's own initial order: redirect, CREDITCARD,
  // customer.reference customer-00001.
  json initial = Example("post-orders/recurring-initial.json");
  ExpectSuccess(Post("/orders", initial));
  EXPECT_EQ(ExpectSuccess(Get("/recurring/customer-00001"))["tokens"],
            json::array());
  SetStatus("my-order-id-1", {{"status", "completed"}});
  json tokens = ExpectSuccess(Get("/recurring/customer-00001"))["tokens"];
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0]["code"], "VISA");
  EXPECT_EQ(tokens[0]["recurring_model"], "unscheduled");
  EXPECT_EQ(tokens[0]["token"],
            ExpectSuccess(Get(
                "/orders/my-order-id-1"))["payment_details"]["recurring_id"]);
  // Paging: limit and offset.
  EXPECT_EQ(ExpectSuccess(Get("/recurring/customer-00001?offset=1"))["tokens"],
            json::array());
  ExpectError(Get("/recurring/customer-00001?limit=x"), 400, 1000,
              json::object());
  // An order without recurring_model issues none.
  ExpectSuccess(Post("/orders", CardOrder("plain", "4111111111111111")));
  EXPECT_EQ(ExpectSuccess(Get("/recurring/customer-00001"))["tokens"].size(),
            1u);
}

}  // namespace
}  // namespace msp_emulator
