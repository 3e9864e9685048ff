// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_validator_test_util.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "service/common/error_details.h"
#include "service/create_order/order_validator.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;

CreateOrderRequest ParseRequestJson(const std::string& json) {
  CreateOrderRequest request;
  const auto status =
      google::protobuf::util::JsonStringToMessage(json, &request);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return request;
}

}  // namespace

CreateOrderRequest ValidRequest() {
  CreateOrderRequest request;
  request.set_type(payments::v1::ORDER_TYPE_REDIRECT);
  request.set_order_id("order-1");
  request.set_gateway(payments::v1::GATEWAY_IDEAL);
  request.set_currency("EUR");
  request.set_amount(1000);
  request.set_description("Two cups of tea");
  payments::v1::PaymentOptions* options = request.mutable_payment_options();
  options->set_notification_url("https://shop.example.com/webhooks/msp");
  options->set_notification_method(payments::v1::NOTIFICATION_METHOD_POST);
  options->set_redirect_url("https://shop.example.com/order/success");
  options->set_cancel_url("https://shop.example.com/order/failed");
  options->set_close_window(false);
  payments::v1::Customer* customer = request.mutable_customer();
  customer->set_locale("nl_BE");
  customer->set_ip_address("213.127.71.75");
  customer->set_forwarded_ip("2001:db8::7");
  customer->set_first_name("Jan");
  customer->set_last_name("Peeters");
  customer->set_address1("Grote Markt");
  customer->set_address2("");
  customer->set_house_number("1");
  customer->set_zip_code("1000");
  customer->set_city("Brussel");
  customer->set_state("");
  customer->set_country("BE");
  customer->set_phone("+32 2 123 45 67");
  customer->set_email("jan@example.com");
  customer->set_referrer("not a url, free text");
  customer->set_user_agent("Mozilla/5.0");
  customer->set_reference("customer-42");
  customer->set_gender("male");
  customer->set_birthday("10071970");
  customer->set_company_name("Peeters BV");
  request.set_var1("a");
  request.set_var2("b");
  request.set_var3("c");
  request.set_days_active(30);
  request.set_seconds_active(3600);
  return request;
}

CreateOrderRequest BancontactRequest() {
  CreateOrderRequest request = ValidRequest();
  request.set_gateway(payments::v1::GATEWAY_MISTERCASH);
  return request;
}

CreateOrderRequest Order(payments::v1::Gateway gateway,
                         payments::v1::OrderType type) {
  CreateOrderRequest request;
  request.set_type(type);
  request.set_gateway(gateway);
  request.set_order_id("o-1");
  request.set_currency("EUR");
  request.set_amount(10000);
  request.set_description("Tea");
  return request;
}

CreateOrderRequest KlarnaDirect() {
  CreateOrderRequest request = ParseRequestJson(R"({
    "type": "ORDER_TYPE_DIRECT", "gateway": "GATEWAY_KLARNA",
    "order_id": "o-1", "currency": "EUR", "amount": 12100,
    "description": "Tea",
    "customer": {"first_name": "Jan", "last_name": "Peeters",
                 "house_number": "1", "country": "NL"},
    "delivery": {"first_name": "Jan", "last_name": "Peeters",
                 "address1": "Kraanspoor", "house_number": "39",
                 "zip_code": "1033SC", "city": "Amsterdam", "country": "NL",
                 "email": "jan@example.com"},
    "gateway_info": {"birthday": "1970-07-10", "phone": "0612345678",
                     "email": "jan@example.com", "gender": "mr"},
    "shopping_cart": {"items": [{"name": "Tea", "unit_price": "100",
                                 "quantity": 1}]},
    "checkout_options": {"tax_tables": {"default": {"rate": "0.21"}}}
  })");
  return request;
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

std::string OnlyViolation(const CreateOrderRequest& request,
                          const std::string& field) {
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "CreateOrder request has 1 invalid field");
  const std::vector<FieldViolation> violations = GetFieldViolations(status);
  EXPECT_EQ(violations.size(), 1u);
  if (violations.size() != 1) return "";
  EXPECT_EQ(violations[0].field, field);
  return violations[0].description;
}

std::string Repeat(absl::string_view unit, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.append(unit.data(), unit.size());
  return out;
}

}  // namespace msp_gateway
