// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_validator.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "service/create_order/cart_total.h"
#include "service/common/decimal.h"
#include "service/common/field_formats.h"
#include "service/gateways/gateway_ids.h"
#include "service/create_order/gateway_rules.h"
#include "service/common/iso_codes.h"
#include "service/common/violations.h"

namespace msp_gateway {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::payments::v1::CartItem;
using ::payments::v1::CreateOrderRequest;
using ::payments::v1::Customer;
using ::payments::v1::Delivery;
using ::payments::v1::GatewayInfo;
using ::payments::v1::PaymentOptions;

// MultiSafepay limits (docs: create order request, customer object); the
// ones the lifecycle RPCs share are in violations.h.
constexpr size_t kMinNameChars = 2;
constexpr size_t kMaxNameChars = 25;
constexpr size_t kMaxEmailChars = 64;
constexpr int32_t kMaxDaysActive = 365;
constexpr int32_t kMaxSecondsActive = 31536000;  // 365 days.
constexpr int kMaxRateDecimals = 10;
constexpr int32_t kMinQrSize = 100;
constexpr int32_t kMaxQrSize = 2000;

// What the checks share: the request and the gateway rules that apply.
struct Context {
  const CreateOrderRequest& request;
  // The gateway whose rules apply: `gateway`, or for a payment component
  // order without one, `payment_data.gateway`. nullptr for an undefined
  // number (reported on its own field).
  const GatewayRule* rule;
  bool direct;
  // A subsequent recurring payment or a payment component order: the
  // payment data comes from a token or the component, not the request.
  bool data_elsewhere;
  // Delivery country, else the customer's: what tax rules match.
  std::string tax_country;
};

// "GATEWAY_MISTERCASH (Bancontact)", or "no gateway (payment page)".
std::string GatewayLabel(const GatewayRule& rule) {
  if (rule.gateway == payments::v1::GATEWAY_UNSPECIFIED) {
    return "no gateway (payment page)";
  }
  return absl::StrCat(payments::v1::Gateway_Name(rule.gateway), " (", rule.name,
                      ")");
}

// Whether `field_number` of `message` carries a value: a set message, a set
// scalar, or a set non-empty string ("" counts as not provided).
bool IsProvided(const Message& message, int field_number) {
  const FieldDescriptor* field =
      message.GetDescriptor()->FindFieldByNumber(field_number);
  if (field == nullptr || field->is_repeated()) return false;
  const auto* reflection = message.GetReflection();
  if (!reflection->HasField(message, field)) return false;
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
    return !reflection->GetString(message, field).empty();
  }
  return true;
}

// Adds "<prefix>.<field>: is required for <why>" for every field of `mask`
// that `message` does not provide.
void RequireFields(const Message& message, uint64_t mask,
                   absl::string_view prefix, absl::string_view why,
                   Violations& v) {
  const Descriptor* descriptor = message.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->number() >= 64 || (mask & FieldBit(field->number())) == 0) {
      continue;
    }
    if (!IsProvided(message, field->number())) {
      v.Add(absl::StrCat(prefix, ".", field->name()),
            absl::StrCat("is required for ", why));
    }
  }
}

void CheckName(absl::string_view field, absl::string_view name, Violations& v) {
  if (name.empty()) return;
  const size_t chars = CharacterCount(name);
  if (chars < kMinNameChars || chars > kMaxNameChars) {
    v.Add(field, absl::StrCat("must be ", kMinNameChars, " to ", kMaxNameChars,
                              " characters, got ", chars));
  }
}

void CheckEmail(absl::string_view field, absl::string_view email,
                Violations& v) {
  if (email.empty()) return;
  v.CheckMaxChars(field, email, kMaxEmailChars);
  if (!IsEmailAddress(email)) {
    v.Add(field, "must be an email address (name@example.com)");
  }
}

void CheckCountry(absl::string_view field, absl::string_view country,
                  Violations& v) {
  if (!country.empty() && !IsIsoCountry(country)) {
    v.Add(field, "must be an ISO 3166-1 alpha-2 code in upper case, e.g. BE");
  }
}

void CheckIp(absl::string_view field, absl::string_view ip, Violations& v) {
  if (!ip.empty() && !IsIpAddress(ip)) {
    v.Add(field, "must be a single IPv4 or IPv6 address");
  }
}

bool IsGender(absl::string_view gender) {
  for (absl::string_view allowed :
       {"M", "F", "male", "female", "mr", "mrs", "miss"}) {
    if (gender == allowed) return true;
  }
  return false;
}

void CheckGender(absl::string_view field, absl::string_view gender,
                 Violations& v) {
  if (!gender.empty() && !IsGender(gender)) {
    v.Add(field, "must be one of M, F, male, female, mr, mrs, miss");
  }
}

// A tax rate: a decimal fraction from 0 to 1.
std::optional<Decimal> CheckRate(absl::string_view field,
                                 absl::string_view text, Violations& v) {
  std::optional<Decimal> rate =
      CheckDecimal(field, text, "the VAT rate as a fraction (21% is \"0.21\")",
                   kMaxRateDecimals, v);
  if (!rate) return std::nullopt;
  static const Decimal kZero = *ParseDecimal("0");
  static const Decimal kOne = *ParseDecimal("1");
  if (Compare(*rate, kZero) < 0 || Compare(*rate, kOne) > 0) {
    v.Add(field, absl::StrCat("must be a fraction from 0 to 1 (21% is ",
                              "\"0.21\"), got ", rate->text));
    return std::nullopt;
  }
  return rate;
}

