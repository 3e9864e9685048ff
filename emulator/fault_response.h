// Copyright 2026 The msp-gateway Authors.
//
// File: fault_response.h
//
// What an armed fault (fault_injector.h) does to the answer of the request
// it caught: delay it, replace it by an HTML 503, a MultiSafepay error or
// half of the real JSON, or drop the connection without an answer.

#ifndef MSP_GATEWAY_EMULATOR_FAULT_RESPONSE_H_
#define MSP_GATEWAY_EMULATOR_FAULT_RESPONSE_H_

#include <functional>

#include "emulator/fault_injector.h"
#include "httplib.h"

namespace msp_emulator {

// ApplyFault()
//
// Answers `req` as `fault` says. `answer` writes the real API answer into
// `res`; it runs after a delay, and first for faults that process the
// request (fault.process_request), whose answer is then replaced. `sleep_ms`
// waits and may return early (the emulator stopping).
void ApplyFault(const Fault& fault, const httplib::Request& req,
                httplib::Response& res, const std::function<void()>& answer,
                const std::function<void(int)>& sleep_ms);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_FAULT_RESPONSE_H_
