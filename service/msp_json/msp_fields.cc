// Copyright 2026 The msp-gateway Authors.

#include "service/msp_json/msp_fields.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "service/msp_json/decimal_json.h"
#include "service/msp_json/json_scalars.h"

namespace msp_gateway {

using json = nlohmann::json;

MspFields::MspFields(const json& object, std::string path, std::string& problem)
    : object_(object), path_(std::move(path)), problem_(problem) {}

const json* MspFields::Member(absl::string_view key) const {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(std::string(key));
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string MspFields::PathOf(absl::string_view key) const {
  return path_.empty() ? std::string(key) : absl::StrCat(path_, ".", key);
}

void MspFields::Problem(const std::string& problem) const {
  if (problem_.empty()) problem_ = problem;
}

std::string MspFields::Text(absl::string_view key) const {
  return JsonString(object_, key).value_or("");
}

std::string MspFields::TextOf(
    std::initializer_list<absl::string_view> keys) const {
  for (absl::string_view key : keys) {
    if (Member(key) != nullptr) return Text(key);
  }
  return "";
}

std::string MspFields::Digits(absl::string_view key, size_t width) const {
  const json* value = Member(key);
  std::string text = Text(key);
  if (value != nullptr &&
      (value->is_number_integer() || value->is_number_unsigned()) &&
      !text.empty() && text.size() < width && text[0] != '-') {
    text.insert(0, width - text.size(), '0');
  }
  return text;
}

int64_t MspFields::Int(absl::string_view key) const {
  const json* value = Member(key);
  if (value == nullptr) return 0;
  if (std::optional<int64_t> exact = JsonInt(object_, key)) return *exact;
  // "1000.00" (a numeric string, or the lexeme of 1000.00 kept by the exact
  // parser): accepted when the fraction is all zeros.
  if (value->is_string()) {
    if (std::optional<std::string> decimal =
            NormalizeDecimal(value->get_ref<const std::string&>())) {
      const size_t point = decimal->find('.');
      const bool integral =
          point == std::string::npos ||
          decimal->find_first_not_of('0', point + 1) == std::string::npos;
      int64_t out = 0;
      if (integral && absl::SimpleAtoi(decimal->substr(0, point), &out)) {
        return out;
      }
    }
  }
  Problem(absl::StrCat("\"", PathOf(key), "\" is not an integer"));
  return 0;
}

std::string MspFields::Decimal(absl::string_view key) const {
  const json* value = Member(key);
  if (value == nullptr) return "";
  if (value->is_number_integer() || value->is_number_unsigned()) {
    return Text(key);
  }
  std::optional<std::string> decimal;
  if (value->is_string()) {
    decimal = NormalizeDecimal(value->get_ref<const std::string&>());
  } else if (value->is_number_float()) {
    // Only without the exact parser; the shortest round-trip form.
    decimal = NormalizeDecimal(value->dump());
  }
  if (decimal.has_value()) return *std::move(decimal);
  Problem(absl::StrCat("\"", PathOf(key), "\" is not a decimal number"));
  return "";
}

bool MspFields::YesNo(absl::string_view key) const {
  const json* value = Member(key);
  if (value == nullptr) return false;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_string()) {
    return absl::EqualsIgnoreCase(
        absl::StripAsciiWhitespace(value->get_ref<const std::string&>()),
        "YES");
  }
  return false;
}

const json* MspFields::Object(absl::string_view key) const {
  const json* value = Member(key);
  if (value == nullptr) return nullptr;
  if (value->is_object()) return value;
  if (value->is_array() && value->empty()) return nullptr;
  Problem(absl::StrCat("\"", PathOf(key), "\" is not an object"));
  return nullptr;
}

std::vector<const json*> MspFields::Objects(absl::string_view key) const {
  std::vector<const json*> out;
  const json* value = Member(key);
  if (value == nullptr) return out;
  if (value->is_object() && value->empty()) return out;
  if (!value->is_array()) {
    Problem(absl::StrCat("\"", PathOf(key), "\" is not an array"));
    return out;
  }
  for (size_t i = 0; i < value->size(); ++i) {
    const json& element = (*value)[i];
    if (element.is_object()) {
      out.push_back(&element);
    } else {
      Problem(absl::StrCat("\"", PathOf(key), "[", i, "]\" is not an object"));
    }
  }
  return out;
}

}  // namespace msp_gateway
