// Copyright 2026 The msp-gateway Authors.

#include "emulator/order_store.h"

#include <regex>
#include <string>
#include <variant>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "emulator/exact_json.h"
#include "emulator/msp_error.h"
#include "emulator/order_lifecycle.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

constexpr char kHost[] = "https://testpayv2.multisafepay.com";

// A clock tests move by hand.
class FakeClock {
 public:
  absl::Time Now() const { return now_; }
  void Advance(absl::Duration d) { now_ += d; }

 private:
  absl::Time now_ = absl::FromCivil(absl::CivilSecond(2026, 3, 1, 16, 14, 2),
                                    absl::UTCTimeZone());
};

json RedirectOrder() {
  return {{"type", "redirect"},
          {"gateway", "MISTERCASH"},
          {"order_id", "order-1"},
          {"currency", "EUR"},
          {"amount", 995},
          {"description", "Candles"},
          {"var1", "v1"},
          {"customer",
           {{"locale", "nl_BE"},
            {"first_name", "Jan"},
            {"phone", "0612345678"},
            {"country", "BE"}}}};
}

json CreateOk(OrderStore& store, const json& body) {
  auto result = store.Create(body);
  EXPECT_TRUE(std::holds_alternative<json>(result));
  return std::holds_alternative<json>(result) ? std::get<json>(result) : json();
}

class OrderStoreTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  OrderStore store_{kHost, [this] { return clock_.Now(); }};
};

TEST_F(OrderStoreTest, RedirectAnswersPaymentUrlAndSession) {
  json data = CreateOk(store_, RedirectOrder());
  ASSERT_EQ(data.size(), 6u) << data;
  EXPECT_EQ(data["order_id"], "order-1");
  EXPECT_EQ(data["events_url"], "wss://testapi.multisafepay.com/events/");
  EXPECT_EQ(data["events_stream_url"],
            "https://testapi.multisafepay.com/events/stream/");
  EXPECT_TRUE(std::regex_match(
      data["events_token"].get<std::string>(),
      std::regex(R"([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)")))
      << data["events_token"];
  const std::string session = data["session_id"];
  EXPECT_TRUE(std::regex_match(session, std::regex("[A-Za-z0-9]{35}")))
      << session;
  EXPECT_EQ(data["payment_url"],
            std::string(kHost) + "/connect/" + session + "/?lang=nl_BE");
}

TEST_F(OrderStoreTest, PaymentUrlDefaultsToEnglish) {
  json body = RedirectOrder();
  body.erase("customer");
  json data = CreateOk(store_, body);
  EXPECT_TRUE(data["payment_url"].get<std::string>().size() > 0);
  EXPECT_NE(data["payment_url"].get<std::string>().find("/?lang=en_US"),
            std::string::npos);
}

TEST_F(OrderStoreTest, GetAnswersTheOrderObject) {
  CreateOk(store_, RedirectOrder());
  auto order = store_.Get("order-1");
  ASSERT_TRUE(order.has_value());
  const json& o = *order;
  EXPECT_EQ(o["order_id"], "order-1");
  EXPECT_TRUE(o["transaction_id"].is_number_integer());
  EXPECT_GE(o["transaction_id"].get<int64_t>(), 1000000000000000);
  EXPECT_LE(o["transaction_id"].get<int64_t>(), 9999999999999999);
  EXPECT_EQ(o["created"], "2026-03-01T16:14:02");
  EXPECT_EQ(o["modified"], "2026-03-01T16:14:02");
  EXPECT_EQ(o["completed"], nullptr);
  EXPECT_EQ(o["currency"], "EUR");
  EXPECT_EQ(o["amount"], 995);
  EXPECT_EQ(o["amount_refunded"], 0);
  EXPECT_EQ(o["description"], "Candles");
  EXPECT_EQ(o["var1"], "v1");
  EXPECT_EQ(o["var2"], nullptr);
  EXPECT_EQ(o["status"], "initialized");
  EXPECT_EQ(o["financial_status"], "initialized");
  EXPECT_EQ(o["customer"]["locale"], "nl_BE");
  EXPECT_EQ(o["customer"]["first_name"], "Jan");
  EXPECT_EQ(o["customer"]["phone1"], "0612345678");
  EXPECT_EQ(o["customer"]["country"], "BE");
  EXPECT_EQ(o["customer"]["last_name"], nullptr);
  EXPECT_FALSE(o["customer"].contains("phone"));
  EXPECT_EQ(o["payment_details"]["type"], "MISTERCASH");
  EXPECT_EQ(o["payment_methods"], json::array());
  EXPECT_EQ(o["costs"], json::array());
  EXPECT_EQ(o["related_transactions"], nullptr);
  EXPECT_EQ(o["fastcheckout"], "NO");
  EXPECT_FALSE(o.contains("payment_url"));
}

