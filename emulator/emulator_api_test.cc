// Copyright 2026 The msp-gateway Authors.
//
// The order lifecycle and gateway endpoints over real sockets: an in-process
// Emulator on 127.0.0.1, port 0, with an injected clock, driven by
// httplib::Client as the gateway drives MultiSafepay. Shapes and error codes
// are MultiSafepay's (multisafepay-api.md §4, §5, §7).

#include <memory>
#include <set>
#include <string>

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

json Order(const std::string& order_id, int64_t amount = 1000,
           const std::string& gateway = "IDEAL") {
  return {{"type", "redirect"},
          {"order_id", order_id},
          {"gateway", gateway},
          {"currency", "EUR"},
          {"amount", amount},
          {"description", "Two candles"},
          {"customer",
           {{"locale", "nl_NL"},
            {"first_name", "Simon"},
            {"last_name", "Smit"},
            {"phone", "0208500500"},
            {"country", "NL"}}}};
}

class EmulatorApiTest : public EmulatorHttpTest {
 protected:
  // A success envelope has exactly `success` and `data`.
  json ExpectSuccess(const httplib::Result& res) {
    if (res) {
      EXPECT_EQ(ParseJson(res->body).size(), 2u) << res->body;
    }
    return EmulatorHttpTest::ExpectSuccess(res);
  }

  // Creates `order` and pays it.
  void CreatePaid(const json& order,
                  const json& status = {{"status", "completed"}}) {
    ExpectSuccess(Post("/orders", order));
    SetStatus(order["order_id"], status);
  }

  json GetOrder(const std::string& order_id) {
    return ExpectSuccess(Get("/orders/" + order_id));
  }
};

// ---------------------------------------------------------------------------
// GET /orders/{order_id} after payment

TEST_F(EmulatorApiTest, PaidCardOrderHasCardDetailsMethodsAndCosts) {
  CreatePaid(Order("card-1", 1000, "VISA"));
  auto res = Get("/orders/card-1");
  ASSERT_TRUE(res);
  // Fees are decimal major units, written as the exact literal.
  EXPECT_NE(res->body.find(R"("amount":0.35)"), std::string::npos) << res->body;
  json order = ExpectSuccess(res);
  EXPECT_EQ(order["status"], "completed");
  EXPECT_EQ(order["financial_status"], "completed");
  EXPECT_EQ(order["completed"], "2026-03-01T12:00:00");
  EXPECT_EQ(order["fastcheckout"], "NO");
  EXPECT_EQ(order["amount_refunded"], 0);
  EXPECT_EQ(order["related_transactions"], nullptr);
  const json& details = order["payment_details"];
  EXPECT_EQ(details["type"], "VISA");
  EXPECT_EQ(details["last4"], "1111");
  EXPECT_EQ(details["card_expiry_date"], "3012");
  EXPECT_EQ(details["response_code"], "00");
  EXPECT_EQ(details["account_holder_name"], "Simon Smit");
  ASSERT_EQ(order["payment_methods"].size(), 1u);
  EXPECT_EQ(order["payment_methods"][0],
            json({{"type", "VISA"},
                  {"payment_description", "Visa"},
                  {"amount", 1000},
                  {"currency", "EUR"},
                  {"description", "Two candles"},
                  {"status", "completed"},
                  {"external_transaction_id",
                   std::to_string(order["transaction_id"].get<int64_t>())},
                  {"account_holder_name", "Simon Smit"},
                  {"last4", "1111"},
                  {"card_expiry_date", "3012"}}));
  ASSERT_EQ(order["costs"].size(), 1u);
  EXPECT_EQ(order["costs"][0]["type"], "SYSTEM");
  EXPECT_TRUE(order["costs"][0]["transaction_id"].is_number_integer());
}

