// Copyright 2026 The msp-gateway Authors.
//
// The order-ID rules as every order action applies them (each unit's own
// rules are tested beside it), and the pieces order_action_fields.h folds.

#include "service/order_actions/order_action_fields.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/order_actions/cancel_order.h"
#include "service/order_actions/capture_order.h"
#include "service/order_actions/get_order.h"
#include "service/order_actions/refund_order.h"
#include "service/order_actions/update_order.h"
#include "service/rpc/spec_test_util.h"

namespace msp_gateway {
namespace {

using ::payments::v1::CancelOrderRequest;
using ::payments::v1::CaptureOrderRequest;
using ::payments::v1::GetOrderRequest;
using ::payments::v1::RefundOrderRequest;
using ::payments::v1::UpdateOrderRequest;
using testing::Description;
using testing::ExpectInvalidResponse;
using testing::Fields;
using testing::ReplyFromData;

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

// --- The folded pieces -------------------------------------------------------

TEST(CheckOptionalOrderIdTest, UnsetPassesEmptyDoesNot) {
  Violations unset("RefundOrder");
  CheckOptionalOrderId("refund_order_id", false, "", unset);
  EXPECT_TRUE(std::move(unset).ToStatus().ok());
  Violations empty("RefundOrder");
  CheckOptionalOrderId("refund_order_id", true, "", empty);
  EXPECT_EQ(Description(std::move(empty).ToStatus(), "refund_order_id"),
            "must not be empty when set: leave it unset or give 1 to 50 "
            "characters");
}

TEST(UntranslatableErrorTest, OneViolation) {
  const absl::Status status =
      UntranslatableError("RefundOrder", "checkout_data.items[0].unit_price",
                          "must be a plain decimal string");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "RefundOrder request has a value with no MultiSafepay equivalent");
  EXPECT_EQ(Fields(status), Strings{"checkout_data.items[0].unit_price"});
}

TEST(ReadActionReplyTest, ObjectsOnlyAndUnreadableFieldsAreInvalid) {
  int64_t transaction_id = -1;
  EXPECT_TRUE(ReadActionReply(MspOperation::kCaptureOrder,
                              ReplyFromData(R"({"transaction_id":"7"})"),
                              [&](const MspFields& f) {
                                transaction_id = f.Int("transaction_id");
                              })
                  .ok());
  EXPECT_EQ(transaction_id, 7);
  ExpectInvalidResponse(
      ReadActionReply(MspOperation::kCaptureOrder, ReplyFromData("[]"),
                      [](const MspFields&) {}),
      "POST /orders/{order_id}/capture");
  ExpectInvalidResponse(
      ReadActionReply(MspOperation::kRefundOrder,
                      ReplyFromData(R"({"refund_id":"x"})"),
                      [](const MspFields& f) { f.Int("refund_id"); }),
      "POST /orders/{order_id}/refunds");
}

TEST(FirstNonEmptyTest, InOrder) {
  EXPECT_EQ(FirstNonEmpty("a", "b", "c"), "a");
  EXPECT_EQ(FirstNonEmpty("", "b", "c"), "b");
  EXPECT_EQ(FirstNonEmpty("", "", "c"), "c");
  EXPECT_EQ(FirstNonEmpty("", ""), "");
}

}  // namespace
}  // namespace msp_gateway
