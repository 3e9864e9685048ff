// Copyright 2026 The msp-gateway Authors.

#include "service/msp_json/exact_json.h"

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
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

// --- Bounds (issue 8, defect 1) ---------------------------------------------

// `depth` nested arrays, or objects {"k":{"k":...}} when `objects`.
std::string Nested(size_t depth, bool objects) {
  std::string text;
  for (size_t i = 0; i < depth; ++i) text += objects ? R"({"k":)" : "[";
  if (objects) text += "1";
  for (size_t i = 0; i < depth; ++i) text += objects ? "}" : "]";
  return text;
}

class BoundedJsonTest : public testing::TestWithParam<JsonNumbers> {};

// The body that crashed the gateway: ~30 KB, 15,000 levels. Refused while
// parsing, whatever the number mode, and nothing deep is built (a deep tree
// would crash here when the StatusOr's value is copied or compared).
TEST_P(BoundedJsonTest, RefusesFifteenThousandLevelsWithoutCrashing) {
  for (bool objects : {false, true}) {
    const std::string text = Nested(15000, objects);
    absl::StatusOr<json> parsed = ParseBoundedJson(text, GetParam());
    ASSERT_FALSE(parsed.ok()) << objects;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(parsed.status().message(), "nested deeper than 64 levels");
  }
  // The old entry point is bounded too.
  EXPECT_FALSE(ParseJsonExactDecimals(Nested(15000, false)).has_value());
}

TEST_P(BoundedJsonTest, DepthLimitIsExact) {
  for (bool objects : {false, true}) {
    absl::StatusOr<json> at_limit =
        ParseBoundedJson(Nested(kMaxJsonDepth, objects), GetParam());
    ASSERT_TRUE(at_limit.ok()) << at_limit.status();
    const json copy = *at_limit;  // Shallow enough to copy and compare.
    EXPECT_EQ(copy, *at_limit);
    EXPECT_FALSE(
        ParseBoundedJson(Nested(kMaxJsonDepth + 1, objects), GetParam()).ok());
  }
  // Scalars are depth 0; [] is depth 1.
  EXPECT_TRUE(ParseBoundedJson("1", GetParam(), {.max_depth = 0}).ok());
  EXPECT_FALSE(ParseBoundedJson("[]", GetParam(), {.max_depth = 0}).ok());
  EXPECT_TRUE(ParseBoundedJson("[[],{}]", GetParam(), {.max_depth = 2}).ok());
  EXPECT_EQ(ParseBoundedJson(R"({"a":[{}]})", GetParam(), {.max_depth = 2})
                .status()
                .message(),
            "nested deeper than 2 levels");
}

TEST_P(BoundedJsonTest, SizeLimitIsExact) {
  const std::string text = R"({"a":"0123456789"})";  // 18 bytes.
  EXPECT_TRUE(
      ParseBoundedJson(text, GetParam(), {.max_bytes = text.size()}).ok());
  absl::StatusOr<json> too_big =
      ParseBoundedJson(text, GetParam(), {.max_bytes = text.size() - 1});
  EXPECT_EQ(too_big.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(too_big.status().message(), "larger than 17 bytes");
  // The default: 1 MiB.
  std::string big = "[" + std::string(kMaxJsonBytes, ' ') + "]";
  EXPECT_EQ(ParseBoundedJson(big, GetParam()).status().message(),
            "larger than 1048576 bytes");
}

TEST_P(BoundedJsonTest, SyntaxErrorsSayNotValidJson) {
  for (const char* text : {"", "{", "[1,2,]", "<html>503</html>",
                           "{\"a\":\"\xff\"}", "{\"a\":1} x"}) {
    absl::StatusOr<json> parsed = ParseBoundedJson(text, GetParam());
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument)
        << text;
    EXPECT_EQ(parsed.status().message(), "not valid JSON") << text;
  }
}

TEST_P(BoundedJsonTest, BuildsNlohmannsTreeExceptForDecimals) {
  const std::string text =
      R"({"success":true,"data":{"costs":[{"x":[1,[2,{"y":null}],true]},)"
      R"({"z":"s\u00e9\"q","n":-7,"u":18446744073709551615}],)"
      R"("empty_obj":{},"empty_arr":[],"f":false,"fee":0.60}})";
  absl::StatusOr<json> parsed = ParseBoundedJson(text, GetParam());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  json expected = json::parse(text);
  if (GetParam() == JsonNumbers::kExactDecimals) {
    expected["data"]["fee"] = "0.60";
  } else {
    EXPECT_TRUE((*parsed)["data"]["fee"].is_number_float());
  }
  EXPECT_EQ(*parsed, expected);
}

