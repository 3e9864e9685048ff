// Copyright 2026 The msp-gateway Authors.

#include "emulator/order_rules.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "emulator/cart_rules.h"
#include "emulator/gateway_catalog.h"
#include "emulator/iso_codes.h"

namespace msp_emulator {
namespace {

using nlohmann::json;

constexpr size_t kMaxOrderIdLength = 50;
constexpr size_t kMaxDescriptionLength = 200;
constexpr size_t kMaxVariableLength = 500;

constexpr absl::string_view kAmazonPay = "AMAZONBTN";
constexpr absl::string_view kBillink = "BILLINK";
constexpr absl::string_view kKlarna = "KLARNA";
constexpr absl::string_view kMbWay = "MBWAY";
constexpr absl::string_view kSantander = "SANTANDER";

// A member that is absent or JSON null.
bool IsMissing(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() || it->is_null();
}

// The string value of `object[key]`, or "" when absent or not a string.
std::string StringOr(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

bool IsValidOrderId(const json& body) {
  auto it = body.find("order_id");
  if (it == body.end()) return false;
  if (it->is_number_integer()) return true;
  if (!it->is_string()) return false;
  const auto& id = it->get_ref<const std::string&>();
  return !id.empty() && Utf8Length(id) <= kMaxOrderIdLength;
}

bool IsValidCurrency(const json& body) {
  auto it = body.find("currency");
  return it != body.end() && it->is_string() &&
         IsIsoCurrency(it->get_ref<const std::string&>());
}

// Minor units as a JSON integer: 1000 for EUR 10. Strings ("1000") and
// floats (1000.0, 10.5) are what SDK bugs send and MultiSafepay refuses.
bool IsValidAmount(const json& body) {
  auto it = body.find("amount");
  if (it == body.end()) return false;
  if (it->is_number_unsigned()) {
    const auto amount = it->get<uint64_t>();
    return amount >= 1 && amount <= static_cast<uint64_t>(INT64_MAX);
  }
  return it->is_number_integer() && it->get<int64_t>() >= 1;
}

bool IsValidDescription(const json& body) {
  auto it = body.find("description");
  if (it == body.end() || !it->is_string()) return false;
  const auto& text = it->get_ref<const std::string&>();
  return !text.empty() && Utf8Length(text) <= kMaxDescriptionLength;
}

bool AreValidVariables(const json& body) {
  for (const char* key : {"var1", "var2", "var3"}) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) continue;
    if (!it->is_string()) return false;
    if (Utf8Length(it->get_ref<const std::string&>()) > kMaxVariableLength) {
      return false;
    }
  }
  return true;
}

// An empty country means "not given": the docs' own examples send
// `"country": ""` in delivery blocks.
bool HasValidCountry(const json& body, const char* block) {
  auto it = body.find(block);
  if (it == body.end() || !it->is_object()) return true;
  auto country = it->find("country");
  if (country == it->end() || country->is_null()) return true;
  if (!country->is_string()) return false;
  const auto& code = country->get_ref<const std::string&>();
  return code.empty() || IsIsoCountry(code);
}

// `forwarded_ip: ""` is in the docs' examples, so empty means "not given".
bool HasValidIpAddresses(const json& body) {
  auto customer = body.find("customer");
  if (customer == body.end() || !customer->is_object()) return true;
  for (const char* key : {"ip_address", "forwarded_ip"}) {
    auto it = customer->find(key);
    if (it == customer->end() || it->is_null()) continue;
    if (!it->is_string()) return false;
    const auto& ip = it->get_ref<const std::string&>();
    if (!ip.empty() && !IsIpAddress(ip)) return false;
  }
  return true;
}

bool IsValidType(const json& body) {
  auto it = body.find("type");
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  const std::string type = OrderTypeOf(body);
  return type == "redirect" || type == "direct" || type == "paymentlink" ||
         type == "checkout";
}

// Blocks that must be JSON objects when present; anything else is a body
// MultiSafepay cannot read.
bool AreObjectsWhereExpected(const json& body) {
  for (const char* key :
       {"customer", "delivery", "payment_options", "gateway_info",
        "payment_data", "shopping_cart", "checkout_options"}) {
    auto it = body.find(key);
    if (it != body.end() && !it->is_null() && !it->is_object()) return false;
  }
  return true;
}

bool IsGatewayAvailable(const json& body) {
  auto gateway = body.find("gateway");
  if (gateway != body.end() && !gateway->is_null() && !gateway->is_string()) {
    return false;
  }
  if (OrderTypeOf(body) != "direct") return true;
  const std::string id = GatewayOf(body);
  if (id.empty()) {
    // A recurring follow-up charges the stored token's method.
    return !IsMissing(body, "recurring_id");
  }
  const GatewayInfo* info = FindGateway(id);
  if (info == nullptr) return false;
  // Payment components (type direct with `payment_data`) have their own
  // list: Bancontact's component is a direct flow even though a plain direct
  // Bancontact order is refused.
  if (!IsMissing(body, "payment_data")) return info->component;
  return info->direct;
}

// A member that is present with a non-empty value (string, object, array).
bool HasValue(const json& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return false;
  // json::empty() is false for every string, so strings are checked apart.
  if (it->is_string()) return !it->get_ref<const std::string&>().empty();
  if (it->is_object() || it->is_array()) return !it->empty();
  return true;
}

const json& MemberOrNull(const json& object, const char* key) {
  static const json* const kNull = new json(nullptr);
  if (!object.is_object()) return *kNull;
  auto it = object.find(key);
  return it == object.end() ? *kNull : *it;
}

// The phone MB WAY and Amazon Pay need: `customer.phone` (or the response
// spelling `phone1`) or `gateway_info.phone`.
bool HasPhone(const json& body) {
  const json& customer = MemberOrNull(body, "customer");
  return HasValue(customer, "phone") || HasValue(customer, "phone1") ||
         HasValue(MemberOrNull(body, "gateway_info"), "phone");
}

// The data MultiSafepay requires per gateway family and order type (§2.9):
// nullopt when complete, else what is missing.
std::optional<std::string> MissingData(const json& body) {
  const std::string gateway = GatewayOf(body);
  const bool checkout = OrderTypeOf(body) == "checkout";
  const json& cart = MemberOrNull(body, "shopping_cart");
  const json& options = MemberOrNull(body, "checkout_options");
  if (IsBnpl(gateway)) {
    if (!HasValue(body, "customer")) return "customer";
    // Betaal per Maand's own docs example sends only the customer: the
    // lender collects the rest on its page.
    if (gateway != kSantander) {
      if (!HasValue(body, "delivery")) return "delivery";
      if (!HasValue(cart, "items")) return "shopping_cart.items";
      if (!HasValue(options, "tax_tables")) {
        return "checkout_options.tax_tables";
      }
    }
    if (gateway == kKlarna &&
        !HasValue(MemberOrNull(body, "delivery"), "email")) {
      return "delivery.email";
    }
  }
  if (checkout) {
    if (!HasValue(cart, "items")) return "shopping_cart.items";
    if (!HasValue(options, "tax_tables")) return "checkout_options.tax_tables";
    const json& payment_options = MemberOrNull(body, "payment_options");
    if (!HasValue(payment_options, "redirect_url")) {
      return "payment_options.redirect_url";
    }
    if (!HasValue(payment_options, "cancel_url")) {
      return "payment_options.cancel_url";
    }
  }
  // Bizum is documented as needing a phone too, but MultiSafepay's own Bizum
  // examples send none, so only MB WAY and Amazon Pay are held to it.
  if ((gateway == kMbWay || gateway == kAmazonPay) && !HasPhone(body)) {
    return "customer.phone";
  }
  return std::nullopt;
}

// The country tax rules are chosen by: delivery, else customer.
std::string TaxCountryOf(const json& body) {
  std::string country = StringOr(MemberOrNull(body, "delivery"), "country");
  if (country.empty()) {
    country = StringOr(MemberOrNull(body, "customer"), "country");
  }
  return country;
}

// Cart rules (cart_rules.h); 1027 only when MultiSafepay recomputes the
// total: `checkout_options.validate_cart: true` or a BNPL gateway.
std::optional<MspError> ValidateCart(const ExactJson& exact) {
  const json& body = exact.value();
  const json& options = MemberOrNull(body, "checkout_options");
  if (!HasValue(body, "shopping_cart") && !HasValue(options, "tax_tables")) {
    return std::nullopt;
  }
  auto tables =
      ReadTaxTables(exact, "/checkout_options/tax_tables", TaxCountryOf(body));
  if (const MspError* error = std::get_if<MspError>(&tables)) return *error;
  const std::string currency = StringOr(body, "currency");
  const std::string gateway = GatewayOf(body);
  auto cart =
      ReadCart(exact, "/shopping_cart/items", std::get<TaxTables>(tables),
               currency, gateway == kBillink);
  if (const MspError* error = std::get_if<MspError>(&cart)) return *error;
  const json& validate = MemberOrNull(options, "validate_cart");
  const bool recompute =
      (validate.is_boolean() && validate.get<bool>()) || IsBnpl(gateway);
  if (!recompute) return std::nullopt;
  std::optional<int64_t> total =
      CartTotal(std::get<Cart>(cart).lines, CurrencyExponent(currency));
  if (!total.has_value()) return InvalidItemPriceError();
  if (*total != body.at("amount").get<int64_t>()) {
    return CartAmountMismatchError();
  }
  return std::nullopt;
}

}  // namespace

