// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_errors.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/common/error_details.h"
#include "service/upstream/log_capture.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {
namespace {

using Code = absl::StatusCode;
using ::msp_gateway::testing::LogCapture;

struct MappingCase {
  MspOperation op;
  int http_status;
  int error_code;
  Code want;
  std::string want_reason;
};

std::string OpName(MspOperation op) {
  switch (op) {
    case MspOperation::kCreateOrder:
      return "Create";
    case MspOperation::kGetOrder:
      return "Get";
    case MspOperation::kUpdateOrder:
      return "Update";
    case MspOperation::kRefundOrder:
      return "Refund";
    case MspOperation::kCaptureOrder:
      return "Capture";
    case MspOperation::kListGateways:
      return "ListGateways";
    case MspOperation::kGetGateway:
      return "GetGateway";
    case MspOperation::kListPaymentMethods:
      return "ListPaymentMethods";
    case MspOperation::kListRecurringTokens:
      return "ListRecurringTokens";
    case MspOperation::kDeleteRecurringToken:
      return "DeleteRecurringToken";
  }
  return "Unknown";
}

std::string CaseName(const ::testing::TestParamInfo<MappingCase>& info) {
  return absl::StrCat(OpName(info.param.op), "_Http", info.param.http_status,
                      "_Code", info.param.error_code);
}

class MspErrorToStatusTest : public ::testing::TestWithParam<MappingCase> {};

TEST_P(MspErrorToStatusTest, MapsCodeAndCarriesErrorInfo) {
  const MappingCase& c = GetParam();
  LogCapture log;  // Keeps the 1032 / 401 / 403 lines out of test output.
  absl::Status status =
      MspErrorToStatus(c.op, c.http_status, c.error_code, "some info");
  EXPECT_EQ(status.code(), c.want) << status;

  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value()) << status;
  EXPECT_EQ(info->domain(), "multisafepay.com");
  EXPECT_EQ(info->reason(), c.want_reason);
  EXPECT_EQ(info->metadata().at("http_status"), absl::StrCat(c.http_status));
  EXPECT_EQ(info->metadata().at("endpoint"), MspOperationEndpoint(c.op));
  if (c.error_code != 0) {
    EXPECT_EQ(info->metadata().at("error_code"), absl::StrCat(c.error_code));
  } else {
    EXPECT_EQ(info->metadata().count("error_code"), 0u);
  }
  // Exactly the retryable class carries RetryInfo.
  EXPECT_EQ(GetRetryInfo(status).has_value(), c.want == Code::kUnavailable);
}

constexpr MspOperation kCreate = MspOperation::kCreateOrder;
constexpr MspOperation kGet = MspOperation::kGetOrder;

