// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_translator.h"

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "service/common/decimal.h"
#include "service/common/error_details.h"
#include "service/create_order/order_defaults.h"
#include "service/gateways/gateway_ids.h"
#include "service/msp_json/json_writer.h"
#include "service/msp_json/msp_body.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::Customer;
using ::payments::v1::PaymentOptions;

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

// The translator writes decimal text into the JSON as a number, so it must
// be one: a caller that skipped ValidateCreateOrder() gets an error, never a
// broken (or injected) body.
absl::Status NotADecimal(absl::string_view field) {
  return InvalidArgumentError(
      "CreateOrder request has a decimal field that is not a number",
      {{std::string(field),
        "must be a decimal number such as \"12.50\" (see "
        "ValidateCreateOrder)"}});
}

// key: the decimal `text` as a JSON number, digit for digit. `field` names
// it in the error, and is only called then: paths of repeated elements cost
// an allocation.
absl::Status WriteDecimal(JsonWriter& out, absl::string_view key,
                          const std::string& text,
                          absl::FunctionRef<std::string()> field) {
  if (!ParseDecimal(text)) return NotADecimal(field());
  out.Key(key).Decimal(text);
  return absl::OkStatus();
}

// key: `values` as an array of strings, when there is at least one.
void WriteStringsIfAny(
    JsonWriter& out, absl::string_view key,
    const google::protobuf::RepeatedPtrField<std::string>& values) {
  if (values.empty()) return;
  out.Key(key).BeginArray();
  for (const std::string& value : values) out.String(value);
  out.EndArray();
}

void WriteSettings(const payments::v1::PaymentSettings& settings,
                   JsonWriter& out) {
  out.Key("settings").BeginObject();
  if (settings.has_coupons()) {
    out.Key("coupons").BeginObject();
    WriteStringsIfAny(out, "allow", settings.coupons().allow());
    out.EndObject();
  }
  if (settings.has_gateways()) {
    const payments::v1::GatewaySettings& g = settings.gateways();
    out.Key("gateways").BeginObject();
    if (g.has_mistercash()) {
      const auto& m = g.mistercash();
      out.Key("MISTERCASH").BeginObject();
      WriteIfSet(out, "mobile_pay_button_position",
                 m.has_mobile_pay_button_position(),
                 m.mobile_pay_button_position());
      WriteIfSet(out, "disable_mobile_pay_button",
                 m.has_disable_mobile_pay_button(),
                 m.disable_mobile_pay_button());
      WriteIfSet(out, "qr_only", m.has_qr_only(), m.qr_only());
      WriteIfSet(out, "qr_size", m.has_qr_size(), m.qr_size());
      out.EndObject();
    }
    if (g.has_billink()) {
      out.Key("BILLINK").BeginObject();
      WriteIfSet(out, "type", g.billink().has_type(), g.billink().type());
      out.EndObject();
    }
    if (g.has_ideal()) {
      out.Key("IDEAL").BeginObject();
      WriteIfSet(out, "show_pre", g.ideal().has_show_pre(),
                 g.ideal().show_pre());
      out.EndObject();
    }
    out.EndObject();
  }
  if (settings.has_fco()) {
    const payments::v1::FastCheckoutSettings& f = settings.fco();
    out.Key("fco").BeginObject();
    WriteIfSet(out, "redirect_mode", f.has_redirect_mode(), f.redirect_mode());
    auto toggle = [&out](absl::string_view key,
                         const payments::v1::FastCheckoutToggle& t) {
      out.Key(key).BeginObject();
      WriteIfSet(out, "disabled", t.has_disabled(), t.disabled());
      out.EndObject();
    };
    if (f.has_coupons()) toggle("coupons", f.coupons());
    if (f.has_cart()) toggle("cart", f.cart());
    if (f.has_shipping()) {
      out.Key("shipping").BeginObject();
      if (f.shipping().has_address()) {
        out.Key("address").BeginObject();
        WriteIfSet(out, "required", f.shipping().address().has_required(),
                   f.shipping().address().required());
        out.EndObject();
      }
      out.EndObject();
    }
    WriteIfSet(out, "issuers_display_mode", f.has_issuers_display_mode(),
               f.issuers_display_mode());
    if (f.has_checkout()) {
      out.Key("checkout").BeginObject();
      if (f.checkout().has_customer()) {
        out.Key("customer").BeginObject();
        WriteIfSet(out, "enabled", f.checkout().customer().has_enabled(),
                   f.checkout().customer().enabled());
        out.EndObject();
      }
      out.EndObject();
    }
    WriteIfSet(out, "group_cards", f.has_group_cards(), f.group_cards());
    out.EndObject();
  }
  out.EndObject();
}

