// Copyright 2026 The msp-gateway Authors.
//
// Notifications over real HTTP: the emulator notifies a receiver on
// 127.0.0.1 that checks the signature with notification_signature.h.

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "emulator/emulator.h"
#include "emulator/notification_signature.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

constexpr char kKey[] = "test-api-key-0001";
constexpr char kJson[] = "application/json";

struct Delivery {
  std::string method;
  std::string transactionid;
  std::string timestamp;
  std::string auth;
  std::string body;
};

// Records every call; answers 500 for the first `failures`, then 200 "OK".
class Receiver {
 public:
  explicit Receiver(int failures = 0) : failures_(failures) {
    auto handle = [this](const httplib::Request& req, httplib::Response& res) {
      absl::MutexLock lock(&mu_);
      deliveries_.push_back({req.method, req.get_param_value("transactionid"),
                             req.get_param_value("timestamp"),
                             req.get_header_value("Auth"), req.body});
      if (static_cast<int>(deliveries_.size()) <= failures_) {
        res.status = 500;
        res.set_content("ng", "text/plain");
      } else {
        res.set_content("OK", "text/plain");
      }
    };
    server_.Get("/notify", handle);
    server_.Post("/notify", handle);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const {
    return absl::StrCat("http://127.0.0.1:", port_, "/notify");
  }
  std::vector<Delivery> deliveries() const {
    absl::MutexLock lock(&mu_);
    return deliveries_;
  }

 private:
  const int failures_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable absl::Mutex mu_;
  std::vector<Delivery> deliveries_ ABSL_GUARDED_BY(mu_);
};

class NotificationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EmulatorOptions options;
    options.api_key = kKey;
    options.notify_retry_interval = absl::Milliseconds(20);
    options.notify_retries = 2;
    options.fault_seed = 7;
    emulator_ = std::make_unique<Emulator>(options);
    absl::StatusOr<int> port = emulator_->Start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_read_timeout(5, 0);
  }

  void CreateOrder(const std::string& order_id, const std::string& url,
                   const std::string& method = "") {
    json options = {{"notification_url", url}};
    if (!method.empty()) options["notification_method"] = method;
    json body = {{"order_id", order_id},
                 {"currency", "EUR"},
                 {"amount", 1000},
                 {"description", "Candles"},
                 {"payment_options", options}};
    auto res = client_->Post("/v1/json/orders", {{"api_key", kKey}},
                             body.dump(), kJson);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  void SetStatus(const std::string& order_id, const std::string& status) {
    auto res =
        client_->Post(absl::StrCat("/__emulator/orders/", order_id, "/status"),
                      json{{"status", status}}.dump(), kJson);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  void ArmFault(const json& spec) {
    auto res =
        client_->Post("/__emulator/notification_faults", spec.dump(), kJson);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  json Log() {
    auto res = client_->Get("/__emulator/notifications");
    EXPECT_TRUE(res);
    return json::parse(res->body);
  }

  // Waits (bounded) until the log has `n` entries.
  json WaitForLog(size_t n) {
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    json log = Log();
    while (log.size() < n && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(10));
      log = Log();
    }
    EXPECT_EQ(log.size(), n) << log.dump();
    return log;
  }

  json GetOrder(const std::string& order_id) {
    auto res = client_->Get("/v1/json/orders/" + order_id, {{"api_key", kKey}});
    return json::parse(res->body).at("data");
  }

  std::unique_ptr<Emulator> emulator_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(NotificationTest, StatusChangeSendsOneSignedPost) {
  Receiver receiver;
  CreateOrder("n-1", receiver.url());
  SetStatus("n-1", "completed");
  json log = WaitForLog(1);
  EXPECT_EQ(log[0]["order_id"], "n-1");
  EXPECT_EQ(log[0]["method"], "POST");
  EXPECT_EQ(log[0]["status_sent"], "completed");
  EXPECT_EQ(log[0]["attempt"], 1);
  EXPECT_EQ(log[0]["http_status"], 200);
  EXPECT_EQ(log[0]["acknowledged"], true);

  std::vector<Delivery> got = receiver.deliveries();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].transactionid, "n-1");
  std::optional<int64_t> ts =
      VerifyNotificationAuth(kKey, got[0].auth, got[0].body);
  ASSERT_TRUE(ts.has_value()) << got[0].auth;
  EXPECT_EQ(absl::StrCat(*ts), got[0].timestamp);
  EXPECT_EQ(json::parse(got[0].body), GetOrder("n-1"));
  EXPECT_EQ(got[0].body, json::parse(got[0].body).dump());  // compact
}

TEST_F(NotificationTest, FailedDeliveryIsRetriedThenGivenUp) {
  Receiver receiver(/*failures=*/100);
  CreateOrder("n-2", receiver.url());
  SetStatus("n-2", "completed");
  json log = WaitForLog(3);  // first attempt and 2 retries
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(log[i]["attempt"], i + 1);
    EXPECT_EQ(log[i]["http_status"], 500);
    EXPECT_EQ(log[i]["acknowledged"], false);
  }
  absl::SleepFor(absl::Milliseconds(200));
  EXPECT_EQ(Log().size(), 3u);
  EXPECT_EQ(receiver.deliveries().size(), 3u);
}

