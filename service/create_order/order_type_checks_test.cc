// Copyright 2026 The msp-gateway Authors.
//
// The checks of order_type_checks.h, tested through ValidateCreateOrder(): each
// violation as a caller sees it (path, wording, order, merging with other
// problems), and "the only one" means no other check fired either.

#include "service/create_order/order_type_checks.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/create_order/order_validator.h"
#include "service/create_order/order_validator_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// --- type --------------------------------------------------------------------

TEST(ValidateCreateOrderTest, TypeUnknownNumber) {
  CreateOrderRequest request = ValidRequest();
  request.set_type(static_cast<payments::v1::OrderType>(999));
  EXPECT_EQ(OnlyViolation(request, "type"),
            "must be a defined OrderType value, got 999");
}

TEST(ValidateCreateOrderTest, TypeEveryDefinedValueIsAccepted) {
  for (auto type :
       {payments::v1::ORDER_TYPE_UNSPECIFIED, payments::v1::ORDER_TYPE_REDIRECT,
        payments::v1::ORDER_TYPE_DIRECT, payments::v1::ORDER_TYPE_PAYMENT_LINK,
        payments::v1::ORDER_TYPE_CHECKOUT}) {
    CreateOrderRequest request = ValidRequest();
    request.set_type(type);
    if (type == payments::v1::ORDER_TYPE_CHECKOUT) {
      // FastCheckout needs a cart and tax tables (§2.1): 10.00 at 0%.
      auto* item = request.mutable_shopping_cart()->add_items();
      item->set_unit_price("10");
      item->set_quantity(1);
      request.mutable_checkout_options()
          ->mutable_tax_tables()
          ->mutable_default_()
          ->set_rate("0");
    }
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << type;
  }
}

// --- gateway -----------------------------------------------------------------

TEST(ValidateCreateOrderTest, GatewayUnknownNumber) {
  CreateOrderRequest request = ValidRequest();
  request.set_gateway(static_cast<payments::v1::Gateway>(999));
  EXPECT_EQ(OnlyViolation(request, "gateway"),
            "must be a defined Gateway value, got 999");
  request.set_gateway(static_cast<payments::v1::Gateway>(43));  // A gap.
  EXPECT_EQ(OnlyViolation(request, "gateway"),
            "must be a defined Gateway value, got 43");
}

TEST(ValidateCreateOrderTest, DirectRequiresGateway) {
  CreateOrderRequest request = ValidRequest();
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.clear_gateway();
  EXPECT_EQ(OnlyViolation(request, "gateway"),
            "is required when type is ORDER_TYPE_DIRECT");
}

TEST(ValidateCreateOrderTest, RedirectAndPaymentLinkMayOmitGateway) {
  for (auto type :
       {payments::v1::ORDER_TYPE_UNSPECIFIED, payments::v1::ORDER_TYPE_REDIRECT,
        payments::v1::ORDER_TYPE_PAYMENT_LINK}) {
    CreateOrderRequest request = ValidRequest();
    request.set_type(type);
    request.clear_gateway();
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << type;
  }
}

// --- Bancontact --------------------------------------------------------------

TEST(ValidateCreateOrderTest, BancontactRedirectOrPaymentLinkOnly) {
  for (auto type :
       {payments::v1::ORDER_TYPE_UNSPECIFIED, payments::v1::ORDER_TYPE_REDIRECT,
        payments::v1::ORDER_TYPE_PAYMENT_LINK}) {
    CreateOrderRequest request = BancontactRequest();
    request.set_type(type);
    EXPECT_TRUE(ValidateCreateOrder(request).ok()) << type;
  }
  CreateOrderRequest request = BancontactRequest();
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  EXPECT_EQ(OnlyViolation(request, "type"),
            "GATEWAY_MISTERCASH (Bancontact) supports only ORDER_TYPE_REDIRECT "
            "or ORDER_TYPE_PAYMENT_LINK, got ORDER_TYPE_DIRECT");
  request.set_type(payments::v1::ORDER_TYPE_CHECKOUT);
  EXPECT_THAT(OnlyViolation(request, "type"),
              HasSubstr("got ORDER_TYPE_CHECKOUT"));
}

// --- order types and the gateway table ---------------------------------------