std::vector<MappingCase> AllCases() {
  std::vector<MappingCase> cases;
  auto add = [&](MspOperation op, int http, int code, Code want) {
    cases.push_back({op, http, code, want,
                     code != 0 ? absl::StrCat("MSP_", code)
                               : absl::StrCat("MSP_HTTP_", http)});
  };
  // Validation codes named by the issue, plus 1016 and 5001.
  for (int code : {1001, 1002, 1007, 1008, 1010, 1016, 1018, 1025, 1026, 1027,
                   1028, 1029, 1030, 1031, 1036, 5001}) {
    add(kCreate, 400, code, Code::kInvalidArgument);
    add(kGet, 404, code, Code::kInvalidArgument);
  }
  add(kCreate, 404, 1006, Code::kAlreadyExists);
  add(kCreate, 409, 1006, Code::kAlreadyExists);
  add(kGet, 404, 1006, Code::kNotFound);
  add(MspOperation::kUpdateOrder, 404, 1006, Code::kNotFound);
  add(MspOperation::kRefundOrder, 404, 1006, Code::kNotFound);
  add(kGet, 410, 1000, Code::kNotFound);
  add(kCreate, 404, 1000, Code::kNotFound);
  for (int code : {1017, 1019, 1020, 1021, 1022, 1023, 1024, 1034}) {
    add(kCreate, 404, code, Code::kFailedPrecondition);
  }
  add(kCreate, 401, 1032, Code::kInternal);
  add(kCreate, 200, 1032, Code::kInternal);
  add(kGet, 401, 1032, Code::kInternal);
  for (int code : {1003, 1004, 1005, 1011, 1012, 1013, 1015, 1035}) {
    add(kCreate, 400, code, Code::kInternal);
  }
  add(MspOperation::kRefundOrder, 400, 1033, Code::kUnavailable);
  // The lifecycle calls: over-refund, unknown gateway, closed order.
  add(MspOperation::kRefundOrder, 400, 1034, Code::kFailedPrecondition);
  add(MspOperation::kCaptureOrder, 404, 1006, Code::kNotFound);
  add(MspOperation::kCaptureOrder, 409, 0, Code::kAborted);
  add(MspOperation::kUpdateOrder, 410, 1000, Code::kNotFound);
  add(MspOperation::kGetGateway, 404, 1023, Code::kFailedPrecondition);
  add(MspOperation::kListGateways, 401, 1032, Code::kInternal);
  // Recurring tokens: an unknown token ("Not found: token", data []).
  add(MspOperation::kDeleteRecurringToken, 404, 1000, Code::kNotFound);
  add(MspOperation::kListRecurringTokens, 401, 1032, Code::kInternal);
  add(MspOperation::kListPaymentMethods, 400, 1018, Code::kInvalidArgument);
  add(kCreate, 400, 1014, Code::kUnknown);
  add(kCreate, 400, 9999, Code::kUnknown);
  add(kCreate, 400, 4242, Code::kUnknown);  // Not in the catalogue.
  // 5xx wins over any code: MultiSafepay itself failed.
  add(kCreate, 500, 0, Code::kUnavailable);
  add(kCreate, 502, 0, Code::kUnavailable);
  add(kCreate, 503, 0, Code::kUnavailable);
  add(kCreate, 504, 0, Code::kUnavailable);
  add(kCreate, 503, 1001, Code::kUnavailable);
  add(kCreate, 500, 1032, Code::kUnavailable);
  // No error_code: by HTTP status.
  add(kCreate, 400, 0, Code::kInvalidArgument);
  add(kCreate, 422, 0, Code::kInvalidArgument);
  add(kCreate, 401, 0, Code::kInternal);
  add(kCreate, 403, 0, Code::kInternal);
  add(kGet, 404, 0, Code::kNotFound);
  add(kGet, 410, 0, Code::kNotFound);
  add(kCreate, 409, 0, Code::kAlreadyExists);
  add(kGet, 409, 0, Code::kAborted);
  add(kCreate, 408, 0, Code::kUnavailable);
  add(kCreate, 429, 0, Code::kUnavailable);
  // Issue 8: no other 4xx is retryable; a too-large request never succeeds.
  add(kCreate, 413, 0, Code::kInvalidArgument);
  add(kGet, 414, 0, Code::kInvalidArgument);
  add(kCreate, 405, 0, Code::kFailedPrecondition);
  add(kCreate, 415, 0, Code::kFailedPrecondition);
  add(kCreate, 418, 0, Code::kFailedPrecondition);
  add(kCreate, 451, 0, Code::kFailedPrecondition);
  add(kCreate, 499, 0, Code::kFailedPrecondition);
  add(kCreate, 200, 0, Code::kUnknown);  // success:false without a code.
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Table, MspErrorToStatusTest,
                         ::testing::ValuesIn(AllCases()), CaseName);

TEST(MspErrorToStatusTest, InvalidApiKeyIsInternalWithFixedMessageAndLoudLog) {
  LogCapture log;
  absl::Status status =
      MspErrorToStatus(kCreate, 401, 1032, "Invalid API key sk_live_SECRET");
  EXPECT_EQ(status.code(), Code::kInternal);
  EXPECT_NE(status.code(), Code::kUnauthenticated);
  EXPECT_EQ(status.message(),
            "MultiSafepay rejected the gateway's API key (MSP 1032); check "
            "MSP_API_KEY / MSP_ENV");
  ASSERT_EQ(log.lines().size(), 1u);
  const std::string& line = log.lines()[0];
  EXPECT_NE(line.find("\"level\":\"ERROR\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"reason\":\"MSP_1032\""), std::string::npos) << line;
  EXPECT_NE(line.find("MSP_API_KEY"), std::string::npos) << line;
  // Whatever MultiSafepay echoed is neither logged nor returned.
  EXPECT_EQ(line.find("SECRET"), std::string::npos) << line;
  EXPECT_EQ(std::string(status.message()).find("SECRET"), std::string::npos);
}

TEST(MspErrorToStatusTest, ErrorsWithoutErrorInfoDoNotLog) {
  LogCapture log;
  (void)MspErrorToStatus(kCreate, 400, 1001, "");
  (void)MspErrorToStatus(kCreate, 404, 1006, "");
  (void)MspErrorToStatus(kCreate, 503, 0, "");
  (void)MspErrorToStatus(kCreate, 413, 0, "");
  EXPECT_TRUE(log.lines().empty());
}

