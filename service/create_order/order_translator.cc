// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_translator.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "service/common/error_details.h"
#include "service/common/decimal.h"
#include "service/msp_json/decimal_json.h"
#include "service/gateways/gateway_ids.h"
#include "service/msp_json/msp_body.h"

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

// out[key] = the decimal `text` as a JSON number, digit for digit.
absl::Status PutDecimal(Json& out, const char* key, const std::string& text,
                        absl::string_view field) {
  if (!ParseDecimal(text)) return NotADecimal(field);
  out[key] = DecimalNumber(text);
  return absl::OkStatus();
}

absl::Status PutSettings(const payments::v1::PaymentSettings& settings,
                         Json& out) {
  Json json = Json::object();
  if (settings.has_coupons()) {
    Json coupons = Json::object();
    if (settings.coupons().allow_size() > 0) {
      coupons["allow"] = Json::array();
      for (const std::string& id : settings.coupons().allow()) {
        coupons["allow"].push_back(id);
      }
    }
    json["coupons"] = std::move(coupons);
  }
  if (settings.has_gateways()) {
    const payments::v1::GatewaySettings& g = settings.gateways();
    Json gateways = Json::object();
    if (g.has_mistercash()) {
      const auto& m = g.mistercash();
      Json bc = Json::object();
      PutIfSet(bc, "mobile_pay_button_position",
               m.has_mobile_pay_button_position(),
               m.mobile_pay_button_position());
      PutIfSet(bc, "disable_mobile_pay_button",
               m.has_disable_mobile_pay_button(),
               m.disable_mobile_pay_button());
      PutIfSet(bc, "qr_only", m.has_qr_only(), m.qr_only());
      PutIfSet(bc, "qr_size", m.has_qr_size(), m.qr_size());
      gateways["MISTERCASH"] = std::move(bc);
    }
    if (g.has_billink()) {
      Json billink = Json::object();
      PutIfSet(billink, "type", g.billink().has_type(), g.billink().type());
      gateways["BILLINK"] = std::move(billink);
    }
    if (g.has_ideal()) {
      Json ideal = Json::object();
      PutIfSet(ideal, "show_pre", g.ideal().has_show_pre(),
               g.ideal().show_pre());
      gateways["IDEAL"] = std::move(ideal);
    }
    json["gateways"] = std::move(gateways);
  }
  if (settings.has_fco()) {
    const payments::v1::FastCheckoutSettings& f = settings.fco();
    Json fco = Json::object();
    PutIfSet(fco, "redirect_mode", f.has_redirect_mode(), f.redirect_mode());
    auto toggle = [](const payments::v1::FastCheckoutToggle& t) {
      Json j = Json::object();
      PutIfSet(j, "disabled", t.has_disabled(), t.disabled());
      return j;
    };
    if (f.has_coupons()) fco["coupons"] = toggle(f.coupons());
    if (f.has_cart()) fco["cart"] = toggle(f.cart());
    if (f.has_shipping()) {
      Json shipping = Json::object();
      if (f.shipping().has_address()) {
        Json address = Json::object();
        PutIfSet(address, "required", f.shipping().address().has_required(),
                 f.shipping().address().required());
        shipping["address"] = std::move(address);
      }
      fco["shipping"] = std::move(shipping);
    }
    PutIfSet(fco, "issuers_display_mode", f.has_issuers_display_mode(),
             f.issuers_display_mode());
    if (f.has_checkout()) {
      Json checkout = Json::object();
      if (f.checkout().has_customer()) {
        Json customer = Json::object();
        PutIfSet(customer, "enabled", f.checkout().customer().has_enabled(),
                 f.checkout().customer().enabled());
        checkout["customer"] = std::move(customer);
      }
      fco["checkout"] = std::move(checkout);
    }
    PutIfSet(fco, "group_cards", f.has_group_cards(), f.group_cards());
    json["fco"] = std::move(fco);
  }
  out["settings"] = std::move(json);
  return absl::OkStatus();
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
  PutIfSet(json, "close_window", options.has_close_window(),
           options.close_window());
  PutIfSet(json, "feed_url", options.has_feed_url(), options.feed_url());
  if (options.has_settings()) {
    absl::Status status = PutSettings(options.settings(), json);
    if (!status.ok()) return status;
  }
  PutIfSet(json, "template_id", options.has_template_id(),
           options.template_id());
  if (options.allowed_countries_size() > 0) {
    json["allowed_countries"] = Json::array();
    for (const std::string& country : options.allowed_countries()) {
      json["allowed_countries"].push_back(country);
    }
  }
  out["payment_options"] = std::move(json);
  return absl::OkStatus();
}