TEST(ValidateCreateOrderTest, RedirectOnlyGatewaysRefuseDirect) {
  for (auto gateway :
       {payments::v1::GATEWAY_DOTPAY, payments::v1::GATEWAY_EPS,
        payments::v1::GATEWAY_IDEALQR, payments::v1::GATEWAY_VVVGIFTCRD}) {
    CreateOrderRequest request =
        Order(gateway, payments::v1::ORDER_TYPE_DIRECT);
    EXPECT_THAT(OnlyViolation(request, "type"),
                HasSubstr("supports only ORDER_TYPE_REDIRECT or "
                          "ORDER_TYPE_PAYMENT_LINK, got ORDER_TYPE_DIRECT"))
        << gateway;
  }
  EXPECT_EQ(OnlyViolation(Order(payments::v1::GATEWAY_DOTPAY,
                                payments::v1::ORDER_TYPE_DIRECT),
                          "type"),
            "GATEWAY_DOTPAY (Dotpay) supports only ORDER_TYPE_REDIRECT or "
            "ORDER_TYPE_PAYMENT_LINK, got ORDER_TYPE_DIRECT");
  for (auto gateway :
       {payments::v1::GATEWAY_IDEAL, payments::v1::GATEWAY_MULTIBANCO,
        payments::v1::GATEWAY_CBC, payments::v1::GATEWAY_PAYPAL}) {
    EXPECT_TRUE(
        ValidateCreateOrder(Order(gateway, payments::v1::ORDER_TYPE_DIRECT))
            .ok())
        << gateway;
  }
}

TEST(ValidateCreateOrderTest, DirectWithoutGatewayForRecurringOrComponents) {
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_UNSPECIFIED, payments::v1::ORDER_TYPE_DIRECT);
  request.set_recurring_id("azbkvsE0up4");
  request.set_recurring_model(payments::v1::RECURRING_MODEL_UNSCHEDULED);
  request.mutable_customer()->set_reference("customer-1");
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);

  request =
      Order(payments::v1::GATEWAY_UNSPECIFIED, payments::v1::ORDER_TYPE_DIRECT);
  request.mutable_payment_data()->set_payload("eyJ9");
  request.mutable_payment_data()->set_gateway(payments::v1::GATEWAY_IDEAL);
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
}

TEST(ValidateCreateOrderTest, RecurringNeedsReferenceModelAndDirect) {
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_VISA, payments::v1::ORDER_TYPE_REDIRECT);
  request.set_recurring_model(payments::v1::RECURRING_MODEL_SUBSCRIPTION);
  EXPECT_THAT(OnlyViolation(request, "customer.reference"),
              HasSubstr("is required for recurring payments"));
  request.mutable_customer()->set_reference("c-1");
  EXPECT_TRUE(ValidateCreateOrder(request).ok());

  request.set_recurring_id("tok");  // A redirect order cannot use a token.
  EXPECT_EQ(OnlyViolation(request, "recurring_id"),
            "is only used when type is ORDER_TYPE_DIRECT (a subsequent "
            "recurring payment)");
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  request.clear_recurring_model();
  EXPECT_THAT(OnlyViolation(request, "recurring_model"),
              HasSubstr("is required with recurring_id"));
  // A subsequent card payment needs neither card data nor browser data.
  request.set_recurring_model(payments::v1::RECURRING_MODEL_CARD_ON_FILE);
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
}

