// Copyright 2026 The msp-gateway Authors.

#include "emulator/http_path.h"

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace msp_emulator {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string PercentDecode(absl::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size() &&
        HexValue(encoded[i + 1]) >= 0 && HexValue(encoded[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(encoded[i + 1]) * 16 +
                                      HexValue(encoded[i + 2])));
      i += 2;
    } else {
      out.push_back(encoded[i]);
    }
  }
  return out;
}

absl::string_view RawPath(absl::string_view target) {
  return target.substr(0, target.find('?'));
}

std::optional<std::string> MatchSegment(absl::string_view raw_path,
                                        absl::string_view prefix,
                                        absl::string_view suffix) {
  if (!absl::ConsumePrefix(&raw_path, prefix) ||
      !absl::ConsumeSuffix(&raw_path, suffix) || raw_path.empty() ||
      absl::StrContains(raw_path, '/')) {
    return std::nullopt;
  }
  return PercentDecode(raw_path);
}

std::optional<std::vector<std::string>> Segments(absl::string_view raw_path,
                                                 absl::string_view prefix) {
  if (!absl::ConsumePrefix(&raw_path, prefix)) return std::nullopt;
  std::vector<std::string> segments;
  for (absl::string_view segment : absl::StrSplit(raw_path, '/')) {
    if (segment.empty()) return std::nullopt;
    segments.push_back(PercentDecode(segment));
  }
  return segments;
}

}  // namespace msp_emulator
