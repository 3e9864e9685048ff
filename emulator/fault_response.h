// Copyright 2026 The msp-gateway Authors.
//
// File: fault_response.h
//
// What an armed fault (fault_injector.h) does to the answer of the request
// it caught: delay it, replace it by an HTML page, an empty body, a
// MultiSafepay error or half of the real JSON, or reset the connection
// without an answer; for faults "when": "after", once the request was
// processed.

#ifndef MSP_GATEWAY_EMULATOR_FAULT_RESPONSE_H_
#define MSP_GATEWAY_EMULATOR_FAULT_RESPONSE_H_

#include <functional>

#include "emulator/fault_injector.h"
#include "emulator/http_message.h"

namespace msp_emulator {

// The real answer to an API request.
using ApiHandler = std::function<HttpResponse(const HttpRequest&)>;

// FaultAnswer()
//
// The server's answer to `req` under `fault`. `api` processes the request
// and writes the real answer: at once for "when": "after" (its answer is
// then delayed or replaced), after the delay for a delay fault "before", and
// never for the other faults "before". `api` must stay callable until the
// answer is carried out.
Answer FaultAnswer(const Fault& fault, const HttpRequest& req,
                   const ApiHandler& api);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_FAULT_RESPONSE_H_
