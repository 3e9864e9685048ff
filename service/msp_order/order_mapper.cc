// Copyright 2026 The msp-gateway Authors.

#include "service/msp_order/order_mapper.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "service/msp_json/msp_fields.h"
#include "service/gateways/gateway_ids.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

using json = nlohmann::json;
using ::payments::v1::Order;
using ::payments::v1::OrderStatus;
using ::payments::v1::TransactionStatus;

template <typename Enum>
struct StatusName {
  absl::string_view name;
  Enum value;
};

// multisafepay-api.md §5.2.
constexpr StatusName<OrderStatus> kOrderStatuses[] = {
    {"initialized", payments::v1::ORDER_STATUS_INITIALIZED},
    {"completed", payments::v1::ORDER_STATUS_COMPLETED},
    {"uncleared", payments::v1::ORDER_STATUS_UNCLEARED},
    {"declined", payments::v1::ORDER_STATUS_DECLINED},
    {"cancelled", payments::v1::ORDER_STATUS_CANCELLED},
    {"void", payments::v1::ORDER_STATUS_VOID},
    {"expired", payments::v1::ORDER_STATUS_EXPIRED},
    {"refunded", payments::v1::ORDER_STATUS_REFUNDED},
    {"partial_refunded", payments::v1::ORDER_STATUS_PARTIAL_REFUNDED},
    {"reserved", payments::v1::ORDER_STATUS_RESERVED},
    {"shipped", payments::v1::ORDER_STATUS_SHIPPED},
    // OpenAPI spells it chargeback; PHP, Go and WooCommerce chargedback.
    {"chargeback", payments::v1::ORDER_STATUS_CHARGEBACK},
    {"chargedback", payments::v1::ORDER_STATUS_CHARGEBACK},
};

constexpr StatusName<TransactionStatus> kTransactionStatuses[] = {
    {"initialized", payments::v1::TRANSACTION_STATUS_INITIALIZED},
    {"completed", payments::v1::TRANSACTION_STATUS_COMPLETED},
    {"uncleared", payments::v1::TRANSACTION_STATUS_UNCLEARED},
    {"declined", payments::v1::TRANSACTION_STATUS_DECLINED},
    {"cancelled", payments::v1::TRANSACTION_STATUS_CANCELLED},
    {"void", payments::v1::TRANSACTION_STATUS_VOID},
    {"expired", payments::v1::TRANSACTION_STATUS_EXPIRED},
    {"refunded", payments::v1::TRANSACTION_STATUS_REFUNDED},
    {"reserved", payments::v1::TRANSACTION_STATUS_RESERVED},
    {"created", payments::v1::TRANSACTION_STATUS_CREATED},
    {"error", payments::v1::TRANSACTION_STATUS_ERROR},
    {"manual", payments::v1::TRANSACTION_STATUS_MANUAL},
    {"new", payments::v1::TRANSACTION_STATUS_NEW},
    {"chargeback", payments::v1::TRANSACTION_STATUS_CHARGEBACK},
    {"chargedback", payments::v1::TRANSACTION_STATUS_CHARGEBACK},
    {"partial_refunded", payments::v1::TRANSACTION_STATUS_PARTIAL_REFUNDED},
    {"shipped", payments::v1::TRANSACTION_STATUS_SHIPPED},
};

template <typename Enum, size_t N>
Enum Lookup(const StatusName<Enum> (&table)[N], absl::string_view status,
            Enum unspecified) {
  for (const StatusName<Enum>& entry : table) {
    if (absl::EqualsIgnoreCase(entry.name, status)) return entry.value;
  }
  return unspecified;
}

payments::v1::Gateway GatewayOf(const std::string& type) {
  return GatewayFromId(type).value_or(payments::v1::GATEWAY_UNSPECIFIED);
}

void MapPaymentDetails(const MspFields& f, payments::v1::PaymentDetails& out) {
  out.set_type(f.Text("type"));
  out.set_gateway(GatewayOf(out.type()));
  out.set_account_holder_name(f.Text("account_holder_name"));
  out.set_account_id(f.Text("account_id"));
  out.set_account_iban(f.Text("account_iban"));
  out.set_account_bic(f.Text("account_bic"));
  out.set_external_transaction_id(f.Text("external_transaction_id"));
  out.set_issuer_id(f.Text("issuer_id"));
  out.set_recurring_id(f.Text("recurring_id"));
  out.set_recurring_model(f.Text("recurring_model"));
  out.set_last4(f.Digits("last4", 4));
  out.set_card_expiry_date(f.Digits("card_expiry_date", 4));
  out.set_response_code(f.Text("response_code"));
  out.set_authorization_code(f.Text("authorization_code"));
  out.set_issuer_country_code(f.Text("issuer_country_code"));
}

