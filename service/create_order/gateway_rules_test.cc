// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/gateway_rules.h"

#include <set>

#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "payments/v1/order.pb.h"

namespace msp_gateway {
namespace {

using ::google::protobuf::Descriptor;
using ::payments::v1::Gateway;

// Every bit of `mask` is a field number of `message`.
void ExpectFieldsOf(uint64_t mask, const Descriptor* message) {
  for (int n = 0; n < 64; ++n) {
    if ((mask & FieldBit(n)) == 0) continue;
    EXPECT_NE(message->FindFieldByNumber(n), nullptr)
        << message->name() << " has no field " << n;
  }
}

TEST(GatewayRulesTest, EveryGatewayHasExactlyOneRow) {
  const auto* gateways = payments::v1::Gateway_descriptor();
  std::set<int> rows;
  for (const GatewayRule& rule : AllGatewayRules()) {
    EXPECT_TRUE(rows.insert(rule.gateway).second) << "twice: " << rule.gateway;
  }
  for (int i = 0; i < gateways->value_count(); ++i) {
    const auto gateway = static_cast<Gateway>(gateways->value(i)->number());
    const GatewayRule* rule = GatewayRuleFor(gateway);
    ASSERT_NE(rule, nullptr) << gateways->value(i)->name();
    EXPECT_EQ(rule->gateway, gateway) << gateways->value(i)->name();
    if (gateway >= 100) {
      EXPECT_EQ(rule->family, GatewayFamily::kPrepaid);
      EXPECT_FALSE(rule->direct);
    } else {
      EXPECT_EQ(rows.count(gateway), 1u) << gateways->value(i)->name();
    }
  }
  EXPECT_EQ(GatewayRuleFor(static_cast<Gateway>(99)), nullptr);
  EXPECT_EQ(GatewayRuleFor(static_cast<Gateway>(999)), nullptr);
}

TEST(GatewayRulesTest, FieldMasksNameRealFields) {
  for (const GatewayRule& rule : AllGatewayRules()) {
    SCOPED_TRACE(payments::v1::Gateway_Name(rule.gateway));
    ExpectFieldsOf(rule.customer_required,
                   payments::v1::Customer::descriptor());
    ExpectFieldsOf(rule.customer_required_direct,
                   payments::v1::Customer::descriptor());
    ExpectFieldsOf(rule.delivery_required,
                   payments::v1::Delivery::descriptor());
    ExpectFieldsOf(rule.info_allowed, payments::v1::GatewayInfo::descriptor());
    // A direct order can only be required to carry what the gateway takes.
    EXPECT_EQ(rule.info_required_direct & ~rule.info_allowed, 0u);
    if (rule.info_required_direct != 0) {
      EXPECT_TRUE(rule.direct);
    }
    // Amount ranges come with their currency.
    if (rule.min_amount != 0 || rule.max_amount != 0) {
      EXPECT_FALSE(rule.currencies.empty());
      EXPECT_LT(rule.min_amount, rule.max_amount);
    }
  }
}

TEST(GatewayRulesTest, DocumentedFacts) {
  // §2.10: Bancontact is EUR and redirect only, but payment components and
  // manual capture can use it.
  const GatewayRule* bancontact =
      GatewayRuleFor(payments::v1::GATEWAY_MISTERCASH);
  EXPECT_FALSE(bancontact->direct);
  EXPECT_TRUE(bancontact->payment_component);
  EXPECT_TRUE(bancontact->manual_capture);
  EXPECT_EQ(bancontact->currencies, "EUR");
  // §3.1: Dotpay refuses direct; in3 takes 50 to 5000 EUR.
  EXPECT_FALSE(GatewayRuleFor(payments::v1::GATEWAY_DOTPAY)->direct);
  const GatewayRule* in3 = GatewayRuleFor(payments::v1::GATEWAY_IN3);
  EXPECT_EQ(in3->min_amount, 5000);
  EXPECT_EQ(in3->max_amount, 500000);
  // §2.9: every BNPL gateway needs the cart, except Betaal per Maand, whose
  // own MultiSafepay example has none (docs/validation-audit.md).
  for (const GatewayRule& rule : AllGatewayRules()) {
    EXPECT_EQ(rule.cart_required,
              rule.family == GatewayFamily::kBnpl &&
                  rule.gateway != payments::v1::GATEWAY_SANTANDER)
        << payments::v1::Gateway_Name(rule.gateway);
  }
  // Never stricter than MultiSafepay: no row requires customer fields on
  // direct orders that MultiSafepay's examples omit (browser, phone).
  for (const GatewayRule& rule : AllGatewayRules()) {
    EXPECT_EQ(rule.customer_required_direct, 0u)
        << payments::v1::Gateway_Name(rule.gateway);
  }
  // Card data belongs to cards only.
  const uint64_t card_number =
      FieldBit(payments::v1::GatewayInfo::kCardNumberFieldNumber);
  EXPECT_EQ(
      GatewayRuleFor(payments::v1::GATEWAY_IDEAL)->info_allowed & card_number,
      0u);
  EXPECT_NE(
      GatewayRuleFor(payments::v1::GATEWAY_VISA)->info_allowed & card_number,
      0u);
  // Maestro has no CVC.
  const uint64_t cvc = FieldBit(payments::v1::GatewayInfo::kCardCvcFieldNumber);
  EXPECT_EQ(
      GatewayRuleFor(payments::v1::GATEWAY_MAESTRO)->info_required_direct & cvc,
      0u);
  EXPECT_NE(
      GatewayRuleFor(payments::v1::GATEWAY_MASTERCARD)->info_required_direct &
          cvc,
      0u);
}

TEST(GatewayRulesTest, FamilyNames) {
  EXPECT_EQ(GatewayFamilyName(GatewayFamily::kBnpl), "BNPL");
  EXPECT_EQ(GatewayFamilyName(GatewayFamily::kPaymentPage), "payment page");
}

}  // namespace
}  // namespace msp_gateway
