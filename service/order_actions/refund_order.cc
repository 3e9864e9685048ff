// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/refund_order.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "service/common/decimal.h"
#include "service/common/iso_codes.h"
#include "service/common/violations.h"
#include "service/msp_json/decimal_json.h"
#include "service/msp_json/msp_body.h"
#include "service/order_actions/order_action_fields.h"
#include "service/order_actions/order_lookup.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CartItem;
using ::payments::v1::RefundOrderRequest;
using ::payments::v1::RefundOrderResponse;
using Verdict = LookupVerdict<RefundOrderResponse>;

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

std::string RequestIdOf(const RefundOrderRequest& request) {
  return RequestIdKey(request.request_id());
}

std::string OrderIdOf(const RefundOrderRequest& request) {
  return request.order_id();
}

}  // namespace

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
  CheckMarkedDescription("description", request.description(), v);
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
  CheckRequestId(/*required=*/true, request.request_id(), v);
  return std::move(v).ToStatus();
}

absl::StatusOr<MspRequest> TranslateRefundOrder(
    const RefundOrderRequest& request) {
  using Json = nlohmann::ordered_json;
  Json body = Json::object();
  body["currency"] = request.currency();
  if (request.has_amount()) body["amount"] = request.amount();
  if (!request.request_id().empty()) {
    // Where the refund can be found again (order_lookup.h).
    body["description"] = WithRequestIdMarker(
        request.description(), RequestIdKey(request.request_id()));
  } else {
    PutIfSet(body, "description", request.has_description(),
             request.description());
  }
  PutIfSet(body, "refund_order_id", request.has_refund_order_id(),
           request.refund_order_id());
  PutIfSet(body, "var1", request.has_var1(), request.var1());
  PutIfSet(body, "var2", request.has_var2(), request.var2());
  PutIfSet(body, "var3", request.has_var3(), request.var3());
  if (request.has_checkout_data()) {
    Json items = Json::array();
    const auto& cart_items = request.checkout_data().items();
    for (int i = 0; i < cart_items.size(); ++i) {
      absl::StatusOr<Json> item = CartItemJson(
          cart_items[i], absl::StrCat("checkout_data.items[", i, "]"),
          [](absl::string_view field) {
            return UntranslatableError("RefundOrder", field,
                                       "must be a plain decimal string");
          });
      if (!item.ok()) return item.status();
      items.push_back(*std::move(item));
    }
    Json checkout_data = Json::object();
    checkout_data["items"] = std::move(items);
    body["checkout_data"] = std::move(checkout_data);
  }
  return MspRequestFor(MspOperation::kRefundOrder, request.order_id(),
                       DumpJson(body));
}

absl::StatusOr<RefundOrderResponse> MapRefundOrderResult(
    const RefundOrderRequest& request, const MspReply& reply) {
  RefundOrderResponse response;
  if (absl::Status s = ReadActionReply(
          MspOperation::kRefundOrder, reply,
          [&](const MspFields& f) {
            response.set_transaction_id(f.Int("transaction_id"));
            response.set_refund_id(f.Int("refund_id"));
            response.set_order_id(
                FirstNonEmpty(f.Text("order_id"), request.order_id()));
          });
      !s.ok()) {
    return s;
  }
  return response;
}

absl::StatusOr<Verdict> JudgeRefundOrder(
    const LookupKey& ids, const absl::StatusOr<MspReply>& lookup_reply) {
  absl::StatusOr<LookedUpTransaction> refund =
      FindLookedUpTransaction(ids, lookup_reply, "refund");
  if (!refund.ok()) return refund.status();
  Verdict verdict;
  // No order, or no marked refund: nothing was refunded.
  if (refund->entry == nullptr) return verdict;
  // What MapRefundOrderResult() makes of POST .../refunds' answer, from the
  // refund's entry: its transaction, its refund ID (the emulator's; 0 when
  // MultiSafepay lists none) and its order (refund_order_id, else the
  // refunded order).
  std::string problem;
  const MspFields f(*refund->entry, "related_transactions[]", problem);
  verdict.response.set_transaction_id(f.Int("transaction_id"));
  verdict.response.set_refund_id(f.Int("refund_id"));
  verdict.response.set_order_id(FirstNonEmpty(
      f.Text("refund_order_id"), f.Text("order_id"), ids.order_id));
  if (!problem.empty()) return LookupUnreadable(*refund->order, problem);
  verdict.kind = Verdict::Kind::kApplied;
  return verdict;
}

const UnarySpec<RefundOrderRequest, RefundOrderResponse> kRefundOrderSpec = {
    /*method=*/"RefundOrder",
    /*validate=*/ValidateRefundOrder,
    /*translate=*/TranslateRefundOrder,
    /*map_reply=*/MapRefundOrderResult,
    /*idempotency_key=*/RequestIdOf,
    /*idempotency_key_field=*/kRequestIdField,
    /*order_id=*/OrderIdOf,
    /*lookup=*/LookupOrderCall,
    /*judge=*/JudgeRefundOrder,
};

}  // namespace msp_gateway
