// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/refund_order.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/rpc/spec_test_util.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CartItem;
using ::payments::v1::RefundOrderRequest;
using ::payments::v1::RefundOrderResponse;
using json = nlohmann::json;
using testing::Description;
using testing::ExpectInvalidResponse;
using testing::Fields;
using testing::LifecycleTestdata;
using testing::MspExample;
using testing::ReadRequest;
using testing::ReadTestFile;
using testing::ReplyFromData;
using testing::ReplyFromFile;

using Verdict = LookupVerdict<RefundOrderResponse>;

using Strings = std::vector<std::string>;

constexpr char kRequestId[] = "3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f";

// --- ValidateRefundOrder (order_id, request_id: order_action_fields_test) ---

RefundOrderRequest Refund() {
  RefundOrderRequest request;
  request.set_order_id("o-1");
  request.set_currency("EUR");
  request.set_request_id(kRequestId);
  return request;
}

CartItem Line(const std::string& unit_price, int64_t quantity) {
  CartItem item;
  item.set_name("Test");
  item.set_unit_price(unit_price);
  item.set_quantity(quantity);
  item.set_merchant_item_id("1111");
  return item;
}

TEST(ValidateRefundOrderTest, FullPartialAndBnplRefunds) {
  RefundOrderRequest request = Refund();
  EXPECT_TRUE(ValidateRefundOrder(request).ok());
  request.set_amount(500);
  request.set_description("");
  request.set_refund_order_id("refund-order-id-1234");
  request.set_var1(std::string(500, 'v'));
  EXPECT_TRUE(ValidateRefundOrder(request).ok());

  RefundOrderRequest bnpl = Refund();
  *bnpl.mutable_checkout_data()->add_items() = Line("100", 1);
  *bnpl.mutable_checkout_data()->add_items() = Line("-100", 1);
  *bnpl.mutable_checkout_data()->add_items() = Line("13.761467889", -2);
  CartItem& weighed = *bnpl.mutable_checkout_data()->add_items();
  weighed = Line("-5.00", 1);
  weighed.mutable_weight()->set_unit("KG");
  weighed.mutable_weight()->set_value("0.5");
  weighed.set_currency("EUR");
  EXPECT_TRUE(ValidateRefundOrder(bnpl).ok()) << ValidateRefundOrder(bnpl);
}

TEST(ValidateRefundOrderTest, CurrencyRequiredAndIso) {
  RefundOrderRequest request = Refund();
  request.clear_currency();
  EXPECT_EQ(Fields(ValidateRefundOrder(request)), Strings{"currency"});
  request.set_currency("eur");
  EXPECT_EQ(Description(ValidateRefundOrder(request), "currency"),
            "must be 3 upper-case letters (an ISO 4217 code such as EUR)");
  request.set_currency("ABC");
  EXPECT_EQ(Description(ValidateRefundOrder(request), "currency"),
            "must be an active ISO 4217 currency code, got ABC");
  request.set_currency("JPY");
  EXPECT_TRUE(ValidateRefundOrder(request).ok());
}

TEST(ValidateRefundOrderTest, AmountMustBePositiveWhenSet) {
  RefundOrderRequest request = Refund();
  request.set_amount(0);  // MultiSafepay would refund everything.
  absl::Status status = ValidateRefundOrder(request);
  EXPECT_EQ(Fields(status), Strings{"amount"});
  EXPECT_NE(Description(status, "amount").find("leave it unset to refund"),
            std::string::npos);
  request.set_amount(-100);
  EXPECT_EQ(Fields(ValidateRefundOrder(request)), Strings{"amount"});
}

