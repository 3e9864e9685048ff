// Copyright 2026 The msp-gateway Authors.
//
// The emulator over real sockets: an in-process Emulator on 127.0.0.1, port
// 0, driven by httplib::Client as the gateway would drive MultiSafepay.

#include "emulator/emulator.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "tests/harness/test_files.h"

namespace msp_emulator {
namespace {

using ::msp_gateway::testing::ReadTestFile;
using nlohmann::json;

constexpr char kKey[] = "test-api-key-0001";
constexpr char kJson[] = "application/json";
// Bazel runs tests from the runfiles root of the workspace.
constexpr char kExamplesDir[] =
    "third_party/multisafepay-openapi/components/examples/requests/post-orders";

json ParseJson(const std::string& text) {
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(value.is_discarded()) << text;
  return value;
}

json MinimalOrder(const std::string& order_id = "order-1") {
  return {{"order_id", order_id},
          {"currency", "EUR"},
          {"amount", 1000},
          {"description", "Two candles"}};
}

class EmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override { StartEmulator(kKey); }

  void StartEmulator(const std::string& api_key) {
    EmulatorOptions options;
    options.api_key = api_key;
    emulator_ = std::make_unique<Emulator>(options);
    absl::StatusOr<int> port = emulator_->Start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_connection_timeout(2, 0);
    client_->set_read_timeout(5, 0);
  }

  httplib::Result PostOrder(const json& body,
                            const httplib::Headers& headers = {
                                {"api_key", kKey}}) {
    return client_->Post("/v1/json/orders", headers, body.dump(), kJson);
  }

  httplib::Result GetOrder(const std::string& encoded_order_id) {
    return client_->Get("/v1/json/orders/" + encoded_order_id,
                        {{"api_key", kKey}});
  }

  // Asserts an MSP error envelope with this status and code.
  void ExpectError(const httplib::Result& res, int http_status,
                   int error_code) {
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, http_status) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), kJson);
    json body = ParseJson(res->body);
    EXPECT_EQ(body["success"], false) << res->body;
    EXPECT_EQ(body["data"], json::object()) << res->body;
    EXPECT_EQ(body["error_code"], error_code) << res->body;
    EXPECT_TRUE(body["error_info"].is_string()) << res->body;
  }

  // The `data` of a success envelope (asserting it is one).
  json ExpectSuccess(const httplib::Result& res) {
    EXPECT_TRUE(res) << httplib::to_string(res.error());
    if (!res) return json();
    EXPECT_EQ(res->status, 200) << res->body;
    json body = ParseJson(res->body);
    EXPECT_EQ(body["success"], true) << res->body;
    return body["data"];
  }

  json RequestLog() {
    auto res = client_->Get("/__emulator/requests");
    EXPECT_TRUE(res);
    if (!res) return json();
    EXPECT_EQ(res->status, 200);
    return ParseJson(res->body);
  }

  httplib::Result SetStatus(const std::string& encoded_order_id,
                            const json& body) {
    return client_->Post("/__emulator/orders/" + encoded_order_id + "/status",
                         body.dump(), kJson);
  }

  void ArmFault(const json& spec) {
    auto res = client_->Post("/__emulator/faults", spec.dump(), kJson);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  // A control call that must answer 200 with JSON; its body.
  json Control(const std::string& method, const std::string& path,
               const json& body = nullptr) {
    httplib::Result res =
        method == "GET"
            ? client_->Get(path)
            : client_->Post(path, body.is_null() ? "" : body.dump(), kJson);
    EXPECT_TRUE(res) << method << " " << path;
    if (!res) return json();
    EXPECT_EQ(res->status, 200) << method << " " << path << ": " << res->body;
    return ParseJson(res->body);
  }

  // Waits (bounded) until `done` holds.
  static bool Eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 2000; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
  }

  std::unique_ptr<Emulator> emulator_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

// ---------------------------------------------------------------------------
// Creating orders

TEST_F(EmulatorTest, BancontactExampleGetsAPaymentPage) {
  const json body = ParseJson(
      ReadTestFile(std::string(kExamplesDir) + "/bancontact-redirect.json"));
  ASSERT_EQ(body["gateway"], "MISTERCASH");
  json data = ExpectSuccess(PostOrder(body));
  EXPECT_EQ(data["order_id"], "my-order-id-1");
  const std::string url = data["payment_url"];
  std::smatch match;
  ASSERT_TRUE(std::regex_match(
      url, match,
      std::regex(
          R"(https://testpayv2\.multisafepay\.com/connect/([A-Za-z0-9]{35})/\?lang=nl_NL)")))
      << url;
  EXPECT_EQ(data["session_id"], match[1].str());
  EXPECT_EQ(data["session_id"].get<std::string>().size(), 35u);
}

