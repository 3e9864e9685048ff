// Copyright 2026 The msp-gateway Authors.

#include "service/lifecycle/request_validator.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "service/error_details.h"
#include "service/order/decimal.h"
#include "service/order/field_formats.h"
#include "service/order/gateway_ids.h"
#include "service/order/iso_codes.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CancelOrderRequest;
using ::payments::v1::CaptureOrderRequest;
using ::payments::v1::CartItem;
using ::payments::v1::GetGatewayRequest;
using ::payments::v1::GetOrderRequest;
using ::payments::v1::ListGatewaysRequest;
using ::payments::v1::RefundOrderRequest;
using ::payments::v1::UpdateOrderRequest;

// MultiSafepay limits (multisafepay-api.md §2.2, §5.3, §5.4, §5.6; OpenAPI
// InvoiceId, Description, var12 / var3).
constexpr size_t kMaxOrderIdChars = 50;
constexpr size_t kMaxDescriptionChars = 200;
constexpr size_t kMaxInvoiceIdChars = 50;
constexpr size_t kMaxVarChars = 500;
// Cart decimals: the limits CreateOrder applies to the same fields
// (service/order/order_validator.cc; PHP's SDK sends at most 10 decimals).
constexpr int kMaxDecimals = 10;
constexpr int kMaxDecimalIntegerDigits = 15;

// Collects violations in check order; consecutive problems of one field are
// merged so each field appears once (as in CreateOrder's validator).
class Violations {
 public:
  explicit Violations(absl::string_view rpc) : rpc_(rpc) {}

  void Add(absl::string_view field, absl::string_view description) {
    if (!violations_.empty() && violations_.back().field == field) {
      absl::StrAppend(&violations_.back().description, "; ", description);
      return;
    }
    violations_.push_back({std::string(field), std::string(description)});
  }

  void CheckMaxChars(absl::string_view field, absl::string_view value,
                     size_t max_chars) {
    const size_t chars = CharacterCount(value);
    if (chars > max_chars) {
      Add(field, absl::StrCat("must be at most ", max_chars,
                              " characters, got ", chars));
    }
  }

  // An optional ID: when set, 1 to `max_chars` characters.
  void CheckOptionalId(absl::string_view field, bool has,
                       absl::string_view value, size_t max_chars) {
    if (!has) return;
    if (value.empty()) {
      Add(field, absl::StrCat("must not be empty when set: leave it unset "
                              "or give 1 to ",
                              max_chars, " characters"));
      return;
    }
    CheckMaxChars(field, value, max_chars);
  }

  void CheckUrl(absl::string_view field, absl::string_view url) {
    if (!url.empty() && !IsHttpUrl(url)) {
      Add(field, "must be an absolute http:// or https:// URL with a host");
    }
  }

  void CheckPositiveAmount(absl::string_view field, int64_t amount,
                           absl::string_view unset_means) {
    if (amount <= 0) {
      Add(field, absl::StrCat("must be greater than 0 (minor units) when "
                              "set; leave it unset ",
                              unset_means, ", got ", amount));
    }
  }

  void CheckDescription(absl::string_view field, absl::string_view text) {
    CheckMaxChars(field, text, kMaxDescriptionChars);
    if (ContainsHtml(text)) {
      Add(field,
          "must be plain text without HTML ('<' followed by a letter, '/', "
          "'!' or '?' starts a tag)");
    }
  }

  absl::Status ToStatus() && {
    if (violations_.empty()) return absl::OkStatus();
    const size_t n = violations_.size();
    return InvalidArgumentError(
        absl::StrCat(rpc_, " request has ", n,
                     n == 1 ? " invalid field" : " invalid fields"),
        violations_);
  }

 private:
  const absl::string_view rpc_;
  std::vector<FieldViolation> violations_;
};

void CheckOrderId(const std::string& order_id, Violations& v) {
  if (order_id.empty()) {
    v.Add("order_id",
          "is required: the merchant's order ID, 1 to 50 characters");
    return;
  }
  v.CheckMaxChars("order_id", order_id, kMaxOrderIdChars);
}