std::optional<MspError> ValidateCreateOrder(const json& body) {
  return ValidateCreateOrder(ExactJson::FromDom(body));
}

std::optional<MspError> ValidateCreateOrder(const ExactJson& exact) {
  const json& body = exact.value();
  if (!body.is_object() || !AreObjectsWhereExpected(body)) {
    return InvalidBodyError();
  }
  if (!IsValidType(body)) return InvalidTypeError();
  if (!IsValidOrderId(body)) return InvalidOrderIdError();
  if (!IsValidCurrency(body)) return InvalidCurrencyError();
  if (!IsValidAmount(body)) return InvalidAmountError();
  if (!IsValidDescription(body)) return InvalidDescriptionError();
  if (!AreValidVariables(body)) return InvalidVariableError();
  if (!HasValidCountry(body, "customer") ||
      !HasValidCountry(body, "delivery")) {
    return InvalidCountryCodeError();
  }
  if (!HasValidIpAddresses(body)) return InvalidIpAddressError();
  if (!IsGatewayAvailable(body)) return NoGatewayAvailableError();
  if (const GatewayInfo* gateway = FindGateway(GatewayOf(body))) {
    if (!AllowsCurrency(*gateway, StringOr(body, "currency"))) {
      return InvalidCurrencyError();
    }
    if (!AllowsAmount(*gateway, body.at("amount").get<int64_t>())) {
      return NoGatewayAvailableError();
    }
  }
  if (std::optional<std::string> missing = MissingData(body)) {
    return MissingDataError(*missing);
  }
  return ValidateCart(exact);
}