TEST_F(EmulatorApiTest, PaidBankOrderHasAMaskedIban) {
  CreatePaid(Order("bank-1"));
  json order = GetOrder("bank-1");
  EXPECT_EQ(order["payment_details"]["type"], "IDEAL");
  EXPECT_EQ(order["payment_details"]["account_iban"], "*** 0001");
  EXPECT_EQ(order["payment_details"]["account_bic"], "ABNANL2A");
  EXPECT_FALSE(order["payment_details"].contains("last4"));
  EXPECT_EQ(order["payment_methods"][0]["account_iban"], "*** 0001");
  EXPECT_EQ(order["costs"][0]["description"],
            "0.29 EUR For iDEAL Transactions");
}

// ---------------------------------------------------------------------------
// State machine through the control endpoint

TEST_F(EmulatorApiTest, ControlPlaysCustomerAndBank) {
  ExpectSuccess(Post("/orders", Order("sm-1", 1000, "VISA")));
  json order = SetStatus("sm-1", {{"status", "declined"},
                                  {"reason", "3DS Authentication Failed"},
                                  {"reason_code", 3001}});
  EXPECT_EQ(order["status"], "declined");
  EXPECT_EQ(order["financial_status"], "declined");
  EXPECT_EQ(order["reason"], "3DS Authentication Failed");
  EXPECT_EQ(order["reason_code"], "3001");
  // 3-D Secure failed: MultiSafepay's getOrderFailed3DS.json says "08".
  EXPECT_EQ(order["payment_details"]["response_code"], "08");
  EXPECT_EQ(order["costs"], json::array());
  // A declined order may be posted again: a new transaction.
  ExpectSuccess(Post("/orders", Order("sm-1", 1000, "VISA")));
  order = GetOrder("sm-1");
  EXPECT_EQ(order["status"], "initialized");
  EXPECT_EQ(order["reason"], "");
  for (const char* status : {"expired", "uncleared", "void", "cancelled"}) {
    EXPECT_EQ(SetStatus("sm-1", {{"status", status}})["status"], status);
  }
  order = SetStatus("sm-1", {{"status", "completed"},
                             {"financial_status", "uncleared"},
                             {"gateway", "mastercard"}});
  EXPECT_EQ(order["financial_status"], "uncleared");
  EXPECT_EQ(order["payment_details"]["type"], "MASTERCARD");
  EXPECT_EQ(order["payment_details"]["last4"], "4444");

  auto res =
      client_->Post("/__emulator/orders/sm-1/status",
                    R"({"status": "completed", "gateway": "NOPE"})", kJson);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = client_->Post("/__emulator/orders/sm-1/status",
                      R"({"status": "completed", "reason": 5})", kJson);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

TEST_F(EmulatorApiTest, ManualCaptureAndBnplStatusPairs) {
  json manual = Order("pair-1", 1000, "VISA");
  manual["capture"] = "manual";
  ExpectSuccess(Post("/orders", manual));
  json order = SetStatus("pair-1", {{"status", "completed"}});
  EXPECT_EQ(order["status"], "completed");
  EXPECT_EQ(order["financial_status"], "initialized");

  ExpectSuccess(Post("/orders", Example("post-orders/klarna-direct.json")));
  order = SetStatus("my-order-id-1", {{"status", "completed"}});
  EXPECT_EQ(order["financial_status"], "uncleared");
  order = SetStatus("my-order-id-1", {{"status", "shipped"}});
  EXPECT_EQ(order["status"], "shipped");
  EXPECT_EQ(order["financial_status"], "uncleared");
}

// ---------------------------------------------------------------------------
// Refunds

TEST_F(EmulatorApiTest, RefundPartialThenFull) {
  CreatePaid(Order("rf-1", 1000));
  json refund = Example("refunds/refund.json");  // EUR 5.00
  json data = ExpectSuccess(Post("/orders/rf-1/refunds", refund));
  ASSERT_EQ(data.size(), 3u) << data;
  EXPECT_TRUE(data["transaction_id"].is_number_integer());
  EXPECT_TRUE(data["refund_id"].is_number_integer());
  EXPECT_EQ(data["order_id"], "refund-order-id-1234");
  json order = GetOrder("rf-1");
  EXPECT_EQ(order["status"], "partial_refunded");
  EXPECT_EQ(order["amount_refunded"], 500);
  ASSERT_EQ(order["related_transactions"].size(), 1u);
  EXPECT_EQ(order["related_transactions"][0]["type"], "refund");
  EXPECT_EQ(order["related_transactions"][0]["status"], "reserved");
  EXPECT_EQ(order["related_transactions"][0]["amount"], 500);

  // The bank hand-off completes it.
  auto res = client_->Post(
      "/__emulator/orders/rf-1/refunds/" +
          std::to_string(data["refund_id"].get<int64_t>()) + "/status",
      R"({"status": "completed"})", kJson);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(ParseJson(res->body)["data"]["related_transactions"][0]["status"],
            "completed");
  res = client_->Post("/__emulator/orders/rf-1/refunds/42/status",
                      R"({"status": "completed"})", kJson);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);

  // Amount 0 = the rest: 5.00 again, so after MultiSafepay's 5 minutes.
  clock_.Advance(absl::Minutes(5));
  ExpectSuccess(
      Post("/orders/rf-1/refunds", json{{"currency", "EUR"}, {"amount", 0}}));
  order = GetOrder("rf-1");
  EXPECT_EQ(order["status"], "refunded");
  EXPECT_EQ(order["amount_refunded"], 1000);
  EXPECT_EQ(order["related_transactions"].size(), 2u);
}