TEST_F(OrderStoreTest, GetOfUnknownOrderIsEmpty) {
  EXPECT_EQ(store_.Get("nope"), std::nullopt);
}

TEST_F(OrderStoreTest, DirectAnswersTheOrderObjectWithPaymentUrl) {
  json body = RedirectOrder();
  body["type"] = "direct";
  body["gateway"] = "iDEAL";
  json data = CreateOk(store_, body);
  EXPECT_EQ(data["status"], "initialized");
  EXPECT_EQ(data["payment_details"]["type"], "IDEAL");
  EXPECT_TRUE(data["transaction_id"].is_number_integer());
  EXPECT_EQ(data["transaction_id"].dump().size(), 16u);
  EXPECT_TRUE(std::regex_match(
      data["payment_url"].get<std::string>(),
      std::regex(
          R"(https://testpayv2\.multisafepay\.com/connect/[A-Za-z0-9]{35}/\?lang=nl_BE)")))
      << data["payment_url"];
}

TEST_F(OrderStoreTest, RepostOfUnpaidOrderStartsANewTransaction) {
  json first = CreateOk(store_, RedirectOrder());
  const int64_t first_transaction = (*store_.Get("order-1"))["transaction_id"];
  ASSERT_TRUE(store_.SetStatus("order-1", "declined", std::nullopt).ok());
  clock_.Advance(absl::Minutes(5));

  json body = RedirectOrder();
  body["amount"] = 1995;
  json second = CreateOk(store_, body);
  EXPECT_NE(second["session_id"], first["session_id"]);
  EXPECT_NE(second["payment_url"], first["payment_url"]);

  json order = *store_.Get("order-1");
  EXPECT_NE(order["transaction_id"].get<int64_t>(), first_transaction);
  EXPECT_EQ(order["amount"], 1995);
  EXPECT_EQ(order["status"], "initialized");
  EXPECT_EQ(order["created"], "2026-03-01T16:14:02");
  EXPECT_EQ(order["modified"], "2026-03-01T16:19:02");
}

TEST_F(OrderStoreTest, RepostOfPaidOrderIs1006) {
  for (const char* status :
       {"completed", "shipped", "refunded", "partial_refunded", "chargeback"}) {
    store_.Clear();
    CreateOk(store_, RedirectOrder());
    ASSERT_TRUE(store_.SetStatus("order-1", status, std::nullopt).ok());
    auto result = store_.Create(RedirectOrder());
    ASSERT_TRUE(std::holds_alternative<MspError>(result)) << status;
    EXPECT_EQ(std::get<MspError>(result), OrderAlreadyPaidError());
    EXPECT_EQ(std::get<MspError>(result).code, 1006);
  }
}

TEST_F(OrderStoreTest, SetStatusPairsTheFinancialStatus) {
  CreateOk(store_, RedirectOrder());
  struct Case {
    const char* status;
    const char* financial_status;
  };
  for (const Case& c :
       {Case{"completed", "completed"}, Case{"void", "cancelled"},
        Case{"expired", "expired"}, Case{"declined", "declined"},
        Case{"uncleared", "uncleared"}, Case{"cancelled", "cancelled"},
        Case{"initialized", "initialized"}}) {
    ASSERT_TRUE(store_.SetStatus("order-1", c.status, std::nullopt).ok());
    json order = *store_.Get("order-1");
    EXPECT_EQ(order["status"], c.status);
    EXPECT_EQ(order["financial_status"], c.financial_status) << c.status;
  }
  ASSERT_TRUE(store_.SetStatus("order-1", "completed", "initialized").ok());
  EXPECT_EQ((*store_.Get("order-1"))["financial_status"], "initialized");
}

