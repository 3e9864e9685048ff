// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_client.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/common/error_details.h"
#include "service/upstream/fake_http_transport.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/msp_errors.h"
#include "service/upstream/msp_operation.h"
#include "service/upstream/upstream_log.h"

namespace msp_gateway {
namespace {

using Code = absl::StatusCode;
using Op = MspOperation;

constexpr absl::string_view kOrderJson =
    R"({"type":"redirect","gateway":"MISTERCASH","order_id":"my-order-id-1",)"
    R"("currency":"EUR","amount":100,"description":"Test Order Description"})";

constexpr absl::string_view kRedirectSuccess =
    R"({"success":true,"data":{"order_id":"my-order-id-1",)"
    R"("payment_url":"https://testpayv2.multisafepay.com/connect/82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv/?lang=nl_BE",)"
    R"("session_id":"82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv",)"
    R"("events_token":"jwt","events_url":"wss://testapi.multisafepay.com/events/"}})";

// Sends the call of `op` as an RPC's spec builds it (MspRequestFor()); a
// request that cannot be built is that error, and nothing is sent.
absl::StatusOr<MspReply> SendOp(MspClient& client, absl::Time deadline,
                                MspOperation op, absl::string_view id = "",
                                std::string body = "",
                                absl::string_view query = "") {
  absl::StatusOr<MspRequest> request =
      MspRequestFor(op, id, std::move(body), query);
  if (!request.ok()) return request.status();
  return client.Send(*request, deadline);
}

class MspClientTest : public testing::Test {
 protected:
  MspClientTest() : client_(transport_) {
    previous_sink_ = SetUpstreamLogSink(
        [this](absl::string_view line) { log_.emplace_back(line); });
  }
  ~MspClientTest() override { SetUpstreamLogSink(std::move(previous_sink_)); }

  absl::Time Deadline() const { return deadline_; }

  absl::StatusOr<MspReply> Send(MspOperation op, absl::string_view id = "",
                                std::string body = "",
                                absl::string_view query = "") {
    return SendOp(client_, deadline_, op, id, std::move(body), query);
  }

  // POST /orders of kOrderJson.
  absl::StatusOr<MspReply> PostOrder() {
    return Send(Op::kCreateOrder, "", std::string(kOrderJson));
  }

  FakeHttpTransport transport_;
  MspClient client_;
  const absl::Time deadline_ = absl::Now() + absl::Seconds(10);
  std::vector<std::string> log_;

 private:
  UpstreamLogSink previous_sink_;
};

// The reading of POST /orders' data (order_id, payment_url, status) is
// service/create_order's: create_order_test.cc.
TEST_F(MspClientTest, CreateOrderPostsBodyVerbatimAndReturnsTheData) {
  transport_.EnqueueJson(200, std::string(kRedirectSuccess));
  absl::StatusOr<MspReply> reply = PostOrder();
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->http_status, 200);
  // Through the field reader (MspOperationInfo::data_fields): the members
  // nobody reads (events_token, events_url) are never built.
  nlohmann::json expected = nlohmann::json::parse(kRedirectSuccess)["data"];
  ASSERT_TRUE(expected.contains("events_token"));
  expected.erase("events_token");
  expected.erase("events_url");
  EXPECT_EQ(reply->data, expected);
  EXPECT_EQ(reply->data["order_id"], "my-order-id-1");
  EXPECT_EQ(reply->data["payment_url"],
            "https://testpayv2.multisafepay.com/connect/"
            "82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv/?lang=nl_BE");
  EXPECT_EQ(reply->data["session_id"], "82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv");

  std::vector<FakeHttpTransport::Call> calls = transport_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].request.method, "POST");
  EXPECT_EQ(calls[0].request.path, "/orders");
  EXPECT_EQ(calls[0].request.body, kOrderJson);
  EXPECT_EQ(calls[0].deadline, Deadline());
}

struct FailureCase {
  std::string name;
  int http_status;
  std::string body;
  std::string content_type;
  Code want;
  std::string want_reason;
};

class MspClientFailureTest : public MspClientTest,
                             public testing::WithParamInterface<FailureCase> {};

TEST_P(MspClientFailureTest, MapsUpstreamFailure) {
  const FailureCase& c = GetParam();
  HttpResponse response;
  response.status = c.http_status;
  response.content_type = c.content_type;
  response.body = c.body;
  transport_.Enqueue(response);
  absl::StatusOr<MspReply> result = PostOrder();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), c.want) << result.status();
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(result.status());
  ASSERT_TRUE(info.has_value()) << result.status();
  EXPECT_EQ(info->domain(), "multisafepay.com");
  EXPECT_EQ(info->reason(), c.want_reason);
  EXPECT_EQ(info->metadata().at("endpoint"), "POST /orders");
}