TEST_F(EmulatorApiTest, RefundErrors) {
  ExpectError(Post("/orders/nope/refunds", json{{"currency", "EUR"}}), 404,
              1006);
  ExpectSuccess(Post("/orders", Order("rf-2", 1000)));
  ExpectError(Post("/orders/rf-2/refunds", json{{"currency", "EUR"}}), 400,
              1034);  // not paid
  SetStatus("rf-2", {{"status", "completed"}});
  ExpectError(
      Post("/orders/rf-2/refunds", json{{"currency", "EUR"}, {"amount", 1001}}),
      400, 1034);  // more than was paid
  ExpectError(Post("/orders/rf-2/refunds", json{{"amount", 100}}), 400, 1002);
  ExpectError(
      Post("/orders/rf-2/refunds", json{{"currency", "USD"}, {"amount", 100}}),
      400, 1002);
  ExpectError(Post("/orders/rf-2/refunds",
                   json{{"currency", "EUR"}, {"amount", "1.5"}}),
              400, 1001);
  ExpectError(Post("/orders/rf-2/refunds", std::string("{\"currency\": ")), 400,
              1000);
  ExpectError(Post("/orders/rf-2/refunds", std::string("")), 400, 1002);
}

TEST_F(EmulatorApiTest, SameRefundAmountWithinFiveMinutesIs1034) {
  CreatePaid(Order("dup-1", 1000));
  const json refund = {{"currency", "EUR"}, {"amount", 200}};
  ExpectSuccess(Post("/orders/dup-1/refunds", refund));
  clock_.Advance(absl::Minutes(4));
  ExpectError(Post("/orders/dup-1/refunds", refund), 400, 1034);
  clock_.Advance(absl::Minutes(1));
  ExpectSuccess(Post("/orders/dup-1/refunds", refund));
  EXPECT_EQ(GetOrder("dup-1")["amount_refunded"], 400);
}

TEST_F(EmulatorApiTest, BnplRefundOfTheDocsExample) {
  // klarna-direct.json: one line of 100.00 in table "none" (0 %).
  CreatePaid(Example("post-orders/klarna-direct.json"),
             {{"status", "shipped"}});
  json data = ExpectSuccess(Post("/orders/my-order-id-1/refunds",
                                 Example("refunds/refundBNPL.json")));
  EXPECT_TRUE(data["refund_id"].is_number_integer());
  json order = GetOrder("my-order-id-1");
  EXPECT_EQ(order["amount_refunded"], 10000);
  EXPECT_EQ(order["status"], "refunded");
}

