// Copyright 2026 The msp-gateway Authors.

#include "service/msp_json/msp_body.h"

#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/msp_json/decimal_json.h"

namespace msp_gateway {
namespace {

using Json = nlohmann::ordered_json;

// Records the field it was called with.
struct NotDecimal {
  std::string* field;
  absl::Status operator()(absl::string_view f) const {
    *field = std::string(f);
    return absl::InvalidArgumentError("not a decimal");
  }
};

TEST(PutIfSetTest, OnlyWhenPresent) {
  Json json = Json::object();
  PutIfSet(json, "a", false, std::string("x"));
  PutIfSet(json, "b", true, std::string(""));
  PutIfSet(json, "c", false, true);
  PutIfSet(json, "d", true, false);
  EXPECT_EQ(DumpJson(json), R"({"b":"","d":false})");
}

TEST(CartItemJsonTest, EveryFieldInMultiSafepaysOrder) {
  payments::v1::CartItem item;
  item.set_currency("EUR");
  item.mutable_weight()->set_value("0.50");
  item.mutable_weight()->set_unit("KG");
  item.set_tax_table_selector("BTW21");
  item.set_merchant_item_id("sku-1");
  item.set_quantity(-2);
  item.set_unit_price("13.761467889");
  item.set_description("");
  item.set_name("Tea");
  std::string field;
  absl::StatusOr<Json> json =
      CartItemJson(item, "shopping_cart.items[0]", NotDecimal{&field});
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(DumpJson(*json),
            R"({"name":"Tea","description":"","unit_price":13.761467889,)"
            R"("quantity":-2,"merchant_item_id":"sku-1",)"
            R"("tax_table_selector":"BTW21",)"
            R"("weight":{"unit":"KG","value":0.50},"currency":"EUR"})");
  EXPECT_EQ(field, "");
}

TEST(CartItemJsonTest, UnsetOptionalFieldsAreLeftOut) {
  payments::v1::CartItem item;
  item.set_unit_price("-5");
  std::string field;
  absl::StatusOr<Json> json =
      CartItemJson(item, "checkout_data.items[3]", NotDecimal{&field});
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(DumpJson(*json), R"({"unit_price":-5,"quantity":0})");
}

TEST(CartItemJsonTest, NotADecimalNamesTheField) {
  payments::v1::CartItem item;
  item.set_unit_price("1e5");
  item.mutable_weight()->set_value("heavy");
  std::string field;
  absl::StatusOr<Json> json =
      CartItemJson(item, "shopping_cart.items[2]", NotDecimal{&field});
  EXPECT_EQ(json.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(field, "shopping_cart.items[2].unit_price");

  item.set_unit_price("1.5");
  json = CartItemJson(item, "checkout_data.items[0]", NotDecimal{&field});
  EXPECT_EQ(json.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(field, "checkout_data.items[0].weight.value");
}

// WriteCartItem()'s text, or "error <member>" when it refused the line.
std::string WrittenCartItem(const payments::v1::CartItem& item) {
  JsonWriter w;
  std::string member;
  const absl::Status status = WriteCartItem(w, item, NotDecimal{&member});
  if (!status.ok()) return "error " + member;
  return std::string(w.text());
}

TEST(WriteIfSetTest, OnlyWhenPresent) {
  JsonWriter w;
  w.BeginObject();
  WriteIfSet(w, "a", false, std::string("x"));
  WriteIfSet(w, "b", true, std::string(""));
  WriteIfSet(w, "c", false, true);
  WriteIfSet(w, "d", true, false);
  w.EndObject();
  EXPECT_EQ(w.text(), R"({"b":"","d":false})");
}

TEST(WriteCartItemTest, SameTextAsCartItemJson) {
  payments::v1::CartItem full;
  full.set_name("Th\xC3\xA9 \"groen\"");
  full.set_description("");
  full.set_unit_price("13.761467889");
  full.set_quantity(-2);
  full.set_merchant_item_id("sku-1");
  full.set_tax_table_selector("BTW21");
  full.mutable_weight()->set_unit("KG");
  full.mutable_weight()->set_value("0.50");
  full.set_currency("EUR");
  payments::v1::CartItem minimal;
  minimal.set_unit_price("-5");
  payments::v1::CartItem empty_weight;
  empty_weight.set_unit_price("0.00");
  empty_weight.mutable_weight()->set_value("0");
  for (const payments::v1::CartItem& item : {full, minimal, empty_weight}) {
    std::string field;
    absl::StatusOr<Json> json =
        CartItemJson(item, "shopping_cart.items[0]", NotDecimal{&field});
    ASSERT_TRUE(json.ok()) << json.status();
    EXPECT_EQ(WrittenCartItem(item), DumpJson(*json));
  }
  EXPECT_EQ(WrittenCartItem(minimal), R"({"unit_price":-5,"quantity":0})");
}

TEST(WriteCartItemTest, NotADecimalNamesTheMember) {
  payments::v1::CartItem item;
  item.set_unit_price("1e5");
  item.mutable_weight()->set_value("heavy");
  EXPECT_EQ(WrittenCartItem(item), "error .unit_price");
  item.set_unit_price("1.5");
  EXPECT_EQ(WrittenCartItem(item), "error .weight.value");
}

}  // namespace
}  // namespace msp_gateway
