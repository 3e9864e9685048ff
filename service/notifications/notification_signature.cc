// Copyright 2026 The msp-gateway Authors.

#include "service/notifications/notification_signature.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace {

constexpr std::size_t kMacBytes = 64;  // SHA-512
constexpr std::size_t kMacHexDigits = 2 * kMacBytes;
// Keeps the parsed value inside int64 without an overflow check; a real one
// has 10 digits until the year 2286.
constexpr std::size_t kMaxTimestampDigits = 18;

using Mac = std::array<unsigned char, kMacBytes>;

struct EvpMacDeleter {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct EvpMacCtxDeleter {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

bool MacUpdate(EVP_MAC_CTX* ctx, absl::string_view bytes) {
  return bytes.empty() ||
         EVP_MAC_update(ctx,
                        reinterpret_cast<const unsigned char*>(bytes.data()),
                        bytes.size()) == 1;
}

// HMAC-SHA512(key, timestamp ":" body), fed in pieces so that the body (up to
// the listener's size limit) is never copied.
bool ComputeMac(absl::string_view key, absl::string_view timestamp,
                absl::string_view body, Mac* out) {
  std::unique_ptr<EVP_MAC, EvpMacDeleter> mac(
      EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (mac == nullptr) return false;
  std::unique_ptr<EVP_MAC_CTX, EvpMacCtxDeleter> ctx(
      EVP_MAC_CTX_new(mac.get()));
  if (ctx == nullptr) return false;
  char digest[] = "SHA512";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end()};
  // OpenSSL treats a null key as "no key given"; an empty one is a key.
  static constexpr unsigned char kNoBytes[1] = {0};
  const unsigned char* key_bytes =
      key.empty() ? kNoBytes
                  : reinterpret_cast<const unsigned char*>(key.data());
  std::size_t length = 0;
  return EVP_MAC_init(ctx.get(), key_bytes, key.size(), params) == 1 &&
         MacUpdate(ctx.get(), timestamp) && MacUpdate(ctx.get(), ":") &&
         MacUpdate(ctx.get(), body) &&
         EVP_MAC_final(ctx.get(), out->data(), &length, out->size()) == 1 &&
         length == kMacBytes;
}

int LowerHexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The header's MAC, which the docs define as lowercase hex. What it holds is
// not secret (it came over the wire), so this need not be constant-time.
bool ParseLowerHexMac(absl::string_view hex, Mac* out) {
  if (hex.size() != kMacHexDigits) return false;
  for (std::size_t i = 0; i < kMacBytes; ++i) {
    const int high = LowerHexValue(hex[2 * i]);
    const int low = LowerHexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    (*out)[i] = static_cast<unsigned char>(high << 4 | low);
  }
  return true;
}

bool IsTimestamp(absl::string_view digits) {
  if (digits.empty() || digits.size() > kMaxTimestampDigits) return false;
  for (char c : digits) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status Denied(
    absl::string_view reason, absl::string_view message,
    const std::vector<std::pair<std::string, std::string>>& metadata = {}) {
  return WithErrorInfo(absl::PermissionDeniedError(message), reason,
                       kGatewayErrorDomain, metadata);
}

absl::Status Malformed(absl::string_view what) {
  return Denied(kMalformedSignatureReason,
                absl::StrCat("notification Auth header ", what));
}

}  // namespace

absl::Status VerifyNotificationSignature(absl::string_view auth_header,
                                         absl::string_view raw_body,
                                         absl::string_view api_key,
                                         absl::Time now,
                                         absl::Duration max_age) {
  // The SDKs trim the key before using it as the HMAC secret (docs §1.2).
  const absl::string_view key = absl::StripAsciiWhitespace(api_key);
  if (key.empty() || max_age <= absl::ZeroDuration()) {
    return WithErrorInfo(
        absl::FailedPreconditionError(
            key.empty() ? "no API key to verify notifications with"
                        : "the notification freshness window is not positive"),
        kVerifierMisconfiguredReason, kGatewayErrorDomain);
  }

  if (auth_header.empty()) return Malformed("is missing or empty");
  if (auth_header.size() > kMaxAuthHeaderBytes) {
    return Malformed(
        absl::StrCat("is longer than ", kMaxAuthHeaderBytes, " bytes"));
  }
  // absl::Base64Unescape skips whitespace and tolerates missing padding;
  // only the canonical encoding of what it decoded is accepted.
  std::string decoded;
  if (!absl::Base64Unescape(auth_header, &decoded) ||
      absl::Base64Escape(decoded) != auth_header) {
    return Malformed("is not base64");
  }
  const std::size_t colon = decoded.find(':');  // the first, as the docs say
  if (colon == std::string::npos) return Malformed("has no ':' separator");
  const absl::string_view timestamp =
      absl::string_view(decoded).substr(0, colon);
  const absl::string_view hex = absl::string_view(decoded).substr(colon + 1);
  if (!IsTimestamp(timestamp)) {
    return Malformed("timestamp is not Unix seconds in decimal digits");
  }
  Mac received;
  if (!ParseLowerHexMac(hex, &received)) {
    return Malformed(absl::StrCat("signature is not ", kMacHexDigits,
                                  " lowercase hex digits"));
  }

  Mac expected;
  if (!ComputeMac(key, timestamp, raw_body, &expected)) {
    return absl::InternalError("cannot compute the notification HMAC");
  }
  const bool match =
      CRYPTO_memcmp(expected.data(), received.data(), kMacBytes) == 0;
  OPENSSL_cleanse(expected.data(), expected.size());
  if (!match) {
    return Denied(kBadSignatureReason,
                  "notification signature does not match its body");
  }

  int64_t seconds = 0;
  if (!absl::SimpleAtoi(timestamp, &seconds)) {  // cannot fail: <= 18 digits
    return Malformed("timestamp is not Unix seconds in decimal digits");
  }
  const absl::Time signed_at = absl::FromUnixSeconds(seconds);
  const bool too_old = now - signed_at > max_age;
  const bool too_new = signed_at - now > kNotificationFutureSkew;
  if (too_old || too_new) {
    return Denied(
        kStaleSignatureReason,
        absl::StrCat(
            "notification signature timestamp ", timestamp,
            too_old ? " is older than " : " is further ahead than ",
            absl::FormatDuration(too_old ? max_age : kNotificationFutureSkew)),
        {{"timestamp", std::string(timestamp)},
         {"bound", too_old ? "max_age" : "future_skew"}});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> SignNotification(absl::string_view raw_body,
                                             absl::string_view api_key,
                                             absl::Time timestamp) {
  const std::string seconds = absl::StrCat(absl::ToUnixSeconds(timestamp));
  Mac mac;
  if (!ComputeMac(absl::StripAsciiWhitespace(api_key), seconds, raw_body,
                  &mac)) {
    return absl::InternalError("cannot compute the notification HMAC");
  }
  std::string header = absl::Base64Escape(absl::StrCat(
      seconds, ":",
      absl::BytesToHexString(absl::string_view(
          reinterpret_cast<const char*>(mac.data()), mac.size()))));
  OPENSSL_cleanse(mac.data(), mac.size());
  return header;
}

}  // namespace msp_gateway
