// Copyright 2026 The msp-gateway Authors.
//
// HttplibTransport over plain HTTP against real loopback servers: headers,
// keep-alive reuse, timeouts and deadlines, and connection failures.

#include "service/upstream/httplib_transport.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "service/error_details.h"
#include "service/upstream/msp_errors.h"
#include "service/upstream/test_http_server.h"

namespace msp_gateway {
namespace {

using Code = absl::StatusCode;

constexpr char kApiKey[] = "test-api-key-0123456789";
constexpr char kOrderJson[] = R"({"order_id":"my-order-id-1","amount":100})";
constexpr char kSuccess[] =
    R"({"success":true,"data":{"order_id":"my-order-id-1"}})";

absl::Time In(absl::Duration d) { return absl::Now() + d; }

HttpRequest PostOrders() { return {"POST", "/orders", kOrderJson}; }

// Checks code, domain and reason, and that the key appears nowhere.
void ExpectError(const absl::Status& status, Code code,
                 absl::string_view reason) {
  EXPECT_EQ(status.code(), code) << status;
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value()) << status;
  EXPECT_EQ(info->domain(), "multisafepay.com");
  EXPECT_EQ(info->reason(), reason);
  EXPECT_EQ(info->DebugString().find(kApiKey), std::string::npos);
  EXPECT_EQ(status.ToString().find(kApiKey), std::string::npos);
}

std::string Metadata(const absl::Status& status, const std::string& key) {
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  if (!info.has_value() || info->metadata().count(key) == 0) return "<none>";
  return info->metadata().at(key);
}

// A loopback port with nothing listening on it.
int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

class HttplibTransportTest : public testing::Test {
 protected:
  void SetUp() override {
    server_.server().set_keep_alive_max_count(1000);
    server_.server().Post("/v1/json/orders",
                          [](const httplib::Request&, httplib::Response& res) {
                            res.set_content(kSuccess, "application/json");
                          });
    server_.server().Get("/v1/json/orders/(.*)",
                         [](const httplib::Request&, httplib::Response& res) {
                           res.set_content(kSuccess, "application/json");
                         });
    server_.server().Post("/v1/json/slow", [this](const httplib::Request&,
                                                  httplib::Response& res) {
      release_.WaitForNotificationWithTimeout(absl::Seconds(10));
      res.set_content(kSuccess, "application/json");
    });
    server_.server().Get(
        "/v1/json/down", [](const httplib::Request&, httplib::Response& res) {
          res.status = 503;
          res.set_content(
              "<html><body><h1>503 Service Temporarily Unavailable</h1>"
              "</body></html>",
              "text/html");
        });
    ASSERT_TRUE(server_.Start());
  }

  void TearDown() override {
    release_.Notify();  // Let any parked handler finish before Stop().
    server_.Stop();
  }

  HttplibTransportOptions Options() const {
    HttplibTransportOptions options;
    options.base_url = server_.base_url();
    options.api_key = kApiKey;
    options.read_timeout = absl::Seconds(10);
    return options;
  }

  static std::unique_ptr<HttplibTransport> Make(HttplibTransportOptions o) {
    absl::StatusOr<std::unique_ptr<HttplibTransport>> transport =
        HttplibTransport::Create(std::move(o));
    EXPECT_TRUE(transport.ok()) << transport.status();
    return transport.ok() ? *std::move(transport) : nullptr;
  }

  absl::Notification release_;
  TestHttpServer server_;
};

TEST_F(HttplibTransportTest, SendsApiKeyHeaderAndJsonHeaders) {
  std::unique_ptr<HttplibTransport> transport = Make(Options());
  absl::StatusOr<HttpResponse> response =
      transport->Send(PostOrders(), In(absl::Seconds(10)));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->content_type, "application/json");
  EXPECT_EQ(response->body, kSuccess);

  std::vector<TestHttpServer::SeenRequest> seen = server_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/v1/json/orders");
  EXPECT_EQ(seen[0].body, kOrderJson);
  auto header = [&](const char* name) {
    auto it = seen[0].headers.find(name);
    return it == seen[0].headers.end() ? std::string("<none>") : it->second;
  };
  EXPECT_EQ(header("api_key"), kApiKey);
  EXPECT_EQ(header("Accept"), "application/json");
  EXPECT_EQ(header("Content-Type"), "application/json");
  EXPECT_EQ(header("User-Agent"), "msp-gateway/0.1");
  // The key is a header only: never in the query string or anywhere else.
  EXPECT_EQ(seen[0].target.find(kApiKey), std::string::npos);
  EXPECT_EQ(seen[0].target.find('?'), std::string::npos);
  EXPECT_EQ(header("Authorization"), "<none>");
}