TEST_F(OrderStoreTest, CompletionIsTimestamped) {
  CreateOk(store_, RedirectOrder());
  clock_.Advance(absl::Seconds(90));
  ASSERT_TRUE(store_.SetStatus("order-1", "completed", std::nullopt).ok());
  json order = *store_.Get("order-1");
  EXPECT_EQ(order["completed"], "2026-03-01T16:15:32");
  EXPECT_EQ(order["modified"], "2026-03-01T16:15:32");
}

TEST_F(OrderStoreTest, RefundedOrderReportsAmountRefunded) {
  CreateOk(store_, RedirectOrder());
  ASSERT_TRUE(store_.SetStatus("order-1", "refunded", std::nullopt).ok());
  EXPECT_EQ((*store_.Get("order-1"))["amount_refunded"], 995);
}

TEST_F(OrderStoreTest, SetStatusErrors) {
  EXPECT_TRUE(
      absl::IsNotFound(store_.SetStatus("nope", "completed", std::nullopt)));
  CreateOk(store_, RedirectOrder());
  EXPECT_TRUE(absl::IsInvalidArgument(
      store_.SetStatus("order-1", "paid", std::nullopt)));
}

TEST_F(OrderStoreTest, EchoesCartAndTaxTablesWithoutWrapper) {
  json body = RedirectOrder();
  body["type"] = "checkout";
  body["shopping_cart"] = {{"items", json::array({{{"name", "Candle"}}})}};
  body["checkout_options"] = {{"tax_tables", {{"default", {{"rate", 0.21}}}}}};
  CreateOk(store_, body);
  json order = *store_.Get("order-1");
  EXPECT_EQ(order["shopping_cart"]["items"][0]["name"], "Candle");
  EXPECT_EQ(order["checkout_options"]["default"]["rate"], 0.21);
  EXPECT_EQ(order["fastcheckout"], "YES");
}

// ---------------------------------------------------------------------------
// Lifecycle through the store (rules in order_lifecycle.h).

json DataOf(const std::variant<json, MspError>& result) {
  EXPECT_TRUE(std::holds_alternative<json>(result))
      << (std::holds_alternative<MspError>(result)
              ? std::get<MspError>(result).info
              : "");
  return std::holds_alternative<json>(result) ? std::get<json>(result) : json();
}

MspError ErrorOf(const std::variant<json, MspError>& result) {
  EXPECT_TRUE(std::holds_alternative<MspError>(result))
      << (std::holds_alternative<json>(result) ? std::get<json>(result).dump()
                                               : "");
  return std::holds_alternative<MspError>(result) ? std::get<MspError>(result)
                                                  : MspError{0, 0, ""};
}

ExactJson Body(const json& body) { return ExactJson::FromDom(body); }

json Refund(int64_t amount) {
  return {{"currency", "EUR"}, {"amount", amount}};
}

