// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/exact_json.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace msp_gateway {
namespace {

using json = nlohmann::json;

// A SAX handler that builds a DOM like nlohmann's own, except for
// number_float, which keeps the lexeme as a string.
class ExactDomBuilder {
 public:
  explicit ExactDomBuilder(json& root) : root_(root) {}

  bool null() { return Put(nullptr) != nullptr; }
  bool boolean(bool value) { return Put(value) != nullptr; }
  bool number_integer(json::number_integer_t value) {
    return Put(value) != nullptr;
  }
  bool number_unsigned(json::number_unsigned_t value) {
    return Put(value) != nullptr;
  }
  // The point of this class: "0.60" stays "0.60", never 0.59999...
  bool number_float(json::number_float_t /*value*/,
                    const json::string_t& lexeme) {
    return Put(lexeme) != nullptr;
  }
  bool string(json::string_t& value) {
    return Put(std::move(value)) != nullptr;
  }
  bool binary(json::binary_t& value) {
    return Put(json::binary(std::move(value))) != nullptr;
  }
  bool start_object(std::size_t /*size*/) {
    json* object = Put(json::object());
    stack_.push_back(object);
    return object != nullptr;
  }
  bool key(json::string_t& key) {
    key_ = std::move(key);
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*size*/) {
    json* array = Put(json::array());
    stack_.push_back(array);
    return array != nullptr;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const json::exception& /*error*/) {
    return false;
  }

 private:
  // Stores `value` where the parser is and returns where it went. Pointers on
  // the stack stay valid: a container is only appended to while none of its
  // children is open (arrays), or has stable nodes (std::map for objects).
  json* Put(json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];  // A repeated key: the last one wins.
    slot = std::move(value);
    return &slot;
  }

  json& root_;
  std::vector<json*> stack_;
  std::string key_;
};

}  // namespace

std::optional<json> ParseJsonExactDecimals(absl::string_view text) {
  json root;
  ExactDomBuilder builder(root);
  if (!json::sax_parse(text.begin(), text.end(), &builder)) {
    return std::nullopt;
  }
  return root;
}

}  // namespace msp_gateway
