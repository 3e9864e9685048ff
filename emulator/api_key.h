// Copyright 2026 The msp-gateway Authors.
//
// File: api_key.h
//
// MultiSafepay's API key check as the emulator plays it: where the key is
// read from, and a comparison whose timing does not reveal how much of a
// guessed key was right.

#ifndef MSP_GATEWAY_EMULATOR_API_KEY_H_
#define MSP_GATEWAY_EMULATOR_API_KEY_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "emulator/http_message.h"

namespace msp_emulator {

// PresentedApiKey()
//
// The key the client presented, by MultiSafepay's precedence: the `api_key`
// header, then `Authorization: Bearer <key>`, then the `api_key` query
// parameter; nullopt when there is none.
std::optional<std::string> PresentedApiKey(const HttpRequest& req);

// KeysEqual()
//
// Whether `presented` is `expected`, comparing every byte (no early exit).
bool KeysEqual(absl::string_view presented, absl::string_view expected);

// IsAuthorized()
//
// Whether `req` may call the API: always when `expected` is empty (dev mode:
// any key, or none), else when the presented key equals it.
bool IsAuthorized(const HttpRequest& req, absl::string_view expected);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_API_KEY_H_