TEST_F(EmulatorTest, EveryMultiSafepayDocsExampleIsAccepted) {
  // All 43 examples are consistent with the rules the emulator enforces;
  // none needs an exception. Most share order_id "my-order-id-1", which is
  // fine: an unpaid order_id may be posted again.
  int accepted = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kExamplesDir)) {
    const json body = ParseJson(ReadTestFile(entry.path().string()));
    auto res = PostOrder(body);
    ASSERT_TRUE(res) << entry.path();
    EXPECT_EQ(res->status, 200) << entry.path() << ": " << res->body;
    EXPECT_EQ(ParseJson(res->body)["success"], true) << entry.path();
    ++accepted;
  }
  EXPECT_EQ(accepted, 43);
}

TEST_F(EmulatorTest, DirectOrderAnswersTheFullOrderObject) {
  json body = MinimalOrder("direct-1");
  body["type"] = "direct";
  body["gateway"] = "IDEAL";
  json data = ExpectSuccess(PostOrder(body));
  EXPECT_EQ(data["order_id"], "direct-1");
  EXPECT_EQ(data["status"], "initialized");
  EXPECT_EQ(data["financial_status"], "initialized");
  EXPECT_EQ(data["payment_details"]["type"], "IDEAL");
  EXPECT_TRUE(data["transaction_id"].is_number_integer());
  EXPECT_EQ(data["transaction_id"].dump().size(), 16u);
  EXPECT_TRUE(std::regex_match(
      data["payment_url"].get<std::string>(),
      std::regex(
          R"(https://testpayv2\.multisafepay\.com/connect/[A-Za-z0-9]{35}/\?lang=en_US)")));
}

struct ErrorCase {
  const char* name;
  json body;
  int http_status;
  int error_code;
};

std::vector<ErrorCase> ErrorCases() {
  auto with = [](const char* key, json value) {
    json order = MinimalOrder();
    order[key] = std::move(value);
    return order;
  };
  auto without = [](const char* key) {
    json order = MinimalOrder();
    order.erase(key);
    return order;
  };
  json bancontact_direct = with("type", "direct");
  bancontact_direct["gateway"] = "MISTERCASH";
  json dotpay_direct = with("type", "direct");
  dotpay_direct["gateway"] = "DOTPAY";
  json bancontact_usd = with("gateway", "MISTERCASH");
  bancontact_usd["currency"] = "USD";
  return {
      {"amount as string", with("amount", "1000"), 400, 1001},
      {"amount as float", with("amount", 10.5), 400, 1001},
      {"amount zero", with("amount", 0), 400, 1001},
      {"amount missing", without("amount"), 400, 1001},
      {"currency unknown", with("currency", "XYZ"), 400, 1002},
      {"currency lower case", with("currency", "eur"), 400, 1002},
      {"bancontact in USD", bancontact_usd, 400, 1002},
      {"order_id missing", without("order_id"), 400, 1006},
      {"order_id too long", with("order_id", std::string(51, 'o')), 400, 1006},
      {"ip invalid", with("customer", {{"ip_address", "1.2.3"}}), 400, 1007},
      {"forwarded ip invalid", with("customer", {{"forwarded_ip", "x"}}), 400,
       1007},
      {"description missing", without("description"), 400, 1008},
      {"description too long", with("description", std::string(201, 'd')), 400,
       1008},
      {"var1 too long", with("var1", std::string(501, 'v')), 400, 1010},
      {"country invalid", with("customer", {{"country", "XX"}}), 400, 1018},
      {"bancontact direct", bancontact_direct, 404, 1023},
      {"dotpay direct", dotpay_direct, 404, 1023},
      {"direct without gateway", with("type", "direct"), 404, 1023},
      {"type unknown", with("type", "instant"), 400, 1000},
  };
}

TEST_F(EmulatorTest, InvalidOrdersGetMultiSafepayErrors) {
  for (const ErrorCase& c : ErrorCases()) {
    SCOPED_TRACE(c.name);
    ExpectError(PostOrder(c.body), c.http_status, c.error_code);
  }
  // JSON that is not an object is not an order.
  ExpectError(PostOrder(json(nullptr)), 400, 1000);
  ExpectError(PostOrder(json::array()), 400, 1000);
}

TEST_F(EmulatorTest, BodyThatIsNotJsonIs1000) {
  auto res = client_->Post("/v1/json/orders", {{"api_key", kKey}},
                           "{\"order_id\": ", kJson);
  ExpectError(res, 400, 1000);
}

TEST_F(EmulatorTest, ErrorEnvelopeCarriesMultiSafepayWording) {
  json body = MinimalOrder();
  body["type"] = "direct";
  body["gateway"] = "MISTERCASH";
  auto res = PostOrder(body);
  ASSERT_TRUE(res);
  EXPECT_EQ(ParseJson(res->body),
            json({{"success", false},
                  {"data", json::object()},
                  {"error_code", 1023},
                  {"error_info", "No gateway (payment method) available"}}));
}

// ---------------------------------------------------------------------------
// Authentication

TEST_F(EmulatorTest, AcceptsTheKeyInEachForm) {
  ExpectSuccess(PostOrder(MinimalOrder("h"), {{"api_key", kKey}}));
  ExpectSuccess(PostOrder(MinimalOrder("b"),
                          {{"Authorization", std::string("Bearer ") + kKey}}));
  ExpectSuccess(client_->Post(std::string("/v1/json/orders?api_key=") + kKey,
                              MinimalOrder("q").dump(), kJson));
  ExpectSuccess(client_->Get(std::string("/v1/json/orders/q?api_key=") + kKey));
}

