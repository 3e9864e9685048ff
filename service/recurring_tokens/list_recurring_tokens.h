// Copyright 2026 The msp-gateway Authors.
//
// File: list_recurring_tokens.h
//
// The ListRecurringTokens RPC as one unit: validation, the GET
// /recurring/{customer_reference} call (multisafepay-api.md §5.9), the
// customer's tokens as the response, and the spec the RPC edge runs. Pure.

#ifndef MSP_GATEWAY_SERVICE_RECURRING_TOKENS_LIST_RECURRING_TOKENS_H_
#define MSP_GATEWAY_SERVICE_RECURRING_TOKENS_LIST_RECURRING_TOKENS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "payments/v1/payment_service.pb.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// Tokens per call at most (`limit`).
inline constexpr int kMaxRecurringTokensPerPage = 100;

// ValidateListRecurringTokens()
//
// OK, or INVALID_ARGUMENT with one violation per invalid field:
// customer_reference (CheckRecurringId()), limit 0..100, offset >= 0.
absl::Status ValidateListRecurringTokens(
    const payments::v1::ListRecurringTokensRequest& request);

// TranslateListRecurringTokens()
//
// GET /recurring/{customer_reference}, with `limit=..&offset=..` for the
// ones that are not 0.
absl::StatusOr<MspRequest> TranslateListRecurringTokens(
    const payments::v1::ListRecurringTokensRequest& request);

// MapListRecurringTokensResult()
//
// `reply.data.tokens` as the response's tokens, in MultiSafepay's order. No
// `tokens` (or `data` empty: a customer without tokens) is an empty list; a
// `tokens` that is not an array of objects with a `token` is UNAVAILABLE
// MSP_INVALID_RESPONSE.
absl::StatusOr<payments::v1::ListRecurringTokensResponse>
MapListRecurringTokensResult(
    const payments::v1::ListRecurringTokensRequest& request,
    const MspReply& reply);

extern const UnarySpec<payments::v1::ListRecurringTokensRequest,
                       payments::v1::ListRecurringTokensResponse>
    kListRecurringTokensSpec;

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RECURRING_TOKENS_LIST_RECURRING_TOKENS_H_
