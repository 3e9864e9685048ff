// Copyright 2026 The msp-gateway Authors.
//
// File: order_model.h
//
// One emulated MultiSafepay order, its related transactions (refunds,
// captures), the status pairs MultiSafepay reports, and the order object of
// GET /orders/{order_id} rendered from it. Pure: order_store.h owns the
// orders, order_lifecycle.h changes them.
//
// Payment data appears once the customer has acted (a status other than
// initialized, expired, cancelled or void was set, see HasPaymentAttempt()):
// `payment_details` gains the fields of the gateway's family (cards and
// Bancontact: last4, card_expiry_date, response_code, authorization_code;
// banking: account_holder_name, masked account_iban/account_id,
// account_bic; wallets and BNPL: account_holder_name), `payment_methods[]`
// lists the method used, and once the money is collected `costs[]` lists the
// fee in major units ({"amount": 0.29, "type": "SYSTEM", "created",
// "status": "completed", ...}). Card-scheme payments (VISA, MASTERCARD,
// AMEX, MAESTRO, CREDITCARD) also carry 3-D Secure details:
// `card_authentication_result` (test_cards.h) and, when authenticated,
// `card_authentication_details: {"flow": "frictionless"}`. Orders with a cart
// show `order_total` (the rounding-rule total as a string, "100.00") and
// `order_adjustment: {"total_adjustment": 0, "total_tax": 1.73}` (exact
// decimals in major units; the emulator makes no adjustments). A direct
// order lists its method as `initialized` from the start, as MultiSafepay's
// iDEAL direct example does. The test values are MultiSafepay's test data:
// card 4111 1111 1111 1111 (last4 "1111", expiry "3012"), IBAN
// NL87ABNA0000000001, reported masked as "*** 0001".

#ifndef MSP_GATEWAY_EMULATOR_ORDER_MODEL_H_
#define MSP_GATEWAY_EMULATOR_ORDER_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "emulator/exact_json.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

// StatusPair
//
// An order status and the transaction (financial) status MultiSafepay pairs
// with it (payment-statuses docs).
struct StatusPair {
  const char* status;
  const char* financial_status;
  bool paid;  // a new transaction under this order_id is refused (1006)
};

// FindStatus()
//
// The pair of a MultiSafepay order status (initialized, completed,
// uncleared, declined, cancelled, void, expired, refunded, partial_refunded,
// reserved, shipped, chargeback, chargedback); nullptr for anything else.
const StatusPair* FindStatus(const std::string& status);

// RelatedTransaction
//
// A refund or capture of an order (`related_transactions[]`).
struct RelatedTransaction {
  int64_t transaction_id = 0;
  int64_t refund_id = 0;  // refunds: the ID of PATCH .../refunds/{refund_id}
  std::string order_id;   // the refund's or capture's own order_id
  std::string type;       // "refund" or "capture"
  int64_t amount = 0;     // minor units
  std::string currency;
  std::string status;  // refunds: reserved -> completed (or void)
  std::string description;
  absl::Time created;
  absl::Time modified;
  // Store-wide creation order, for GET /transactions (newest first).
  int64_t sequence = 0;
};

// Order
//
// One order_id's state. Fields marked "transaction" are reset when an unpaid
// order_id is posted again.
struct Order {
  ExactJson request;  // the body of the newest transaction
  std::string type;
  std::string gateway;  // as requested, upper case; "" = payment page
  std::string session_id;
  std::string payment_url;
  int64_t transaction_id = 0;
  int64_t cost_transaction_id = 0;
  int64_t amount = 0;  // minor units
  std::string currency;
  bool manual_capture = false;  // created with `capture: "manual"`
  std::string status;
  std::string financial_status;
  std::string reason;
  std::string reason_code;
  // The gateway the customer paid (or tried to pay) with; "" until then.
  std::string paid_with;
  absl::Time created;
  absl::Time modified;
  std::optional<absl::Time> completed;
  // The authorisation a capture order was split from.
  std::string auth_order_id;
  int64_t captured = 0;  // manual capture: amount captured so far
  int64_t shipped = 0;   // partial shipments so far
  // The status before the first refund, restored if every refund is voided.
  std::string status_before_refund;
  std::vector<RelatedTransaction> related;
  // Store-wide creation order of the newest transaction.
  int64_t sequence = 0;
};

// IsPaidStatus()
//
// True for statuses under which the order_id cannot be posted again
// (completed, shipped, refunded, partial_refunded, chargeback, chargedback).
bool IsPaidStatus(const std::string& status);

// HasPaymentAttempt()
//
// True once the customer acted: any status but initialized, expired,
// cancelled and void.
bool HasPaymentAttempt(const std::string& status);

// AmountRefunded()
//
// The sum of the order's refunds that were not voided. An order set to
// `refunded` through the control endpoint without any refund reports its
// whole amount, so tests that only play the bank still see a consistent
// order.
int64_t AmountRefunded(const Order& order);

// RefundableBase()
//
// What can be refunded in total: the captured amount for manual-capture
// orders, else the order amount.
int64_t RefundableBase(const Order& order);

// OrderFee()
//
// MultiSafepay's fee for the order's payment in minor units (the `costs[]`
// entry of OrderJson()); 0 until the money is collected.
int64_t OrderFee(const Order& order);

// PaymentDescription()
//
// The display name of a gateway ("iDEAL"); the ID itself when unknown.
std::string PaymentDescription(const std::string& gateway);

// OrderJson()
//
// The order object, as `data` of GET /orders/{order_id} (multisafepay-api.md
// §5.1).
nlohmann::json OrderJson(const std::string& order_id, const Order& order);

// DecimalNumber()
//
// A JSON number whose serialisation is exactly the decimal text of `units`
// * 10^-`exponent` ("0.29" for 29, 2). nlohmann stores it as a double, but
// its shortest-round-trip printer writes back exactly that text for amounts
// of up to 15 significant digits, which is what a fee is; no arithmetic is
// ever done on it.
nlohmann::json DecimalNumber(int64_t units, int exponent);

// Timestamp()
//
// MultiSafepay's timestamp format, `YYYY-MM-DDTHH:MM:SS` (UTC here).
std::string Timestamp(absl::Time time);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_ORDER_MODEL_H_