TEST_F(HttplibTransportTest, KeyIsTrimmedAndEmptyKeyIsNotSent) {
  HttplibTransportOptions options = Options();
  options.api_key = std::string(" ") + kApiKey + "\n";
  ASSERT_TRUE(Make(options)->Send(PostOrders(), In(absl::Seconds(10))).ok());
  options.api_key = "";
  ASSERT_TRUE(Make(options)->Send(PostOrders(), In(absl::Seconds(10))).ok());
  std::vector<TestHttpServer::SeenRequest> seen = server_.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].headers.find("api_key")->second, kApiKey);
  EXPECT_EQ(seen[1].headers.count("api_key"), 0u);
}

TEST_F(HttplibTransportTest, ForwardsEncodedPathAndQueryExactly) {
  std::unique_ptr<HttplibTransport> transport = Make(Options());
  absl::StatusOr<HttpResponse> response = transport->Send(
      {"GET", "/orders/abc%20d%2Fe?locale=en_US", ""}, In(absl::Seconds(10)));
  ASSERT_TRUE(response.ok()) << response.status();
  std::vector<TestHttpServer::SeenRequest> seen = server_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].target, "/v1/json/orders/abc%20d%2Fe?locale=en_US");
  // No body, so no Content-Type.
  EXPECT_EQ(seen[0].headers.count("Content-Type"), 0u);
}

TEST_F(HttplibTransportTest, RejectsMalformedRequestsWithoutSending) {
  std::unique_ptr<HttplibTransport> transport = Make(Options());
  for (const HttpRequest& request :
       std::vector<HttpRequest>{{"POST", "orders", "{}"},
                                {"POST", "", "{}"},
                                {"POST", "/orders/a b", "{}"},
                                {"POST", "/orders\r\nX-Evil: 1", "{}"},
                                {"POST", "/orders#frag", "{}"},
                                {"post", "/orders", "{}"},
                                {"", "/orders", "{}"}}) {
    absl::StatusOr<HttpResponse> response =
        transport->Send(request, In(absl::Seconds(10)));
    EXPECT_EQ(response.status().code(), Code::kInvalidArgument)
        << request.method << " " << request.path;
  }
  EXPECT_EQ(server_.requests_started(), 0u);
  EXPECT_EQ(transport->connections_created(), 0u);
}

TEST_F(HttplibTransportTest, SequentialCallsReuseOneKeepAliveConnection) {
  std::unique_ptr<HttplibTransport> transport = Make(Options());
  for (int i = 0; i < 10; ++i) {
    absl::StatusOr<HttpResponse> response =
        transport->Send(PostOrders(), In(absl::Seconds(10)));
    ASSERT_TRUE(response.ok()) << i << ": " << response.status();
    EXPECT_EQ(response->status, 200);
  }
  EXPECT_EQ(transport->connections_created(), 1u);
  EXPECT_EQ(server_.requests().size(), 10u);
  EXPECT_EQ(server_.distinct_connections(), 1u);
}

TEST_F(HttplibTransportTest, ConcurrentCallsEachGetAConnectionThenReuseThem) {
  constexpr int kThreads = 4;
  // Park every request until all four are in flight, so each call must hold
  // its own connection.
  absl::Mutex mu;
  int in_flight = 0;
  server_.server().Post("/v1/json/together", [&](const httplib::Request&,
                                                 httplib::Response& res) {
    absl::MutexLock lock(&mu);
    ++in_flight;
    auto all_here = [&] { return in_flight >= kThreads; };
    mu.AwaitWithTimeout(absl::Condition(&all_here), absl::Seconds(10));
    res.set_content(kSuccess, "application/json");
  });
  std::unique_ptr<HttplibTransport> transport = Make(Options());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      if (transport->Send({"POST", "/together", "{}"}, In(absl::Seconds(20)))
              .ok()) {
        ok.fetch_add(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), kThreads);
  EXPECT_EQ(transport->connections_created(), size_t{kThreads});

  // The pool now holds four warm connections: more calls open none.
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(transport->Send(PostOrders(), In(absl::Seconds(10))).ok());
  }
  EXPECT_EQ(transport->connections_created(), size_t{kThreads});
  EXPECT_EQ(server_.distinct_connections(), size_t{kThreads});
}

TEST_F(HttplibTransportTest, ReconnectsWhenTheServerClosesConnections) {
  // The server closes after every response ("Connection: close"); each call
  // must still succeed on a fresh connection.
  server_.server().set_keep_alive_max_count(1);
  std::unique_ptr<HttplibTransport> transport = Make(Options());
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<HttpResponse> response =
        transport->Send(PostOrders(), In(absl::Seconds(10)));
    ASSERT_TRUE(response.ok()) << i << ": " << response.status();
  }
  EXPECT_EQ(transport->connections_created(), 3u);
  EXPECT_EQ(server_.distinct_connections(), 3u);
}

