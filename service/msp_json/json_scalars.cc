// Copyright 2026 The msp-gateway Authors.

#include "service/msp_json/json_scalars.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"

namespace msp_gateway {

using json = nlohmann::json;

const json* JsonMember(const json& object, absl::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> JsonString(const json& object,
                                      absl::string_view key) {
  const json* value = JsonMember(object, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number_unsigned()) {
    return std::to_string(value->get<uint64_t>());
  }
  if (value->is_number_integer()) return std::to_string(value->get<int64_t>());
  if (value->is_number_float()) return value->dump();
  return std::nullopt;
}

std::optional<int64_t> JsonInt(const json& object, absl::string_view key) {
  const json* value = JsonMember(object, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_unsigned()) {
    const uint64_t u = value->get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<int64_t>(u);
  }
  if (value->is_number_integer()) return value->get<int64_t>();
  if (value->is_number_float()) {
    constexpr double kMaxExact = 9007199254740992.0;  // 2^53
    const double d = value->get<double>();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) <= kMaxExact) {
      return static_cast<int64_t>(d);
    }
    return std::nullopt;
  }
  if (value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    absl::string_view digits = absl::StripAsciiWhitespace(text);
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
      digits.remove_prefix(1);
    }
    // SimpleAtoi parses base-10 integers exactly (no double) and reports
    // overflow; the check keeps out forms it would also accept ("0x..").
    if (digits.empty() ||
        digits.find_first_not_of("0123456789") != absl::string_view::npos) {
      return std::nullopt;
    }
    int64_t out = 0;
    if (!absl::SimpleAtoi(text, &out)) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

}  // namespace msp_gateway