// The nested form (recurring.model, recurring.id) follows the same rules as
// recurring_model / recurring_id, reported on its own paths.
TEST(ValidateCreateOrderTest, NestedRecurringFollowsTheSameRules) {
  // A subsequent card payment: no card data (no card_cvc), no browser data
  // and no gateway, exactly as with recurring_id.
  for (auto gateway :
       {payments::v1::GATEWAY_VISA, payments::v1::GATEWAY_UNSPECIFIED}) {
    CreateOrderRequest request =
        Order(gateway, payments::v1::ORDER_TYPE_DIRECT);
    request.mutable_customer()->set_reference("c-1");
    request.mutable_recurring()->set_model(
        payments::v1::RECURRING_MODEL_CARD_ON_FILE);
    request.mutable_recurring()->set_id("133761993_gTp2");
    EXPECT_TRUE(ValidateCreateOrder(request).ok())
        << gateway << " " << ValidateCreateOrder(request);
    // The same order without any token is a direct card order again.
    request.clear_recurring();
    EXPECT_FALSE(ValidateCreateOrder(request).ok()) << gateway;
  }

  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_VISA, payments::v1::ORDER_TYPE_REDIRECT);
  request.mutable_recurring()->set_model(
      payments::v1::RECURRING_MODEL_SUBSCRIPTION);
  EXPECT_THAT(OnlyViolation(request, "customer.reference"),
              HasSubstr("is required for recurring payments"));
  request.mutable_customer()->set_reference("c-1");
  EXPECT_TRUE(ValidateCreateOrder(request).ok());

  request.mutable_recurring()->set_id("tok");  // Not on a redirect order.
  EXPECT_EQ(OnlyViolation(request, "recurring.id"),
            "is only used when type is ORDER_TYPE_DIRECT (a subsequent "
            "recurring payment)");
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  request.mutable_recurring()->clear_model();
  EXPECT_EQ(OnlyViolation(request, "recurring.model"),
            "is required with recurring.id (MultiSafepay needs the model on "
            "initial and subsequent payments)");
  request.mutable_recurring()->set_id("");
  request.mutable_recurring()->set_model(
      payments::v1::RECURRING_MODEL_UNSCHEDULED);
  EXPECT_EQ(OnlyViolation(request, "recurring.id"),
            "must not be empty: the token of the recurring payment");
  request.mutable_recurring()->set_model(
      static_cast<payments::v1::RecurringModel>(7));
  request.mutable_recurring()->set_id("tok");
  EXPECT_EQ(OnlyViolation(request, "recurring.model"),
            "must be a defined RecurringModel value, got 7");

  // A token alone needs a customer reference in either form.
  request = Order(payments::v1::GATEWAY_VISA, payments::v1::ORDER_TYPE_DIRECT);
  request.mutable_recurring()->set_id("tok");
  request.set_recurring_model(payments::v1::RECURRING_MODEL_CARD_ON_FILE);
  EXPECT_THAT(OnlyViolation(request, "customer.reference"),
              HasSubstr("is required for recurring payments"));
  // A model of one form counts for the token of the other.
  request.mutable_customer()->set_reference("c-1");
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
  request.clear_recurring();
  request.clear_recurring_model();
  request.set_recurring_id("tok");
  request.mutable_recurring()->set_model(
      payments::v1::RECURRING_MODEL_CARD_ON_FILE);
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
  // An empty recurring message is no recurring payment.
  request =
      Order(payments::v1::GATEWAY_IDEAL, payments::v1::ORDER_TYPE_REDIRECT);
  request.mutable_recurring();
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
}

TEST(ValidateCreateOrderTest, RecurringInBothFormsIsRefused) {
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_VISA, payments::v1::ORDER_TYPE_DIRECT);
  request.mutable_customer()->set_reference("c-1");
  request.set_recurring_model(payments::v1::RECURRING_MODEL_CARD_ON_FILE);
  request.set_recurring_id("tok");
  ASSERT_TRUE(ValidateCreateOrder(request).ok());

  request.mutable_recurring()->set_model(
      payments::v1::RECURRING_MODEL_CARD_ON_FILE);  // Even the same value.
  EXPECT_EQ(OnlyViolation(request, "recurring.model"),
            "set either recurring_model or recurring.model, not both");
  request.mutable_recurring()->clear_model();
  request.mutable_recurring()->set_id("tok");
  EXPECT_EQ(OnlyViolation(request, "recurring.id"),
            "set either recurring_id or recurring.id, not both");
  request.mutable_recurring()->set_model(
      payments::v1::RECURRING_MODEL_SUBSCRIPTION);
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("recurring.model", "recurring.id"));
}

// --- customer_verification ---------------------------------------------------

TEST(ValidateCreateOrderTest, CustomerVerificationSizes) {
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_IDEAL, payments::v1::ORDER_TYPE_REDIRECT);
  request.mutable_customer_verification();
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.mutable_customer_verification()->set_html(std::string(65536, 'x'));
  request.mutable_customer_verification()->set_type(Repeat("ж", 50));
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);

  request.mutable_customer_verification()->set_html(std::string(65537, 'x'));
  EXPECT_EQ(OnlyViolation(request, "customer_verification.html"),
            "must be at most 65536 bytes, got 65537");
  request.mutable_customer_verification()->set_html("<form></form>");
  request.mutable_customer_verification()->set_type(Repeat("ж", 51));
  EXPECT_EQ(OnlyViolation(request, "customer_verification.type"),
            "must be at most 50 characters, got 51");
}

