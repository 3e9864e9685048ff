// Copyright 2026 The msp-gateway Authors.
//
// File: exact_json.h
//
// Bounded JSON parsing for text from outside (MultiSafepay replies, later
// notifications), optionally without ever turning a decimal into a binary
// float. Pure.
//
// Bounded: nlohmann copies, compares and prints trees recursively, so a small
// hostile text nested thousands of levels deep (15,000 levels are ~30 KB)
// overflows the stack the first time its tree is copied (issue 8). The depth
// is therefore counted while parsing, by the SAX handler that builds the
// tree, and the parse stops at the first container beyond the limit: no deep
// tree is ever built. (nlohmann's own parser is iterative, and 3.11's
// destructor flattens trees onto a heap stack, so neither the parse nor the
// discarding of a partial tree recurses.) The byte limit bounds the tree's
// memory: nlohmann's DOM costs up to ~30 bytes of heap per byte of text
// (measured: 1 MiB of `[{},{},...]` is a 30 MiB tree).
//
// Exact decimals: nlohmann's DOM parser stores every number with a fraction
// or exponent as a double, so a MultiSafepay fee of `0.1` would come back as
// 0.1000000000000000055...; re-printing it happens to round-trip for short
// values but is not exact by construction, and money must be. With
// JsonNumbers::kExactDecimals such numbers are kept as strings holding the
// exact lexeme MultiSafepay sent. Integers are unaffected (nlohmann keeps them
// exact as int64/uint64).

#ifndef MSP_GATEWAY_SERVICE_MSP_JSON_EXACT_JSON_H_
#define MSP_GATEWAY_SERVICE_MSP_JSON_EXACT_JSON_H_

#include <cstddef>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {

// JsonNumbers
//
// How numbers with a fraction or exponent are read.
enum class JsonNumbers {
  // As doubles (nlohmann's default): fine where no decimal matters.
  kNative,
  // As strings holding the exact lexeme, for decimal money such as
  // MultiSafepay's `costs[].amount`.
  kExactDecimals,
};

// The default nesting limit: containers (objects and arrays) open at once.
// MultiSafepay's replies are about 6 deep (envelope > data > shopping_cart >
// items > item > ...); 64 is ten times that, while a 64-deep tree costs a few
// KB of stack to copy or print, far from the 10,000 to 15,000 levels at which
// copying a tree overflowed an 8 MiB thread stack in issue 8.
inline constexpr size_t kMaxJsonDepth = 64;

// The default size limit: 1 MiB, the default reply cap of the transport.
// MultiSafepay's largest replies (an order with a long cart, the gateway
// list) are tens of KB.
inline constexpr size_t kMaxJsonBytes = size_t{1} << 20;

// JsonLimits
//
// Bounds for ParseBoundedJson().
struct JsonLimits {
  size_t max_depth = kMaxJsonDepth;  // `[]` and `{}` are depth 1.
  size_t max_bytes = kMaxJsonBytes;
};

// JsonMemberFilter
//
// A field reader's choice: of the object that is the root object's member
// `parent` (MultiSafepay's "data"), only the members named in `keep` are
// built; every other member is still parsed (valid JSON, within the limits)
// but never becomes a node. A reply's mapper that reads four fields of an
// order then costs four nodes, not the whole order: MultiSafepay's POST
// /orders reply echoes the customer, cart and transaction.
struct JsonMemberFilter {
  absl::string_view parent;
  absl::Span<const absl::string_view> keep;
};

// ParseBoundedJson()
//
// Parses `text` (strict RFC 8259 JSON: one value, no comments, no trailing
// bytes but whitespace, valid UTF-8) within `limits`. Fails with
// INVALID_ARGUMENT whose message says what was wrong without quoting the
// text, so it can be shown as is: "not valid JSON", "larger than <n> bytes"
// or "nested deeper than <n> levels".
//
// With kExactDecimals, every number that is not an integer representable as
// int64 or uint64 (a fraction, an exponent, or more digits than uint64 holds)
// becomes a JSON string with its lexeme verbatim:
//   {"amount":0.60,"transaction_id":17472052901237122}
//   -> {"amount":"0.60","transaction_id":17472052901237122 (uint64)}
// A repeated object key keeps its last value, as nlohmann's parser does.
//
// With a `filter`, the members it does not keep are left out of the tree
// (JsonMemberFilter); the rest of the tree is the same.
absl::StatusOr<nlohmann::json> ParseBoundedJson(
    absl::string_view text, JsonNumbers numbers = JsonNumbers::kNative,
    const JsonLimits& limits = JsonLimits(),
    const JsonMemberFilter* filter = nullptr);

// ParseJsonExactDecimals()
//
// ParseBoundedJson(text, kExactDecimals) with the default limits; nullopt on
// any failure.
std::optional<nlohmann::json> ParseJsonExactDecimals(absl::string_view text);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_MSP_JSON_EXACT_JSON_H_
