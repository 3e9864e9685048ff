// Copyright 2026 The msp-gateway Authors.
//
// MspClient over the real HttplibTransport against a loopback HTTP server:
// the hostile replies of issue 8 (a 15,000-deep body, an empty 413, an
// error_info carrying an e-mail address) travel over a real socket and must
// come back as well-formed, correctly classified statuses.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "service/common/error_details.h"
#include "service/upstream/httplib_transport.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"
#include "service/upstream/test_http_server.h"
#include "service/upstream/upstream_log.h"

namespace msp_gateway {
namespace {

using Code = absl::StatusCode;

constexpr absl::string_view kOrderJson =
    R"({"type":"redirect","gateway":"MISTERCASH","order_id":"o-1",)"
    R"("currency":"EUR","amount":100,"description":"Test"})";

constexpr absl::string_view kSuccess =
    R"({"success":true,"data":{"order_id":"o-1",)"
    R"("payment_url":"https://pay.example/x","session_id":"s"}})";

// `{"success":true,"data":` + `depth` nested arrays + `}`: about 2 bytes per
// level, so 15,000 levels are ~30 KB, the reply that crashed the gateway.
std::string DeepReply(int depth) {
  std::string body = R"({"success":true,"data":)";
  body.append(depth, '[');
  body.append(depth, ']');
  body.append("}");
  return body;
}

class MspClientHttpTest : public testing::Test {
 protected:
  void SetUp() override {
    previous_sink_ = SetUpstreamLogSink([this](absl::string_view line) {
      absl::MutexLock lock(&mutex_);
      log_.emplace_back(line);
    });
    auto handler = [this](const httplib::Request&, httplib::Response& res) {
      absl::MutexLock lock(&mutex_);
      res.status = status_;
      res.set_content(body_, content_type_.c_str());
    };
    server_.server().Post("/v1/json/orders", handler);
    server_.server().Get("/v1/json/orders/(.*)", handler);
    ASSERT_TRUE(server_.Start());

    HttplibTransportOptions options;
    options.base_url = server_.base_url();
    options.api_key = "test-api-key-0123456789";
    options.read_timeout = absl::Seconds(10);
    absl::StatusOr<std::unique_ptr<HttplibTransport>> transport =
        HttplibTransport::Create(std::move(options));
    ASSERT_TRUE(transport.ok()) << transport.status();
    transport_ = *std::move(transport);
    client_ = std::make_unique<MspClient>(*transport_);
  }

  void TearDown() override {
    client_.reset();
    transport_.reset();
    server_.Stop();
    SetUpstreamLogSink(std::move(previous_sink_));
  }

  void Serve(int status, absl::string_view content_type,
             absl::string_view body) {
    absl::MutexLock lock(&mutex_);
    status_ = status;
    content_type_ = std::string(content_type);
    body_ = std::string(body);
  }

  std::vector<std::string> Log() {
    absl::MutexLock lock(&mutex_);
    return log_;
  }

  static absl::Time Deadline() { return absl::Now() + absl::Seconds(10); }

  // Sends the call of `op` built by MspRequestFor(), failing the test if it
  // cannot be built.
  absl::StatusOr<MspReply> Send(MspOperation op, absl::string_view id = "",
                                std::string body = "") {
    absl::StatusOr<MspRequest> request = MspRequestFor(op, id, std::move(body));
    EXPECT_TRUE(request.ok()) << request.status();
    if (!request.ok()) return request.status();
    return client_->Send(*request, Deadline());
  }

  // POST /orders of kOrderJson.
  absl::StatusOr<MspReply> PostOrder() {
    return Send(MspOperation::kCreateOrder, "", std::string(kOrderJson));
  }

  static std::string Reason(const absl::Status& status) {
    std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
    return info.has_value() ? info->reason() : "<no ErrorInfo>";
  }

  TestHttpServer server_;
  std::unique_ptr<HttplibTransport> transport_;
  std::unique_ptr<MspClient> client_;