// --- top-level fields --------------------------------------------------------

void CheckType(const Context& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (!payments::v1::OrderType_IsValid(request.type())) {
    v.Add("type", absl::StrCat("must be a defined OrderType value, got ",
                               static_cast<int>(request.type())));
    return;
  }
  if (c.rule != nullptr &&
      c.rule->gateway != payments::v1::GATEWAY_UNSPECIFIED && !c.rule->direct &&
      (request.type() == payments::v1::ORDER_TYPE_DIRECT ||
       request.type() == payments::v1::ORDER_TYPE_CHECKOUT)) {
    // A payment component may start a redirect-only method (Bancontact)
    // directly: the component did the customer's part.
    const bool component_direct =
        request.type() == payments::v1::ORDER_TYPE_DIRECT &&
        request.has_payment_data() && c.rule->payment_component;
    if (!component_direct) {
      v.Add("type", absl::StrCat(GatewayLabel(*c.rule),
                                 " supports only ORDER_TYPE_REDIRECT or "
                                 "ORDER_TYPE_PAYMENT_LINK, got ",
                                 payments::v1::OrderType_Name(request.type())));
      // The type is the mistake: what that type would need is noise.
      return;
    }
  }
  if (request.has_payment_data() &&
      request.type() != payments::v1::ORDER_TYPE_DIRECT) {
    v.Add("type",
          absl::StrCat("must be ORDER_TYPE_DIRECT when payment_data is set "
                       "(payment components), got ",
                       payments::v1::OrderType_Name(request.type())));
  }
  if (request.type() == payments::v1::ORDER_TYPE_CHECKOUT) {
    // FastCheckout (§2.1): cart, tax tables and both landing pages.
    constexpr absl::string_view kWhy =
        "is required when type is ORDER_TYPE_CHECKOUT (FastCheckout)";
    if (!request.has_shopping_cart()) v.Add("shopping_cart", kWhy);
    if (!request.checkout_options().has_tax_tables()) {
      v.Add("checkout_options.tax_tables", kWhy);
    }
    if (request.payment_options().redirect_url().empty()) {
      v.Add("payment_options.redirect_url", kWhy);
    }
    if (request.payment_options().cancel_url().empty()) {
      v.Add("payment_options.cancel_url", kWhy);
    }
  }
}

void CheckGateway(const Context& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (!payments::v1::Gateway_IsValid(request.gateway())) {
    v.Add("gateway", absl::StrCat("must be a defined Gateway value, got ",
                                  static_cast<int>(request.gateway())));
    return;
  }
  // Documented exceptions: a subsequent recurring payment names its token
  // and a payment component order its payment_data.gateway.
  if (request.type() == payments::v1::ORDER_TYPE_DIRECT &&
      request.gateway() == payments::v1::GATEWAY_UNSPECIFIED &&
      !request.has_recurring_id() && !request.has_payment_data()) {
    v.Add("gateway", "is required when type is ORDER_TYPE_DIRECT");
  }
}

void CheckCurrency(const Context& c, Violations& v) {
  const std::string& currency = c.request.currency();
  if (currency.empty()) {
    v.Add("currency", "is required: an ISO 4217 currency code such as EUR");
    return;
  }
  if (!CheckCurrencyCode("currency", currency, v)) return;
  if (c.rule == nullptr || c.rule->currencies.empty()) return;
  const std::vector<absl::string_view> allowed =
      absl::StrSplit(c.rule->currencies, ' ');
  if (std::find(allowed.begin(), allowed.end(), currency) == allowed.end()) {
    v.Add("currency",
          absl::StrCat("must be ", allowed.size() == 1 ? "" : "one of ",
                       absl::StrJoin(allowed, ", "), " for ",
                       GatewayLabel(*c.rule), ", got ", currency));
  }
}

void CheckAmount(const Context& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (!request.has_amount()) {
    v.Add("amount",
          "is required: the amount in minor units of currency "
          "(10.00 EUR is 1000)");
    return;
  }
  if (request.amount() <= 0) {
    v.Add("amount", absl::StrCat("must be greater than 0 (minor units of "
                                 "currency), got ",
                                 request.amount()));
    return;
  }
  // Ranges are per currency; only a documented currency has one.
  if (c.rule != nullptr && c.rule->max_amount > 0 &&
      c.rule->currencies == request.currency() &&
      (request.amount() < c.rule->min_amount ||
       request.amount() > c.rule->max_amount)) {
    v.Add(
        "amount",
        absl::StrCat("must be ", c.rule->min_amount, " to ", c.rule->max_amount,
                     " (minor units of ", c.rule->currencies, ") for ",
                     GatewayLabel(*c.rule), ", got ", request.amount()));
  }
}

void CheckDescription(const CreateOrderRequest& request, Violations& v) {
  const std::string& description = request.description();
  if (description.empty()) {
    v.Add("description",
          "is required: plain text for the payment page and "
          "bank statement, at most 200 characters");
    return;
  }
  CheckDescriptionText("description", description, v);
}

