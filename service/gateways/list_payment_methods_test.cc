// Copyright 2026 The msp-gateway Authors.

#include "service/gateways/list_payment_methods.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/rpc/spec_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::ListPaymentMethodsRequest;
using ::payments::v1::ListPaymentMethodsResponse;
using testing::Fields;
using testing::MspExample;
using testing::ReplyFromData;
using testing::ReplyFromFile;

using Strings = std::vector<std::string>;

Strings Of(const google::protobuf::RepeatedPtrField<std::string>& values) {
  return Strings(values.begin(), values.end());
}

TEST(ValidateListPaymentMethodsTest, FiltersAreOptionalAndChecked) {
  ListPaymentMethodsRequest request;
  EXPECT_TRUE(ValidateListPaymentMethods(request).ok());
  request.set_country("BE");
  request.set_currency("EUR");
  request.set_amount(1000);
  request.set_include_coupons(true);
  request.set_group_cards(true);
  EXPECT_TRUE(ValidateListPaymentMethods(request).ok());
  request.set_country("Belgium");
  request.set_currency("eur");
  request.set_amount(-5);
  const absl::Status status = ValidateListPaymentMethods(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "ListPaymentMethods request has 3 invalid fields");
  EXPECT_EQ(Fields(status), (Strings{"country", "currency", "amount"}));
}

TEST(TranslateListPaymentMethodsTest, SendsSetFiltersOnly) {
  ListPaymentMethodsRequest request;
  absl::StatusOr<MspRequest> call = TranslateListPaymentMethods(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kListPaymentMethods);
  EXPECT_EQ(MspOperationInfoOf(call->operation).method, "GET");
  EXPECT_EQ(call->path, "/payment-methods");
  EXPECT_EQ(call->body, "");
  request.set_country("BE");
  request.set_amount(1000);
  request.set_group_cards(true);
  EXPECT_EQ(TranslateListPaymentMethods(request)->path,
            "/payment-methods?country=BE&amount=1000&group_cards=1");
  request.set_currency("EUR");
  request.set_include_coupons(true);
  EXPECT_EQ(TranslateListPaymentMethods(request)->path,
            "/payment-methods?country=BE&currency=EUR&amount=1000&"
            "include_coupons=1&group_cards=1");
}

TEST(MapListPaymentMethodsResultTest, MultiSafepayExample) {
  absl::StatusOr<ListPaymentMethodsResponse> list = MapListPaymentMethodsResult(
      ListPaymentMethodsRequest(),
      ReplyFromFile(MspExample("responses/listPaymentMethods.json")));
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_GE(list->payment_methods_size(), 1);
  const payments::v1::PaymentMethod& visa = list->payment_methods(0);
  EXPECT_EQ(visa.gateway(), payments::v1::GATEWAY_VISA);
  EXPECT_EQ(visa.id(), "VISA");
  EXPECT_EQ(visa.name(), "Visa");
  EXPECT_EQ(visa.type(), "payment-method");
  EXPECT_EQ(visa.min_amount(), 0);
  EXPECT_FALSE(visa.has_max_amount());  // "max": null
  EXPECT_TRUE(visa.allowed_countries().empty());
  EXPECT_EQ(visa.allowed_currencies_size(), 38);
  EXPECT_EQ(visa.allowed_currencies(10), "EUR");
  EXPECT_TRUE(visa.apps().fastcheckout_enabled());
  EXPECT_TRUE(visa.apps().payment_components_enabled());
  EXPECT_TRUE(visa.apps().payment_components_has_fields());
  EXPECT_FALSE(visa.apps().payment_components_qr_supported());
  ASSERT_EQ(visa.brands_size(), 1);
  EXPECT_EQ(visa.brands(0).id(), "POSTEPAY");
  EXPECT_EQ(visa.brands(0).icon_urls().vector(),
            "https://media.multisafepay.com/img/methods/svg/postepay.svg");
  EXPECT_EQ(visa.icon_urls().large(),
            "https://media.multisafepay.com/img/methods/3x/visa.png");
  EXPECT_FALSE(visa.tokenization().enabled());
  EXPECT_FALSE(visa.shopping_cart_required());
}

TEST(MapListPaymentMethodsResultTest, LimitsModelsAndPhpShapes) {
  absl::StatusOr<ListPaymentMethodsResponse> list = MapListPaymentMethodsResult(
      ListPaymentMethodsRequest(), ReplyFromData(R"([
        {"id": "KLARNA", "name": "Klarna", "type": "payment-method",
         "allowed_amount": {"min": "100", "max": 500000},
         "allowed_countries": ["NL", "DE"], "allowed_currencies": {},
         "required_customer_data": ["birthday"],
         "shopping_cart_required": true,
         "tokenization": {"is_enabled": 1,
                          "models": {"cardonfile": true, "subscription": false,
                                     "unscheduled": "1"}}},
        {"id": "SOMENEWMETHOD", "type": "coupon"}
      ])"));
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->payment_methods_size(), 2);
  const payments::v1::PaymentMethod& klarna = list->payment_methods(0);
  EXPECT_EQ(klarna.gateway(), payments::v1::GATEWAY_KLARNA);
  EXPECT_EQ(klarna.min_amount(), 100);
  ASSERT_TRUE(klarna.has_max_amount());
  EXPECT_EQ(klarna.max_amount(), 500000);
  EXPECT_EQ(Of(klarna.allowed_countries()), (Strings{"NL", "DE"}));
  EXPECT_TRUE(klarna.allowed_currencies().empty());
  EXPECT_EQ(Of(klarna.required_customer_data()), (Strings{"birthday"}));
  EXPECT_TRUE(klarna.shopping_cart_required());
  EXPECT_TRUE(klarna.tokenization().enabled());
  EXPECT_TRUE(klarna.tokenization().card_on_file());
  EXPECT_FALSE(klarna.tokenization().subscription());
  EXPECT_TRUE(klarna.tokenization().unscheduled());
  // An ID this contract does not know is kept, with the gateway unspecified.
  EXPECT_EQ(list->payment_methods(1).gateway(),
            payments::v1::GATEWAY_UNSPECIFIED);
  EXPECT_EQ(list->payment_methods(1).id(), "SOMENEWMETHOD");
}

TEST(MapListPaymentMethodsResultTest, MalformedRepliesAreInvalidResponses) {
  const char* kEndpoint = "GET /payment-methods";
  for (const char* data : {
           R"({"id": "VISA"})",                                 // not an array
           R"(["VISA"])",                                       // not an object
           R"([{"name": "Visa"}])",                             // no id
           R"([{"id": "VISA", "allowed_currencies": "EUR"}])",  // not a list
           R"([{"id": "VISA", "allowed_currencies": [1]}])",
           R"([{"id": "VISA", "allowed_amount": {"min": "ten"}}])",
       }) {
    SCOPED_TRACE(data);
    testing::ExpectInvalidResponse(
        MapListPaymentMethodsResult(ListPaymentMethodsRequest(),
                                    ReplyFromData(data))
            .status(),
        kEndpoint);
  }
}

TEST(ListPaymentMethodsSpecTest, IsTheUnitsOwn) {
  testing::ExpectSpecOf(kListPaymentMethodsSpec, "ListPaymentMethods",
                        ValidateListPaymentMethods, TranslateListPaymentMethods,
                        MapListPaymentMethodsResult);
}

}  // namespace
}  // namespace msp_gateway
