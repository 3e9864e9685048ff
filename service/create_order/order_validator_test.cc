// Copyright 2026 The msp-gateway Authors.
//
// ValidateCreateOrder() as a whole: what a valid request is, the message
// and field order of what it reports, and rules whose problems span
// several concerns. Each concern's own rules are tested beside its file
// (request_limits_test.cc, order_type_checks_test.cc, ...).

#include "service/create_order/order_validator.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/create_order/order_validator_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(ValidateCreateOrderTest, FullyPopulatedRequestIsValid) {
  EXPECT_TRUE(ValidateCreateOrder(ValidRequest()).ok());
  EXPECT_TRUE(ValidateCreateOrder(BancontactRequest()).ok());
}

TEST(ValidateCreateOrderTest, MinimalRequestIsValid) {
  CreateOrderRequest request;
  request.set_order_id("o");
  request.set_currency("EUR");
  request.set_amount(1);
  request.set_description("d");
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
}

TEST(ValidateCreateOrderTest, EmptyRequestReportsEveryRequiredField) {
  const absl::Status status = ValidateCreateOrder(CreateOrderRequest());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "CreateOrder request has 4 invalid fields");
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("order_id", "currency", "amount", "description"));
  for (const FieldViolation& v : GetFieldViolations(status)) {
    EXPECT_THAT(v.description, HasSubstr("is required")) << v.field;
  }
}

TEST(ValidateCreateOrderTest, ReportsAllViolationsInRequestFieldOrder) {
  CreateOrderRequest request = BancontactRequest();
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);  // Bancontact: no.
  request.set_order_id(std::string(51, 'x'));
  request.set_currency("USD");  // Bancontact: EUR.
  request.set_amount(0);
  request.set_description("<b>tea</b>");
  request.mutable_payment_options()->set_cancel_url("/failed");
  request.mutable_customer()->clear_locale();  // Bancontact: required.
  request.mutable_customer()->set_first_name("J");
  request.mutable_customer()->set_email("jan");
  request.set_var3(std::string(501, 'v'));
  request.set_seconds_active(0);
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "CreateOrder request has 11 invalid fields");
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("type", "order_id", "currency", "amount",
                          "description", "payment_options.cancel_url",
                          "customer.locale", "customer.first_name",
                          "customer.email", "var3", "seconds_active"));
}

TEST(ValidateCreateOrderTest, SeveralProblemsOfOneFieldAreOneViolation) {
  CreateOrderRequest request = ValidRequest();
  request.set_description("<p>" + std::string(200, 'd'));
  const std::string description = OnlyViolation(request, "description");
  EXPECT_THAT(description, HasSubstr("at most 200 characters, got 203"));
  EXPECT_THAT(description, HasSubstr("; must be plain text without HTML"));
}

// --- Bancontact --------------------------------------------------------------

TEST(ValidateCreateOrderTest, BancontactReportsAllThreeRules) {
  CreateOrderRequest request = BancontactRequest();
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  request.set_currency("GBP");
  request.clear_customer();
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("type", "currency", "customer.locale"));
}

TEST(ValidateCreateOrderTest, OtherGatewaysDoNotGetBancontactRules) {
  CreateOrderRequest request = ValidRequest();  // iDEAL.
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  request.set_currency("USD");
  request.clear_customer();
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  EXPECT_THAT(ViolatedFields(ValidateCreateOrder(request)), IsEmpty());
}

// --- BNPL --------------------------------------------------------------------

TEST(ValidateCreateOrderTest, BnplNeedsCustomerDeliveryCartAndTaxTables) {
  EXPECT_TRUE(ValidateCreateOrder(KlarnaDirect()).ok())
      << ValidateCreateOrder(KlarnaDirect());
  CreateOrderRequest request = KlarnaDirect();
  request.clear_customer();
  request.clear_delivery();
  request.clear_shopping_cart();
  request.clear_checkout_options();
  request.clear_gateway_info();
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_THAT(
      ViolatedFields(status),
      ElementsAre("customer", "customer.house_number", "gateway_info.birthday",
                  "gateway_info.phone", "gateway_info.email", "delivery",
                  "shopping_cart", "checkout_options.tax_tables"));
  // A delivery address must be complete; Klarna also needs its e-mail.
  request = KlarnaDirect();
  request.mutable_delivery()->clear_zip_code();
  request.mutable_delivery()->set_email("");
  EXPECT_THAT(ViolatedFields(ValidateCreateOrder(request)),
              ElementsAre("delivery.zip_code", "delivery.email"));
  request = KlarnaDirect();
  request.mutable_gateway_info()->set_birthday("31-01-1951");
  EXPECT_EQ(OnlyViolation(request, "gateway_info.birthday"),
            "must be a date YYYY-MM-DD, e.g. 1970-07-10");
}

// --- field order -------------------------------------------------------------

TEST(ValidateCreateOrderTest, ViolationsFoundLateAreStillInFieldOrder) {
  // The cart check (amount) and the BNPL rules run after the customer
  // checks, yet come out in request order.
  CreateOrderRequest request = KlarnaDirect();
  request.set_amount(1);
  request.set_var1(std::string(501, 'v'));
  request.mutable_customer()->set_email("nope");
  EXPECT_THAT(ViolatedFields(ValidateCreateOrder(request)),
              ElementsAre("amount", "customer.email", "var1"));
}

}  // namespace
}  // namespace msp_gateway