TEST_F(OrderStoreTest, RefundsPartialThenFull) {
  CreateOk(store_, RedirectOrder());  // EUR 9.95
  ASSERT_TRUE(store_.SetStatus("order-1", "completed", std::nullopt).ok());
  json first = DataOf(store_.Refund("order-1", Body(Refund(300))));
  EXPECT_TRUE(first["transaction_id"].is_number_integer());
  EXPECT_TRUE(first["refund_id"].is_number_integer());
  EXPECT_NE(first["transaction_id"], first["refund_id"]);
  EXPECT_EQ(first["order_id"], "order-1");
  json order = *store_.Get("order-1");
  EXPECT_EQ(order["status"], "partial_refunded");
  EXPECT_EQ(order["financial_status"], "completed");
  EXPECT_EQ(order["amount_refunded"], 300);
  ASSERT_EQ(order["related_transactions"].size(), 1u);
  const json& related = order["related_transactions"][0];
  EXPECT_EQ(related["type"], "refund");
  EXPECT_EQ(related["status"], "reserved");
  EXPECT_EQ(related["amount"], 300);
  EXPECT_EQ(related["currency"], "EUR");
  EXPECT_EQ(related["transaction_id"], first["transaction_id"]);
  EXPECT_EQ(related["refund_id"], first["refund_id"]);
  EXPECT_EQ(related["reference_transaction_id"], order["transaction_id"]);
  EXPECT_EQ(related["created"], "2026-03-01T16:14:02");

  // No amount: the rest (6.95).
  json second = DataOf(store_.Refund(
      "order-1", Body({{"currency", "EUR"}, {"refund_order_id", "r-2"}})));
  EXPECT_EQ(second["order_id"], "r-2");
  order = *store_.Get("order-1");
  EXPECT_EQ(order["status"], "refunded");
  EXPECT_EQ(order["amount_refunded"], 995);
  EXPECT_EQ(order["related_transactions"][1]["amount"], 695);
  EXPECT_EQ(order["related_transactions"][1]["order_id"], "r-2");
  EXPECT_EQ(ErrorOf(store_.Refund("order-1", Body(Refund(1)))).code, 1034);
}

TEST_F(OrderStoreTest, RefundErrors) {
  CreateOk(store_, RedirectOrder());
  EXPECT_EQ(ErrorOf(store_.Refund("nope", Body(Refund(100)))),
            OrderNotFoundError());
  MspError unpaid = ErrorOf(store_.Refund("order-1", Body(Refund(100))));
  EXPECT_EQ(unpaid.code, 1034);
  EXPECT_EQ(unpaid.http_status, 400);
  ASSERT_TRUE(store_.SetStatus("order-1", "completed", std::nullopt).ok());
  EXPECT_EQ(ErrorOf(store_.Refund("order-1", Body(Refund(996)))).code, 1034);
  EXPECT_EQ(ErrorOf(store_.Refund("order-1", Body({{"amount", 100}}))).code,
            1002);
  EXPECT_EQ(ErrorOf(store_.Refund("order-1",
                                  Body({{"currency", "USD"}, {"amount", 1}})))
                .code,
            1002);
  for (const json& amount : {json(-1), json(1.5), json("ten"), json(true)}) {
    EXPECT_EQ(ErrorOf(store_.Refund("order-1", Body({{"currency", "EUR"},
                                                     {"amount", amount}})))
                  .code,
              1001)
        << amount;
  }
  EXPECT_EQ(
      ErrorOf(store_.Refund("order-1",
                            Body({{"currency", "EUR"},
                                  {"refund_order_id", std::string(51, 'r')}})))
          .code,
      1006);
  EXPECT_EQ(ErrorOf(store_.Refund("order-1", Body(json::array()))).code, 1000);
  // Nothing was refunded by the failures.
  EXPECT_EQ((*store_.Get("order-1"))["amount_refunded"], 0);
  EXPECT_EQ((*store_.Get("order-1"))["status"], "completed");
}

TEST_F(OrderStoreTest, SameRefundAmountWithinFiveMinutesIs1034) {
  CreateOk(store_, RedirectOrder());
  ASSERT_TRUE(store_.SetStatus("order-1", "completed", std::nullopt).ok());
  DataOf(store_.Refund("order-1", Body(Refund(100))));
  clock_.Advance(absl::Minutes(4) + absl::Seconds(59));
  MspError duplicate = ErrorOf(store_.Refund("order-1", Body(Refund(100))));
  EXPECT_EQ(duplicate.code, 1034);
  EXPECT_NE(duplicate.info.find("5 minutes"), std::string::npos);
  DataOf(store_.Refund("order-1", Body(Refund(101))));  // another amount
  clock_.Advance(absl::Seconds(1));
  DataOf(store_.Refund("order-1", Body(Refund(100))));
  EXPECT_EQ((*store_.Get("order-1"))["amount_refunded"], 301);
}

