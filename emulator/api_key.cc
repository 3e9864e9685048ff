// Copyright 2026 The msp-gateway Authors.

#include "emulator/api_key.h"

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"

namespace msp_emulator {

std::optional<std::string> PresentedApiKey(const HttpRequest& req) {
  if (req.HasHeader("api_key")) return req.Header("api_key");
  const std::string authorization = req.Header("Authorization");
  absl::string_view credentials = authorization;
  if (absl::ConsumePrefix(&credentials, "Bearer ") ||
      absl::ConsumePrefix(&credentials, "bearer ")) {
    return std::string(absl::StripAsciiWhitespace(credentials));
  }
  if (req.HasParam("api_key")) return req.Param("api_key");
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

bool IsAuthorized(const HttpRequest& req, absl::string_view expected) {
  if (expected.empty()) return true;
  std::optional<std::string> key = PresentedApiKey(req);
  return key.has_value() && KeysEqual(*key, expected);
}

}  // namespace msp_emulator
