// Copyright 2026 The msp-gateway Authors.
//
// File: transactions.h
//
// GET /transactions and GET /transactions/{transaction_id}
// (multisafepay-api.md §5.10, §1.6; OpenAPI transactions.yaml and
// listTransactions.json) over the order store: every order's newest
// transaction is a "payment" (debit_credit "C"), every refund a "refund"
// ("D"). One item:
//   {"amount": 1000, "completed": "2026-03-01T12:00:00" (once completed),
//    "costs": [{"amount": 29, "description": "For iDEAL Transactions",
//               "dst": 0}],          // integer minor units here
//    "created", "currency", "customer": {"email", "first_name", "iban": "",
//    "last_name"}, "debit_credit": "C", "description", "financial_status",
//    "net": 971, "order_id", "payment_method": "IDEAL", "site_id": 12345,
//    "status", "transaction_id", "type": "payment", "var1".."var3"}
//
// Query: `financial_status`, `status`, `type`, `currency`, `site_id`,
// `payment_method` (comma-separated or repeated), `created_from`,
// `created_until`, `completed_from`, `completed_until` (YYYY-MM-DD,
// YYYY-MM-DDTHH:MM:SS or Unix seconds; from inclusive, until exclusive),
// `limit` (1..1000, default 100) and the cursors `after` / `before`.
// Results are newest first; `after` pages to older items, `before` to newer
// ones. A non-empty page's pager is
//   {"after": "<URL of the next page>", "before": "<URL of the previous>",
//    "cursor": {"after": "<c>", "before": "<c>"}, "limit": N}
// and the page after the last one is empty with pager {"limit": N} only, as
// §1.6 describes. A malformed limit, timestamp or cursor is 400/1000.

#ifndef MSP_GATEWAY_EMULATOR_TRANSACTIONS_H_
#define MSP_GATEWAY_EMULATOR_TRANSACTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/time/time.h"
#include "emulator/http_message.h"
#include "emulator/msp_error.h"
#include "emulator/order_store.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

// One listed transaction.
struct TransactionItem {
  int64_t sequence = 0;  // creation order: larger is newer
  int64_t transaction_id = 0;
  absl::Time created;
  std::optional<absl::Time> completed;
  nlohmann::json json;
};

struct TransactionQuery {
  std::optional<std::string> financial_status;
  std::optional<std::string> status;
  std::optional<std::string> type;
  std::optional<std::string> currency;
  std::optional<std::string> site_id;
  std::vector<std::string> payment_methods;  // upper case; empty = any
  std::optional<absl::Time> created_from;
  std::optional<absl::Time> created_until;
  std::optional<absl::Time> completed_from;
  std::optional<absl::Time> completed_until;
  int limit = 100;
  std::optional<int64_t> after;
  std::optional<int64_t> before;
};

// ParseTransactionQuery()
//
// The query of a GET /transactions request; InvalidQueryError() for a
// malformed value.
std::variant<TransactionQuery, MspError> ParseTransactionQuery(
    const HttpRequest& req);

// TransactionItems()
//
// Every transaction of the store, newest first.
std::vector<TransactionItem> TransactionItems(const OrderStore& orders);

// ListTransactions()
//
// The whole success envelope of GET /transactions ({success, data, pager});
// `base_url` ("http://127.0.0.1:8080/v1/json/transactions") starts the
// pager's URLs, which repeat the query's filters.
nlohmann::json ListTransactions(const std::vector<TransactionItem>& items,
                                const TransactionQuery& query,
                                const HttpRequest& req,
                                const std::string& base_url);

// FindTransaction()
//
// The item with this transaction ID (a payment's or a refund's).
std::optional<nlohmann::json> FindTransaction(
    const std::vector<TransactionItem>& items, int64_t transaction_id);

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_TRANSACTIONS_H_