// The caller's notification_url and notification_method.
absl::Status WriteCallerNotification(const PaymentOptions& options,
                                     JsonWriter& out) {
  WriteIfSet(out, "notification_url", options.has_notification_url(),
             options.notification_url());
  switch (options.notification_method()) {
    case payments::v1::NOTIFICATION_METHOD_UNSPECIFIED:
      break;  // MultiSafepay's site default applies.
    case payments::v1::NOTIFICATION_METHOD_GET:
      out.Key("notification_method").String("GET");
      break;
    case payments::v1::NOTIFICATION_METHOD_POST:
      out.Key("notification_method").String("POST");
      break;
    default:
      return UnmappableEnum("payment_options.notification_method",
                            "NotificationMethod",
                            options.notification_method());
  }
  return absl::OkStatus();
}

// `options` (the default instance when the request has none), with the
// gateway's own notification URL in place of the caller's notification_url
// and notification_method when `defaults` owns them (the validator refuses
// a request that sets them then).
absl::Status WritePaymentOptions(const PaymentOptions& options,
                                 const OrderDefaults& defaults,
                                 JsonWriter& out) {
  out.Key("payment_options").BeginObject();  // {} when no field is set.
  if (defaults.owns_notifications()) {
    out.Key("notification_url").String(defaults.notification_url);
    // POST: the signed notification, whose body is the order itself.
    out.Key("notification_method").String("POST");
  } else {
    absl::Status status = WriteCallerNotification(options, out);
    if (!status.ok()) return status;
  }
  WriteIfSet(out, "redirect_url", options.has_redirect_url(),
             options.redirect_url());
  WriteIfSet(out, "cancel_url", options.has_cancel_url(), options.cancel_url());
  WriteIfSet(out, "close_window", options.has_close_window(),
             options.close_window());
  WriteIfSet(out, "feed_url", options.has_feed_url(), options.feed_url());
  if (options.has_settings()) WriteSettings(options.settings(), out);
  WriteIfSet(out, "template_id", options.has_template_id(),
             options.template_id());
  WriteStringsIfAny(out, "allowed_countries", options.allowed_countries());
  out.EndObject();
  return absl::OkStatus();
}

void WriteBrowser(const payments::v1::CustomerBrowser& b, JsonWriter& out) {
  out.Key("browser").BeginObject();
  WriteIfSet(out, "javascript_enabled", b.has_javascript_enabled(),
             b.javascript_enabled());
  WriteIfSet(out, "java_enabled", b.has_java_enabled(), b.java_enabled());
  WriteIfSet(out, "cookies_enabled", b.has_cookies_enabled(),
             b.cookies_enabled());
  WriteIfSet(out, "language", b.has_language(), b.language());
  if (b.has_screen_color_depth()) {
    out.Key("screen_color_depth").Int(b.screen_color_depth());
  }
  if (b.has_screen_height()) out.Key("screen_height").Int(b.screen_height());
  if (b.has_screen_width()) out.Key("screen_width").Int(b.screen_width());
  if (b.has_time_zone()) out.Key("time_zone").Int(b.time_zone());
  WriteIfSet(out, "user_agent", b.has_user_agent(), b.user_agent());
  WriteIfSet(out, "platform", b.has_platform(), b.platform());
  WriteIfSet(out, "accept_header", b.has_accept_header(), b.accept_header());
  WriteIfSet(out, "ip_address", b.has_ip_address(), b.ip_address());
  out.EndObject();
}