void CheckSettings(const payments::v1::PaymentSettings& settings,
                   Violations& v) {
  const std::string prefix = "payment_options.settings";
  for (int i = 0; i < settings.coupons().allow_size(); ++i) {
    const std::optional<payments::v1::Gateway> gateway =
        GatewayFromId(settings.coupons().allow(i));
    if (!gateway || *gateway < 100) {
      v.Add(absl::StrCat(prefix, ".coupons.allow[", i, "]"),
            "must be the gateway ID of a gift card, e.g. VVVGIFTCRD");
    }
  }
  const auto& mistercash = settings.gateways().mistercash();
  const std::string& position = mistercash.mobile_pay_button_position();
  if (!position.empty() && position != "top" && position != "bottom" &&
      position != "center") {
    v.Add(prefix + ".gateways.mistercash.mobile_pay_button_position",
          "must be top, bottom or center");
  }
  const std::string& qr_size = mistercash.qr_size();
  if (!qr_size.empty() &&
      !(qr_size.size() > 2 && qr_size.substr(qr_size.size() - 2) == "px" &&
        IsDigits(absl::string_view(qr_size).substr(0, qr_size.size() - 2), 1,
                 5))) {
    v.Add(prefix + ".gateways.mistercash.qr_size",
          "must be a size in pixels such as \"500px\"");
  }
  const std::string& billink_type = settings.gateways().billink().type();
  if (!billink_type.empty() && billink_type != "P" && billink_type != "B") {
    v.Add(prefix + ".gateways.billink.type",
          "must be P (consumer) or B (business)");
  }
  const std::string& redirect_mode = settings.fco().redirect_mode();
  if (!redirect_mode.empty() && redirect_mode != "redirect" &&
      redirect_mode != "modal") {
    v.Add(prefix + ".fco.redirect_mode", "must be redirect or modal");
  }
  const std::string& issuers = settings.fco().issuers_display_mode();
  if (!issuers.empty() && issuers != "select" && issuers != "list") {
    v.Add(prefix + ".fco.issuers_display_mode", "must be select or list");
  }
}

void CheckPaymentOptions(const PaymentOptions& options, Violations& v) {
  CheckUrl("payment_options.notification_url", options.notification_url(), v);
  if (!payments::v1::NotificationMethod_IsValid(
          options.notification_method())) {
    v.Add("payment_options.notification_method",
          absl::StrCat("must be a defined NotificationMethod value, got ",
                       static_cast<int>(options.notification_method())));
  }
  CheckUrl("payment_options.redirect_url", options.redirect_url(), v);
  CheckUrl("payment_options.cancel_url", options.cancel_url(), v);
  CheckUrl("payment_options.feed_url", options.feed_url(), v);
  CheckSettings(options.settings(), v);
  for (int i = 0; i < options.allowed_countries_size(); ++i) {
    CheckCountry(absl::StrCat("payment_options.allowed_countries[", i, "]"),
                 options.allowed_countries(i), v);
  }
}

void CheckBrowser(const payments::v1::CustomerBrowser& browser, Violations& v) {
  CheckIp("customer.browser.ip_address", browser.ip_address(), v);
  const struct {
    const char* field;
    bool has;
    int32_t value;
  } kDimensions[] = {
      {"customer.browser.screen_color_depth", browser.has_screen_color_depth(),
       browser.screen_color_depth()},
      {"customer.browser.screen_height", browser.has_screen_height(),
       browser.screen_height()},
      {"customer.browser.screen_width", browser.has_screen_width(),
       browser.screen_width()},
  };
  for (const auto& d : kDimensions) {
    if (d.has && d.value <= 0) {
      v.Add(d.field, absl::StrCat("must be greater than 0, got ", d.value));
    }
  }
}

void CheckCustomer(const Context& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  const Customer& customer = request.customer();
  if (!customer.locale().empty() && !IsLocale(customer.locale())) {
    v.Add("customer.locale",
          "must be ll_CC: a lower-case language, '_', an upper-case country "
          "(e.g. nl_BE)");
  }
  CheckIp("customer.ip_address", customer.ip_address(), v);
  CheckIp("customer.forwarded_ip", customer.forwarded_ip(), v);
  CheckName("customer.first_name", customer.first_name(), v);
  CheckName("customer.last_name", customer.last_name(), v);
  v.CheckMaxChars("customer.address1", customer.address1(), 64);
  v.CheckMaxChars("customer.address2", customer.address2(), 64);
  v.CheckMaxChars("customer.house_number", customer.house_number(), 10);
  v.CheckMaxChars("customer.zip_code", customer.zip_code(), 10);
  v.CheckMaxChars("customer.city", customer.city(), 50);
  v.CheckMaxChars("customer.state", customer.state(), 6);
  CheckCountry("customer.country", customer.country(), v);
  v.CheckMaxChars("customer.phone", customer.phone(), 25);
  CheckEmail("customer.email", customer.email(), v);
  CheckGender("customer.gender", customer.gender(), v);
  if (customer.has_browser()) CheckBrowser(customer.browser(), v);

  if (c.rule != nullptr) {
    const std::string label = GatewayLabel(*c.rule);
    if (c.rule->cart_required && !request.has_customer()) {
      v.Add("customer", absl::StrCat("is required for ", label));
    }
    uint64_t direct_only = 0;
    if (c.direct && !c.data_elsewhere) {
      direct_only = c.rule->customer_required_direct;
      // MOTO: the card holder is not at a browser, so no 3-D Secure data.
      if (request.gateway_info().moto()) {
        direct_only &= ~FieldBit(Customer::kBrowserFieldNumber);
      }
    }
    const uint64_t locale = FieldBit(Customer::kLocaleFieldNumber);
    if (((c.rule->customer_required | direct_only) & locale) != 0 &&
        customer.locale().empty()) {
      v.Add("customer.locale", absl::StrCat("is required for ", label,
                                            ": ll_CC, e.g. nl_BE or fr_BE"));
    }
    RequireFields(customer, c.rule->customer_required & ~locale, "customer",
                  label, v);
    RequireFields(customer, direct_only & ~locale, "customer",
                  label + " with ORDER_TYPE_DIRECT", v);
  }
  // Recurring payments identify the customer (Customer.reference).
  if ((request.recurring_model() != payments::v1::RECURRING_MODEL_UNSPECIFIED ||
       request.has_recurring_id()) &&
      customer.reference().empty()) {
    v.Add("customer.reference",
          "is required for recurring payments (recurring_model or "
          "recurring_id): the merchant's customer ID");
  }
}