void PutBrowser(const payments::v1::CustomerBrowser& b, Json& out) {
  Json json = Json::object();
  PutIfSet(json, "javascript_enabled", b.has_javascript_enabled(),
           b.javascript_enabled());
  PutIfSet(json, "java_enabled", b.has_java_enabled(), b.java_enabled());
  PutIfSet(json, "cookies_enabled", b.has_cookies_enabled(),
           b.cookies_enabled());
  PutIfSet(json, "language", b.has_language(), b.language());
  if (b.has_screen_color_depth()) {
    json["screen_color_depth"] = b.screen_color_depth();
  }
  if (b.has_screen_height()) json["screen_height"] = b.screen_height();
  if (b.has_screen_width()) json["screen_width"] = b.screen_width();
  if (b.has_time_zone()) json["time_zone"] = b.time_zone();
  PutIfSet(json, "user_agent", b.has_user_agent(), b.user_agent());
  PutIfSet(json, "platform", b.has_platform(), b.platform());
  PutIfSet(json, "accept_header", b.has_accept_header(), b.accept_header());
  PutIfSet(json, "ip_address", b.has_ip_address(), b.ip_address());
  out["browser"] = std::move(json);
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
  PutIfSet(json, "disable_send_email", c.has_disable_send_email(),
           c.disable_send_email());
  if (c.has_browser()) PutBrowser(c.browser(), json);
  out["customer"] = std::move(json);
}

void PutGatewayInfo(const payments::v1::GatewayInfo& g, Json& out) {
  Json json = Json::object();
  PutIfSet(json, "card_number", g.has_card_number(), g.card_number());
  PutIfSet(json, "card_holder_name", g.has_card_holder_name(),
           g.card_holder_name());
  PutIfSet(json, "card_expiry_date", g.has_card_expiry_date(),
           g.card_expiry_date());
  PutIfSet(json, "card_cvc", g.has_card_cvc(), g.card_cvc());
  PutIfSet(json, "flexible_3d", g.has_flexible_3d(), g.flexible_3d());
  PutIfSet(json, "moto", g.has_moto(), g.moto());
  PutIfSet(json, "term_url", g.has_term_url(), g.term_url());
  PutIfSet(json, "payment_token", g.has_payment_token(), g.payment_token());
  PutIfSet(json, "issuer_id", g.has_issuer_id(), g.issuer_id());
  PutIfSet(json, "qr_enabled", g.has_qr_enabled(), g.qr_enabled());
  if (g.has_qr_size()) json["qr_size"] = g.qr_size();
  PutIfSet(json, "allow_multiple", g.has_allow_multiple(), g.allow_multiple());
  PutIfSet(json, "allow_change_amount", g.has_allow_change_amount(),
           g.allow_change_amount());
  // MultiSafepay's schema and iDEAL QR example type the bounds as strings
  // of minor units ("max_amount": "2000"); the contract keeps them int64.
  if (g.has_min_amount()) json["min_amount"] = std::to_string(g.min_amount());
  if (g.has_max_amount()) json["max_amount"] = std::to_string(g.max_amount());
  PutIfSet(json, "account_id", g.has_account_id(), g.account_id());
  PutIfSet(json, "account_holder_name", g.has_account_holder_name(),
           g.account_holder_name());
  PutIfSet(json, "account_holder_city", g.has_account_holder_city(),
           g.account_holder_city());
  PutIfSet(json, "account_holder_country", g.has_account_holder_country(),
           g.account_holder_country());
  PutIfSet(json, "account_holder_iban", g.has_account_holder_iban(),
           g.account_holder_iban());
  PutIfSet(json, "account_holder_bic", g.has_account_holder_bic(),
           g.account_holder_bic());
  PutIfSet(json, "emandate", g.has_emandate(), g.emandate());
  PutIfSet(json, "birthday", g.has_birthday(), g.birthday());
  PutIfSet(json, "bank_account", g.has_bank_account(), g.bank_account());
  PutIfSet(json, "phone", g.has_phone(), g.phone());
  PutIfSet(json, "email", g.has_email(), g.email());
  PutIfSet(json, "gender", g.has_gender(), g.gender());
  PutIfSet(json, "terminal_id", g.has_terminal_id(), g.terminal_id());
  out["gateway_info"] = std::move(json);
}

