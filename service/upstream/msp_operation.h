// Copyright 2026 The msp-gateway Authors.
//
// File: msp_operation.h
//
// The MultiSafepay API calls the gateway makes, as data: one MspOperation per
// endpoint, with what MspClient needs to send it and read its answer, and
// MspRequest, one call of an operation as an RPC's spec builds it. Error
// mapping depends on the call (error 1006 means "order_id taken" on create
// but "no such order" on get), and every upstream error names its endpoint
// template in ErrorInfo metadata, so no ID ever leaks into error metadata.
//
// Adding a MultiSafepay endpoint is one enum value and one row of
// MspOperationInfoOf() (msp_operation.cc).

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_MSP_OPERATION_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_MSP_OPERATION_H_

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "service/msp_json/exact_json.h"

namespace msp_gateway {

// MspOperation
//
// One value per endpoint.
enum class MspOperation {
  kCreateOrder,         // POST /orders
  kGetOrder,            // GET /orders/{order_id}
  kUpdateOrder,         // PATCH /orders/{order_id} (ship, cancel, invoice, ...)
  kRefundOrder,         // POST /orders/{order_id}/refunds
  kCaptureOrder,        // POST /orders/{order_id}/capture
  kListGateways,        // GET /gateways
  kGetGateway,          // GET /gateways/{gateway_id}
  kListPaymentMethods,  // GET /payment-methods
  kListRecurringTokens,   // GET /recurring/{customer_reference}
  kDeleteRecurringToken,  // DELETE
                          // /recurring/{customer_reference}/remove/{token}
};

// MspDataShape
//
// The JSON type a successful reply's `data` must have; anything else is
// UNAVAILABLE MSP_INVALID_RESPONSE before the reply reaches a mapper.
enum class MspDataShape {
  kObject,
  // An object; an empty array (how PHP backends print an empty map) or a
  // missing/null `data` reads as {}.
  kObjectOrEmpty,
  // An array; an empty object (PHP's empty list) reads as [].
  kArray,
};

// MspOperationInfo
//
// What MspClient and the RPC edge know of an operation.
struct MspOperationInfo {
  absl::string_view method;    // "POST"
  absl::string_view endpoint;  // "POST /orders/{order_id}/refunds"
  MspDataShape data;
  // kExactDecimals where the reply carries decimals whose digits matter
  // (GET /orders: costs[].amount), so they are kept as MultiSafepay's lexeme.
  JsonNumbers numbers;
  // Whether the call can create or change something at MultiSafepay: such a
  // call is only sent with enough of the caller's deadline left (the RPC
  // edge's min_upstream_budget), a read may be sent late.
  bool changes_state;
  // The field reader's choice: the only members of `data` built when the
  // reply is parsed (JsonMemberFilter, exact_json.h), those its mapper
  // reads; the rest are checked as JSON and dropped. Empty: all of them.
  absl::Span<const absl::string_view> data_fields = {};
};

// MspOperationInfoOf()
//
// The row of `op`.
const MspOperationInfo& MspOperationInfoOf(MspOperation op);

// MspOperationEndpoint()
//
// The method and path template, e.g. "POST /orders". Used as the "endpoint"
// ErrorInfo metadata and metrics label.
absl::string_view MspOperationEndpoint(MspOperation op);

// MspRequest
//
// One call of an operation: the path with IDs percent-encoded (and the query,
// if any) and the JSON body, sent byte for byte ("" for a GET).
struct MspRequest {
  MspOperation operation = MspOperation::kGetOrder;
  std::string path;
  std::string body;
  // The caller's trace context, forwarded so MultiSafepay's side of a call
  // (and a support request about it) can be tied to the caller's trace:
  // `traceparent`, `tracestate` and `X-Request-ID` (TraceHeadersOf(),
  // call_trace.h). Not part of the write a claim records: a repeat after a
  // restart has no caller to trace.
  std::vector<std::pair<std::string, std::string>> trace_headers;
};

// MspRequestFor()
//
// The request of `op` with `id` (an order_id or gateway_id) in place of the
// endpoint template's one `{...}` segment, percent-encoded so that "a/b c"
// stays one segment, and `query` ("country=NL&amount=100", already encoded)
// appended after a '?' when not empty. An operation without an ID segment
// takes `id` = "". INVALID_ARGUMENT (nothing can be sent) for an empty `id`
// where the template has one, or an empty body for a POST or PATCH.
absl::StatusOr<MspRequest> MspRequestFor(MspOperation op, absl::string_view id,
                                         std::string body = "",
                                         absl::string_view query = "");

// The same for a template with several `{...}` segments: `ids` fill them in
// order; INVALID_ARGUMENT when their number differs from the template's.
absl::StatusOr<MspRequest> MspRequestFor(
    MspOperation op, std::initializer_list<absl::string_view> ids,
    std::string body = "", absl::string_view query = "");

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_MSP_OPERATION_H_
