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
  EXPECT_EQ(parsed["level"], "WARN");
  EXPECT_EQ(parsed["method"], "CreateOrder");
  EXPECT_EQ(parsed["order_id"], "order \"7\"");
  EXPECT_EQ(parsed["code"], "ALREADY_EXISTS");
  EXPECT_DOUBLE_EQ(parsed["latency_ms"].get<double>(), 12.345);
  EXPECT_EQ(parsed["reason"], "MSP_1006");
  EXPECT_EQ(parsed.size(), 8u) << "no other fields, in particular no PII";
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

}  // namespace
}  // namespace msp_gateway
