// Copyright 2026 The msp-gateway Authors.

#include "service/msp_json/decimal_json.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {
namespace {

using Json = nlohmann::ordered_json;

TEST(NormalizeDecimalTest, KeepsEveryDigitSent) {
  EXPECT_EQ(NormalizeDecimal("0.60"), "0.60");
  EXPECT_EQ(NormalizeDecimal("0.6"), "0.6");
  EXPECT_EQ(NormalizeDecimal("0.01"), "0.01");
  EXPECT_EQ(NormalizeDecimal("-5.00"), "-5.00");
  EXPECT_EQ(NormalizeDecimal("242.9300000000"), "242.9300000000");
  EXPECT_EQ(NormalizeDecimal("49"), "49");
}

TEST(NormalizeDecimalTest, AcceptsWhatMultiSafepayMightSend) {
  EXPECT_EQ(NormalizeDecimal(" 0.60 "), "0.60");
  EXPECT_EQ(NormalizeDecimal("+1.5"), "1.5");
  EXPECT_EQ(NormalizeDecimal("007"), "7");
  EXPECT_EQ(NormalizeDecimal("000.5"), "0.5");
  EXPECT_EQ(NormalizeDecimal("1e-2"), "0.01");
  EXPECT_EQ(NormalizeDecimal("1E-2"), "0.01");
  EXPECT_EQ(NormalizeDecimal("2.5E+3"), "2500");
  EXPECT_EQ(NormalizeDecimal("1.50e1"), "15.0");
  EXPECT_EQ(NormalizeDecimal("-12.5e-3"), "-0.0125");
  EXPECT_EQ(NormalizeDecimal("5e0"), "5");
}

TEST(NormalizeDecimalTest, RefusesNonNumbers) {
  for (const char* bad :
       {"", " ", "abc", "1.", ".5", "1e", "1e+", "e5", "1.2.3", "0x1F", "1,5",
        "NaN", "1e65", "--1", "1e1000"}) {
    EXPECT_EQ(NormalizeDecimal(bad), std::nullopt) << bad;
  }
}

TEST(DumpJsonTest, PrintsDecimalNumbersDigitForDigit) {
  Json item = Json::object();
  item["name"] = "Tea";
  item["unit_price"] = DecimalNumber("13.761467889");
  item["quantity"] = 2;
  item["weight"] = {{"unit", "KG"}, {"value", DecimalNumber("0.5")}};
  item["lines"] = Json::array({DecimalNumber("-5.00"), 1, nullptr, true});
  EXPECT_EQ(
      DumpJson(item),
      R"({"name":"Tea","unit_price":13.761467889,"quantity":2,)"
      R"("weight":{"unit":"KG","value":0.5},"lines":[-5.00,1,null,true]})");
  // A value a double cannot hold survives.
  EXPECT_EQ(DumpJson(DecimalNumber("9007199254740993.1")),
            "9007199254740993.1");
}

TEST(DumpJsonTest, OtherwiseMatchesNlohmann) {
  Json value = Json::parse(
      R"({"b":1,"a":[{"x":"q\"u\u00e9\n"},{}],"n":-9223372036854775808,)"
      R"("u":18446744073709551615,"e":[],"o":{},"f":false})");
  EXPECT_EQ(DumpJson(value), value.dump());
}

TEST(DumpJsonTest, ReplacesInvalidUtf8) {
  Json value = Json::object();
  value["k\xff"] = "v\xfe";
  EXPECT_EQ(DumpJson(value), "{\"k\xEF\xBF\xBD\":\"v\xEF\xBF\xBD\"}");
}

TEST(DumpJsonTest, OtherBinaryValuesAreNotRaw) {
  // Only DecimalNumber()'s marker is printed raw.
  Json value = Json::binary({'1', '}'}, 7);
  EXPECT_EQ(DumpJson(value), value.dump());
  EXPECT_NE(DumpJson(value), "1}");
}

}  // namespace
}  // namespace msp_gateway
