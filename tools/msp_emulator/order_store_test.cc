// Copyright 2026 The msp-gateway Authors.

#include "tools/msp_emulator/order_store.h"

#include <regex>
#include <string>
#include <variant>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tools/msp_emulator/msp_error.h"

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
  ASSERT_EQ(data.size(), 3u) << data;
  EXPECT_EQ(data["order_id"], "order-1");
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

TEST_F(OrderStoreTest, ClearForgetsOrders) {
  CreateOk(store_, RedirectOrder());
  store_.Clear();
  EXPECT_EQ(store_.Get("order-1"), std::nullopt);
}

}  // namespace
}  // namespace msp_emulator
