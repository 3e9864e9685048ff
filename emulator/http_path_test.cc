// Copyright 2026 The msp-gateway Authors.

#include "emulator/http_path.h"

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace msp_emulator {
namespace {

using Parts = std::vector<std::string>;

TEST(PercentDecodeTest, DecodesEscapesOfEitherCase) {
  EXPECT_EQ(PercentDecode("a%2Fb"), "a/b");
  EXPECT_EQ(PercentDecode("a%2fb"), "a/b");
  EXPECT_EQ(PercentDecode("%41%42c"), "ABc");
  EXPECT_EQ(PercentDecode("%00"), std::string(1, '\0'));
}

TEST(PercentDecodeTest, KeepsPlusAndIncompleteEscapes) {
  // '+' is a space only in query strings.
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%4"), "%4");
  EXPECT_EQ(PercentDecode("%zz"), "%zz");
  EXPECT_EQ(PercentDecode("%%41"), "%A");
}

TEST(RawPathTest, DropsTheQueryButNotTheEncoding) {
  EXPECT_EQ(RawPath("/v1/json/orders/a%2Fb?api_key=k&x=%2F"),
            "/v1/json/orders/a%2Fb");
  EXPECT_EQ(RawPath("/v1/json/gateways"), "/v1/json/gateways");
}

TEST(MatchSegmentTest, OneEncodedSegmentBetweenPrefixAndSuffix) {
  EXPECT_EQ(MatchSegment("/__emulator/orders/a%2Fb/status",
                         "/__emulator/orders/", "/status"),
            "a/b");
  EXPECT_EQ(MatchSegment("/__emulator/orders/a/b/status", "/__emulator/orders/",
                         "/status"),
            std::nullopt);
  EXPECT_EQ(MatchSegment("/__emulator/orders//status", "/__emulator/orders/",
                         "/status"),
            std::nullopt);
  EXPECT_EQ(MatchSegment("/other/a/status", "/__emulator/orders/", "/status"),
            std::nullopt);
  EXPECT_EQ(
      MatchSegment("/__emulator/orders/a", "/__emulator/orders/", "/status"),
      std::nullopt);
}

TEST(SegmentsTest, SplitsBeforeDecoding) {
  EXPECT_EQ(Segments("/v1/json/orders/a%2Fb/refunds", "/v1/json/orders/"),
            (Parts{"a/b", "refunds"}));
  EXPECT_EQ(Segments("/v1/json/orders/x", "/v1/json/orders/"), Parts{"x"});
}

TEST(SegmentsTest, RefusesEmptySegmentsAndOtherPrefixes) {
  EXPECT_EQ(Segments("/v1/json/orders/a//b", "/v1/json/orders/"), std::nullopt);
  EXPECT_EQ(Segments("/v1/json/orders/a/", "/v1/json/orders/"), std::nullopt);
  EXPECT_EQ(Segments("/v1/json/orders/", "/v1/json/orders/"), std::nullopt);
  EXPECT_EQ(Segments("/v1/json/gateways/a", "/v1/json/orders/"), std::nullopt);
}

}  // namespace
}  // namespace msp_emulator
