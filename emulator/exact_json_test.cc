// Copyright 2026 The msp-gateway Authors.

#include "emulator/exact_json.h"

#include <optional>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

TEST(ExactJsonTest, KeepsTheLexemeOfEveryFloat) {
  std::optional<ExactJson> doc = ExactJson::Parse(R"({
    "shopping_cart": {"items": [
      {"unit_price": 1.005, "quantity": 3},
      {"unit_price": 0.1000000000000000055511151231257827, "quantity": 1},
      {"unit_price": "13.761467889", "quantity": "2"}]},
    "a/b": {"~x": [2.5E-1]}})");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->DecimalAt("/shopping_cart/items/0/unit_price")->ToString(),
            "1.005");
  EXPECT_EQ(doc->DecimalAt("/shopping_cart/items/0/quantity")->ToString(), "3");
  // More digits than a double holds, kept digit for digit.
  EXPECT_EQ(doc->DecimalAt("/shopping_cart/items/1/unit_price")->ToString(),
            "0.1000000000000000055511151231257827");
  // Numeric strings are decimals too.
  EXPECT_EQ(doc->DecimalAt("/shopping_cart/items/2/unit_price")->ToString(),
            "13.761467889");
  EXPECT_EQ(doc->DecimalAt("/shopping_cart/items/2/quantity")->ToString(), "2");
  // Keys with '/' and '~' are escaped in pointers.
  EXPECT_EQ(doc->DecimalAt("/" + PointerToken("a/b") + "/" +
                           PointerToken("~x") + "/0")
                ->ToString(),
            "0.25");
  // The DOM is the usual one.
  EXPECT_TRUE(doc->value()["shopping_cart"]["items"][0]["unit_price"]
                  .is_number_float());
}

TEST(ExactJsonTest, DecimalAtRejectsWhatIsNotANumber) {
  std::optional<ExactJson> doc = ExactJson::Parse(
      R"({"s": "ten", "b": true, "n": null, "o": {}, "e": ""})");
  ASSERT_TRUE(doc.has_value());
  for (const char* pointer :
       {"/s", "/b", "/n", "/o", "/e", "/missing", "/s/0", "no-slash"}) {
    EXPECT_EQ(doc->DecimalAt(pointer), std::nullopt) << pointer;
  }
}

TEST(ExactJsonTest, SyntaxErrorsAreNullopt) {
  EXPECT_EQ(ExactJson::Parse("{\"a\": "), std::nullopt);
  EXPECT_EQ(ExactJson::Parse(""), std::nullopt);
  EXPECT_EQ(ExactJson::Parse("[1.5,]"), std::nullopt);
}

TEST(ExactJsonTest, SubDocumentsKeepTheirLexemes) {
  std::optional<ExactJson> doc =
      ExactJson::Parse(R"({"items": [{"p": 0.29}], "items2": [{"p": 0.5}]})");
  ASSERT_TRUE(doc.has_value());
  std::optional<ExactJson> items = doc->At("/items");
  ASSERT_TRUE(items.has_value());
  EXPECT_EQ(items->DecimalAt("/0/p")->ToString(), "0.29");
  EXPECT_EQ(items->value().size(), 1u);
  EXPECT_EQ(doc->At("/nothing"), std::nullopt);
}

TEST(ExactJsonTest, FromDomReadsBackShortLiterals) {
  const ExactJson doc = ExactJson::FromDom(json{{"rate", 0.21}, {"n", 7}});
  EXPECT_EQ(doc.DecimalAt("/rate")->ToString(), "0.21");
  EXPECT_EQ(doc.DecimalAt("/n")->ToString(), "7");
}

}  // namespace
}  // namespace msp_emulator
