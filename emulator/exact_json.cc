// Copyright 2026 The msp-gateway Authors.

#include "emulator/exact_json.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

// Records the lexeme of every floating-point number under its JSON pointer.
// Structure errors are left to the DOM parse that runs first.
class LexemeRecorder : public nlohmann::json_sax<json> {
 public:
  explicit LexemeRecorder(std::map<std::string, std::string>* out)
      : out_(out) {}

  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t& lexeme) override {
    (*out_)[Pointer()] = lexeme;
    return Value();
  }
  bool string(string_t&) override { return Value(); }
  bool binary(binary_t&) override { return Value(); }
  bool start_object(std::size_t) override {
    frames_.push_back({false, 0, ""});
    return true;
  }
  bool key(string_t& key) override {
    frames_.back().key = key;
    return true;
  }
  bool end_object() override {
    frames_.pop_back();
    return Value();
  }
  bool start_array(std::size_t) override {
    frames_.push_back({true, 0, ""});
    return true;
  }
  bool end_array() override {
    frames_.pop_back();
    return Value();
  }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool is_array;
    size_t index;
    std::string key;
  };

  // A value just ended: in an array, the next one has the next index.
  bool Value() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
    return true;
  }

  std::string Pointer() const {
    std::string pointer;
    for (const Frame& frame : frames_) {
      pointer += "/";
      pointer += frame.is_array ? std::to_string(frame.index)
                                : PointerToken(frame.key);
    }
    return pointer;
  }

  std::map<std::string, std::string>* out_;
  std::vector<Frame> frames_;
};

const json* Find(const json& root, const std::string& pointer) {
  try {
    const json::json_pointer ptr(pointer);
    if (!root.contains(ptr)) return nullptr;
    return &root.at(ptr);
  } catch (const json::exception&) {
    return nullptr;  // malformed pointer or index into a non-array
  }
}

}  // namespace

std::string PointerToken(absl::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::optional<ExactJson> ExactJson::Parse(absl::string_view text) {
  ExactJson parsed;
  parsed.value_ = json::parse(text.begin(), text.end(), nullptr,
                              /*allow_exceptions=*/false);
  if (parsed.value_.is_discarded()) return std::nullopt;
  LexemeRecorder recorder(&parsed.lexemes_);
  if (!json::sax_parse(text.begin(), text.end(), &recorder)) {
    return std::nullopt;
  }
  return parsed;
}

ExactJson ExactJson::FromDom(const json& value) {
  std::optional<ExactJson> parsed =
      Parse(value.dump(-1, ' ', false, json::error_handler_t::replace));
  if (parsed.has_value()) return *std::move(parsed);
  ExactJson fallback;
  fallback.value_ = value;
  return fallback;
}

std::optional<Decimal> ExactJson::DecimalAt(const std::string& pointer) const {
  const json* node = Find(value_, pointer);
  if (node == nullptr) return std::nullopt;
  if (node->is_number_unsigned()) {
    const uint64_t value = node->get<uint64_t>();
    if (value > static_cast<uint64_t>(INT64_MAX)) {
      return Decimal::Parse(std::to_string(value));
    }
    return Decimal::FromInt(static_cast<int64_t>(value));
  }
  if (node->is_number_integer()) {
    return Decimal::FromInt(node->get<int64_t>());
  }
  if (node->is_number_float()) {
    auto it = lexemes_.find(pointer);
    if (it == lexemes_.end()) return std::nullopt;
    return Decimal::Parse(it->second);
  }
  if (node->is_string()) {
    return Decimal::Parse(node->get_ref<const std::string&>());
  }
  return std::nullopt;
}

std::optional<ExactJson> ExactJson::At(const std::string& pointer) const {
  const json* node = Find(value_, pointer);
  if (node == nullptr) return std::nullopt;
  ExactJson sub;
  sub.value_ = *node;
  for (auto it = lexemes_.lower_bound(pointer); it != lexemes_.end(); ++it) {
    if (it->first == pointer) {
      sub.lexemes_[""] = it->second;
    } else if (absl::StartsWith(it->first, absl::StrCat(pointer, "/"))) {
      sub.lexemes_[it->first.substr(pointer.size())] = it->second;
    } else if (!absl::StartsWith(it->first, pointer)) {
      break;
    }
  }
  return sub;
}

}  // namespace msp_emulator