bool IsThreeUpperCaseLetters(absl::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

// A set currency: 3 upper-case letters naming an active ISO 4217 code.
void CheckCurrencyCode(absl::string_view field, absl::string_view currency,
                       Violations& v) {
  if (!IsThreeUpperCaseLetters(currency)) {
    v.Add(field, "must be 3 upper-case letters (an ISO 4217 code such as EUR)");
    return;
  }
  // Safe to quote from here on: three letters, not personal data.
  if (!IsIsoCurrency(currency)) {
    v.Add(field, absl::StrCat("must be an active ISO 4217 currency code, got ",
                              currency));
  }
}

// A decimal field: required, ParseDecimal() grammar, CreateOrder's limits.
std::optional<Decimal> CheckDecimal(const std::string& field,
                                    absl::string_view text,
                                    absl::string_view what, Violations& v) {
  if (text.empty()) {
    v.Add(field, absl::StrCat("is required: ", what,
                              " as an exact decimal string, e.g. \"12.50\""));
    return std::nullopt;
  }
  std::optional<Decimal> d = ParseDecimal(text);
  if (!d) {
    v.Add(field,
          "must be a decimal number such as \"12.50\" or \"-5\" (digits, an "
          "optional '-' and '.'; no exponent, leading zeros, spaces or ',')");
    return std::nullopt;
  }
  if (d->scale > kMaxDecimals) {
    v.Add(field, absl::StrCat("must have at most ", kMaxDecimals,
                              " decimals, got ", d->scale));
  }
  if (IntegerDigits(*d) > kMaxDecimalIntegerDigits) {
    v.Add(field, absl::StrCat("must have at most ", kMaxDecimalIntegerDigits,
                              " digits before the decimal point"));
  }
  return d;
}

void CheckCartItem(const CartItem& item, const std::string& prefix,
                   const std::string& refund_currency, Violations& v) {
  CheckDecimal(prefix + ".unit_price", item.unit_price(),
               "the unit price in major units excluding VAT (negative on "
               "refunded lines)",
               v);
  if (item.quantity() == 0) {
    v.Add(prefix + ".quantity",
          "must not be 0 (refunded lines repeat the original quantity with a "
          "negative unit_price, or use a negative quantity)");
  }
  if (item.has_weight()) {
    const payments::v1::Weight& weight = item.weight();
    if (weight.unit() != "KG" && weight.unit() != "G") {
      v.Add(prefix + ".weight.unit", "must be KG or G");
    }
    std::optional<Decimal> value = CheckDecimal(
        prefix + ".weight.value", weight.value(), "the weight of one unit", v);
    if (value && value->negative && !IsZero(*value)) {
      v.Add(prefix + ".weight.value", "must not be negative");
    }
  }
  if (item.has_currency()) {
    const std::string field = prefix + ".currency";
    if (!IsThreeUpperCaseLetters(item.currency()) ||
        !IsIsoCurrency(item.currency())) {
      CheckCurrencyCode(field, item.currency(), v);
    } else if (IsIsoCurrency(refund_currency) &&  // Else reported already.
               item.currency() != refund_currency) {
      v.Add(field, absl::StrCat("must equal the refund's currency ",
                                refund_currency, ", got ", item.currency()));
    }
  }
}

}  // namespace

absl::Status ValidateGetOrder(const GetOrderRequest& request) {
  Violations v("GetOrder");
  CheckOrderId(request.order_id(), v);
  return std::move(v).ToStatus();
}

absl::Status ValidateUpdateOrder(const UpdateOrderRequest& request) {
  Violations v("UpdateOrder");
  CheckOrderId(request.order_id(), v);
  const bool has_status =
      request.status() != payments::v1::UPDATE_ORDER_STATUS_UNSPECIFIED;
  const bool has_other =
      request.has_tracktrace_code() || request.has_tracktrace_url() ||
      request.has_carrier() || request.has_ship_date() ||
      request.has_reason() || request.has_invoice_id() ||
      request.has_invoice_url() || request.has_po_number() ||
      request.has_exclude_order() || request.has_extend_expiration() ||
      request.has_amount();
  if (!payments::v1::UpdateOrderStatus_IsValid(request.status())) {
    v.Add("status",
          absl::StrCat("must be a defined UpdateOrderStatus value, got ",
                       static_cast<int>(request.status())));
  } else if (!has_status && !has_other) {
    v.Add("status",
          "is required unless another field is set: the update would "
          "change nothing");
  }
  v.CheckUrl("tracktrace_url", request.tracktrace_url());
  v.CheckMaxChars("invoice_id", request.invoice_id(), kMaxInvoiceIdChars);
  v.CheckUrl("invoice_url", request.invoice_url());
  if (request.has_exclude_order() &&
      request.status() != payments::v1::UPDATE_ORDER_STATUS_CANCELLED) {
    v.Add("exclude_order",
          "applies only with status UPDATE_ORDER_STATUS_CANCELLED");
  }
  if (request.has_amount()) {
    if (request.status() != payments::v1::UPDATE_ORDER_STATUS_SHIPPED) {
      v.Add("amount",
            "is the partially shipped amount and applies only with status "
            "UPDATE_ORDER_STATUS_SHIPPED");
    }
    v.CheckPositiveAmount("amount", request.amount(),
                          "to ship the whole order");
  }
  return std::move(v).ToStatus();
}

