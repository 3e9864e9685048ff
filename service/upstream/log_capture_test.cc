// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/log_capture.h"

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "service/upstream/upstream_log.h"

namespace msp_gateway {
namespace testing {
namespace {

TEST(LogCaptureTest, CollectsTheLinesLoggedDuringItsLifetime) {
  LogCapture log;
  EXPECT_TRUE(log.lines().empty());
  LogUpstreamError("TEST_EVENT", "first");
  LogUpstreamError("TEST_EVENT", "second");
  const std::vector<std::string> lines = log.lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("\"first\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("\"second\""), std::string::npos) << lines[1];
}

TEST(LogCaptureTest, RestoresThePreviousSinkWhenDestroyed) {
  std::vector<std::string> outer;
  UpstreamLogSink original = SetUpstreamLogSink(
      [&outer](absl::string_view line) { outer.emplace_back(line); });
  {
    LogCapture log;
    LogUpstreamError("TEST_EVENT", "inner");
    EXPECT_EQ(log.lines().size(), 1u);
  }
  LogUpstreamError("TEST_EVENT", "outer");
  SetUpstreamLogSink(std::move(original));
  ASSERT_EQ(outer.size(), 1u);
  EXPECT_NE(outer[0].find("\"outer\""), std::string::npos) << outer[0];
}

TEST(LogCaptureTest, NestedCapturesEachSeeOnlyTheirOwnLines) {
  LogCapture outer;
  LogUpstreamError("TEST_EVENT", "before");
  {
    LogCapture inner;
    LogUpstreamError("TEST_EVENT", "during");
    EXPECT_EQ(inner.lines().size(), 1u);
  }
  LogUpstreamError("TEST_EVENT", "after");
  const std::vector<std::string> lines = outer.lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("\"before\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("\"after\""), std::string::npos) << lines[1];
}

}  // namespace
}  // namespace testing
}  // namespace msp_gateway
