// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/request_validator.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CancelOrderRequest;
using ::payments::v1::CaptureOrderRequest;
using ::payments::v1::CartItem;
using ::payments::v1::GetGatewayRequest;
using ::payments::v1::GetOrderRequest;
using ::payments::v1::ListGatewaysRequest;
using ::payments::v1::RefundOrderRequest;
using ::payments::v1::UpdateOrderRequest;

// The fields named by the violations of `status`, in order.
std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

std::string Description(const absl::Status& status, const std::string& field) {
  for (const FieldViolation& v : GetFieldViolations(status)) {
    if (v.field == field) return v.description;
  }
  return "";
}

using Strings = std::vector<std::string>;

// --- order_id, shared by every order RPC -----------------------------------

TEST(OrderIdTest, RequiredAndAtMost50Characters) {
  GetOrderRequest get;
  absl::Status status = ValidateGetOrder(get);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "GetOrder request has 1 invalid field");
  EXPECT_EQ(Fields(status), Strings{"order_id"});
  EXPECT_NE(Description(status, "order_id").find("required"),
            std::string::npos);

  get.set_order_id(std::string(50, 'x'));
  EXPECT_TRUE(ValidateGetOrder(get).ok());
  get.set_order_id(std::string(51, 'x'));
  status = ValidateGetOrder(get);
  EXPECT_EQ(Description(status, "order_id"),
            "must be at most 50 characters, got 51");

  CancelOrderRequest cancel;
  EXPECT_EQ(Fields(ValidateCancelOrder(cancel)), Strings{"order_id"});
  cancel.set_order_id("o-1");
  cancel.set_reason(std::string(1000, 'r'));  // Free text, not limited.
  EXPECT_TRUE(ValidateCancelOrder(cancel).ok());

  CaptureOrderRequest capture;
  EXPECT_EQ(Fields(ValidateCaptureOrder(capture)), Strings{"order_id"});
  RefundOrderRequest refund;
  refund.set_currency("EUR");
  EXPECT_EQ(Fields(ValidateRefundOrder(refund)), Strings{"order_id"});
  UpdateOrderRequest update;
  update.set_status(payments::v1::UPDATE_ORDER_STATUS_SHIPPED);
  EXPECT_EQ(Fields(ValidateUpdateOrder(update)), Strings{"order_id"});
}

// Defect 6 of issue 8: NUL, CR, LF and TAB were accepted in order IDs, and a
// CR/LF ID reached MultiSafepay's URL path. Every order RPC, and every field
// that becomes an order ID, refuses them without quoting the value.
constexpr char kOrderIdCharset[] =
    "may only contain ASCII letters, digits, spaces and - _ . : / # + @ = ~";

TEST(OrderIdTest, OnlySafeAsciiCharactersInEveryRpc) {
  const std::string bad_ids[] = {
      "o-1\r\nHost: evil",     "o\n1",        "o\t1",
      std::string("o\0-1", 4), "caf\xC3\xA9", "o%2F1"};
  for (const std::string& bad : bad_ids) {
    GetOrderRequest get;
    get.set_order_id(bad);
    EXPECT_EQ(Description(ValidateGetOrder(get), "order_id"), kOrderIdCharset);
    EXPECT_EQ(GetFieldViolations(ValidateGetOrder(get)).size(), 1u);
    CancelOrderRequest cancel;
    cancel.set_order_id(bad);
    EXPECT_EQ(Description(ValidateCancelOrder(cancel), "order_id"),
              kOrderIdCharset);
    UpdateOrderRequest update;
    update.set_order_id(bad);
    update.set_status(payments::v1::UPDATE_ORDER_STATUS_SHIPPED);
    EXPECT_EQ(Description(ValidateUpdateOrder(update), "order_id"),
              kOrderIdCharset);
    CaptureOrderRequest capture;
    capture.set_order_id(bad);
    capture.set_new_order_id(bad);
    const absl::Status captured = ValidateCaptureOrder(capture);
    EXPECT_EQ(Fields(captured), (Strings{"order_id", "new_order_id"}));
    EXPECT_EQ(Description(captured, "new_order_id"), kOrderIdCharset);
    RefundOrderRequest refund;
    refund.set_currency("EUR");
    refund.set_order_id(bad);
    refund.set_refund_order_id(bad);
    const absl::Status refunded = ValidateRefundOrder(refund);
    EXPECT_EQ(Fields(refunded), (Strings{"order_id", "refund_order_id"}));
    EXPECT_EQ(Description(refunded, "refund_order_id"), kOrderIdCharset);
  }
  // IDs the golden data and the tests use stay valid.
  for (const char* good :
       {"o-1", "ORDER-12345", "a/b c", "o 1", "capture-order-1-part-1",
        "refund-order-id-1234", "example_order_123456", "apitool_9290377"}) {
    GetOrderRequest get;
    get.set_order_id(good);
    EXPECT_TRUE(ValidateGetOrder(get).ok()) << good;
    CaptureOrderRequest capture;
    capture.set_order_id(good);
    capture.set_new_order_id(good);
    EXPECT_TRUE(ValidateCaptureOrder(capture).ok()) << good;
  }
}

