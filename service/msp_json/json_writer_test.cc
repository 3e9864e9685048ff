// Copyright 2026 The msp-gateway Authors.

#include "service/msp_json/json_writer.h"

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/msp_json/decimal_json.h"

namespace msp_gateway {
namespace {

using Json = nlohmann::ordered_json;

// What the translators printed before the writer: nlohmann's dump.
std::string NlohmannString(const std::string& text) {
  return Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string WriterString(const std::string& text) {
  std::string out;
  AppendJsonString(text, out);
  return out;
}

TEST(JsonWriterTest, HeaderExample) {
  JsonWriter w(64);
  w.BeginObject();
  w.Key("unit_price").Decimal("13.761467889");
  w.Key("quantity").Int(2);
  w.EndObject();
  EXPECT_EQ(std::move(w).Finish(),
            R"({"unit_price":13.761467889,"quantity":2})");
}

TEST(JsonWriterTest, CommasAndNesting) {
  JsonWriter w;
  w.BeginObject();
  w.Key("empty_object").BeginObject().EndObject();
  w.Key("empty_array").BeginArray().EndArray();
  w.Key("list").BeginArray();
  w.String("a").Int(-1).Bool(true).Bool(false);
  w.BeginObject().Key("x").BeginArray().Int(1).EndArray().EndObject();
  w.BeginArray().EndArray();
  w.Raw(R"({"b":1.5e+21})");
  w.EndArray();
  w.Key("last").String("");
  w.EndObject();
  EXPECT_EQ(w.text(),
            R"({"empty_object":{},"empty_array":[],"list":["a",-1,true,)"
            R"(false,{"x":[1]},[],{"b":1.5e+21}],"last":""})");
}

TEST(JsonWriterTest, IntegersKeepEveryDigit) {
  for (int64_t value : {int64_t{0}, int64_t{-1}, int64_t{9007199254740993},
                        std::numeric_limits<int64_t>::min(),
                        std::numeric_limits<int64_t>::max()}) {
    JsonWriter w;
    w.Int(value);
    EXPECT_EQ(w.text(), Json(value).dump()) << value;
  }
}

TEST(JsonWriterTest, EscapesLikeNlohmann) {
  for (const std::string& text :
       {std::string(""), std::string("plain text / 100%"),
        std::string("\"quoted\" \\ back"), std::string("\b\f\n\r\t"),
        std::string("\x01\x1f\x7f", 3), std::string("\0nul", 4),
        std::string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
        std::string("\xE2\x80\xA8\xE2\x80\xA9")}) {
    EXPECT_EQ(WriterString(text), NlohmannString(text)) << text;
  }
  EXPECT_EQ(WriterString("\n\x1f"), R"("\n\u001f")");
}

TEST(JsonWriterTest, InvalidUtf8BecomesReplacementCharactersLikeNlohmann) {
  for (const std::string& text :
       {std::string("\x80"), std::string("a\xFFz"), std::string("\xC3"),
        std::string("\xC3("), std::string("\xE2\x82"), std::string("\xE2\x82z"),
        std::string("\xE0\x80\x80"), std::string("\xED\xA0\x80"),
        std::string("\xF4\x90\x80\x80"), std::string("\xF0\x9F\x98"),
        std::string("\xC0\xAF"), std::string("\xF5\x80")}) {
    EXPECT_EQ(WriterString(text), NlohmannString(text));
  }
  EXPECT_EQ(WriterString("a\xFFz"), "\"a\xEF\xBF\xBDz\"");
}

// Every string of up to 4 bytes over the bytes where UTF-8 rules change,
// then random strings: the same text as nlohmann's dump, byte for byte.
TEST(JsonWriterTest, SameTextAsNlohmannForEveryShortString) {
  const std::vector<unsigned char> alphabet = {
      0x00, 0x08, 0x1F, 0x20, 0x22, 0x41, 0x5C, 0x7F, 0x80, 0x8F,
      0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
      0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  std::vector<std::string> texts = {""};
  size_t from = 0;
  for (int length = 1; length <= 4; ++length) {
    const size_t to = texts.size();
    for (size_t i = from; i < to; ++i) {
      for (unsigned char c : alphabet) {
        texts.push_back(texts[i] + static_cast<char>(c));
      }
    }
    from = to;
  }
  std::mt19937 random(20261202);
  for (int i = 0; i < 20000; ++i) {
    std::string text(random() % 40, '\0');
    for (char& c : text) c = static_cast<char>(alphabet[random() % 30]);
    texts.push_back(std::move(text));
  }
  int failures = 0;
  for (const std::string& text : texts) {
    if (WriterString(text) != NlohmannString(text) && ++failures <= 10) {
      ADD_FAILURE() << "differs for bytes " << absl::BytesToHexString(text);
    }
  }
  EXPECT_EQ(failures, 0) << "of " << texts.size();
}

TEST(JsonWriterTest, SameTextAsDumpJson) {
  Json item = Json::object();
  item["name"] = "Th\xC3\xA9 \"vert\"\n";
  item["unit_price"] = DecimalNumber("-0.0825");
  item["quantity"] = int64_t{3};
  item["weight"] = {{"unit", "KG"}, {"value", DecimalNumber("0.00")}};
  item["tags"] = Json::array({"a", true, 7});
  JsonWriter w;
  w.BeginObject();
  w.Key("name").String("Th\xC3\xA9 \"vert\"\n");
  w.Key("unit_price").Decimal("-0.0825");
  w.Key("quantity").Int(3);
  w.Key("weight").BeginObject();
  w.Key("unit").String("KG").Key("value").Decimal("0.00");
  w.EndObject();
  w.Key("tags").BeginArray().String("a").Bool(true).Int(7).EndArray();
  w.EndObject();
  EXPECT_EQ(w.text(), DumpJson(item));
}

TEST(JsonWriterTest, EnoughCapacityMeansNoReallocation) {
  JsonWriter w(256);
  w.BeginObject();
  const char* data = w.text().data();
  for (int i = 0; i < 10; ++i) w.Key("key").String("value").Key("n").Int(i);
  w.EndObject();
  EXPECT_EQ(w.text().data(), data);
  EXPECT_LT(w.text().size(), 256u);
}

}  // namespace
}  // namespace msp_gateway
