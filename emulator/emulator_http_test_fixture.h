// Copyright 2026 The msp-gateway Authors.
//
// File: emulator_http_test_fixture.h
//
// What the emulator's over-the-socket tests share (emulator_api_test,
// emulator_sdk_test): an in-process Emulator on 127.0.0.1, port 0, with a
// clock the test moves, an httplib::Client sending the API key as
// MultiSafepay's SDKs do, the envelope checks and the control surface.
// Test-only.

#ifndef MSP_GATEWAY_EMULATOR_EMULATOR_HTTP_TEST_FIXTURE_H_
#define MSP_GATEWAY_EMULATOR_EMULATOR_HTTP_TEST_FIXTURE_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "emulator/emulator.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace testing {

inline constexpr char kTestApiKey[] = "test-api-key-0001";
inline constexpr char kJsonType[] = "application/json";

// `text` as JSON; a test failure (and a discarded value) when it is not.
nlohmann::json ParseJson(const std::string& text);

// MultiSafepay's request example `name` (a path under
// components/examples/requests of the vendored OpenAPI files).
nlohmann::json RequestExample(const std::string& name);

// A clock the test moves; read by the emulator's worker threads.
class TestClock {
 public:
  absl::Time Now() const;
  void Advance(absl::Duration d);

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_) = absl::FromCivil(
      absl::CivilSecond(2026, 3, 1, 12, 0, 0), absl::UTCTimeZone());
};

// EmulatorHttpTest
//
// Starts the emulator (key kTestApiKey, clock clock_) before each test.
class EmulatorHttpTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // The API under /v1/json, with the key.
  httplib::Result Post(const std::string& path, const std::string& body);
  httplib::Result Post(const std::string& path, const nlohmann::json& body);
  httplib::Result Patch(const std::string& path, const nlohmann::json& body);
  httplib::Result Delete(const std::string& path);
  httplib::Result Get(const std::string& path);

  // The `data` of a 200 success envelope (test failures otherwise).
  nlohmann::json ExpectSuccess(const httplib::Result& res);

  // A JSON failure envelope with this HTTP status and error_code, a string
  // error_info (equal to `info` when given) and `data` ({} unless the error
  // is one MultiSafepay writes with []).
  void ExpectError(const httplib::Result& res, int http_status, int error_code,
                   const nlohmann::json& data = nlohmann::json::object(),
                   const std::string& info = "");

  // Plays the customer or the bank through the control surface; asserts the
  // call worked and returns the order.
  nlohmann::json SetStatus(const std::string& order_id,
                           const nlohmann::json& body);

  TestClock clock_;
  std::unique_ptr<Emulator> emulator_;
  std::unique_ptr<httplib::Client> client_;
  int port_ = 0;
};

}  // namespace testing
}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_EMULATOR_HTTP_TEST_FIXTURE_H_
