// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/update_order.h"

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

using ::payments::v1::UpdateOrderRequest;
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

using Strings = std::vector<std::string>;

// --- ValidateUpdateOrder (order_id: order_action_fields_test.cc) ------------

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

TEST(ValidateUpdateOrderTest, RequestIdIsOptionalAndAUuid) {
  UpdateOrderRequest request = Ship();
  request.set_request_id("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
  EXPECT_TRUE(ValidateUpdateOrder(request).ok());
  request.set_request_id("0f1e2d3c4b5a49688776a5b4c3d2e1f0");  // No dashes.
  EXPECT_EQ(Fields(ValidateUpdateOrder(request)), Strings{"request_id"});
  // A request_id is no change: the update still needs one.
  UpdateOrderRequest nothing;
  nothing.set_order_id("o-1");
  nothing.set_request_id("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
  EXPECT_EQ(Fields(ValidateUpdateOrder(nothing)), Strings{"status"});
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

// --- TranslateUpdateOrder ----------------------------------------------------

// Golden pair: a contract request and MultiSafepay's own example body.
TEST(GoldenTest, ShipMatchesMultiSafepayExample) {
  auto request = ReadRequest<UpdateOrderRequest>(
      LifecycleTestdata("shipOrder.request.json"));
  ASSERT_TRUE(ValidateUpdateOrder(request).ok());
  absl::StatusOr<MspRequest> call = TranslateUpdateOrder(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(json::parse(call->body),
            json::parse(ReadTestFile(
                MspExample("requests/patch-orders/shipOrder.json"))));
}

TEST(TranslateUpdateOrderTest, PatchesTheEncodedOrder) {
  UpdateOrderRequest request;
  request.set_order_id("o 1/2");
  request.set_status(payments::v1::UPDATE_ORDER_STATUS_SHIPPED);
  absl::StatusOr<MspRequest> call = TranslateUpdateOrder(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kUpdateOrder);
  EXPECT_EQ(call->path, "/orders/o%201%2F2");
  EXPECT_EQ(call->body, R"({"status":"shipped"})");
  // An empty order_id is never sent (ValidateUpdateOrder() refuses it).
  request.clear_order_id();
  EXPECT_EQ(TranslateUpdateOrder(request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Exact texts: key order, integer amounts, omitted optionals.

TEST(TranslateUpdateOrderTest, ExactBodies) {
  UpdateOrderRequest request;
  request.set_order_id("o-1");
  request.set_status(payments::v1::UPDATE_ORDER_STATUS_SHIPPED);
  request.set_carrier("PostNL");
  request.set_tracktrace_code("3S1");
  request.set_amount(9007199254740993);  // Not representable as a double.
  EXPECT_EQ(TranslateUpdateOrder(request)->body,
            R"({"status":"shipped","tracktrace_code":"3S1","carrier":"PostNL",)"
            R"("amount":9007199254740993})");

  UpdateOrderRequest invoice_only;
  invoice_only.set_order_id("o-1");
  invoice_only.set_invoice_id("INV-1");
  EXPECT_EQ(TranslateUpdateOrder(invoice_only)->body,
            R"({"invoice_id":"INV-1"})");

  UpdateOrderRequest cancel;
  cancel.set_order_id("o-1");
  cancel.set_status(payments::v1::UPDATE_ORDER_STATUS_CANCELLED);
  cancel.set_exclude_order(false);
  cancel.set_reason("");
  EXPECT_EQ(TranslateUpdateOrder(cancel)->body,
            R"({"status":"cancelled","reason":"","exclude_order":false})");

  UpdateOrderRequest klarna;
  klarna.set_order_id("o-1");
  klarna.set_extend_expiration(true);
  klarna.set_reason("Shipment is late");
  EXPECT_EQ(TranslateUpdateOrder(klarna)->body,
            R"({"reason":"Shipment is late","extend_expiration":true})");
}

TEST(TranslateUpdateOrderTest, UndefinedStatusIsRefused) {
  UpdateOrderRequest request;
  request.set_order_id("o-1");
  request.set_status(static_cast<payments::v1::UpdateOrderStatus>(9));
  absl::StatusOr<MspRequest> call = TranslateUpdateOrder(request);
  EXPECT_EQ(call.status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(GetFieldViolations(call.status()).size(), 1u);
  EXPECT_EQ(GetFieldViolations(call.status())[0].field, "status");
}

// --- MapUpdateOrderResult ----------------------------------------------------

TEST(MapUpdateOrderResultTest, PlainUpdateAnswersTheRequestedOrder) {
  payments::v1::UpdateOrderRequest request;
  request.set_order_id("o-1");
  auto result = MapUpdateOrderResult(
      request, ReplyFromFile(MspExample("responses/patchOrdersCancel.json")));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->order_id(), "o-1");
  EXPECT_EQ(result->transaction_id(), 0);
}

TEST(MapUpdateOrderResultTest, PartialShipmentAnswersTheNewOrder) {
  payments::v1::UpdateOrderRequest request;
  request.set_order_id("o-1");
  auto result = MapUpdateOrderResult(
      request,
      ReplyFromFile(MspExample("responses/patchOrdersPartiallyShip.json")));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->order_id(), "case-20220404-06-0001");
  EXPECT_EQ(result->transaction_id(), 6303074);
}

TEST(MapUpdateOrderResultTest, MalformedTransactionId) {
  payments::v1::UpdateOrderRequest request;
  request.set_order_id("o-1");
  ExpectInvalidResponse(
      MapUpdateOrderResult(request, ReplyFromData(R"({"transaction_id":"x"})"))
          .status(),
      "PATCH /orders/{order_id}");
  ExpectInvalidResponse(
      MapUpdateOrderResult(request, ReplyFromData("[1]")).status(),
      "PATCH /orders/{order_id}");
}

TEST(UpdateOrderSpecTest, IsThisUnitKeyedOnTheOptionalRequestId) {
  EXPECT_EQ(kUpdateOrderSpec.method, "UpdateOrder");
  EXPECT_EQ(kUpdateOrderSpec.validate, &ValidateUpdateOrder);
  EXPECT_EQ(kUpdateOrderSpec.translate, &TranslateUpdateOrder);
  EXPECT_EQ(kUpdateOrderSpec.map_reply, &MapUpdateOrderResult);
  ASSERT_NE(kUpdateOrderSpec.idempotency_key, nullptr);
  UpdateOrderRequest request = Ship();
  EXPECT_EQ(kUpdateOrderSpec.idempotency_key(request), "");  // Opts out.
  request.set_request_id("0F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0");
  EXPECT_EQ(kUpdateOrderSpec.idempotency_key(request),
            "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
  EXPECT_EQ(kUpdateOrderSpec.idempotency_key_field, "request_id");
  ASSERT_NE(kUpdateOrderSpec.order_id, nullptr);
  EXPECT_EQ(kUpdateOrderSpec.order_id(request), "o-1");
  ASSERT_NE(kUpdateOrderSpec.lookup, nullptr);
  EXPECT_EQ(kUpdateOrderSpec.lookup(LookupKey{"o-1", "k"}).path, "/orders/o-1");
  EXPECT_EQ(kUpdateOrderSpec.judge, &JudgeUpdateOrder);
}

// --- JudgeUpdateOrder --------------------------------------------------------

using Verdict = LookupVerdict<payments::v1::UpdateOrderResponse>;
constexpr char kRequestId[] = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";

// The ids the claimed call or the reconciler passes: the body as sent.
LookupKey Sent(const UpdateOrderRequest& request) {
  absl::StatusOr<MspRequest> sent = TranslateUpdateOrder(request);
  EXPECT_TRUE(sent.ok()) << sent.status();
  return LookupKey{request.order_id(), kRequestId, sent.ok() ? sent->body : ""};
}

absl::StatusOr<MspReply> OrderWithStatus(const std::string& status) {
  const std::string data = json{
      {"order_id", "o-1"},
      {"transaction_id", 4051823},
      {"status", status}}.dump();
  return ReplyFromData(data.c_str());
}

TEST(JudgeUpdateOrderTest, AShipmentTheOrderShowsIsApplied) {
  absl::StatusOr<Verdict> verdict =
      JudgeUpdateOrder(Sent(Ship()), OrderWithStatus("shipped"));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kApplied);
  EXPECT_EQ(verdict->response.order_id(), "o-1");
  EXPECT_EQ(verdict->response.transaction_id(), 4051823);
}

TEST(JudgeUpdateOrderTest, AShipmentTheOrderDoesNotShowIsNotApplied) {
  for (const char* status : {"completed", "initialized", "cancelled"}) {
    absl::StatusOr<Verdict> verdict =
        JudgeUpdateOrder(Sent(Ship()), OrderWithStatus(status));
    ASSERT_TRUE(verdict.ok()) << verdict.status();
    EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied) << status;
  }
}

TEST(JudgeUpdateOrderTest, ACancelIsAppliedWhenCancelledOrVoid) {
  UpdateOrderRequest cancel;
  cancel.set_order_id("o-1");
  cancel.set_status(payments::v1::UPDATE_ORDER_STATUS_CANCELLED);
  for (const char* status : {"cancelled", "void"}) {
    absl::StatusOr<Verdict> verdict =
        JudgeUpdateOrder(Sent(cancel), OrderWithStatus(status));
    ASSERT_TRUE(verdict.ok()) << verdict.status();
    EXPECT_EQ(verdict->kind, Verdict::Kind::kApplied) << status;
  }
  absl::StatusOr<Verdict> verdict =
      JudgeUpdateOrder(Sent(cancel), OrderWithStatus("initialized"));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);
}

TEST(JudgeUpdateOrderTest, ValuesOnlyAreSettledBySendingAgain) {
  UpdateOrderRequest invoice;
  invoice.set_order_id("o-1");
  invoice.set_invoice_id("INV-7");
  absl::StatusOr<Verdict> verdict =
      JudgeUpdateOrder(Sent(invoice), OrderWithStatus("shipped"));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);
}

TEST(JudgeUpdateOrderTest, AnUnknownOrderIsNotApplied) {
  absl::StatusOr<Verdict> verdict = JudgeUpdateOrder(
      Sent(Ship()), absl::StatusOr<MspReply>(MspErrorToStatus(
                        MspOperation::kGetOrder, 404, 1006, "")));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);
}

TEST(JudgeUpdateOrderTest, RepeatingActionsStayUnknown) {
  UpdateOrderRequest partial = Ship();
  partial.set_amount(500);
  UpdateOrderRequest extend;
  extend.set_order_id("o-1");
  extend.set_extend_expiration(true);
  for (const UpdateOrderRequest& request : {partial, extend}) {
    absl::StatusOr<Verdict> verdict =
        JudgeUpdateOrder(Sent(request), OrderWithStatus("shipped"));
    EXPECT_EQ(verdict.status().code(), absl::StatusCode::kFailedPrecondition)
        << request.ShortDebugString();
  }
  // A record stored before bodies were kept.
  EXPECT_EQ(JudgeUpdateOrder(LookupKey{"o-1", kRequestId, ""},
                             OrderWithStatus("shipped"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(JudgeUpdateOrderTest, AFailedOrUnreadableReadSettlesNothing) {
  const absl::Status down =
      MspErrorToStatus(MspOperation::kGetOrder, 502, 0, "");
  EXPECT_EQ(
      JudgeUpdateOrder(Sent(Ship()), absl::StatusOr<MspReply>(down)).status(),
      down);
  ExpectInvalidResponse(
      JudgeUpdateOrder(Sent(Ship()), ReplyFromData(R"({"order_id":"o-1"})"))
          .status(),
      "GET /orders/{order_id}");
}

}  // namespace
}  // namespace msp_gateway
