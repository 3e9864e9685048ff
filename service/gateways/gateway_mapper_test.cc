// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/gateway_mapper.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace {

using json = nlohmann::json;

MspReply FromFile(const std::string& name) {
  std::ifstream in("tests/testdata/lifecycle/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream contents;
  contents << in.rdbuf();
  json envelope = json::parse(contents.str());
  return MspReply{200, envelope["data"]};
}

MspReply FromData(const char* data) { return MspReply{200, json::parse(data)}; }

std::string Reason(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  return info.has_value() ? info->reason() : "";
}

TEST(MapMspGatewayListTest, MultiSafepayExample) {
  absl::StatusOr<payments::v1::ListGatewaysResponse> list =
      MapMspGatewayList(FromFile("listGateways.json"));
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->gateways_size(), 2);
  EXPECT_EQ(list->gateways(0).gateway(), payments::v1::GATEWAY_VISA);
  EXPECT_EQ(list->gateways(0).id(), "VISA");
  EXPECT_EQ(list->gateways(0).description(), "Visa");
  EXPECT_EQ(list->gateways(0).type(), "");
  EXPECT_EQ(list->gateways(1).gateway(), payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(list->gateways(1).description(), "iDEAL");
}

TEST(MapMspGatewayListTest, MultiSafepayExampleWithCoupons) {
  absl::StatusOr<payments::v1::ListGatewaysResponse> list =
      MapMspGatewayList(FromFile("listGatewaysWithCoupons.json"));
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->gateways_size(), 4);
  EXPECT_EQ(list->gateways(2).gateway(), payments::v1::GATEWAY_EDENCOM);
  EXPECT_EQ(list->gateways(2).description(), "Ticket Compliments");
  EXPECT_EQ(list->gateways(2).type(), "coupon");
  EXPECT_EQ(list->gateways(3).gateway(), payments::v1::GATEWAY_EDENECO);
}

TEST(MapMspGatewayListTest, UnknownIdsKeepTheirId) {
  absl::StatusOr<payments::v1::ListGatewaysResponse> list = MapMspGatewayList(
      FromData(R"([{"id":"NEWPAY","description":"New Pay"},{"id":"ideal"}])"));
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->gateways(0).gateway(), payments::v1::GATEWAY_UNSPECIFIED);
  EXPECT_EQ(list->gateways(0).id(), "NEWPAY");
  EXPECT_EQ(list->gateways(1).gateway(), payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(list->gateways(1).id(), "ideal");
}

TEST(MapMspGatewayListTest, EmptyList) {
  absl::StatusOr<payments::v1::ListGatewaysResponse> list =
      MapMspGatewayList(FromData("[]"));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->gateways_size(), 0);
}

TEST(MapMspGatewayListTest, MalformedEntriesAreInvalidResponses) {
  for (const char* data : {R"({"id":"VISA"})", R"([{"id":"VISA"},"IDEAL"])",
                           R"([{"description":"no id"}])", R"([{"id":""}])"}) {
    absl::StatusOr<payments::v1::ListGatewaysResponse> list =
        MapMspGatewayList(FromData(data));
    EXPECT_EQ(list.status().code(), absl::StatusCode::kUnavailable) << data;
    EXPECT_EQ(Reason(list.status()), "MSP_INVALID_RESPONSE") << data;
    EXPECT_EQ(GetErrorInfo(list.status())->metadata().at("endpoint"),
              "GET /gateways");
  }
}

TEST(MapMspGatewayTest, OneGateway) {
  absl::StatusOr<payments::v1::GetGatewayResponse> gateway = MapMspGateway(
      FromData(R"({"id":"MISTERCASH","description":"Bancontact"})"));
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  EXPECT_EQ(gateway->gateway().gateway(), payments::v1::GATEWAY_MISTERCASH);
  EXPECT_EQ(gateway->gateway().id(), "MISTERCASH");
  EXPECT_EQ(gateway->gateway().description(), "Bancontact");
}

TEST(MapMspGatewayTest, MalformedIsInvalidResponse) {
  for (const char* data : {"[]", R"({"description":"Bancontact"})"}) {
    absl::StatusOr<payments::v1::GetGatewayResponse> gateway =
        MapMspGateway(FromData(data));
    EXPECT_EQ(Reason(gateway.status()), "MSP_INVALID_RESPONSE") << data;
    EXPECT_EQ(GetErrorInfo(gateway.status())->metadata().at("endpoint"),
              "GET /gateways/{gateway_id}");
  }
}

}  // namespace
}  // namespace msp_gateway
