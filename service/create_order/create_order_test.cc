// Copyright 2026 The msp-gateway Authors.

#include "service/create_order/create_order.h"

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/create_order/order_translator.h"
#include "service/create_order/order_validator.h"
#include "service/upstream/msp_client.h"
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

// A successful POST /orders reply whose `data` is `data_json`.
MspReply ReplyOf(absl::string_view data_json) {
  return MspReply{200, nlohmann::json::parse(data_json)};
}

// --- the spec ---------------------------------------------------------------

TEST(CreateOrderSpecTest, NamesTheMethodAndKeysOnOrderId) {
  EXPECT_EQ(kCreateOrderSpec.method, "CreateOrder");
  EXPECT_EQ(kCreateOrderSpec.validate, &ValidateCreateOrder);
  EXPECT_EQ(kCreateOrderSpec.translate, &BuildCreateOrderCall);
  EXPECT_EQ(kCreateOrderSpec.map_reply, &MapCreateOrderReply);
  ASSERT_NE(kCreateOrderSpec.idempotency_key, nullptr);
  EXPECT_EQ(kCreateOrderSpec.idempotency_key(RequestFor("my-order-id-1")),
            "my-order-id-1");
  EXPECT_EQ(kCreateOrderSpec.idempotency_key_field, "order_id");
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

}  // namespace
}  // namespace msp_gateway
