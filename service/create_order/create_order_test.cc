// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/create_order.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/create_order/order_defaults.h"
#include "service/create_order/order_translator.h"
#include "service/create_order/order_validator.h"
#include "service/msp_json/exact_json.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_envelope.h"
#include "service/upstream/msp_errors.h"
#include "service/upstream/msp_operation.h"
#include "tests/harness/test_files.h"

// gtest is ::testing here: tests/harness/test_files.h declares
// msp_gateway::testing.
namespace msp_gateway {
namespace {

using ::payments::v1::CreateOrderRequest;
using ::payments::v1::CreateOrderResponse;
using ::payments::v1::OrderStatus;

constexpr absl::string_view kSeedRequest =
    "tests/testdata/seed-bancontact.request.json";
constexpr absl::string_view kSeedMspOrder =
    "tests/testdata/seed-bancontact.msp.json";

CreateOrderRequest ParseRequest(const std::string& json) {
  CreateOrderRequest request;
  const auto status =
      google::protobuf::util::JsonStringToMessage(json, &request);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return request;
}

// A request with `order_id`; MapCreateOrderReply() reads nothing else of it.
CreateOrderRequest RequestFor(absl::string_view order_id) {
  CreateOrderRequest request;
  request.set_order_id(std::string(order_id));
  return request;
}

// `envelope` as MspClient reads it for POST /orders: through the field
// reader, which builds only the members of `data` that the operation lists.
MspReply ReadReply(const std::string& envelope) {
  const MspOperationInfo& info = MspOperationInfoOf(MspOperation::kCreateOrder);
  HttpResponse response;
  response.status = 200;
  response.body = envelope;
  absl::StatusOr<nlohmann::json> data =
      ParseEnvelope(MspOperation::kCreateOrder, response, info.numbers,
                    JsonLimits(), info.data_fields);
  EXPECT_TRUE(data.ok()) << data.status();
  return MspReply{200, data.ok() ? *std::move(data) : nlohmann::json()};
}

// A successful POST /orders reply whose `data` is `data_json`. Every mapper
// test below reads it through the field reader: a member the mapper needs
// but the reader drops fails them.
MspReply ReplyOf(absl::string_view data_json) {
  return ReadReply(absl::StrCat(R"({"success":true,"data":)", data_json, "}"));
}

// --- the spec ---------------------------------------------------------------

// The one-argument overloads: what kCreateOrderSpec runs.
using ValidateFn = absl::Status (*)(const CreateOrderRequest&);
using TranslateFn = absl::StatusOr<MspRequest> (*)(const CreateOrderRequest&);

TEST(CreateOrderSpecTest, NamesTheMethodAndKeysOnOrderId) {
  EXPECT_EQ(kCreateOrderSpec.method, "CreateOrder");
  EXPECT_EQ(kCreateOrderSpec.validate,
            static_cast<ValidateFn>(&ValidateCreateOrder));
  EXPECT_EQ(kCreateOrderSpec.translate,
            static_cast<TranslateFn>(&BuildCreateOrderCall));
  EXPECT_EQ(kCreateOrderSpec.map_reply, &MapCreateOrderReply);
  ASSERT_NE(kCreateOrderSpec.idempotency_key, nullptr);
  EXPECT_EQ(kCreateOrderSpec.idempotency_key(RequestFor("my-order-id-1")),
            "my-order-id-1");
  EXPECT_EQ(kCreateOrderSpec.idempotency_key_field, "order_id");
  ASSERT_NE(kCreateOrderSpec.order_id, nullptr);
  EXPECT_EQ(kCreateOrderSpec.order_id(RequestFor("my-order-id-1")),
            "my-order-id-1");
  ASSERT_NE(kCreateOrderSpec.lookup, nullptr);
  const MspRequest lookup =
      kCreateOrderSpec.lookup(LookupKey{"a/b c", "a/b c"});
  EXPECT_EQ(lookup.operation, MspOperation::kGetOrder);
  EXPECT_EQ(lookup.path, "/orders/a%2Fb%20c");
  EXPECT_EQ(lookup.body, "");
  EXPECT_EQ(kCreateOrderSpec.judge, &JudgeCreateOrder);
}

// --- CreateOrderSpec() (the spec the server registers) ----------------------

constexpr char kGatewayNotificationUrl[] =
    "https://pay.example.com/notifications/multisafepay";

// The seed order without its own notification_url and notification_method.
CreateOrderRequest SeedWithoutNotification() {
  CreateOrderRequest request =
      ParseRequest(testing::ReadTestFile(kSeedRequest));
  request.mutable_payment_options()->clear_notification_url();
  request.mutable_payment_options()->clear_notification_method();
  return request;
}

TEST(CreateOrderSpecTest, EverythingButValidateAndTranslateIsThePlainSpecs) {
  const auto spec =
      CreateOrderSpec(OrderDefaultsFor("https://pay.example.com"));
  EXPECT_EQ(spec.method, kCreateOrderSpec.method);
  EXPECT_EQ(spec.map_reply, kCreateOrderSpec.map_reply);
  EXPECT_EQ(spec.idempotency_key, kCreateOrderSpec.idempotency_key);
  EXPECT_EQ(spec.idempotency_key_field, kCreateOrderSpec.idempotency_key_field);
  EXPECT_EQ(spec.order_id, kCreateOrderSpec.order_id);
  EXPECT_EQ(spec.lookup, kCreateOrderSpec.lookup);
  EXPECT_EQ(spec.judge, kCreateOrderSpec.judge);
  ASSERT_TRUE(spec.validate);
  ASSERT_TRUE(spec.translate);
}

TEST(CreateOrderSpecTest, WithABaseUrlEveryOrderNotifiesTheGateway) {
  const auto spec =
      CreateOrderSpec(OrderDefaultsFor("https://pay.example.com"));
  const CreateOrderRequest request = SeedWithoutNotification();
  const absl::Status valid = spec.validate(request);
  ASSERT_TRUE(valid.ok()) << valid;
  absl::StatusOr<MspRequest> call = spec.translate(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kCreateOrder);
  EXPECT_EQ(call->path, "/orders");
  // The golden order, with the gateway's notification in place.
  nlohmann::json expected =
      nlohmann::json::parse(testing::ReadTestFile(kSeedMspOrder));
  expected["payment_options"]["notification_url"] = kGatewayNotificationUrl;
  expected["payment_options"]["notification_method"] = "POST";
  EXPECT_EQ(nlohmann::json::parse(call->body), expected);
}

TEST(CreateOrderSpecTest, ACallersOwnNotificationUrlIsAFieldViolation) {
  const auto spec =
      CreateOrderSpec(OrderDefaultsFor("https://pay.example.com"));
  const CreateOrderRequest request =
      ParseRequest(testing::ReadTestFile(kSeedRequest));
  const absl::Status status = spec.validate(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(status)) {
    fields.push_back(v.field);
    EXPECT_NE(v.description.find("WatchOrderEvents"), std::string::npos)
        << v.description;
  }
  EXPECT_EQ(fields,
            (std::vector<std::string>{"payment_options.notification_url",
                                      "payment_options.notification_method"}));
}

TEST(CreateOrderSpecTest, WithoutABaseUrlItIsThePlainSpec) {
  const auto spec = CreateOrderSpec(OrderDefaults());
  const CreateOrderRequest request =
      ParseRequest(testing::ReadTestFile(kSeedRequest));
  EXPECT_TRUE(spec.validate(request).ok());
  absl::StatusOr<MspRequest> configured = spec.translate(request);
  absl::StatusOr<MspRequest> plain = kCreateOrderSpec.translate(request);
  ASSERT_TRUE(configured.ok()) << configured.status();
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(configured->body, plain->body);
  EXPECT_EQ(nlohmann::json::parse(configured->body),
            nlohmann::json::parse(testing::ReadTestFile(kSeedMspOrder)));
}

// --- BuildCreateOrderCall() -------------------------------------------------

TEST(BuildCreateOrderCallTest, PostsTheTranslatedOrderToOrders) {
  const CreateOrderRequest request =
      ParseRequest(testing::ReadTestFile(kSeedRequest));
  const absl::Status valid = ValidateCreateOrder(request);
  ASSERT_TRUE(valid.ok()) << valid;

  absl::StatusOr<MspRequest> call = BuildCreateOrderCall(request);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->operation, MspOperation::kCreateOrder);
  EXPECT_EQ(call->path, "/orders");
  // Byte for byte the translator's text, which is MultiSafepay's order.
  absl::StatusOr<std::string> translated = TranslateCreateOrder(request);
  ASSERT_TRUE(translated.ok()) << translated.status();
  EXPECT_EQ(call->body, *translated);
  EXPECT_EQ(nlohmann::json::parse(call->body),
            nlohmann::json::parse(testing::ReadTestFile(kSeedMspOrder)));
}

TEST(BuildCreateOrderCallTest, AnUntranslatableRequestIsItsError) {
  CreateOrderRequest request = RequestFor("o-1");
  request.set_currency("EUR");
  request.set_amount(100);
  request.set_description("Tea");
  // A number the contract does not define (ValidateCreateOrder refuses it).
  request.set_type(static_cast<payments::v1::OrderType>(99));
  absl::StatusOr<MspRequest> call = BuildCreateOrderCall(request);
  EXPECT_EQ(call.status().code(), absl::StatusCode::kInvalidArgument)
      << call.status();
}

// --- MapCreateOrderReply() --------------------------------------------------

TEST(MapCreateOrderReplyTest, ReadsARedirectOrder) {
  const MspReply reply = ReplyOf(
      R"({"order_id":"my-order-id-1",)"
      R"("payment_url":"https://testpayv2.multisafepay.com/connect/82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv/?lang=nl_BE",)"
      R"("session_id":"82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv",)"
      R"("events_token":"jwt","events_url":"wss://testapi.multisafepay.com/events/"})");
  absl::StatusOr<CreateOrderResponse> response =
      MapCreateOrderReply(RequestFor("my-order-id-1"), reply);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->order_id(), "my-order-id-1");
  EXPECT_EQ(response->payment_url(),
            "https://testpayv2.multisafepay.com/connect/"
            "82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv/?lang=nl_BE");
  EXPECT_EQ(response->session_id(), "82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv");
  // A redirect order has no status at creation.
  EXPECT_EQ(response->status(), payments::v1::ORDER_STATUS_UNSPECIFIED);
  EXPECT_EQ(response->status_raw(), "");
}

TEST(MapCreateOrderReplyTest, AcceptsNumericOrderIdAndOldShape) {
  // Older responses: no session_id, order_id echoed as a number.
  const MspReply reply = ReplyOf(
      R"({"order_id":1588947171,"payment_url":"https://pay.multisafepay.com/pay/?transaction=1588947171"})");
  absl::StatusOr<CreateOrderResponse> response =
      MapCreateOrderReply(RequestFor("1588947171"), reply);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->order_id(), "1588947171");
  EXPECT_EQ(response->payment_url(),
            "https://pay.multisafepay.com/pay/?transaction=1588947171");
  EXPECT_EQ(response->session_id(), "");
}

// MultiSafepay's own replies (a direct order echoes the whole order): the
// field reader builds four members, and the answer is the one the whole tree
// gives.
TEST(MapCreateOrderReplyTest, TheFieldReaderGivesTheWholeTreesAnswer) {
  const absl::Span<const absl::string_view> kept =
      MspOperationInfoOf(MspOperation::kCreateOrder).data_fields;
  for (const char* name : {"postOrdersDirectIdeal", "postOrdersFastCheckout",
                           "postOrdersRedirect"}) {
    SCOPED_TRACE(name);
    const std::string envelope = testing::ReadTestFile(absl::StrCat(
        "third_party/multisafepay-openapi/components/examples/responses/", name,
        ".json"));
    const MspReply read = ReadReply(envelope);
    const MspReply whole{200, nlohmann::json::parse(envelope)["data"]};
    ASSERT_TRUE(read.data.is_object());
    for (const auto& [key, value] : read.data.items()) {
      EXPECT_NE(std::find(kept.begin(), kept.end(), key), kept.end()) << key;
      EXPECT_EQ(value, whole.data[key]) << key;
    }
    const CreateOrderRequest request =
        RequestFor(whole.data["order_id"].get<std::string>());
    absl::StatusOr<CreateOrderResponse> from_reader =
        MapCreateOrderReply(request, read);
    absl::StatusOr<CreateOrderResponse> from_tree =
        MapCreateOrderReply(request, whole);
    ASSERT_TRUE(from_tree.ok()) << from_tree.status();
    ASSERT_TRUE(from_reader.ok()) << from_reader.status();
    EXPECT_EQ(from_reader->SerializeAsString(), from_tree->SerializeAsString());
  }
}

struct DirectCase {
  std::string name;
  std::string status_raw;
  OrderStatus want;
};

class MapDirectOrderTest : public ::testing::TestWithParam<DirectCase> {};

// A direct order is answered with the order itself: its status, no
// payment_url when the customer need not act. A declined card is an answer,
// not an error.
TEST_P(MapDirectOrderTest, WithoutPaymentUrlCarriesStatus) {
  const DirectCase& c = GetParam();
  const MspReply reply = ReplyOf(nlohmann::json{
      {"order_id", "d-1"},
      {"status", c.status_raw},
      {"transaction_id", 6565093}}.dump());
  absl::StatusOr<CreateOrderResponse> response =
      MapCreateOrderReply(RequestFor("d-1"), reply);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->order_id(), "d-1");
  EXPECT_EQ(response->payment_url(), "");
  EXPECT_EQ(response->status(), c.want);
  EXPECT_EQ(response->status_raw(), c.status_raw);
}