TEST_F(NotificationTest, OkStopsRetries) {
  Receiver receiver(/*failures=*/1);
  CreateOrder("n-3", receiver.url());
  SetStatus("n-3", "completed");
  json log = WaitForLog(2);
  EXPECT_EQ(log[0]["acknowledged"], false);
  EXPECT_EQ(log[1]["acknowledged"], true);
  EXPECT_EQ(log[1]["attempt"], 2);
  absl::SleepFor(absl::Milliseconds(200));
  EXPECT_EQ(receiver.deliveries().size(), 2u);
}

TEST_F(NotificationTest, GetMethodSendsQueryOnly) {
  Receiver receiver;
  CreateOrder("n-4", receiver.url(), "GET");
  SetStatus("n-4", "completed");
  json log = WaitForLog(1);
  EXPECT_EQ(log[0]["method"], "GET");
  std::vector<Delivery> got = receiver.deliveries();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "GET");
  EXPECT_EQ(got[0].transactionid, "n-4");
  EXPECT_FALSE(got[0].timestamp.empty());
  EXPECT_TRUE(got[0].auth.empty());
}

TEST_F(NotificationTest, ApiRefundNotifies) {
  Receiver receiver;
  CreateOrder("n-5", receiver.url());
  SetStatus("n-5", "completed");
  WaitForLog(1);
  auto res =
      client_->Post("/v1/json/orders/n-5/refunds", {{"api_key", kKey}},
                    json{{"currency", "EUR"}, {"amount", 100}}.dump(), kJson);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json log = WaitForLog(2);
  EXPECT_EQ(log[1]["status_sent"], "partial_refunded");
}

TEST_F(NotificationTest, NonLoopbackHostIsNotContacted) {
  CreateOrder("n-6", "http://www.example.com/notify");
  SetStatus("n-6", "completed");
  json log = WaitForLog(1);
  EXPECT_EQ(log[0]["http_status"], 0);
  EXPECT_EQ(log[0]["acknowledged"], false);
  EXPECT_TRUE(log[0].contains("error"));
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(Log().size(), 1u);  // not retried
}

TEST_F(NotificationTest, DropFaultSendsNothing) {
  Receiver receiver;
  CreateOrder("n-7", receiver.url());
  ArmFault({{"kind", "drop"}, {"order_id", "n-7"}});
  SetStatus("n-7", "completed");
  json log = WaitForLog(1);
  EXPECT_EQ(log[0]["fault"], "drop");
  SetStatus("n-7", "shipped");  // the fault was used up
  WaitForLog(2);
  std::vector<Delivery> got = receiver.deliveries();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(json::parse(got[0].body)["status"], "shipped");
}

TEST_F(NotificationTest, DuplicateFaultSendsTwice) {
  Receiver receiver;
  CreateOrder("n-8", receiver.url());
  ArmFault({{"kind", "duplicate"}});
  SetStatus("n-8", "completed");
  WaitForLog(2);
  std::vector<Delivery> got = receiver.deliveries();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body, got[1].body);
}

TEST_F(NotificationTest, BadSignatureFault) {
  Receiver receiver;
  CreateOrder("n-9", receiver.url());
  ArmFault({{"kind", "bad_signature"}});
  SetStatus("n-9", "completed");
  WaitForLog(1);
  std::vector<Delivery> got = receiver.deliveries();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].auth.empty());
  EXPECT_EQ(VerifyNotificationAuth(kKey, got[0].auth, got[0].body),
            std::nullopt);
}

TEST_F(NotificationTest, StaleTimestampFault) {
  Receiver receiver;
  CreateOrder("n-10", receiver.url());
  ArmFault({{"kind", "stale_timestamp"}});
  SetStatus("n-10", "completed");
  WaitForLog(1);
  std::vector<Delivery> got = receiver.deliveries();
  ASSERT_EQ(got.size(), 1u);
  std::optional<int64_t> ts =
      VerifyNotificationAuth(kKey, got[0].auth, got[0].body);
  ASSERT_TRUE(ts.has_value());
  EXPECT_LE(*ts, absl::ToUnixSeconds(absl::Now()) - 3000);
}

TEST_F(NotificationTest, ReorderFaultSendsOlderStatusLast) {
  Receiver receiver;
  CreateOrder("n-11", receiver.url());
  ArmFault({{"kind", "reorder"}, {"order_id", "n-11"}});
  SetStatus("n-11", "completed");
  SetStatus("n-11", "shipped");
  WaitForLog(2);
  std::vector<Delivery> got = receiver.deliveries();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(json::parse(got[0].body)["status"], "shipped");
  EXPECT_EQ(json::parse(got[1].body)["status"], "completed");
}

TEST_F(NotificationTest, BadFaultSpecIs400AndLogClears) {
  auto res = client_->Post("/__emulator/notification_faults",
                           json{{"kind", "nope"}}.dump(), kJson);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  CreateOrder("n-12", "http://www.example.com/x");
  SetStatus("n-12", "completed");
  WaitForLog(1);
  ASSERT_TRUE(client_->Delete("/__emulator/notifications"));
  EXPECT_EQ(Log().size(), 0u);
}

}  // namespace
}  // namespace msp_emulator
