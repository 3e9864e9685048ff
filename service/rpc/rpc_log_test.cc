// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/rpc_log.h"

#include <sstream>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {
namespace {

TEST(RpcLogTest, OneJsonObjectWithTheAgreedFields) {
  const std::string line = FormatRpcLogLine(
      {"CreateOrder", "order \"7\"", absl::StatusCode::kAlreadyExists,
       absl::Microseconds(12345), "MSP_1006"},
      absl::FromUnixMillis(1764064800123));
  EXPECT_EQ(line.find('\n'), std::string::npos);
  nlohmann::json parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["ts"], "2025-11-25T10:00:00.123Z");
  EXPECT_EQ(parsed["level"], "WARNING");
  EXPECT_EQ(parsed["event"], "rpc");
  EXPECT_EQ(parsed["method"], "CreateOrder");
  EXPECT_EQ(parsed["order_id"], "order \"7\"");
  EXPECT_EQ(parsed["code"], "ALREADY_EXISTS");
  EXPECT_DOUBLE_EQ(parsed["latency_ms"].get<double>(), 12.345);
  EXPECT_EQ(parsed["reason"], "MSP_1006");
  EXPECT_EQ(parsed.size(), 8u) << "no other fields, in particular no PII";
  // The fields in their fixed order (log readers and tests rely on it).
  EXPECT_EQ(
      line,
      R"({"ts":"2025-11-25T10:00:00.123Z","level":"WARNING",)"
      R"("event":"rpc","method":"CreateOrder","order_id":"order \"7\"",)"
      R"("code":"ALREADY_EXISTS","latency_ms":12.345,"reason":"MSP_1006"})");
}

TEST(RpcLogTest, SuccessIsInfoWithoutReason) {
  nlohmann::json parsed = nlohmann::json::parse(FormatRpcLogLine(
      {"CreateOrder", "o-1", absl::StatusCode::kOk, absl::Milliseconds(2), ""},
      absl::UnixEpoch()));
  EXPECT_EQ(parsed["level"], "INFO");
  EXPECT_EQ(parsed["code"], "OK");
  EXPECT_FALSE(parsed.contains("reason"));
}

TEST(RpcLogTest, InvalidUtf8DoesNotThrow) {
  const std::string bad = "o-\xff";
  std::string line;
  EXPECT_NO_THROW(line = FormatRpcLogLine(
                      {"CreateOrder", bad, absl::StatusCode::kInvalidArgument,
                       absl::ZeroDuration(), ""},
                      absl::UnixEpoch()));
  EXPECT_EQ(nlohmann::json::parse(line)["order_id"].get<std::string>(),
            std::string("o-\xEF\xBF\xBD"));
}

TEST(RpcLogTest, LoggerWritesWholeLines) {
  std::ostringstream out;
  RpcLogger logger(out);
  logger.Log(
      {"CreateOrder", "a", absl::StatusCode::kOk, absl::ZeroDuration(), ""});
  logger.Log(
      {"CreateOrder", "b", absl::StatusCode::kOk, absl::ZeroDuration(), ""});
  std::istringstream lines(out.str());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    EXPECT_TRUE(nlohmann::json::accept(line)) << line;
    ++count;
  }
  EXPECT_EQ(count, 2);
}

TEST(RpcLogTest, LoggerWritesTheFormattedLineStampedByItsClock) {
  std::ostringstream out;
  const absl::Time now = absl::FromUnixMillis(1764064800123);
  RpcLogger logger(out, [now] { return now; });
  const RpcLogRecord record{"GetOrder", "o-1", absl::StatusCode::kNotFound,
                            absl::Microseconds(1500), "MSP_1006"};
  logger.Log(record);
  EXPECT_EQ(out.str(), FormatRpcLogLine(record, now) + "\n");
}

}  // namespace
}  // namespace msp_gateway