TEST(MspErrorToStatusTest, MessageIsOurOwnTextNeverErrorInfo) {
  LogCapture log;
  EXPECT_EQ(MspErrorToStatus(kCreate, 400, 1001, "whatever MSP said").message(),
            "MultiSafepay rejected POST /orders: Invalid amount (MSP 1001)");
  EXPECT_EQ(MspErrorToStatus(kCreate, 400, 1002, "").message(),
            "MultiSafepay rejected POST /orders: Invalid currency (MSP 1002)");
  EXPECT_EQ(
      MspErrorToStatus(kCreate, 404, 1006, "Invalid transaction ID").message(),
      "order_id is already used by a MultiSafepay transaction (MSP 1006)");
  EXPECT_EQ(
      MspErrorToStatus(kGet, 404, 1006, "Invalid transaction ID").message(),
      "MultiSafepay does not know this order (MSP 1006)");
  EXPECT_EQ(MspErrorToStatus(kCreate, 400, 4242, "new thing").message(),
            "MultiSafepay rejected POST /orders: unlisted error (MSP 4242)");
  EXPECT_EQ(MspErrorToStatus(kCreate, 400, 0, "Bad request text").message(),
            "MultiSafepay rejected POST /orders: HTTP 400");
  EXPECT_EQ(MspErrorToStatus(kCreate, 503, 0, "").message(),
            "MultiSafepay is unavailable (POST /orders returned HTTP 503)");
  EXPECT_EQ(MspErrorToStatus(kCreate, 503, 1014, "oops").message(),
            "MultiSafepay is unavailable (POST /orders returned HTTP 503): "
            "Unspecified error (MSP 1014)");
}

// Issue 8, defect 7: an e-mail planted in error_info came back in the gRPC
// message. It must reach neither the message nor the details, and the log
// only redacted.
TEST(MspErrorToStatusTest, PersonalDataInErrorInfoOnlyReachesTheLogRedacted) {
  const std::string info =
      "Invalid description for jane.doe@example.com, phone +31 20 123 4567, "
      "IBAN NL91ABNA0417164300";
  for (const auto& [http, code] : std::vector<std::pair<int, int>>{{400, 1008},
                                                                   {404, 1006},
                                                                   {400, 4242},
                                                                   {400, 0},
                                                                   {422, 0},
                                                                   {418, 0},
                                                                   {503, 1014},
                                                                   {200, 0}}) {
    LogCapture log;
    absl::Status status = MspErrorToStatus(kCreate, http, code, info);
    std::optional<google::rpc::ErrorInfo> error_info = GetErrorInfo(status);
    ASSERT_TRUE(error_info.has_value());
    const std::string caller_sees =
        absl::StrCat(status.ToString(), error_info->DebugString());
    for (absl::string_view secret :
         {"jane.doe", "example.com", "4567", "0417164300", "description for"}) {
      EXPECT_EQ(caller_sees.find(std::string(secret)), std::string::npos)
          << http << "/" << code << ": " << caller_sees;
    }
    ASSERT_EQ(log.lines().size(), 1u) << http << "/" << code;
    nlohmann::json line = nlohmann::json::parse(log.lines()[0]);
    EXPECT_EQ(line["level"], "WARNING");
    EXPECT_EQ(line["reason"], error_info->reason());
    EXPECT_EQ(line["endpoint"], "POST /orders");
    EXPECT_EQ(line["http_status"], absl::StrCat(http));
    EXPECT_EQ(line["error_info"],
              "Invalid description for [redacted], phone +[redacted], IBAN "
              "[redacted]");
  }
}

TEST(MspErrorToStatusTest, KeyFailuresNeverLogErrorInfo) {
  // The text might echo the key; the ERROR line has a fixed message.
  for (const auto& [http, code] : std::vector<std::pair<int, int>>{
           {401, 1032}, {200, 1032}, {500, 1032}, {401, 0}, {403, 0}}) {
    LogCapture log;
    (void)MspErrorToStatus(kCreate, http, code, "key sk_live_SECRET");
    for (const std::string& line : log.lines()) {
      EXPECT_EQ(line.find("SECRET"), std::string::npos) << line;
      EXPECT_NE(line.find("\"level\":\"ERROR\""), std::string::npos) << line;
    }
  }
}

