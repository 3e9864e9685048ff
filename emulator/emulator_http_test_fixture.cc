// Copyright 2026 The msp-gateway Authors.

#include "emulator/emulator_http_test_fixture.h"

#include "absl/status/statusor.h"
#include "tests/harness/test_files.h"

namespace msp_emulator {
namespace testing {

using nlohmann::json;

namespace {

// Bazel runs tests from the runfiles root of the workspace.
constexpr char kRequestExamples[] =
    "third_party/multisafepay-openapi/components/examples/requests";

}  // namespace

json ParseJson(const std::string& text) {
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(value.is_discarded()) << text;
  return value;
}

json RequestExample(const std::string& name) {
  return ParseJson(msp_gateway::testing::ReadTestFile(
      std::string(kRequestExamples) + "/" + name));
}

absl::Time TestClock::Now() const {
  absl::MutexLock lock(&mu_);
  return now_;
}

void TestClock::Advance(absl::Duration d) {
  absl::MutexLock lock(&mu_);
  now_ += d;
}

void EmulatorHttpTest::SetUp() {
  EmulatorOptions options;
  options.api_key = kTestApiKey;
  options.clock = [this] { return clock_.Now(); };
  emulator_ = std::make_unique<Emulator>(options);
  absl::StatusOr<int> port = emulator_->Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status();
  port_ = *port;
  client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
  client_->set_connection_timeout(2, 0);
  client_->set_read_timeout(5, 0);
}

httplib::Result EmulatorHttpTest::Post(const std::string& path,
                                       const std::string& body) {
  return client_->Post("/v1/json" + path, {{"api_key", kTestApiKey}}, body,
                       kJsonType);
}

httplib::Result EmulatorHttpTest::Post(const std::string& path,
                                       const json& body) {
  return Post(path, body.dump());
}

httplib::Result EmulatorHttpTest::Patch(const std::string& path,
                                        const json& body) {
  return client_->Patch("/v1/json" + path, {{"api_key", kTestApiKey}},
                        body.dump(), kJsonType);
}

httplib::Result EmulatorHttpTest::Delete(const std::string& path) {
  return client_->Delete("/v1/json" + path, {{"api_key", kTestApiKey}});
}

httplib::Result EmulatorHttpTest::Get(const std::string& path) {
  return client_->Get("/v1/json" + path, {{"api_key", kTestApiKey}});
}

json EmulatorHttpTest::ExpectSuccess(const httplib::Result& res) {
  EXPECT_TRUE(res) << httplib::to_string(res.error());
  if (!res) return json();
  EXPECT_EQ(res->status, 200) << res->body;
  json body = ParseJson(res->body);
  EXPECT_EQ(body["success"], true) << res->body;
  return body["data"];
}

void EmulatorHttpTest::ExpectError(const httplib::Result& res, int http_status,
                                   int error_code, const json& data,
                                   const std::string& info) {
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, http_status) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), kJsonType);
  json body = ParseJson(res->body);
  EXPECT_EQ(body["success"], false) << res->body;
  EXPECT_EQ(body["data"], data) << res->body;
  EXPECT_EQ(body["error_code"], error_code) << res->body;
  EXPECT_TRUE(body["error_info"].is_string()) << res->body;
  if (!info.empty()) {
    EXPECT_EQ(body["error_info"], info) << res->body;
  }
}

json EmulatorHttpTest::SetStatus(const std::string& order_id,
                                 const json& body) {
  auto res = client_->Post("/__emulator/orders/" + order_id + "/status",
                           body.dump(), kJsonType);
  EXPECT_TRUE(res);
  if (!res) return json();
  EXPECT_EQ(res->status, 200) << res->body;
  return ParseJson(res->body)["data"];
}

}  // namespace testing
}  // namespace msp_emulator