void WriteCustomer(const Customer& c, JsonWriter& out) {
  out.Key("customer").BeginObject();  // {} when no field is set.
  // The order of MultiSafepay's customer examples, then the rest.
  WriteIfSet(out, "locale", c.has_locale(), c.locale());
  WriteIfSet(out, "ip_address", c.has_ip_address(), c.ip_address());
  WriteIfSet(out, "forwarded_ip", c.has_forwarded_ip(), c.forwarded_ip());
  WriteIfSet(out, "first_name", c.has_first_name(), c.first_name());
  WriteIfSet(out, "last_name", c.has_last_name(), c.last_name());
  WriteIfSet(out, "address1", c.has_address1(), c.address1());
  WriteIfSet(out, "address2", c.has_address2(), c.address2());
  WriteIfSet(out, "house_number", c.has_house_number(), c.house_number());
  WriteIfSet(out, "zip_code", c.has_zip_code(), c.zip_code());
  WriteIfSet(out, "city", c.has_city(), c.city());
  WriteIfSet(out, "state", c.has_state(), c.state());
  WriteIfSet(out, "country", c.has_country(), c.country());
  WriteIfSet(out, "birthday", c.has_birthday(), c.birthday());
  WriteIfSet(out, "gender", c.has_gender(), c.gender());
  WriteIfSet(out, "phone", c.has_phone(), c.phone());
  WriteIfSet(out, "email", c.has_email(), c.email());
  WriteIfSet(out, "referrer", c.has_referrer(), c.referrer());
  WriteIfSet(out, "user_agent", c.has_user_agent(), c.user_agent());
  WriteIfSet(out, "reference", c.has_reference(), c.reference());
  WriteIfSet(out, "company_name", c.has_company_name(), c.company_name());
  WriteIfSet(out, "disable_send_email", c.has_disable_send_email(),
             c.disable_send_email());
  if (c.has_browser()) WriteBrowser(c.browser(), out);
  out.EndObject();
}

// key: the minor units `amount` as a string of digits.
void WriteAmountString(JsonWriter& out, absl::string_view key, int64_t amount) {
  char digits[24];  // "-9223372036854775808" is 20.
  const std::to_chars_result end =
      std::to_chars(digits, digits + sizeof(digits), amount);
  out.Key(key).String(absl::string_view(digits, end.ptr - digits));
}

void WriteGatewayInfo(const payments::v1::GatewayInfo& g, JsonWriter& out) {
  out.Key("gateway_info").BeginObject();
  WriteIfSet(out, "card_number", g.has_card_number(), g.card_number());
  WriteIfSet(out, "card_holder_name", g.has_card_holder_name(),
             g.card_holder_name());
  WriteIfSet(out, "card_expiry_date", g.has_card_expiry_date(),
             g.card_expiry_date());
  WriteIfSet(out, "card_cvc", g.has_card_cvc(), g.card_cvc());
  WriteIfSet(out, "flexible_3d", g.has_flexible_3d(), g.flexible_3d());
  WriteIfSet(out, "moto", g.has_moto(), g.moto());
  WriteIfSet(out, "term_url", g.has_term_url(), g.term_url());
  WriteIfSet(out, "payment_token", g.has_payment_token(), g.payment_token());
  WriteIfSet(out, "issuer_id", g.has_issuer_id(), g.issuer_id());
  WriteIfSet(out, "qr_enabled", g.has_qr_enabled(), g.qr_enabled());
  if (g.has_qr_size()) out.Key("qr_size").Int(g.qr_size());
  WriteIfSet(out, "allow_multiple", g.has_allow_multiple(), g.allow_multiple());
  WriteIfSet(out, "allow_change_amount", g.has_allow_change_amount(),
             g.allow_change_amount());
  // MultiSafepay's schema and iDEAL QR example type the bounds as strings
  // of minor units ("max_amount": "2000"); the contract keeps them int64.
  if (g.has_min_amount()) WriteAmountString(out, "min_amount", g.min_amount());
  if (g.has_max_amount()) WriteAmountString(out, "max_amount", g.max_amount());
  WriteIfSet(out, "account_id", g.has_account_id(), g.account_id());
  WriteIfSet(out, "account_holder_name", g.has_account_holder_name(),
             g.account_holder_name());
  WriteIfSet(out, "account_holder_city", g.has_account_holder_city(),
             g.account_holder_city());
  WriteIfSet(out, "account_holder_country", g.has_account_holder_country(),
             g.account_holder_country());
  WriteIfSet(out, "account_holder_iban", g.has_account_holder_iban(),
             g.account_holder_iban());
  WriteIfSet(out, "account_holder_bic", g.has_account_holder_bic(),
             g.account_holder_bic());
  WriteIfSet(out, "emandate", g.has_emandate(), g.emandate());
  WriteIfSet(out, "birthday", g.has_birthday(), g.birthday());
  WriteIfSet(out, "bank_account", g.has_bank_account(), g.bank_account());
  WriteIfSet(out, "phone", g.has_phone(), g.phone());
  WriteIfSet(out, "email", g.has_email(), g.email());
  WriteIfSet(out, "gender", g.has_gender(), g.gender());
  WriteIfSet(out, "terminal_id", g.has_terminal_id(), g.terminal_id());
  out.EndObject();
}

