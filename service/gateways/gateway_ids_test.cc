// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/gateway_ids.h"

#include <string>

#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

using ::payments::v1::Gateway;

TEST(GatewayIdTest, IsTheValueNameWithoutPrefix) {
  EXPECT_EQ(GatewayId(payments::v1::GATEWAY_MISTERCASH), "MISTERCASH");
  EXPECT_EQ(GatewayId(payments::v1::GATEWAY_IDEAL), "IDEAL");
  EXPECT_EQ(GatewayId(payments::v1::GATEWAY_BNPL_MF), "BNPL_MF");
  EXPECT_EQ(GatewayId(payments::v1::GATEWAY_IN3B2B), "IN3B2B");
  EXPECT_EQ(GatewayId(payments::v1::GATEWAY_VVVGIFTCRD), "VVVGIFTCRD");
  EXPECT_EQ(GatewayId(payments::v1::GATEWAY_WELLNESSGIFTCARD),
            "WELLNESSGIFTCARD");
}

TEST(GatewayIdTest, EmptyForUnspecifiedAndUndefinedNumbers) {
  EXPECT_EQ(GatewayId(payments::v1::GATEWAY_UNSPECIFIED), "");
  EXPECT_EQ(GatewayId(static_cast<Gateway>(999)), "");
  EXPECT_EQ(GatewayId(static_cast<Gateway>(43)), "");
  EXPECT_EQ(GatewayId(static_cast<Gateway>(-1)), "");
}

// Every value of the contract maps to a non-empty upper-case ID and back, and
// no two values share an ID.
TEST(GatewayIdTest, EveryValueRoundTrips) {
  const google::protobuf::EnumDescriptor* descriptor =
      payments::v1::Gateway_descriptor();
  ASSERT_GT(descriptor->value_count(), 90);
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const auto gateway = static_cast<Gateway>(descriptor->value(i)->number());
    if (gateway == payments::v1::GATEWAY_UNSPECIFIED) continue;
    const std::string id(GatewayId(gateway));
    SCOPED_TRACE(descriptor->value(i)->name());
    ASSERT_FALSE(id.empty());
    for (char c : id) {
      EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
          << id;
    }
    EXPECT_EQ(GatewayFromId(id), gateway);
  }
}

TEST(GatewayFromIdTest, IgnoresCase) {
  EXPECT_EQ(GatewayFromId("MISTERCASH"), payments::v1::GATEWAY_MISTERCASH);
  EXPECT_EQ(GatewayFromId("mistercash"), payments::v1::GATEWAY_MISTERCASH);
  // The spelling of MultiSafepay's own docs example.
  EXPECT_EQ(GatewayFromId("iDEAL"), payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(GatewayFromId("bnpl_mf"), payments::v1::GATEWAY_BNPL_MF);
}

TEST(GatewayFromIdTest, RejectsUnknownIds) {
  for (const char* id :
       {"", "UNSPECIFIED", "GATEWAY_UNSPECIFIED", "GATEWAY_MISTERCASH",
        "BANCONTACT", "PAYAFTER", " IDEAL", "IDEAL ", "MISTER CASH"}) {
    EXPECT_EQ(GatewayFromId(id), std::nullopt) << '"' << id << '"';
  }
}

}  // namespace
}  // namespace msp_gateway