TEST(ValidateRefundOrderTest, TextLimits) {
  RefundOrderRequest request = Refund();
  request.set_description(std::string(151, 'd'));
  request.set_refund_order_id("");
  request.set_var2(std::string(501, 'v'));
  request.set_var3(std::string(501, 'v'));
  absl::Status status = ValidateRefundOrder(request);
  EXPECT_EQ(status.message(), "RefundOrder request has 4 invalid fields");
  EXPECT_EQ(Fields(status),
            (Strings{"description", "refund_order_id", "var2", "var3"}));
  // 150 characters, leaving MultiSafepay's last 50 for the marker.
  EXPECT_EQ(Description(status, "description"),
            "must be at most 150 characters (MultiSafepay's 200 less the \" "
            "[request_id:<uuid>]\" the gateway appends), got 151");
  request = Refund();
  request.set_description(std::string(150, 'd'));
  EXPECT_TRUE(ValidateRefundOrder(request).ok());
  request = Refund();
  request.set_refund_order_id(std::string(51, 'r'));
  EXPECT_EQ(Fields(ValidateRefundOrder(request)), Strings{"refund_order_id"});
}

// Defect 5 of issue 8: cart sizes are capped, counted before any line.
TEST(ValidateRefundOrderTest, CheckoutDataAtMostAThousandLines) {
  RefundOrderRequest request = Refund();
  for (int i = 0; i < 1000; ++i) {
    *request.mutable_checkout_data()->add_items() = Line("1", 1);
  }
  EXPECT_TRUE(ValidateRefundOrder(request).ok());
  for (int i = 0; i < 39000; ++i) {
    *request.mutable_checkout_data()->add_items() = Line("bad", 0);
  }
  const absl::Status status = ValidateRefundOrder(request);
  EXPECT_EQ(status.message(), "RefundOrder request has 1 invalid field");
  EXPECT_EQ(Description(status, "checkout_data.items"),
            "must have at most 1000 items, got 40000");
}

TEST(ValidateRefundOrderTest, CheckoutDataLines) {
  RefundOrderRequest request = Refund();
  request.mutable_checkout_data();  // Set but empty.
  EXPECT_EQ(Fields(ValidateRefundOrder(request)),
            Strings{"checkout_data.items"});

  request = Refund();
  auto* items = request.mutable_checkout_data()->mutable_items();
  *items->Add() = Line("100", 1);    // [0] fine
  *items->Add() = Line("", 1);       // [1] no price
  *items->Add() = Line("1e2", 1);    // [2] exponent
  *items->Add() = Line("100.0", 0);  // [3] zero quantity
  CartItem& heavy = *items->Add();   // [4] bad weight
  heavy = Line("1", 1);
  heavy.mutable_weight()->set_unit("LB");
  heavy.mutable_weight()->set_value("1,5");
  CartItem& dollars = *items->Add();  // [5] other currency
  dollars = Line("1", 1);
  dollars.set_currency("USD");
  CartItem& bogus = *items->Add();  // [6] not a currency
  bogus = Line("1", 1);
  bogus.set_currency("XYZ");
  *items->Add() = Line("0.12345678901", 1);     // [7] 11 decimals
  *items->Add() = Line("1234567890123456", 1);  // [8] 16 integer digits
  CartItem& negative = *items->Add();           // [9] negative weight
  negative = Line("1", 1);
  negative.mutable_weight()->set_unit("G");
  negative.mutable_weight()->set_value("-1");
  absl::Status status = ValidateRefundOrder(request);
  EXPECT_EQ(Fields(status), (Strings{"checkout_data.items[1].unit_price",
                                     "checkout_data.items[2].unit_price",
                                     "checkout_data.items[3].quantity",
                                     "checkout_data.items[4].weight.unit",
                                     "checkout_data.items[4].weight.value",
                                     "checkout_data.items[5].currency",
                                     "checkout_data.items[6].currency",
                                     "checkout_data.items[7].unit_price",
                                     "checkout_data.items[8].unit_price",
                                     "checkout_data.items[9].weight.value"}));
  EXPECT_EQ(Description(status, "checkout_data.items[7].unit_price"),
            "must have at most 10 decimals, got 11");
  EXPECT_EQ(Description(status, "checkout_data.items[5].currency"),
            "must equal the refund's currency EUR, got USD");
  EXPECT_NE(Description(status, "checkout_data.items[1].unit_price")
                .find("is required"),
            std::string::npos);
}