void CheckLifetime(const CreateOrderRequest& request, Violations& v) {
  if (request.has_days_active() &&
      (request.days_active() < 1 || request.days_active() > kMaxDaysActive)) {
    v.Add("days_active", absl::StrCat("must be 1 to ", kMaxDaysActive, ", got ",
                                      request.days_active()));
  }
  if (request.has_seconds_active() &&
      (request.seconds_active() < 1 ||
       request.seconds_active() > kMaxSecondsActive)) {
    v.Add("seconds_active", absl::StrCat("must be 1 to ", kMaxSecondsActive,
                                         ", got ", request.seconds_active()));
  }
}

// --- gateway_info ------------------------------------------------------------

// Formats of the values. Descriptions never repeat a value: card data,
// tokens and bank accounts must not reach logs through an error.
void CheckGatewayInfoFormats(const Context& c, Violations& v) {
  const GatewayInfo& info = c.request.gateway_info();
  if (info.has_card_number() && !IsDigits(info.card_number(), 12, 19)) {
    v.Add("gateway_info.card_number", "must be 12 to 19 digits");
  }
  if (info.has_card_expiry_date() && !IsCardExpiry(info.card_expiry_date())) {
    v.Add("gateway_info.card_expiry_date",
          "must be YYMM with month 01-12, e.g. 2512");
  }
  if (info.has_card_cvc() && !IsDigits(info.card_cvc(), 3, 4)) {
    v.Add("gateway_info.card_cvc", "must be 3 or 4 digits");
  }
  CheckUrl("gateway_info.term_url", info.term_url(), v);
  if (info.flexible_3d() && info.term_url().empty()) {
    v.Add("gateway_info.term_url",
          "is required when flexible_3d is true: where the card issuer "
          "returns the 3-D Secure result");
  }
  if (info.has_qr_size() &&
      (info.qr_size() < kMinQrSize || info.qr_size() > kMaxQrSize)) {
    v.Add("gateway_info.qr_size",
          absl::StrCat("must be ", kMinQrSize, " to ", kMaxQrSize,
                       " pixels, got ", info.qr_size()));
  }
  // iDEAL QR bounds (GatewayInfo.min_amount / max_amount): required with
  // allow_change_amount, min <= amount <= max. MultiSafepay itself uses the
  // amount for an unset bound, so a bound equal to the amount is fine.
  const int64_t amount = c.request.amount();
  const struct {
    const char* field;
    bool has;
    int64_t value;
  } kBounds[] = {
      {"gateway_info.min_amount", info.has_min_amount(), info.min_amount()},
      {"gateway_info.max_amount", info.has_max_amount(), info.max_amount()},
  };
  for (const auto& bound : kBounds) {
    if (!bound.has) {
      if (info.allow_change_amount()) {
        v.Add(bound.field,
              "is required when allow_change_amount is true (minor units)");
      }
      continue;
    }
    if (bound.value <= 0) {
      v.Add(bound.field, absl::StrCat("must be greater than 0 (minor units), "
                                      "got ",
                                      bound.value));
    }
  }
  if (info.has_min_amount() && info.has_max_amount() &&
      info.min_amount() > info.max_amount()) {
    v.Add("gateway_info.max_amount",
          absl::StrCat("must be at least min_amount (", info.min_amount(),
                       "), got ", info.max_amount()));
  }
  if (c.request.has_amount() && amount > 0) {
    if (info.has_min_amount() && info.min_amount() > amount) {
      v.Add("gateway_info.min_amount",
            absl::StrCat("must be at most amount (", amount, "), got ",
                         info.min_amount()));
    }
    if (info.has_max_amount() && info.max_amount() < amount) {
      v.Add("gateway_info.max_amount",
            absl::StrCat("must be at least amount (", amount, "), got ",
                         info.max_amount()));
    }
  }
  CheckCountry("gateway_info.account_holder_country",
               info.account_holder_country(), v);
  if (!info.birthday().empty() && !IsIsoDate(info.birthday())) {
    v.Add("gateway_info.birthday",
          "must be a date YYYY-MM-DD, e.g. 1970-07-10");
  }
  v.CheckMaxChars("gateway_info.phone", info.phone(), 25);
  CheckEmail("gateway_info.email", info.email(), v);
  CheckGender("gateway_info.gender", info.gender(), v);
}