void WriteDelivery(const payments::v1::Delivery& d, JsonWriter& out) {
  out.Key("delivery").BeginObject();
  WriteIfSet(out, "first_name", d.has_first_name(), d.first_name());
  WriteIfSet(out, "last_name", d.has_last_name(), d.last_name());
  WriteIfSet(out, "address1", d.has_address1(), d.address1());
  WriteIfSet(out, "address2", d.has_address2(), d.address2());
  WriteIfSet(out, "house_number", d.has_house_number(), d.house_number());
  WriteIfSet(out, "zip_code", d.has_zip_code(), d.zip_code());
  WriteIfSet(out, "city", d.has_city(), d.city());
  WriteIfSet(out, "state", d.has_state(), d.state());
  WriteIfSet(out, "country", d.has_country(), d.country());
  WriteIfSet(out, "phone", d.has_phone(), d.phone());
  WriteIfSet(out, "email", d.has_email(), d.email());
  out.EndObject();
}

absl::Status WriteShoppingCart(const payments::v1::ShoppingCart& cart,
                               JsonWriter& out) {
  out.Key("shopping_cart").BeginObject();
  out.Key("items").BeginArray();
  for (int i = 0; i < cart.items_size(); ++i) {
    absl::Status status =
        WriteCartItem(out, cart.items(i), [i](absl::string_view member) {
          return NotADecimal(
              absl::StrCat("shopping_cart.items[", i, "]", member));
        });
    if (!status.ok()) return status;
  }
  out.EndArray();
  out.EndObject();
  return absl::OkStatus();
}

absl::Status WriteShippingMethods(const payments::v1::ShippingMethods& methods,
                                  JsonWriter& out) {
  out.Key("shipping_methods").BeginObject();
  // Prices are numbers in major units (FastCheckout.yaml: "set to
  // 5.95"), written digit for digit like cart prices.
  if (methods.has_pickup()) {
    const payments::v1::PickupShipping& pickup = methods.pickup();
    out.Key("pickup").BeginObject();
    WriteIfSet(out, "name", pickup.has_name(), pickup.name());
    WriteIfSet(out, "provider", pickup.has_provider(), pickup.provider());
    if (pickup.has_price()) {
      absl::Status status = WriteDecimal(out, "price", pickup.price(), [] {
        return std::string("checkout_options.shipping_methods.pickup.price");
      });
      if (!status.ok()) return status;
    }
    out.EndObject();
  }
  if (methods.flat_rate_shipping_size() > 0) {
    out.Key("flat_rate_shipping").BeginArray();
    for (int i = 0; i < methods.flat_rate_shipping_size(); ++i) {
      const auto& method = methods.flat_rate_shipping(i);
      out.BeginObject();
      if (method.has_price()) {
        absl::Status status = WriteDecimal(out, "price", method.price(), [i] {
          return absl::StrCat(
              "checkout_options.shipping_methods.flat_rate_shipping[", i,
              "].price");
        });
        if (!status.ok()) return status;
      }
      WriteIfSet(out, "id", method.has_id(), method.id());
      WriteIfSet(out, "name", method.has_name(), method.name());
      WriteStringsIfAny(out, "allowed_areas", method.allowed_areas());
      WriteStringsIfAny(out, "excluded_areas", method.excluded_areas());
      out.EndObject();
    }
    out.EndArray();
  }
  out.EndObject();
  return absl::OkStatus();
}