TEST_F(EmulatorApiTest, BnplRefundAmountIsExactHalfUp) {
  // A cart line of 2.50 at 9 %: its refund is 2.50 + 0.225 -> 2.73 exactly
  // (binary floating point gives 2.72). Sent as raw JSON text.
  const std::string order = R"({
    "type": "direct", "gateway": "KLARNA", "order_id": "bnpl-2",
    "currency": "EUR", "amount": 1273, "description": "Lamps",
    "customer": {"first_name": "Jan", "country": "NL"},
    "delivery": {"country": "NL", "email": "jan@example.com"},
    "shopping_cart": {"items": [
      {"name": "Lamp", "unit_price": 10.00, "quantity": 1,
       "tax_table_selector": "none"},
      {"name": "Bulb", "unit_price": 2.50, "quantity": 1,
       "tax_table_selector": "BTW9"}]},
    "checkout_options": {"tax_tables": {
      "default": {"rate": 0.21},
      "alternate": [{"name": "none", "rules": [{"rate": 0}]},
                    {"name": "BTW9", "rules": [{"rate": 0.09}]}]}}})";
  ExpectSuccess(Post("/orders", order));
  SetStatus("bnpl-2", {{"status", "shipped"}});
  ExpectSuccess(Post("/orders/bnpl-2/refunds", std::string(R"({
    "checkout_data": {"items": [
      {"name": "Lamp", "unit_price": 10.00, "quantity": 1,
       "tax_table_selector": "none"},
      {"name": "Bulb", "unit_price": 2.50, "quantity": 1,
       "tax_table_selector": "BTW9"},
      {"name": "Bulb", "unit_price": -2.50, "quantity": 1,
       "tax_table_selector": "BTW9"}]}})")));
  EXPECT_EQ(GetOrder("bnpl-2")["amount_refunded"], 273);
  // Lines are checked as at create.
  ExpectError(Post("/orders/bnpl-2/refunds", std::string(R"({
    "checkout_data": {"items": [{"name": "Bulb", "unit_price": "abc",
                                 "quantity": 1}]}})")),
              400, 1031);
}

// ---------------------------------------------------------------------------
// Manual capture

TEST_F(EmulatorApiTest, FullCaptureOfTheDocsExample) {
  json manual = Order("cap-1", 5000, "VISA");
  manual["capture"] = "manual";
  CreatePaid(manual);
  json data = ExpectSuccess(
      Post("/orders/cap-1/capture", Example("capture/fullCapture.json")));
  EXPECT_EQ(data.size(), 2u);
  EXPECT_EQ(data["order_id"], "my-order-id-01");
  EXPECT_TRUE(data["transaction_id"].is_number_integer());
  json order = GetOrder("cap-1");
  EXPECT_EQ(order["financial_status"], "completed");
  EXPECT_EQ(order["related_transactions"][0]["type"], "capture");
  EXPECT_EQ(order["related_transactions"][0]["amount"], 5000);
  json capture = GetOrder("my-order-id-01");
  EXPECT_EQ(capture["amount"], 5000);
  EXPECT_EQ(capture["auth_order_id"], "cap-1");
  // Nothing left to capture.
  ExpectError(Post("/orders/cap-1/capture", json::object()), 400, 1021);
}

TEST_F(EmulatorApiTest, PartialCaptures) {
  json manual = Order("cap-2", 5000, "VISA");
  manual["capture"] = "manual";
  CreatePaid(manual);
  json first = ExpectSuccess(
      Post("/orders/cap-2/capture", Example("capture/partialCapture.json")));
  EXPECT_EQ(first["order_id"], "my-order-id-01");
  EXPECT_EQ(GetOrder("my-order-id-01")["amount"], 2000);
  EXPECT_EQ(GetOrder("cap-2")["financial_status"], "initialized");
  ExpectError(Post("/orders/cap-2/capture", json{{"amount", 3001}}), 400, 1001);
  // No body: the remaining 30.00.
  json second = ExpectSuccess(Post("/orders/cap-2/capture", std::string("")));
  EXPECT_EQ(second["order_id"], "cap-2-capture-1");
  EXPECT_EQ(GetOrder("cap-2-capture-1")["amount"], 3000);
  EXPECT_EQ(GetOrder("cap-2")["financial_status"], "completed");
}

