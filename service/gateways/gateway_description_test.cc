// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/gateway_description.h"

#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"

namespace msp_gateway {
namespace {

using json = nlohmann::json;

struct Mapped {
  payments::v1::GatewayDescription description;
  std::string problem;
};

Mapped Map(const char* text, const std::string& path = "data") {
  const json object = json::parse(text);
  Mapped out;
  MapMspGatewayDescription(MspFields(object, path, out.problem),
                           out.description);
  return out;
}

TEST(MapMspGatewayDescriptionTest, KnownIdIgnoringCase) {
  Mapped m = Map(R"({"id":"EDENCOM","description":"Ticket Compliments",)"
                 R"("type":"coupon"})");
  EXPECT_EQ(m.problem, "");
  EXPECT_EQ(m.description.gateway(), payments::v1::GATEWAY_EDENCOM);
  EXPECT_EQ(m.description.id(), "EDENCOM");
  EXPECT_EQ(m.description.description(), "Ticket Compliments");
  EXPECT_EQ(m.description.type(), "coupon");
  m = Map(R"({"id":"iDEAL"})");
  EXPECT_EQ(m.description.gateway(), payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(m.description.id(), "iDEAL");
}

TEST(MapMspGatewayDescriptionTest, UnknownIdIsKeptNotAnError) {
  Mapped m = Map(R"({"id":"NEWPAY","description":"New Pay"})");
  EXPECT_EQ(m.problem, "");
  EXPECT_EQ(m.description.gateway(), payments::v1::GATEWAY_UNSPECIFIED);
  EXPECT_EQ(m.description.id(), "NEWPAY");
}

TEST(MapMspGatewayDescriptionTest, MissingIdIsAProblemNamingItsPath) {
  EXPECT_EQ(Map(R"({"description":"no id"})", "data[3]").problem,
            "\"data[3].id\" is missing");
  EXPECT_EQ(Map(R"({"id":""})").problem, "\"data.id\" is missing");
}

}  // namespace
}  // namespace msp_gateway
