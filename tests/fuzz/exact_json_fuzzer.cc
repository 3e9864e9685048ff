// Copyright 2026 The msp-gateway Authors.
//
// File: exact_json_fuzzer.cc
//
// ParseJsonExactDecimals() (service/msp_json/exact_json.h), the parser of
// every MultiSafepay reply with decimal money. Checks: whatever it accepts,
// nlohmann's own strict parser accepts too (it may refuse more, e.g. a depth
// limit, never less), with the same top-level type; and its output is a
// fixed point: printing it and parsing that again gives the same value
// (fractional numbers are strings by then, integers stay integers).

#include <cstddef>
#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "service/msp_json/exact_json.h"

namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// Our own checks recurse (dump, ==); keep them to inputs whose depth cannot
// overflow the harness's stack, so a crash always points at the parser.
constexpr size_t kMaxCheckedSize = 4096;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<nlohmann::json> exact =
      msp_gateway::ParseJsonExactDecimals(text);
  if (!exact.has_value() || size > kMaxCheckedSize) return 0;
  const nlohmann::json native =
      nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  Check(!native.is_discarded());
  Check(native.type() == exact->type() ||
        (native.is_number_float() && exact->is_string()) ||
        (native.is_number() && exact->is_number()));
  const std::optional<nlohmann::json> again =
      msp_gateway::ParseJsonExactDecimals(exact->dump());
  Check(again.has_value());
  Check(*again == *exact);
  return 0;
}