INSTANTIATE_TEST_SUITE_P(
    Classes, MspClientFailureTest,
    testing::Values(
        FailureCase{
            "WrongKey", 401,
            R"({"success":false,"data":{},"error_code":1032,"error_info":"Invalid API key"})",
            "application/json", Code::kInternal, "MSP_1032"},
        FailureCase{
            "Duplicate", 404,
            R"({"success":false,"data":[],"error_code":1006,"error_info":"Invalid transaction ID"})",
            "application/json", Code::kAlreadyExists, "MSP_1006"},
        FailureCase{
            "Validation", 400,
            R"({"success":false,"data":{},"error_code":"1001","error_info":"Invalid amount"})",
            "application/json", Code::kInvalidArgument, "MSP_1001"},
        FailureCase{
            "GatewayUnavailable", 404,
            R"({"success":false,"data":{},"error_code":1023,"error_info":"No gateway (payment method) available"})",
            "application/json", Code::kFailedPrecondition, "MSP_1023"},
        FailureCase{
            "Html503", 503,
            "<html><body><h1>503 Service Unavailable</h1></body></html>",
            "text/html", Code::kUnavailable, "MSP_HTTP_503"},
        FailureCase{"Json502", 502, R"({"success":false})", "application/json",
                    Code::kUnavailable, "MSP_HTTP_502"},
        FailureCase{"HtmlOn200", 200, "<html>proxy login</html>", "text/html",
                    Code::kUnavailable, "MSP_INVALID_RESPONSE"},
        FailureCase{"TruncatedJson", 200, R"({"success":true,"data":{"order_)",
                    "application/json", Code::kUnavailable,
                    "MSP_INVALID_RESPONSE"},
        // POST /orders' data must be an object (its MspDataShape). No
        // order_id, no or a javascript: payment_url: create_order_test.cc.
        FailureCase{"DataNotObject", 200, R"({"success":true,"data":[]})",
                    "application/json", Code::kUnavailable,
                    "MSP_INVALID_RESPONSE"}),
    [](const testing::TestParamInfo<FailureCase>& param_info) {
      return param_info.param.name;
    });

TEST_F(MspClientTest, WrongKeyLogsLoudlyWithFixedMessage) {
  transport_.EnqueueJson(
      401,
      R"({"success":false,"data":{},"error_code":1032,"error_info":"Invalid API key"})");
  absl::StatusOr<MspReply> result = PostOrder();
  EXPECT_EQ(result.status().message(), kMspInvalidApiKeyMessage);
  ASSERT_EQ(log_.size(), 1u);
  const nlohmann::json line = nlohmann::json::parse(log_[0]);
  EXPECT_EQ(line["level"], "ERROR") << log_[0];
  EXPECT_EQ(line["reason"], "MSP_1032") << log_[0];
}

TEST_F(MspClientTest, TransportErrorsPassThroughUnchanged) {
  // What HttplibTransport returns when MultiSafepay is down or slow.
  const absl::Status down =
      WithRetryInfo(WithErrorInfo(absl::UnavailableError("cannot connect"),
                                  kMspReasonConnectionFailed, kMspErrorDomain,
                                  {{"endpoint", "POST /orders"}}),
                    kMspRetryDelay);
  const absl::Status slow = WithErrorInfo(
      absl::DeadlineExceededError("no response"), kMspReasonTimeout,
      kMspErrorDomain, {{"endpoint", "POST /orders"}});
  transport_.Enqueue(down);
  transport_.Enqueue(slow);
  EXPECT_EQ(PostOrder().status(), down);
  EXPECT_EQ(PostOrder().status(), slow);
}

// A transport that takes a set time per exchange, so the latency the
// observer is told can be checked against what the exchange took.
class SlowTransport : public HttpTransport {
 public:
  explicit SlowTransport(FakeHttpTransport& inner) : inner_(inner) {}
  // The next Send()s take these durations, in order (then none).
  void Take(std::vector<absl::Duration> durations) {
    durations_ = std::move(durations);
  }
  absl::StatusOr<HttpResponse> Send(const HttpRequest& request,
                                    absl::Time deadline) override {
    absl::Duration d = absl::ZeroDuration();
    if (next_ < durations_.size()) d = durations_[next_++];
    absl::SleepFor(d);
    return inner_.Send(request, deadline);
  }

