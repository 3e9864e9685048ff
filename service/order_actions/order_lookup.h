// Copyright 2026 The msp-gateway Authors.
//
// File: order_lookup.h
//
// How the outcome of a write whose answer was lost is settled by reading the
// order (UnarySpec::lookup and ::judge, service/rpc/unary_spec.h): the GET
// /orders/{order_id} every lookup of this gateway makes, the reading of its
// result, and the request_id marker that makes a refund or a capture
// findable again among the order's related_transactions. Shared by the
// order actions in this folder and by CreateOrder. Pure.
//
// Why a marker: MultiSafepay has no idempotency key (multisafepay-api.md
// §7.3) and answers a refund or capture with IDs only, which the lost answer
// carried. The one free text of a refund or capture that comes back in GET
// /orders/{order_id} is its description (related_transactions[].description,
// OpenAPI RelatedTransactions; the emulator keeps it the same way), so the
// gateway appends "[request_id:<uuid>]" to it and a judge looks for it.

#ifndef MSP_GATEWAY_SERVICE_ORDER_ACTIONS_ORDER_LOOKUP_H_
#define MSP_GATEWAY_SERVICE_ORDER_ACTIONS_ORDER_LOOKUP_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// LookupOrderCall()
//
// GET /orders/{ids.order_id}, the ID percent-encoded as for GetOrder. Every
// spec with a lookup uses it as its `lookup`. An empty order_id (never
// stored for a valid request) yields "/orders/", whose answer
// ReadLookedUpOrder() refuses.
MspRequest LookupOrderCall(const LookupKey& ids);

// ReadLookedUpOrder()
//
// The order a lookup read: `lookup_reply` itself when it holds an order
// object, nullptr when MultiSafepay does not know the order (NOT_FOUND from
// GET /orders/{order_id}: MSP 1006 or 1000, or HTTP 404 / 410 without a
// code; msp_errors.h). Anything else leaves the outcome unknown and is
// returned as an error: the read's own failure unchanged (UNAVAILABLE,
// DEADLINE_EXCEEDED, INTERNAL for a refused API key, ...), FAILED_PRECONDITION
// when `ids` has no order_id, UNAVAILABLE MSP_INVALID_RESPONSE when `data`
// is not an object or names another order (numeric echoes of the ID match,
// as in MapCreateOrderReply()).
absl::StatusOr<const MspReply*> ReadLookedUpOrder(
    const LookupKey& ids, const absl::StatusOr<MspReply>& lookup_reply);

// RequestIdMarker()
//
// "[request_id:<key>]": what the gateway writes into the description of a
// refund or capture. `key` is RequestIdKey() (order_action_fields.h), so
// lower case.
std::string RequestIdMarker(absl::string_view key);

// WithRequestIdMarker()
//
// `description` with RequestIdMarker(key) appended after a space, or the
// marker alone when `description` is empty. The caller's text is kept as
// written; CheckMarkedDescription() (order_action_fields.h) leaves room for
// the 50 characters within MultiSafepay's 200.
//
// Example: ("Returned one item", "3f2c...6e7f")
//   -> "Returned one item [request_id:3f2c...6e7f]"
std::string WithRequestIdMarker(absl::string_view description,
                                absl::string_view key);

// FindMarkedTransaction()
//
// The entry of the looked-up order's `related_transactions` whose `type` is
// `type` ("refund", "capture") and whose `description` contains
// RequestIdMarker(key), compared in any case; nullptr when none does (also
// when the list is absent, null or empty, as MultiSafepay sends an order
// without any). UNAVAILABLE MSP_INVALID_RESPONSE when the list is not an
// array of objects; FAILED_PRECONDITION for an empty `key` (nothing to look
// for: a call without a key has no lookup).
absl::StatusOr<const nlohmann::json*> FindMarkedTransaction(
    const MspReply& order, absl::string_view type, absl::string_view key);

// LookedUpTransaction
//
// What FindLookedUpTransaction() found: the order a lookup read and its entry
// marked for this call, both set or both null.
struct LookedUpTransaction {
  const MspReply* order = nullptr;
  const nlohmann::json* entry = nullptr;
};

// FindLookedUpTransaction()
//
// ReadLookedUpOrder() then FindMarkedTransaction(order, type, ids.key): the
// first half of every judge of a marked write (refund, capture). Both fields
// null when MultiSafepay does not know the order or the order lists no entry
// of `type` with this call's marker (the write was not applied); their
// errors unchanged otherwise.
absl::StatusOr<LookedUpTransaction> FindLookedUpTransaction(
    const LookupKey& ids, const absl::StatusOr<MspReply>& lookup_reply,
    absl::string_view type);

// LookupUnreadable()
//
// UNAVAILABLE MSP_INVALID_RESPONSE for the looked-up `order` (GET
// /orders/{order_id}): `problem` in our words, naming fields, never values.
absl::Status LookupUnreadable(const MspReply& order, absl::string_view problem);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_ACTIONS_ORDER_LOOKUP_H_