TEST_F(OrderStoreTest, RefundStatusControl) {
  CreateOk(store_, RedirectOrder());
  ASSERT_TRUE(store_.SetStatus("order-1", "completed", std::nullopt).ok());
  json refund = DataOf(store_.Refund("order-1", Body(Refund(995))));
  const int64_t refund_id = refund["refund_id"];
  clock_.Advance(absl::Hours(8));
  ASSERT_TRUE(store_.SetRefundStatus("order-1", refund_id, "completed").ok());
  json order = *store_.Get("order-1");
  EXPECT_EQ(order["related_transactions"][0]["status"], "completed");
  EXPECT_EQ(order["related_transactions"][0]["modified"],
            "2026-03-02T00:14:02");
  EXPECT_EQ(order["status"], "refunded");
  // Voiding gives the money back.
  ASSERT_TRUE(store_.SetRefundStatus("order-1", refund_id, "void").ok());
  order = *store_.Get("order-1");
  EXPECT_EQ(order["status"], "completed");
  EXPECT_EQ(order["amount_refunded"], 0);
  EXPECT_TRUE(absl::IsNotFound(store_.SetRefundStatus("order-1", 1, "void")));
  EXPECT_TRUE(absl::IsNotFound(store_.SetRefundStatus("x", refund_id, "void")));
  EXPECT_TRUE(absl::IsInvalidArgument(
      store_.SetRefundStatus("order-1", refund_id, "done")));
}

json KlarnaOrder() {
  // 100.00 at 0 % and 35.00 at 9 %: 138.15.
  json body = RedirectOrder();
  body["gateway"] = "KLARNA";
  body["amount"] = 13815;
  body["currency"] = "EUR";
  body["delivery"] = {{"country", "NL"}, {"email", "jan@example.com"}};
  body["shopping_cart"] = {{"items",
                            {{{"name", "Lamp"},
                              {"unit_price", 100},
                              {"quantity", 1},
                              {"tax_table_selector", "none"}},
                             {{"name", "Book"},
                              {"unit_price", "35.00"},
                              {"quantity", 1},
                              {"tax_table_selector", "BTW9"}}}}};
  body["checkout_options"] = {
      {"tax_tables",
       {{"default", {{"rate", 0.21}}},
        {"alternate",
         {{{"name", "none"}, {"rules", {{{"rate", 0}}}}},
          {{"name", "BTW9"}, {"rules", {{{"rate", "0.09"}}}}}}}}}};
  return body;
}

TEST_F(OrderStoreTest, BnplRefundPricesTheNegativeLines) {
  json body = KlarnaOrder();
  CreateOk(store_, body);
  ASSERT_TRUE(store_.SetStatus("order-1", "shipped", std::nullopt).ok());
  json items = body["shopping_cart"]["items"];
  json refund_line = items[1];
  refund_line["unit_price"] = "-35.00";
  items.push_back(refund_line);
  DataOf(
      store_.Refund("order-1", Body({{"checkout_data", {{"items", items}}}})));
  json order = *store_.Get("order-1");
  EXPECT_EQ(order["amount_refunded"], 3815);  // 35.00 + 9 % VAT
  EXPECT_EQ(order["status"], "partial_refunded");

  // A refund without negative lines refunds nothing.
  EXPECT_EQ(ErrorOf(store_.Refund(
                        "order-1",
                        Body({{"checkout_data",
                               {{"items", body["shopping_cart"]["items"]}}}})))
                .code,
            1034);
  // Lines are checked as at create.
  refund_line["tax_table_selector"] = "BTW42";
  EXPECT_EQ(ErrorOf(store_.Refund(
                        "order-1",
                        Body({{"checkout_data", {{"items", {refund_line}}}}})))
                .code,
            1029);
}

json ManualOrder() {
  json body = RedirectOrder();
  body["gateway"] = "VISA";
  body["capture"] = "manual";
  body["amount"] = 5000;
  return body;
}

