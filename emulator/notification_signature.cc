// Copyright 2026 The msp-gateway Authors.

#include "emulator/notification_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace msp_emulator {

std::string HmacSha512Hex(absl::string_view key, absl::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
       mac, &length);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(mac), length));
}

std::string NotificationAuth(absl::string_view key, int64_t timestamp,
                             absl::string_view body) {
  const std::string ts = absl::StrCat(timestamp);
  return absl::Base64Escape(
      absl::StrCat(ts, ":", HmacSha512Hex(key, absl::StrCat(ts, ":", body))));
}

std::optional<int64_t> VerifyNotificationAuth(absl::string_view key,
                                              absl::string_view auth,
                                              absl::string_view body) {
  std::string decoded;
  if (!absl::Base64Unescape(auth, &decoded)) return std::nullopt;
  const size_t colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  const absl::string_view ts = absl::string_view(decoded).substr(0, colon);
  const absl::string_view mac = absl::string_view(decoded).substr(colon + 1);
  int64_t timestamp = 0;
  if (!absl::SimpleAtoi(ts, &timestamp)) return std::nullopt;
  const std::string expected = HmacSha512Hex(key, absl::StrCat(ts, ":", body));
  if (mac.size() != expected.size() ||
      CRYPTO_memcmp(mac.data(), expected.data(), mac.size()) != 0) {
    return std::nullopt;
  }
  return timestamp;
}

}  // namespace msp_emulator
