// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/upstream_log.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {
namespace {

TEST(UpstreamLogTest, EmitsOneJsonObjectPerLineToTheSink) {
  std::vector<std::string> lines;
  UpstreamLogSink previous = SetUpstreamLogSink(
      [&](absl::string_view line) { lines.emplace_back(line); });
  LogUpstreamError("MSP_1032", "key rejected\nsecond line",
                   {{"endpoint", "POST /orders"}, {"bad_utf8", "\xff"}});
  SetUpstreamLogSink(std::move(previous));

  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find('\n'), std::string::npos);  // One physical line.
  nlohmann::json line = nlohmann::json::parse(lines[0], nullptr, false);
  ASSERT_TRUE(line.is_object()) << lines[0];
  EXPECT_EQ(line["severity"], "ERROR");
  EXPECT_EQ(line["component"], "msp-upstream");
  EXPECT_EQ(line["event"], "MSP_1032");
  EXPECT_EQ(line["message"], "key rejected\nsecond line");
  EXPECT_EQ(line["endpoint"], "POST /orders");
  EXPECT_TRUE(line["time"].is_string());
  EXPECT_TRUE(line["bad_utf8"].is_string());  // Replaced, not thrown.
  // Fixed keys lead, for humans reading raw logs.
  EXPECT_EQ(lines[0].rfind("{\"time\":", 0), 0u) << lines[0];
}

TEST(UpstreamLogTest, RestoringTheSinkStopsCapture) {
  std::vector<std::string> lines;
  UpstreamLogSink previous = SetUpstreamLogSink(
      [&](absl::string_view line) { lines.emplace_back(line); });
  SetUpstreamLogSink(std::move(previous));
  testing::internal::CaptureStderr();
  LogUpstreamError("MSP_TLS_FAILED", "to stderr");
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(lines.empty());
  EXPECT_NE(err.find("\"event\":\"MSP_TLS_FAILED\""), std::string::npos);
}

}  // namespace
}  // namespace msp_gateway