TEST_F(EmulatorTest, WrongOrMissingKeyIs1032) {
  ExpectError(PostOrder(MinimalOrder(), {{"api_key", "wrong"}}), 401, 1032);
  ExpectError(PostOrder(MinimalOrder(), {{"Authorization", "Bearer wrong"}}),
              401, 1032);
  ExpectError(client_->Post("/v1/json/orders?api_key=wrong",
                            MinimalOrder().dump(), kJson),
              401, 1032);
  ExpectError(PostOrder(MinimalOrder(), {}), 401, 1032);
  ExpectError(PostOrder(MinimalOrder(), {{"Authorization", kKey}}), 401,
              1032);  // not Bearer
  ExpectError(client_->Get("/v1/json/orders/order-1"), 401, 1032);
  // Rejected before validation: an invalid body still gets 1032.
  ExpectError(PostOrder(json::object(), {{"api_key", "wrong"}}), 401, 1032);
}

TEST_F(EmulatorTest, HeaderKeyWinsOverBearerWhichWinsOverQuery) {
  const std::string bearer = std::string("Bearer ") + kKey;
  ExpectError(PostOrder(MinimalOrder(),
                        {{"api_key", "wrong"}, {"Authorization", bearer}}),
              401, 1032);
  ExpectSuccess(client_->Post("/v1/json/orders?api_key=wrong",
                              {{"api_key", kKey}}, MinimalOrder().dump(),
                              kJson));
  ExpectError(client_->Post(std::string("/v1/json/orders?api_key=") + kKey,
                            {{"Authorization", "Bearer wrong"}},
                            MinimalOrder().dump(), kJson),
              401, 1032);
}

TEST_F(EmulatorTest, WithoutConfiguredKeyAnyKeyOrNoneIsAccepted) {
  emulator_->Stop();
  StartEmulator("");
  ExpectSuccess(PostOrder(MinimalOrder(), {}));
  ExpectSuccess(PostOrder(MinimalOrder(), {{"api_key", "anything"}}));
}

// ---------------------------------------------------------------------------
// Reading orders

TEST_F(EmulatorTest, GetOrderAnswersTheOrderObject) {
  json body = ParseJson(
      ReadTestFile(std::string(kExamplesDir) + "/bancontact-redirect.json"));
  ExpectSuccess(PostOrder(body));
  json order = ExpectSuccess(GetOrder("my-order-id-1"));
  EXPECT_EQ(order["order_id"], "my-order-id-1");
  EXPECT_EQ(order["status"], "initialized");
  EXPECT_EQ(order["financial_status"], "initialized");
  EXPECT_EQ(order["amount"], 100);
  EXPECT_EQ(order["amount_refunded"], 0);
  EXPECT_EQ(order["currency"], "EUR");
  EXPECT_EQ(order["description"], "Test Order Description");
  EXPECT_EQ(order["customer"]["phone1"], "0612345678");
  EXPECT_EQ(order["customer"]["locale"], "nl_NL");
  EXPECT_EQ(order["payment_details"]["type"], "MISTERCASH");
  EXPECT_EQ(order["payment_methods"], json::array());
  EXPECT_EQ(order["related_transactions"], nullptr);
  const std::regex timestamp(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)");
  EXPECT_TRUE(std::regex_match(order["created"].get<std::string>(), timestamp));
  EXPECT_TRUE(
      std::regex_match(order["modified"].get<std::string>(), timestamp));
}

TEST_F(EmulatorTest, UnknownOrderIs404With1006) {
  ExpectError(GetOrder("no-such-order"), 404, 1006);
}

TEST_F(EmulatorTest, OrderIdInPathIsUrlDecoded) {
  const std::string order_id = "order 7/\xC3\xA9+x";
  ExpectSuccess(PostOrder(MinimalOrder(order_id)));
  json order = ExpectSuccess(GetOrder("order%207%2F%C3%A9+x"));
  EXPECT_EQ(order["order_id"], order_id);
  ExpectSuccess(SetStatus("order%207%2F%C3%A9+x", {{"status", "completed"}}));
}

TEST_F(EmulatorTest, UnknownRoutesAre404With1000) {
  ExpectError(client_->Get("/v1/json/gateway", {{"api_key", kKey}}), 404, 1000);
  ExpectError(
      client_->Post("/v1/json/gateways", {{"api_key", kKey}}, "{}", kJson), 404,
      1000);
  ExpectError(client_->Get("/v1/json/orders", {{"api_key", kKey}}), 404, 1000);
  ExpectError(client_->Get("/v1/json/orders/a/refunds", {{"api_key", kKey}}),
              404, 1000);
  ExpectError(
      client_->Patch("/v1/json/orders/a", {{"api_key", kKey}}, "{}", kJson),
      404, 1000);
  ExpectError(client_->Get("/"), 404, 1000);
}