void CheckGatewayInfo(const Context& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (request.has_gateway_info()) CheckGatewayInfoFormats(c, v);
  if (c.rule == nullptr) return;
  const std::string label = GatewayLabel(*c.rule);
  const GatewayInfo& info = request.gateway_info();
  std::vector<const FieldDescriptor*> set_fields;
  info.GetReflection()->ListFields(info, &set_fields);
  for (const FieldDescriptor* field : set_fields) {
    if (field->number() < 64 &&
        (c.rule->info_allowed & FieldBit(field->number())) != 0) {
      continue;
    }
    v.Add(absl::StrCat("gateway_info.", field->name()),
          absl::StrCat("is not used by ", label));
  }
  if (c.direct && !c.data_elsewhere && c.rule->info_required_direct != 0) {
    RequireFields(info, c.rule->info_required_direct, "gateway_info",
                  absl::StrCat(label, " with ORDER_TYPE_DIRECT"), v);
  }
}

// --- delivery ----------------------------------------------------------------

void CheckDelivery(const Context& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  const Delivery& delivery = request.delivery();
  CheckName("delivery.first_name", delivery.first_name(), v);
  CheckName("delivery.last_name", delivery.last_name(), v);
  v.CheckMaxChars("delivery.address1", delivery.address1(), 64);
  v.CheckMaxChars("delivery.address2", delivery.address2(), 64);
  v.CheckMaxChars("delivery.house_number", delivery.house_number(), 10);
  v.CheckMaxChars("delivery.zip_code", delivery.zip_code(), 10);
  v.CheckMaxChars("delivery.city", delivery.city(), 50);
  v.CheckMaxChars("delivery.state", delivery.state(), 6);
  CheckCountry("delivery.country", delivery.country(), v);
  v.CheckMaxChars("delivery.phone", delivery.phone(), 25);
  CheckEmail("delivery.email", delivery.email(), v);
  if (c.rule == nullptr) return;
  const std::string label = GatewayLabel(*c.rule);
  if (c.rule->cart_required && !request.has_delivery()) {
    v.Add("delivery", absl::StrCat("is required for ", label));
    return;
  }
  RequireFields(delivery, c.rule->delivery_required, "delivery", label, v);
}

// --- shopping_cart and checkout_options --------------------------------------

// The tax rates of the tables, checked once: what the cart lines use.
struct CheckedRates {
  // Keyed by the address of the rate string in the request.
  std::vector<std::pair<const std::string*, Decimal>> valid;

  const Decimal* Find(const std::string* rate) const {
    for (const auto& entry : valid) {
      if (entry.first == rate) return &entry.second;
    }
    return nullptr;
  }
};

bool IsAllowedVatRate(const GatewayRule& rule, const Decimal& rate) {
  if (rule.vat_rates.empty()) return true;
  for (absl::string_view allowed : absl::StrSplit(rule.vat_rates, ' ')) {
    if (Compare(*ParseDecimal(allowed), rate) == 0) return true;
  }
  return false;
}

CheckedRates CheckCheckoutOptions(const Context& c, Violations& v) {
  CheckedRates rates;
  const CreateOrderRequest& request = c.request;
  const payments::v1::CheckoutOptions& options = request.checkout_options();
  if (c.rule != nullptr && c.rule->cart_required && !options.has_tax_tables()) {
    v.Add("checkout_options.tax_tables",
          absl::StrCat("is required for ", GatewayLabel(*c.rule)));
  }
  auto check_rate = [&](const std::string& field, const std::string& text) {
    std::optional<Decimal> rate = CheckRate(field, text, v);
    if (!rate) return;
    if (c.rule != nullptr && !IsAllowedVatRate(*c.rule, *rate)) {
      v.Add(field,
            absl::StrCat(
                "must be one of ",
                absl::StrJoin(absl::StrSplit(c.rule->vat_rates, ' '), ", "),
                " for ", GatewayLabel(*c.rule), ", got ", rate->text));
      return;
    }
    rates.valid.emplace_back(&text, *rate);
  };
  const payments::v1::TaxTables& tables = options.tax_tables();
  if (tables.has_default_()) {
    check_rate("checkout_options.tax_tables.default.rate",
               tables.default_().rate());
  }
  for (int t = 0; t < tables.alternate_size(); ++t) {
    const payments::v1::AlternateTaxTable& table = tables.alternate(t);
    const std::string prefix =
        absl::StrCat("checkout_options.tax_tables.alternate[", t, "]");
    if (table.name().empty()) {
      v.Add(prefix + ".name",
            "is required: what cart items name in tax_table_selector");
    }
    for (int r = 0; r < table.rules_size(); ++r) {
      const std::string rule_prefix = absl::StrCat(prefix, ".rules[", r, "]");
      check_rate(rule_prefix + ".rate", table.rules(r).rate());
      CheckCountry(rule_prefix + ".country", table.rules(r).country(), v);
    }
  }
  const payments::v1::ShippingMethods& shipping = options.shipping_methods();
  auto check_price = [&](const std::string& field, const std::string& price) {
    std::optional<Decimal> d = CheckDecimal(
        field, price, "the price in major units", kMaxUnitPriceDecimals, v);
    if (d && d->negative && !IsZero(*d)) {
      v.Add(field, "must not be negative");
    }
  };
  if (shipping.pickup().has_price()) {
    check_price("checkout_options.shipping_methods.pickup.price",
                shipping.pickup().price());
  }
  for (int i = 0; i < shipping.flat_rate_shipping_size(); ++i) {
    const auto& method = shipping.flat_rate_shipping(i);
    const std::string prefix = absl::StrCat(
        "checkout_options.shipping_methods.flat_rate_shipping[", i, "]");
    if (method.has_price()) check_price(prefix + ".price", method.price());
    for (int a = 0; a < method.allowed_areas_size(); ++a) {
      CheckCountry(absl::StrCat(prefix, ".allowed_areas[", a, "]"),
                   method.allowed_areas(a), v);
    }
    for (int a = 0; a < method.excluded_areas_size(); ++a) {
      CheckCountry(absl::StrCat(prefix, ".excluded_areas[", a, "]"),
                   method.excluded_areas(a), v);
    }
  }
  return rates;
}