INSTANTIATE_TEST_SUITE_P(
    Statuses, MapDirectOrderTest,
    ::testing::Values(DirectCase{"Completed", "completed",
                                 payments::v1::ORDER_STATUS_COMPLETED},
                      DirectCase{"Declined", "declined",
                                 payments::v1::ORDER_STATUS_DECLINED},
                      // Kept as sent even when the contract does not know it.
                      DirectCase{"Unknown", "surprise",
                                 payments::v1::ORDER_STATUS_UNSPECIFIED}),
    [](const ::testing::TestParamInfo<DirectCase>& param_info) {
      return param_info.param.name;
    });

TEST(MapCreateOrderReplyTest, DirectOrderWithPaymentUrlKeepsBoth) {
  const MspReply reply =
      ReplyOf(R"({"order_id":"d-2","status":"initialized",)"
              R"("payment_url":"https://bank.example/3ds"})");
  absl::StatusOr<CreateOrderResponse> response =
      MapCreateOrderReply(RequestFor("d-2"), reply);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->payment_url(), "https://bank.example/3ds");
  EXPECT_EQ(response->status(), payments::v1::ORDER_STATUS_INITIALIZED);
  EXPECT_EQ(response->status_raw(), "initialized");
}

struct InvalidCase {
  std::string name;
  std::string request_order_id;
  std::string data;
  // What the message names as wrong, so each case fails for its own reason.
  std::string problem;
};

