// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/create_order.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "service/create_order/order_translator.h"
#include "service/create_order/order_validator.h"
#include "service/msp_json/json_scalars.h"
#include "service/msp_order/order_mapper.h"
#include "service/order_actions/order_lookup.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

using payments::v1::CreateOrderRequest;
using payments::v1::CreateOrderResponse;
using Verdict = LookupVerdict<CreateOrderResponse>;

bool IsHttpUrl(absl::string_view url) {
  return absl::StartsWithIgnoreCase(url, "https://") ||
         absl::StartsWithIgnoreCase(url, "http://");
}

std::string OrderIdKey(const CreateOrderRequest& request) {
  return request.order_id();
}

// The statuses of an order the customer can still pay through the payment
// session the lost answer named (multisafepay-api.md §5.2: "Customer
// started"). Every other known status means the customer has acted or the
// order is over: paid (completed, uncleared under review, reserved, shipped,
// refunded, partial_refunded, chargeback), refused (declined), ended
// (cancelled, void, expired). A second POST of those would start a new
// session of an order that needs none (§7.3), so they are the answer.
bool IsOpenForPayment(payments::v1::OrderStatus status) {
  return status == payments::v1::ORDER_STATUS_INITIALIZED;
}

}  // namespace

absl::StatusOr<MspRequest> BuildCreateOrderCall(
    const CreateOrderRequest& request) {
  return BuildCreateOrderCall(request, OrderDefaults());
}

absl::StatusOr<MspRequest> BuildCreateOrderCall(
    const CreateOrderRequest& request, const OrderDefaults& defaults) {
  absl::StatusOr<std::string> json = TranslateCreateOrder(request, defaults);
  if (!json.ok()) return json.status();
  return MspRequestFor(MspOperation::kCreateOrder, "", *std::move(json));
}

absl::StatusOr<CreateOrderResponse> MapCreateOrderReply(
    const CreateOrderRequest& request, const MspReply& reply) {
  auto invalid = [&](absl::string_view problem) {
    return MspInvalidResponseError(MspOperation::kCreateOrder,
                                   reply.http_status, "", problem);
  };
  const nlohmann::json& data = reply.data;
  if (!data.is_object()) return invalid("\"data\" is not an object");
  const std::string order_id = JsonString(data, "order_id").value_or("");
  if (order_id.empty()) return invalid("no order_id in \"data\"");
  if (order_id != request.order_id()) {
    // Never pass another order's answer to this caller.
    return invalid("the order_id in \"data\" is not the one sent");
  }
  CreateOrderResponse out;
  out.set_order_id(order_id);
  out.set_payment_url(JsonString(data, "payment_url").value_or(""));
  out.set_session_id(JsonString(data, "session_id").value_or(""));
  const std::string status = JsonString(data, "status").value_or("");
  if (out.payment_url().empty() && status.empty()) {
    return invalid("no payment_url in \"data\"");
  }
  if (!out.payment_url().empty() && !IsHttpUrl(out.payment_url())) {
    // Never hand a javascript: or otherwise odd URL to a browser.
    return invalid("payment_url is not an http(s) URL");
  }
  if (!status.empty()) {
    out.set_status(OrderStatusFromMsp(status));
    out.set_status_raw(status);
  }
  return out;
}

absl::StatusOr<Verdict> JudgeCreateOrder(
    const LookupKey& ids, const absl::StatusOr<MspReply>& lookup_reply) {
  absl::StatusOr<const MspReply*> order = ReadLookedUpOrder(ids, lookup_reply);
  if (!order.ok()) return order.status();
  Verdict verdict;
  // MultiSafepay does not know the order (also a redirect order nobody has
  // opened yet, which may have no transaction to read): POST it.
  if (*order == nullptr) return verdict;
  const std::string status = JsonString((*order)->data, "status").value_or("");
  if (status.empty()) {
    return LookupUnreadable(**order, "no status in \"data\"");
  }
  const payments::v1::OrderStatus typed = OrderStatusFromMsp(status);
  if (typed == payments::v1::ORDER_STATUS_UNSPECIFIED) {
    // Neither open nor over as far as the gateway knows: no guess.
    return LookupUnreadable(**order, "\"status\" is not a known order status");
  }
  if (IsOpenForPayment(typed)) {
    verdict.kind = Verdict::Kind::kAppliedAnswerLost;
    return verdict;
  }
  verdict.kind = Verdict::Kind::kApplied;
  verdict.response.set_order_id(ids.order_id);
  verdict.response.set_status(typed);
  verdict.response.set_status_raw(status);
  return verdict;
}

const UnarySpec<CreateOrderRequest, CreateOrderResponse> kCreateOrderSpec = {
    /*method=*/"CreateOrder",
    /*validate=*/ValidateCreateOrder,
    /*translate=*/BuildCreateOrderCall,
    /*map_reply=*/MapCreateOrderReply,
    /*idempotency_key=*/OrderIdKey,
    /*idempotency_key_field=*/"order_id",
    /*order_id=*/OrderIdKey,
    /*lookup=*/LookupOrderCall,
    /*judge=*/JudgeCreateOrder,
};

ConfiguredUnarySpec<CreateOrderRequest, CreateOrderResponse> CreateOrderSpec(
    OrderDefaults defaults) {
  // Shared by both parts; read-only from here on, so calls on any thread
  // may read it.
  auto shared = std::make_shared<const OrderDefaults>(std::move(defaults));
  const auto& plain = kCreateOrderSpec;
  ConfiguredUnarySpec<CreateOrderRequest, CreateOrderResponse> spec;
  spec.method = plain.method;
  spec.validate = [shared](const CreateOrderRequest& request) {
    return ValidateCreateOrder(request, *shared);
  };
  spec.translate = [shared](const CreateOrderRequest& request) {
    return BuildCreateOrderCall(request, *shared);
  };
  spec.map_reply = plain.map_reply;
  spec.idempotency_key = plain.idempotency_key;
  spec.idempotency_key_field = plain.idempotency_key_field;
  spec.order_id = plain.order_id;
  spec.lookup = plain.lookup;
  spec.judge = plain.judge;
  return spec;
}

}  // namespace msp_gateway