absl::Status ValidateCancelOrder(const CancelOrderRequest& request) {
  Violations v("CancelOrder");
  CheckOrderId(request.order_id(), v);
  return std::move(v).ToStatus();
}

absl::Status ValidateCaptureOrder(const CaptureOrderRequest& request) {
  Violations v("CaptureOrder");
  CheckOrderId(request.order_id(), v);
  if (request.has_amount()) {
    v.CheckPositiveAmount("amount", request.amount(),
                          "to capture the whole authorisation");
  }
  v.CheckOptionalId("new_order_id", request.has_new_order_id(),
                    request.new_order_id(), kMaxOrderIdChars);
  v.CheckMaxChars("invoice_id", request.invoice_id(), kMaxInvoiceIdChars);
  v.CheckDescription("description", request.description());
  return std::move(v).ToStatus();
}

absl::Status ValidateRefundOrder(const RefundOrderRequest& request) {
  Violations v("RefundOrder");
  CheckOrderId(request.order_id(), v);
  if (request.currency().empty()) {
    v.Add("currency",
          "is required: the order's ISO 4217 currency code, such as EUR");
  } else {
    CheckCurrencyCode("currency", request.currency(), v);
  }
  if (request.has_amount()) {
    v.CheckPositiveAmount("amount", request.amount(),
                          "to refund the whole order");
  }
  v.CheckDescription("description", request.description());
  v.CheckOptionalId("refund_order_id", request.has_refund_order_id(),
                    request.refund_order_id(), kMaxOrderIdChars);
  v.CheckMaxChars("var1", request.var1(), kMaxVarChars);
  v.CheckMaxChars("var2", request.var2(), kMaxVarChars);
  v.CheckMaxChars("var3", request.var3(), kMaxVarChars);
  if (request.has_checkout_data()) {
    const auto& items = request.checkout_data().items();
    if (items.empty()) {
      v.Add("checkout_data.items",
            "must list the original cart lines plus the refunded lines "
            "(negative unit_price); leave checkout_data unset for a refund "
            "by amount");
    }
    for (int i = 0; i < items.size(); ++i) {
      CheckCartItem(items[i], absl::StrCat("checkout_data.items[", i, "]"),
                    request.currency(), v);
    }
  }
  return std::move(v).ToStatus();
}

absl::Status ValidateListGateways(const ListGatewaysRequest& request) {
  Violations v("ListGateways");
  if (request.has_country()) {
    const std::string& country = request.country();
    const bool two_upper = country.size() == 2 && country[0] >= 'A' &&
                           country[0] <= 'Z' && country[1] >= 'A' &&
                           country[1] <= 'Z';
    if (!two_upper) {
      v.Add("country",
            "must be 2 upper-case letters (an ISO 3166-1 alpha-2 code such "
            "as BE)");
    } else if (!IsIsoCountry(country)) {
      v.Add("country",
            absl::StrCat("must be an ISO 3166-1 alpha-2 code, got ", country));
    }
  }
  if (request.has_currency()) {
    CheckCurrencyCode("currency", request.currency(), v);
  }
  if (request.has_amount()) {
    v.CheckPositiveAmount("amount", request.amount(),
                          "to list gateways for any amount");
  }
  return std::move(v).ToStatus();
}

absl::Status ValidateGetGateway(const GetGatewayRequest& request) {
  Violations v("GetGateway");
  if (request.gateway() == payments::v1::GATEWAY_UNSPECIFIED) {
    v.Add("gateway",
          "is required: the gateway to describe, e.g. GATEWAY_IDEAL");
  } else if (GatewayId(request.gateway()).empty()) {
    v.Add("gateway", absl::StrCat("must be a defined Gateway value, got ",
                                  static_cast<int>(request.gateway())));
  }
  return std::move(v).ToStatus();
}

}  // namespace msp_gateway