class MapCreateOrderInvalidTest : public ::testing::TestWithParam<InvalidCase> {
};

// Retryable: order_id makes the create idempotent upstream.
TEST_P(MapCreateOrderInvalidTest, IsUnavailableInvalidResponse) {
  const InvalidCase& c = GetParam();
  absl::StatusOr<CreateOrderResponse> response =
      MapCreateOrderReply(RequestFor(c.request_order_id), ReplyOf(c.data));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable)
      << response.status();
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(response.status());
  ASSERT_TRUE(info.has_value()) << response.status();
  EXPECT_EQ(info->domain(), "multisafepay.com");
  EXPECT_EQ(info->reason(), "MSP_INVALID_RESPONSE");
  EXPECT_EQ(info->metadata().at("endpoint"), "POST /orders");
  EXPECT_NE(response.status().message().find(c.problem),
            absl::string_view::npos)
      << response.status();
  EXPECT_TRUE(GetRetryInfo(response.status()).has_value());
}

INSTANTIATE_TEST_SUITE_P(
    Replies, MapCreateOrderInvalidTest,
    ::testing::Values(
        InvalidCase{"DataNotObject", "my-order-id-1", "[]", "not an object"},
        InvalidCase{"NoOrderId", "my-order-id-1",
                    R"({"payment_url":"https://x/"})", "no order_id"},
        InvalidCase{"NoPaymentUrl", "my-order-id-1",
                    R"({"order_id":"my-order-id-1"})", "no payment_url"},
        InvalidCase{
            "JavascriptPaymentUrl", "a",
            R"js({"order_id":"a","payment_url":"javascript:alert(1)"})js",
            "not an http(s) URL"},
        // Never another order's answer to this caller.
        InvalidCase{
            "OtherOrderId", "my-order-id-1",
            R"({"order_id":"my-order-id-2","payment_url":"https://x/"})",
            "not the one sent"},
        InvalidCase{"OtherNumericOrderId", "1588947171",
                    R"({"order_id":1588947172,"payment_url":"https://x/"})",
                    "not the one sent"}),
    [](const ::testing::TestParamInfo<InvalidCase>& param_info) {
      return param_info.param.name;
    });

// --- JudgeCreateOrder() ------------------------------------------------------

using Verdict = LookupVerdict<CreateOrderResponse>;

// The emulator's GET /orders/{order_id} envelope in `file`
// (tests/testdata/lifecycle/README.md).
absl::StatusOr<MspReply> EmulatorOrder(absl::string_view file) {
  nlohmann::json envelope = nlohmann::json::parse(testing::ReadTestFile(
      std::string("tests/testdata/lifecycle/") + std::string(file)));
  return MspReply{200, envelope["data"]};
}

absl::StatusOr<Verdict> Judge(absl::string_view order_id,
                              const absl::StatusOr<MspReply>& reply) {
  return JudgeCreateOrder(
      LookupKey{std::string(order_id), std::string(order_id)}, reply);
}

TEST(JudgeCreateOrderTest, AnOpenOrderIsAppliedWithItsAnswerLost) {
  // Created, nobody paid yet: the payment_url cannot be read back.
  absl::StatusOr<Verdict> verdict =
      Judge("order-open", EmulatorOrder("getOrderOpen.emulator.json"));
  ASSERT_TRUE(verdict.ok()) << verdict.status();
  EXPECT_EQ(verdict->kind, Verdict::Kind::kAppliedAnswerLost);
}

TEST(JudgeCreateOrderTest, AnOrderPastPaymentIsTheAnswer) {
  struct Case {
    const char* order_id;
    const char* file;
    OrderStatus status;
    const char* raw;
  };
  for (const Case& c : {
           Case{"order-auth", "getOrderCaptured.emulator.json",
                payments::v1::ORDER_STATUS_COMPLETED, "completed"},
           Case{"order-refunded", "getOrderRefunded.emulator.json",
                payments::v1::ORDER_STATUS_PARTIAL_REFUNDED,
                "partial_refunded"},
           Case{"order-cancelled", "getOrderCancelled.emulator.json",
                payments::v1::ORDER_STATUS_CANCELLED, "cancelled"},
       }) {
    absl::StatusOr<Verdict> verdict = Judge(c.order_id, EmulatorOrder(c.file));
    ASSERT_TRUE(verdict.ok()) << c.file << ": " << verdict.status();
    EXPECT_EQ(verdict->kind, Verdict::Kind::kApplied) << c.file;
    EXPECT_EQ(verdict->response.order_id(), c.order_id);
    EXPECT_EQ(verdict->response.status(), c.status) << c.file;
    EXPECT_EQ(verdict->response.status_raw(), c.raw);
    EXPECT_EQ(verdict->response.payment_url(), "");
    EXPECT_EQ(verdict->response.session_id(), "");
  }
}

// Every order status MultiSafepay documents (multisafepay-api.md §5.2, both
// chargeback spellings): only `initialized` is open.
TEST(JudgeCreateOrderTest, OnlyInitializedIsOpen) {
  for (const char* status :
       {"initialized", "completed", "uncleared", "declined", "cancelled",
        "void", "expired", "refunded", "partial_refunded", "reserved",
        "shipped", "chargeback", "chargedback"}) {
    const std::string data = std::string(R"({"order_id":"o-1","status":")") +
                             status + R"(","financial_status":"completed"})";
    absl::StatusOr<Verdict> verdict = Judge("o-1", ReplyOf(data));
    ASSERT_TRUE(verdict.ok()) << status << ": " << verdict.status();
    if (std::string(status) == "initialized") {
      EXPECT_EQ(verdict->kind, Verdict::Kind::kAppliedAnswerLost);
    } else {
      EXPECT_EQ(verdict->kind, Verdict::Kind::kApplied) << status;
      EXPECT_NE(verdict->response.status(),
                payments::v1::ORDER_STATUS_UNSPECIFIED)
          << status;
      EXPECT_EQ(verdict->response.status_raw(), status);
    }
  }
}

