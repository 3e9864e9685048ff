// Copyright 2026 The msp-gateway Authors.

#include "service/msp_order/order_mapper.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "service/gateways/gateway_ids.h"
#include "service/msp_json/msp_fields.h"
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
  return GatewayFromReportedId(type).value_or(
      payments::v1::GATEWAY_UNSPECIFIED);
}

// The member `key` of `object` unless absent or null.
const json* MemberOf(const json& object, absl::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(std::string(key));
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

// Whether `key` holds a text (a string or a number): what the optional
// strings of an echo are set from; null, objects and arrays leave them unset.
bool HasText(const json& object, absl::string_view key) {
  const json* value = MemberOf(object, key);
  return value != nullptr && (value->is_string() || value->is_number());
}

// A boolean of an echo, leniently: JSON booleans, 0 / 1, and the strings
// "true" / "false" / "1" / "0" / "yes" / "no" (any case). nullopt for
// anything else, e.g. MultiSafepay's `"standalone": ""`.
std::optional<bool> LenientBool(const json& object, absl::string_view key) {
  const json* value = MemberOf(object, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_number_integer() || value->is_number_unsigned()) {
    const int64_t n = value->get<int64_t>();
    if (n == 0 || n == 1) return n == 1;
    return std::nullopt;
  }
  if (!value->is_string()) return std::nullopt;
  const absl::string_view text =
      absl::StripAsciiWhitespace(value->get_ref<const std::string&>());
  for (absl::string_view yes : {"true", "1", "yes"}) {
    if (absl::EqualsIgnoreCase(text, yes)) return true;
  }
  for (absl::string_view no : {"false", "0", "no"}) {
    if (absl::EqualsIgnoreCase(text, no)) return false;
  }
  return std::nullopt;
}

// Reads of echoed fields that never fail the order: what cannot be read
// (a rate "", a weight "heavy") is left empty. `ignored` collects what
// MspFields would have reported.
class EchoFields {
 public:
  EchoFields(const json& object, std::string path)
      : object_(object), fields_(object, std::move(path), ignored_) {}

  const json& object() const { return object_; }
  const MspFields& fields() const { return fields_; }

  // Sets `set(text)` only when `key` holds a text.
  template <typename Setter>
  void Text(absl::string_view key, Setter set) const {
    if (HasText(object_, key)) set(fields_.Text(key));
  }
  // An exact decimal string, or "" when absent or unreadable.
  std::string Decimal(absl::string_view key) const {
    std::string problem;
    MspFields f(object_, "", problem);
    std::string decimal = f.Decimal(key);
    return problem.empty() ? decimal : "";
  }
  template <typename Setter>
  void Bool(absl::string_view key, Setter set) const {
    if (std::optional<bool> value = LenientBool(object_, key)) set(*value);
  }
  // The objects of the list `key`; none when it is not a list.
  std::vector<const json*> Objects(absl::string_view key) const {
    return fields_.Objects(key);
  }
  const json* Object(absl::string_view key) const {
    const json* value = MemberOf(object_, key);
    return value != nullptr && value->is_object() ? value : nullptr;
  }

 private:
  const json& object_;
  std::string ignored_;
  MspFields fields_;
};

void MapCardAuthentication(const json& details,
                           payments::v1::PaymentDetails& out) {
  const EchoFields f(details, "payment_details");
  if (const json* result = f.Object("card_authentication_result")) {
    const EchoFields r(*result, "");
    payments::v1::CardAuthenticationResult& auth =
        *out.mutable_card_authentication_result();
    auth.set_status(r.fields().Text("status"));
    auth.set_version(r.fields().Text("version"));
    // `"eci": 5` would lose its leading zero as a number.
    auth.set_eci(r.fields().Digits("eci", 2));
    auth.set_acs_transaction_id(r.fields().Text("acs_transaction_id"));
    auth.set_ds_transaction_id(r.fields().Text("ds_transaction_id"));
    auth.set_cavv(r.fields().Text("cavv"));
    auth.set_transaction_status_reason(
        r.fields().Digits("transaction_status_reason", 2));
    auth.set_challenge_cancel(r.fields().Digits("challenge_cancel", 2));
  }
  if (const json* flow = f.Object("card_authentication_details")) {
    const EchoFields d(*flow, "");
    out.mutable_card_authentication_details()->set_flow(
        d.fields().Text("flow"));
    out.mutable_card_authentication_details()->set_exemption(
        d.fields().Text("exemption"));
  }
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
  out.set_invoice_url(f.Text("invoice_url"));
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
  out.set_created(f.Text("created"));
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

void MapCustomer(const json& customer, Order& order) {
  const EchoFields f(customer, "customer");
  payments::v1::Customer& out = *order.mutable_customer();
  f.Text("locale", [&](std::string v) { out.set_locale(std::move(v)); });
  f.Text("ip_address",
         [&](std::string v) { out.set_ip_address(std::move(v)); });
  f.Text("forwarded_ip",
         [&](std::string v) { out.set_forwarded_ip(std::move(v)); });
  f.Text("first_name",
         [&](std::string v) { out.set_first_name(std::move(v)); });
  f.Text("last_name", [&](std::string v) { out.set_last_name(std::move(v)); });
  f.Text("address1", [&](std::string v) { out.set_address1(std::move(v)); });
  f.Text("address2", [&](std::string v) { out.set_address2(std::move(v)); });
  f.Text("house_number",
         [&](std::string v) { out.set_house_number(std::move(v)); });
  f.Text("zip_code", [&](std::string v) { out.set_zip_code(std::move(v)); });
  f.Text("city", [&](std::string v) { out.set_city(std::move(v)); });
  f.Text("state", [&](std::string v) { out.set_state(std::move(v)); });
  f.Text("country", [&](std::string v) { out.set_country(std::move(v)); });
  // The echo says phone1 (and phone2); requests say phone.
  const char* phone = HasText(customer, "phone1") ? "phone1" : "phone";
  f.Text(phone, [&](std::string v) { out.set_phone(std::move(v)); });
  f.Text("email", [&](std::string v) { out.set_email(std::move(v)); });
  f.Text("referrer", [&](std::string v) { out.set_referrer(std::move(v)); });
  f.Text("user_agent",
         [&](std::string v) { out.set_user_agent(std::move(v)); });
  f.Text("reference", [&](std::string v) { out.set_reference(std::move(v)); });
  f.Text("gender", [&](std::string v) { out.set_gender(std::move(v)); });
  f.Text("birthday", [&](std::string v) { out.set_birthday(std::move(v)); });
  f.Text("company_name",
         [&](std::string v) { out.set_company_name(std::move(v)); });
  payments::v1::CustomerExtras extras;
  extras.set_phone2(f.fields().Text("phone2"));
  extras.set_country_name(f.fields().Text("country_name"));
  extras.set_coc_number(f.fields().Text("cocnumber"));
  if (extras.ByteSizeLong() > 0) *order.mutable_customer_extras() = extras;
}

// The cart's prices and quantities are read strictly (`problem`): a refund
// built from a wrong price would be worse than an error. Numeric strings
// ("1", "242.9300000000") are numbers. The rest is lenient.
void MapShoppingCart(const json& cart, Order& order, std::string& problem) {
  const EchoFields f(cart, "shopping_cart");
  payments::v1::ShoppingCart& out = *order.mutable_shopping_cart();
  int i = 0;
  for (const json* element : f.Objects("items")) {
    const EchoFields item(*element, "");
    const MspFields strict(
        *element, absl::StrCat("shopping_cart.items[", i++, "]"), problem);
    payments::v1::CartItem& line = *out.add_items();
    item.Text("name", [&](std::string v) { line.set_name(std::move(v)); });
    item.Text("description",
              [&](std::string v) { line.set_description(std::move(v)); });
    line.set_unit_price(strict.Decimal("unit_price"));
    line.set_quantity(strict.Int("quantity"));
    item.Text("merchant_item_id",
              [&](std::string v) { line.set_merchant_item_id(std::move(v)); });
    item.Text("tax_table_selector", [&](std::string v) {
      line.set_tax_table_selector(std::move(v));
    });
    item.Text("currency",
              [&](std::string v) { line.set_currency(std::move(v)); });
    if (const json* weight = item.Object("weight")) {
      const EchoFields w(*weight, "");
      line.mutable_weight()->set_unit(w.fields().Text("unit"));
      line.mutable_weight()->set_value(w.Decimal("value"));
    }
  }
}

// Responses carry the tax tables without the request's `tax_tables`
// wrapper ({"default": ..., "alternate": [...]}); both shapes are read.
void MapCheckoutOptions(const json& options, Order& order) {
  const EchoFields f(options, "checkout_options");
  payments::v1::CheckoutOptions& out = *order.mutable_checkout_options();
  f.Bool("validate_cart", [&](bool v) { out.set_validate_cart(v); });
  f.Bool("no_shipping_method", [&](bool v) { out.set_no_shipping_method(v); });
  f.Bool("use_shipping_notification",
         [&](bool v) { out.set_use_shipping_notification(v); });
  const json* wrapped = f.Object("tax_tables");
  const EchoFields tables(wrapped != nullptr ? *wrapped : options, "");
  if (const json* standard = tables.Object("default")) {
    const EchoFields d(*standard, "");
    payments::v1::DefaultTaxTable& table =
        *out.mutable_tax_tables()->mutable_default_();
    d.Bool("shipping_taxed", [&](bool v) { table.set_shipping_taxed(v); });
    table.set_rate(d.Decimal("rate"));
  }
  for (const json* alternate : tables.Objects("alternate")) {
    const EchoFields a(*alternate, "");
    payments::v1::AlternateTaxTable& table =
        *out.mutable_tax_tables()->add_alternate();
    table.set_name(a.fields().Text("name"));
    a.Bool("standalone", [&](bool v) { table.set_standalone(v); });
    for (const json* rule : a.Objects("rules")) {
      const EchoFields r(*rule, "");
      payments::v1::TaxRule& tax_rule = *table.add_rules();
      tax_rule.set_rate(r.Decimal("rate"));
      r.Text("country",
             [&](std::string v) { tax_rule.set_country(std::move(v)); });
    }
  }
}

void MapCustomInfo(const json& custom_info, Order& order) {
  const EchoFields f(custom_info, "custom_info");
  payments::v1::CustomInfo& out = *order.mutable_custom_info();
  f.Text("custom_1", [&](std::string v) { out.set_custom_1(std::move(v)); });
  f.Text("custom_2", [&](std::string v) { out.set_custom_2(std::move(v)); });
  f.Text("custom_3", [&](std::string v) { out.set_custom_3(std::move(v)); });
}

void MapEchoes(const json& data, Order& order, std::string& problem) {
  const EchoFields f(data, "");
  if (const json* customer = f.Object("customer"))
    MapCustomer(*customer, order);
  if (const json* cart = f.Object("shopping_cart")) {
    MapShoppingCart(*cart, order, problem);
  }
  if (const json* options = f.Object("checkout_options")) {
    MapCheckoutOptions(*options, order);
  }
  if (const json* custom_info = f.Object("custom_info")) {
    MapCustomInfo(*custom_info, order);
  }
  order.set_order_total(f.Decimal("order_total"));
  if (const json* adjustment = f.Object("order_adjustment")) {
    const EchoFields a(*adjustment, "");
    order.mutable_order_adjustment()->set_total_adjustment(
        a.Decimal("total_adjustment"));
    order.mutable_order_adjustment()->set_total_tax(a.Decimal("total_tax"));
  }
  // MultiSafepay's docs show it with a leading space.
  order.set_payment_url(
      std::string(absl::StripAsciiWhitespace(f.fields().Text("payment_url"))));
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
    MapCardAuthentication(*details, *order.mutable_payment_details());
  }
  if (order.payment_details().invoice_url().empty()) {
    // Some answers put it beside payment_details.
    std::string invoice_url = f.Text("invoice_url");
    if (!invoice_url.empty()) {
      order.mutable_payment_details()->set_invoice_url(std::move(invoice_url));
    }
  }
  MapList(f, "payment_methods", *order.mutable_payment_methods(), problem,
          MapPaymentMethod);
  MapList(f, "costs", *order.mutable_costs(), problem, MapCost);
  MapList(f, "related_transactions", *order.mutable_related_transactions(),
          problem, MapRelatedTransaction);
  order.set_fastcheckout(f.YesNo("fastcheckout"));
  order.set_auth_order_id(f.Text("auth_order_id"));
  MapEchoes(reply.data, order, problem);
  if (!problem.empty()) {
    return MspInvalidResponseError(MspOperation::kGetOrder, reply.http_status,
                                   "", problem);
  }
  return order;
}

}  // namespace msp_gateway
