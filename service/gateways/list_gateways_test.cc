// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/list_gateways.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/rpc/spec_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::ListGatewaysRequest;
using testing::Description;
using testing::ErrorReason;
using testing::Fields;
using testing::MspExample;
using testing::ReplyFromData;
using testing::ReplyFromFile;

using Strings = std::vector<std::string>;

// --- ValidateListGateways ----------------------------------------------------

TEST(ValidateListGatewaysTest, FiltersAreOptional) {
  ListGatewaysRequest request;
  EXPECT_TRUE(ValidateListGateways(request).ok());
  request.set_country("BE");
  request.set_currency("EUR");
  request.set_amount(1000);
  request.set_include_coupons(true);
  EXPECT_TRUE(ValidateListGateways(request).ok());
}

TEST(ValidateListGatewaysTest, Violations) {
  ListGatewaysRequest request;
  request.set_country("be");
  request.set_currency("EURO");
  request.set_amount(0);
  absl::Status status = ValidateListGateways(request);
  EXPECT_EQ(status.message(), "ListGateways request has 3 invalid fields");
  EXPECT_EQ(Fields(status), (Strings{"country", "currency", "amount"}));
  request.set_country("UK");  // Reserved, not assigned.
  request.set_currency("XXY");
  request.set_amount(1);
  status = ValidateListGateways(request);
  EXPECT_EQ(Description(status, "country"),
            "must be an ISO 3166-1 alpha-2 code, got UK");
  EXPECT_EQ(Fields(status), (Strings{"country", "currency"}));
  request.set_country("");
  EXPECT_EQ(Fields(ValidateListGateways(request)),
            (Strings{"country", "currency"}));
}

// --- TranslateListGateways ---------------------------------------------------

TEST(TranslateListGatewaysTest, SendsSetFiltersOnly) {
  ListGatewaysRequest request;
  absl::StatusOr<MspRequest> call = TranslateListGateways(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kListGateways);
  EXPECT_EQ(call->path, "/gateways");
  EXPECT_EQ(call->body, "");
  request.set_country("BE");
  request.set_currency("EUR");
  request.set_amount(1000);
  request.set_include_coupons(true);
  call = TranslateListGateways(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->path,
            "/gateways?country=BE&currency=EUR&amount=1000&include=coupons");
  request.clear_country();
  request.clear_amount();
  EXPECT_EQ(TranslateListGateways(request)->path,
            "/gateways?currency=EUR&include=coupons");
  request.set_include_coupons(false);
  request.set_amount(1);
  EXPECT_EQ(TranslateListGateways(request)->path,
            "/gateways?currency=EUR&amount=1");
}

// The query of GET /gateways: set filters only, in MultiSafepay's order,
// values percent-encoded.
TEST(ListGatewaysQueryTest, ListGatewaysBuildsTheQuery) {
  ListGatewaysRequest request;
  request.set_country("BE");
  request.set_currency("EUR");
  request.set_amount(1000);
  request.set_include_coupons(true);
  absl::StatusOr<MspRequest> call = TranslateListGateways(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kListGateways);
  EXPECT_EQ(MspOperationInfoOf(call->operation).method, "GET");
  EXPECT_EQ(call->path,
            "/gateways?country=BE&currency=EUR&amount=1000&include=coupons");
  EXPECT_EQ(call->body, "");

  absl::StatusOr<MspRequest> all = TranslateListGateways(ListGatewaysRequest());
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->path, "/gateways");
}

TEST(ListGatewaysQueryTest, ListGatewaysEncodesQueryValues) {
  ListGatewaysRequest request;
  request.set_country("B&E=");  // Validation stops this; the query encodes.
  absl::StatusOr<MspRequest> call = TranslateListGateways(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->path, "/gateways?country=B%26E%3D");
}

TEST(TranslateListGatewaysTest, AFilterSetToEmptyIsSent) {
  ListGatewaysRequest request;
  request.set_country("");  // Validation refuses it; the query keeps it.
  EXPECT_EQ(TranslateListGateways(request)->path, "/gateways?country=");
}

// --- MapListGatewaysResult ---------------------------------------------------

TEST(MapListGatewaysResultTest, MultiSafepayExample) {
  absl::StatusOr<payments::v1::ListGatewaysResponse> list =
      MapListGatewaysResult(
          ListGatewaysRequest(),
          ReplyFromFile(MspExample("responses/listGateways.json")));
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->gateways_size(), 2);
  EXPECT_EQ(list->gateways(0).gateway(), payments::v1::GATEWAY_VISA);
  EXPECT_EQ(list->gateways(0).id(), "VISA");
  EXPECT_EQ(list->gateways(0).description(), "Visa");
  EXPECT_EQ(list->gateways(0).type(), "");
  EXPECT_EQ(list->gateways(1).gateway(), payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(list->gateways(1).description(), "iDEAL");
}

TEST(MapListGatewaysResultTest, MultiSafepayExampleWithCoupons) {
  absl::StatusOr<payments::v1::ListGatewaysResponse> list =
      MapListGatewaysResult(
          ListGatewaysRequest(),
          ReplyFromFile(MspExample("responses/listGatewaysWithCoupons.json")));
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->gateways_size(), 4);
  EXPECT_EQ(list->gateways(2).gateway(), payments::v1::GATEWAY_EDENCOM);
  EXPECT_EQ(list->gateways(2).description(), "Ticket Compliments");
  EXPECT_EQ(list->gateways(2).type(), "coupon");
  EXPECT_EQ(list->gateways(3).gateway(), payments::v1::GATEWAY_EDENECO);
}

TEST(MapListGatewaysResultTest, UnknownIdsKeepTheirId) {
  absl::StatusOr<payments::v1::ListGatewaysResponse> list =
      MapListGatewaysResult(
          ListGatewaysRequest(),
          ReplyFromData(
              R"([{"id":"NEWPAY","description":"New Pay"},{"id":"ideal"}])"));
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->gateways(0).gateway(), payments::v1::GATEWAY_UNSPECIFIED);
  EXPECT_EQ(list->gateways(0).id(), "NEWPAY");
  EXPECT_EQ(list->gateways(1).gateway(), payments::v1::GATEWAY_IDEAL);
  EXPECT_EQ(list->gateways(1).id(), "ideal");
}

TEST(MapListGatewaysResultTest, EmptyList) {
  absl::StatusOr<payments::v1::ListGatewaysResponse> list =
      MapListGatewaysResult(ListGatewaysRequest(), ReplyFromData("[]"));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->gateways_size(), 0);
}

TEST(MapListGatewaysResultTest, MalformedEntriesAreInvalidResponses) {
  for (const char* data : {R"({"id":"VISA"})", R"([{"id":"VISA"},"IDEAL"])",
                           R"([{"description":"no id"}])", R"([{"id":""}])"}) {
    absl::StatusOr<payments::v1::ListGatewaysResponse> list =
        MapListGatewaysResult(ListGatewaysRequest(), ReplyFromData(data));
    EXPECT_EQ(list.status().code(), absl::StatusCode::kUnavailable) << data;
    EXPECT_EQ(ErrorReason(list.status()), "MSP_INVALID_RESPONSE") << data;
    EXPECT_EQ(GetErrorInfo(list.status())->metadata().at("endpoint"),
              "GET /gateways");
  }
}

TEST(ListGatewaysSpecTest, IsThisUnit) {
  testing::ExpectSpecOf(kListGatewaysSpec, "ListGateways", ValidateListGateways,
                        TranslateListGateways, MapListGatewaysResult);
}

}  // namespace
}  // namespace msp_gateway