TEST(JudgeCreateOrderTest, NoSuchOrderIsNotApplied) {
  for (const absl::Status& not_found :
       {MspErrorToStatus(MspOperation::kGetOrder, 404, 1006, ""),
        MspErrorToStatus(MspOperation::kGetOrder, 404, 1000, ""),
        MspErrorToStatus(MspOperation::kGetOrder, 404, 0, "")}) {
    absl::StatusOr<Verdict> verdict =
        Judge("o-1", absl::StatusOr<MspReply>(not_found));
    ASSERT_TRUE(verdict.ok()) << verdict.status();
    EXPECT_EQ(verdict->kind, Verdict::Kind::kNotApplied);
  }
}

TEST(JudgeCreateOrderTest, WhatCannotBeReadSettlesNothing) {
  const absl::Status down =
      MspErrorToStatus(MspOperation::kGetOrder, 503, 0, "");
  EXPECT_EQ(Judge("o-1", absl::StatusOr<MspReply>(down)).status(), down);
  for (const char* data :
       {R"({"order_id":"o-1"})", R"({"order_id":"o-1","status":"surprise"})",
        R"({"order_id":"o-2","status":"completed"})", R"([])"}) {
    const absl::Status status = Judge("o-1", ReplyOf(data)).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << data;
    std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
    ASSERT_TRUE(info.has_value()) << data;
    EXPECT_EQ(info->reason(), "MSP_INVALID_RESPONSE");
    EXPECT_EQ(info->metadata().at("endpoint"), "GET /orders/{order_id}");
  }
}

}  // namespace
}  // namespace msp_gateway
