// Copyright 2026 The msp-gateway Authors.

#include "service/msp_json/json_scalars.h"

#include <cstdint>
#include <limits>
#include <string>

#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

using json = nlohmann::json;

TEST(JsonStringTest, AcceptsStringsAndNumbers) {
  const json object = json::parse(R"({
    "s": "my-order", "empty": "", "int": 1588947171, "neg": -5,
    "big": 17472052901237122, "huge": 18446744073709551615, "float": 0.44,
    "bool": true, "null": null, "obj": {}, "arr": []})");
  EXPECT_EQ(JsonString(object, "s"), "my-order");
  EXPECT_EQ(JsonString(object, "empty"), "");
  EXPECT_EQ(JsonString(object, "int"), "1588947171");
  EXPECT_EQ(JsonString(object, "neg"), "-5");
  EXPECT_EQ(JsonString(object, "big"), "17472052901237122");
  EXPECT_EQ(JsonString(object, "huge"), "18446744073709551615");
  EXPECT_EQ(JsonString(object, "float"), "0.44");
  EXPECT_EQ(JsonString(object, "bool"), std::nullopt);
  EXPECT_EQ(JsonString(object, "null"), std::nullopt);
  EXPECT_EQ(JsonString(object, "obj"), std::nullopt);
  EXPECT_EQ(JsonString(object, "arr"), std::nullopt);
  EXPECT_EQ(JsonString(object, "missing"), std::nullopt);
  EXPECT_EQ(JsonString(json::array({"s"}), "s"), std::nullopt);
  EXPECT_EQ(JsonString(json("s"), "s"), std::nullopt);
}

TEST(JsonIntTest, AcceptsIntegersAndNumericStringsExactly) {
  const json object = json::parse(R"({
    "int": 1721910521100125, "neg": -42, "zero": 0,
    "str": "17472052901237122", "not_a_double": "9007199254740993",
    "max": "9223372036854775807", "min": "-9223372036854775808",
    "padded": " 42 ", "plus": "+7", "minus": "-7",
    "float_integral": 3.0, "float": 3.5, "float_huge": 1e300,
    "float_inexact": 9007199254740994.0,
    "overflow": "9223372036854775808", "u64": 18446744073709551615,
    "decimal_string": "1.0", "hex": "0x10", "empty": "", "sign_only": "-",
    "junk": "12abc", "inner_space": "1 2", "bool": true, "null": null,
    "obj": {}})");
  EXPECT_EQ(JsonInt(object, "int"), 1721910521100125);
  EXPECT_EQ(JsonInt(object, "neg"), -42);
  EXPECT_EQ(JsonInt(object, "zero"), 0);
  EXPECT_EQ(JsonInt(object, "str"), 17472052901237122);
  // 2^53 + 1 has no double; a parse through double would yield 2^53.
  EXPECT_EQ(JsonInt(object, "not_a_double"), int64_t{9007199254740993});
  EXPECT_EQ(JsonInt(object, "max"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(JsonInt(object, "min"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(JsonInt(object, "padded"), 42);
  EXPECT_EQ(JsonInt(object, "plus"), 7);
  EXPECT_EQ(JsonInt(object, "minus"), -7);
  EXPECT_EQ(JsonInt(object, "float_integral"), 3);
  EXPECT_EQ(JsonInt(object, "float"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "float_huge"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "float_inexact"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "overflow"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "u64"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "decimal_string"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "hex"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "empty"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "sign_only"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "junk"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "inner_space"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "bool"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "null"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "obj"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "missing"), std::nullopt);
}

}  // namespace
}  // namespace msp_gateway