void MapPaymentMethod(const MspFields& f,
                      payments::v1::PaymentMethodUsed& out) {
  out.set_type(f.Text("type"));
  out.set_gateway(GatewayOf(out.type()));
  out.set_payment_description(f.Text("payment_description"));
  out.set_amount(f.Int("amount"));
  out.set_currency(f.Text("currency"));
  out.set_status(f.Text("status"));
  out.set_last4(f.Digits("last4", 4));
  out.set_coupon_brand(f.Text("coupon_brand"));
  out.set_external_transaction_id(f.Text("external_transaction_id"));
}

void MapCost(const MspFields& f, payments::v1::Cost& out) {
  out.set_transaction_id(f.Int("transaction_id"));
  out.set_amount(f.Decimal("amount"));
  out.set_description(f.Text("description"));
  out.set_type(f.Text("type"));
  out.set_status(f.Text("status"));
}

void MapRelatedTransaction(const MspFields& f,
                           payments::v1::RelatedTransaction& out) {
  out.set_transaction_id(f.Int("transaction_id"));
  out.set_order_id(f.Text("order_id"));
  out.set_type(f.Text("type"));
  out.set_amount(f.Int("amount"));
  out.set_currency(f.Text("currency"));
  out.set_status(f.Text("status"));
  out.set_description(f.Text("description"));
  out.set_created(f.Text("created"));
}

// Maps each object of the list `key` with `map`, paths "key[i]".
template <typename Message, typename MapFn>
void MapList(const MspFields& f, absl::string_view key,
             google::protobuf::RepeatedPtrField<Message>& out,
             std::string& problem, MapFn map) {
  int i = 0;
  for (const json* element : f.Objects(key)) {
    map(MspFields(*element, absl::StrCat(f.PathOf(key), "[", i++, "]"),
                  problem),
        *out.Add());
  }
}

}  // namespace

OrderStatus OrderStatusFromMsp(absl::string_view status) {
  return Lookup(kOrderStatuses, absl::StripAsciiWhitespace(status),
                payments::v1::ORDER_STATUS_UNSPECIFIED);
}

TransactionStatus TransactionStatusFromMsp(absl::string_view status) {
  return Lookup(kTransactionStatuses, absl::StripAsciiWhitespace(status),
                payments::v1::TRANSACTION_STATUS_UNSPECIFIED);
}

absl::StatusOr<Order> MapMspOrder(const MspReply& reply,
                                  absl::string_view requested_order_id) {
  if (!reply.data.is_object()) {
    return MspInvalidResponseError(MspOperation::kGetOrder, reply.http_status,
                                   "", "\"data\" is not an object");
  }
  std::string problem;
  const MspFields f(reply.data, "", problem);
  Order order;
  order.set_order_id(f.Text("order_id"));
  if (order.order_id().empty()) {
    order.set_order_id(std::string(requested_order_id));
  }
  order.set_transaction_id(f.Int("transaction_id"));
  order.set_status_raw(f.Text("status"));
  order.set_status(OrderStatusFromMsp(order.status_raw()));
  order.set_financial_status_raw(f.Text("financial_status"));
  order.set_financial_status(
      TransactionStatusFromMsp(order.financial_status_raw()));
  order.set_currency(f.Text("currency"));
  order.set_amount(f.Int("amount"));
  order.set_amount_refunded(f.Int("amount_refunded"));
  order.set_description(f.Text("description"));
  order.set_created(f.Text("created"));
  order.set_modified(f.Text("modified"));
  order.set_completed(f.TextOf({"completed", "completed_date"}));
  order.set_var1(f.Text("var1"));
  order.set_var2(f.Text("var2"));
  order.set_var3(f.Text("var3"));
  order.set_reason(f.Text("reason"));
  order.set_reason_code(f.Text("reason_code"));
  if (const json* details = f.Object("payment_details")) {
    MapPaymentDetails(MspFields(*details, "payment_details", problem),
                      *order.mutable_payment_details());
  }
  MapList(f, "payment_methods", *order.mutable_payment_methods(), problem,
          MapPaymentMethod);
  MapList(f, "costs", *order.mutable_costs(), problem, MapCost);
  MapList(f, "related_transactions", *order.mutable_related_transactions(),
          problem, MapRelatedTransaction);
  order.set_fastcheckout(f.YesNo("fastcheckout"));
  order.set_auth_order_id(f.Text("auth_order_id"));
  if (!problem.empty()) {
    return MspInvalidResponseError(MspOperation::kGetOrder, reply.http_status,
                                   "", problem);
  }
  return order;
}

}  // namespace msp_gateway