std::string OrderIdOf(const json& body) {
  if (!body.is_object()) return "";
  auto it = body.find("order_id");
  if (it == body.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return it->dump();
  return "";
}

std::string OrderTypeOf(const json& body) {
  if (!body.is_object()) return "redirect";
  std::string type = absl::AsciiStrToLower(StringOr(body, "type"));
  return type.empty() ? "redirect" : type;
}

std::string GatewayOf(const json& body) {
  if (!body.is_object()) return "";
  std::string id = StringOr(body, "gateway");
  if (id.empty()) {
    auto payment_data = body.find("payment_data");
    if (payment_data != body.end() && payment_data->is_object()) {
      id = StringOr(*payment_data, "gateway");
    }
  }
  return absl::AsciiStrToUpper(id);
}

std::string LocaleOf(const json& body) {
  if (body.is_object()) {
    auto customer = body.find("customer");
    if (customer != body.end() && customer->is_object()) {
      std::string locale = StringOr(*customer, "locale");
      if (!locale.empty()) return locale;
    }
  }
  return "en_US";
}

size_t Utf8Length(absl::string_view utf8) {
  // Every code point has exactly one byte that is not a continuation byte
  // (10xxxxxx).
  return static_cast<size_t>(std::count_if(
      utf8.begin(), utf8.end(),
      [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool IsIpAddress(const std::string& text) {
  in_addr v4;
  in6_addr v6;
  return inet_pton(AF_INET, text.c_str(), &v4) == 1 ||
         inet_pton(AF_INET6, text.c_str(), &v6) == 1;
}

}  // namespace msp_emulator