 private:
  absl::Mutex mutex_;
  int status_ ABSL_GUARDED_BY(mutex_) = 200;
  std::string content_type_ ABSL_GUARDED_BY(mutex_) = "application/json";
  std::string body_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::string> log_ ABSL_GUARDED_BY(mutex_);
  UpstreamLogSink previous_sink_;
};

// Defect 1: the ~30 KB reply nested 15,000 levels deep SIGSEGVed the process
// (recursive copies of the parsed tree). Both parse paths are exercised:
// POST /orders reads doubles, GET /orders/{order_id} exact decimals.
TEST_F(MspClientHttpTest, DeeplyNestedReplyIsInvalidResponseNotACrash) {
  const std::string deep = DeepReply(15000);
  ASSERT_GT(deep.size(), 30000u);
  Serve(200, "application/json", deep);

  absl::StatusOr<MspReply> created = PostOrder();
  EXPECT_EQ(created.status().code(), Code::kUnavailable) << created.status();
  EXPECT_EQ(Reason(created.status()), "MSP_INVALID_RESPONSE");
  EXPECT_NE(created.status().message().find("nested deeper than"),
            absl::string_view::npos)
      << created.status();

  absl::StatusOr<MspReply> order = Send(MspOperation::kGetOrder, "o-1");
  EXPECT_EQ(order.status().code(), Code::kUnavailable) << order.status();
  EXPECT_EQ(Reason(order.status()), "MSP_INVALID_RESPONSE");

  // The same client and connection pool still work afterwards.
  Serve(200, "application/json", kSuccess);
  absl::StatusOr<MspReply> ok = PostOrder();
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->data["order_id"], "o-1");
}

// Defect 5: the emulator's empty 413 came back UNAVAILABLE with RetryInfo,
// telling callers to retry a request that can never succeed.
TEST_F(MspClientHttpTest, EmptyBody413IsNotRetryable) {
  Serve(413, "", "");
  absl::StatusOr<MspReply> created = PostOrder();
  EXPECT_EQ(created.status().code(), Code::kInvalidArgument)
      << created.status();
  EXPECT_EQ(Reason(created.status()), "MSP_HTTP_413");
  EXPECT_FALSE(GetRetryInfo(created.status()).has_value());
}

TEST_F(MspClientHttpTest, Html400IsNotRetryableButHtml429Is) {
  Serve(400, "text/html", "<html><body>Bad Request</body></html>");
  absl::StatusOr<MspReply> created = PostOrder();
  EXPECT_EQ(created.status().code(), Code::kInvalidArgument)
      << created.status();
  EXPECT_EQ(Reason(created.status()), "MSP_HTTP_400");
  EXPECT_FALSE(GetRetryInfo(created.status()).has_value());

  // Throttling stays transient.
  Serve(429, "text/html", "<html><body>Too Many Requests</body></html>");
  created = PostOrder();
  EXPECT_EQ(created.status().code(), Code::kUnavailable) << created.status();
  EXPECT_EQ(Reason(created.status()), "MSP_HTTP_429");
  EXPECT_TRUE(GetRetryInfo(created.status()).has_value());
}

// Defect 7: an e-mail address planted in error_info came back in the gRPC
// message. Now the caller gets our text and the code; the log gets the text
// with the address redacted.
TEST_F(MspClientHttpTest, ErrorInfoNeverReachesTheCallerAndIsRedactedInLog) {
  Serve(400, "application/json",
        R"({"success":false,"data":{},"error_code":1001,)"
        R"("error_info":"Invalid amount for jane.doe@example.com, )"
        R"(card 4111 1111 1111 1111"})");
  absl::StatusOr<MspReply> created = PostOrder();
  const absl::Status& status = created.status();
  EXPECT_EQ(status.code(), Code::kInvalidArgument) << status;
  EXPECT_EQ(status.message(),
            "MultiSafepay rejected POST /orders: Invalid amount (MSP 1001)");
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "MSP_1001");
  EXPECT_EQ(info->metadata().at("error_code"), "1001");
  // Nowhere in what the caller receives.
  const std::string everything =
      absl::StrCat(status.ToString(), info->DebugString());
  EXPECT_EQ(everything.find("jane.doe"), std::string::npos) << everything;
  EXPECT_EQ(everything.find("example.com"), std::string::npos) << everything;
  EXPECT_EQ(everything.find("4111"), std::string::npos) << everything;

  // Logged, redacted.
  std::vector<std::string> log = Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("MSP_1001"), std::string::npos) << log[0];
  EXPECT_NE(log[0].find("Invalid amount for [redacted]"), std::string::npos)
      << log[0];
  EXPECT_EQ(log[0].find("jane.doe"), std::string::npos) << log[0];
  EXPECT_EQ(log[0].find("example.com"), std::string::npos) << log[0];
  EXPECT_EQ(log[0].find("4111"), std::string::npos) << log[0];
}

}  // namespace
}  // namespace msp_gateway