void CheckCart(const Context& c, const CheckedRates& rates, Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (!request.has_shopping_cart()) {
    if (c.rule != nullptr && c.rule->cart_required) {
      v.Add("shopping_cart",
            absl::StrCat("is required for ", GatewayLabel(*c.rule)));
    }
    return;
  }
  const payments::v1::ShoppingCart& cart = request.shopping_cart();
  if (cart.items_size() == 0) {
    v.Add("shopping_cart.items", "must have at least one item");
    return;
  }
  std::vector<CartLine> lines;
  bool priced = true;  // Every line has a valid price and rate.
  static const Decimal kZeroRate = *ParseDecimal("0");
  for (int i = 0; i < cart.items_size(); ++i) {
    const CartItem& item = cart.items(i);
    const std::string prefix = absl::StrCat("shopping_cart.items[", i, "]");
    std::optional<Decimal> price =
        CheckDecimal(prefix + ".unit_price", item.unit_price(),
                     "the unit price in major units excluding VAT",
                     kMaxUnitPriceDecimals, v);
    if (item.quantity() < 1) {
      v.Add(prefix + ".quantity",
            absl::StrCat("must be at least 1 (discounts are lines with a "
                         "negative unit_price), got ",
                         item.quantity()));
      priced = false;
    }
    if (!item.currency().empty() && item.currency() != request.currency()) {
      v.Add(prefix + ".currency",
            "must equal the order's currency (MultiSafepay does not mix "
            "currencies in one cart)");
    }
    if (item.has_weight()) {
      const payments::v1::Weight& weight = item.weight();
      if (weight.unit() != "KG" && weight.unit() != "G") {
        v.Add(prefix + ".weight.unit", "must be KG or G");
      }
      std::optional<Decimal> value =
          CheckDecimal(prefix + ".weight.value", weight.value(),
                       "the weight of one unit", kMaxUnitPriceDecimals, v);
      if (value && value->negative && !IsZero(*value)) {
        v.Add(prefix + ".weight.value", "must not be negative");
      }
    }
    const TaxRateResult found = FindTaxRate(
        request.checkout_options().tax_tables(), item, c.tax_country);
    const Decimal* rate = &kZeroRate;
    switch (found.lookup) {
      case TaxRateLookup::kFound:
        if (found.rate != nullptr) rate = rates.Find(found.rate);
        break;
      case TaxRateLookup::kUnknownTable:
        v.Add(prefix + ".tax_table_selector",
              "must name a table in checkout_options.tax_tables.alternate");
        rate = nullptr;
        break;
      case TaxRateLookup::kNoRule:
        v.Add(prefix + ".tax_table_selector",
              c.tax_country.empty()
                  ? std::string("names a table whose rules all have a "
                                "country, but the order has no delivery or "
                                "customer country")
                  : absl::StrCat("names a table with no rule for country ",
                                 c.tax_country,
                                 " and no rule without a country"));
        rate = nullptr;
        break;
    }
    if (!price || rate == nullptr) {
      priced = false;
      continue;
    }
    lines.push_back(CartLine{*price, item.quantity(), *rate});
  }
  // §2.7: compare `amount` with the cart total when both can be computed.
  const int minor_digits = CurrencyMinorUnits(request.currency());
  if (!priced || !request.has_amount() || minor_digits == kNoMinorUnits) {
    return;
  }
  const std::optional<CartTotal> total = ComputeCartTotal(lines, minor_digits);
  if (!total) {
    v.Add("shopping_cart.items",
          "are too large to total exactly (a total above 2^63 minor units)");
    return;
  }
  if (total->total != request.amount()) {
    const int64_t difference = request.amount() - total->total;
    v.Add("amount",
          absl::StrCat("must equal the shopping_cart total by MultiSafepay's "
                       "rounding rule: expected ",
                       total->total, " (items ", total->items, " + VAT ",
                       total->vat, "), got ", request.amount(), " (",
                       difference > 0 ? "+" : "", difference, ")"));
  }
}

// --- affiliate, recurring, capture, payment_data, custom_fields
// ---------------

