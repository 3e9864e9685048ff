// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_envelope.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "service/common/error_details.h"
#include "service/upstream/log_capture.h"

namespace msp_gateway {
namespace {

using json = nlohmann::json;
using Code = absl::StatusCode;
using ::msp_gateway::testing::LogCapture;

constexpr MspOperation kCreate = MspOperation::kCreateOrder;
constexpr MspOperation kGet = MspOperation::kGetOrder;

HttpResponse Response(int status, std::string body,
                      std::string content_type = "application/json") {
  HttpResponse response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

// --- Successes -------------------------------------------------------------

struct SuccessCase {
  std::string name;
  int status;
  std::string body;
  json want;
};

class ParseEnvelopeSuccessTest : public ::testing::TestWithParam<SuccessCase> {
};

TEST_P(ParseEnvelopeSuccessTest, ReturnsData) {
  absl::StatusOr<json> data =
      ParseEnvelope(kCreate, Response(GetParam().status, GetParam().body));
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(*data, GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseEnvelopeSuccessTest,
    ::testing::Values(
        SuccessCase{
            "Object", 200,
            R"({"success":true,"data":{"order_id":"a","payment_url":"https://x"}})",
            json{{"order_id", "a"}, {"payment_url", "https://x"}}},
        SuccessCase{"Array", 200, R"({"success":true,"data":[1,2]})",
                    json::array({1, 2})},
        SuccessCase{"EmptyArray", 200, R"({"success":true,"data":[]})",
                    json::array()},
        SuccessCase{"NoData", 200, R"({"success":true})", json()},
        SuccessCase{"Created", 201, R"({"success":true,"data":{}})",
                    json::object()},
        SuccessCase{"SuccessAsString", 200,
                    R"({"success":"true","data":{"a":1}})", json{{"a", 1}}},
        SuccessCase{"SuccessAsNumber", 200, R"({"success":1,"data":{"a":1}})",
                    json{{"a", 1}}},
        // The PHP SDK's rule: no `success`, but `data` => success.
        SuccessCase{"SuccessMissingDataObject", 200, R"({"data":{"a":1}})",
                    json{{"a", 1}}},
        SuccessCase{"SuccessNullDataArray", 200,
                    R"({"success":null,"data":[]})", json::array()},
        SuccessCase{"ExtraMembersIgnored", 200,
                    R"({"success":true,"data":{"a":1},"pager":{"limit":3}})",
                    json{{"a", 1}}},
        SuccessCase{"Whitespace", 200,
                    " \n{\"success\" : true , \"data\":{}}\n", json::object()}),
    [](const ::testing::TestParamInfo<SuccessCase>& param_info) {
      return param_info.param.name;
    });

// --- Failures --------------------------------------------------------------

struct FailureCase {
  std::string name;
  MspOperation op;
  int status;
  std::string body;
  std::string content_type;
  Code want;
  std::string want_reason;
};

class ParseEnvelopeFailureTest : public ::testing::TestWithParam<FailureCase> {
};

TEST_P(ParseEnvelopeFailureTest, MapsToStatusWithErrorInfo) {
  const FailureCase& c = GetParam();
  LogCapture log;
  absl::StatusOr<json> data =
      ParseEnvelope(c.op, Response(c.status, c.body, c.content_type));
  ASSERT_FALSE(data.ok()) << data->dump();
  EXPECT_EQ(data.status().code(), c.want) << data.status();
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(data.status());
  ASSERT_TRUE(info.has_value()) << data.status();
  EXPECT_EQ(info->domain(), "multisafepay.com");
  EXPECT_EQ(info->reason(), c.want_reason);
}

const char kHtml503[] =
    "<html><head><title>503 Service Temporarily Unavailable</title></head>"
    "<body><center><h1>503 Service Temporarily Unavailable</h1></center>"
    "<hr><center>nginx</center></body></html>";

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseEnvelopeFailureTest,
    ::testing::Values(
        // The documented error envelope, with `data` as {} and as [].
        FailureCase{
            "WrongKeyDataObject", kCreate, 401,
            R"({"success":false,"data":{},"error_code":1032,"error_info":"Invalid API key"})",
            "application/json", Code::kInternal, "MSP_1032"},
        FailureCase{
            "WrongKeyDataArray", kCreate, 401,
            R"({"success":false,"data":[],"error_code":1032,"error_info":"Invalid API key"})",
            "application/json", Code::kInternal, "MSP_1032"},
        FailureCase{
            "WrongKeyCodeAsString", kCreate, 401,
            R"({"success":false,"data":[],"error_code":"1032","error_info":"Invalid API key"})",
            "application/json", Code::kInternal, "MSP_1032"},
        FailureCase{"WrongKeyOnHttp200", kCreate, 200,
                    R"({"success":false,"error_code":1032})",
                    "application/json", Code::kInternal, "MSP_1032"},
        FailureCase{
            "DuplicateOrderIdOnCreate", kCreate, 404,
            R"({"success":false,"data":{},"error_code":1006,"error_info":"Invalid transaction ID"})",
            "application/json", Code::kAlreadyExists, "MSP_1006"},
        FailureCase{"CodeAsPaddedString", kCreate, 404,
                    R"({"success":false,"error_code":" 1006 "})",
                    "application/json", Code::kAlreadyExists, "MSP_1006"},
        FailureCase{
            "UnknownOrderOnGet", kGet, 404,
            R"({"success":false,"data":{},"error_code":1006,"error_info":"Invalid transaction ID"})",
            "application/json", Code::kNotFound, "MSP_1006"},
        FailureCase{
            "ValidationNoData", kCreate, 400,
            R"({"success":false,"error_code":1001,"error_info":"Invalid amount"})",
            "application/json", Code::kInvalidArgument, "MSP_1001"},
        FailureCase{
            "GatewayUnavailable", kCreate, 404,
            R"({"success":false,"data":{},"error_code":1023,"error_info":"No gateway (payment method) available"})",
            "application/json", Code::kFailedPrecondition, "MSP_1023"},
        FailureCase{
            "PatchOnClosedOrder", MspOperation::kUpdateOrder, 410,
            R"({"success":false,"data":null,"error_code":1000,"error_info":"Not found"})",
            "application/json", Code::kNotFound, "MSP_1000"},
        // Non-2xx is a failure even if the body claims success.
        FailureCase{"Non2xxWithSuccessTrue", kGet, 404,
                    R"({"success":true,"data":{}})", "application/json",
                    Code::kNotFound, "MSP_HTTP_404"},
        FailureCase{"ForbiddenShape", kCreate, 403,
                    R"({"message":"Forbidden"})", "application/json",
                    Code::kInternal, "MSP_HTTP_403"},
        FailureCase{"SuccessFalseWithoutCode", kCreate, 200,
                    R"({"success":false})", "application/json", Code::kUnknown,
                    "MSP_HTTP_200"},
        // MultiSafepay down.
        FailureCase{"Html503", kCreate, 503, kHtml503, "text/html",
                    Code::kUnavailable, "MSP_HTTP_503"},
        FailureCase{
            "Json503", kCreate, 503,
            R"({"success":false,"error_code":1014,"error_info":"Unspecified error"})",
            "application/json", Code::kUnavailable, "MSP_1014"},
        FailureCase{"Empty502", kCreate, 502, "", "", Code::kUnavailable,
                    "MSP_HTTP_502"},
        FailureCase{"Json500", kCreate, 500, R"({"success":false})",
                    "application/json", Code::kUnavailable, "MSP_HTTP_500"},
        // Unusable bodies.
        FailureCase{"Html200", kCreate, 200, "<html>hello</html>", "text/html",
                    Code::kUnavailable, "MSP_INVALID_RESPONSE"},
        // A 4xx without a usable body is classified by its status, never
        // retryable (issue 8: an empty 413 came back UNAVAILABLE).
        FailureCase{"HtmlWith404", kGet, 404,
                    "<html><body>Not Found</body></html>", "text/html",
                    Code::kNotFound, "MSP_HTTP_404"},
        FailureCase{"Html400", kCreate, 400,
                    "<html><body>Bad Request</body></html>", "text/html",
                    Code::kInvalidArgument, "MSP_HTTP_400"},
        FailureCase{"Empty413", kCreate, 413, "", "", Code::kInvalidArgument,
                    "MSP_HTTP_413"},
        FailureCase{"JsonArray413", kCreate, 413, "[]", "application/json",
                    Code::kInvalidArgument, "MSP_HTTP_413"},
        FailureCase{"Json413WithoutCode", kCreate, 413, R"({"success":false})",
                    "application/json", Code::kInvalidArgument, "MSP_HTTP_413"},
        FailureCase{"Empty405", kCreate, 405, "", "", Code::kFailedPrecondition,
                    "MSP_HTTP_405"},
        FailureCase{"Html429", kCreate, 429, "<html>slow down</html>",
                    "text/html", Code::kUnavailable, "MSP_HTTP_429"},
        FailureCase{"Empty408", kCreate, 408, "", "", Code::kUnavailable,
                    "MSP_HTTP_408"},
        FailureCase{"EmptyBody", kCreate, 200, "", "application/json",
                    Code::kUnavailable, "MSP_INVALID_RESPONSE"},
        FailureCase{
            "TruncatedJson", kCreate, 200,
            R"({"success":true,"data":{"order_id":"a","payment_url":"htt)",
            "application/json", Code::kUnavailable, "MSP_INVALID_RESPONSE"},
        FailureCase{"JsonArrayBody", kCreate, 200, "[]", "application/json",
                    Code::kUnavailable, "MSP_INVALID_RESPONSE"},
        FailureCase{"JsonScalarBody", kCreate, 200, "true", "application/json",
                    Code::kUnavailable, "MSP_INVALID_RESPONSE"},
        FailureCase{"InvalidUtf8", kCreate, 200,
                    "{\"success\":true,\"data\":{\"a\":\"\xff\"}}",
                    "application/json", Code::kUnavailable,
                    "MSP_INVALID_RESPONSE"},
        FailureCase{"SuccessNotABool", kCreate, 200,
                    R"({"success":"maybe","data":{}})", "application/json",
                    Code::kUnavailable, "MSP_INVALID_RESPONSE"},
        FailureCase{"NoSuccessScalarData", kCreate, 200, R"({"data":"oops"})",
                    "application/json", Code::kUnavailable,
                    "MSP_INVALID_RESPONSE"},
        FailureCase{"NoSuccessNoData", kCreate, 200, R"({"order_id":"a"})",
                    "application/json", Code::kUnavailable,
                    "MSP_INVALID_RESPONSE"}),
    [](const ::testing::TestParamInfo<FailureCase>& param_info) {
      return param_info.param.name;
    });

TEST(ParseEnvelopeTest, WrongKeyLogsOnceWithoutTheBody) {
  LogCapture log;
  absl::StatusOr<json> data = ParseEnvelope(
      kCreate,
      Response(
          401,
          R"({"success":false,"data":{},"error_code":1032,"error_info":"Invalid API key"})"));
  ASSERT_FALSE(data.ok());
  ASSERT_EQ(log.lines().size(), 1u);
  EXPECT_NE(log.lines()[0].find("MSP_1032"), std::string::npos);
}

// Issue 8, defect 7: error_info reached the caller word for word.
TEST(ParseEnvelopeTest, ErrorMessageIsOursAndErrorInfoIsOnlyLoggedRedacted) {
  LogCapture log;
  absl::StatusOr<json> data = ParseEnvelope(
      kCreate,
      Response(
          400,
          R"({"success":false,"error_code":1008,"error_info":"Invalid description: mail jane@example.com"})"));
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(data.status().message(),
            "MultiSafepay rejected POST /orders: Invalid description (MSP "
            "1008)");
  EXPECT_EQ(data.status().ToString().find("jane"), std::string::npos);
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(data.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "MSP_1008");
  EXPECT_EQ(info->metadata().at("error_code"), "1008");
  ASSERT_EQ(log.lines().size(), 1u);
  EXPECT_NE(log.lines()[0].find("Invalid description: mail [redacted]"),
            std::string::npos)
      << log.lines()[0];
  EXPECT_EQ(log.lines()[0].find("jane"), std::string::npos);
}

// "message" stands in for error_info (the {"message":"Forbidden"} shape), so
// it is treated the same way.
TEST(ParseEnvelopeTest, MessageMemberIsTreatedAsErrorInfo) {
  LogCapture log;
  absl::StatusOr<json> data = ParseEnvelope(
      kGet, Response(404, R"({"message":"No order for jane@example.com"})"));
  EXPECT_EQ(data.status().code(), Code::kNotFound);
  EXPECT_EQ(data.status().ToString().find("jane"), std::string::npos);
  ASSERT_EQ(log.lines().size(), 1u);
  EXPECT_NE(log.lines()[0].find("No order for [redacted]"), std::string::npos);
}

TEST(ParseEnvelopeTest, ValidationFreeTextIsRedactedAndBounded) {
  std::string errors;
  for (int i = 0; i < 50; ++i) {
    if (i > 0) errors += ",";
    errors += R"({"attribute":"customer.email","message":"jane@example.com )"
              R"(is not valid, call 0612345678 )" +
              std::string(300, 'y') + R"("})";
  }
  absl::StatusOr<json> data = ParseEnvelope(
      kCreate, Response(422, R"({"success":false,"errors":[)" + errors + "]}"));
  ASSERT_EQ(data.status().code(), Code::kInvalidArgument);
  std::vector<FieldViolation> violations = GetFieldViolations(data.status());
  ASSERT_EQ(violations.size(), kMaxMspFieldViolations);
  for (const FieldViolation& v : violations) {
    EXPECT_EQ(v.field, "customer.email");  // Attribute names are kept.
    EXPECT_EQ(
        v.description.rfind("[redacted] is not valid, call [redacted] y", 0),
        0u)
        << v.description;
    EXPECT_EQ(v.description.size(), 100u);
  }
  EXPECT_EQ(data.status().ToString().find("jane"), std::string::npos);
  EXPECT_EQ(data.status().ToString().find("0612345678"), std::string::npos);
}

