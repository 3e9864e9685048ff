// Copyright 2026 The msp-gateway Authors.

#include "service/notifications/notification_listener.h"

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "service/notifications/notification_signature.h"

namespace msp_gateway {
namespace {

constexpr char kKey[] = "test-api-key-0001";
constexpr char kMarker[] = "PERSONAL-DATA-MARKER";

std::string OrderBody(absl::string_view order_id) {
  return absl::StrCat(
      R"({"amount":1000,"currency":"EUR","customer":{"email":")", kMarker,
      R"("},"financial_status":"completed",)",
      R"("modified":"2025-05-14T08:50:32","order_id":")", order_id,
      R"(","status":"completed",)", R"("transaction_id":4051823})");
}

class FakeSink : public NotificationSink {
 public:
  absl::Status Accept(const Notification& notification) override {
    absl::MutexLock lock(&mu_);
    got_.push_back(notification);
    return answer_;
  }
  void set_answer(absl::Status answer) {
    absl::MutexLock lock(&mu_);
    answer_ = std::move(answer);
  }
  std::vector<Notification> got() {
    absl::MutexLock lock(&mu_);
    return got_;
  }

 private:
  absl::Mutex mu_;
  absl::Status answer_ ABSL_GUARDED_BY(mu_);
  std::vector<Notification> got_ ABSL_GUARDED_BY(mu_);
};

class NotificationListenerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NotificationListenerOptions options;
    options.api_key = kKey;
    options.max_body_bytes = 4096;
    listener_ = std::make_unique<NotificationListener>(options, sink_);
    absl::StatusOr<int> port = listener_->Start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
  }

  httplib::Client Client() {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(std::chrono::seconds(5));
    client.set_read_timeout(std::chrono::seconds(5));
    return client;
  }

  httplib::Result Post(
      const std::string& body, const std::string& auth,
      const std::string& path = std::string(kNotificationPath)) {
    httplib::Headers headers;
    if (!auth.empty()) headers.emplace("Auth", auth);
    return Client().Post(path.c_str(), headers, body, "application/json");
  }

  std::string Sign(const std::string& body, absl::Time at = absl::Now()) {
    absl::StatusOr<std::string> auth = SignNotification(body, kKey, at);
    EXPECT_TRUE(auth.ok()) << auth.status();
    return auth.value_or("");
  }

  uint64_t Count(NotificationMethod m, NotificationResult r) {
    return listener_->Counts().Get(m, r);
  }

  FakeSink sink_;
  std::unique_ptr<NotificationListener> listener_;
  int port_ = 0;
};

constexpr NotificationMethod kPost = NotificationMethod::kPost;
constexpr NotificationMethod kGet = NotificationMethod::kGet;

TEST_F(NotificationListenerTest, SignedPostReachesTheSink) {
  const std::string body = OrderBody("order-1");
  ::testing::internal::CaptureStderr();
  httplib::Result res = Post(body, Sign(body));
  const std::string logged = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "OK");
  const std::vector<Notification> got = sink_.got();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].origin, NotificationOrigin::kVerifiedPost);
  EXPECT_EQ(got[0].order_id, "order-1");
  ASSERT_TRUE(got[0].payload.has_value());
  EXPECT_EQ(got[0].payload->status, "completed");
  EXPECT_EQ(got[0].payload->amount, 1000);
  EXPECT_EQ(got[0].payload->transaction_id, "4051823");
  EXPECT_EQ(Count(kPost, NotificationResult::kAccepted), 1u);
  EXPECT_EQ(logged.find(kMarker), std::string::npos);
}

TEST_F(NotificationListenerTest, BadSignatureIs403AndNeverReachesTheSink) {
  const std::string body = OrderBody("order-2");
  const std::string tampered = OrderBody("order-3");
  ::testing::internal::CaptureStderr();
  httplib::Result res = Post(tampered, Sign(body));
  httplib::Result missing = Post(body, "");
  httplib::Result garbage = Post(body, "not-base64!");
  const std::string logged = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(res && missing && garbage);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(res->body, "signature rejected\n");
  EXPECT_EQ(res->body.find(kMarker), std::string::npos);
  EXPECT_EQ(missing->status, 403);
  EXPECT_EQ(garbage->status, 403);
  EXPECT_TRUE(sink_.got().empty());
  EXPECT_EQ(Count(kPost, NotificationResult::kBadSignature), 3u);
  EXPECT_EQ(logged.find(kMarker), std::string::npos);
}

TEST_F(NotificationListenerTest, StaleSignatureIs403) {
  const std::string body = OrderBody("order-4");
  httplib::Result res = Post(body, Sign(body, absl::Now() - absl::Hours(1)));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_TRUE(sink_.got().empty());
  EXPECT_EQ(Count(kPost, NotificationResult::kStale), 1u);
  EXPECT_EQ(Count(kPost, NotificationResult::kBadSignature), 0u);
}

