// Copyright 2026 The msp-gateway Authors.

#include "service/order/order_translator.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "service/error_details.h"
#include "service/order/gateway_ids.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::Customer;
using ::payments::v1::PaymentOptions;
// Insertion-ordered, so the body's keys come out in MultiSafepay's order.
using Json = nlohmann::ordered_json;

// MultiSafepay's `type` for `type`, or nullptr for an undefined number.
const char* OrderTypeString(payments::v1::OrderType type) {
  switch (type) {
    case payments::v1::ORDER_TYPE_UNSPECIFIED:  // MultiSafepay's default.
    case payments::v1::ORDER_TYPE_REDIRECT:
      return "redirect";
    case payments::v1::ORDER_TYPE_DIRECT:
      return "direct";
    case payments::v1::ORDER_TYPE_PAYMENT_LINK:
      return "paymentlink";
    case payments::v1::ORDER_TYPE_CHECKOUT:
      return "checkout";
    default:
      return nullptr;
  }
}

absl::Status UnmappableEnum(absl::string_view field, absl::string_view type,
                            int number) {
  return InvalidArgumentError(
      "CreateOrder request has an enum value with no MultiSafepay equivalent",
      {{std::string(field),
        absl::StrCat("must be a defined ", type, " value, got ", number)}});
}

// Sets out[key] only when the optional field is present.
void PutIfSet(Json& out, const char* key, bool has, const std::string& value) {
  if (has) out[key] = value;
}

absl::Status PutPaymentOptions(const PaymentOptions& options, Json& out) {
  Json json = Json::object();  // Stays {} when no field is set.
  PutIfSet(json, "notification_url", options.has_notification_url(),
           options.notification_url());
  switch (options.notification_method()) {
    case payments::v1::NOTIFICATION_METHOD_UNSPECIFIED:
      break;  // MultiSafepay's site default applies.
    case payments::v1::NOTIFICATION_METHOD_GET:
      json["notification_method"] = "GET";
      break;
    case payments::v1::NOTIFICATION_METHOD_POST:
      json["notification_method"] = "POST";
      break;
    default:
      return UnmappableEnum("payment_options.notification_method",
                            "NotificationMethod",
                            options.notification_method());
  }
  PutIfSet(json, "redirect_url", options.has_redirect_url(),
           options.redirect_url());
  PutIfSet(json, "cancel_url", options.has_cancel_url(), options.cancel_url());
  if (options.has_close_window()) json["close_window"] = options.close_window();
  out["payment_options"] = std::move(json);
  return absl::OkStatus();
}

void PutCustomer(const Customer& c, Json& out) {
  Json json = Json::object();  // Stays {} when no field is set.
  // The order of MultiSafepay's customer examples, then the rest.
  PutIfSet(json, "locale", c.has_locale(), c.locale());
  PutIfSet(json, "ip_address", c.has_ip_address(), c.ip_address());
  PutIfSet(json, "forwarded_ip", c.has_forwarded_ip(), c.forwarded_ip());
  PutIfSet(json, "first_name", c.has_first_name(), c.first_name());
  PutIfSet(json, "last_name", c.has_last_name(), c.last_name());
  PutIfSet(json, "address1", c.has_address1(), c.address1());
  PutIfSet(json, "address2", c.has_address2(), c.address2());
  PutIfSet(json, "house_number", c.has_house_number(), c.house_number());
  PutIfSet(json, "zip_code", c.has_zip_code(), c.zip_code());
  PutIfSet(json, "city", c.has_city(), c.city());
  PutIfSet(json, "state", c.has_state(), c.state());
  PutIfSet(json, "country", c.has_country(), c.country());
  PutIfSet(json, "birthday", c.has_birthday(), c.birthday());
  PutIfSet(json, "gender", c.has_gender(), c.gender());
  PutIfSet(json, "phone", c.has_phone(), c.phone());
  PutIfSet(json, "email", c.has_email(), c.email());
  PutIfSet(json, "referrer", c.has_referrer(), c.referrer());
  PutIfSet(json, "user_agent", c.has_user_agent(), c.user_agent());
  PutIfSet(json, "reference", c.has_reference(), c.reference());
  PutIfSet(json, "company_name", c.has_company_name(), c.company_name());
  out["customer"] = std::move(json);
}

}  // namespace

absl::StatusOr<std::string> TranslateCreateOrder(
    const CreateOrderRequest& request) {
  const char* type = OrderTypeString(request.type());
  if (type == nullptr) {
    return UnmappableEnum("type", "OrderType", request.type());
  }
  absl::string_view gateway;
  if (request.gateway() != payments::v1::GATEWAY_UNSPECIFIED) {
    gateway = GatewayId(request.gateway());
    if (gateway.empty()) {
      return UnmappableEnum("gateway", "Gateway", request.gateway());
    }
  }

  Json order = Json::object();
  order["type"] = type;
  if (!gateway.empty()) order["gateway"] = std::string(gateway);
  order["order_id"] = request.order_id();
  order["currency"] = request.currency();
  // int64 stays a JSON integer: nlohmann stores it as number_integer and
  // prints every digit (9007199254740993 is not rounded as a double would).
  if (request.has_amount()) order["amount"] = request.amount();
  order["description"] = request.description();
  if (request.has_payment_options()) {
    absl::Status status = PutPaymentOptions(request.payment_options(), order);
    if (!status.ok()) return status;
  }
  if (request.has_customer()) PutCustomer(request.customer(), order);
  PutIfSet(order, "var1", request.has_var1(), request.var1());
  PutIfSet(order, "var2", request.has_var2(), request.var2());
  PutIfSet(order, "var3", request.has_var3(), request.var3());
  if (request.has_days_active()) order["days_active"] = request.days_active();
  if (request.has_seconds_active()) {
    order["seconds_active"] = request.seconds_active();
  }
  // Replace, not throw, on invalid UTF-8 (see the header).
  return order.dump(/*indent=*/-1, /*indent_char=*/' ', /*ensure_ascii=*/false,
                    Json::error_handler_t::replace);
}

}  // namespace msp_gateway
