// Copyright 2026 The msp-gateway Authors.
//
// File: order_check_kit.h
//
// What the CreateOrder checks (the *_checks.h files beside this one) share:
// the context ValidateCreateOrder() (order_validator.h) builds once and hands
// to each of them (the request, the gateway rule that applies, ...), the
// wording of a gateway in messages and of "is required for <gateway>"
// problems, and the checks of formats that several parts of an order use
// (names, e-mail addresses, countries, IP addresses, genders), so that
// customer.country and gateway_info.account_holder_country say the same
// thing. The checks of fields every RPC has (order IDs, URLs, decimals) are
// in service/common/violations.h. Pure: no I/O.

#ifndef MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_CHECK_KIT_H_
#define MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_CHECK_KIT_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/violations.h"
#include "service/create_order/gateway_rules.h"

namespace msp_gateway {

// Decimals of a tax rate or a split payment percentage, the precision
// MultiSafepay keeps for unit prices too (kMaxUnitPriceDecimals).
inline constexpr int kMaxRateDecimals = 10;

// What the checks of one request share.
struct OrderContext {
  const payments::v1::CreateOrderRequest& request;
  // The gateway whose rules apply: `gateway`, or for a payment component
  // order without one, `payment_data.gateway`. nullptr for an undefined
  // number (reported on its own field).
  const GatewayRule* rule;
  // type is ORDER_TYPE_DIRECT.
  bool direct;
  // A subsequent recurring payment or a payment component order: the
  // payment data comes from a token or the component, not the request.
  bool data_elsewhere;
  // Delivery country, else the customer's: what tax rules match. Points
  // into `request`.
  absl::string_view tax_country;
};

// The recurring payment fields of a request, whichever form sets them:
// MultiSafepay's top-level `recurring_model` / `recurring_id` or the nested
// `recurring.model` / `recurring.id`. The top-level form wins when both are
// set (CheckRecurring(), order_type_checks.h, refuses that). Points into the
// request.
struct RecurringFields {
  payments::v1::RecurringModel model;
  // The path of the field `model` comes from, for violations.
  absl::string_view model_field;
  bool has_id;
  absl::string_view id;
  // The path of the field `id` comes from, for violations.
  absl::string_view id_field;
};

// RecurringOf()
//
// The recurring model and token of `request` (see RecurringFields): a
// subsequent recurring payment has `has_id`, any recurring payment a model.
RecurringFields RecurringOf(const payments::v1::CreateOrderRequest& request);

// MakeOrderContext()
//
// The context of `request`, which must outlive it.
OrderContext MakeOrderContext(const payments::v1::CreateOrderRequest& request);

// GatewayLabel()
//
// How messages name the gateway of `rule`: "GATEWAY_MISTERCASH
// (Bancontact)", or "no gateway (payment page)".
std::string GatewayLabel(const GatewayRule& rule);

// RequireFields()
//
// Adds "<prefix>.<field>: is required for <GatewayLabel(rule)><qualifier>"
// for every field of `mask` (FieldBit() of field numbers of `message`) that
// `message` does not provide: a set message or scalar, or a set non-empty
// string ("" counts as not provided). `qualifier` is "" or, for what only a
// direct order needs, " with ORDER_TYPE_DIRECT". The label is only built
// for a missing field, so a complete message costs no allocation.
void RequireFields(const google::protobuf::Message& message, uint64_t mask,
                   absl::string_view prefix, const GatewayRule& rule,
                   absl::string_view qualifier, Violations& v);

// PathIn()
//
// absl::StrCat(parts...) written into `buffer`, for the paths of repeated
// elements ("shopping_cart.items[2].unit_price"): a loop that reuses one
// buffer for them allocates nothing per valid element once it has grown,
// and a violation copies the path it is given. Valid until `buffer` is
// next written.
template <typename... Parts>
absl::string_view PathIn(std::string& buffer, const Parts&... parts) {
  buffer.clear();
  absl::StrAppend(&buffer, parts...);
  return buffer;
}

// CheckName()
//
// A first or last name that is set: 2 to 25 characters.
void CheckName(absl::string_view field, absl::string_view name, Violations& v);

// CheckEmail()
//
// An e-mail address that is set: local@domain.tld, at most 64 characters.
void CheckEmail(absl::string_view field, absl::string_view email,
                Violations& v);

// CheckCountry()
//
// A country that is set: an ISO 3166-1 alpha-2 code in upper case.
void CheckCountry(absl::string_view field, absl::string_view country,
                  Violations& v);

// CheckIp()
//
// An IP address that is set: one IPv4 or IPv6 address, not a list.
void CheckIp(absl::string_view field, absl::string_view ip, Violations& v);

// CheckGender()
//
// A gender that is set: M, F, male, female, mr, mrs or miss.
void CheckGender(absl::string_view field, absl::string_view gender,
                 Violations& v);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CREATE_ORDER_ORDER_CHECK_KIT_H_