absl::Status WriteTaxTables(const payments::v1::TaxTables& tables,
                            JsonWriter& out) {
  out.Key("tax_tables").BeginObject();
  if (tables.has_default_()) {
    out.Key("default").BeginObject();
    WriteIfSet(out, "shipping_taxed", tables.default_().has_shipping_taxed(),
               tables.default_().shipping_taxed());
    absl::Status status = WriteDecimal(
        out, "rate", tables.default_().rate(),
        [] { return std::string("checkout_options.tax_tables.default.rate"); });
    if (!status.ok()) return status;
    out.EndObject();
  }
  if (tables.alternate_size() > 0) {
    out.Key("alternate").BeginArray();
    for (int t = 0; t < tables.alternate_size(); ++t) {
      const payments::v1::AlternateTaxTable& table = tables.alternate(t);
      out.BeginObject();
      out.Key("name").String(table.name());
      WriteIfSet(out, "standalone", table.has_standalone(), table.standalone());
      out.Key("rules").BeginArray();
      for (int r = 0; r < table.rules_size(); ++r) {
        out.BeginObject();
        absl::Status status =
            WriteDecimal(out, "rate", table.rules(r).rate(), [t, r] {
              return absl::StrCat("checkout_options.tax_tables.alternate[", t,
                                  "].rules[", r, "].rate");
            });
        if (!status.ok()) return status;
        WriteIfSet(out, "country", table.rules(r).has_country(),
                   table.rules(r).country());
        out.EndObject();
      }
      out.EndArray();
      out.EndObject();
    }
    out.EndArray();
  }
  out.EndObject();
  return absl::OkStatus();
}

absl::Status WriteCheckoutOptions(const payments::v1::CheckoutOptions& options,
                                  JsonWriter& out) {
  out.Key("checkout_options").BeginObject();
  WriteIfSet(out, "validate_cart", options.has_validate_cart(),
             options.validate_cart());
  WriteIfSet(out, "no_shipping_method", options.has_no_shipping_method(),
             options.no_shipping_method());
  WriteIfSet(out, "use_shipping_notification",
             options.has_use_shipping_notification(),
             options.use_shipping_notification());
  if (options.has_shipping_methods()) {
    absl::Status status = WriteShippingMethods(options.shipping_methods(), out);
    if (!status.ok()) return status;
  }
  if (options.has_tax_tables()) {
    absl::Status status = WriteTaxTables(options.tax_tables(), out);
    if (!status.ok()) return status;
  }
  out.EndObject();
  return absl::OkStatus();
}

