// Copyright 2026 The msp-gateway Authors.

#include "service/msp_json/msp_fields.h"

#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {
namespace {

using json = nlohmann::json;

class MspFieldsTest : public testing::Test {
 protected:
  MspFields Fields(const char* text, std::string path = "") {
    object_ = json::parse(text);
    return MspFields(object_, std::move(path), problem_);
  }
  json object_;
  std::string problem_;
};

TEST_F(MspFieldsTest, TextAcceptsStringsAndNumbers) {
  MspFields f = Fields(
      R"({"s":"abc","i":906015000050,"n":null,"b":true,"o":{},"a":[1]})");
  EXPECT_EQ(f.Text("s"), "abc");
  EXPECT_EQ(f.Text("i"), "906015000050");
  EXPECT_EQ(f.Text("n"), "");
  EXPECT_EQ(f.Text("b"), "");
  EXPECT_EQ(f.Text("o"), "");
  EXPECT_EQ(f.Text("a"), "");
  EXPECT_EQ(f.Text("missing"), "");
  EXPECT_EQ(problem_, "");
}

TEST_F(MspFieldsTest, TextOfTakesTheFirstPresentKey) {
  MspFields f = Fields(R"({"completed":null,"completed_date":"2019-03-01"})");
  EXPECT_EQ(f.TextOf({"completed", "completed_date"}), "2019-03-01");
  EXPECT_EQ(f.TextOf({"nope", "nada"}), "");
}

TEST_F(MspFieldsTest, DigitsPadsNumbersOnly) {
  MspFields f =
      Fields(R"({"a":1234,"b":123,"c":"123","d":512,"e":"3012","f":12345})");
  EXPECT_EQ(f.Digits("a", 4), "1234");
  EXPECT_EQ(f.Digits("b", 4), "0123");
  EXPECT_EQ(f.Digits("c", 4), "123");  // A string is as MultiSafepay sent it.
  EXPECT_EQ(f.Digits("d", 4), "0512");
  EXPECT_EQ(f.Digits("e", 4), "3012");
  EXPECT_EQ(f.Digits("f", 4), "12345");
  EXPECT_EQ(f.Digits("missing", 4), "");
}

TEST_F(MspFieldsTest, IntIsExactAndLenient) {
  MspFields f =
      Fields(R"({"a":17472052901237122,"b":"1721910521100125","c":" 42 ",)"
             R"("d":"1000.00","e":1000.0,"f":null,"g":"-7"})");
  EXPECT_EQ(f.Int("a"), 17472052901237122);
  EXPECT_EQ(f.Int("b"), 1721910521100125);
  EXPECT_EQ(f.Int("c"), 42);
  EXPECT_EQ(f.Int("d"), 1000);
  EXPECT_EQ(f.Int("e"), 1000);
  EXPECT_EQ(f.Int("f"), 0);
  EXPECT_EQ(f.Int("g"), -7);
  EXPECT_EQ(f.Int("missing"), 0);
  EXPECT_EQ(problem_, "");
}

TEST_F(MspFieldsTest, IntRecordsTheFirstProblemByPath) {
  MspFields f = Fields(R"({"a":"12.50","b":"abc","c":true})", "costs[1]");
  EXPECT_EQ(f.Int("a"), 0);
  EXPECT_EQ(problem_, "\"costs[1].a\" is not an integer");
  EXPECT_EQ(f.Int("b"), 0);
  EXPECT_EQ(f.Int("c"), 0);
  EXPECT_EQ(problem_, "\"costs[1].a\" is not an integer");  // The first.
}

TEST_F(MspFieldsTest, IntRefusesOverflow) {
  MspFields f = Fields(R"({"a":18446744073709551615})");
  EXPECT_EQ(f.Int("a"), 0);
  EXPECT_EQ(problem_, "\"a\" is not an integer");
}

TEST_F(MspFieldsTest, DecimalKeepsDigits) {
  MspFields f = Fields(
      R"({"lexeme":"0.60","int":0,"cents":49,"str":" 0.44 ","exp":"1e-2",)"
      R"("dbl":0.1,"n":null})");
  EXPECT_EQ(f.Decimal("lexeme"), "0.60");
  EXPECT_EQ(f.Decimal("int"), "0");
  EXPECT_EQ(f.Decimal("cents"), "49");
  EXPECT_EQ(f.Decimal("str"), "0.44");
  EXPECT_EQ(f.Decimal("exp"), "0.01");
  EXPECT_EQ(f.Decimal("dbl"), "0.1");  // Without the exact parser.
  EXPECT_EQ(f.Decimal("n"), "");
  EXPECT_EQ(f.Decimal("missing"), "");
  EXPECT_EQ(problem_, "");
  EXPECT_EQ(Fields(R"({"x":"free"})").Decimal("x"), "");
  EXPECT_EQ(problem_, "\"x\" is not a decimal number");
}

TEST_F(MspFieldsTest, YesNo) {
  MspFields f = Fields(
      R"({"a":"YES","b":"NO","c":"yes","d":true,"e":false,"f":1,"g":"maybe"})");
  EXPECT_TRUE(f.YesNo("a"));
  EXPECT_FALSE(f.YesNo("b"));
  EXPECT_TRUE(f.YesNo("c"));
  EXPECT_TRUE(f.YesNo("d"));
  EXPECT_FALSE(f.YesNo("e"));
  EXPECT_FALSE(f.YesNo("f"));
  EXPECT_FALSE(f.YesNo("g"));
  EXPECT_FALSE(f.YesNo("missing"));
}

TEST_F(MspFieldsTest, ObjectAndObjects) {
  MspFields f =
      Fields(R"({"o":{"k":1},"n":null,"ea":[],"eo":{},"s":"x",)"
             R"("list":[{"a":1},{"a":2}],"mixed":[{"a":1},3,{"a":2}]})");
  ASSERT_NE(f.Object("o"), nullptr);
  EXPECT_EQ((*f.Object("o"))["k"], 1);
  EXPECT_EQ(f.Object("n"), nullptr);
  EXPECT_EQ(f.Object("ea"), nullptr);
  EXPECT_EQ(f.Object("missing"), nullptr);
  EXPECT_EQ(problem_, "");
  EXPECT_EQ(f.Objects("list").size(), 2u);
  EXPECT_TRUE(f.Objects("n").empty());
  EXPECT_TRUE(f.Objects("ea").empty());
  EXPECT_TRUE(f.Objects("eo").empty());
  EXPECT_EQ(problem_, "");
  EXPECT_EQ(f.Objects("mixed").size(), 2u);
  EXPECT_EQ(problem_, "\"mixed[1]\" is not an object");
}

TEST_F(MspFieldsTest, WrongContainerTypesAreProblems) {
  MspFields f = Fields(R"({"s":"x","o":{"k":1}})", "data");
  EXPECT_EQ(f.Object("s"), nullptr);
  EXPECT_EQ(problem_, "\"data.s\" is not an object");
  problem_.clear();
  EXPECT_TRUE(f.Objects("o").empty());
  EXPECT_EQ(problem_, "\"data.o\" is not an array");
}

TEST_F(MspFieldsTest, NonObjectReadsAsEmpty) {
  MspFields f = Fields("[1,2]");
  EXPECT_EQ(f.Text("a"), "");
  EXPECT_EQ(f.Int("a"), 0);
  EXPECT_EQ(problem_, "");
}

}  // namespace
}  // namespace msp_gateway