TEST_F(EmulatorApiTest, CaptureErrors) {
  ExpectError(Post("/orders/nope/capture", json::object()), 404, 1006);
  CreatePaid(Order("cap-3", 1000, "VISA"));  // not manual
  ExpectError(Post("/orders/cap-3/capture", json::object()), 400, 1021);
  json manual = Order("cap-4", 1000, "VISA");
  manual["capture"] = "manual";
  ExpectSuccess(Post("/orders", manual));  // not authorised yet
  ExpectError(Post("/orders/cap-4/capture", json::object()), 400, 1021);
  SetStatus("cap-4", {{"status", "completed"}});
  ExpectError(Post("/orders/cap-4/capture", json{{"new_order_id", "cap-3"}}),
              409, 1006);
}

// ---------------------------------------------------------------------------
// PATCH /orders/{order_id}

TEST_F(EmulatorApiTest, CancelOrder) {
  ExpectSuccess(Post("/orders", Order("up-1")));
  EXPECT_EQ(ExpectSuccess(Patch("/orders/up-1",
                                Example("patch-orders/cancelOrder.json"))),
            json::object());
  EXPECT_EQ(GetOrder("up-1")["status"], "cancelled");
  CreatePaid(Order("up-2"));
  ExpectError(Patch("/orders/up-2", Example("patch-orders/cancelOrder.json")),
              410, 1000);
  ExpectError(Patch("/orders/nope", Example("patch-orders/cancelOrder.json")),
              404, 1000);
}

TEST_F(EmulatorApiTest, ShipOrders) {
  ExpectSuccess(Post("/orders", Example("post-orders/pad.json")));  // 260.00
  ExpectError(
      Patch("/orders/my-order-id-1", Example("patch-orders/shipOrder.json")),
      410, 1000);  // not accepted yet
  SetStatus("my-order-id-1", {{"status", "completed"}});
  // partiallyShipOrder.json ships 125.00 ("12500" as a string).
  json data =
      ExpectSuccess(Patch("/orders/my-order-id-1",
                          Example("patch-orders/partiallyShipOrder.json")));
  EXPECT_EQ(data["order_id"], "my-order-id-1-shipment-1");
  EXPECT_TRUE(data["transaction_id"].is_number_integer());
  EXPECT_EQ(GetOrder("my-order-id-1-shipment-1")["amount"], 12500);
  EXPECT_EQ(GetOrder("my-order-id-1")["status"], "completed");
  EXPECT_EQ(ExpectSuccess(Patch("/orders/my-order-id-1",
                                Example("patch-orders/shipOrder.json"))),
            json::object());
  json order = GetOrder("my-order-id-1");
  EXPECT_EQ(order["status"], "shipped");
  EXPECT_EQ(order["financial_status"], "uncleared");
}

TEST_F(EmulatorApiTest, KlarnaExtensionAndInvalidUpdates) {
  CreatePaid(Example("post-orders/klarna-direct.json"));
  EXPECT_EQ(ExpectSuccess(Patch("/orders/my-order-id-1",
                                Example("patch-orders/extendKlarna.json"))),
            json::object());
  CreatePaid(Order("up-3"));
  ExpectError(Patch("/orders/up-3", Example("patch-orders/extendKlarna.json")),
              410, 1000);
  EXPECT_EQ(ExpectSuccess(Patch("/orders/up-3", json{{"invoice_id", "I-1"}})),
            json::object());
  ExpectError(Patch("/orders/up-3", json{{"status", "completed"}}), 400, 1000);
  ExpectError(Patch("/orders/up-3", json::object()), 400, 1000);
}

// ---------------------------------------------------------------------------
// Gateways