TEST_F(HttplibTransportTest, Http503HtmlIsReturnedAsAValue) {
  std::unique_ptr<HttplibTransport> transport = Make(Options());
  absl::StatusOr<HttpResponse> response =
      transport->Send({"GET", "/down", ""}, In(absl::Seconds(10)));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->content_type, "text/html");
  EXPECT_NE(response->body.find("503 Service Temporarily Unavailable"),
            std::string::npos);
}

TEST_F(HttplibTransportTest, ReadTimeoutIsDeadlineExceeded) {
  HttplibTransportOptions options = Options();
  options.read_timeout = absl::Milliseconds(200);
  std::unique_ptr<HttplibTransport> transport = Make(options);
  absl::StatusOr<HttpResponse> response =
      transport->Send({"POST", "/slow", "{}"}, In(absl::Seconds(30)));
  ExpectError(response.status(), Code::kDeadlineExceeded, "MSP_TIMEOUT");
  EXPECT_EQ(Metadata(response.status(), "limit"), "read_timeout");
  EXPECT_EQ(Metadata(response.status(), "endpoint"), "POST /slow");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "unknown");
  // Not retryable: MultiSafepay may have processed the request.
  EXPECT_FALSE(GetRetryInfo(response.status()).has_value());
}

TEST_F(HttplibTransportTest, CallerDeadlineCapsTheReadTimeout) {
  HttplibTransportOptions options = Options();
  options.read_timeout = absl::Seconds(30);
  std::unique_ptr<HttplibTransport> transport = Make(options);
  const absl::Time start = absl::Now();
  absl::StatusOr<HttpResponse> response =
      transport->Send({"POST", "/slow", "{}"}, start + absl::Milliseconds(200));
  const absl::Duration elapsed = absl::Now() - start;
  ExpectError(response.status(), Code::kDeadlineExceeded, "MSP_TIMEOUT");
  EXPECT_EQ(Metadata(response.status(), "limit"), "deadline");
  // Sanity bound only (the read timeout alone would be 30 s).
  EXPECT_LT(elapsed, absl::Seconds(10));
  EXPECT_EQ(server_.requests_started(), 1u);
}

TEST_F(HttplibTransportTest, ExpiredDeadlineIsNotSent) {
  std::unique_ptr<HttplibTransport> transport = Make(Options());
  for (absl::Time deadline :
       {absl::Now() - absl::Seconds(1), absl::Now(), absl::InfinitePast()}) {
    absl::StatusOr<HttpResponse> response =
        transport->Send(PostOrders(), deadline);
    ExpectError(response.status(), Code::kDeadlineExceeded, "MSP_TIMEOUT");
    EXPECT_EQ(Metadata(response.status(), "request_sent"), "false");
    EXPECT_EQ(Metadata(response.status(), "endpoint"), "POST /orders");
  }
  EXPECT_EQ(server_.requests_started(), 0u);
  EXPECT_EQ(transport->connections_created(), 0u);
}

TEST_F(HttplibTransportTest, InfiniteDeadlineUsesConfiguredTimeouts) {
  std::unique_ptr<HttplibTransport> transport = Make(Options());
  EXPECT_TRUE(transport->Send(PostOrders(), absl::InfiniteFuture()).ok());
}

TEST(HttplibTransportFailureTest, ConnectionRefusedIsUnavailable) {
  HttplibTransportOptions options;
  options.base_url =
      absl::StrCat("http://127.0.0.1:", ClosedPort(), "/v1/json");
  options.api_key = kApiKey;
  absl::StatusOr<std::unique_ptr<HttplibTransport>> transport =
      HttplibTransport::Create(options);
  ASSERT_TRUE(transport.ok()) << transport.status();
  absl::StatusOr<HttpResponse> response =
      (*transport)->Send(PostOrders(), In(absl::Seconds(10)));
  ExpectError(response.status(), Code::kUnavailable, "MSP_CONNECTION_FAILED");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "false");
  std::optional<google::rpc::RetryInfo> retry = GetRetryInfo(response.status());
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 1);
}

// A listener whose accept queue is full: the kernel drops further SYNs, so a
// connect hangs until its timeout.
class FullBacklog {
 public:
  FullBacklog() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    listen(listener_, 0);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    for (int i = 0; i < 4; ++i) {
      const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
      fillers_.push_back(fd);
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  ~FullBacklog() {
    for (int fd : fillers_) close(fd);
    close(listener_);
  }
  int port() const { return port_; }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::vector<int> fillers_;
};

TEST(HttplibTransportFailureTest, ConnectTimeoutWithTimeLeftIsUnavailable) {
  FullBacklog backlog;
  HttplibTransportOptions options;
  options.base_url = absl::StrCat("http://127.0.0.1:", backlog.port());
  options.connect_timeout = absl::Milliseconds(200);
  absl::StatusOr<std::unique_ptr<HttplibTransport>> transport =
      HttplibTransport::Create(options);
  ASSERT_TRUE(transport.ok()) << transport.status();
  absl::StatusOr<HttpResponse> response =
      (*transport)->Send(PostOrders(), In(absl::Seconds(30)));
  // Nothing was sent and the caller still has time: retryable.
  ExpectError(response.status(), Code::kUnavailable, "MSP_CONNECT_TIMEOUT");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "false");
  EXPECT_TRUE(GetRetryInfo(response.status()).has_value());
}

