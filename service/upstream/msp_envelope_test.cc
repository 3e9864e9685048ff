// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_envelope.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "service/error_details.h"
#include "service/upstream/upstream_log.h"

namespace msp_gateway {
namespace {

using json = nlohmann::json;
using Code = absl::StatusCode;

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

// Silences (and collects) the ERROR lines that 1032 / 403 produce.
class LogCapture {
 public:
  LogCapture() {
    previous_ = SetUpstreamLogSink(
        [this](absl::string_view line) { lines_.emplace_back(line); });
  }
  ~LogCapture() { SetUpstreamLogSink(std::move(previous_)); }
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  UpstreamLogSink previous_;
  std::vector<std::string> lines_;
};

// --- Successes -------------------------------------------------------------

struct SuccessCase {
  std::string name;
  int status;
  std::string body;
  json want;
};

class ParseEnvelopeSuccessTest : public testing::TestWithParam<SuccessCase> {};

TEST_P(ParseEnvelopeSuccessTest, ReturnsData) {
  absl::StatusOr<json> data =
      ParseEnvelope(kCreate, Response(GetParam().status, GetParam().body));
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(*data, GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseEnvelopeSuccessTest,
    testing::Values(
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
    [](const testing::TestParamInfo<SuccessCase>& param_info) {
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

class ParseEnvelopeFailureTest : public testing::TestWithParam<FailureCase> {};

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
    testing::Values(
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
        FailureCase{"HtmlWith404", kCreate, 404,
                    "<html><body>Not Found</body></html>", "text/html",
                    Code::kUnavailable, "MSP_INVALID_RESPONSE"},
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
    [](const testing::TestParamInfo<FailureCase>& param_info) {
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

TEST(ParseEnvelopeTest, ErrorMessageQuotesErrorInfo) {
  absl::StatusOr<json> data = ParseEnvelope(
      kCreate,
      Response(
          400,
          R"({"success":false,"error_code":1008,"error_info":"Invalid description"})"));
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().message(),
            "MultiSafepay rejected POST /orders: Invalid description (MSP "
            "1008)");
}

TEST(ParseEnvelopeTest, ValidationShapeBecomesFieldViolations) {
  absl::StatusOr<json> data = ParseEnvelope(
      kCreate, Response(422, R"({"success":false,"message":"Validation error",
        "errors":[{"attribute":"amount","details":"d","message":"must be positive","uri":"u"},
                  {"attribute":"currency","details":"not supported"}]})"));
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), Code::kInvalidArgument);
  std::vector<FieldViolation> violations = GetFieldViolations(data.status());
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0], (FieldViolation{"amount", "must be positive"}));
  EXPECT_EQ(violations[1], (FieldViolation{"currency", "not supported"}));
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(data.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "MSP_HTTP_422");
  EXPECT_EQ(info->metadata().at("http_status"), "422");
  EXPECT_EQ(info->metadata().at("endpoint"), "POST /orders");
}

TEST(ParseEnvelopeTest, InvalidResponseNamesContentType) {
  absl::StatusOr<json> data = ParseEnvelope(
      kCreate, Response(200, "<html/>", "text/html; charset=utf-8"));
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(GetErrorInfo(data.status())->metadata().at("content_type"),
            "text/html; charset=utf-8");
  EXPECT_TRUE(GetRetryInfo(data.status()).has_value());
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

TEST(JsonStringTest, AcceptsStringsAndNumbers) {
  const json object = json::parse(R"({
    "s": "my-order", "empty": "", "int": 1588947171, "neg": -5,
    "big": 17472052901237122, "huge": 18446744073709551615, "float": 0.44,
    "bool": true, "null": null, "obj": {}, "arr": []})");
  EXPECT_EQ(JsonString(object, "s"), "my-order");
  EXPECT_EQ(JsonString(object, "empty"), "");
  EXPECT_EQ(JsonString(object, "int"), "1588947171");
  EXPECT_EQ(JsonString(object, "neg"), "-5");
  EXPECT_EQ(JsonString(object, "big"), "17472052901237122");
  EXPECT_EQ(JsonString(object, "huge"), "18446744073709551615");
  EXPECT_EQ(JsonString(object, "float"), "0.44");
  EXPECT_EQ(JsonString(object, "bool"), std::nullopt);
  EXPECT_EQ(JsonString(object, "null"), std::nullopt);
  EXPECT_EQ(JsonString(object, "obj"), std::nullopt);
  EXPECT_EQ(JsonString(object, "arr"), std::nullopt);
  EXPECT_EQ(JsonString(object, "missing"), std::nullopt);
  EXPECT_EQ(JsonString(json::array({"s"}), "s"), std::nullopt);
  EXPECT_EQ(JsonString(json("s"), "s"), std::nullopt);
}

TEST(JsonIntTest, AcceptsIntegersAndNumericStringsExactly) {
  const json object = json::parse(R"({
    "int": 1721910521100125, "neg": -42, "zero": 0,
    "str": "17472052901237122", "not_a_double": "9007199254740993",
    "max": "9223372036854775807", "min": "-9223372036854775808",
    "padded": " 42 ", "plus": "+7", "minus": "-7",
    "float_integral": 3.0, "float": 3.5, "float_huge": 1e300,
    "float_inexact": 9007199254740994.0,
    "overflow": "9223372036854775808", "u64": 18446744073709551615,
    "decimal_string": "1.0", "hex": "0x10", "empty": "", "sign_only": "-",
    "junk": "12abc", "inner_space": "1 2", "bool": true, "null": null,
    "obj": {}})");
  EXPECT_EQ(JsonInt(object, "int"), 1721910521100125);
  EXPECT_EQ(JsonInt(object, "neg"), -42);
  EXPECT_EQ(JsonInt(object, "zero"), 0);
  EXPECT_EQ(JsonInt(object, "str"), 17472052901237122);
  // 2^53 + 1 has no double; a parse through double would yield 2^53.
  EXPECT_EQ(JsonInt(object, "not_a_double"), int64_t{9007199254740993});
  EXPECT_EQ(JsonInt(object, "max"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(JsonInt(object, "min"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(JsonInt(object, "padded"), 42);
  EXPECT_EQ(JsonInt(object, "plus"), 7);
  EXPECT_EQ(JsonInt(object, "minus"), -7);
  EXPECT_EQ(JsonInt(object, "float_integral"), 3);
  EXPECT_EQ(JsonInt(object, "float"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "float_huge"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "float_inexact"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "overflow"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "u64"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "decimal_string"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "hex"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "empty"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "sign_only"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "junk"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "inner_space"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "bool"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "null"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "obj"), std::nullopt);
  EXPECT_EQ(JsonInt(object, "missing"), std::nullopt);
}

}  // namespace
}  // namespace msp_gateway
