// Copyright 2026 The msp-gateway Authors.
//
// File: recurring_tokens.h
//
// The site's recurring tokens (multisafepay-api.md §5.9), per customer
// reference, in memory. A token is issued when an order sent with
// `recurring_model` and `customer.reference` is paid with a card or
// another tokenisable method (order_store.cc); its token is the order's
// `payment_details.recurring_id`, which a later order passes as
// `recurring_id` (type direct, no gateway needed) to charge it again.
//
// JSON of one token, as the OpenAPI listTokens.json example writes it
// (numbers where the example has numbers; last4 a string, as the Token
// schema says, so "0005" keeps its zeros):
//   {"token": "1734529871002345", "code": "VISA",
//    "display": "Card xxxx xxxx xxxx 1111", "bin": 411111,
//    "name_holder": "Simon Smit", "expiry_date": 3012, "expired": 0,
//    "last4": "1111", "recurring_model": "unscheduled",
//    "model": "unscheduled"}
// (`model` is the schema's name, `recurring_model` the example's: both.)

#ifndef MSP_GATEWAY_EMULATOR_RECURRING_TOKENS_H_
#define MSP_GATEWAY_EMULATOR_RECURRING_TOKENS_H_

#include <map>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

struct RecurringToken {
  std::string token;
  std::string customer_reference;
  std::string code;  // gateway ID: VISA, MASTERCARD, IDEAL, DIRDEB, ...
  std::string bin;   // first six digits; "" for non-card methods
  std::string last4;
  std::string name_holder;
  std::string expiry_date;  // YYMM; "" for non-card methods
  std::string model;        // cardOnFile, subscription, unscheduled
  std::string order_id;     // the order that issued it
};

// TokenJson()
//
// One token as the recurring endpoints answer it (file comment).
nlohmann::json TokenJson(const RecurringToken& token);

// RecurringTokens
//
// Thread-safe.
class RecurringTokens {
 public:
  RecurringTokens() = default;
  RecurringTokens(const RecurringTokens&) = delete;
  RecurringTokens& operator=(const RecurringTokens&) = delete;

  // Issue()
  //
  // Stores `token` (replacing one with the same token string).
  void Issue(const RecurringToken& token);

  // List()
  //
  // `data` of GET /recurring/{reference}: {"tokens": [...]}, oldest first,
  // `limit` tokens from `offset`. An unknown reference lists none.
  nlohmann::json List(const std::string& reference, int offset,
                      int limit) const;

  // Find()
  //
  // The token `token` of `reference`; nullopt when there is none (a token
  // of another customer is not found either).
  std::optional<RecurringToken> Find(const std::string& reference,
                                     const std::string& token) const;

  // FindToken()
  //
  // The token with this token string, whoever it belongs to (an order's
  // `recurring_id` names only the token).
  std::optional<RecurringToken> FindToken(const std::string& token) const;

  // Remove()
  //
  // Deletes the token; false when `reference` has no such token.
  bool Remove(const std::string& reference, const std::string& token);

  // UpdateExpiry()
  //
  // Sets the card expiry date (YYMM) of the token; false when `reference`
  // has no such token.
  bool UpdateExpiry(const std::string& reference, const std::string& token,
                    const std::string& expiry_date);

  // Forgets every token.
  void Clear();

 private:
  mutable absl::Mutex mu_;
  // By token string; the issue order is kept by `sequence_`.
  std::map<std::string, std::pair<int64_t, RecurringToken>> tokens_
      ABSL_GUARDED_BY(mu_);
  int64_t sequence_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_RECURRING_TOKENS_H_
