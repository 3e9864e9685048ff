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

constexpr char kRequestId[] = "3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f";

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
  capture.set_request_id(kRequestId);
  EXPECT_EQ(Fields(ValidateCaptureOrder(capture)), Strings{"order_id"});
  RefundOrderRequest refund;
  refund.set_currency("EUR");
  refund.set_request_id(kRequestId);
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
    capture.set_request_id(kRequestId);
    const absl::Status captured = ValidateCaptureOrder(capture);
    EXPECT_EQ(Fields(captured), (Strings{"order_id", "new_order_id"}));
    EXPECT_EQ(Description(captured, "new_order_id"), kOrderIdCharset);
    RefundOrderRequest refund;
    refund.set_currency("EUR");
    refund.set_order_id(bad);
    refund.set_refund_order_id(bad);
    refund.set_request_id(kRequestId);
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
    capture.set_request_id(kRequestId);
    EXPECT_TRUE(ValidateCaptureOrder(capture).ok()) << good;
  }
}

// --- request_id, the idempotency key of every write -------------------------

TEST(RequestIdTest, RequiredForRefundAndCaptureOptionalForUpdateAndCancel) {
  RefundOrderRequest refund;
  refund.set_order_id("o-1");
  refund.set_currency("EUR");
  CaptureOrderRequest capture;
  capture.set_order_id("o-1");
  UpdateOrderRequest update;
  update.set_order_id("o-1");
  update.set_status(payments::v1::UPDATE_ORDER_STATUS_SHIPPED);
  CancelOrderRequest cancel;
  cancel.set_order_id("o-1");

  const std::string required =
      "is required: the idempotency key, a UUID such as "
      "3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f, made once per logical operation "
      "and sent again unchanged only to retry it";
  EXPECT_EQ(Description(ValidateRefundOrder(refund), "request_id"), required);
  EXPECT_EQ(Description(ValidateCaptureOrder(capture), "request_id"), required);
  EXPECT_TRUE(ValidateUpdateOrder(update).ok());
  EXPECT_TRUE(ValidateCancelOrder(cancel).ok());

  const std::string not_a_uuid =
      "must be a UUID: 32 hexadecimal digits grouped 8-4-4-4-12 by '-', such "
      "as 3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f";
  for (const char* bad : {"refund-1", "{3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f}",
                          " 3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f"}) {
    refund.set_request_id(bad);
    capture.set_request_id(bad);
    update.set_request_id(bad);
    cancel.set_request_id(bad);
    for (const absl::Status& status :
         {ValidateRefundOrder(refund), ValidateCaptureOrder(capture),
          ValidateUpdateOrder(update), ValidateCancelOrder(cancel)}) {
      EXPECT_EQ(Fields(status), Strings{"request_id"}) << bad;
      EXPECT_EQ(Description(status, "request_id"), not_a_uuid) << bad;
    }
  }
}

TEST(IsUuidTest, AnyVersionAnyCaseOneForm) {
  for (const char* uuid : {"3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f",
                           "3F2C1A9E-7B4D-4C8E-9F01-2A3B4C5D6E7F",
                           "3f2c1a9e-7B4d-4C8e-9F01-2a3b4c5d6e7f",
                           // Versions 1 and 7, the Microsoft variant.
                           "c232ab00-9414-11ec-b3c8-9f6bdeced846",
                           "017f22e2-79b0-7cc3-98c4-dc0c0c07398f",
                           "00000000-0000-0000-c000-000000000046"}) {
    EXPECT_TRUE(IsUuid(uuid)) << uuid;
  }
  for (const char* not_uuid : {"", "3f2c1a9e7b4d4c8e9f012a3b4c5d6e7f",
                               "3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7",
                               "3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f0",
                               "3f2c1a9e-7b4d-4c8e-9f012-a3b4c5d6e7f",
                               "3f2c1a9g-7b4d-4c8e-9f01-2a3b4c5d6e7f",
                               "urn:uuid:3f2c1a9e-7b4d-4c8e-9f01-2a3b4c5d6e7f",
                               "3f2c1a9e_7b4d_4c8e_9f01_2a3b4c5d6e7f"}) {
    EXPECT_FALSE(IsUuid(not_uuid)) << not_uuid;
  }
}

TEST(CheckRequestIdTest, TheNilUuidIsRefused) {
  Violations v("RefundOrder");
  CheckRequestId(true, "00000000-0000-0000-0000-000000000000", v);
  EXPECT_EQ(Description(std::move(v).ToStatus(), "request_id"),
            "must not be the nil UUID (all zeros): make a new random UUID for "
            "each logical operation");
}

TEST(CheckRequestIdTest, NeverQuotesTheValue) {
  Violations v("RefundOrder");
  CheckRequestId(true, "jan@example.com", v);
  const absl::Status status = std::move(v).ToStatus();
  EXPECT_EQ(status.ToString().find("jan@"), std::string::npos);
}

TEST(RequestIdKeyTest, LowerCase) {
  EXPECT_EQ(RequestIdKey("3F2C1A9E-7B4D-4C8E-9F01-2A3B4C5D6E7F"), kRequestId);
  EXPECT_EQ(RequestIdKey(kRequestId), kRequestId);
  EXPECT_EQ(RequestIdKey(""), "");
}

TEST(CheckMarkedDescriptionTest, RoomForTheMarkerAndNoHtml) {
  auto check = [](const std::string& text) {
    Violations v("RefundOrder");
    CheckMarkedDescription("description", text, v);
    return std::move(v).ToStatus();
  };
  EXPECT_TRUE(check("").ok());
  EXPECT_TRUE(check(std::string(150, 'd')).ok());
  // Characters, not bytes.
  std::string accents;
  for (int i = 0; i < 150; ++i) accents += "\xC3\xA9";
  EXPECT_TRUE(check(accents).ok());
  for (int length : {151, 200, 201, 1000}) {
    const absl::Status status = check(std::string(length, 'd'));
    ASSERT_EQ(GetFieldViolations(status).size(), 1u) << length;
    EXPECT_EQ(Description(status, "description"),
              "must be at most 150 characters (MultiSafepay's 200 less the \" "
              "[request_id:<uuid>]\" the gateway appends), got " +
                  std::to_string(length));
  }
  // HTML, worded as for every other description.
  Violations plain("RefundOrder");
  CheckDescriptionText("description", "<b>x</b>", plain);
  const std::string html =
      Description(std::move(plain).ToStatus(), "description");
  ASSERT_FALSE(html.empty());
  EXPECT_EQ(Description(check("<b>x</b>"), "description"), html);
  // Both problems within MultiSafepay's 200; beyond them the length only
  // (CheckDescriptionText() would word it again with its own limit).
  EXPECT_EQ(Description(check(std::string(160, 'd') + "<b>"), "description"),
            "must be at most 150 characters (MultiSafepay's 200 less the \" "
            "[request_id:<uuid>]\" the gateway appends), got 163; " +
                html);
  EXPECT_EQ(Description(check(std::string(250, 'd') + "<b>"), "description")
                .find("HTML"),
            std::string::npos);
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
