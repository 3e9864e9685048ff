// Copyright 2026 The msp-gateway Authors.

#include "service/msp_json/decimal_json.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"

namespace msp_gateway {
namespace {

using Json = nlohmann::ordered_json;

// The binary subtype that marks a DecimalNumber(); binary values never come
// from parsing JSON text, so a caller's data cannot forge one.
constexpr std::uint8_t kDecimalSubtype = 0xDE;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(absl::string_view text) {
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

void Dump(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, member] : value.items()) {
        if (!first) out.push_back(',');
        first = false;
        out += Json(key).dump(-1, ' ', false, Json::error_handler_t::replace);
        out.push_back(':');
        Dump(member, out);
      }
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const Json& element : value) {
        if (!first) out.push_back(',');
        first = false;
        Dump(element, out);
      }
      out.push_back(']');
      return;
    }
    case Json::value_t::binary: {
      const Json::binary_t& bytes = value.get_binary();
      if (bytes.has_subtype() && bytes.subtype() == kDecimalSubtype) {
        out.append(bytes.begin(), bytes.end());
        return;
      }
      break;
    }
    default:
      break;
  }
  out += value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::optional<std::string> NormalizeDecimal(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  int exponent = 0;
  const size_t e = text.find_first_of("eE");
  if (e != absl::string_view::npos) {
    absl::string_view exp_text = text.substr(e + 1);
    text = text.substr(0, e);
    bool exp_negative = false;
    if (!exp_text.empty() && (exp_text[0] == '-' || exp_text[0] == '+')) {
      exp_negative = exp_text[0] == '-';
      exp_text.remove_prefix(1);
    }
    if (exp_text.empty() || exp_text.size() > 3 || !AllDigits(exp_text)) {
      return std::nullopt;
    }
    absl::SimpleAtoi(exp_text, &exponent);
    if (exponent > 64) return std::nullopt;
    if (exp_negative) exponent = -exponent;
  }
  const size_t point = text.find('.');
  const absl::string_view integer = text.substr(0, point);
  const absl::string_view fraction = point == absl::string_view::npos
                                         ? absl::string_view()
                                         : text.substr(point + 1);
  if (integer.empty() || !AllDigits(integer) || !AllDigits(fraction) ||
      (point != absl::string_view::npos && fraction.empty())) {
    return std::nullopt;
  }
  // All digits, and where the point goes in them.
  std::string digits = std::string(integer) + std::string(fraction);
  int point_at = static_cast<int>(integer.size()) + exponent;
  if (point_at <= 0) {
    digits.insert(0, static_cast<size_t>(1 - point_at), '0');
    point_at = 1;
  } else if (point_at > static_cast<int>(digits.size())) {
    digits.append(static_cast<size_t>(point_at) - digits.size(), '0');
  }
  std::string int_part = digits.substr(0, static_cast<size_t>(point_at));
  const std::string frac_part = digits.substr(static_cast<size_t>(point_at));
  const size_t first_nonzero = int_part.find_first_not_of('0');
  int_part =
      first_nonzero == std::string::npos ? "0" : int_part.substr(first_nonzero);
  std::string out = negative ? "-" : "";
  out += int_part;
  if (!frac_part.empty()) {
    out.push_back('.');
    out += frac_part;
  }
  return out;
}

Json DecimalNumber(absl::string_view decimal) {
  return Json::binary(std::vector<std::uint8_t>(decimal.begin(), decimal.end()),
                      kDecimalSubtype);
}

std::string DumpJson(const Json& value) {
  std::string out;
  Dump(value, out);
  return out;
}

}  // namespace msp_gateway