TEST(ValidateRefundOrderTest, RequestIdRequired) {
  RefundOrderRequest request = Refund();
  request.clear_request_id();
  absl::Status status = ValidateRefundOrder(request);
  EXPECT_EQ(Fields(status), Strings{"request_id"});
  EXPECT_NE(Description(status, "request_id").find("is required"),
            std::string::npos);
  request.set_request_id("refund-1");
  EXPECT_EQ(Fields(ValidateRefundOrder(request)), Strings{"request_id"});
  request.set_request_id("3F2C1A9E-7B4D-4C8E-9F01-2A3B4C5D6E7F");
  EXPECT_TRUE(ValidateRefundOrder(request).ok());
}

TEST(ValidateRefundOrderTest, NeverQuotesFreeText) {
  RefundOrderRequest request = Refund();
  request.set_currency("jan@example.com");
  request.set_description(std::string(140, 'x') + "<script>");
  request.set_request_id("jan@example.com");
  absl::Status status = ValidateRefundOrder(request);
  EXPECT_EQ(std::string(status.ToString()).find("jan@example.com"),
            std::string::npos);
  for (const FieldViolation& v : GetFieldViolations(status)) {
    EXPECT_EQ(v.description.find("jan@"), std::string::npos);
    EXPECT_EQ(v.description.find("script"), std::string::npos);
  }
}

// --- TranslateRefundOrder ----------------------------------------------------