TEST_F(EmulatorApiTest, ListGateways) {
  json all = ExpectSuccess(Get("/gateways"));
  ASSERT_TRUE(all.is_array());
  EXPECT_EQ(all[0], json({{"id", "VISA"}, {"description", "Visa"}}));
  std::set<std::string> ids;
  int coupons = 0;
  for (const json& gateway : all) {
    ids.insert(gateway["id"].get<std::string>());
    coupons += gateway.value("type", "") == "coupon";
  }
  EXPECT_TRUE(ids.count("MISTERCASH"));
  EXPECT_FALSE(ids.count("CREDITCARD"));
  EXPECT_EQ(coupons, 1);

  json with_coupons = ExpectSuccess(Get("/gateways?include=coupons"));
  EXPECT_GT(with_coupons.size(), all.size() + 30);

  auto ids_of = [](const json& list) {
    std::set<std::string> out;
    for (const json& gateway : list) out.insert(gateway["id"]);
    return out;
  };
  std::set<std::string> belgium =
      ids_of(ExpectSuccess(Get("/gateways?country=BE&currency=EUR")));
  EXPECT_TRUE(belgium.count("MISTERCASH"));
  EXPECT_FALSE(belgium.count("IDEAL"));
  std::set<std::string> dollars =
      ids_of(ExpectSuccess(Get("/gateways?currency=usd")));
  EXPECT_TRUE(dollars.count("PAYPAL"));
  EXPECT_FALSE(dollars.count("MISTERCASH"));
  EXPECT_FALSE(ids_of(ExpectSuccess(Get("/gateways?country=NL&amount=4999")))
                   .count("IN3"));
  EXPECT_TRUE(ids_of(ExpectSuccess(Get("/gateways?country=NL&amount=5000")))
                  .count("IN3"));

  ExpectError(Get("/gateways?country=XX"), 400, 1018);
  ExpectError(Get("/gateways?currency=EURO"), 400, 1002);
  ExpectError(Get("/gateways?amount=-5"), 400, 1001);
  ExpectError(client_->Get("/v1/json/gateways"), 401, 1032);
}

TEST_F(EmulatorApiTest, GetGateway) {
  EXPECT_EQ(ExpectSuccess(Get("/gateways/mistercash")),
            json({{"id", "MISTERCASH"}, {"description", "Bancontact"}}));
  EXPECT_EQ(ExpectSuccess(Get("/gateways/iDEAL"))["id"], "IDEAL");
  ExpectError(Get("/gateways/PAYAFTER"), 404, 1023);
  ExpectError(client_->Get("/v1/json/gateways/IDEAL"), 401, 1032);
}

// ---------------------------------------------------------------------------
// Create-order validation per family

TEST_F(EmulatorApiTest, CreateValidationCodes) {
  const json klarna = Example("post-orders/klarna-direct.json");
  struct Case {
    const char* name;
    json body;
    int http_status;
    int code;
  };
  auto with = [&](const char* pointer, const json& value) {
    json body = klarna;
    body[json::json_pointer(pointer)] = value;
    return body;
  };
  json no_delivery = klarna;
  no_delivery.erase("delivery");
  json in3 = Example("post-orders/in3-redirect.json");
  in3["amount"] = 4999;
  in3["shopping_cart"]["items"][0]["unit_price"] = "49.99";
  json mbway = Example("post-orders/mbway-redirect.json");
  mbway["customer"].erase("phone");
  json bancontact_direct = Order("b-1", 1000, "MISTERCASH");
  bancontact_direct["type"] = "direct";
  const Case cases[] = {
      {"BNPL without delivery", no_delivery, 400, 1016},
      {"MB WAY without phone", mbway, 400, 1016},
      {"direct Bancontact", bancontact_direct, 404, 1023},
      {"in3 below EUR 50", in3, 404, 1023},
      {"two currencies", with("/shopping_cart/items/0/currency", "EUR"), 0, 0},
      {"cart currency", with("/shopping_cart/items/0/currency", "USD"), 400,
       1026},
      {"cart amount", with("/amount", 9999), 400, 1027},
      {"tax rate", with("/checkout_options/tax_tables/default/rate", 1.21), 400,
       1028},
      {"item tax table",
       with("/shopping_cart/items/0/tax_table_selector", "BTW21"), 400, 1029},
      {"item currency", with("/shopping_cart/items/0/currency", "E"), 400,
       1030},
      {"item price", with("/shopping_cart/items/0/unit_price", "1OO"), 400,
       1031},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    if (c.code == 0) {
      ExpectSuccess(Post("/orders", c.body));
    } else {
      ExpectError(Post("/orders", c.body), c.http_status, c.code);
    }
  }
  json two = klarna;
  two["shopping_cart"]["items"].push_back(two["shopping_cart"]["items"][0]);
  two["shopping_cart"]["items"][0]["currency"] = "EUR";
  two["shopping_cart"]["items"][1]["currency"] = "GBP";
  ExpectError(Post("/orders", two), 400, 1025);
}