TEST_F(OrderStoreTest, ManualCaptureAuthorisesThenCapturesInFull) {
  CreateOk(store_, ManualOrder());
  ASSERT_TRUE(store_.SetStatus("order-1", "completed", std::nullopt).ok());
  json order = *store_.Get("order-1");
  EXPECT_EQ(order["status"], "completed");
  EXPECT_EQ(order["financial_status"], "initialized");  // authorised
  // Not captured, so not refundable.
  EXPECT_EQ(ErrorOf(store_.Refund("order-1", Body(Refund(100)))).code, 1034);

  json capture = DataOf(store_.Capture("order-1", Body(json::object())));
  EXPECT_EQ(capture["order_id"], "order-1");
  EXPECT_TRUE(capture["transaction_id"].is_number_integer());
  order = *store_.Get("order-1");
  EXPECT_EQ(order["financial_status"], "completed");
  ASSERT_EQ(order["related_transactions"].size(), 1u);
  EXPECT_EQ(order["related_transactions"][0]["type"], "capture");
  EXPECT_EQ(order["related_transactions"][0]["amount"], 5000);
  EXPECT_EQ(order["related_transactions"][0]["transaction_id"],
            capture["transaction_id"]);
  // Captured, so refundable; and not capturable again.
  DataOf(store_.Refund("order-1", Body(Refund(100))));
  EXPECT_EQ(ErrorOf(store_.Capture("order-1", Body(json::object()))).code,
            1021);
}

TEST_F(OrderStoreTest, PartialCapturesCreateCaptureOrders) {
  CreateOk(store_, ManualOrder());
  ASSERT_TRUE(store_.SetStatus("order-1", "completed", std::nullopt).ok());
  json first = DataOf(
      store_.Capture("order-1", Body({{"amount", 2000},
                                      {"new_order_id", "cap-1"},
                                      {"new_order_status", "completed"}})));
  EXPECT_EQ(first["order_id"], "cap-1");
  json capture_order = *store_.Get("cap-1");
  EXPECT_EQ(capture_order["amount"], 2000);
  EXPECT_EQ(capture_order["status"], "completed");
  EXPECT_EQ(capture_order["financial_status"], "completed");
  EXPECT_EQ(capture_order["auth_order_id"], "order-1");
  EXPECT_EQ(capture_order["transaction_id"], first["transaction_id"]);
  EXPECT_EQ((*store_.Get("order-1"))["financial_status"], "initialized");

  EXPECT_EQ(ErrorOf(store_.Capture("order-1", Body({{"amount", 3001}}))).code,
            1001);
  EXPECT_EQ(
      ErrorOf(store_.Capture("order-1", Body({{"new_order_id", "cap-1"}})))
          .http_status,
      409);
  EXPECT_EQ(ErrorOf(store_.Capture("order-1",
                                   Body({{"new_order_status", "shipped"}})))
                .code,
            1000);
  // The rest, under a generated order_id.
  json second = DataOf(store_.Capture("order-1", Body(json::object())));
  EXPECT_EQ(second["order_id"], "order-1-capture-1");
  EXPECT_EQ((*store_.Get("order-1-capture-1"))["amount"], 3000);
  json order = *store_.Get("order-1");
  EXPECT_EQ(order["financial_status"], "completed");
  EXPECT_EQ(order["related_transactions"].size(), 2u);
}

TEST_F(OrderStoreTest, CaptureErrors) {
  EXPECT_EQ(ErrorOf(store_.Capture("nope", Body(json::object()))),
            OrderNotFoundError());
  CreateOk(store_, RedirectOrder());
  ASSERT_TRUE(store_.SetStatus("order-1", "completed", std::nullopt).ok());
  MspError not_manual =
      ErrorOf(store_.Capture("order-1", Body(json::object())));
  EXPECT_EQ(not_manual.code, 1021);
  EXPECT_EQ(not_manual.http_status, 400);
  json manual = ManualOrder();
  manual["order_id"] = "m-1";
  CreateOk(store_, manual);
  EXPECT_EQ(ErrorOf(store_.Capture("m-1", Body(json::object()))).code, 1021);
  ASSERT_TRUE(store_.SetStatus("m-1", "completed", std::nullopt).ok());
  EXPECT_EQ(ErrorOf(store_.Capture("m-1", Body({{"amount", 0}}))).code, 1001);
  EXPECT_EQ(ErrorOf(store_.Capture("m-1", Body({{"amount", "x"}}))).code, 1001);
}