// --- UpdateOrder -------------------------------------------------------------

UpdateOrderRequest Ship() {
  UpdateOrderRequest request;
  request.set_order_id("o-1");
  request.set_status(payments::v1::UPDATE_ORDER_STATUS_SHIPPED);
  request.set_tracktrace_code("3SMSP0123456789");
  request.set_tracktrace_url("https://tracktrace-url.com/");
  request.set_carrier("MSP Logistics");
  request.set_invoice_id("AB12345");
  request.set_invoice_url("https://mspinvoice-AB12345.com");
  return request;
}

TEST(ValidateUpdateOrderTest, ShipmentIsValid) {
  EXPECT_TRUE(ValidateUpdateOrder(Ship()).ok());
  UpdateOrderRequest partial = Ship();
  partial.set_amount(12500);
  EXPECT_TRUE(ValidateUpdateOrder(partial).ok());
}

TEST(ValidateUpdateOrderTest, SomethingMustChange) {
  UpdateOrderRequest request;
  request.set_order_id("o-1");
  absl::Status status = ValidateUpdateOrder(request);
  EXPECT_EQ(Fields(status), Strings{"status"});
  EXPECT_NE(Description(status, "status").find("would change nothing"),
            std::string::npos);
  // An invoice-only update needs no status; nor does a Klarna extension.
  request.set_invoice_id("INV-1");
  EXPECT_TRUE(ValidateUpdateOrder(request).ok());
  request.clear_invoice_id();
  request.set_extend_expiration(true);
  EXPECT_TRUE(ValidateUpdateOrder(request).ok());
  // Set to "" still counts as set (it is sent).
  request.clear_extend_expiration();
  request.set_reason("");
  EXPECT_TRUE(ValidateUpdateOrder(request).ok());
}

TEST(ValidateUpdateOrderTest, StatusMustBeDefined) {
  UpdateOrderRequest request = Ship();
  request.set_status(static_cast<payments::v1::UpdateOrderStatus>(7));
  absl::Status status = ValidateUpdateOrder(request);
  EXPECT_EQ(Description(status, "status"),
            "must be a defined UpdateOrderStatus value, got 7");
}

TEST(ValidateUpdateOrderTest, AmountOnlyWhenShippedAndPositive) {
  UpdateOrderRequest request;
  request.set_order_id("o-1");
  request.set_status(payments::v1::UPDATE_ORDER_STATUS_CANCELLED);
  request.set_amount(100);
  EXPECT_EQ(Fields(ValidateUpdateOrder(request)), Strings{"amount"});
  request.clear_status();
  EXPECT_EQ(Fields(ValidateUpdateOrder(request)), Strings{"amount"});
  request.set_status(payments::v1::UPDATE_ORDER_STATUS_SHIPPED);
  EXPECT_TRUE(ValidateUpdateOrder(request).ok());
  request.set_amount(0);
  absl::Status status = ValidateUpdateOrder(request);
  EXPECT_EQ(Fields(status), Strings{"amount"});
  EXPECT_NE(Description(status, "amount").find("greater than 0"),
            std::string::npos);
  // Wrong status and non-positive: one violation with both problems.
  request.set_status(payments::v1::UPDATE_ORDER_STATUS_CANCELLED);
  request.set_amount(-1);
  status = ValidateUpdateOrder(request);
  EXPECT_EQ(Fields(status), Strings{"amount"});
  EXPECT_NE(Description(status, "amount").find("; "), std::string::npos);
}

