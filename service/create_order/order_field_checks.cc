// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_field_checks.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "service/common/decimal.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;

// MultiSafepay limits (docs: create order request).
constexpr int32_t kMaxDaysActive = 365;
constexpr int32_t kMaxSecondsActive = 31536000;  // 365 days.
constexpr size_t kMaxInvoiceChars = 50;          // InvoiceIdPayPal.yaml.

}  // namespace

void CheckCurrency(const OrderContext& c, Violations& v) {
  const std::string& currency = c.request.currency();
  if (currency.empty()) {
    v.Add("currency", "is required: an ISO 4217 currency code such as EUR");
    return;
  }
  if (!CheckCurrencyCode("currency", currency, v)) return;
  if (c.rule == nullptr || c.rule->currencies.empty()) return;
  // Split into a vector only to word the violation.
  for (absl::string_view allowed : absl::StrSplit(c.rule->currencies, ' ')) {
    if (allowed == currency) return;
  }
  const std::vector<absl::string_view> allowed =
      absl::StrSplit(c.rule->currencies, ' ');
  v.Add("currency",
        absl::StrCat("must be ", allowed.size() == 1 ? "" : "one of ",
                     absl::StrJoin(allowed, ", "), " for ",
                     GatewayLabel(*c.rule), ", got ", currency));
}

void CheckAmount(const OrderContext& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (!request.has_amount()) {
    v.Add("amount",
          "is required: the amount in minor units of currency "
          "(10.00 EUR is 1000)");
    return;
  }
  if (request.amount() <= 0) {
    v.Add("amount", absl::StrCat("must be greater than 0 (minor units of "
                                 "currency), got ",
                                 request.amount()));
    return;
  }
  // Ranges are per currency; only a documented currency has one.
  if (c.rule != nullptr && c.rule->max_amount > 0 &&
      c.rule->currencies == request.currency() &&
      (request.amount() < c.rule->min_amount ||
       request.amount() > c.rule->max_amount)) {
    v.Add(
        "amount",
        absl::StrCat("must be ", c.rule->min_amount, " to ", c.rule->max_amount,
                     " (minor units of ", c.rule->currencies, ") for ",
                     GatewayLabel(*c.rule), ", got ", request.amount()));
  }
}

void CheckDescription(const CreateOrderRequest& request, Violations& v) {
  const std::string& description = request.description();
  if (description.empty()) {
    v.Add("description",
          "is required: plain text for the payment page and "
          "bank statement, at most 200 characters");
    return;
  }
  CheckDescriptionText("description", description, v);
}

void CheckVars(const CreateOrderRequest& request, Violations& v) {
  v.CheckMaxChars("var1", request.var1(), kMaxVarChars);
  v.CheckMaxChars("var2", request.var2(), kMaxVarChars);
  v.CheckMaxChars("var3", request.var3(), kMaxVarChars);
}

void CheckInvoice(const CreateOrderRequest& request, Violations& v) {
  v.CheckMaxChars("invoice", request.invoice(), kMaxInvoiceChars);
}

void CheckLifetime(const CreateOrderRequest& request, Violations& v) {
  if (request.has_days_active() &&
      (request.days_active() < 1 || request.days_active() > kMaxDaysActive)) {
    v.Add("days_active", absl::StrCat("must be 1 to ", kMaxDaysActive, ", got ",
                                      request.days_active()));
  }
  if (request.has_seconds_active() &&
      (request.seconds_active() < 1 ||
       request.seconds_active() > kMaxSecondsActive)) {
    v.Add("seconds_active", absl::StrCat("must be 1 to ", kMaxSecondsActive,
                                         ", got ", request.seconds_active()));
  }
}

void CheckAffiliate(const CreateOrderRequest& request, Violations& v) {
  const auto& splits = request.affiliate().split_payments();
  __int128 fixed_total = 0;
  std::vector<Decimal> percentages;
  static const Decimal kOne = *ParseDecimal("1");
  static const Decimal kHundred = *ParseDecimal("100");
  std::string prefix_buffer, path;  // Reused by every split: see PathIn().
  for (int i = 0; i < splits.size(); ++i) {
    const payments::v1::SplitPayment& split = splits[i];
    const absl::string_view prefix =
        PathIn(prefix_buffer, "affiliate.split_payments[", i, "]");
    if (split.merchant().empty()) {
      v.Add(PathIn(path, prefix, ".merchant"),
            "is required: the receiving MultiSafepay account ID");
    }
    switch (split.share_case()) {
      case payments::v1::SplitPayment::kFixed:
        if (split.fixed() < 1) {
          v.Add(PathIn(path, prefix, ".fixed"),
                absl::StrCat("must be at least 1 (minor units), got ",
                             split.fixed()));
        } else {
          fixed_total += split.fixed();
        }
        break;
      case payments::v1::SplitPayment::kPercentage: {
        std::optional<Decimal> p = CheckDecimal(
            PathIn(path, prefix, ".percentage"), split.percentage(),
            "the percentage", kMaxRateDecimals, v);
        if (!p) break;
        if (Compare(*p, kOne) < 0 || Compare(*p, kHundred) > 0) {
          v.Add(PathIn(path, prefix, ".percentage"),
                absl::StrCat("must be 1 to 100, got ", p->text));
          break;
        }
        percentages.push_back(*p);
        break;
      }
      case payments::v1::SplitPayment::SHARE_NOT_SET:
        v.Add(prefix, "must set fixed (minor units) or percentage");
        break;
    }
  }
  if (fixed_total > 0 && request.amount() > 0 &&
      fixed_total > request.amount()) {
    v.Add("affiliate.split_payments",
          absl::StrCat("fixed shares add up to ", Int128ToString(fixed_total),
                       ", more than amount ", request.amount()));
  }
  if (!percentages.empty()) {
    int scale = 0;
    for (const Decimal& p : percentages) scale = std::max(scale, p.scale);
    __int128 sum = 0;
    for (const Decimal& p : percentages) sum += *ScaledValue(p, scale);
    if (sum > *ScaledValue(kHundred, scale)) {
      v.Add("affiliate.split_payments", "percentages add up to more than 100");
    }
  }
}

}  // namespace msp_gateway
