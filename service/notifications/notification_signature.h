// Copyright 2026 The msp-gateway Authors.
//
// File: notification_signature.h
//
// The `Auth` header of a MultiSafepay POST notification (shared
// docs/multisafepay-api.md §6.3), verified and produced. Pure: no I/O, no
// clock (the caller passes `now`), no logging.
//
//   Auth = base64( "<ts>:<hex>" )
//   hex  = lowercase_hex( HMAC-SHA512( key = the website API key, trimmed,
//                                      message = "<ts>" ":" <raw body bytes> )
//                                      )
//
// where <ts> is the Unix time in seconds, as decimal digits. The MAC covers
// the raw bytes received, never a re-serialisation: MultiSafepay's own docs
// example only verifies byte-exact (it has a stray space in its JSON).
//
// Verification order, and what each answer means:
//   1. configuration: an empty (after trimming) API key or a non-positive
//      max_age fails closed with FAILED_PRECONDITION,
//      NOTIFICATION_VERIFIER_MISCONFIGURED (an empty key is one an attacker
//      can sign with too).
//   2. shape: PERMISSION_DENIED, MALFORMED_SIGNATURE when the header is empty,
//      longer than kMaxAuthHeaderBytes, not canonical padded base64, has no
//      ':', a timestamp that is not 1 to 18 ASCII digits, or a MAC that is
//      not exactly 128 lowercase hex digits (the docs say lowercase; the SDKs
//      compare the strings case-sensitively, so uppercase never verifies
//      there either).
//   3. the MAC, compared in constant time: PERMISSION_DENIED, BAD_SIGNATURE
//      (tampered body or timestamp, wrong key).
//   4. freshness, only for a MAC that matched: PERMISSION_DENIED,
//      STALE_SIGNATURE when the timestamp is more than max_age before `now`
//      (the docs' `now - ts <= max_age` is accepted, inclusive) or more than
//      kNotificationFutureSkew after it. Checking it after the MAC means a
//      STALE_SIGNATURE is always a genuine notification that is too old (a
//      delay, a replay, a clock off), never a forgery, which keeps the
//      metrics apart.
// Every rejection carries a google.rpc.ErrorInfo in kGatewayErrorDomain with
// the reason above. Messages and metadata never contain the key, the body, or
// any MAC; a stale one names the (validated, digits-only) timestamp.
//
// The SDKs' "max_age 0 disables the check" is deliberately not offered: the
// gateway always enforces a window (absl::InfiniteDuration() would remove the
// past bound, for tools only).

#ifndef MSP_GATEWAY_SERVICE_NOTIFICATIONS_NOTIFICATION_SIGNATURE_H_
#define MSP_GATEWAY_SERVICE_NOTIFICATIONS_NOTIFICATION_SIGNATURE_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace msp_gateway {

// ErrorInfo reasons (domain kGatewayErrorDomain).
inline constexpr absl::string_view kMalformedSignatureReason =
    "MALFORMED_SIGNATURE";
inline constexpr absl::string_view kBadSignatureReason = "BAD_SIGNATURE";
inline constexpr absl::string_view kStaleSignatureReason = "STALE_SIGNATURE";
inline constexpr absl::string_view kVerifierMisconfiguredReason =
    "NOTIFICATION_VERIFIER_MISCONFIGURED";

// A real header is 188 bytes (base64 of 10 digits, ':', 128 hex digits);
// anything past this bound is refused before it is decoded.
inline constexpr std::size_t kMaxAuthHeaderBytes = 512;

// The MultiSafepay SDKs' default freshness window (`--notification_max_age`).
inline constexpr absl::Duration kDefaultNotificationMaxAge = absl::Seconds(600);

// How far in the future a timestamp may be: clocks of synchronised hosts
// differ by far less; a larger lead is a wrong clock or a forged header
// precomputed for later and is refused like an old one.
inline constexpr absl::Duration kNotificationFutureSkew = absl::Seconds(60);

// Verifies `auth_header` (the `Auth` field value, surrounding whitespace
// already removed as HTTP does) for `raw_body` (the exact bytes received)
// under `api_key` at `now`, accepting timestamps in
// [now - max_age, now + kNotificationFutureSkew]. See the file comment for
// the answers.
absl::Status VerifyNotificationSignature(absl::string_view auth_header,
                                         absl::string_view raw_body,
                                         absl::string_view api_key,
                                         absl::Time now,
                                         absl::Duration max_age);

// The `Auth` header value MultiSafepay would send for `raw_body` signed with
// `api_key` (trimmed) at `timestamp` (whole seconds, rounded down). For tests
// and tools; the emulator keeps its own copy (it does not link //service).
// Fails (INTERNAL) only if OpenSSL cannot compute the MAC.
// REQUIRES: timestamp >= absl::UnixEpoch().
absl::StatusOr<std::string> SignNotification(absl::string_view raw_body,
                                             absl::string_view api_key,
                                             absl::Time timestamp);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_NOTIFICATIONS_NOTIFICATION_SIGNATURE_H_
