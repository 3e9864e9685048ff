// Copyright 2026 The msp-gateway Authors.
//
// File: delete_recurring_token.h
//
// The DeleteRecurringToken RPC as one unit: validation, the DELETE
// /recurring/{customer_reference}/remove/{token} call (multisafepay-api.md
// §5.9), and the spec the RPC edge runs. Pure.
//
// No idempotency key: deleting is idempotent by nature. A retry after a lost
// answer finds the token gone and is NOT_FOUND (MultiSafepay's 1000 "Not
// found: token"), which a caller deleting a token can treat as done.

#ifndef MSP_GATEWAY_SERVICE_RECURRING_TOKENS_DELETE_RECURRING_TOKEN_H_
#define MSP_GATEWAY_SERVICE_RECURRING_TOKENS_DELETE_RECURRING_TOKEN_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// ValidateDeleteRecurringToken()
//
// OK, or INVALID_ARGUMENT with one violation per invalid field:
// customer_reference and token (CheckRecurringId()).
absl::Status ValidateDeleteRecurringToken(
    const payments::v1::DeleteRecurringTokenRequest& request);

// TranslateDeleteRecurringToken()
//
// DELETE /recurring/{customer_reference}/remove/{token}, no body.
absl::StatusOr<MspRequest> TranslateDeleteRecurringToken(
    const payments::v1::DeleteRecurringTokenRequest& request);

// MapDeleteRecurringTokenResult()
//
// `data.removed` true (or absent: an empty success) is the empty response;
// `removed` false is UNAVAILABLE MSP_INVALID_RESPONSE (a success envelope
// that says nothing was removed cannot be trusted either way).
absl::StatusOr<payments::v1::DeleteRecurringTokenResponse>
MapDeleteRecurringTokenResult(
    const payments::v1::DeleteRecurringTokenRequest& request,
    const MspReply& reply);

extern const UnarySpec<payments::v1::DeleteRecurringTokenRequest,
                       payments::v1::DeleteRecurringTokenResponse>
    kDeleteRecurringTokenSpec;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RECURRING_TOKENS_DELETE_RECURRING_TOKEN_H_
