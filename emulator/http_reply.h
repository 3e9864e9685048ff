// Copyright 2026 The msp-gateway Authors.
//
// File: http_reply.h
//
// Writing JSON answers: MultiSafepay's envelopes for the API and
// {"error": "..."} for the control surface. Serialisation never throws: a
// path segment or header may carry bytes that are not UTF-8, and those must
// not turn an answer into a 500.

#ifndef MSP_GATEWAY_EMULATOR_HTTP_REPLY_H_
#define MSP_GATEWAY_EMULATOR_HTTP_REPLY_H_

#include "absl/strings/string_view.h"
#include "emulator/http_message.h"
#include "emulator/msp_error.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

inline constexpr char kJsonType[] = "application/json";

// Reply()
//
// `status` with `body` as application/json.
void Reply(HttpResponse& res, int status, const nlohmann::json& body);

// ReplyError()
//
// MultiSafepay's error envelope with the error's HTTP status (msp_error.h).
void ReplyError(HttpResponse& res, const MspError& error);

// ReplyControlError()
//
// A control-surface error: `status` with {"error": `message`}.
void ReplyControlError(HttpResponse& res, int status,
                       absl::string_view message);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_HTTP_REPLY_H_
