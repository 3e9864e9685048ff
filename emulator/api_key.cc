// Copyright 2026 The msp-gateway Authors.

#include "emulator/api_key.h"

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"

namespace msp_emulator {

std::optional<std::string> PresentedApiKey(const httplib::Request& req) {
  if (req.has_header("api_key")) return req.get_header_value("api_key");
  const std::string authorization = req.get_header_value("Authorization");
  absl::string_view credentials = authorization;
  if (absl::ConsumePrefix(&credentials, "Bearer ") ||
      absl::ConsumePrefix(&credentials, "bearer ")) {
    return std::string(absl::StripAsciiWhitespace(credentials));
  }
  if (req.has_param("api_key")) return req.get_param_value("api_key");
  return std::nullopt;
}

bool KeysEqual(absl::string_view presented, absl::string_view expected) {
  if (presented.size() != expected.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>(presented[i] ^ expected[i]);
  }
  return diff == 0;
}

bool IsAuthorized(const httplib::Request& req, absl::string_view expected) {
  if (expected.empty()) return true;
  std::optional<std::string> key = PresentedApiKey(req);
  return key.has_value() && KeysEqual(*key, expected);
}

}  // namespace msp_emulator