constexpr absl::string_view kOrderFields[] = {"order_id", "status"};
constexpr JsonMemberFilter kDataFilter = {"data", kOrderFields};

TEST_P(BoundedJsonTest, AFilterBuildsOnlyTheKeptMembersOfItsObject) {
  const std::string text =
      R"({"success":true,"data":{"customer":{"email":"a@b.c",)"
      R"("address":[{"x":[1,{"y":null}]}]},"order_id":"o-1",)"
      R"("costs":[0.60,"z",true,null,-1],"status":"initialized",)"
      R"("items":[],"fee":0.5},"status":"envelope","customer":{"k":1}})";
  absl::StatusOr<json> parsed =
      ParseBoundedJson(text, GetParam(), JsonLimits(), &kDataFilter);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  // Outside "data" nothing is filtered, not even members named in `keep`.
  EXPECT_EQ(*parsed,
            json::parse(R"({"success":true,"status":"envelope",)"
                        R"("customer":{"k":1},"data":)"
                        R"({"order_id":"o-1","status":"initialized"}})"));
}

TEST_P(BoundedJsonTest, AFilterKeepsNestedMembersWhole) {
  constexpr absl::string_view kKeep[] = {"cart"};
  const JsonMemberFilter filter = {"data", kKeep};
  const std::string text =
      R"({"data":{"cart":{"order_id":"inner","items":[{"a":1}]},"x":{}}})";
  absl::StatusOr<json> parsed =
      ParseBoundedJson(text, GetParam(), JsonLimits(), &filter);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, json::parse(R"({"data":{"cart":{"order_id":"inner",)"
                                 R"("items":[{"a":1}]}}})"));
}

TEST_P(BoundedJsonTest, AFilterLeavesOtherShapesAlone) {
  // "data" an array, a scalar, or not at the root: built as without a filter.
  for (const char* text :
       {R"({"data":[{"order_id":"a","x":1}]})", R"({"data":"s","x":[1]})",
        R"([{"data":{"x":1,"order_id":"a"}}])", R"({"y":{"data":{"x":1}}})"}) {
    absl::StatusOr<json> parsed =
        ParseBoundedJson(text, GetParam(), JsonLimits(), &kDataFilter);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status();
    EXPECT_EQ(*parsed, json::parse(text)) << text;
  }
}

TEST_P(BoundedJsonTest, SkippedMembersStillCountForDepthAndSyntax) {
  // The root and "data" are 2 levels; the skipped member opens 3 more.
  const std::string deep = R"({"data":{"skipped":[[{"a":1}]],"order_id":"o"}})";
  absl::StatusOr<json> parsed = ParseBoundedJson(
      deep, GetParam(), JsonLimits{4, kMaxJsonBytes}, &kDataFilter);
  EXPECT_EQ(parsed.status().message(), "nested deeper than 4 levels");
  parsed = ParseBoundedJson(deep, GetParam(), JsonLimits{5, kMaxJsonBytes},
                            &kDataFilter);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, json::parse(R"({"data":{"order_id":"o"}})"));
  for (const char* broken :
       {R"({"data":{"skipped":[1,],"order_id":"o"}})",
        "{\"data\":{\"skipped\":\"\xff\",\"order_id\":\"o\"}}"}) {
    EXPECT_EQ(ParseBoundedJson(broken, GetParam(), JsonLimits(), &kDataFilter)
                  .status()
                  .message(),
              "not valid JSON")
        << broken;
  }
}

INSTANTIATE_TEST_SUITE_P(Numbers, BoundedJsonTest,
                         testing::Values(JsonNumbers::kNative,
                                         JsonNumbers::kExactDecimals),
                         [](const testing::TestParamInfo<JsonNumbers>& info) {
                           return info.param == JsonNumbers::kNative
                                      ? std::string("Native")
                                      : std::string("ExactDecimals");
                         });

}  // namespace
}  // namespace msp_gateway
