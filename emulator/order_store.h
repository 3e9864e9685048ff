// Copyright 2026 The msp-gateway Authors.
//
// File: order_store.h
//
// The emulator's orders, in memory: creating them from validated requests,
// answering GET /orders/{order_id} with MultiSafepay's order object
// (order_model.h), and running the lifecycle (order_lifecycle.h: refunds,
// captures, updates, simulated customer and bank actions) under one lock.
//
// An order_id names one order that can own several transactions, as at
// MultiSafepay (multisafepay-api.md §7.3): POSTing an order_id again starts
// a new transaction (new transaction_id, session and payment_url) of the
// same order, which then describes the newest request (amount, gateway,
// ...), unless the order was already paid, in which case MultiSafepay
// answers 1006 "Invalid transaction ID". "Paid" means status completed,
// shipped, refunded, partial_refunded or chargeback/chargedback; an order that
// is initialized, declined, expired, cancelled, void, uncleared or reserved
// can be posted again. A pending order (initialized, uncleared, reserved)
// keeps its status and payment data: the customer may still be paying. One
// whose last transaction ended without payment (declined, expired,
// cancelled, void) starts over as initialized. Either way it stays one
// order: created, its related transactions and its counters are kept.
// Capture and partial-shipment orders are orders of their own, readable
// under their order_id.
//
// For tests the store counts, per order_id (Stats()), what reached it:
//   {"order_id": "o-1",
//    "status": "initialized", "financial_status": "initialized",
//    "posts": 2,             // POST /orders naming it that passed
//                            // validation: accepted or refused with 1006
//    "sessions": 2,          // of those, the accepted ones: payment
//                            // sessions (transactions) created
//    "refused_posts": 0,     // refused with 1006 (already paid)
//    "refund_posts": 1,      // POST .../refunds on it, executed or refused
//    "refunds": 1,           // refunds executed (void ones included)
//    "refund_descriptions": ["Refund for order o-1"],  // in that order
//    "capture_posts": 0,     // POST .../capture on it, executed or refused
//    "captures": 0}          // captures executed
// A request a fault stopped "before" never reaches the store and is not
// counted (the request log has it); one processed "after" is.
//
// As on MultiSafepay's test environment, a direct card order (gateway VISA,
// MASTERCARD, AMEX, MAESTRO or CREDITCARD) whose gateway_info.card_number
// is one of MultiSafepay's test cards (test_cards.h) is decided at once:
// authorised (completed/completed; completed/initialized with capture
// manual) or declined (declined/declined, reason_code 3001). So is a direct
// order whose `recurring_id` is a known token (recurring_tokens.h): it is
// charged with the token's method. Every other order starts initialized.
// When an order sent with `recurring_model` and `customer.reference` is
// paid (by a test card, a token or the control surface) with a card, iDEAL,
// SEPA Direct Debit or Sofort, a token is issued under that reference; its
// token is the order's payment_details.recurring_id.

#ifndef MSP_GATEWAY_EMULATOR_ORDER_STORE_H_
#define MSP_GATEWAY_EMULATOR_ORDER_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <variant>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "emulator/exact_json.h"
#include "emulator/msp_error.h"
#include "emulator/order_lifecycle.h"
#include "emulator/order_model.h"
#include "emulator/recurring_tokens.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

// The length of a MultiSafepay payment-page session ID.
inline constexpr int kSessionIdLength = 35;

// A status change of an order or one of its refunds, for notifications.
struct OrderChange {
  std::string order_id;
  nlohmann::json order;  // the order object after the change
  // payment_options.notification_url / notification_method of its request.
  std::string notification_url;
  std::string notification_method;
};

// OrderStore
//
// Thread-safe.
class OrderStore {
 public:
  // `payment_host` prefixes payment URLs
  // ("https://testpayv2.multisafepay.com"). `clock` gives the time for
  // timestamps and the 5-minute duplicate-refund rule.
  explicit OrderStore(std::string payment_host,
                      std::function<absl::Time()> clock = &absl::Now);
  OrderStore(const OrderStore&) = delete;
  OrderStore& operator=(const OrderStore&) = delete;

  // Create()
  //
  // Creates an order, or a new transaction of an unpaid one, from a body
  // that passed ValidateCreateOrder(). Returns the `data` of the create
  // response: {order_id, payment_url, session_id} for redirect, paymentlink
  // and checkout orders; the full order object plus `payment_url` for direct
  // orders. Returns OrderAlreadyPaidError() for an order_id already paid.
  std::variant<nlohmann::json, MspError> Create(const ExactJson& body);
  std::variant<nlohmann::json, MspError> Create(const nlohmann::json& body);