 private:
  FakeHttpTransport& inner_;
  std::vector<absl::Duration> durations_;
  size_t next_ = 0;
};

TEST(MspClientObserverTest, ReportsEveryExchangeWithStatusAndErrorCode) {
  struct Observed {
    std::string endpoint;
    int http_status;
    int msp_error_code;
    absl::Duration latency;
  };
  std::vector<Observed> observed;
  FakeHttpTransport fake;
  SlowTransport transport(fake);
  MspClient client(transport, [&](absl::string_view endpoint, int http_status,
                                  int msp_error_code, absl::Duration latency) {
    observed.push_back(
        {std::string(endpoint), http_status, msp_error_code, latency});
  });
  fake.EnqueueJson(200, std::string(kRedirectSuccess));
  fake.EnqueueJson(
      401,
      R"({"success":false,"data":{},"error_code":1032,"error_info":"Invalid API key"})");
  fake.Enqueue(absl::UnavailableError("cannot connect"));
  // Each exchange takes a different, known time (a failed one too).
  const std::vector<absl::Duration> took = {
      absl::Milliseconds(30), absl::Milliseconds(120), absl::Milliseconds(60)};
  transport.Take(took);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  const std::string body(kOrderJson);
  EXPECT_TRUE(SendOp(client, deadline, Op::kCreateOrder, "", body).ok());
  EXPECT_FALSE(SendOp(client, deadline, Op::kCreateOrder, "", body).ok());
  EXPECT_FALSE(SendOp(client, deadline, Op::kCreateOrder, "", body).ok());
  ASSERT_EQ(observed.size(), 3u);
  EXPECT_EQ(observed[0].endpoint, "POST /orders");
  EXPECT_EQ(observed[0].http_status, 200);
  EXPECT_EQ(observed[0].msp_error_code, 0);
  EXPECT_EQ(observed[1].endpoint, "POST /orders");
  EXPECT_EQ(observed[1].http_status, 401);
  EXPECT_EQ(observed[1].msp_error_code, 1032);
  EXPECT_EQ(observed[2].endpoint, "POST /orders");
  EXPECT_EQ(observed[2].http_status, 0) << "no response";
  EXPECT_EQ(observed[2].msp_error_code, 0);
  // The latency is that exchange's own: at least what it took (a sleep
  // never ends early), and not some other span (generous upper bound).
  for (size_t i = 0; i < observed.size(); ++i) {
    EXPECT_GE(observed[i].latency, took[i]) << i;
    EXPECT_LT(observed[i].latency, took[i] + absl::Seconds(2)) << i;
  }
}

// --- Lifecycle calls --------------------------------------------------------

TEST_F(MspClientTest, GetOrderEncodesThePathAndKeepsDecimalsExact) {
  transport_.EnqueueJson(
      200, R"({"success":true,"data":{"order_id":"a/b c","status":"completed",)"
           R"("transaction_id":17472052901237122,)"
           R"("costs":[{"amount":0.60},{"amount":0.1},{"amount":0}]}})");
  absl::StatusOr<MspReply> reply = Send(Op::kGetOrder, "a/b c");
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->http_status, 200);
  EXPECT_EQ(reply->data["status"], "completed");
  EXPECT_EQ(reply->data["transaction_id"].get<uint64_t>(), 17472052901237122u);
  EXPECT_EQ(reply->data["costs"][0]["amount"], "0.60");
  EXPECT_EQ(reply->data["costs"][1]["amount"], "0.1");
  EXPECT_EQ(reply->data["costs"][2]["amount"], 0);

  std::vector<FakeHttpTransport::Call> calls = transport_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].request.method, "GET");
  EXPECT_EQ(calls[0].request.path, "/orders/a%2Fb%20c");
  EXPECT_EQ(calls[0].request.body, "");
  EXPECT_EQ(calls[0].deadline, Deadline());
}

TEST_F(MspClientTest, GetOrderUnknownIsNotFound) {
  transport_.EnqueueJson(
      404,
      R"({"success":false,"data":{},"error_code":1006,"error_info":"Invalid transaction ID"})");
  absl::StatusOr<MspReply> reply = Send(Op::kGetOrder, "nope");
  EXPECT_EQ(reply.status().code(), Code::kNotFound);
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(reply.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "MSP_1006");
  EXPECT_EQ(info->metadata().at("endpoint"), "GET /orders/{order_id}");
}

