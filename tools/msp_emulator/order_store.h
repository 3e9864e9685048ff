// Copyright 2026 The msp-gateway Authors.
//
// File: order_store.h
//
// The emulator's orders, in memory: creating them from validated requests,
// answering GET /orders/{order_id} with MultiSafepay's order object, and
// moving their status when a test simulates the customer paying.
//
// An order_id names one order that can own several transactions, as at
// MultiSafepay: POSTing an order_id again starts a new transaction (new
// transaction_id, session and payment_url) and the order then describes the
// newest one, unless the order was already paid, in which case MultiSafepay
// answers 1006 "Invalid transaction ID". "Paid" means status completed,
// shipped, refunded, partial_refunded or chargeback/chargedback; an order that
// is initialized, declined, expired, cancelled, void or uncleared can be
// retried.

#ifndef MSP_GATEWAY_TOOLS_MSP_EMULATOR_ORDER_STORE_H_
#define MSP_GATEWAY_TOOLS_MSP_EMULATOR_ORDER_STORE_H_

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
#include "nlohmann/json.hpp"
#include "tools/msp_emulator/msp_error.h"

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
  // created/modified/completed timestamps.
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
  std::variant<nlohmann::json, MspError> Create(const nlohmann::json& body);

  // Get()
  //
  // The order object of `order_id`, as `data` of GET /orders/{order_id}, or
  // nullopt when there is no such order.
  std::optional<nlohmann::json> Get(const std::string& order_id) const;

  // SetStatus()
  //
  // Sets the order status, as if the customer paid, cancelled, etc.
  // `status` is any MultiSafepay order status (initialized, completed,
  // uncleared, declined, cancelled, void, expired, refunded,
  // partial_refunded, reserved, shipped, chargeback, chargedback).
  // `financial_status` defaults to the transaction status MultiSafepay pairs
  // with it (completed -> completed, void -> cancelled, shipped ->
  // uncleared, refunded -> completed, ...). Returns NotFound for an unknown
  // order and InvalidArgument for an unknown status.
  absl::Status SetStatus(const std::string& order_id, const std::string& status,
                         std::optional<std::string> financial_status);

  // Forgets every order.
  void Clear();

 private:
  struct Order {
    nlohmann::json request;  // the body of the newest transaction
    std::string type;
    std::string gateway;
    std::string session_id;
    std::string payment_url;
    int64_t transaction_id = 0;
    std::string status;
    std::string financial_status;
    absl::Time created;
    absl::Time modified;
    std::optional<absl::Time> completed;
  };

  static nlohmann::json OrderJson(const std::string& order_id,
                                  const Order& order);

  std::string NewSessionId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  int64_t NewTransactionId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string payment_host_;
  const std::function<absl::Time()> clock_;

  mutable absl::Mutex mu_;
  std::mt19937_64 random_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Order> orders_ ABSL_GUARDED_BY(mu_);
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_TOOLS_MSP_EMULATOR_ORDER_STORE_H_
