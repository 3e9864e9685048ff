// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/exact_json.h"

#include <cstdint>
#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {
namespace {

using json = nlohmann::json;

TEST(ExactJsonTest, DecimalsKeepTheirLexeme) {
  std::optional<json> parsed = ParseJsonExactDecimals(
      R"({"a":0.1,"b":0.60,"c":-5.00,"d":1e-2,"e":2.5E+3,"f":13.761467889})");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ((*parsed)["a"], "0.1");
  EXPECT_EQ((*parsed)["b"],
            "0.60");  // Trailing zero kept: it is what MSP sent.
  EXPECT_EQ((*parsed)["c"], "-5.00");
  EXPECT_EQ((*parsed)["d"], "1e-2");
  EXPECT_EQ((*parsed)["e"], "2.5E+3");
  EXPECT_EQ((*parsed)["f"], "13.761467889");
}

TEST(ExactJsonTest, IntegersStayExactIntegers) {
  std::optional<json> parsed = ParseJsonExactDecimals(
      R"({"pspid":17472052901237122,"neg":-9223372036854775808,)"
      R"("big":18446744073709551615,"huge":18446744073709551616})");
  ASSERT_TRUE(parsed.has_value());
  ASSERT_TRUE((*parsed)["pspid"].is_number_unsigned());
  EXPECT_EQ((*parsed)["pspid"].get<uint64_t>(), 17472052901237122u);
  ASSERT_TRUE((*parsed)["neg"].is_number_integer());
  EXPECT_EQ((*parsed)["neg"].get<int64_t>(), INT64_MIN);
  EXPECT_EQ((*parsed)["big"].get<uint64_t>(), UINT64_MAX);
  // Beyond uint64: nlohmann would make it a double; here the digits survive.
  EXPECT_EQ((*parsed)["huge"], "18446744073709551616");
}

TEST(ExactJsonTest, BuildsTheSameTreeAsNlohmannOtherwise) {
  const std::string text =
      R"({"success":true,"data":{"costs":[{"x":[1,[2,{"y":null}],true]},)"
      R"({"z":"s\u00e9\"q"}],"empty_obj":{},"empty_arr":[],"f":false}})";
  std::optional<json> parsed = ParseJsonExactDecimals(text);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, json::parse(text));
}

TEST(ExactJsonTest, TopLevelScalarsAndRepeatedKeys) {
  EXPECT_EQ(*ParseJsonExactDecimals("1.50"), json("1.50"));
  EXPECT_EQ(*ParseJsonExactDecimals("  42 "), json(42));
  EXPECT_EQ(*ParseJsonExactDecimals("null"), json(nullptr));
  // As nlohmann: the last of repeated keys wins.
  EXPECT_EQ((*ParseJsonExactDecimals(R"({"k":1,"k":2.0})"))["k"], "2.0");
}

TEST(ExactJsonTest, SyntaxErrorsAreNullopt) {
  EXPECT_FALSE(ParseJsonExactDecimals("").has_value());
  EXPECT_FALSE(ParseJsonExactDecimals("{").has_value());
  EXPECT_FALSE(ParseJsonExactDecimals(R"({"a":01})").has_value());
  EXPECT_FALSE(ParseJsonExactDecimals(R"({"a":1.})").has_value());
  EXPECT_FALSE(ParseJsonExactDecimals("<html>503</html>").has_value());
  EXPECT_FALSE(ParseJsonExactDecimals(R"({"a":1} trailing)").has_value());
  EXPECT_FALSE(ParseJsonExactDecimals("[1,2,]").has_value());
}

}  // namespace
}  // namespace msp_gateway