// Golden pairs: a contract request and MultiSafepay's own example body,
// with what the contract adds (tests/testdata/lifecycle/README.md).
TEST(GoldenTest, RefundMatchesMultiSafepayExamplePlusMarker) {
  auto request =
      ReadRequest<RefundOrderRequest>(LifecycleTestdata("refund.request.json"));
  ASSERT_TRUE(ValidateRefundOrder(request).ok());
  absl::StatusOr<MspRequest> call = TranslateRefundOrder(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(json::parse(call->body),
            json::parse(ReadTestFile(LifecycleTestdata("refund.msp.json"))));
  // The only difference from MultiSafepay's example is the description
  // (its own is ""), which carries the request_id.
  json example =
      json::parse(ReadTestFile(MspExample("requests/refunds/refund.json")));
  example["description"] = "[request_id:5d0d1b0e-6a8f-4c1e-9d3b-2f7a4c8e1b60]";
  EXPECT_EQ(json::parse(call->body), example);
}

TEST(GoldenTest, BnplRefundMatchesMultiSafepayExamplePlusCurrencyAndMarker) {
  auto request = ReadRequest<RefundOrderRequest>(
      LifecycleTestdata("refundBNPL.request.json"));
  ASSERT_TRUE(ValidateRefundOrder(request).ok());
  absl::StatusOr<MspRequest> call = TranslateRefundOrder(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(
      json::parse(call->body),
      json::parse(ReadTestFile(LifecycleTestdata("refundBNPL.msp.json"))));
  // The only differences from MultiSafepay's example: currency, description.
  json rest = json::parse(call->body);
  rest.erase("currency");
  EXPECT_EQ(rest["description"],
            "[request_id:a8e3c5d2-4b1f-4e6a-8c9d-7f2e1a3b5c40]");
  rest.erase("description");
  EXPECT_EQ(rest, json::parse(ReadTestFile(
                      MspExample("requests/refunds/refundBNPL.json"))));
}

TEST(TranslateRefundOrderTest, PostsToTheEncodedOrdersRefunds) {
  RefundOrderRequest request;
  request.set_order_id("o 1");
  request.set_currency("EUR");
  absl::StatusOr<MspRequest> call = TranslateRefundOrder(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kRefundOrder);
  EXPECT_EQ(call->path, "/orders/o%201/refunds");
  request.clear_order_id();
  EXPECT_EQ(TranslateRefundOrder(request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Exact texts: key order, integer amounts, omitted optionals.

TEST(TranslateRefundOrderTest, FullRefundOmitsAmount) {
  RefundOrderRequest request;
  request.set_order_id("o-1");
  request.set_currency("EUR");
  EXPECT_EQ(TranslateRefundOrder(request)->body, R"({"currency":"EUR"})");
  request.set_amount(500);
  EXPECT_EQ(TranslateRefundOrder(request)->body,
            R"({"currency":"EUR","amount":500})");
}

TEST(TranslateRefundOrderTest, TheDescriptionCarriesTheLowerCaseRequestId) {
  RefundOrderRequest request = Refund();
  request.set_request_id("3F2C1A9E-7B4D-4C8E-9F01-2A3B4C5D6E7F");
  request.set_amount(500);
  EXPECT_EQ(
      TranslateRefundOrder(request)->body,
      R"({"currency":"EUR","amount":500,)"
      R"("description":"[request_id:3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f]"})");
  request.set_description("Returned one item");
  request.set_refund_order_id("r-1");
  EXPECT_EQ(
      TranslateRefundOrder(request)->body,
      R"({"currency":"EUR","amount":500,"description":"Returned one item )"
      R"([request_id:3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f]",)"
      R"("refund_order_id":"r-1"})");
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
  EXPECT_EQ(TranslateRefundOrder(request)->body,
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
  absl::StatusOr<MspRequest> body = TranslateRefundOrder(request);
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

// --- MapRefundOrderResult ----------------------------------------------------

TEST(MapRefundOrderResultTest, MultiSafepayExamples) {
  payments::v1::RefundOrderRequest request;
  request.set_order_id("o-1");
  request.set_refund_order_id("o-1-refund");
  auto result = MapRefundOrderResult(
      request, ReplyFromFile(MspExample("responses/refundOrder.json")));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->order_id(), "case-20220404-06-0001");
  EXPECT_EQ(result->transaction_id(), 6303074);
  EXPECT_EQ(result->refund_id(), 0);

  // The older shape (docs §5.4): transaction_id and refund_id.
  result = MapRefundOrderResult(
      request,
      ReplyFromData(R"({"transaction_id":3326965,"refund_id":3326969})"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->transaction_id(), 3326965);
  EXPECT_EQ(result->refund_id(), 3326969);
  EXPECT_EQ(result->order_id(), "o-1");  // The refunded order.
  ExpectInvalidResponse(
      MapRefundOrderResult(request, ReplyFromData(R"({"refund_id":[1]})"))
          .status(),
      "POST /orders/{order_id}/refunds");
}

// --- JudgeRefundOrder --------------------------------------------------------

LookupKey Ids(const std::string& key = kRequestId) {
  return LookupKey{"order-refunded", key};
}

TEST(JudgeRefundOrderTest, TheMarkedRefundIsTheLostAnswer) {
  // The emulator's order after two refunds, the second marked with
  // kRequestId and with its own refund_order_id, and its answer to it.
  absl::StatusOr<Verdict> verdict = JudgeRefundOrder(
      Ids(),
      ReplyFromFile(LifecycleTestdata("getOrderRefunded.emulator.json")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kApplied);

  RefundOrderRequest request = Refund();
  request.set_order_id("order-refunded");
  request.set_amount(250);
  request.set_refund_order_id("order-refunded-r2");
  absl::StatusOr<RefundOrderResponse> answered = MapRefundOrderResult(
      request, ReplyFromFile(LifecycleTestdata("refundOrder.emulator.json")));
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_EQ(verdict->response.SerializeAsString(),
            answered->SerializeAsString());
  EXPECT_EQ(verdict->response.transaction_id(), 3467441714405821);
  EXPECT_EQ(verdict->response.refund_id(), 5366385360096892);
  EXPECT_EQ(verdict->response.order_id(), "order-refunded-r2");
}

TEST(JudgeRefundOrderTest, MultiSafepaysShapeWithoutRefundId) {
  // The OpenAPI RelatedTransactions entry has no refund_id and may leave
  // out refund_order_id: the refunded order answers, as
  // MapRefundOrderResult() does for an answer without one.
  absl::StatusOr<Verdict> verdict =
      JudgeRefundOrder(Ids(), ReplyFromData(R"({"order_id":"order-refunded",
        "related_transactions":[{"type":"refund","transaction_id":"6303074",
          "description":"[request_id:3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f]",
          "amount":500,"currency":"EUR","status":"initialized"}]})"));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kApplied);
  EXPECT_EQ(verdict->response.transaction_id(), 6303074);
  EXPECT_EQ(verdict->response.refund_id(), 0);
  EXPECT_EQ(verdict->response.order_id(), "order-refunded");
}

TEST(JudgeRefundOrderTest, NoMarkedRefundIsNotApplied) {
  // Refunded, but not by this request_id (the unmarked refund of the same
  // order does not count).
  absl::StatusOr<Verdict> verdict = JudgeRefundOrder(
      Ids("6b1d2f4e-1c3a-4e5f-8a7b-9c0d1e2f3a4b"),
      ReplyFromFile(LifecycleTestdata("getOrderRefunded.emulator.json")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);

  // A captured order lists a capture with a marker, never a refund.
  verdict = JudgeRefundOrder(
      LookupKey{"order-auth", "6b1d2f4e-1c3a-4e5f-8a7b-9c0d1e2f3a4b"},
      ReplyFromFile(LifecycleTestdata("getOrderCaptured.emulator.json")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);

  // No related transactions at all (MultiSafepay's getOrder.json shape,
  // "related_transactions": null), and no such order.
  verdict = JudgeRefundOrder(
      LookupKey{"order-open", kRequestId},
      ReplyFromFile(LifecycleTestdata("getOrderOpen.emulator.json")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);
  verdict =
      JudgeRefundOrder(Ids(), absl::StatusOr<MspReply>(MspErrorToStatus(
                                  MspOperation::kGetOrder, 404, 1006, "")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);
}

TEST(JudgeRefundOrderTest, AnUnreadableReadSettlesNothing) {
  const absl::Status timeout =
      absl::DeadlineExceededError("MultiSafepay did not answer in time");
  EXPECT_EQ(JudgeRefundOrder(Ids(), absl::StatusOr<MspReply>(timeout)).status(),
            timeout);
  ExpectInvalidResponse(
      JudgeRefundOrder(Ids(), ReplyFromData(R"({"related_transactions":7})"))
          .status(),
      "GET /orders/{order_id}");
  ExpectInvalidResponse(
      JudgeRefundOrder(Ids(), ReplyFromData(R"({"related_transactions":[
          {"type":"refund","refund_id":[1],
           "description":"[request_id:3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f]"}
        ]})"))
          .status(),
      "GET /orders/{order_id}");
  // Another order's state never settles this one.
  ExpectInvalidResponse(
      JudgeRefundOrder(
          LookupKey{"o-2", kRequestId},
          ReplyFromFile(LifecycleTestdata("getOrderRefunded.emulator.json")))
          .status(),
      "GET /orders/{order_id}");
}

TEST(RefundOrderSpecTest, IsThisUnitKeyedOnRequestId) {
  EXPECT_EQ(kRefundOrderSpec.method, "RefundOrder");
  EXPECT_EQ(kRefundOrderSpec.validate, &ValidateRefundOrder);
  EXPECT_EQ(kRefundOrderSpec.translate, &TranslateRefundOrder);
  EXPECT_EQ(kRefundOrderSpec.map_reply, &MapRefundOrderResult);
  ASSERT_NE(kRefundOrderSpec.idempotency_key, nullptr);
  RefundOrderRequest request = Refund();
  request.set_request_id("3F2C1A9E-7B4D-4C8E-9F01-2A3B4C5D6E7F");
  EXPECT_EQ(kRefundOrderSpec.idempotency_key(request), kRequestId);
  EXPECT_EQ(kRefundOrderSpec.idempotency_key_field, "request_id");
  ASSERT_NE(kRefundOrderSpec.order_id, nullptr);
  EXPECT_EQ(kRefundOrderSpec.order_id(request), "o-1");
  ASSERT_NE(kRefundOrderSpec.lookup, nullptr);
  const MspRequest lookup =
      kRefundOrderSpec.lookup(LookupKey{"o-1", kRequestId});
  EXPECT_EQ(lookup.operation, MspOperation::kGetOrder);
  EXPECT_EQ(lookup.path, "/orders/o-1");
  EXPECT_EQ(kRefundOrderSpec.judge, &JudgeRefundOrder);
}

}  // namespace
}  // namespace msp_gateway
