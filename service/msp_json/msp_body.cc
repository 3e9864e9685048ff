// Copyright 2026 The msp-gateway Authors.

#include "service/msp_json/msp_body.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "service/common/decimal.h"
#include "service/msp_json/decimal_json.h"

namespace msp_gateway {

using Json = nlohmann::ordered_json;

void PutIfSet(Json& out, const char* key, bool has, const std::string& value) {
  if (has) out[key] = value;
}

void PutIfSet(Json& out, const char* key, bool has, bool value) {
  if (has) out[key] = value;
}

absl::StatusOr<Json> CartItemJson(
    const payments::v1::CartItem& item, absl::string_view field,
    absl::FunctionRef<absl::Status(absl::string_view field)> not_decimal) {
  Json json = Json::object();
  PutIfSet(json, "name", item.has_name(), item.name());
  PutIfSet(json, "description", item.has_description(), item.description());
  if (!ParseDecimal(item.unit_price())) {
    return not_decimal(absl::StrCat(field, ".unit_price"));
  }
  json["unit_price"] = DecimalNumber(item.unit_price());
  json["quantity"] = item.quantity();
  PutIfSet(json, "merchant_item_id", item.has_merchant_item_id(),
           item.merchant_item_id());
  PutIfSet(json, "tax_table_selector", item.has_tax_table_selector(),
           item.tax_table_selector());
  if (item.has_weight()) {
    if (!ParseDecimal(item.weight().value())) {
      return not_decimal(absl::StrCat(field, ".weight.value"));
    }
    Json weight = Json::object();
    weight["unit"] = item.weight().unit();
    weight["value"] = DecimalNumber(item.weight().value());
    json["weight"] = std::move(weight);
  }
  PutIfSet(json, "currency", item.has_currency(), item.currency());
  return json;
}

void WriteIfSet(JsonWriter& out, absl::string_view key, bool has,
                const std::string& value) {
  if (has) out.Key(key).String(value);
}

void WriteIfSet(JsonWriter& out, absl::string_view key, bool has, bool value) {
  if (has) out.Key(key).Bool(value);
}

absl::Status WriteCartItem(
    JsonWriter& out, const payments::v1::CartItem& item,
    absl::FunctionRef<absl::Status(absl::string_view member)> not_decimal) {
  out.BeginObject();
  WriteIfSet(out, "name", item.has_name(), item.name());
  WriteIfSet(out, "description", item.has_description(), item.description());
  if (!ParseDecimal(item.unit_price())) return not_decimal(".unit_price");
  out.Key("unit_price").Decimal(item.unit_price());
  out.Key("quantity").Int(item.quantity());
  WriteIfSet(out, "merchant_item_id", item.has_merchant_item_id(),
             item.merchant_item_id());
  WriteIfSet(out, "tax_table_selector", item.has_tax_table_selector(),
             item.tax_table_selector());
  if (item.has_weight()) {
    if (!ParseDecimal(item.weight().value())) {
      return not_decimal(".weight.value");
    }
    out.Key("weight").BeginObject();
    out.Key("unit").String(item.weight().unit());
    out.Key("value").Decimal(item.weight().value());
    out.EndObject();
  }
  WriteIfSet(out, "currency", item.has_currency(), item.currency());
  out.EndObject();
  return absl::OkStatus();
}

}  // namespace msp_gateway