void PutDelivery(const payments::v1::Delivery& d, Json& out) {
  Json json = Json::object();
  PutIfSet(json, "first_name", d.has_first_name(), d.first_name());
  PutIfSet(json, "last_name", d.has_last_name(), d.last_name());
  PutIfSet(json, "address1", d.has_address1(), d.address1());
  PutIfSet(json, "address2", d.has_address2(), d.address2());
  PutIfSet(json, "house_number", d.has_house_number(), d.house_number());
  PutIfSet(json, "zip_code", d.has_zip_code(), d.zip_code());
  PutIfSet(json, "city", d.has_city(), d.city());
  PutIfSet(json, "state", d.has_state(), d.state());
  PutIfSet(json, "country", d.has_country(), d.country());
  PutIfSet(json, "phone", d.has_phone(), d.phone());
  PutIfSet(json, "email", d.has_email(), d.email());
  out["delivery"] = std::move(json);
}

absl::Status PutShoppingCart(const payments::v1::ShoppingCart& cart,
                             Json& out) {
  Json items = Json::array();
  for (int i = 0; i < cart.items_size(); ++i) {
    absl::StatusOr<Json> item =
        CartItemJson(cart.items(i),
                     absl::StrCat("shopping_cart.items[", i, "]"), NotADecimal);
    if (!item.ok()) return item.status();
    items.push_back(*std::move(item));
  }
  Json json = Json::object();
  json["items"] = std::move(items);
  out["shopping_cart"] = std::move(json);
  return absl::OkStatus();
}

