// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/request_validator.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "service/common/decimal.h"
#include "service/gateways/gateway_ids.h"
#include "service/common/iso_codes.h"
#include "service/common/violations.h"

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

// MultiSafepay limit (OpenAPI InvoiceId); the shared ones are in
// service/common/violations.h.
constexpr size_t kMaxInvoiceIdChars = 50;

// An optional order ID (new_order_id, refund_order_id): when set, what
// CheckOrderId() takes. MultiSafepay makes it an order ID that later calls
// put into URL paths.
void CheckOptionalOrderId(absl::string_view field, bool has,
                          absl::string_view value, Violations& v) {
  if (!has) return;
  if (value.empty()) {
    v.Add(field, absl::StrCat("must not be empty when set: leave it unset "
                              "or give 1 to ",
                              kMaxOrderIdChars, " characters"));
    return;
  }
  CheckOrderIdText(field, value, v);
}

void CheckPositiveAmount(absl::string_view field, int64_t amount,
                         absl::string_view unset_means, Violations& v) {
  if (amount <= 0) {
    v.Add(field, absl::StrCat("must be greater than 0 (minor units) when "
                              "set; leave it unset ",
                              unset_means, ", got ", amount));
  }
}

void CheckCartItem(const CartItem& item, const std::string& prefix,
                   const std::string& refund_currency, Violations& v) {
  CheckDecimal(prefix + ".unit_price", item.unit_price(),
               "the unit price in major units excluding VAT (negative on "
               "refunded lines)",
               kMaxUnitPriceDecimals, v);
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
    CheckDecimal(prefix + ".weight.value", weight.value(),
                 "the weight of one unit", kMaxUnitPriceDecimals, v);
    // Reported for any negative weight, also one beyond the limits above.
    std::optional<Decimal> value = ParseDecimal(weight.value());
    if (value && value->negative && !IsZero(*value)) {
      v.Add(prefix + ".weight.value", "must not be negative");
    }
  }
  if (item.has_currency()) {
    const std::string field = prefix + ".currency";
    if (CheckCurrencyCode(field, item.currency(), v) &&
        IsIsoCurrency(refund_currency) &&  // Else reported already.
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
  CheckUrl("tracktrace_url", request.tracktrace_url(), v);
  v.CheckMaxChars("invoice_id", request.invoice_id(), kMaxInvoiceIdChars);
  CheckUrl("invoice_url", request.invoice_url(), v);
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
    CheckPositiveAmount("amount", request.amount(), "to ship the whole order",
                        v);
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
    CheckPositiveAmount("amount", request.amount(),
                        "to capture the whole authorisation", v);
  }
  CheckOptionalOrderId("new_order_id", request.has_new_order_id(),
                       request.new_order_id(), v);
  v.CheckMaxChars("invoice_id", request.invoice_id(), kMaxInvoiceIdChars);
  CheckDescriptionText("description", request.description(), v);
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
    CheckPositiveAmount("amount", request.amount(), "to refund the whole order",
                        v);
  }
  CheckDescriptionText("description", request.description(), v);
  CheckOptionalOrderId("refund_order_id", request.has_refund_order_id(),
                       request.refund_order_id(), v);
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
    // The count first: a cart that can never be refunded is refused without
    // walking its lines.
    const bool bounded = v.CheckMaxCount("checkout_data.items", items.size(),
                                         kMaxCartItems, "items");
    for (int i = 0; bounded && i < items.size(); ++i) {
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
    CheckPositiveAmount("amount", request.amount(),
                        "to list gateways for any amount", v);
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
