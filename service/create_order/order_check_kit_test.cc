// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/order_check_kit.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/create_order/gateway_rules.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::Customer;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The violations `check` adds, as "field: description".
template <typename Check>
std::vector<std::string> Problems(const Check& check) {
  Violations v("Test");
  check(v);
  std::vector<std::string> out;
  for (const FieldViolation& f : GetFieldViolations(std::move(v).ToStatus())) {
    out.push_back(f.field + ": " + f.description);
  }
  return out;
}

TEST(MakeOrderContextTest, GatewayRuleAndFlags) {
  CreateOrderRequest request;
  request.set_type(payments::v1::ORDER_TYPE_DIRECT);
  request.set_gateway(payments::v1::GATEWAY_MISTERCASH);
  const OrderContext c = MakeOrderContext(request);
  EXPECT_EQ(&c.request, &request);
  ASSERT_NE(c.rule, nullptr);
  EXPECT_EQ(c.rule->gateway, payments::v1::GATEWAY_MISTERCASH);
  EXPECT_TRUE(c.direct);
  EXPECT_FALSE(c.data_elsewhere);

  // A payment component order without a gateway: payment_data's applies.
  request.clear_gateway();
  request.mutable_payment_data()->set_gateway(payments::v1::GATEWAY_IDEAL);
  const OrderContext component = MakeOrderContext(request);
  ASSERT_NE(component.rule, nullptr);
  EXPECT_EQ(component.rule->gateway, payments::v1::GATEWAY_IDEAL);
  EXPECT_TRUE(component.data_elsewhere);

  request.set_gateway(static_cast<payments::v1::Gateway>(999));
  EXPECT_EQ(MakeOrderContext(request).rule, nullptr);
}

TEST(MakeOrderContextTest, TaxCountryIsTheDeliveryCountryElseTheCustomers) {
  CreateOrderRequest request;
  EXPECT_EQ(MakeOrderContext(request).tax_country, "");
  request.mutable_customer()->set_country("BE");
  EXPECT_EQ(MakeOrderContext(request).tax_country, "BE");
  request.mutable_delivery()->set_country("NL");
  EXPECT_EQ(MakeOrderContext(request).tax_country, "NL");
  request.mutable_delivery()->set_country("");
  EXPECT_EQ(MakeOrderContext(request).tax_country, "BE");
}

TEST(GatewayLabelTest, NameAndMethod) {
  EXPECT_EQ(GatewayLabel(*GatewayRuleFor(payments::v1::GATEWAY_MISTERCASH)),
            "GATEWAY_MISTERCASH (Bancontact)");
  EXPECT_EQ(GatewayLabel(*GatewayRuleFor(payments::v1::GATEWAY_UNSPECIFIED)),
            "no gateway (payment page)");
}

TEST(RequireFieldsTest, NamesEveryMissingFieldOfTheMask) {
  const GatewayRule& rule = *GatewayRuleFor(payments::v1::GATEWAY_TRUSTLY);
  const uint64_t mask = FieldBit(Customer::kFirstNameFieldNumber) |
                        FieldBit(Customer::kEmailFieldNumber) |
                        FieldBit(Customer::kBrowserFieldNumber);
  Customer customer;
  customer.set_first_name("");  // Set but empty: not provided.
  EXPECT_THAT(
      Problems([&](Violations& v) {
        RequireFields(customer, mask, "customer", rule,
                      " with ORDER_TYPE_DIRECT", v);
      }),
      ElementsAre("customer.first_name: is required for GATEWAY_TRUSTLY "
                  "(Trustly) with ORDER_TYPE_DIRECT",
                  "customer.email: is required for GATEWAY_TRUSTLY (Trustly) "
                  "with ORDER_TYPE_DIRECT",
                  "customer.browser: is required for GATEWAY_TRUSTLY "
                  "(Trustly) with ORDER_TYPE_DIRECT"));
  customer.set_first_name("Jan");
  customer.set_email("jan@example.com");
  customer.mutable_browser();  // A set message, even empty, is provided.
  EXPECT_THAT(Problems([&](Violations& v) {
                RequireFields(customer, mask, "customer", rule, "", v);
              }),
              IsEmpty());
}

TEST(SharedFormatsTest, EachNamesItsRule) {
  EXPECT_THAT(
      Problems([](Violations& v) {
        CheckName("n", "J", v);
        CheckEmail("e", "jan", v);
        CheckCountry("c", "be", v);
        CheckIp("i", "1.2.3.4, 5.6.7.8", v);
        CheckGender("g", "X", v);
      }),
      ElementsAre(
          "n: must be 2 to 25 characters, got 1",
          "e: must be an email address (name@example.com)",
          "c: must be an ISO 3166-1 alpha-2 code in upper case, e.g. BE",
          "i: must be a single IPv4 or IPv6 address",
          "g: must be one of M, F, male, female, mr, mrs, miss"));
  // Empty means not set: every format passes.
  EXPECT_THAT(Problems([](Violations& v) {
                CheckName("n", "", v);
                CheckEmail("e", "", v);
                CheckCountry("c", "", v);
                CheckIp("i", "", v);
                CheckGender("g", "", v);
              }),
              IsEmpty());
}

TEST(PathInTest, ReusesTheBuffer) {
  std::string buffer;
  EXPECT_EQ(PathIn(buffer, "shopping_cart.items[", 12, "].unit_price"),
            "shopping_cart.items[12].unit_price");
  const char* data = buffer.data();
  EXPECT_EQ(PathIn(buffer, "shopping_cart.items[", 3, "].quantity"),
            "shopping_cart.items[3].quantity");
  EXPECT_EQ(buffer.data(), data);  // Shorter: no new allocation.
}

}  // namespace
}  // namespace msp_gateway
