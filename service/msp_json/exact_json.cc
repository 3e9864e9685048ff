// Copyright 2026 The msp-gateway Authors.

#include "service/msp_json/exact_json.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace msp_gateway {
namespace {

using json = nlohmann::json;

// A SAX handler that builds a DOM like nlohmann's own, with three
// differences: it refuses to open a container beyond `max_depth` (so no deep
// tree ever exists), with kExactDecimals number_float keeps the lexeme as a
// string, and with a JsonMemberFilter it skips the members that filter does
// not keep (their events are counted for depth, nothing is built).
class BoundedDomBuilder {
 public:
  BoundedDomBuilder(json& root, JsonNumbers numbers, size_t max_depth,
                    const JsonMemberFilter* filter)
      : root_(root),
        numbers_(numbers),
        max_depth_(max_depth),
        filter_(filter) {}

  bool too_deep() const { return too_deep_; }

  bool null() { return Scalar(nullptr); }
  bool boolean(bool value) { return Scalar(value); }
  bool number_integer(json::number_integer_t value) { return Scalar(value); }
  bool number_unsigned(json::number_unsigned_t value) { return Scalar(value); }
  // With kExactDecimals: "0.60" stays "0.60", never 0.59999...
  bool number_float(json::number_float_t value, const json::string_t& lexeme) {
    if (numbers_ == JsonNumbers::kExactDecimals) return Scalar(lexeme);
    return Scalar(value);
  }
  bool string(json::string_t& value) { return Scalar(std::move(value)); }
  bool binary(json::binary_t& value) {
    return Scalar(json::binary(std::move(value)));
  }
  bool start_object(std::size_t /*size*/) { return Open(json::object()); }
  bool key(json::string_t& key) {
    if (skip_depth_ > 0) return true;
    if (filtered_ != nullptr && stack_.back() == filtered_ &&
        !absl::c_linear_search(filter_->keep, key)) {
      skip_next_value_ = true;
      return true;
    }
    key_ = std::move(key);
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(std::size_t /*size*/) { return Open(json::array()); }
  bool end_array() { return Close(); }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const json::exception& /*error*/) {
    return false;
  }

 private:
  // A scalar, built unless it is (inside) a skipped member.
  template <typename Value>
  bool Scalar(Value&& value) {
    if (skip_depth_ > 0) return true;
    if (skip_next_value_) {
      skip_next_value_ = false;
      return true;
    }
    return Put(json(std::forward<Value>(value))) != nullptr;
  }

  // Returning false stops nlohmann's parser at once.
  bool Open(json container) {
    if (stack_.size() + skip_depth_ >= max_depth_) {
      too_deep_ = true;
      return false;
    }
    if (skip_depth_ > 0 || skip_next_value_) {
      skip_next_value_ = false;
      ++skip_depth_;
      return true;
    }
    // The filtered object: the root object's member filter_->parent.
    const bool filtered = filter_ != nullptr && stack_.size() == 1 &&
                          stack_.back()->is_object() &&
                          key_ == filter_->parent && container.is_object();
    json* opened = Put(std::move(container));
    stack_.push_back(opened);
    if (filtered) filtered_ = opened;
    return opened != nullptr;
  }

  bool Close() {
    if (skip_depth_ > 0) {
      --skip_depth_;
    } else {
      stack_.pop_back();
    }
    return true;
  }

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
  const JsonNumbers numbers_;
  const size_t max_depth_;
  const JsonMemberFilter* const filter_;
  std::vector<json*> stack_;
  std::string key_;
  // The object whose members filter_ selects, once it is open.
  json* filtered_ = nullptr;
  // The next value is a member filter_ leaves out; inside one, the number of
  // its containers open.
  bool skip_next_value_ = false;
  size_t skip_depth_ = 0;
  bool too_deep_ = false;
};

}  // namespace

absl::StatusOr<json> ParseBoundedJson(absl::string_view text,
                                      JsonNumbers numbers,
                                      const JsonLimits& limits,
                                      const JsonMemberFilter* filter) {
  if (text.size() > limits.max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("larger than ", limits.max_bytes, " bytes"));
  }
  json root;
  BoundedDomBuilder builder(root, numbers, limits.max_depth, filter);
  if (!json::sax_parse(text.begin(), text.end(), &builder)) {
    // `root` may hold a partial tree, at most max_depth deep; it is simply
    // destroyed.
    if (builder.too_deep()) {
      return absl::InvalidArgumentError(
          absl::StrCat("nested deeper than ", limits.max_depth, " levels"));
    }
    return absl::InvalidArgumentError("not valid JSON");
  }
  return std::move(root);  // Into the StatusOr without a (recursive) copy.
}

std::optional<json> ParseJsonExactDecimals(absl::string_view text) {
  absl::StatusOr<json> parsed =
      ParseBoundedJson(text, JsonNumbers::kExactDecimals);
  if (!parsed.ok()) return std::nullopt;
  return *std::move(parsed);
}

}  // namespace msp_gateway