TEST(HttplibTransportFailureTest, ConnectCutShortByDeadlineIsDeadlineExceeded) {
  FullBacklog backlog;
  HttplibTransportOptions options;
  options.base_url = absl::StrCat("http://127.0.0.1:", backlog.port());
  options.connect_timeout = absl::Seconds(30);
  absl::StatusOr<std::unique_ptr<HttplibTransport>> transport =
      HttplibTransport::Create(options);
  ASSERT_TRUE(transport.ok()) << transport.status();
  absl::StatusOr<HttpResponse> response =
      (*transport)->Send(PostOrders(), In(absl::Milliseconds(200)));
  ExpectError(response.status(), Code::kDeadlineExceeded, "MSP_TIMEOUT");
  EXPECT_EQ(Metadata(response.status(), "limit"), "deadline");
}

// Accepts one connection, reads the request head, and closes without
// answering: a proxy or server dying mid-request.
TEST(HttplibTransportFailureTest,
     ConnectionClosedWithoutResponseIsUnavailable) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)),
            0);
  ASSERT_EQ(listen(listener, 4), 0);
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::thread closer([listener] {
    pollfd pfd = {listener, POLLIN, 0};
    if (poll(&pfd, 1, 10000) != 1) return;
    const int conn = accept(listener, nullptr, nullptr);
    std::string head;
    char buf[1024];
    while (head.find("\r\n\r\n") == std::string::npos) {
      pollfd cfd = {conn, POLLIN, 0};
      if (poll(&cfd, 1, 10000) != 1) break;
      const ssize_t n = read(conn, buf, sizeof(buf));
      if (n <= 0) break;
      head.append(buf, static_cast<size_t>(n));
    }
    close(conn);
  });

  HttplibTransportOptions options;
  options.base_url = absl::StrCat("http://127.0.0.1:", ntohs(addr.sin_port));
  options.read_timeout = absl::Seconds(20);
  absl::StatusOr<std::unique_ptr<HttplibTransport>> transport =
      HttplibTransport::Create(options);
  ASSERT_TRUE(transport.ok()) << transport.status();
  absl::StatusOr<HttpResponse> response =
      (*transport)->Send(PostOrders(), In(absl::Seconds(30)));
  closer.join();
  close(listener);
  ExpectError(response.status(), Code::kUnavailable, "MSP_CONNECTION_FAILED");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "unknown");
}

TEST(HttplibTransportCreateTest, RejectsBadOptions) {
  struct Case {
    std::string name;
    HttplibTransportOptions options;
  };
  std::vector<Case> cases;
  auto add = [&](std::string name, auto mutate) {
    HttplibTransportOptions options;
    options.base_url = "http://127.0.0.1:18080/v1/json";
    mutate(options);
    cases.push_back({std::move(name), std::move(options)});
  };
  add("no scheme", [](auto& o) { o.base_url = "127.0.0.1:18080"; });
  add("ftp", [](auto& o) { o.base_url = "ftp://127.0.0.1/"; });
  add("query", [](auto& o) { o.base_url = "http://h/v1/json?api_key=x"; });
  add("empty", [](auto& o) { o.base_url = ""; });
  add("zero connect",
      [](auto& o) { o.connect_timeout = absl::ZeroDuration(); });
  add("negative read", [](auto& o) { o.read_timeout = -absl::Seconds(1); });
  add("key with newline", [](auto& o) { o.api_key = "abc\r\nX-Evil: 1"; });
  add("agent with newline", [](auto& o) { o.user_agent = "a\nb"; });
  add("missing CA file", [](auto& o) {
    o.base_url = "https://127.0.0.1:18443";
    o.ca_cert_file = "/nonexistent/ca.pem";
  });
  for (Case& c : cases) {
    absl::StatusOr<std::unique_ptr<HttplibTransport>> transport =
        HttplibTransport::Create(c.options);
    ASSERT_FALSE(transport.ok()) << c.name;
    EXPECT_EQ(transport.status().code(), Code::kInvalidArgument) << c.name;
    EXPECT_EQ(std::string(transport.status().message()).find("X-Evil"),
              std::string::npos)
        << c.name;
  }
}

}  // namespace
}  // namespace msp_gateway