TEST(MspErrorToStatusTest, LoggedErrorInfoIsBoundedAndPrintable) {
  LogCapture log;
  const std::string long_info = "bad\r\nline" + std::string(5000, 'x');
  absl::Status status = MspErrorToStatus(kCreate, 400, 1008, long_info);
  EXPECT_EQ(status.message(),
            "MultiSafepay rejected POST /orders: Invalid description (MSP "
            "1008)");
  ASSERT_EQ(log.lines().size(), 1u);
  nlohmann::json line = nlohmann::json::parse(log.lines()[0]);
  const std::string logged = line["error_info"];
  EXPECT_EQ(logged.size(), kMaxRedactedBytes);
  EXPECT_EQ(logged.rfind("bad  line", 0), 0u) << logged;
}

TEST(MspErrorToStatusTest, UnavailableSuggestsOneSecond) {
  std::optional<google::rpc::RetryInfo> retry =
      GetRetryInfo(MspErrorToStatus(kCreate, 503, 0, ""));
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 1);
  EXPECT_EQ(retry->retry_delay().nanos(), 0);
}

TEST(MspInvalidResponseErrorTest, UnusableTwoHundredIsRetryableUnavailable) {
  for (int http : {200, 201, 302}) {
    absl::Status status =
        MspInvalidResponseError(kCreate, http, "text/html", "body is not JSON");
    EXPECT_EQ(status.code(), Code::kUnavailable);
    std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->reason(), "MSP_INVALID_RESPONSE");
    EXPECT_EQ(info->domain(), "multisafepay.com");
    EXPECT_EQ(info->metadata().at("content_type"), "text/html");
    EXPECT_EQ(info->metadata().at("http_status"), absl::StrCat(http));
    EXPECT_TRUE(GetRetryInfo(status).has_value());
  }
}

TEST(MspInvalidResponseErrorTest, FiveHundredsKeepTheirHttpReason) {
  absl::Status status =
      MspInvalidResponseError(kCreate, 503, "text/html", "body is not JSON");
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_EQ(GetErrorInfo(status)->reason(), "MSP_HTTP_503");
}

// Issue 8, defect 5: the emulator's empty 413 was UNAVAILABLE with RetryInfo.
// A 4xx with an unusable body is classified by its status, as a JSON 4xx
// without error_code is: never retryable, except throttling and timeouts.
TEST(MspInvalidResponseErrorTest, FourHundredsAreClassifiedByStatus) {
  struct Case {
    int http;
    Code want;
  };
  LogCapture log;  // 401 / 403 log loudly.
  for (const Case& c : std::vector<Case>{{400, Code::kInvalidArgument},
                                         {401, Code::kInternal},
                                         {403, Code::kInternal},
                                         {404, Code::kNotFound},
                                         {405, Code::kFailedPrecondition},
                                         {409, Code::kAlreadyExists},
                                         {410, Code::kNotFound},
                                         {413, Code::kInvalidArgument},
                                         {414, Code::kInvalidArgument},
                                         {422, Code::kInvalidArgument},
                                         {451, Code::kFailedPrecondition},
                                         {408, Code::kUnavailable},
                                         {429, Code::kUnavailable}}) {
    absl::Status status =
        MspInvalidResponseError(kCreate, c.http, "", "empty body");
    EXPECT_EQ(status.code(), c.want) << c.http << ": " << status;
    EXPECT_EQ(GetErrorInfo(status)->reason(),
              absl::StrCat("MSP_HTTP_", c.http));
    EXPECT_EQ(GetRetryInfo(status).has_value(), c.want == Code::kUnavailable)
        << c.http;
  }
  EXPECT_EQ(MspInvalidResponseError(kCreate, 413, "", "empty body").message(),
            "MultiSafepay rejected POST /orders: HTTP 413 (empty body)");
}

TEST(MspOperationEndpointTest, NamesEveryOperation) {
  EXPECT_EQ(MspOperationEndpoint(MspOperation::kCreateOrder), "POST /orders");
  EXPECT_EQ(MspOperationEndpoint(MspOperation::kGetOrder),
            "GET /orders/{order_id}");
  EXPECT_EQ(MspOperationEndpoint(MspOperation::kUpdateOrder),
            "PATCH /orders/{order_id}");
  EXPECT_EQ(MspOperationEndpoint(MspOperation::kRefundOrder),
            "POST /orders/{order_id}/refunds");
  EXPECT_EQ(MspOperationEndpoint(MspOperation::kCaptureOrder),
            "POST /orders/{order_id}/capture");
  EXPECT_EQ(MspOperationEndpoint(MspOperation::kListGateways), "GET /gateways");
  EXPECT_EQ(MspOperationEndpoint(MspOperation::kGetGateway),
            "GET /gateways/{gateway_id}");
}

}  // namespace
}  // namespace msp_gateway
