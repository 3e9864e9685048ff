// Copyright 2026 The msp-gateway Authors.
//
// File: notification_payload.h
//
// What a MultiSafepay notification says (shared docs/multisafepay-api.md §6),
// read into a small struct. Pure: no I/O, no clock, no logging.
//
//   POST: the body is the order object exactly as `data` of GET order,
//         compact JSON. Only the fields the order state machine needs are
//         read; everything else (customer, costs, payment_details, ...) is
//         skipped. It is parsed with the bounded reader (exact_json.h) and
//         kExactDecimals, so no number ever becomes a double (`costs[].amount`
//         is decimal); `amount` and `amount_refunded` must be integers (cents).
//   GET:  only the query `transactionid` (the merchant's order_id, §6.1) and
//         `timestamp`; the receiver must read the order itself (§6.2).
//
// `payload_type` (§6.1: `payload_type=pretransaction` is a session without a
// PSP id yet, which plugins acknowledge and ignore) arrives as a query
// parameter appended to the notification URL, for POST as for GET; a body
// field of that name is read too. Such notices need not carry a whole order,
// so the order fields are only required of a notice that changes an order.
//
// Every failure is INVALID_ARGUMENT whose message names the field and never
// quotes the text (a body may hold personal data; it is never echoed).

#ifndef MSP_GATEWAY_SERVICE_NOTIFICATIONS_NOTIFICATION_PAYLOAD_H_
#define MSP_GATEWAY_SERVICE_NOTIFICATIONS_NOTIFICATION_PAYLOAD_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/msp_json/exact_json.h"

namespace msp_gateway {

// Nesting bound for a notification body: an order is about 6 deep, so 32 is
// generous and still far below kMaxJsonDepth's worst case.
inline constexpr size_t kMaxNotificationJsonDepth = 32;

// The query parameter names (§6.1).
inline constexpr absl::string_view kTransactionIdParam = "transactionid";
inline constexpr absl::string_view kTimestampParam = "timestamp";
inline constexpr absl::string_view kPayloadTypeParam = "payload_type";
inline constexpr absl::string_view kPretransactionPayloadType =
    "pretransaction";

// Whether a notice reports an order change the gateway must act on.
enum class NotificationKind {
  kOrderChange,
  // `payload_type=pretransaction`, or any other payload_type the gateway
  // does not know: acknowledged (so MultiSafepay stops retrying), ignored.
  kIgnorable,
};

// The fields of a POST body the gateway uses.
struct NotificationPayload {
  NotificationKind kind = NotificationKind::kOrderChange;
  std::string payload_type;  // as sent; empty when none was
  std::string order_id;      // the merchant's id
  // MultiSafepay's PSP id, as decimal digits (sent as a number or a string);
  // empty when absent or null.
  std::string transaction_id;
  std::string status;                      // order status, e.g. "completed"
  std::string financial_status;            // empty when absent or null
  int64_t amount = 0;                      // cents
  std::optional<int64_t> amount_refunded;  // cents, when present
  std::string currency;
  std::string modified;  // as sent, e.g. "2025-05-14T08:50:32"
};

// The query of a notification, GET or POST.
struct NotificationQuery {
  std::string transaction_id;  // `transactionid`: the merchant's order_id
  std::string timestamp;       // as sent; empty when absent
  std::string payload_type;    // empty when absent
};

// Query parameters, decoded (cpp-httplib's httplib::Params is this type).
using NotificationParams = std::multimap<std::string, std::string>;

// The notice kind a payload_type stands for: empty (an ordinary order
// notification) is kOrderChange, anything else kIgnorable.
NotificationKind KindOfPayloadType(absl::string_view payload_type);

// Parses a POST body (at most `max_bytes`). `query_payload_type` is the
// query's payload_type (empty when none); a body field wins over it. For a
// kOrderChange notice, `order_id`, `status`, `amount` (integer >= 0) and
// `currency` are required; the rest is optional; a present field of the
// wrong type is an error. For a kIgnorable one only the JSON itself must be
// a valid object.
absl::StatusOr<NotificationPayload> ParseNotificationBody(
    absl::string_view body, absl::string_view query_payload_type = "",
    size_t max_bytes = kMaxJsonBytes);

// Reads the query. Fails when `transactionid` is present more than once or
// is empty/absent and `require_transaction_id` is set (GET; a POST's order id
// is in its body).
absl::StatusOr<NotificationQuery> ParseNotificationQuery(
    const NotificationParams& params, bool require_transaction_id);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_NOTIFICATIONS_NOTIFICATION_PAYLOAD_H_