TEST(ParseEnvelopeTest, InvalidResponseNamesContentType) {
  absl::StatusOr<json> data = ParseEnvelope(
      kCreate, Response(200, "<html/>", "text/html; charset=utf-8"));
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(GetErrorInfo(data.status())->metadata().at("content_type"),
            "text/html; charset=utf-8");
  EXPECT_TRUE(GetRetryInfo(data.status()).has_value());
}

// --- Bounds (issue 8, defect 1) -------------------------------------------

std::string DeepData(int depth) {
  std::string body = R"({"success":true,"data":)";
  body.append(depth, '[');
  body.append(depth, ']');
  return body + "}";
}

// The ~30 KB reply nested 15,000 deep crashed the process (SIGSEGV) through
// recursive copies of its tree. Now it is refused while parsing.
TEST(ParseEnvelopeTest, DeeplyNestedReplyIsInvalidResponse) {
  for (JsonNumbers numbers :
       {JsonNumbers::kNative, JsonNumbers::kExactDecimals}) {
    absl::StatusOr<json> data =
        ParseEnvelope(kGet, Response(200, DeepData(15000)), numbers);
    ASSERT_FALSE(data.ok());
    EXPECT_EQ(data.status().code(), Code::kUnavailable);
    EXPECT_EQ(GetErrorInfo(data.status())->reason(), "MSP_INVALID_RESPONSE");
    EXPECT_EQ(
        data.status().message(),
        "MultiSafepay sent an unusable response to GET /orders/{order_id} "
        "(HTTP 200): body is nested deeper than 64 levels");
    // As deep as allowed: fine (the envelope is one level, data the rest).
    EXPECT_TRUE(
        ParseEnvelope(kGet, Response(200, DeepData(kMaxJsonDepth - 1)), numbers)
            .ok());
    EXPECT_FALSE(
        ParseEnvelope(kGet, Response(200, DeepData(kMaxJsonDepth)), numbers)
            .ok());
  }
  // A deep 4xx body: by status, not a crash.
  absl::StatusOr<json> rejected =
      ParseEnvelope(kCreate, Response(400, DeepData(15000)));
  EXPECT_EQ(rejected.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(rejected.status().message(),
            "MultiSafepay rejected POST /orders: HTTP 400 (body is nested "
            "deeper than 64 levels)");
}

TEST(ParseEnvelopeTest, LimitsAreConfigurable) {
  const HttpResponse response =
      Response(200, R"({"success":true,"data":{"a":[1]}})");
  EXPECT_TRUE(ParseEnvelope(kGet, response, JsonNumbers::kNative,
                            {.max_depth = 3, .max_bytes = 100})
                  .ok());
  EXPECT_EQ(ParseEnvelope(kGet, response, JsonNumbers::kNative,
                          {.max_depth = 2, .max_bytes = 100})
                .status()
                .message(),
            "MultiSafepay sent an unusable response to GET /orders/{order_id} "
            "(HTTP 200): body is nested deeper than 2 levels");
  EXPECT_EQ(ParseEnvelope(kGet, response, JsonNumbers::kExactDecimals,
                          {.max_depth = 3, .max_bytes = 10})
                .status()
                .message(),
            "MultiSafepay sent an unusable response to GET /orders/{order_id} "
            "(HTTP 200): body is larger than 10 bytes");
}

// --- Lenient scalars -------------------------------------------------------

TEST(ParseEnvelopeTest, ExactDecimalsKeepLexemesAndStillMapErrors) {
  absl::StatusOr<json> data = ParseEnvelope(
      kGet,
      Response(
          200,
          R"({"success":true,"data":{"amount":1000,"costs":[{"amount":0.60}]}})"),
      JsonNumbers::kExactDecimals);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ((*data)["amount"], 1000);
  EXPECT_EQ((*data)["costs"][0]["amount"], "0.60");
  // The default reads doubles.
  data = ParseEnvelope(
      kGet, Response(200, R"({"success":true,"data":{"amount":0.60}})"));
  ASSERT_TRUE(data.ok());
  EXPECT_TRUE((*data)["amount"].is_number_float());

  absl::StatusOr<json> failed = ParseEnvelope(
      kGet,
      Response(
          404,
          R"({"success":false,"data":{},"error_code":1006,"error_info":"Invalid transaction ID"})"),
      JsonNumbers::kExactDecimals);
  EXPECT_EQ(failed.status().code(), Code::kNotFound);
  failed =
      ParseEnvelope(kGet, Response(200, "<html>"), JsonNumbers::kExactDecimals);
  EXPECT_EQ(GetErrorInfo(failed.status())->reason(), "MSP_INVALID_RESPONSE");
}

}  // namespace
}  // namespace msp_gateway
