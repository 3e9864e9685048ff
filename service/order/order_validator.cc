// Copyright 2026 The msp-gateway Authors.

#include "service/order/order_validator.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "service/error_details.h"
#include "service/order/field_formats.h"
#include "service/order/iso_codes.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::Customer;
using ::payments::v1::PaymentOptions;

// MultiSafepay limits (docs: create order request, customer object).
constexpr size_t kMaxOrderIdChars = 50;
constexpr size_t kMaxDescriptionChars = 200;
constexpr size_t kMinNameChars = 2;
constexpr size_t kMaxNameChars = 25;
constexpr size_t kMaxEmailChars = 64;
constexpr size_t kMaxVarChars = 500;
constexpr int32_t kMaxDaysActive = 365;
constexpr int32_t kMaxSecondsActive = 31536000;  // 365 days.

// Collects violations in the order the checks run. Checks run in request
// field order, so the result is in that order too; consecutive problems of
// one field are merged into one violation so that each field appears once.
class Violations {
 public:
  void Add(absl::string_view field, absl::string_view description) {
    if (!violations_.empty() && violations_.back().field == field) {
      absl::StrAppend(&violations_.back().description, "; ", description);
      return;
    }
    violations_.push_back({std::string(field), std::string(description)});
  }

  // "must be at most N characters, got M" when `value` is too long.
  void CheckMaxChars(absl::string_view field, absl::string_view value,
                     size_t max_chars) {
    const size_t chars = CharacterCount(value);
    if (chars > max_chars) {
      Add(field, absl::StrCat("must be at most ", max_chars,
                              " characters, got ", chars));
    }
  }

  absl::Status ToStatus() && {
    if (violations_.empty()) return absl::OkStatus();
    const size_t n = violations_.size();
    return InvalidArgumentError(
        absl::StrCat("CreateOrder request has ", n,
                     n == 1 ? " invalid field" : " invalid fields"),
        violations_);
  }

 private:
  std::vector<FieldViolation> violations_;
};

bool IsBancontact(const CreateOrderRequest& request) {
  return request.gateway() == payments::v1::GATEWAY_MISTERCASH;
}

bool IsThreeUpperCaseLetters(absl::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

void CheckType(const CreateOrderRequest& request, Violations& v) {
  if (!payments::v1::OrderType_IsValid(request.type())) {
    v.Add("type", absl::StrCat("must be a defined OrderType value, got ",
                               static_cast<int>(request.type())));
    return;
  }
  if (IsBancontact(request) &&
      (request.type() == payments::v1::ORDER_TYPE_DIRECT ||
       request.type() == payments::v1::ORDER_TYPE_CHECKOUT)) {
    v.Add("type",
          absl::StrCat("GATEWAY_MISTERCASH (Bancontact) supports only "
                       "ORDER_TYPE_REDIRECT or ORDER_TYPE_PAYMENT_LINK, got ",
                       payments::v1::OrderType_Name(request.type())));
  }
}

void CheckOrderId(const CreateOrderRequest& request, Violations& v) {
  if (request.order_id().empty()) {
    v.Add("order_id",
          "is required: the merchant's order ID, 1 to 50 "
          "characters");
    return;
  }
  v.CheckMaxChars("order_id", request.order_id(), kMaxOrderIdChars);
}

void CheckGateway(const CreateOrderRequest& request, Violations& v) {
  if (!payments::v1::Gateway_IsValid(request.gateway())) {
    v.Add("gateway", absl::StrCat("must be a defined Gateway value, got ",
                                  static_cast<int>(request.gateway())));
    return;
  }
  if (request.type() == payments::v1::ORDER_TYPE_DIRECT &&
      request.gateway() == payments::v1::GATEWAY_UNSPECIFIED) {
    v.Add("gateway", "is required when type is ORDER_TYPE_DIRECT");
  }
}

void CheckCurrency(const CreateOrderRequest& request, Violations& v) {
  const std::string& currency = request.currency();
  if (currency.empty()) {
    v.Add("currency", "is required: an ISO 4217 currency code such as EUR");
    return;
  }
  if (!IsThreeUpperCaseLetters(currency)) {
    v.Add("currency",
          "must be 3 upper-case letters (an ISO 4217 code such as EUR)");
    return;
  }
  // Safe to quote from here on: three letters, not personal data.
  if (!IsIsoCurrency(currency)) {
    v.Add("currency",
          absl::StrCat("must be an active ISO 4217 currency code, got ",
                       currency));
    return;
  }
  if (IsBancontact(request) && currency != "EUR") {
    v.Add("currency",
          absl::StrCat("must be EUR for GATEWAY_MISTERCASH (Bancontact), got ",
                       currency));
  }
}

void CheckAmount(const CreateOrderRequest& request, Violations& v) {
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
  v.CheckMaxChars("description", description, kMaxDescriptionChars);
  if (ContainsHtml(description)) {
    v.Add("description",
          "must be plain text without HTML ('<' followed by a letter, '/', "
          "'!' or '?' starts a tag)");
  }
}

void CheckUrl(absl::string_view field, absl::string_view url, Violations& v) {
  if (!url.empty() && !IsHttpUrl(url)) {
    v.Add(field, "must be an absolute http:// or https:// URL with a host");
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
}

void CheckIp(absl::string_view field, absl::string_view ip, Violations& v) {
  if (!ip.empty() && !IsIpAddress(ip)) {
    v.Add(field, "must be a single IPv4 or IPv6 address");
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

bool IsGender(absl::string_view gender) {
  for (absl::string_view allowed :
       {"M", "F", "male", "female", "mr", "mrs", "miss"}) {
    if (gender == allowed) return true;
  }
  return false;
}

void CheckCustomer(const CreateOrderRequest& request, Violations& v) {
  const Customer& customer = request.customer();
  if (customer.locale().empty()) {
    if (IsBancontact(request)) {
      v.Add("customer.locale",
            "is required for GATEWAY_MISTERCASH (Bancontact): ll_CC, e.g. "
            "nl_BE or fr_BE");
    }
  } else if (!IsLocale(customer.locale())) {
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
  if (!customer.country().empty() && !IsIsoCountry(customer.country())) {
    v.Add("customer.country",
          "must be an ISO 3166-1 alpha-2 code in upper case, e.g. BE");
  }
  v.CheckMaxChars("customer.phone", customer.phone(), 25);
  if (!customer.email().empty()) {
    v.CheckMaxChars("customer.email", customer.email(), kMaxEmailChars);
    if (!IsEmailAddress(customer.email())) {
      v.Add("customer.email", "must be an email address (name@example.com)");
    }
  }
  if (!customer.gender().empty() && !IsGender(customer.gender())) {
    v.Add("customer.gender",
          "must be one of M, F, male, female, mr, mrs, miss");
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

}  // namespace

absl::Status ValidateCreateOrder(const CreateOrderRequest& request) {
  Violations v;
  // Request field order: the order violations are reported in.
  CheckType(request, v);
  CheckOrderId(request, v);
  CheckGateway(request, v);
  CheckCurrency(request, v);
  CheckAmount(request, v);
  CheckDescription(request, v);
  CheckPaymentOptions(request.payment_options(), v);
  CheckCustomer(request, v);
  v.CheckMaxChars("var1", request.var1(), kMaxVarChars);
  v.CheckMaxChars("var2", request.var2(), kMaxVarChars);
  v.CheckMaxChars("var3", request.var3(), kMaxVarChars);
  CheckLifetime(request, v);
  return std::move(v).ToStatus();
}

}  // namespace msp_gateway
