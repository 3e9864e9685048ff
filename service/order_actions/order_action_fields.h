// Copyright 2026 The msp-gateway Authors.
//
// File: order_action_fields.h
//
// What more than one order action (UpdateOrder, CancelOrder, CaptureOrder,
// RefundOrder; one unit each in this folder) does the same way: the checks of
// request fields several of them have, the error of a value MultiSafepay has
// no equivalent for, and the reading of their answers. Folded here so that
// the same problem is worded the same way in every RPC. The checks every
// request kind shares (order IDs, currencies, URLs, descriptions, cart
// decimals) are in service/common/violations.h. Pure.
//
// The rules every order action's body follows (those of CreateOrder,
// service/create_order/order_translator.h):
//   * An optional field that is not set is left out; a string set to "" is
//     sent as "" (MultiSafepay's own capture examples send "carrier": "").
//   * Amounts are JSON integers (minor units, exact for every int64).
//   * Cart decimals (unit_price, weight.value) are JSON numbers printed digit
//     for digit from the contract's decimal strings
//     (service/msp_json/decimal_json.h), never through a double.
//   * Keys follow the order of MultiSafepay's examples.
//   * Invalid UTF-8 (only from C++ callers bypassing protobuf parsing) is sent
//     with U+FFFD in place of the bad bytes.
// A Translate*() assumes its request passed the matching Validate*() and only
// refuses what it cannot express (an undefined enum number, a decimal that is
// not one), with UntranslatableError().

#ifndef MSP_GATEWAY_SERVICE_ORDER_ACTIONS_ORDER_ACTION_FIELDS_H_
#define MSP_GATEWAY_SERVICE_ORDER_ACTIONS_ORDER_ACTION_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "service/common/violations.h"
#include "service/msp_json/msp_fields.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// MultiSafepay limit (OpenAPI InvoiceId) of UpdateOrder's and CaptureOrder's
// invoice_id.
inline constexpr size_t kMaxInvoiceIdChars = 50;

// CheckOptionalOrderId()
//
// An optional field holding an order ID (CaptureOrder new_order_id,
// RefundOrder refund_order_id): when set (`has`), not empty and what
// CheckOrderIdText() takes. MultiSafepay makes it an order ID that later
// calls put into URL paths.
void CheckOptionalOrderId(absl::string_view field, bool has,
                          absl::string_view value, Violations& v);

// The request field that carries a write's idempotency key (UpdateOrder,
// CancelOrder, CaptureOrder, RefundOrder; AIP-155), as the specs'
// idempotency_key_field names it.
inline constexpr absl::string_view kRequestIdField = "request_id";

// How long a description of a refund or capture may be when the caller
// writes it: MultiSafepay's 200 less the " [request_id:<uuid>]" (50
// characters) the gateway appends (order_lookup.h, RequestIdMarker()).
inline constexpr size_t kMaxMarkedDescriptionChars = 150;

// IsUuid()
//
// Whether `text` is a UUID in its one textual form (RFC 9562 §4): 32
// hexadecimal digits, either case, grouped 8-4-4-4-12 by '-'. Any version and
// variant: the caller chooses how it makes them. No braces, no "urn:uuid:".
bool IsUuid(absl::string_view text);

// CheckRequestId()
//
// `request_id`, the idempotency key of a write: when `required`, not empty;
// when set, a UUID (IsUuid()) other than the nil UUID (all zeros: what an
// uninitialised ID looks like, and one key shared by every call would
// answer a new refund with an old one). The violations never quote the
// value.
void CheckRequestId(bool required, absl::string_view request_id, Violations& v);

// RequestIdKey()
//
// The idempotency key of a valid `request_id`: lower case, so that the same
// UUID written in upper case is the same key. "" stays "" (no key: the call
// opts out).
std::string RequestIdKey(absl::string_view request_id);

// CheckMarkedDescription()
//
// A refund's or capture's description, to which the gateway appends the
// request_id marker: plain text without HTML, as CheckDescriptionText()
// (service/common/violations.h) words it, of at most
// kMaxMarkedDescriptionChars characters. Empty passes.
void CheckMarkedDescription(absl::string_view field, absl::string_view text,
                            Violations& v);

// UntranslatableError()
//
// INVALID_ARGUMENT "<rpc> request has a value with no MultiSafepay
// equivalent" with one violation (`field`, `problem`): what a Translate*()
// returns for a request its Validate*() would have refused.
absl::Status UntranslatableError(absl::string_view rpc, absl::string_view field,
                                 absl::string_view problem);

// ReadActionReply()
//
// Reads the answer of an order action (PATCH /orders/{id}, POST .../capture,
// POST .../refunds; multisafepay-api.md §5.3-§5.6). MultiSafepay answers `{}`
// for most updates and `{order_id, transaction_id}` (refunds: also
// `refund_id`) when it created a new order (partial shipment, capture,
// refund); IDs arrive as numbers or strings. `read` takes what it needs from
// the fields of `reply.data`. UNAVAILABLE MSP_INVALID_RESPONSE, naming the
// endpoint of `op`, when `data` is not an object or a field `read` asked for
// is present but unreadable (an ID that is not an integer).
absl::Status ReadActionReply(MspOperation op, const MspReply& reply,
                             absl::FunctionRef<void(const MspFields&)> read);

// FirstNonEmpty()
//
// The first non-empty of the candidates: an answer's order_id falls back to
// the request's IDs.
std::string FirstNonEmpty(const std::string& a, const std::string& b,
                          const std::string& c = "");

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ACTIONS_ORDER_ACTION_FIELDS_H_