TEST_F(MspClientTest, GetOrderDataMustBeAnObject) {
  transport_.EnqueueJson(200, R"({"success":true,"data":[]})");
  transport_.EnqueueJson(200, R"({"success":true})");
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<MspReply> reply = Send(Op::kGetOrder, "o-1");
    EXPECT_EQ(reply.status().code(), Code::kUnavailable);
    EXPECT_EQ(GetErrorInfo(reply.status())->reason(), "MSP_INVALID_RESPONSE");
  }
}

// MspRequestFor() refuses an empty ID or body (msp_operation_test.cc), so a
// call built with it, as every spec builds its call, never reaches the
// transport.
TEST_F(MspClientTest, EmptyIdsAndBodiesAreNeverSent) {
  EXPECT_EQ(Send(Op::kCreateOrder, "", " \n").status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Send(Op::kGetOrder, "").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Send(Op::kUpdateOrder, "", "{}").status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Send(Op::kUpdateOrder, "o-1", " ").status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Send(Op::kCaptureOrder, "o-1", "").status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Send(Op::kRefundOrder, "", "{}").status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Send(Op::kGetGateway, "").status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(transport_.calls().empty());
}

struct BodyCallCase {
  std::string name;
  MspOperation op;
  std::string method;
  std::string path;
  std::string endpoint;
};

class MspClientBodyCallTest : public MspClientTest,
                              public testing::WithParamInterface<BodyCallCase> {
 protected:
  absl::StatusOr<MspReply> Invoke(absl::string_view order_id,
                                  absl::string_view body) {
    return Send(GetParam().op, order_id, std::string(body));
  }
};

TEST_P(MspClientBodyCallTest, SendsBodyVerbatimToTheEncodedPath) {
  constexpr absl::string_view kBody = R"({"status":"shipped","amount":12500})";
  transport_.EnqueueJson(
      200,
      R"({"success":true,"data":{"order_id":"o 1-2","transaction_id":6303074}})");
  absl::StatusOr<MspReply> reply = Invoke("o 1", kBody);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->data["transaction_id"], 6303074);
  std::vector<FakeHttpTransport::Call> calls = transport_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].request.method, GetParam().method);
  EXPECT_EQ(calls[0].request.path, GetParam().path);
  EXPECT_EQ(calls[0].request.body, kBody);
}

TEST_P(MspClientBodyCallTest, EmptyDataReadsAsEmptyObject) {
  transport_.EnqueueJson(200, R"({"success":true,"data":{}})");
  transport_.EnqueueJson(200, R"({"success":true,"data":[]})");
  transport_.EnqueueJson(200, R"({"success":true})");
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<MspReply> reply = Invoke("o", "{}");
    ASSERT_TRUE(reply.ok()) << i << ": " << reply.status();
    EXPECT_TRUE(reply->data.is_object()) << i;
    EXPECT_TRUE(reply->data.empty()) << i;
  }
}

TEST_P(MspClientBodyCallTest, NonEmptyArrayOrScalarDataIsInvalid) {
  transport_.EnqueueJson(200, R"({"success":true,"data":[1]})");
  transport_.EnqueueJson(200, R"({"success":true,"data":"ok"})");
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<MspReply> reply = Invoke("o", "{}");
    EXPECT_EQ(reply.status().code(), Code::kUnavailable) << i;
    EXPECT_EQ(GetErrorInfo(reply.status())->reason(), "MSP_INVALID_RESPONSE");
  }
}

