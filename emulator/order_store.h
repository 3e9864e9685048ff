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
// MultiSafepay: POSTing an order_id again starts a new transaction (new
// transaction_id, session and payment_url) and the order then describes the
// newest one, unless the order was already paid, in which case MultiSafepay
// answers 1006 "Invalid transaction ID". "Paid" means status completed,
// shipped, refunded, partial_refunded or chargeback/chargedback; an order that
// is initialized, declined, expired, cancelled, void or uncleared can be
// retried. Capture and partial-shipment orders are orders of their own,
// readable under their order_id.

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
#include "nlohmann/json.hpp"

namespace msp_emulator {

// The length of a MultiSafepay payment-page session ID.
inline constexpr int kSessionIdLength = 35;

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

  // Forgets every order.
  void Clear();

 private:
  LifecycleContext Context() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::variant<nlohmann::json, MspError> Run(
      const std::string& order_id, const ExactJson& body,
      const MspError& not_found,
      std::variant<LifecycleResult, MspError> (*action)(
          const std::string&, Order&, const ExactJson&,
          const LifecycleContext&));

  std::string NewSessionId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  int64_t NewTransactionId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string payment_host_;
  const std::function<absl::Time()> clock_;

  mutable absl::Mutex mu_;
  std::mt19937_64 random_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Order> orders_ ABSL_GUARDED_BY(mu_);
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_ORDER_STORE_H_
