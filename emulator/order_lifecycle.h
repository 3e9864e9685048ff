// Copyright 2026 The msp-gateway Authors.
//
// File: order_lifecycle.h
//
// What happens to an order after it is created, as pure functions on Order
// (order_model.h): refunds, manual captures, updates (PATCH: cancel, ship,
// partial ship, invoice, Klarna extension) and the status changes a test
// makes through the control endpoint. Each function checks the request and
// the order's state, then either changes the order and answers the `data` of
// MultiSafepay's success envelope, or changes nothing and answers the error
// MultiSafepay would report. order_store.h runs them under its lock.
//
// Refunds (POST /orders/{order_id}/refunds, multisafepay-api.md §5.4):
//   {"currency": "EUR", "amount": 500, "description", "refund_order_id",
//    "var1".."var3"} or, for BNPL, {"checkout_data": {"items": [...]}}
//   - `currency` is required and must be the order's (a BNPL refund may
//     omit it)                                             -> 400 1002
//   - `amount` is an integer >= 0; absent, null or 0 = the whole remaining
//     amount                                               -> 400 1001
//   - a BNPL refund's amount is the rounding-rule total (cart_rules.h) of
//     its negative lines (negative unit_price or quantity), priced with the
//     order's own tax tables; lines are checked as at create (1029-1031)
//   - `refund_order_id` is a string of at most 50 characters -> 400 1006
//   - the order is paid (completed, shipped, partial_refunded; for a
//     manual-capture order, captured), the amount is at most what remains
//     unrefunded, and the same amount was not refunded in the last 5 minutes
//     (by the injected clock)                             -> 400 1034
//   Success: data {"transaction_id", "refund_id", "order_id"} (the refund's
//   own transaction, its refund ID, and its order_id: refund_order_id or the
//   original's). The refund is a related transaction of type "refund" with
//   status "reserved", as in MultiSafepay's test environment, until the
//   control endpoint completes or voids it. The order becomes `refunded`
//   when nothing remains, else `partial_refunded`; amount_refunded counts
//   every refund that is not void.
//
// Captures (POST /orders/{order_id}/capture, §5.6):
//   {"amount", "new_order_id", "new_order_status": "completed", "invoice_id",
//    "tracktrace_code", "carrier", "reason", "description", "ship_date"}
//   - the order was created with `capture: "manual"` and is authorised, not
//     yet fully captured (completed/initialized)          -> 400 1021
//   - `amount` is an integer 1..remaining; absent = all that remains
//                                                          -> 400 1001
//   - `new_order_status`, when sent, is "completed"       -> 400 1000
//   - `new_order_id` is a string of 1..50 characters       -> 400 1006
//     naming no existing order                             -> 409 1006
//   A capture of everything at once without new_order_id completes the
//   order itself (financial_status completed). Any other capture creates a
//   capture order (new_order_id, else "<order_id>-capture-<n>"): status
//   completed/completed, the captured amount, auth_order_id pointing back;
//   the authorisation completes financially once fully captured. Either way
//   the order lists a "capture" related transaction. Success: data
//   {"transaction_id", "order_id"} of the capture.
//
// Updates (PATCH /orders/{order_id}, §5.3); success data {} unless noted:
//   {"status": "cancelled", "exclude_order": true}: for orders not paid
//     (initialized, uncleared, reserved, an authorised manual capture) ->
//     cancelled/cancelled; cancelling a cancelled or void order again is a
//     no-op; anything else (paid, declined, expired)       -> 410 1000
//   {"status": "shipped", "tracktrace_code", ..., "invoice_id"}: for
//     completed, uncleared or shipped orders -> shipped (financial status
//     kept); otherwise                                     -> 410 1000
//   ... plus "amount" (or "partial_shipment_amount", integer or digit
//     string) below what remains unshipped: a partial shipment order
//     "<order_id>-shipment-<n>" (status shipped) is created and data is
//     {"order_id", "transaction_id"} of it; the order itself becomes shipped
//     once everything is shipped. Amount < 1 or above what remains
//                                                          -> 400 1001
//   {"extend_expiration": true, "reason"}: Klarna orders that are completed,
//     uncleared or shipped; others                         -> 410 1000
//   {"invoice_id": ...} (and other shipping fields) without status: accepted
//     in any state
//   another `status`, or a body with none of these members -> 400 1000

#ifndef MSP_GATEWAY_EMULATOR_ORDER_LIFECYCLE_H_
#define MSP_GATEWAY_EMULATOR_ORDER_LIFECYCLE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "emulator/exact_json.h"
#include "emulator/msp_error.h"
#include "emulator/order_model.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

// How long MultiSafepay refuses a second refund of the same amount.
inline constexpr absl::Duration kDuplicateRefundWindow = absl::Minutes(5);

// What a lifecycle function needs from its surroundings.
struct LifecycleContext {
  absl::Time now;
  // A fresh transaction (PSP) ID.
  std::function<int64_t()> new_transaction_id;
  // Whether an order with this order_id exists.
  std::function<bool(const std::string&)> order_exists;
};

// LifecycleResult
//
// The `data` to answer, and orders the change created (capture and shipment
// orders), keyed by order_id.
struct LifecycleResult {
  nlohmann::json data;
  std::vector<std::pair<std::string, Order>> new_orders;
};

// Refund(), Capture(), Update()
//
// See the file comment. `order_id` is the order's own ID; `body` the
// request body. On error the order is unchanged.
std::variant<LifecycleResult, MspError> Refund(const std::string& order_id,
                                               Order& order,
                                               const ExactJson& body,
                                               const LifecycleContext& ctx);
std::variant<LifecycleResult, MspError> Capture(const std::string& order_id,
                                                Order& order,
                                                const ExactJson& body,
                                                const LifecycleContext& ctx);
std::variant<LifecycleResult, MspError> Update(const std::string& order_id,
                                               Order& order,
                                               const ExactJson& body,
                                               const LifecycleContext& ctx);

// StatusChange
//
// A status the control endpoint sets, as the customer or the bank would.
struct StatusChange {
  std::string status;
  // Defaults to the pair of `status`, except: `completed` on an uncaptured
  // manual-capture order is completed/initialized (authorised), and on a
  // BNPL order completed/uncleared (accepted, not yet paid out).
  std::optional<std::string> financial_status;
  std::optional<std::string> reason;
  std::optional<std::string> reason_code;
  // The gateway the customer paid with; defaults to the order's gateway, or
  // IDEAL for a payment-page order that named none.
  std::optional<std::string> gateway;
};

// SetStatus()
//
// Applies `change` to `order`. Any transition is allowed (the control plays
// the bank, and banks do surprising things), but derived data stays
// consistent: amount_refunded is always the sum of the refunds, payment data
// appears with the first payment attempt, `completed` is stamped once.
// InvalidArgument for an unknown status or gateway.
absl::Status SetStatus(Order& order, const StatusChange& change,
                       absl::Time now);

// SetRefundStatus()
//
// Moves refund `refund_id` (the refund_id or transaction_id a refund
// answered) to `status`: "reserved", "completed" or "void". Voiding gives
// the amount back: the order returns to partial_refunded, or to its status
// before the first refund when no refund is left. NotFound for an unknown
// refund, InvalidArgument for another status.
absl::Status SetRefundStatus(Order& order, int64_t refund_id,
                             const std::string& status, absl::Time now);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_ORDER_LIFECYCLE_H_
