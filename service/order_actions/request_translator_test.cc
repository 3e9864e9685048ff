// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/request_translator.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/order_actions/request_validator.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CancelOrderRequest;
using ::payments::v1::CaptureOrderRequest;
using ::payments::v1::CartItem;
using ::payments::v1::ListGatewaysRequest;
using ::payments::v1::RefundOrderRequest;
using ::payments::v1::UpdateOrderRequest;
using json = nlohmann::json;

constexpr char kTestdata[] = "tests/testdata/lifecycle/";

std::string ReadFile(const std::string& name) {
  std::ifstream in(kTestdata + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

template <typename Message>
Message ReadRequest(const std::string& name) {
  Message message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(ReadFile(name),
                                                            &message, options);
  EXPECT_TRUE(status.ok()) << name << ": " << status;
  return message;
}

// Golden pairs: a contract request and MultiSafepay's own example body.
TEST(GoldenTest, RefundMatchesMultiSafepayExample) {
  auto request = ReadRequest<RefundOrderRequest>("refund.request.json");
  ASSERT_TRUE(ValidateRefundOrder(request).ok());
  absl::StatusOr<std::string> body = TranslateRefundOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(json::parse(*body), json::parse(ReadFile("refund.msp.json")));
}

TEST(GoldenTest, BnplRefundMatchesMultiSafepayExamplePlusCurrency) {
  auto request = ReadRequest<RefundOrderRequest>("refundBNPL.request.json");
  ASSERT_TRUE(ValidateRefundOrder(request).ok());
  absl::StatusOr<std::string> body = TranslateRefundOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(json::parse(*body), json::parse(ReadFile("refundBNPL.msp.json")));
  // The only difference from MultiSafepay's example is the currency.
  json without_currency = json::parse(*body);
  without_currency.erase("currency");
  EXPECT_EQ(without_currency,
            json::parse(ReadFile("refundBNPL.example.msp.json")));
}

TEST(GoldenTest, ShipMatchesMultiSafepayExample) {
  auto request = ReadRequest<UpdateOrderRequest>("shipOrder.request.json");
  ASSERT_TRUE(ValidateUpdateOrder(request).ok());
  absl::StatusOr<std::string> body = TranslateUpdateOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(json::parse(*body), json::parse(ReadFile("shipOrder.msp.json")));
}

TEST(GoldenTest, CancelMatchesMultiSafepayExample) {
  auto request = ReadRequest<CancelOrderRequest>("cancelOrder.request.json");
  ASSERT_TRUE(ValidateCancelOrder(request).ok());
  absl::StatusOr<std::string> body = TranslateCancelOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(json::parse(*body), json::parse(ReadFile("cancelOrder.msp.json")));
}

TEST(GoldenTest, PartialCaptureMatchesMultiSafepayExample) {
  auto request =
      ReadRequest<CaptureOrderRequest>("partialCapture.request.json");
  ASSERT_TRUE(ValidateCaptureOrder(request).ok());
  absl::StatusOr<std::string> body = TranslateCaptureOrder(request);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(json::parse(*body),
            json::parse(ReadFile("partialCapture.msp.json")));
}

// Exact texts: key order, integer amounts, omitted optionals.

TEST(TranslateUpdateOrderTest, ExactBodies) {
  UpdateOrderRequest request;
  request.set_order_id("o-1");
  request.set_status(payments::v1::UPDATE_ORDER_STATUS_SHIPPED);
  request.set_carrier("PostNL");
  request.set_tracktrace_code("3S1");
  request.set_amount(9007199254740993);  // Not representable as a double.
  EXPECT_EQ(*TranslateUpdateOrder(request),
            R"({"status":"shipped","tracktrace_code":"3S1","carrier":"PostNL",)"
            R"("amount":9007199254740993})");

  UpdateOrderRequest invoice_only;
  invoice_only.set_order_id("o-1");
  invoice_only.set_invoice_id("INV-1");
  EXPECT_EQ(*TranslateUpdateOrder(invoice_only), R"({"invoice_id":"INV-1"})");

  UpdateOrderRequest cancel;
  cancel.set_order_id("o-1");
  cancel.set_status(payments::v1::UPDATE_ORDER_STATUS_CANCELLED);
  cancel.set_exclude_order(false);
  cancel.set_reason("");
  EXPECT_EQ(*TranslateUpdateOrder(cancel),
            R"({"status":"cancelled","reason":"","exclude_order":false})");

  UpdateOrderRequest klarna;
  klarna.set_order_id("o-1");
  klarna.set_extend_expiration(true);
  klarna.set_reason("Shipment is late");
  EXPECT_EQ(*TranslateUpdateOrder(klarna),
            R"({"reason":"Shipment is late","extend_expiration":true})");
}

TEST(TranslateUpdateOrderTest, UndefinedStatusIsRefused) {
  UpdateOrderRequest request;
  request.set_order_id("o-1");
  request.set_status(static_cast<payments::v1::UpdateOrderStatus>(9));
  absl::StatusOr<std::string> body = TranslateUpdateOrder(request);
  EXPECT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(GetFieldViolations(body.status()).size(), 1u);
  EXPECT_EQ(GetFieldViolations(body.status())[0].field, "status");
}

TEST(TranslateCancelOrderTest, AddsReasonWhenSet) {
  CancelOrderRequest request;
  request.set_order_id("o-1");
  EXPECT_EQ(*TranslateCancelOrder(request),
            R"({"status":"cancelled","exclude_order":true})");
  request.set_reason("customer changed their mind");
  EXPECT_EQ(*TranslateCancelOrder(request),
            R"({"status":"cancelled","exclude_order":true,)"
            R"("reason":"customer changed their mind"})");
}

TEST(TranslateCaptureOrderTest, FullCaptureOmitsAmount) {
  CaptureOrderRequest request;
  request.set_order_id("o-1");
  EXPECT_EQ(*TranslateCaptureOrder(request),
            R"({"new_order_status":"completed"})");
  request.set_amount(2000);
  request.set_ship_date("2026-01-02");
  EXPECT_EQ(*TranslateCaptureOrder(request),
            R"({"amount":2000,"new_order_status":"completed",)"
            R"("ship_date":"2026-01-02"})");
}

TEST(TranslateRefundOrderTest, FullRefundOmitsAmount) {
  RefundOrderRequest request;
  request.set_order_id("o-1");
  request.set_currency("EUR");
  EXPECT_EQ(*TranslateRefundOrder(request), R"({"currency":"EUR"})");
  request.set_amount(500);
  EXPECT_EQ(*TranslateRefundOrder(request),
            R"({"currency":"EUR","amount":500})");
}

TEST(TranslateRefundOrderTest, CartDecimalsAreExactJsonNumbers) {
  RefundOrderRequest request;
  request.set_order_id("o-1");
  request.set_currency("EUR");
  CartItem& item = *request.mutable_checkout_data()->add_items();
  item.set_name("Tea \xC3\xA9");
  item.set_unit_price("13.761467889");
  item.set_quantity(-2);
  item.mutable_weight()->set_unit("KG");
  item.mutable_weight()->set_value("0.10");
  item.set_currency("EUR");
  CartItem& discount = *request.mutable_checkout_data()->add_items();
  discount.set_unit_price("-5.00");
  discount.set_quantity(1);
  EXPECT_EQ(*TranslateRefundOrder(request),
            R"({"currency":"EUR","checkout_data":{"items":[)"
            "{\"name\":\"Tea \xC3\xA9\",\"unit_price\":13.761467889,"
            R"("quantity":-2,"weight":{"unit":"KG","value":0.10},)"
            R"("currency":"EUR"},{"unit_price":-5.00,"quantity":1}]}})");
}

TEST(TranslateRefundOrderTest, RefusesWhatIsNotADecimal) {
  RefundOrderRequest request;
  request.set_order_id("o-1");
  request.set_currency("EUR");
  request.mutable_checkout_data()->add_items()->set_unit_price("1");
  CartItem& bad = *request.mutable_checkout_data()->add_items();
  bad.set_unit_price("1\",\"x\":\"");  // Would break out of the number.
  absl::StatusOr<std::string> body = TranslateRefundOrder(request);
  EXPECT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(GetFieldViolations(body.status()).size(), 1u);
  EXPECT_EQ(GetFieldViolations(body.status())[0].field,
            "checkout_data.items[1].unit_price");
  bad.set_unit_price("2");
  bad.mutable_weight()->set_value("NaN");
  body = TranslateRefundOrder(request);
  EXPECT_EQ(GetFieldViolations(body.status())[0].field,
            "checkout_data.items[1].weight.value");
}

TEST(TranslateListGatewaysTest, CopiesSetFiltersOnly) {
  ListGatewaysRequest request;
  MspGatewayFilter filter = TranslateListGateways(request);
  EXPECT_FALSE(filter.country.has_value());
  EXPECT_FALSE(filter.currency.has_value());
  EXPECT_FALSE(filter.amount.has_value());
  EXPECT_FALSE(filter.include_coupons);
  request.set_country("BE");
  request.set_currency("EUR");
  request.set_amount(1000);
  request.set_include_coupons(true);
  filter = TranslateListGateways(request);
  EXPECT_EQ(filter.country, "BE");
  EXPECT_EQ(filter.currency, "EUR");
  EXPECT_EQ(filter.amount, 1000);
  EXPECT_TRUE(filter.include_coupons);
}

}  // namespace
}  // namespace msp_gateway