TEST_F(NotificationListenerTest, SinkFailureIs503SoMultiSafepayRetries) {
  sink_.set_answer(absl::UnavailableError("database down"));
  const std::string body = OrderBody("order-5");
  httplib::Result res = Post(body, Sign(body));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->body.find("OK"), std::string::npos);
  EXPECT_EQ(sink_.got().size(), 1u);
  EXPECT_EQ(Count(kPost, NotificationResult::kStoreFailed), 1u);
}

TEST_F(NotificationListenerTest, DuplicateIsAcknowledged) {
  sink_.set_answer(absl::AlreadyExistsError("seen"));
  const std::string body = OrderBody("order-6");
  httplib::Result res = Post(body, Sign(body));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "OK");
  EXPECT_EQ(Count(kPost, NotificationResult::kDuplicate), 1u);
}

TEST_F(NotificationListenerTest, PretransactionIsAcknowledgedAndIgnored) {
  const std::string body = R"({"order_id":"order-7"})";
  httplib::Result res =
      Post(body, Sign(body),
           absl::StrCat(kNotificationPath,
                        "?transactionid=order-7&timestamp=1&payload_type="
                        "pretransaction"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "OK");
  EXPECT_TRUE(sink_.got().empty());
  EXPECT_EQ(Count(kPost, NotificationResult::kIgnored), 1u);

  httplib::Result get = Client().Get(
      "/notifications/multisafepay?transactionid=o&timestamp=1&"
      "payload_type=pretransaction");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 200);
  EXPECT_TRUE(sink_.got().empty());
  EXPECT_EQ(Count(kGet, NotificationResult::kIgnored), 1u);
}

TEST_F(NotificationListenerTest, SignedBodyThatIsNotAnOrderIs400) {
  const std::string body = R"({"order_id":"o","status":"completed"})";
  httplib::Result res = Post(body, Sign(body));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(sink_.got().empty());
  EXPECT_EQ(Count(kPost, NotificationResult::kMalformed), 1u);
}

TEST_F(NotificationListenerTest, GetIsAHint) {
  httplib::Result res = Client().Get(
      "/notifications/multisafepay?invoice_id=840&transactionid=order-8&"
      "timestamp=1700000000");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "OK");
  const std::vector<Notification> got = sink_.got();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].origin, NotificationOrigin::kGetHint);
  EXPECT_EQ(got[0].order_id, "order-8");
  EXPECT_EQ(got[0].timestamp, "1700000000");
  EXPECT_FALSE(got[0].payload.has_value());
  EXPECT_EQ(Count(kGet, NotificationResult::kAccepted), 1u);

  httplib::Result missing =
      Client().Get("/notifications/multisafepay?timestamp=1700000000");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(sink_.got().size(), 1u);
  EXPECT_EQ(Count(kGet, NotificationResult::kMalformed), 1u);
}

TEST_F(NotificationListenerTest, OversizedBodyIs413) {
  const std::string body(8192, 'x');
  httplib::Result res = Post(body, Sign(body));
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 413);
  EXPECT_TRUE(sink_.got().empty());
  EXPECT_EQ(Count(kPost, NotificationResult::kRejected), 1u);
}

TEST_F(NotificationListenerTest, OnlyGetAndPostOnTheExactPath) {
  httplib::Result put =
      Client().Put("/notifications/multisafepay", "x", "text/plain");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  EXPECT_EQ(put->get_header_value("Allow"), "GET, POST");
  httplib::Result del = Client().Delete("/notifications/multisafepay");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  for (const char* path :
       {"/notifications/multisafepay/", "/", "/notifications/multisafepayx",
        "/Notifications/multisafepay"}) {
    httplib::Result res =
        Client().Get(absl::StrCat(path, "?transactionid=o&timestamp=1"));
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
  }
  EXPECT_TRUE(sink_.got().empty());
}

TEST(NotificationListenerStartTest, RefusesToStartWithoutAnApiKey) {
  FakeSink sink;
  for (const char* key : {"", "  \t"}) {
    NotificationListenerOptions options;
    options.api_key = key;
    NotificationListener listener(options, sink);
    absl::StatusOr<int> port = listener.Start("127.0.0.1", 0);
    EXPECT_EQ(port.status().code(), absl::StatusCode::kFailedPrecondition);
  }
  NotificationListenerOptions options;
  options.api_key = kKey;
  options.max_age = absl::ZeroDuration();
  NotificationListener listener(options, sink);
  EXPECT_EQ(listener.Start("127.0.0.1", 0).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace msp_gateway
