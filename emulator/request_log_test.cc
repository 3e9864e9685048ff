// Copyright 2026 The msp-gateway Authors.

#include "emulator/request_log.h"

#include <string>
#include <thread>
#include <vector>

#include "emulator/http_message.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

HttpRequest MakeRequest(const std::string& method, const std::string& path,
                        const std::string& body) {
  HttpRequest req;
  req.method = method;
  req.path = path;
  req.body = body;
  return req;
}

TEST(LogEntryForTest, RecordsMethodPathQueryHeadersAndJsonBody) {
  HttpRequest req =
      MakeRequest("POST", "/v1/json/orders", R"({"amount": 100})");
  req.params.emplace_back("locale", "en_US");
  req.headers.emplace_back("Content-Type", "application/json");
  json entry = LogEntryFor(req);
  EXPECT_EQ(entry["method"], "POST");
  EXPECT_EQ(entry["path"], "/v1/json/orders");
  EXPECT_EQ(entry["query"], json({{"locale", "en_US"}}));
  EXPECT_EQ(entry["headers"], json({{"Content-Type", "application/json"}}));
  EXPECT_EQ(entry["body"], json({{"amount", 100}}));
}

TEST(LogEntryForTest, KeepsBodiesThatAreNotJsonAsText) {
  EXPECT_EQ(LogEntryFor(MakeRequest("POST", "/x", "amount=100"))["body"],
            "amount=100");
  EXPECT_EQ(LogEntryFor(MakeRequest("POST", "/x", "{\"a\":"))["body"],
            "{\"a\":");
  EXPECT_EQ(LogEntryFor(MakeRequest("GET", "/x", ""))["body"], nullptr);
}

TEST(LogEntryForTest, RedactsEveryFormOfTheApiKey) {
  HttpRequest req = MakeRequest("GET", "/v1/json/orders/o", "");
  req.headers.emplace_back("api_key", "secret-1");
  req.headers.emplace_back("authorization", "Bearer secret-2");
  req.params.emplace_back("api_key", "secret-3");
  req.params.emplace_back("locale", "nl_NL");
  json entry = LogEntryFor(req);
  EXPECT_EQ(entry["headers"]["api_key"], "REDACTED");
  EXPECT_EQ(entry["headers"]["authorization"], "REDACTED");
  EXPECT_EQ(entry["query"]["api_key"], "REDACTED");
  EXPECT_EQ(entry["query"]["locale"], "nl_NL");
  EXPECT_EQ(entry.dump().find("secret"), std::string::npos) << entry;
}

TEST(LogEntryForTest, JoinsRepeatedHeaders) {
  HttpRequest req = MakeRequest("GET", "/x", "");
  req.headers.emplace_back("Accept", "application/json");
  req.headers.emplace_back("Accept", "text/html");
  json entry = LogEntryFor(req);
  EXPECT_EQ(entry["headers"],
            json({{"Accept", "application/json, text/html"}}));
}

TEST(RequestLogTest, KeepsArrivalOrderAndClears) {
  RequestLog log;
  log.Record(MakeRequest("POST", "/first", ""));
  log.Record(MakeRequest("GET", "/second", ""));
  json entries = log.ToJson();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]["path"], "/first");
  EXPECT_EQ(entries[1]["path"], "/second");
  log.Clear();
  EXPECT_EQ(log.ToJson(), json::array());
  EXPECT_EQ(log.size(), 0u);
}

TEST(RequestLogTest, RecordsConcurrentRequests) {
  RequestLog log;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&log] {
      for (int i = 0; i < 100; ++i) log.Record(MakeRequest("GET", "/x", ""));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(log.size(), 800u);
}

}  // namespace
}  // namespace msp_emulator