void CheckAffiliate(const CreateOrderRequest& request, Violations& v) {
  const auto& splits = request.affiliate().split_payments();
  __int128 fixed_total = 0;
  std::vector<Decimal> percentages;
  static const Decimal kOne = *ParseDecimal("1");
  static const Decimal kHundred = *ParseDecimal("100");
  for (int i = 0; i < splits.size(); ++i) {
    const payments::v1::SplitPayment& split = splits[i];
    const std::string prefix =
        absl::StrCat("affiliate.split_payments[", i, "]");
    if (split.merchant().empty()) {
      v.Add(prefix + ".merchant",
            "is required: the receiving MultiSafepay account ID");
    }
    switch (split.share_case()) {
      case payments::v1::SplitPayment::kFixed:
        if (split.fixed() < 1) {
          v.Add(prefix + ".fixed",
                absl::StrCat("must be at least 1 (minor units), got ",
                             split.fixed()));
        } else {
          fixed_total += split.fixed();
        }
        break;
      case payments::v1::SplitPayment::kPercentage: {
        std::optional<Decimal> p =
            CheckDecimal(prefix + ".percentage", split.percentage(),
                         "the percentage", kMaxRateDecimals, v);
        if (!p) break;
        if (Compare(*p, kOne) < 0 || Compare(*p, kHundred) > 0) {
          v.Add(prefix + ".percentage",
                absl::StrCat("must be 1 to 100, got ", p->text));
          break;
        }
        percentages.push_back(*p);
        break;
      }
      case payments::v1::SplitPayment::SHARE_NOT_SET:
        v.Add(prefix, "must set fixed (minor units) or percentage");
        break;
    }
  }
  if (fixed_total > 0 && request.amount() > 0 &&
      fixed_total > request.amount()) {
    v.Add("affiliate.split_payments",
          absl::StrCat("fixed shares add up to ", Int128ToString(fixed_total),
                       ", more than amount ", request.amount()));
  }
  if (!percentages.empty()) {
    int scale = 0;
    for (const Decimal& p : percentages) scale = std::max(scale, p.scale);
    __int128 sum = 0;
    for (const Decimal& p : percentages) sum += *ScaledValue(p, scale);
    if (sum > *ScaledValue(kHundred, scale)) {
      v.Add("affiliate.split_payments", "percentages add up to more than 100");
    }
  }
}

void CheckRecurring(const CreateOrderRequest& request, Violations& v) {
  if (!payments::v1::RecurringModel_IsValid(request.recurring_model())) {
    v.Add("recurring_model",
          absl::StrCat("must be a defined RecurringModel value, got ",
                       static_cast<int>(request.recurring_model())));
  } else if (request.has_recurring_id() &&
             request.recurring_model() ==
                 payments::v1::RECURRING_MODEL_UNSPECIFIED) {
    v.Add("recurring_model",
          "is required with recurring_id (MultiSafepay needs the model on "
          "initial and subsequent payments)");
  }
  if (!request.has_recurring_id()) return;
  if (request.recurring_id().empty()) {
    v.Add("recurring_id",
          "must not be empty: the token of the recurring "
          "payment");
  }
  if (request.type() != payments::v1::ORDER_TYPE_DIRECT) {
    v.Add("recurring_id",
          "is only used when type is ORDER_TYPE_DIRECT (a subsequent "
          "recurring payment)");
  }
}

void CheckCapture(const Context& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (!payments::v1::CaptureMode_IsValid(request.capture())) {
    v.Add("capture", absl::StrCat("must be a defined CaptureMode value, got ",
                                  static_cast<int>(request.capture())));
    return;
  }
  if (request.capture() == payments::v1::CAPTURE_MODE_MANUAL &&
      c.rule != nullptr && !c.rule->manual_capture) {
    v.Add("capture", absl::StrCat("CAPTURE_MODE_MANUAL needs a card gateway "
                                  "or GATEWAY_MISTERCASH, not ",
                                  GatewayLabel(*c.rule)));
  }
}

void CheckPaymentData(const Context& c, Violations& v) {
  const CreateOrderRequest& request = c.request;
  if (!request.has_payment_data()) return;
  const payments::v1::PaymentData& data = request.payment_data();
  if (data.payload().empty()) {
    v.Add("payment_data.payload",
          "is required: the encrypted payload from the component's "
          "getPaymentData()");
  }
  if (!payments::v1::Gateway_IsValid(data.gateway())) {
    v.Add("payment_data.gateway",
          absl::StrCat("must be a defined Gateway value, got ",
                       static_cast<int>(data.gateway())));
    return;
  }
  if (data.gateway() == payments::v1::GATEWAY_UNSPECIFIED) {
    if (request.gateway() == payments::v1::GATEWAY_UNSPECIFIED) {
      v.Add("payment_data.gateway",
            "is required when gateway is not set: the gateway chosen in the "
            "payment component");
    }
    return;
  }
  if (request.gateway() != payments::v1::GATEWAY_UNSPECIFIED &&
      data.gateway() != request.gateway()) {
    v.Add("payment_data.gateway",
          absl::StrCat("must equal gateway (",
                       payments::v1::Gateway_Name(request.gateway()), "), got ",
                       payments::v1::Gateway_Name(data.gateway())));
    return;
  }
  const GatewayRule* rule = GatewayRuleFor(data.gateway());
  if (rule != nullptr && !rule->payment_component) {
    v.Add(request.gateway() == payments::v1::GATEWAY_UNSPECIFIED
              ? "payment_data.gateway"
              : "gateway",
          absl::StrCat(GatewayLabel(*rule),
                       " is not available in payment components"));
  }
}