TEST_F(OrderStoreTest, UpdateCancelsOnlyUnpaidOrders) {
  EXPECT_EQ(ErrorOf(store_.Update("nope", Body({{"status", "cancelled"}}))),
            UpdateOrderNotFoundError());
  CreateOk(store_, RedirectOrder());
  json cancel = {{"status", "cancelled"}, {"exclude_order", true}};
  EXPECT_EQ(DataOf(store_.Update("order-1", Body(cancel))), json::object());
  json order = *store_.Get("order-1");
  EXPECT_EQ(order["status"], "cancelled");
  EXPECT_EQ(order["financial_status"], "cancelled");
  EXPECT_EQ(DataOf(store_.Update("order-1", Body(cancel))), json::object());

  json paid = RedirectOrder();
  paid["order_id"] = "paid";
  CreateOk(store_, paid);
  ASSERT_TRUE(store_.SetStatus("paid", "completed", std::nullopt).ok());
  MspError error = ErrorOf(store_.Update("paid", Body(cancel)));
  EXPECT_EQ(error, OrderNotUpdatableError());
  EXPECT_EQ(error.http_status, 410);
  EXPECT_EQ(error.code, 1000);
  EXPECT_EQ((*store_.Get("paid"))["status"], "completed");
}

TEST_F(OrderStoreTest, UpdateShipsPaidOrders) {
  CreateOk(store_, KlarnaOrder());
  json ship = {{"status", "shipped"},
               {"tracktrace_code", "3SMSP0123456789"},
               {"carrier", "MSP Logistics"},
               {"invoice_id", "AB12345"}};
  EXPECT_EQ(ErrorOf(store_.Update("order-1", Body(ship))).http_status, 410);
  ASSERT_TRUE(store_.SetStatus("order-1", "completed", std::nullopt).ok());
  // A BNPL order is accepted, not paid out: completed/uncleared.
  EXPECT_EQ((*store_.Get("order-1"))["financial_status"], "uncleared");
  EXPECT_EQ(DataOf(store_.Update("order-1", Body(ship))), json::object());
  json order = *store_.Get("order-1");
  EXPECT_EQ(order["status"], "shipped");
  EXPECT_EQ(order["financial_status"], "uncleared");
}

TEST_F(OrderStoreTest, PartialShipmentCreatesAShipmentOrder) {
  CreateOk(store_, KlarnaOrder());
  ASSERT_TRUE(store_.SetStatus("order-1", "completed", std::nullopt).ok());
  json data = DataOf(store_.Update(
      "order-1", Body({{"status", "shipped"}, {"amount", "3815"}})));
  EXPECT_EQ(data["order_id"], "order-1-shipment-1");
  EXPECT_TRUE(data["transaction_id"].is_number_integer());
  json shipment = *store_.Get("order-1-shipment-1");
  EXPECT_EQ(shipment["amount"], 3815);
  EXPECT_EQ(shipment["status"], "shipped");
  EXPECT_EQ((*store_.Get("order-1"))["status"], "completed");
  EXPECT_EQ(ErrorOf(store_.Update("order-1", Body({{"status", "shipped"},
                                                   {"amount", 10001}})))
                .code,
            1001);
  // The rest: the order itself is shipped.
  EXPECT_EQ(DataOf(store_.Update(
                "order-1", Body({{"status", "shipped"}, {"amount", 10000}}))),
            json::object());
  EXPECT_EQ((*store_.Get("order-1"))["status"], "shipped");
}

TEST_F(OrderStoreTest, OtherUpdates) {
  CreateOk(store_, KlarnaOrder());
  EXPECT_EQ(DataOf(store_.Update("order-1", Body({{"invoice_id", "INV-1"}}))),
            json::object());
  json extend = {{"extend_expiration", true}, {"reason", "Shipment is late"}};
  EXPECT_EQ(ErrorOf(store_.Update("order-1", Body(extend))).http_status, 410);
  ASSERT_TRUE(store_.SetStatus("order-1", "completed", std::nullopt).ok());
  EXPECT_EQ(DataOf(store_.Update("order-1", Body(extend))), json::object());
  for (const json& bad : {json::object(), json({{"status", "completed"}}),
                          json({{"status", 7}}), json({{"reason", "why"}})}) {
    MspError error = ErrorOf(store_.Update("order-1", Body(bad)));
    EXPECT_EQ(error.code, 1000) << bad;
    EXPECT_EQ(error.http_status, 400) << bad;
  }
  // Extending is Klarna's.
  json other = RedirectOrder();
  other["order_id"] = "o-2";
  CreateOk(store_, other);
  ASSERT_TRUE(store_.SetStatus("o-2", "completed", std::nullopt).ok());
  EXPECT_EQ(ErrorOf(store_.Update("o-2", Body(extend))).http_status, 410);
}