absl::Status PutCheckoutOptions(const payments::v1::CheckoutOptions& options,
                                Json& out) {
  Json json = Json::object();
  PutIfSet(json, "validate_cart", options.has_validate_cart(),
           options.validate_cart());
  PutIfSet(json, "no_shipping_method", options.has_no_shipping_method(),
           options.no_shipping_method());
  PutIfSet(json, "use_shipping_notification",
           options.has_use_shipping_notification(),
           options.use_shipping_notification());
  if (options.has_shipping_methods()) {
    const payments::v1::ShippingMethods& methods = options.shipping_methods();
    Json shipping = Json::object();
    // Prices are numbers in major units (FastCheckout.yaml: "set to
    // 5.95"), written digit for digit like cart prices.
    if (methods.has_pickup()) {
      Json pickup = Json::object();
      PutIfSet(pickup, "name", methods.pickup().has_name(),
               methods.pickup().name());
      PutIfSet(pickup, "provider", methods.pickup().has_provider(),
               methods.pickup().provider());
      if (methods.pickup().has_price()) {
        absl::Status status =
            PutDecimal(pickup, "price", methods.pickup().price(),
                       "checkout_options.shipping_methods.pickup.price");
        if (!status.ok()) return status;
      }
      shipping["pickup"] = std::move(pickup);
    }
    if (methods.flat_rate_shipping_size() > 0) {
      Json flat = Json::array();
      for (int i = 0; i < methods.flat_rate_shipping_size(); ++i) {
        const auto& method = methods.flat_rate_shipping(i);
        Json m = Json::object();
        if (method.has_price()) {
          absl::Status status =
              PutDecimal(m, "price", method.price(),
                         absl::StrCat("checkout_options.shipping_methods."
                                      "flat_rate_shipping[",
                                      i, "].price"));
          if (!status.ok()) return status;
        }
        PutIfSet(m, "id", method.has_id(), method.id());
        PutIfSet(m, "name", method.has_name(), method.name());
        if (method.allowed_areas_size() > 0) {
          m["allowed_areas"] = Json::array();
          for (const auto& area : method.allowed_areas()) {
            m["allowed_areas"].push_back(area);
          }
        }
        if (method.excluded_areas_size() > 0) {
          m["excluded_areas"] = Json::array();
          for (const auto& area : method.excluded_areas()) {
            m["excluded_areas"].push_back(area);
          }
        }
        flat.push_back(std::move(m));
      }
      shipping["flat_rate_shipping"] = std::move(flat);
    }
    json["shipping_methods"] = std::move(shipping);
  }
  if (options.has_tax_tables()) {
    const payments::v1::TaxTables& tables = options.tax_tables();
    Json tax = Json::object();
    if (tables.has_default_()) {
      Json def = Json::object();
      PutIfSet(def, "shipping_taxed", tables.default_().has_shipping_taxed(),
               tables.default_().shipping_taxed());
      absl::Status status =
          PutDecimal(def, "rate", tables.default_().rate(),
                     "checkout_options.tax_tables.default.rate");
      if (!status.ok()) return status;
      tax["default"] = std::move(def);
    }
    if (tables.alternate_size() > 0) {
      Json alternate = Json::array();
      for (int t = 0; t < tables.alternate_size(); ++t) {
        const payments::v1::AlternateTaxTable& table = tables.alternate(t);
        Json a = Json::object();
        a["name"] = table.name();
        PutIfSet(a, "standalone", table.has_standalone(), table.standalone());
        Json rules = Json::array();
        for (int r = 0; r < table.rules_size(); ++r) {
          Json rule = Json::object();
          absl::Status status =
              PutDecimal(rule, "rate", table.rules(r).rate(),
                         absl::StrCat("checkout_options.tax_tables.alternate[",
                                      t, "].rules[", r, "].rate"));
          if (!status.ok()) return status;
          PutIfSet(rule, "country", table.rules(r).has_country(),
                   table.rules(r).country());
          rules.push_back(std::move(rule));
        }
        a["rules"] = std::move(rules);
        alternate.push_back(std::move(a));
      }
      tax["alternate"] = std::move(alternate);
    }
    json["tax_tables"] = std::move(tax);
  }
  out["checkout_options"] = std::move(json);
  return absl::OkStatus();
}

absl::Status PutAffiliate(const payments::v1::Affiliate& affiliate, Json& out) {
  Json splits = Json::array();
  for (int i = 0; i < affiliate.split_payments_size(); ++i) {
    const payments::v1::SplitPayment& split = affiliate.split_payments(i);
    Json json = Json::object();
    json["merchant"] = split.merchant();
    if (split.has_fixed()) json["fixed"] = split.fixed();
    if (split.has_percentage()) {
      absl::Status status = PutDecimal(
          json, "percentage", split.percentage(),
          absl::StrCat("affiliate.split_payments[", i, "].percentage"));
      if (!status.ok()) return status;
    }
    PutIfSet(json, "description", split.has_description(), split.description());
    splits.push_back(std::move(json));
  }
  Json json = Json::object();
  json["split_payments"] = std::move(splits);
  out["affiliate"] = std::move(json);
  return absl::OkStatus();
}