TEST_F(EmulatorApiTest, CartTotalBoundaryFromRawJson) {
  // 2.50 at 9 %: 2.73 by MultiSafepay's half-up rule on exact decimals, 2.72
  // when summed as doubles.
  const std::string body = R"({
    "order_id": "raw-1", "currency": "EUR", "amount": 273,
    "description": "Bulb", "gateway": "IDEAL",
    "shopping_cart": {"items": [{"name": "Bulb", "unit_price": 2.50,
                                 "quantity": 1}]},
    "checkout_options": {"validate_cart": true,
                         "tax_tables": {"default": {"rate": 0.09}}}})";
  std::string naive = body;
  naive.replace(naive.find("273"), 3, "272");
  ExpectError(Post("/orders", naive), 400, 1027);
  ExpectSuccess(Post("/orders", body));
}

// ---------------------------------------------------------------------------
// Log, key and faults on the new endpoints

TEST_F(EmulatorApiTest, NewEndpointsAreLoggedAndNeedTheKey) {
  CreatePaid(Order("log-1"));
  client_->Delete("/__emulator/requests");
  ExpectSuccess(Post("/orders/log-1/refunds",
                     json{{"currency", "EUR"}, {"amount", 100}}));
  ExpectSuccess(Get("/gateways?country=NL"));
  ExpectError(client_->Patch("/v1/json/orders/log-1", {{"api_key", "wrong"}},
                             "{}", kJson),
              401, 1032);
  ExpectError(client_->Post("/v1/json/orders/log-1/capture", "{}", kJson), 401,
              1032);
  ExpectError(client_->Post("/v1/json/orders/log-1/refunds", "{}", kJson), 401,
              1032);
  auto res = client_->Get("/__emulator/requests");
  ASSERT_TRUE(res);
  json log = ParseJson(res->body);
  ASSERT_EQ(log.size(), 5u) << log;
  EXPECT_EQ(log[0]["method"], "POST");
  EXPECT_EQ(log[0]["path"], "/v1/json/orders/log-1/refunds");
  EXPECT_EQ(log[0]["body"], json({{"currency", "EUR"}, {"amount", 100}}));
  EXPECT_EQ(log[1]["query"], json({{"country", "NL"}}));
  EXPECT_EQ(log[2]["method"], "PATCH");
  EXPECT_EQ(log[2]["headers"]["api_key"], "REDACTED");
}

TEST_F(EmulatorApiTest, FaultAfterProcessingARefund) {
  CreatePaid(Order("flt-1"));
  auto armed = client_->Post("/__emulator/faults",
                             json{{"method", "POST"},
                                  {"path", "/v1/json/orders/*"},
                                  {"kind", "error"},
                                  {"http_status", 503},
                                  {"error_code", 9999},
                                  {"process_request", true}}
                                 .dump(),
                             kJson);
  ASSERT_TRUE(armed);
  ASSERT_EQ(armed->status, 200);
  ExpectError(
      Post("/orders/flt-1/refunds", json{{"currency", "EUR"}, {"amount", 100}}),
      503, 9999);
  // The refund happened; only the answer was lost. Retrying the same amount
  // at once is the duplicate MultiSafepay refuses.
  EXPECT_EQ(GetOrder("flt-1")["amount_refunded"], 100);
  ExpectError(
      Post("/orders/flt-1/refunds", json{{"currency", "EUR"}, {"amount", 100}}),
      400, 1034);
}

}  // namespace
}  // namespace msp_emulator