// ---------------------------------------------------------------------------
// Simulated payments and duplicates

TEST_F(EmulatorTest, PaidOrderIdCannotBeReused) {
  ExpectSuccess(PostOrder(MinimalOrder("paid-1")));
  json order = ExpectSuccess(SetStatus("paid-1", {{"status", "completed"}}));
  EXPECT_EQ(order["status"], "completed");
  EXPECT_EQ(order["financial_status"], "completed");
  EXPECT_EQ(ExpectSuccess(GetOrder("paid-1"))["status"], "completed");
  ExpectError(PostOrder(MinimalOrder("paid-1")), 409, 1006);
}

TEST_F(EmulatorTest, UnpaidOrderIdGetsANewPaymentSession) {
  json first = ExpectSuccess(PostOrder(MinimalOrder("retry-1")));
  ExpectSuccess(SetStatus("retry-1", {{"status", "declined"}}));
  json second = ExpectSuccess(PostOrder(MinimalOrder("retry-1")));
  EXPECT_NE(first["payment_url"], second["payment_url"]);
  EXPECT_NE(first["session_id"], second["session_id"]);
  EXPECT_EQ(ExpectSuccess(GetOrder("retry-1"))["status"], "initialized");
}

TEST_F(EmulatorTest, StatusControlSetsAnyMultiSafepayStatus) {
  ExpectSuccess(PostOrder(MinimalOrder("s-1")));
  for (const char* status : {"declined", "expired", "uncleared", "void",
                             "cancelled", "initialized", "completed"}) {
    EXPECT_EQ(ExpectSuccess(SetStatus("s-1", {{"status", status}}))["status"],
              status);
  }
  json order = ExpectSuccess(SetStatus(
      "s-1", {{"status", "completed"}, {"financial_status", "uncleared"}}));
  EXPECT_EQ(order["financial_status"], "uncleared");
}

