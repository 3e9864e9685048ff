// Copyright 2026 The msp-gateway Authors.
//
// File: notification_signature.h
//
// MultiSafepay's notification signature (multisafepay-api.md §6.3), as the
// emulator signs its POST notifications: the `Auth` header is
//   base64("<unix_ts>:" + lowercase_hex(HMAC-SHA512(key, "<unix_ts>:" + body)))
// with key = the site API key. The emulator's own code (OpenSSL), not the
// gateway's: the emulator checks the gateway, so the two must not share it.

#ifndef MSP_GATEWAY_EMULATOR_NOTIFICATION_SIGNATURE_H_
#define MSP_GATEWAY_EMULATOR_NOTIFICATION_SIGNATURE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace msp_emulator {

// Lowercase hex of HMAC-SHA512(key, message).
std::string HmacSha512Hex(absl::string_view key, absl::string_view message);

// The `Auth` header value for `body` sent at `timestamp` (unix seconds).
std::string NotificationAuth(absl::string_view key, int64_t timestamp,
                             absl::string_view body);

// VerifyNotificationAuth()
//
// The timestamp of a valid `Auth` header for `body`, nullopt when the header
// is not base64 "<ts>:<hex>" or the MAC differs (constant-time compare). The
// caller judges the timestamp's age.
std::optional<int64_t> VerifyNotificationAuth(absl::string_view key,
                                              absl::string_view auth,
                                              absl::string_view body);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_NOTIFICATION_SIGNATURE_H_
