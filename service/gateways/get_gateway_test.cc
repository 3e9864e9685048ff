// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/get_gateway.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/rpc/spec_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::GetGatewayRequest;
using testing::Description;
using testing::ErrorReason;
using testing::Fields;
using testing::ReplyFromData;

using Strings = std::vector<std::string>;

TEST(ValidateGetGatewayTest, GatewayRequiredAndDefined) {
  GetGatewayRequest request;
  EXPECT_EQ(Fields(ValidateGetGateway(request)), Strings{"gateway"});
  request.set_gateway(payments::v1::GATEWAY_MISTERCASH);
  EXPECT_TRUE(ValidateGetGateway(request).ok());
  request.set_gateway(payments::v1::GATEWAY_VVVGIFTCRD);
  EXPECT_TRUE(ValidateGetGateway(request).ok());
  request.set_gateway(static_cast<payments::v1::Gateway>(99));
  EXPECT_EQ(Description(ValidateGetGateway(request), "gateway"),
            "must be a defined Gateway value, got 99");
}

TEST(TranslateGetGatewayTest, TheGatewaysMultiSafepayId) {
  GetGatewayRequest request;
  request.set_gateway(payments::v1::GATEWAY_MISTERCASH);
  absl::StatusOr<MspRequest> call = TranslateGetGateway(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kGetGateway);
  EXPECT_EQ(call->path, "/gateways/MISTERCASH");
  EXPECT_EQ(call->body, "");
  // No ID, nothing to send (ValidateGetGateway() refuses both).
  request.set_gateway(payments::v1::GATEWAY_UNSPECIFIED);
  EXPECT_EQ(TranslateGetGateway(request).status().code(),
            absl::StatusCode::kInvalidArgument);
  request.set_gateway(static_cast<payments::v1::Gateway>(99));
  EXPECT_EQ(TranslateGetGateway(request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(MapGetGatewayResultTest, OneGateway) {
  absl::StatusOr<payments::v1::GetGatewayResponse> gateway =
      MapGetGatewayResult(
          GetGatewayRequest(),
          ReplyFromData(R"({"id":"MISTERCASH","description":"Bancontact"})"));
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  EXPECT_EQ(gateway->gateway().gateway(), payments::v1::GATEWAY_MISTERCASH);
  EXPECT_EQ(gateway->gateway().id(), "MISTERCASH");
  EXPECT_EQ(gateway->gateway().description(), "Bancontact");
}

TEST(MapGetGatewayResultTest, MalformedIsInvalidResponse) {
  for (const char* data : {"[]", R"({"description":"Bancontact"})"}) {
    absl::StatusOr<payments::v1::GetGatewayResponse> gateway =
        MapGetGatewayResult(GetGatewayRequest(), ReplyFromData(data));
    EXPECT_EQ(ErrorReason(gateway.status()), "MSP_INVALID_RESPONSE") << data;
    EXPECT_EQ(GetErrorInfo(gateway.status())->metadata().at("endpoint"),
              "GET /gateways/{gateway_id}");
  }
}

TEST(GetGatewaySpecTest, IsThisUnit) {
  testing::ExpectSpecOf(kGetGatewaySpec, "GetGateway", ValidateGetGateway,
                        TranslateGetGateway, MapGetGatewayResult);
}

}  // namespace
}  // namespace msp_gateway
