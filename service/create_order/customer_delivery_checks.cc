// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/customer_delivery_checks.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/field_formats.h"
#include "service/create_order/gateway_rules.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::Customer;
using ::payments::v1::Delivery;

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

}  // namespace

void CheckCustomer(const OrderContext& c, Violations& v) {
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
    if (c.rule->cart_required && !request.has_customer()) {
      v.Add("customer",
            absl::StrCat("is required for ", GatewayLabel(*c.rule)));
    }
    const uint64_t direct_only =
        c.direct && !c.data_elsewhere ? c.rule->customer_required_direct : 0;
    const uint64_t locale = FieldBit(Customer::kLocaleFieldNumber);
    if (((c.rule->customer_required | direct_only) & locale) != 0 &&
        customer.locale().empty()) {
      v.Add("customer.locale",
            absl::StrCat("is required for ", GatewayLabel(*c.rule),
                         ": ll_CC, e.g. nl_BE or fr_BE"));
    }
    RequireFields(customer, c.rule->customer_required & ~locale, "customer",
                  *c.rule, "", v);
    RequireFields(customer, direct_only & ~locale, "customer", *c.rule,
                  " with ORDER_TYPE_DIRECT", v);
  }
  // Recurring payments identify the customer (Customer.reference).
  const RecurringFields recurring = RecurringOf(request);
  if ((recurring.model != payments::v1::RECURRING_MODEL_UNSPECIFIED ||
       recurring.has_id) &&
      customer.reference().empty()) {
    v.Add("customer.reference",
          "is required for recurring payments (recurring_model, recurring_id "
          "or recurring): the merchant's customer ID");
  }
}

void CheckDelivery(const OrderContext& c, Violations& v) {
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
  if (c.rule->cart_required && !request.has_delivery()) {
    v.Add("delivery", absl::StrCat("is required for ", GatewayLabel(*c.rule)));
    return;
  }
  RequireFields(delivery, c.rule->delivery_required, "delivery", *c.rule, "",
                v);
}

}  // namespace msp_gateway