TEST_F(OrderStoreTest, PaymentDataAppearsWithThePayment) {
  json body = RedirectOrder();
  body["gateway"] = "VISA";
  body["customer"]["last_name"] = "Peeters";
  CreateOk(store_, body);
  json order = *store_.Get("order-1");
  EXPECT_EQ(order["payment_methods"], json::array());
  EXPECT_FALSE(order["payment_details"].contains("last4"));

  StatusChange declined;
  declined.status = "declined";
  declined.reason = "3DS Authentication Failed / Card authentication failed";
  declined.reason_code = "3001";
  ASSERT_TRUE(store_.SetStatus("order-1", declined).ok());
  order = *store_.Get("order-1");
  EXPECT_EQ(order["reason"], declined.reason);
  EXPECT_EQ(order["reason_code"], "3001");
  EXPECT_EQ(order["payment_details"]["last4"], "1111");
  EXPECT_EQ(order["payment_details"]["card_expiry_date"], "3012");
  // 3-D Secure failed: MultiSafepay's getOrderFailed3DS.json says "08".
  EXPECT_EQ(order["payment_details"]["response_code"], "08");
  EXPECT_EQ(order["payment_details"]["account_holder_name"], "Jan Peeters");
  EXPECT_EQ(order["payment_methods"][0]["status"], "declined");
  EXPECT_EQ(order["payment_methods"][0]["payment_description"], "Visa");
  EXPECT_EQ(order["costs"], json::array());  // nothing collected

  ASSERT_TRUE(store_.SetStatus("order-1", "completed", std::nullopt).ok());
  order = *store_.Get("order-1");
  EXPECT_EQ(order["payment_details"]["response_code"], "00");
  EXPECT_EQ(order["payment_methods"][0]["status"], "completed");
  EXPECT_EQ(order["payment_methods"][0]["amount"], 995);
  ASSERT_EQ(order["costs"].size(), 1u);
  EXPECT_EQ(order["costs"][0]["amount"].dump(), "0.35");
  EXPECT_EQ(order["costs"][0]["description"], "0.35 EUR For Visa Transactions");
  EXPECT_EQ(order["costs"][0]["type"], "SYSTEM");
}

TEST_F(OrderStoreTest, BankingPaymentDetailsAreMasked) {
  json body = RedirectOrder();
  body.erase("gateway");  // payment page
  CreateOk(store_, body);
  StatusChange paid;
  paid.status = "completed";
  paid.gateway = "ideal";
  ASSERT_TRUE(store_.SetStatus("order-1", paid).ok());
  json order = *store_.Get("order-1");
  EXPECT_EQ(order["payment_details"]["type"], "IDEAL");
  EXPECT_EQ(order["payment_details"]["account_iban"], "*** 0001");
  EXPECT_EQ(order["payment_details"]["account_bic"], "ABNANL2A");
  EXPECT_EQ(order["payment_methods"][0]["type"], "IDEAL");
  EXPECT_EQ(order["payment_methods"][0]["payment_description"], "iDEAL");
  EXPECT_EQ(order["costs"][0]["amount"].dump(), "0.29");
  StatusChange unknown;
  unknown.status = "completed";
  unknown.gateway = "BITCOIN";
  EXPECT_TRUE(absl::IsInvalidArgument(store_.SetStatus("order-1", unknown)));
}

TEST_F(OrderStoreTest, ClearForgetsOrders) {
  CreateOk(store_, RedirectOrder());
  store_.Clear();
  EXPECT_EQ(store_.Get("order-1"), std::nullopt);
}

}  // namespace
}  // namespace msp_emulator