void CheckCustomFields(const CreateOrderRequest& request, Violations& v) {
  if (request.custom_fields_size() > 0 &&
      request.type() != payments::v1::ORDER_TYPE_CHECKOUT) {
    v.Add("custom_fields",
          "is only used when type is ORDER_TYPE_CHECKOUT (FastCheckout)");
  }
}

// The limits of order_validator.h. Returns false, after adding violations,
// when a repeated field is too long; the other checks then do not run, since
// they walk every element.
bool CheckRepeatedCounts(const CreateOrderRequest& request, Violations& v) {
  bool ok = v.CheckMaxCount("shopping_cart.items",
                            request.shopping_cart().items_size(), kMaxCartItems,
                            "items");
  const payments::v1::TaxTables& tables =
      request.checkout_options().tax_tables();
  if (v.CheckMaxCount("checkout_options.tax_tables.alternate",
                      tables.alternate_size(), kMaxAlternateTaxTables,
                      "tables")) {
    int rules = 0;
    for (const auto& table : tables.alternate()) rules += table.rules_size();
    ok &= v.CheckMaxCount("checkout_options.tax_tables.alternate", rules,
                          kMaxTaxRules, "rules in all its tables");
  } else {
    ok = false;
  }
  const auto& methods =
      request.checkout_options().shipping_methods().flat_rate_shipping();
  if (v.CheckMaxCount("checkout_options.shipping_methods.flat_rate_shipping",
                      methods.size(), kMaxFlatRateShippingMethods, "methods")) {
    for (int i = 0; i < methods.size(); ++i) {
      const std::string prefix = absl::StrCat(
          "checkout_options.shipping_methods.flat_rate_shipping[", i, "]");
      ok &= v.CheckMaxCount(prefix + ".allowed_areas",
                            methods[i].allowed_areas_size(), kMaxShippingAreas,
                            "countries");
      ok &= v.CheckMaxCount(prefix + ".excluded_areas",
                            methods[i].excluded_areas_size(), kMaxShippingAreas,
                            "countries");
    }
  } else {
    ok = false;
  }
  ok &= v.CheckMaxCount("payment_options.allowed_countries",
                        request.payment_options().allowed_countries_size(),
                        kMaxAllowedCountries, "countries");
  ok &= v.CheckMaxCount(
      "payment_options.settings.coupons.allow",
      request.payment_options().settings().coupons().allow_size(),
      kMaxCouponIds, "gift card IDs");
  ok &= v.CheckMaxCount("affiliate.split_payments",
                        request.affiliate().split_payments_size(),
                        kMaxSplitPayments, "split payments");
  if (v.CheckMaxCount("custom_fields", request.custom_fields_size(),
                      kMaxCustomFields, "fields")) {
    size_t bytes = 0;
    for (const auto& field : request.custom_fields()) {
      bytes += field.ByteSizeLong();
    }
    if (bytes > kMaxCustomFieldsBytes) {
      v.Add("custom_fields",
            absl::StrCat("must be at most ", kMaxCustomFieldsBytes,
                         " bytes of protobuf in all, got ", bytes));
      ok = false;
    }
  } else {
    ok = false;
  }
  return ok;
}

}  // namespace

absl::Status ValidateCreateOrder(const CreateOrderRequest& request) {
  payments::v1::Gateway effective = request.gateway();
  if (effective == payments::v1::GATEWAY_UNSPECIFIED &&
      request.has_payment_data()) {
    effective = request.payment_data().gateway();
  }
  Context c{request, GatewayRuleFor(effective),
            request.type() == payments::v1::ORDER_TYPE_DIRECT,
            request.has_recurring_id() || request.has_payment_data(),
            !request.delivery().country().empty()
                ? request.delivery().country()
                : request.customer().country()};
  Violations v("CreateOrder", CreateOrderRequest::descriptor());
  // First, and alone when it fails: every check below walks the elements.
  if (!CheckRepeatedCounts(request, v)) return std::move(v).ToStatus();
  CheckType(c, v);
  CheckOrderId(request.order_id(), v);
  CheckGateway(c, v);
  CheckCurrency(c, v);
  CheckAmount(c, v);
  CheckDescription(request, v);
  CheckPaymentOptions(request.payment_options(), v);
  CheckCustomer(c, v);
  v.CheckMaxChars("var1", request.var1(), kMaxVarChars);
  v.CheckMaxChars("var2", request.var2(), kMaxVarChars);
  v.CheckMaxChars("var3", request.var3(), kMaxVarChars);
  CheckLifetime(request, v);
  CheckGatewayInfo(c, v);
  CheckDelivery(c, v);
  const CheckedRates rates = CheckCheckoutOptions(c, v);
  CheckCart(c, rates, v);
  CheckAffiliate(request, v);
  CheckRecurring(request, v);
  CheckCapture(c, v);
  CheckPaymentData(c, v);
  CheckCustomFields(request, v);
  return std::move(v).ToStatus();
}

}  // namespace msp_gateway