absl::Status PutCustomFields(const CreateOrderRequest& request, Json& out) {
  Json fields = Json::array();
  for (int i = 0; i < request.custom_fields_size(); ++i) {
    // Page configuration without amounts, free-form by design: the proto3
    // JSON mapping of google.protobuf.Struct is already MultiSafepay's JSON.
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
    nlohmann::json sorted =
        nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (sorted.is_discarded()) {
      return InvalidArgumentError(
          "CreateOrder request has a custom field that is not JSON",
          {{absl::StrCat("custom_fields[", i, "]"), "must be a JSON object"}});
    }
    fields.push_back(Json(sorted));
  }
  out["custom_fields"] = std::move(fields);
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
  PutIfSet(order, "items", request.has_items(), request.items());
  if (request.has_gateway_info()) {
    PutGatewayInfo(request.gateway_info(), order);
  }
  if (request.has_delivery()) PutDelivery(request.delivery(), order);
  if (request.has_shopping_cart()) {
    absl::Status status = PutShoppingCart(request.shopping_cart(), order);
    if (!status.ok()) return status;
  }
  if (request.has_checkout_options()) {
    absl::Status status = PutCheckoutOptions(request.checkout_options(), order);
    if (!status.ok()) return status;
  }
  if (request.has_second_chance()) {
    Json json = Json::object();
    PutIfSet(json, "send_email", request.second_chance().has_send_email(),
             request.second_chance().send_email());
    order["second_chance"] = std::move(json);
  }
  if (request.has_custom_info()) {
    const payments::v1::CustomInfo& info = request.custom_info();
    Json json = Json::object();
    PutIfSet(json, "custom_1", info.has_custom_1(), info.custom_1());
    PutIfSet(json, "custom_2", info.has_custom_2(), info.custom_2());
    PutIfSet(json, "custom_3", info.has_custom_3(), info.custom_3());
    order["custom_info"] = std::move(json);
  }
  if (request.has_google_analytics()) {
    Json json = Json::object();
    PutIfSet(json, "account", request.google_analytics().has_account(),
             request.google_analytics().account());
    order["google_analytics"] = std::move(json);
  }
  if (request.has_plugin()) {
    const payments::v1::Plugin& plugin = request.plugin();
    Json json = Json::object();
    PutIfSet(json, "shop", plugin.has_shop(), plugin.shop());
    PutIfSet(json, "shop_version", plugin.has_shop_version(),
             plugin.shop_version());
    PutIfSet(json, "plugin_version", plugin.has_plugin_version(),
             plugin.plugin_version());
    PutIfSet(json, "partner", plugin.has_partner(), plugin.partner());
    PutIfSet(json, "shop_root_url", plugin.has_shop_root_url(),
             plugin.shop_root_url());
    order["plugin"] = std::move(json);
  }
  if (request.has_affiliate()) {
    absl::Status status = PutAffiliate(request.affiliate(), order);
    if (!status.ok()) return status;
  }
  if (request.recurring_model() != payments::v1::RECURRING_MODEL_UNSPECIFIED) {
    const char* model = RecurringModelString(request.recurring_model());
    if (model == nullptr) {
      return UnmappableEnum("recurring_model", "RecurringModel",
                            request.recurring_model());
    }
    order["recurring_model"] = model;
  }
  PutIfSet(order, "recurring_id", request.has_recurring_id(),
           request.recurring_id());
  switch (request.capture()) {
    case payments::v1::CAPTURE_MODE_UNSPECIFIED:
      break;  // Capture at once, MultiSafepay's default.
    case payments::v1::CAPTURE_MODE_MANUAL:
      order["capture"] = "manual";
      break;
    default:
      return UnmappableEnum("capture", "CaptureMode", request.capture());
  }
  if (request.has_payment_data()) {
    const payments::v1::PaymentData& data = request.payment_data();
    Json json = Json::object();
    json["payload"] = data.payload();
    if (data.gateway() != payments::v1::GATEWAY_UNSPECIFIED) {
      absl::string_view id = GatewayId(data.gateway());
      if (id.empty()) {
        return UnmappableEnum("payment_data.gateway", "Gateway",
                              data.gateway());
      }
      json["gateway"] = std::string(id);
    }
    PutIfSet(json, "tokenize", data.has_tokenize(), data.tokenize());
    order["payment_data"] = std::move(json);
  }
  if (request.custom_fields_size() > 0) {
    absl::Status status = PutCustomFields(request, order);
    if (!status.ok()) return status;
  }
  return DumpJson(order);
}

}  // namespace msp_gateway
