// Copyright 2026 The msp-gateway Authors.
//
// File: violations.h
//
// What the request validators share: Violations, the collector of
// google.rpc.BadRequest field violations that reports each field once, the
// MultiSafepay limits that more than one RPC checks, and the checks of fields
// that more than one request has (order IDs, currency codes, URLs,
// descriptions, cart decimals). CreateOrder (order_validator.h) and the
// other RPCs (service/order_actions/, service/gateways/) word the same
// problem the same way because they call the same code. Pure: no I/O.

#ifndef MSP_GATEWAY_SERVICE_COMMON_VIOLATIONS_H_
#define MSP_GATEWAY_SERVICE_COMMON_VIOLATIONS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "service/common/error_details.h"
#include "service/common/decimal.h"

namespace msp_gateway {

// MultiSafepay limits (multisafepay-api.md §2.2, §5.3, §5.4, §5.6; OpenAPI
// order_id, var1 / var2 / var3).
inline constexpr size_t kMaxOrderIdChars = 50;
inline constexpr size_t kMaxVarChars = 500;
// MultiSafepay keeps unit prices to 10 decimals (GET echoes
// "242.9300000000"; the PHP SDK rounds to 10): more would be cut off and
// change the total it computes. Cart weights get the same limit.
inline constexpr int kMaxUnitPriceDecimals = 10;

// Cart lines per cart (CreateOrder shopping_cart.items, RefundOrder
// checkout_data.items). MultiSafepay documents no limit; this gateway sets
// one so that a request that can never be paid is refused before any work
// (a 40,000-line cart of under 4 MB of protobuf took a replica to ~400 MB
// RSS on its way to MultiSafepay's 413). 1,000 lines is far above a real
// order: MultiSafepay's payment page, invoices and BNPL providers list every
// line, and large B2B orders stay in the low hundreds.
inline constexpr int kMaxCartItems = 1000;

// At most this many problems are kept by Violations (see there): enough to
// fix a request, bounded so a huge request cannot produce a huge status.
inline constexpr size_t kMaxReportedViolations = 100;

// Violations
//
// Collects field violations; ToStatus() merges the problems of one field
// into one violation (descriptions joined by "; ", in the order they were
// added) and returns INVALID_ARGUMENT "<rpc> request has N invalid fields"
// with a google.rpc.BadRequest, or OK when nothing was added. Only the first
// kMaxReportedViolations problems added are kept; the rest are counted and
// the message becomes "<rpc> request has at least N invalid fields (M more
// problems not listed)".
//
// Example:
//   Violations v("GetOrder");
//   v.Add("order_id", "is required");
//   std::move(v).ToStatus();  // INVALID_ARGUMENT, 1 violation on order_id
class Violations {
 public:
  // Violations are reported in the order they were added; problems of one
  // field are merged when they were added one after the other.
  explicit Violations(absl::string_view rpc);

  // Violations are reported in the declaration order of the fields of the
  // `request` message (the protobuf field numbers along the field's path,
  // and repeated-field indexes), whatever order the checks ran in; all the
  // problems of one field are merged. Unknown paths go last, by name.
  Violations(absl::string_view rpc,
             const google::protobuf::Descriptor* request);

  void Add(absl::string_view field, absl::string_view description);

  // Adds "must be at most N characters, got M" when `value` is too long
  // (Unicode characters, see CharacterCount()).
  void CheckMaxChars(absl::string_view field, absl::string_view value,
                     size_t max_chars);

  // Adds "must have at most `max` <noun>, got N" when `count` > `max`.
  // Returns whether `count` is within the limit; callers skip the per-element
  // checks of a field that is too long, so they stay bounded too.
  bool CheckMaxCount(absl::string_view field, int count, int max,
                     absl::string_view noun);

  absl::Status ToStatus() &&;

 private:
  struct Entry {
    std::vector<int> key;  // Empty unless ordering by `request_`.
    int seq;
    FieldViolation violation;
  };

  std::string rpc_;
  const google::protobuf::Descriptor* request_ = nullptr;
  std::vector<Entry> entries_;
  int seq_ = 0;
  size_t dropped_ = 0;  // Problems beyond kMaxReportedViolations.
};

// CheckOrderId()
//
// `order_id`: required, at most kMaxOrderIdChars characters, only ASCII
// letters, digits and kOrderIdPunctuation (IsOrderIdText() in
// field_formats.h). The violation names the allowed set and never quotes
// the value.
void CheckOrderId(absl::string_view order_id, Violations& v);

// CheckOrderIdText()
//
// The format half of CheckOrderId() for any field holding an order ID that
// is set (CaptureOrder new_order_id, RefundOrder refund_order_id: both
// become order IDs in MultiSafepay's URL paths): at most kMaxOrderIdChars
// characters from the same set. Empty passes.
void CheckOrderIdText(absl::string_view field, absl::string_view id,
                      Violations& v);

// CheckCurrencyCode()
//
// A currency code that is set: 3 upper-case letters naming an active ISO
// 4217 code (iso_codes.h). Returns whether it is one; otherwise adds a
// violation on `field`.
bool CheckCurrencyCode(absl::string_view field, absl::string_view currency,
                       Violations& v);

// CheckUrl()
//
// An optional URL: empty, or an absolute http(s) URL with a host.
void CheckUrl(absl::string_view field, absl::string_view url, Violations& v);

// CheckDescriptionText()
//
// A MultiSafepay description (order, capture, refund): at most 200
// characters of plain text without HTML. Empty passes; callers that require
// one check that first.
void CheckDescriptionText(absl::string_view field, absl::string_view text,
                          Violations& v);

// CheckDecimal()
//
// A required decimal string field: ParseDecimal() grammar, at most
// `max_decimals` decimals and 15 digits before the point. `what` describes
// the value for the "is required" message ("the weight of one unit").
// Returns the value when it is valid; nullopt, after adding violations on
// `field`, when it is missing, not a decimal or beyond a limit.
std::optional<Decimal> CheckDecimal(absl::string_view field,
                                    absl::string_view text,
                                    absl::string_view what, int max_decimals,
                                    Violations& v);

// CheckPositiveAmount()
//
// An amount that is set must be > 0 (minor units). `unset_means` completes
// "leave it unset ..." ("to refund the whole order"): what leaving it out
// does, since MultiSafepay reads 0 as "everything" in some calls and an
// explicit 0 is therefore refused as ambiguous.
void CheckPositiveAmount(absl::string_view field, int64_t amount,
                         absl::string_view unset_means, Violations& v);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_COMMON_VIOLATIONS_H_