TEST(ValidateCreateOrderTest, PaymentComponents) {
  CreateOrderRequest request = Order(payments::v1::GATEWAY_UNSPECIFIED,
                                     payments::v1::ORDER_TYPE_REDIRECT);
  request.mutable_payment_data()->set_payload("eyJ9");
  request.mutable_payment_data()->set_gateway(payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(OnlyViolation(request, "type"),
            "must be ORDER_TYPE_DIRECT when payment_data is set (payment "
            "components), got ORDER_TYPE_REDIRECT");

  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  request.mutable_payment_data()->set_gateway(payments::v1::GATEWAY_BELFIUS);
  EXPECT_EQ(OnlyViolation(request, "payment_data.gateway"),
            "GATEWAY_BELFIUS (Belfius) is not available in payment components");

  request.mutable_payment_data()->clear_gateway();
  EXPECT_THAT(OnlyViolation(request, "payment_data.gateway"),
              HasSubstr("is required when gateway is not set"));

  request.set_gateway(payments::v1::GATEWAY_IDEAL);
  request.mutable_payment_data()->set_gateway(payments::v1::GATEWAY_PAYPAL);
  EXPECT_EQ(OnlyViolation(request, "payment_data.gateway"),
            "must equal gateway (GATEWAY_IDEAL), got GATEWAY_PAYPAL");

  // Bancontact is redirect only, except through a payment component.
  request =
      Order(payments::v1::GATEWAY_MISTERCASH, payments::v1::ORDER_TYPE_DIRECT);
  request.mutable_customer()->set_locale("nl_BE");
  request.mutable_payment_data()->set_payload("eyJ9");
  EXPECT_TRUE(ValidateCreateOrder(request).ok())
      << ValidateCreateOrder(request);
  request.mutable_payment_data()->clear_payload();
  EXPECT_THAT(OnlyViolation(request, "payment_data.payload"),
              HasSubstr("is required"));
}

TEST(ValidateCreateOrderTest, CheckoutNeedsCartTaxTablesAndLandingPages) {
  CreateOrderRequest request = Order(payments::v1::GATEWAY_UNSPECIFIED,
                                     payments::v1::ORDER_TYPE_CHECKOUT);
  const absl::Status status = ValidateCreateOrder(request);
  EXPECT_THAT(
      ViolatedFields(status),
      ElementsAre("payment_options.redirect_url", "payment_options.cancel_url",
                  "shopping_cart", "checkout_options.tax_tables"));
  for (const FieldViolation& v : GetFieldViolations(status)) {
    EXPECT_EQ(v.description,
              "is required when type is ORDER_TYPE_CHECKOUT (FastCheckout)");
  }
}

TEST(ValidateCreateOrderTest, CustomFieldsOnlyForCheckout) {
  CreateOrderRequest request = Order(payments::v1::GATEWAY_UNSPECIFIED,
                                     payments::v1::ORDER_TYPE_REDIRECT);
  request.add_custom_fields();
  EXPECT_EQ(OnlyViolation(request, "custom_fields"),
            "is only used when type is ORDER_TYPE_CHECKOUT (FastCheckout)");
}

// --- capture -----------------------------------------------------------------

TEST(ValidateCreateOrderTest, ManualCaptureOnlyForCardsAndBancontact) {
  CreateOrderRequest request =
      Order(payments::v1::GATEWAY_VISA, payments::v1::ORDER_TYPE_REDIRECT);
  request.set_capture(payments::v1::CAPTURE_MODE_MANUAL);
  EXPECT_TRUE(ValidateCreateOrder(request).ok());
  request.set_gateway(payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(OnlyViolation(request, "capture"),
            "CAPTURE_MODE_MANUAL needs a card gateway or GATEWAY_MISTERCASH, "
            "not GATEWAY_IDEAL (iDEAL)");
}

}  // namespace
}  // namespace msp_gateway
