// Copyright 2026 The msp-gateway Authors.
//
// File: write_outcome.h
//
// What the result of a MultiSafepay call that changes state (a POST of an
// order, a refund, a capture, a PATCH) says about its effect, which decides
// what happens to its idempotency record (service/store/order_store.h):
//
//   kApplied     a 2xx envelope: the effect happened; record the answer.
//   kNotSent     nothing reached MultiSafepay (connect failed, refused
//                before the request was written: request_sent=false).
//   kRejected    MultiSafepay answered 4xx (or 401/403): it refused the
//                request, nothing was created; the caller may fix it and
//                reuse the key. Except 1006 on a create ("already exists"),
//                which is ambiguous: it may be our own earlier POST.
//   kAmbiguous   the request may have been processed and the answer is lost:
//                a timeout or a reset after the body was sent
//                (request_sent=unknown/true), any 5xx (an HTML 503 too), an
//                unreadable 2xx. Settle by reading, never by resending blind.

#ifndef MSP_GATEWAY_SERVICE_RPC_WRITE_OUTCOME_H_
#define MSP_GATEWAY_SERVICE_RPC_WRITE_OUTCOME_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

enum class WriteOutcome { kApplied, kNotSent, kRejected, kAmbiguous };

absl::string_view WriteOutcomeName(WriteOutcome outcome);

// The outcome of a call of `operation` that ended with `status` (OK: a 2xx
// reply the client could read). Pure.
WriteOutcome ClassifyWriteOutcome(MspOperation operation,
                                  const absl::Status& status);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_WRITE_OUTCOME_H_