TEST_F(EmulatorTest, StatusControlErrors) {
  auto res = SetStatus("nope", {{"status", "completed"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  ExpectSuccess(PostOrder(MinimalOrder("s-2")));
  res = SetStatus("s-2", {{"status", "paid"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = SetStatus("s-2", {{"state", "completed"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

TEST_F(EmulatorTest, ClearingOrdersForgetsThem) {
  ExpectSuccess(PostOrder(MinimalOrder("c-1")));
  auto res = client_->Delete("/__emulator/orders");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  ExpectError(GetOrder("c-1"), 404, 1006);
}

// ---------------------------------------------------------------------------
// Request log

TEST_F(EmulatorTest, LogRecordsRequestsInOrderWithParsedBodies) {
  ExpectSuccess(PostOrder(MinimalOrder("log-1")));
  ExpectSuccess(
      client_->Get("/v1/json/orders/log-1?locale=nl_NL", {{"api_key", kKey}}));
  client_->Post("/v1/json/orders", {{"api_key", kKey}}, "not json",
                "text/plain");
  client_->Get("/__emulator/faults");  // control: not logged

  json log = RequestLog();
  ASSERT_EQ(log.size(), 3u) << log;
  EXPECT_EQ(log[0]["method"], "POST");
  EXPECT_EQ(log[0]["path"], "/v1/json/orders");
  EXPECT_EQ(log[0]["query"], json::object());
  EXPECT_EQ(log[0]["body"], MinimalOrder("log-1"));
  EXPECT_EQ(log[0]["headers"]["Content-Type"], kJson);
  EXPECT_EQ(log[1]["method"], "GET");
  EXPECT_EQ(log[1]["path"], "/v1/json/orders/log-1");
  EXPECT_EQ(log[1]["query"], json({{"locale", "nl_NL"}}));
  EXPECT_EQ(log[1]["body"], nullptr);
  EXPECT_EQ(log[2]["body"], "not json");
}

TEST_F(EmulatorTest, LogRedactsTheKeyInEveryForm) {
  PostOrder(MinimalOrder("r-1"), {{"api_key", kKey}});
  PostOrder(MinimalOrder("r-2"),
            {{"Authorization", std::string("Bearer ") + kKey}});
  client_->Post(std::string("/v1/json/orders?api_key=") + kKey,
                MinimalOrder("r-3").dump(), kJson);
  PostOrder(MinimalOrder("r-4"), {{"api_key", "a-wrong-key"}});

  json log = RequestLog();
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[0]["headers"]["api_key"], "REDACTED");
  EXPECT_EQ(log[1]["headers"]["Authorization"], "REDACTED");
  EXPECT_EQ(log[2]["query"]["api_key"], "REDACTED");
  EXPECT_EQ(log[3]["headers"]["api_key"], "REDACTED");
  const std::string text = log.dump();
  EXPECT_EQ(text.find(kKey), std::string::npos);
  EXPECT_EQ(text.find("a-wrong-key"), std::string::npos);
}

TEST_F(EmulatorTest, DeletingTheLogClearsIt) {
  PostOrder(MinimalOrder());
  ASSERT_EQ(RequestLog().size(), 1u);
  auto res = client_->Delete("/__emulator/requests");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  EXPECT_EQ(RequestLog(), json::array());
  PostOrder(MinimalOrder());
  EXPECT_EQ(RequestLog().size(), 1u);
}

// ---------------------------------------------------------------------------
// Fault injection

TEST_F(EmulatorTest, Html503Fault) {
  ArmFault(
      {{"method", "POST"}, {"path", "/v1/json/orders"}, {"kind", "html_503"}});
  auto res = PostOrder(MinimalOrder("f-1"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html");
  EXPECT_EQ(res->body,
            "<html><body><h1>503 Service Unavailable</h1></body></html>");
  // Not processed, and used up.
  ExpectError(GetOrder("f-1"), 404, 1006);
  ExpectSuccess(PostOrder(MinimalOrder("f-1")));
  // The faulted request is in the log like any other.
  EXPECT_EQ(RequestLog().size(), 3u);
}

TEST_F(EmulatorTest, DelayFaultAnswersNormallyAfterTheDelay) {
  ArmFault({{"kind", "delay"}, {"delay_ms", 300}});
  const auto start = std::chrono::steady_clock::now();
  json data = ExpectSuccess(PostOrder(MinimalOrder("f-2")));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(300));
  EXPECT_EQ(data["order_id"], "f-2");
}

TEST_F(EmulatorTest, DelayFaultTripsTheClientTimeout) {
  ArmFault({{"kind", "delay"}, {"delay_ms", 1500}});
  client_->set_read_timeout(0, 200 * 1000);
  auto res = PostOrder(MinimalOrder("f-3"));
  EXPECT_FALSE(res);
  EXPECT_EQ(res.error(), httplib::Error::Read);
}

TEST_F(EmulatorTest, DropFaultClosesTheConnectionWithoutAnswer) {
  ArmFault({{"path", "/v1/json/orders"}, {"kind", "drop"}});
  auto res = PostOrder(MinimalOrder("f-4"));
  EXPECT_FALSE(res);
  EXPECT_EQ(res.error(), httplib::Error::Read);
  // Nothing was created; the next request is served normally.
  ExpectError(GetOrder("f-4"), 404, 1006);
}

TEST_F(EmulatorTest, DropFaultAfterProcessingLosesOnlyTheAnswer) {
  ArmFault({{"kind", "drop"}, {"process_request", true}});
  EXPECT_FALSE(PostOrder(MinimalOrder("f-5")));
  ExpectSuccess(GetOrder("f-5"));
}

TEST_F(EmulatorTest, ErrorFaultAnswersTheGivenEnvelope) {
  ArmFault({{"kind", "error"},
            {"http_status", 502},
            {"error_code", 1021},
            {"error_info", "Cannot create transaction"},
            {"times", 2}});
  for (int i = 0; i < 2; ++i) {
    auto res = PostOrder(MinimalOrder("f-6"));
    ExpectError(res, 502, 1021);
    EXPECT_EQ(ParseJson(res->body)["error_info"], "Cannot create transaction");
  }
  ExpectSuccess(PostOrder(MinimalOrder("f-6")));
}

TEST_F(EmulatorTest, MalformedJsonFault) {
  ArmFault({{"kind", "malformed_json"}});
  auto res = PostOrder(MinimalOrder("f-7"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), kJson);
  EXPECT_FALSE(res->body.empty());
  EXPECT_TRUE(json::parse(res->body, nullptr, false).is_discarded())
      << res->body;
  ExpectError(GetOrder("f-7"), 404, 1006);

  ArmFault({{"kind", "malformed_json"}, {"process_request", true}});
  res = PostOrder(MinimalOrder("f-8"));
  ASSERT_TRUE(res);
  EXPECT_TRUE(json::parse(res->body, nullptr, false).is_discarded());
  EXPECT_EQ(res->body.rfind("{\"data\":{", 0), 0u) << res->body;
  ExpectSuccess(GetOrder("f-8"));
}

TEST_F(EmulatorTest, FaultsOnlyHitMatchingRequests) {
  ArmFault({{"method", "GET"},
            {"path", "/v1/json/orders/*"},
            {"kind", "html_503"},
            {"times", -1}});
  ExpectSuccess(PostOrder(MinimalOrder("f-9")));
  for (int i = 0; i < 3; ++i) {
    auto res = GetOrder("f-9");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 503);
  }
  auto listed = client_->Get("/__emulator/faults");
  ASSERT_TRUE(listed);
  EXPECT_EQ(ParseJson(listed->body).size(), 1u);

  auto cleared = client_->Delete("/__emulator/faults");
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->status, 204);
  ExpectSuccess(GetOrder("f-9"));
}

TEST_F(EmulatorTest, BadFaultSpecIs400) {
  auto res =
      client_->Post("/__emulator/faults", R"({"kind": "explode"})", kJson);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(ParseJson(res->body)["error"].is_string());
  res = client_->Post("/__emulator/faults", "nope", kJson);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

// ---------------------------------------------------------------------------
// Counters: one MultiSafepay order per order_id

TEST_F(EmulatorTest, RepeatedPostIsOneOrderWithANewSessionEachTime) {
  std::set<std::string> sessions;
  std::set<std::string> urls;
  for (int i = 0; i < 3; ++i) {
    json data = ExpectSuccess(PostOrder(MinimalOrder("rep-1")));
    sessions.insert(data["session_id"].get<std::string>());
    urls.insert(data["payment_url"].get<std::string>());
  }
  EXPECT_EQ(sessions.size(), 3u);
  EXPECT_EQ(urls.size(), 3u);
  EXPECT_EQ(ExpectSuccess(GetOrder("rep-1"))["status"], "initialized");
  json stats = Control("GET", "/__emulator/orders/rep-1/stats");
  EXPECT_EQ(stats["posts"], 3) << stats;
  EXPECT_EQ(stats["sessions"], 3) << stats;
  EXPECT_EQ(stats["refused_posts"], 0) << stats;
  EXPECT_EQ(stats["status"], "initialized") << stats;

  // Paid: the next POST is refused, and counted.
  ExpectSuccess(SetStatus("rep-1", {{"status", "completed"}}));
  ExpectError(PostOrder(MinimalOrder("rep-1")), 409, 1006);
  json all = Control("GET", "/__emulator/orders");
  ASSERT_EQ(all.size(), 1u) << all;
  EXPECT_EQ(all[0], json({{"order_id", "rep-1"},
                          {"status", "completed"},
                          {"financial_status", "completed"},
                          {"posts", 4},
                          {"sessions", 3},
                          {"refused_posts", 1},
                          {"refund_posts", 0},
                          {"refunds", 0},
                          {"refund_descriptions", json::array()},
                          {"capture_posts", 0},
                          {"captures", 0}}));
}

TEST_F(EmulatorTest, RepostOfAPendingOrderKeepsItsStatus) {
  json first = ExpectSuccess(PostOrder(MinimalOrder("pend-1")));
  ExpectSuccess(SetStatus("pend-1", {{"status", "uncleared"}}));
  json second = ExpectSuccess(PostOrder(MinimalOrder("pend-1")));
  EXPECT_NE(first["payment_url"], second["payment_url"]);
  json order = ExpectSuccess(GetOrder("pend-1"));
  EXPECT_EQ(order["status"], "uncleared");
  EXPECT_EQ(order["order_id"], "pend-1");
}

TEST_F(EmulatorTest, OrderCountersListAndErrors) {
  ExpectSuccess(PostOrder(MinimalOrder("b-order")));
  ExpectSuccess(PostOrder(MinimalOrder("a-order")));
  // An invalid body never reaches the store: not counted.
  json invalid = MinimalOrder("a-order");
  invalid.erase("amount");
  ExpectError(PostOrder(invalid), 400, 1001);
  json all = Control("GET", "/__emulator/orders");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["order_id"], "a-order");
  EXPECT_EQ(all[0]["posts"], 1);
  EXPECT_EQ(all[1]["order_id"], "b-order");

  auto unknown = client_->Get("/__emulator/orders/nope/stats");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_TRUE(ParseJson(unknown->body)["error"].is_string());

  ASSERT_TRUE(client_->Delete("/__emulator/orders"));
  EXPECT_EQ(Control("GET", "/__emulator/orders"), json::array());
  ExpectSuccess(PostOrder(MinimalOrder("a-order")));
  EXPECT_EQ(Control("GET", "/__emulator/orders/a-order/stats")["posts"], 1);
}

TEST_F(EmulatorTest, RefundsAreCountedWithTheirDescriptions) {
  ExpectSuccess(PostOrder(MinimalOrder("rf-1")));
  ExpectSuccess(SetStatus("rf-1", {{"status", "completed"}}));
  auto refund = [&](int amount, const std::string& description) {
    return client_->Post("/v1/json/orders/rf-1/refunds", {{"api_key", kKey}},
                         json{{"currency", "EUR"},
                              {"amount", amount},
                              {"description", description}}
                             .dump(),
                         kJson);
  };
  ExpectSuccess(refund(100, "first"));
  ExpectError(refund(100, "first again"), 400, 1034);  // the duplicate rule
  ExpectSuccess(refund(200, "second"));
  json stats = Control("GET", "/__emulator/orders/rf-1/stats");
  EXPECT_EQ(stats["refund_posts"], 3) << stats;
  EXPECT_EQ(stats["refunds"], 2) << stats;
  EXPECT_EQ(stats["refund_descriptions"], json({"first", "second"}));
  EXPECT_EQ(stats["status"], "partial_refunded");
}

// ---------------------------------------------------------------------------
// Faults that process the request and lose the answer

TEST_F(EmulatorTest, AcceptThenDelayCreatesTheOrderAndAnswersLate) {
  ArmFault({{"method", "POST"},
            {"path", "/v1/json/orders"},
            {"kind", "delay"},
            {"delay_ms", 60000},
            {"when", "after"}});
  std::optional<httplib::Result> late;
  std::thread caller([&] {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(60, 0);
    late = client.Post("/v1/json/orders", {{"api_key", kKey}},
                       MinimalOrder("ad-1").dump(), kJson);
  });
  // The order exists while its answer is still held back.
  EXPECT_TRUE(Eventually(
      [&] { return Control("GET", "/__emulator/server")["delayed"] == 1; }));
  EXPECT_EQ(Control("GET", "/__emulator/orders/ad-1/stats")["sessions"], 1);
  ExpectSuccess(GetOrder("ad-1"));
  EXPECT_EQ(Control("POST", "/__emulator/delays/release"),
            json({{"released", 1}}));
  caller.join();
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(ExpectSuccess(*late)["order_id"], "ad-1");
}

TEST_F(EmulatorTest, AcceptThenDelayPastTheCallersDeadline) {
  ArmFault({{"kind", "delay"}, {"delay_ms", 1500}, {"when", "after"}});
  client_->set_read_timeout(0, 200 * 1000);
  auto res = PostOrder(MinimalOrder("ad-2"));
  EXPECT_FALSE(res);
  EXPECT_EQ(res.error(), httplib::Error::Read);
  client_->set_read_timeout(5, 0);
  EXPECT_TRUE(Eventually([&] {
    auto stats = client_->Get("/__emulator/orders/ad-2/stats");
    return stats && stats->status == 200;
  }));
}

TEST_F(EmulatorTest, DelayBeforeProcessesOnlyOnceTheDelayEnds) {
  ArmFault({{"kind", "delay"}, {"delay_ms", 60000}});
  std::optional<httplib::Result> late;
  std::thread caller([&] {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(60, 0);
    late = client.Post("/v1/json/orders", {{"api_key", kKey}},
                       MinimalOrder("bd-1").dump(), kJson);
  });
  EXPECT_TRUE(Eventually(
      [&] { return Control("GET", "/__emulator/server")["delayed"] == 1; }));
  ExpectError(GetOrder("bd-1"), 404, 1006);  // not yet
  EXPECT_EQ(Control("POST", "/__emulator/delays/release")["released"], 1);
  caller.join();
  ASSERT_TRUE(late.has_value());
  ExpectSuccess(*late);
  ExpectSuccess(GetOrder("bd-1"));
}

TEST_F(EmulatorTest, AcceptThenResetCreatesTheOrder) {
  ArmFault({{"method", "POST"},
            {"path", "/v1/json/orders"},
            {"kind", "drop"},
            {"when", "after"}});
  auto res = PostOrder(MinimalOrder("ar-1"));
  EXPECT_FALSE(res);
  EXPECT_EQ(res.error(), httplib::Error::Read);
  EXPECT_EQ(Control("GET", "/__emulator/orders/ar-1/stats")["posts"], 1);
  // The retry is a second session of the same order.
  ExpectSuccess(PostOrder(MinimalOrder("ar-1")));
  json stats = Control("GET", "/__emulator/orders/ar-1/stats");
  EXPECT_EQ(stats["posts"], 2);
  EXPECT_EQ(stats["sessions"], 2);
  EXPECT_EQ(Control("GET", "/__emulator/orders").size(), 1u);
}

TEST_F(EmulatorTest, AcceptThenResetExecutesTheRefund) {
  ExpectSuccess(PostOrder(MinimalOrder("ar-2")));
  ExpectSuccess(SetStatus("ar-2", {{"status", "completed"}}));
  ArmFault({{"path", "/v1/json/orders/ar-2/refunds"},
            {"kind", "drop"},
            {"when", "after"}});
  auto res = client_->Post("/v1/json/orders/ar-2/refunds", {{"api_key", kKey}},
                           R"({"currency":"EUR","amount":300})", kJson);
  EXPECT_FALSE(res);
  json stats = Control("GET", "/__emulator/orders/ar-2/stats");
  EXPECT_EQ(stats["refunds"], 1) << stats;
  EXPECT_EQ(ExpectSuccess(GetOrder("ar-2"))["amount_refunded"], 300);
}

TEST_F(EmulatorTest, AcceptThen502WithAnHtmlOrEmptyBody) {
  ArmFault({{"kind", "html"}, {"when", "after"}});
  auto html = PostOrder(MinimalOrder("a502-1"));
  ASSERT_TRUE(html);
  EXPECT_EQ(html->status, 502);
  EXPECT_EQ(html->get_header_value("Content-Type"), "text/html");
  EXPECT_EQ(html->body, "<html><body><h1>502 Bad Gateway</h1></body></html>");
  ExpectSuccess(GetOrder("a502-1"));

  ArmFault({{"kind", "empty"}, {"when", "after"}});
  auto empty = PostOrder(MinimalOrder("a502-2"));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 502);
  EXPECT_EQ(empty->body, "");
  EXPECT_FALSE(empty->has_header("Content-Type"));
  ExpectSuccess(GetOrder("a502-2"));

  // "before": nothing is processed.
  ArmFault({{"kind", "empty"}, {"http_status", 504}});
  auto before = PostOrder(MinimalOrder("a502-3"));
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 504);
  ExpectError(GetOrder("a502-3"), 404, 1006);
}

TEST_F(EmulatorTest, SkipFaultsALaterRequest) {
  ArmFault({{"method", "GET"}, {"kind", "html_503"}, {"skip", 1}});
  ExpectSuccess(PostOrder(MinimalOrder("sk-1")));
  ExpectSuccess(GetOrder("sk-1"));
  auto faulted = GetOrder("sk-1");
  ASSERT_TRUE(faulted);
  EXPECT_EQ(faulted->status, 503);
  ExpectSuccess(GetOrder("sk-1"));
}

TEST_F(EmulatorTest, ProbabilityFaultsFollowTheSeed) {
  EXPECT_EQ(Control("POST", "/__emulator/faults/seed", json{{"seed", 5}}),
            json({{"seed", 5}}));
  EXPECT_EQ(Control("GET", "/__emulator/faults/seed"), json({{"seed", 5}}));
  EXPECT_EQ(Control("GET", "/__emulator/server")["fault_seed"], 5);
  ArmFault({{"path", "/v1/json/gateways"},
            {"kind", "error"},
            {"times", -1},
            {"probability", 0.5}});
  auto pattern = [&] {
    std::string seen;
    for (int i = 0; i < 40; ++i) {
      auto res = client_->Get("/v1/json/gateways", {{"api_key", kKey}});
      seen += res && res->status == 200 ? '.' : 'x';
    }
    return seen;
  };
  const std::string first = pattern();
  EXPECT_NE(first.find('x'), std::string::npos) << first;
  EXPECT_NE(first.find('.'), std::string::npos) << first;
  Control("POST", "/__emulator/faults/seed", json{{"seed", 5}});
  EXPECT_EQ(pattern(), first);

  auto bad = client_->Post("/__emulator/faults/seed", R"({"seed": -1})", kJson);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

TEST_F(EmulatorTest, ServerStateReportsThreadsConnectionsAndRequests) {
  ExpectSuccess(PostOrder(MinimalOrder("st-1")));
  json state = Control("GET", "/__emulator/server");
  EXPECT_EQ(state["threads"], 2) << state;
  EXPECT_GE(state["connections"].get<int>(), 1) << state;
  EXPECT_EQ(state["delayed"], 0) << state;
  EXPECT_GE(state["requests"].get<int>(), 2) << state;
  EXPECT_TRUE(state["fault_seed"].is_number_unsigned()) << state;
  EXPECT_EQ(Control("POST", "/__emulator/delays/release"),
            json({{"released", 0}}));
}

// ---------------------------------------------------------------------------
// Server behaviour

TEST_F(EmulatorTest, ServesConcurrentClients) {
  constexpr int kThreads = 12;
  constexpr int kOrdersEach = 10;
  std::vector<std::thread> threads;
  std::vector<int> successes(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &successes] {
      httplib::Client client("127.0.0.1", port_);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      for (int i = 0; i < kOrdersEach; ++i) {
        json order =
            MinimalOrder("c-" + std::to_string(t) + "-" + std::to_string(i));
        auto res = client.Post("/v1/json/orders", {{"api_key", kKey}},
                               order.dump(), kJson);
        if (res && res->status == 200) ++successes[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(successes[t], kOrdersEach);
  EXPECT_EQ(RequestLog().size(), static_cast<size_t>(kThreads * kOrdersEach));
}

TEST_F(EmulatorTest, BurstOfConnectionsIsNotThrottled) {
  // Debian's httplib listens with a backlog of 5; without the emulator's
  // fix, a burst of simultaneous connects has SYNs dropped and retried after
  // a full second. All connects are released together and each request must
  // finish well under that second.
  constexpr int kThreads = 24;
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  std::vector<int64_t> latency_ms(kThreads, -1);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &go, &latency_ms] {
      while (!go) std::this_thread::yield();
      const auto start = std::chrono::steady_clock::now();
      httplib::Client client("127.0.0.1", port_);
      auto res = client.Get("/__emulator/health");
      if (res && res->status == 200) {
        latency_ms[t] = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
      }
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_GE(latency_ms[t], 0) << "request " << t << " failed";
    EXPECT_LT(latency_ms[t], 900) << "request " << t;
  }
}

TEST_F(EmulatorTest, HealthAndPort) {
  EXPECT_EQ(emulator_->port(), port_);
  auto res = client_->Get("/__emulator/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(EmulatorTest, StartTwiceFails) {
  EXPECT_TRUE(
      absl::IsFailedPrecondition(emulator_->Start("127.0.0.1", 0).status()));
}

TEST_F(EmulatorTest, BusyPortIsUnavailable) {
  Emulator other(EmulatorOptions{});
  EXPECT_TRUE(absl::IsUnavailable(other.Start("127.0.0.1", port_).status()));
}

TEST_F(EmulatorTest, StopEndsServingAndIsIdempotent) {
  emulator_->Stop();
  emulator_->Stop();
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(1, 0);
  EXPECT_FALSE(client.Get("/__emulator/health"));
}

}  // namespace
}  // namespace msp_emulator