  // Get()
  //
  // The order object of `order_id`, as `data` of GET /orders/{order_id}, or
  // nullopt when there is no such order.
  std::optional<nlohmann::json> Get(const std::string& order_id) const;

  // Refund(), Capture(), Update()
  //
  // The `data` of POST .../refunds, POST .../capture and PATCH
  // /orders/{order_id} (see order_lifecycle.h for the rules and errors). An
  // unknown order is OrderNotFoundError() (404/1006) for refunds and
  // captures and UpdateOrderNotFoundError() (404/1000) for updates.
  std::variant<nlohmann::json, MspError> Refund(const std::string& order_id,
                                                const ExactJson& body);
  std::variant<nlohmann::json, MspError> Capture(const std::string& order_id,
                                                 const ExactJson& body);
  std::variant<nlohmann::json, MspError> Update(const std::string& order_id,
                                                const ExactJson& body);

  // SetStatus()
  //
  // Sets the order status, as if the customer paid, cancelled, etc. (see
  // order_lifecycle.h SetStatus()). Returns NotFound for an unknown order
  // and InvalidArgument for an unknown status or gateway.
  absl::Status SetStatus(const std::string& order_id,
                         const StatusChange& change);
  // The status and optional financial_status only.
  absl::Status SetStatus(const std::string& order_id, const std::string& status,
                         std::optional<std::string> financial_status);

  // SetRefundStatus()
  //
  // Completes ("completed") or voids ("void") a refund of `order_id`, as the
  // bank hand-off would. NotFound for an unknown order or refund.
  absl::Status SetRefundStatus(const std::string& order_id, int64_t refund_id,
                               const std::string& status);

  // Stats(), AllStats()
  //
  // The counters of `order_id` (see the file comment), nullopt for an
  // unknown order; every order's, ordered by order_id, as a JSON array.
  std::optional<nlohmann::json> Stats(const std::string& order_id) const;
  nlohmann::json AllStats() const;

  // Forgets every order and every recurring token.
  void Clear();

  // ForEachOrder()
  //
  // Calls `visit` for every order, under the store's lock (`visit` must not
  // call the store).
  void ForEachOrder(
      const std::function<void(const std::string&, const Order&)>& visit) const;

  // The recurring tokens the store's orders issued; the API's recurring
  // endpoints read and delete them.
  RecurringTokens& tokens() { return tokens_; }
  const RecurringTokens& tokens() const { return tokens_; }

  // set_change_listener()
  //
  // Called, outside the lock, after every change of an order's status,
  // financial_status or a refund's status (API calls and control changes
  // alike). Set it before the store is used.
  void set_change_listener(std::function<void(const OrderChange&)> listener) {
    listener_ = std::move(listener);
  }

 private:
  // What reached the store for one order_id.
  struct Counters {
    int posts = 0;
    int sessions = 0;
    int refused_posts = 0;
    int refund_posts = 0;
    int capture_posts = 0;
  };

  // Create() under the lock; `change` is the change to report once the
  // lock is released (an order decided at once).
  std::variant<nlohmann::json, MspError> CreateLocked(
      const ExactJson& body, absl::Time now, std::optional<OrderChange>* change)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  LifecycleContext Context() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Runs `action` on the order; `count` (may be null) is the counter of
  // the requests reaching an existing order.
  std::variant<nlohmann::json, MspError> Run(
      const std::string& order_id, const ExactJson& body,
      const MspError& not_found,
      std::variant<LifecycleResult, MspError> (*action)(
          const std::string&, Order&, const ExactJson&,
          const LifecycleContext&),
      int Counters::*count);
  nlohmann::json StatsJson(const std::string& order_id,
                           const Order& order) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Returns the change to report when the status key of `order` moved from
  // `before`.
  std::optional<OrderChange> ChangeOf(const std::string& order_id,
                                      const Order& order,
                                      const std::string& before) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Report(const std::optional<OrderChange>& change) const;

  // Decides a direct test-card or token order at once (file comment).
  void AuthoriseAtOnce(Order& order, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Issues the token of a paid initial recurring order, once.
  void MaybeIssueToken(const std::string& order_id, const Order& order)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Numbers the order's and its related transactions' creation (sequence
  // 0 = not yet numbered).
  void Sequence(Order& order) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string EventsToken(const std::string& session_id, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::string NewSessionId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  int64_t NewTransactionId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string payment_host_;
  const std::function<absl::Time()> clock_;
  std::function<void(const OrderChange&)> listener_;

  mutable absl::Mutex mu_;
  std::mt19937_64 random_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Order> orders_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Counters> counters_ ABSL_GUARDED_BY(mu_);
  int64_t next_sequence_ ABSL_GUARDED_BY(mu_) = 0;
  // Own lock, taken inside mu_ (never the other way round).
  RecurringTokens tokens_;
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_ORDER_STORE_H_