absl::Status WriteAffiliate(const payments::v1::Affiliate& affiliate,
                            JsonWriter& out) {
  out.Key("affiliate").BeginObject();
  out.Key("split_payments").BeginArray();
  for (int i = 0; i < affiliate.split_payments_size(); ++i) {
    const payments::v1::SplitPayment& split = affiliate.split_payments(i);
    out.BeginObject();
    out.Key("merchant").String(split.merchant());
    if (split.has_fixed()) out.Key("fixed").Int(split.fixed());
    if (split.has_percentage()) {
      absl::Status status =
          WriteDecimal(out, "percentage", split.percentage(), [i] {
            return absl::StrCat("affiliate.split_payments[", i, "].percentage");
          });
      if (!status.ok()) return status;
    }
    WriteIfSet(out, "description", split.has_description(),
               split.description());
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
  return absl::OkStatus();
}

absl::Status WriteCustomFields(const CreateOrderRequest& request,
                               JsonWriter& out) {
  out.Key("custom_fields").BeginArray();
  for (int i = 0; i < request.custom_fields_size(); ++i) {
    // Page configuration without amounts, free-form by design: the proto3
    // JSON mapping of google.protobuf.Struct is already MultiSafepay's JSON.
    // FastCheckout only, so off the hot path.
    std::string text;
    const auto status = google::protobuf::util::MessageToJsonString(
        request.custom_fields(i), &text);
    if (!status.ok()) {
      return InvalidArgumentError(
          "CreateOrder request has a custom field that is not JSON",
          {{absl::StrCat("custom_fields[", i, "]"),
            "must be a JSON object without NaN or infinite numbers"}});
    }
    // Struct is a map whose iteration order changes from process to process;
    // parsing into nlohmann::json (std::map) sorts the keys, so the bytes
    // sent to MultiSafepay are reproducible.
    const nlohmann::json sorted =
        nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (sorted.is_discarded()) {
      return InvalidArgumentError(
          "CreateOrder request has a custom field that is not JSON",
          {{absl::StrCat("custom_fields[", i, "]"), "must be a JSON object"}});
    }
    // nlohmann's compact dump is the writer's text (json_writer.h).
    out.Raw(
        sorted.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  out.EndArray();
  return absl::OkStatus();
}

const char* RecurringModelString(payments::v1::RecurringModel model) {
  switch (model) {
    case payments::v1::RECURRING_MODEL_CARD_ON_FILE:
      return "cardOnFile";
    case payments::v1::RECURRING_MODEL_SUBSCRIPTION:
      return "subscription";
    case payments::v1::RECURRING_MODEL_UNSCHEDULED:
      return "unscheduled";
    default:
      return nullptr;
  }
}

// A recurring model under `key` when set, in MultiSafepay's spelling; the
// top-level `recurring_model` and the nested `recurring.model` alike.
// `field` names it in the error for an undefined value.
absl::Status WriteRecurringModel(JsonWriter& out, absl::string_view key,
                                 absl::string_view field,
                                 payments::v1::RecurringModel model) {
  if (model == payments::v1::RECURRING_MODEL_UNSPECIFIED) {
    return absl::OkStatus();
  }
  const char* spelling = RecurringModelString(model);
  if (spelling == nullptr) {
    return UnmappableEnum(field, "RecurringModel", model);
  }
  out.Key(key).String(spelling);
  return absl::OkStatus();
}

// What to reserve for the body of `request`: its JSON is about twice its
// protobuf size (keys are spelled out, strings quoted; 1.9x for the seed
// Bancontact order, 2.5x for MultiSafepay's Pay After Delivery example), so
// one allocation holds almost every body and a larger one grows the string
// once or twice.
//
// The gateway's notification URL is not in the request: its text and what
// surrounds it (`,"payment_options":{"notification_url":"",
// "notification_method":"POST"}`, 72 bytes) come on top.
size_t BodyCapacity(const CreateOrderRequest& request,
                    const OrderDefaults& defaults) {
  const size_t notification =
      defaults.owns_notifications() ? defaults.notification_url.size() + 80 : 0;
  return 256 + request.ByteSizeLong() * 5 / 2 + notification;
}

}  // namespace

absl::StatusOr<std::string> TranslateCreateOrder(
    const CreateOrderRequest& request) {
  return TranslateCreateOrder(request, OrderDefaults());
}

absl::StatusOr<std::string> TranslateCreateOrder(
    const CreateOrderRequest& request, const OrderDefaults& defaults) {
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

  // Written in MultiSafepay's key order (order_translator.h), straight into
  // one string: an error drops what was written.
  JsonWriter out(BodyCapacity(request, defaults));
  out.BeginObject();
  out.Key("type").String(type);
  if (!gateway.empty()) out.Key("gateway").String(gateway);
  out.Key("order_id").String(request.order_id());
  out.Key("currency").String(request.currency());
  // int64 stays a JSON integer, every digit (9007199254740993 is not
  // rounded as a double would).
  if (request.has_amount()) out.Key("amount").Int(request.amount());
  out.Key("description").String(request.description());
  if (request.has_payment_options() || defaults.owns_notifications()) {
    absl::Status status =
        WritePaymentOptions(request.payment_options(), defaults, out);
    if (!status.ok()) return status;
  }
  if (request.has_customer()) WriteCustomer(request.customer(), out);
  WriteIfSet(out, "var1", request.has_var1(), request.var1());
  WriteIfSet(out, "var2", request.has_var2(), request.var2());
  WriteIfSet(out, "var3", request.has_var3(), request.var3());
  if (request.has_days_active()) {
    out.Key("days_active").Int(request.days_active());
  }
  if (request.has_seconds_active()) {
    out.Key("seconds_active").Int(request.seconds_active());
  }
  WriteIfSet(out, "items", request.has_items(), request.items());
  if (request.has_gateway_info()) {
    WriteGatewayInfo(request.gateway_info(), out);
  }
  if (request.has_delivery()) WriteDelivery(request.delivery(), out);
  if (request.has_shopping_cart()) {
    absl::Status status = WriteShoppingCart(request.shopping_cart(), out);
    if (!status.ok()) return status;
  }
  if (request.has_checkout_options()) {
    absl::Status status = WriteCheckoutOptions(request.checkout_options(), out);
    if (!status.ok()) return status;
  }
  WriteIfSet(out, "invoice", request.has_invoice(), request.invoice());
  if (request.has_second_chance()) {
    out.Key("second_chance").BeginObject();
    WriteIfSet(out, "send_email", request.second_chance().has_send_email(),
               request.second_chance().send_email());
    out.EndObject();
  }
  if (request.has_customer_verification()) {
    const payments::v1::CustomerVerification& verification =
        request.customer_verification();
    out.Key("customer_verification").BeginObject();
    WriteIfSet(out, "html", verification.has_html(), verification.html());
    WriteIfSet(out, "type", verification.has_type(), verification.type());
    out.EndObject();
  }
  if (request.has_custom_info()) {
    const payments::v1::CustomInfo& info = request.custom_info();
    out.Key("custom_info").BeginObject();
    WriteIfSet(out, "custom_1", info.has_custom_1(), info.custom_1());
    WriteIfSet(out, "custom_2", info.has_custom_2(), info.custom_2());
    WriteIfSet(out, "custom_3", info.has_custom_3(), info.custom_3());
    out.EndObject();
  }
  if (request.has_google_analytics()) {
    out.Key("google_analytics").BeginObject();
    WriteIfSet(out, "account", request.google_analytics().has_account(),
               request.google_analytics().account());
    out.EndObject();
  }
  if (request.has_plugin()) {
    const payments::v1::Plugin& plugin = request.plugin();
    out.Key("plugin").BeginObject();
    WriteIfSet(out, "shop", plugin.has_shop(), plugin.shop());
    WriteIfSet(out, "shop_version", plugin.has_shop_version(),
               plugin.shop_version());
    WriteIfSet(out, "plugin_version", plugin.has_plugin_version(),
               plugin.plugin_version());
    WriteIfSet(out, "partner", plugin.has_partner(), plugin.partner());
    WriteIfSet(out, "shop_root_url", plugin.has_shop_root_url(),
               plugin.shop_root_url());
    out.EndObject();
  }
  if (request.has_affiliate()) {
    absl::Status status = WriteAffiliate(request.affiliate(), out);
    if (!status.ok()) return status;
  }
  absl::Status status = WriteRecurringModel(
      out, "recurring_model", "recurring_model", request.recurring_model());
  if (!status.ok()) return status;
  WriteIfSet(out, "recurring_id", request.has_recurring_id(),
             request.recurring_id());
  if (request.has_recurring()) {
    // The nested form (Recurring.yaml), with the same spelling of the model.
    const payments::v1::Recurring& recurring = request.recurring();
    out.Key("recurring").BeginObject();
    status =
        WriteRecurringModel(out, "model", "recurring.model", recurring.model());
    if (!status.ok()) return status;
    WriteIfSet(out, "id", recurring.has_id(), recurring.id());
    out.EndObject();
  }
  switch (request.capture()) {
    case payments::v1::CAPTURE_MODE_UNSPECIFIED:
      break;  // Capture at once, MultiSafepay's default.
    case payments::v1::CAPTURE_MODE_MANUAL:
      out.Key("capture").String("manual");
      break;
    default:
      return UnmappableEnum("capture", "CaptureMode", request.capture());
  }
  if (request.has_payment_data()) {
    const payments::v1::PaymentData& data = request.payment_data();
    out.Key("payment_data").BeginObject();
    out.Key("payload").String(data.payload());
    if (data.gateway() != payments::v1::GATEWAY_UNSPECIFIED) {
      absl::string_view id = GatewayId(data.gateway());
      if (id.empty()) {
        return UnmappableEnum("payment_data.gateway", "Gateway",
                              data.gateway());
      }
      out.Key("gateway").String(id);
    }
    WriteIfSet(out, "tokenize", data.has_tokenize(), data.tokenize());
    out.EndObject();
  }
  if (request.custom_fields_size() > 0) {
    absl::Status status = WriteCustomFields(request, out);
    if (!status.ok()) return status;
  }
  out.EndObject();
  return std::move(out).Finish();
}

}  // namespace msp_gateway