TEST(ValidateUpdateOrderTest, ExcludeOrderOnlyWithCancelled) {
  UpdateOrderRequest request = Ship();
  request.set_exclude_order(true);
  EXPECT_EQ(Fields(ValidateUpdateOrder(request)), Strings{"exclude_order"});
  request = UpdateOrderRequest();
  request.set_order_id("o-1");
  request.set_status(payments::v1::UPDATE_ORDER_STATUS_CANCELLED);
  request.set_exclude_order(true);
  request.set_reason("customer asked");
  EXPECT_TRUE(ValidateUpdateOrder(request).ok());
}

TEST(ValidateUpdateOrderTest, UrlsAndInvoiceId) {
  UpdateOrderRequest request = Ship();
  request.set_tracktrace_url("tracktrace-url.com");
  request.set_invoice_id(std::string(51, 'i'));
  request.set_invoice_url("javascript:alert(1)");
  absl::Status status = ValidateUpdateOrder(request);
  EXPECT_EQ(status.message(), "UpdateOrder request has 3 invalid fields");
  EXPECT_EQ(Fields(status),
            (Strings{"tracktrace_url", "invoice_id", "invoice_url"}));
  request = Ship();
  request.set_tracktrace_url("");  // "" passes format rules.
  EXPECT_TRUE(ValidateUpdateOrder(request).ok());
}

// --- CaptureOrder ------------------------------------------------------------

TEST(ValidateCaptureOrderTest, FullAndPartialCapture) {
  CaptureOrderRequest request;
  request.set_order_id("o-1");
  EXPECT_TRUE(ValidateCaptureOrder(request).ok());
  request.set_amount(2000);
  request.set_new_order_id("o-1-capture-1");
  request.set_invoice_id("");
  request.set_carrier("");
  request.set_description("");
  EXPECT_TRUE(ValidateCaptureOrder(request).ok());
}

TEST(ValidateCaptureOrderTest, Violations) {
  CaptureOrderRequest request;
  request.set_order_id("o-1");
  request.set_amount(0);
  request.set_new_order_id("");
  request.set_invoice_id(std::string(51, 'i'));
  request.set_description("<b>bold</b>");
  absl::Status status = ValidateCaptureOrder(request);
  EXPECT_EQ(Fields(status),
            (Strings{"amount", "new_order_id", "invoice_id", "description"}));
  request.set_new_order_id(std::string(51, 'n'));
  request.set_description(std::string(201, 'd'));
  status = ValidateCaptureOrder(request);
  EXPECT_EQ(Description(status, "new_order_id"),
            "must be at most 50 characters, got 51");
  EXPECT_EQ(Description(status, "description"),
            "must be at most 200 characters, got 201");
}

// --- RefundOrder -------------------------------------------------------------

RefundOrderRequest Refund() {
  RefundOrderRequest request;
  request.set_order_id("o-1");
  request.set_currency("EUR");
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
  request.set_description(std::string(201, 'd'));
  request.set_refund_order_id("");
  request.set_var2(std::string(501, 'v'));
  request.set_var3(std::string(501, 'v'));
  absl::Status status = ValidateRefundOrder(request);
  EXPECT_EQ(status.message(), "RefundOrder request has 4 invalid fields");
  EXPECT_EQ(Fields(status),
            (Strings{"description", "refund_order_id", "var2", "var3"}));
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

TEST(ValidateRefundOrderTest, NeverQuotesFreeText) {
  RefundOrderRequest request = Refund();
  request.set_currency("jan@example.com");
  request.set_description(std::string(199, 'x') + "<script>");
  absl::Status status = ValidateRefundOrder(request);
  EXPECT_EQ(std::string(status.ToString()).find("jan@example.com"),
            std::string::npos);
  for (const FieldViolation& v : GetFieldViolations(status)) {
    EXPECT_EQ(v.description.find("jan@"), std::string::npos);
    EXPECT_EQ(v.description.find("script"), std::string::npos);
  }
}

// --- ListGateways / GetGateway ----------------------------------------------

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

}  // namespace
}  // namespace msp_gateway