TEST_P(MspClientBodyCallTest, ErrorsNameTheEndpointTemplate) {
  transport_.EnqueueJson(
      410,
      R"({"success":false,"data":"","error_code":1000,"error_info":"Not found"})");
  absl::StatusOr<MspReply> reply = Invoke("secret-order", "{}");
  EXPECT_EQ(reply.status().code(), Code::kNotFound);
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(reply.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "MSP_1000");
  EXPECT_EQ(info->metadata().at("endpoint"), GetParam().endpoint);
  // The template, never the ID.
  EXPECT_EQ(std::string(reply.status().message()).find("secret-order"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Calls, MspClientBodyCallTest,
    testing::Values(BodyCallCase{"Update", Op::kUpdateOrder, "PATCH",
                                 "/orders/o%201", "PATCH /orders/{order_id}"},
                    BodyCallCase{"Capture", Op::kCaptureOrder, "POST",
                                 "/orders/o%201/capture",
                                 "POST /orders/{order_id}/capture"},
                    BodyCallCase{"Refund", Op::kRefundOrder, "POST",
                                 "/orders/o%201/refunds",
                                 "POST /orders/{order_id}/refunds"}),
    [](const testing::TestParamInfo<BodyCallCase>& param_info) {
      return param_info.param.name;
    });

TEST_F(MspClientTest, OverRefundIsFailedPrecondition) {
  transport_.EnqueueJson(
      400,
      R"({"success":false,"data":{},"error_code":1034,"error_info":"Cannot refund transaction"})");
  absl::StatusOr<MspReply> reply =
      Send(Op::kRefundOrder, "o-1", R"({"currency":"EUR","amount":999999})");
  EXPECT_EQ(reply.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(GetErrorInfo(reply.status())->reason(), "MSP_1034");
}

// The query as MspRequestFor() appended it goes out as it is, with GET; how a
// ListGatewaysRequest becomes that query is service/gateways'.
TEST_F(MspClientTest, ListGatewaysSendsTheQueryAsBuilt) {
  transport_.EnqueueJson(200, R"({"success":true,"data":[{"id":"VISA"}]})");
  transport_.EnqueueJson(200, R"({"success":true,"data":[]})");
  absl::StatusOr<MspReply> reply =
      Send(Op::kListGateways, "", "",
           "country=BE&currency=EUR&amount=1000&include=coupons");
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->data.size(), 1u);
  ASSERT_TRUE(Send(Op::kListGateways).ok());

  std::vector<FakeHttpTransport::Call> calls = transport_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].request.method, "GET");
  EXPECT_EQ(calls[0].request.path,
            "/gateways?country=BE&currency=EUR&amount=1000&include=coupons");
  EXPECT_EQ(calls[0].request.body, "");
  EXPECT_EQ(calls[1].request.path, "/gateways");
}

TEST_F(MspClientTest, ListGatewaysDataShape) {
  transport_.EnqueueJson(200, R"({"success":true,"data":{}})");
  transport_.EnqueueJson(200, R"({"success":true,"data":{"id":"VISA"}})");
  absl::StatusOr<MspReply> empty = Send(Op::kListGateways);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->data.is_array());
  absl::StatusOr<MspReply> object = Send(Op::kListGateways);
  EXPECT_EQ(object.status().code(), Code::kUnavailable);
  EXPECT_EQ(GetErrorInfo(object.status())->reason(), "MSP_INVALID_RESPONSE");
}

TEST_F(MspClientTest, GetGatewayPathAndUnknownGateway) {
  transport_.EnqueueJson(
      200,
      R"({"success":true,"data":{"id":"MISTERCASH","description":"Bancontact"}})");
  transport_.EnqueueJson(
      404,
      R"({"success":false,"data":{},"error_code":1023,"error_info":"No gateway (payment method) available"})");
  absl::StatusOr<MspReply> reply = Send(Op::kGetGateway, "MISTERCASH");
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->data["description"], "Bancontact");
  absl::StatusOr<MspReply> unknown = Send(Op::kGetGateway, "KLARNA");
  EXPECT_EQ(unknown.status().code(), Code::kFailedPrecondition);
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(unknown.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "MSP_1023");
  EXPECT_EQ(info->metadata().at("endpoint"), "GET /gateways/{gateway_id}");
  std::vector<FakeHttpTransport::Call> calls = transport_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].request.path, "/gateways/MISTERCASH");
}

TEST(MspClientObserverTest, LifecycleCallsReportTheirEndpoints) {
  std::vector<std::string> endpoints;
  FakeHttpTransport transport;
  MspClient client(transport,
                   [&](absl::string_view endpoint, int, int, absl::Duration) {
                     endpoints.emplace_back(endpoint);
                   });
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  for (int i = 0; i < 6; ++i) {
    transport.EnqueueJson(200, R"({"success":true,"data":{}})");
  }
  SendOp(client, deadline, Op::kGetOrder, "o").IgnoreError();
  SendOp(client, deadline, Op::kUpdateOrder, "o", "{}").IgnoreError();
  SendOp(client, deadline, Op::kCaptureOrder, "o", "{}").IgnoreError();
  SendOp(client, deadline, Op::kRefundOrder, "o", "{}").IgnoreError();
  SendOp(client, deadline, Op::kListGateways).IgnoreError();
  SendOp(client, deadline, Op::kGetGateway, "IDEAL").IgnoreError();
  EXPECT_EQ(transport.calls().size(), 6u) << "every call was sent";
  EXPECT_EQ(endpoints, (std::vector<std::string>{
                           "GET /orders/{order_id}", "PATCH /orders/{order_id}",
                           "POST /orders/{order_id}/capture",
                           "POST /orders/{order_id}/refunds", "GET /gateways",
                           "GET /gateways/{gateway_id}"}));
}

}  // namespace
}  // namespace msp_gateway
