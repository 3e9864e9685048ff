// Copyright 2026 The msp-gateway Authors.
//
// File: status_text.h
//
// A status as a person reads it: the code and message, then one line per
// google.rpc.BadRequest field violation. For command-line tools and docs;
// the RPC edge sends the structured details instead.

#ifndef MSP_GATEWAY_SERVICE_COMMON_STATUS_TEXT_H_
#define MSP_GATEWAY_SERVICE_COMMON_STATUS_TEXT_H_

#include <string>

#include "absl/status/status.h"

namespace msp_gateway {

// StatusText()
//
// Example:
//   INVALID_ARGUMENT: CreateOrder request has 1 invalid field
//     gateway_info.card_number: is not used by GATEWAY_IDEAL (iDEAL)
// Every line ends in '\n'.
std::string StatusText(const absl::Status& status);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_COMMON_STATUS_TEXT_H_
