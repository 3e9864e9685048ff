// Copyright 2026 The msp-gateway Authors.
//
// Both real transports (HttplibTransport, AsioTransport; every test runs once
// per TransportKind) over plain HTTP against real loopback servers: headers,
// keep-alive reuse, timeouts and deadlines, connection failures, and a
// raw-socket fake MultiSafepay that drips bytes or sends huge replies (the
// whole call ends by its deadline; replies above max_response_bytes are
// refused without being read).

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "service/common/error_details.h"
#include "service/upstream/msp_errors.h"
#include "service/upstream/raw_socket_server.h"
#include "service/upstream/test_http_server.h"
#include "service/upstream/transport_under_test.h"

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

class TransportTest : public testing::TestWithParam<TransportKind> {
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

  TransportOptions Options() const {
    TransportOptions options;
    options.base_url = server_.base_url();
    options.api_key = kApiKey;
    options.read_timeout = absl::Seconds(10);
    return options;
  }

  static std::unique_ptr<TransportUnderTest> Make(TransportOptions o) {
    absl::StatusOr<std::unique_ptr<TransportUnderTest>> transport =
        TransportUnderTest::Create(GetParam(), std::move(o));
    EXPECT_TRUE(transport.ok()) << transport.status();
    return transport.ok() ? *std::move(transport) : nullptr;
  }

  absl::Notification release_;
  TestHttpServer server_;
};

TEST_P(TransportTest, SendsApiKeyHeaderAndJsonHeaders) {
  std::unique_ptr<TransportUnderTest> transport = Make(Options());
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

TEST_P(TransportTest, SendsTheRequestsTraceHeadersAsync) {
  std::unique_ptr<TransportUnderTest> transport = Make(Options());
  HttpRequest request = PostOrders();
  request.headers = {
      {"X-Request-ID", "req-42"},
      {"traceparent",
       "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}};
  absl::Notification done;
  absl::StatusOr<HttpResponse> response;
  transport->SendAsync(request, In(absl::Seconds(10)),
                       [&](absl::StatusOr<HttpResponse> answer) {
                         response = std::move(answer);
                         done.Notify();
                       });
  done.WaitForNotification();
  ASSERT_TRUE(response.ok()) << response.status();
  std::vector<TestHttpServer::SeenRequest> seen = server_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].headers.find("X-Request-ID")->second, "req-42");
  EXPECT_EQ(seen[0].headers.find("traceparent")->second,
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  // The transport's own headers are still there, once.
  EXPECT_EQ(seen[0].headers.count("api_key"), 1u);
  EXPECT_EQ(seen[0].headers.count("User-Agent"), 1u);
}

TEST_P(TransportTest, KeyIsTrimmedAndEmptyKeyIsNotSent) {
  TransportOptions options = Options();
  options.api_key = std::string(" ") + kApiKey + "\n";
  ASSERT_TRUE(Make(options)->Send(PostOrders(), In(absl::Seconds(10))).ok());
  options.api_key = "";
  ASSERT_TRUE(Make(options)->Send(PostOrders(), In(absl::Seconds(10))).ok());
  std::vector<TestHttpServer::SeenRequest> seen = server_.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].headers.find("api_key")->second, kApiKey);
  EXPECT_EQ(seen[1].headers.count("api_key"), 0u);
}

TEST_P(TransportTest, ForwardsEncodedPathAndQueryExactly) {
  std::unique_ptr<TransportUnderTest> transport = Make(Options());
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

TEST_P(TransportTest, RejectsMalformedRequestsWithoutSending) {
  std::unique_ptr<TransportUnderTest> transport = Make(Options());
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

TEST_P(TransportTest, SequentialCallsReuseOneKeepAliveConnection) {
  std::unique_ptr<TransportUnderTest> transport = Make(Options());
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

TEST_P(TransportTest, ConcurrentCallsEachGetAConnectionThenReuseThem) {
  constexpr int kThreads = 4;
  // Park every request until all four are in flight, so each call must hold
  // its own connection.
  // (std::mutex: ThreadSanitizer cannot see Debian's uninstrumented
  // absl::Mutex.)
  std::mutex mu;
  std::condition_variable all_here;
  int in_flight = 0;
  server_.server().Post("/v1/json/together", [&](const httplib::Request&,
                                                 httplib::Response& res) {
    std::unique_lock<std::mutex> lock(mu);
    ++in_flight;
    all_here.notify_all();
    all_here.wait_for(lock, std::chrono::seconds(10),
                      [&] { return in_flight >= kThreads; });
    res.set_content(kSuccess, "application/json");
  });
  std::unique_ptr<TransportUnderTest> transport = Make(Options());
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

TEST_P(TransportTest, ReconnectsWhenTheServerClosesConnections) {
  // The server closes after every response ("Connection: close"); each call
  // must still succeed on a fresh connection.
  server_.server().set_keep_alive_max_count(1);
  std::unique_ptr<TransportUnderTest> transport = Make(Options());
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<HttpResponse> response =
        transport->Send(PostOrders(), In(absl::Seconds(10)));
    ASSERT_TRUE(response.ok()) << i << ": " << response.status();
  }
  EXPECT_EQ(transport->connections_created(), 3u);
  EXPECT_EQ(server_.distinct_connections(), 3u);
}

TEST_P(TransportTest, IdleConnectionTheServerClosedIsNotReused) {
  // The server closes a keep-alive connection idle for a second; a pooled
  // connection it closed must not carry the next call (which would fail
  // with request_sent=unknown).
  server_.server().set_keep_alive_timeout(1);
  std::unique_ptr<TransportUnderTest> transport = Make(Options());
  ASSERT_TRUE(transport->Send(PostOrders(), In(absl::Seconds(10))).ok());
  absl::SleepFor(absl::Milliseconds(1500));
  absl::StatusOr<HttpResponse> response =
      transport->Send(PostOrders(), In(absl::Seconds(10)));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(transport->connections_created(), 2u);
  EXPECT_EQ(server_.distinct_connections(), 2u);
}

TEST_P(TransportTest, Http503HtmlIsReturnedAsAValue) {
  std::unique_ptr<TransportUnderTest> transport = Make(Options());
  absl::StatusOr<HttpResponse> response =
      transport->Send({"GET", "/down", ""}, In(absl::Seconds(10)));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->content_type, "text/html");
  EXPECT_NE(response->body.find("503 Service Temporarily Unavailable"),
            std::string::npos);
}

TEST_P(TransportTest, ReadTimeoutIsDeadlineExceeded) {
  TransportOptions options = Options();
  options.read_timeout = absl::Milliseconds(200);
  std::unique_ptr<TransportUnderTest> transport = Make(options);
  absl::StatusOr<HttpResponse> response =
      transport->Send({"POST", "/slow", "{}"}, In(absl::Seconds(30)));
  ExpectError(response.status(), Code::kDeadlineExceeded, "MSP_TIMEOUT");
  EXPECT_EQ(Metadata(response.status(), "limit"), "read_timeout");
  EXPECT_EQ(Metadata(response.status(), "endpoint"), "POST /slow");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "unknown");
  // Not retryable: MultiSafepay may have processed the request.
  EXPECT_FALSE(GetRetryInfo(response.status()).has_value());
}

TEST_P(TransportTest, CallerDeadlineCapsTheReadTimeout) {
  TransportOptions options = Options();
  options.read_timeout = absl::Seconds(30);
  std::unique_ptr<TransportUnderTest> transport = Make(options);
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

TEST_P(TransportTest, ExpiredDeadlineIsNotSent) {
  std::unique_ptr<TransportUnderTest> transport = Make(Options());
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

TEST_P(TransportTest, InfiniteDeadlineUsesConfiguredTimeouts) {
  std::unique_ptr<TransportUnderTest> transport = Make(Options());
  EXPECT_TRUE(transport->Send(PostOrders(), absl::InfiniteFuture()).ok());
}

// For tests that bring their own server (or none).
class TransportFailureTest : public testing::TestWithParam<TransportKind> {};

TEST_P(TransportFailureTest, ConnectionRefusedIsUnavailable) {
  TransportOptions options;
  options.base_url =
      absl::StrCat("http://127.0.0.1:", ClosedPort(), "/v1/json");
  options.api_key = kApiKey;
  absl::StatusOr<std::unique_ptr<TransportUnderTest>> transport =
      TransportUnderTest::Create(GetParam(), options);
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

TEST_P(TransportFailureTest, ConnectTimeoutWithTimeLeftIsUnavailable) {
  FullBacklog backlog;
  TransportOptions options;
  options.base_url = absl::StrCat("http://127.0.0.1:", backlog.port());
  options.connect_timeout = absl::Milliseconds(200);
  absl::StatusOr<std::unique_ptr<TransportUnderTest>> transport =
      TransportUnderTest::Create(GetParam(), options);
  ASSERT_TRUE(transport.ok()) << transport.status();
  absl::StatusOr<HttpResponse> response =
      (*transport)->Send(PostOrders(), In(absl::Seconds(30)));
  // Nothing was sent and the caller still has time: retryable.
  ExpectError(response.status(), Code::kUnavailable, "MSP_CONNECT_TIMEOUT");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "false");
  EXPECT_TRUE(GetRetryInfo(response.status()).has_value());
}

TEST_P(TransportFailureTest, ConnectCutShortByDeadlineIsDeadlineExceeded) {
  FullBacklog backlog;
  TransportOptions options;
  options.base_url = absl::StrCat("http://127.0.0.1:", backlog.port());
  options.connect_timeout = absl::Seconds(30);
  absl::StatusOr<std::unique_ptr<TransportUnderTest>> transport =
      TransportUnderTest::Create(GetParam(), options);
  ASSERT_TRUE(transport.ok()) << transport.status();
  absl::StatusOr<HttpResponse> response =
      (*transport)->Send(PostOrders(), In(absl::Milliseconds(200)));
  ExpectError(response.status(), Code::kDeadlineExceeded, "MSP_TIMEOUT");
  EXPECT_EQ(Metadata(response.status(), "limit"), "deadline");
}

// Accepts one connection, reads the request head, and closes without
// answering: a proxy or server dying mid-request.
TEST_P(TransportFailureTest, ConnectionClosedWithoutResponseIsUnavailable) {
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

  TransportOptions options;
  options.base_url = absl::StrCat("http://127.0.0.1:", ntohs(addr.sin_port));
  options.read_timeout = absl::Seconds(20);
  absl::StatusOr<std::unique_ptr<TransportUnderTest>> transport =
      TransportUnderTest::Create(GetParam(), options);
  ASSERT_TRUE(transport.ok()) << transport.status();
  absl::StatusOr<HttpResponse> response =
      (*transport)->Send(PostOrders(), In(absl::Seconds(30)));
  closer.join();
  close(listener);
  ExpectError(response.status(), Code::kUnavailable, "MSP_CONNECTION_FAILED");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "unknown");
}

// --- The whole call ends by its deadline, however the server paces bytes ---

constexpr absl::Duration kDripInterval = absl::Milliseconds(500);
// The old transport read a drip for as long as the server kept it up; this
// many drips (20 s) make that failure obvious without hanging the test.
constexpr int kMaxDrips = 40;

// What a dripping server sends: `head` at once, then `drip` one byte every
// `interval` until the client closes the connection.
struct DripCase {
  std::string name;
  std::string head;
  char drip;
};

void PrintTo(const DripCase& drip_case, std::ostream* os) {
  *os << drip_case.name;
}

// Runs a raw server that drips per `drip_case` and reports what it saw.
class DripServer {
 public:
  DripServer(const DripCase& drip_case, absl::Duration interval)
      : server_([this, drip_case, interval](RawConnection& conn) {
          if (conn.ReadRequest(absl::Seconds(10)).empty()) return;
          bool closed = !conn.Write(drip_case.head);
          for (int i = 0; !closed && i < kMaxDrips; ++i) {
            closed = !conn.Write(absl::string_view(&drip_case.drip, 1)) ||
                     conn.WaitForClientClose(interval);
          }
          client_closed_.store(closed);
          done_.Notify();
        }) {}

  bool Start() { return server_.Start(); }
  std::string base_url() const { return server_.base_url(); }
  // Waits for the handler to end; true if it ended because the client
  // closed the connection (rather than the server running out of drips).
  bool ClientClosed() {
    done_.WaitForNotificationWithTimeout(absl::Seconds(30));
    return done_.HasBeenNotified() && client_closed_.load();
  }

 private:
  absl::Notification done_;
  std::atomic<bool> client_closed_{false};
  RawSocketServer server_;  // Last: its thread uses the members above.
};

class SlowDripTest
    : public testing::TestWithParam<std::tuple<TransportKind, DripCase>> {};

TEST_P(SlowDripTest, EndsByTheCallersDeadline) {
  const auto& [kind, drip_case] = GetParam();
  DripServer server(drip_case, kDripInterval);
  ASSERT_TRUE(server.Start());
  TransportOptions options;
  options.base_url = server.base_url();
  options.api_key = kApiKey;
  // Each gap (0.5 s) is far below every per-read limit: only a bound on the
  // whole call can stop this.
  options.read_timeout = absl::Seconds(30);
  absl::StatusOr<std::unique_ptr<TransportUnderTest>> transport =
      TransportUnderTest::Create(kind, options);
  ASSERT_TRUE(transport.ok()) << transport.status();

  const absl::Duration deadline = absl::Seconds(1);
  const absl::Time start = absl::Now();
  absl::StatusOr<HttpResponse> response =
      (*transport)->Send(PostOrders(), start + deadline);
  const absl::Duration elapsed = absl::Now() - start;

  ExpectError(response.status(), Code::kDeadlineExceeded, "MSP_TIMEOUT");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "unknown");
  EXPECT_EQ(Metadata(response.status(), "limit"), "deadline");
  EXPECT_FALSE(GetRetryInfo(response.status()).has_value());
  // Generous: the old transport took kMaxDrips * 0.5 s = 20 s.
  EXPECT_LT(elapsed, deadline + absl::Milliseconds(1500));
  // The connection was dropped, not kept for reuse.
  EXPECT_TRUE(server.ClientClosed());
}

INSTANTIATE_TEST_SUITE_P(
    AllPhases, SlowDripTest,
    testing::Combine(
        testing::ValuesIn(kAllTransportKinds),
        testing::Values(
            DripCase{"StatusLine", "HTTP/1.1 2", '0'},
            DripCase{"Headers", "HTTP/1.1 200 OK\r\nX-Drip: ", 'a'},
            DripCase{"Body",
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Content-Length: 1000\r\n\r\n",
                     ' '},
            DripCase{"ChunkedBody",
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n3e8\r\n",
                     ' '})),
    [](const testing::TestParamInfo<std::tuple<TransportKind, DripCase>>&
           info) {
      return TransportKindName(std::get<0>(info.param)) +
             std::get<1>(info.param).name;
    });

TEST_P(TransportFailureTest, WithoutDeadlineConnectPlusReadTimeoutCaps) {
  DripServer server({"Body",
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Content-Length: 1000\r\n\r\n",
                     ' '},
                    absl::Milliseconds(200));
  ASSERT_TRUE(server.Start());
  TransportOptions options;
  options.base_url = server.base_url();
  options.connect_timeout = absl::Milliseconds(500);
  options.read_timeout = absl::Seconds(1);
  absl::StatusOr<std::unique_ptr<TransportUnderTest>> transport =
      TransportUnderTest::Create(GetParam(), options);
  ASSERT_TRUE(transport.ok()) << transport.status();

  const absl::Time start = absl::Now();
  absl::StatusOr<HttpResponse> response =
      (*transport)->Send(PostOrders(), absl::InfiniteFuture());
  const absl::Duration elapsed = absl::Now() - start;

  ExpectError(response.status(), Code::kDeadlineExceeded, "MSP_TIMEOUT");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "unknown");
  EXPECT_EQ(Metadata(response.status(), "limit"), "read_timeout");
  // The cap is connect_timeout + read_timeout = 1.5 s; the old transport
  // read the 0.2 s drip for 40 * 0.2 s = 8 s.
  EXPECT_LT(elapsed, absl::Seconds(3));
  EXPECT_TRUE(server.ClientClosed());
}

// --- Replies above max_response_bytes are refused without being read ---

constexpr size_t kHugeReply = 50 * 1024 * 1024;
constexpr size_t kPiece = 64 * 1024;

enum class Framing { kContentLength, kChunked, kUntilClose };

void PrintTo(Framing framing, std::ostream* os) {
  *os << static_cast<int>(framing);
}

// Sends a kHugeReply-byte JSON-ish body framed as `framing`, as fast as the
// client reads, and records how much of it the client let through.
class HugeReplyServer {
 public:
  explicit HugeReplyServer(Framing framing)
      : server_([this, framing](RawConnection& conn) {
          if (conn.ReadRequest(absl::Seconds(10)).empty()) return;
          // Small, so a client that stops reading blocks the server soon.
          conn.SetSendBuffer(64 * 1024);
          std::string head =
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
          switch (framing) {
            case Framing::kContentLength:
              absl::StrAppend(&head, "Content-Length: ", kHugeReply, "\r\n");
              break;
            case Framing::kChunked:
              absl::StrAppend(&head, "Transfer-Encoding: chunked\r\n");
              break;
            case Framing::kUntilClose:
              absl::StrAppend(&head, "Connection: close\r\n");
              break;
          }
          absl::StrAppend(&head, "\r\n");
          const std::string piece(kPiece, ' ');
          const std::string chunk =
              absl::StrCat(absl::Hex(kPiece), "\r\n", piece, "\r\n");
          bool ok = conn.Write(head);
          for (size_t sent = 0; ok && sent < kHugeReply; sent += kPiece) {
            ok = conn.Write(framing == Framing::kChunked ? chunk : piece);
          }
          if (ok && framing == Framing::kChunked) ok = conn.Write("0\r\n\r\n");
          wrote_everything_.store(ok);
          bytes_written_.store(conn.bytes_written());
          done_.Notify();
        }) {}

  bool Start() { return server_.Start(); }
  std::string base_url() const { return server_.base_url(); }
  void WaitUntilDone() {
    done_.WaitForNotificationWithTimeout(absl::Seconds(60));
    EXPECT_TRUE(done_.HasBeenNotified());
  }
  bool wrote_everything() const { return wrote_everything_.load(); }
  size_t bytes_written() const { return bytes_written_.load(); }

 private:
  absl::Notification done_;
  std::atomic<bool> wrote_everything_{false};
  std::atomic<size_t> bytes_written_{0};
  RawSocketServer server_;  // Last: its thread uses the members above.
};

class HugeReplyTest
    : public testing::TestWithParam<std::tuple<TransportKind, Framing>> {};

TEST_P(HugeReplyTest, IsRefusedWithoutReadingIt) {
  const auto& [kind, framing] = GetParam();
  HugeReplyServer server(framing);
  ASSERT_TRUE(server.Start());
  TransportOptions options;
  options.base_url = server.base_url();
  options.api_key = kApiKey;
  options.read_timeout = absl::Seconds(30);
  absl::StatusOr<std::unique_ptr<TransportUnderTest>> transport =
      TransportUnderTest::Create(kind, options);
  ASSERT_TRUE(transport.ok()) << transport.status();
  ASSERT_EQ(options.max_response_bytes, size_t{1} << 20);  // The default.

  const absl::Time start = absl::Now();
  absl::StatusOr<HttpResponse> response =
      (*transport)->Send(PostOrders(), start + absl::Seconds(30));
  const absl::Duration elapsed = absl::Now() - start;

  // The request was sent and may have been processed: outcome unknown, not
  // retryable as is, and not a timeout.
  ExpectError(response.status(), Code::kUnknown, "MSP_RESPONSE_TOO_LARGE");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "unknown");
  EXPECT_EQ(Metadata(response.status(), "max_response_bytes"), "1048576");
  EXPECT_FALSE(GetRetryInfo(response.status()).has_value());
  EXPECT_LT(elapsed, absl::Seconds(10));

  // The transport hung up instead of draining the reply: the server could
  // write at most the cap plus what the socket buffers hold, far from 50 MB.
  server.WaitUntilDone();
  EXPECT_FALSE(server.wrote_everything());
  EXPECT_LT(server.bytes_written(), kHugeReply / 2);
  RecordProperty("server_bytes_written",
                 static_cast<int>(server.bytes_written()));
}

std::string FramingName(Framing framing) {
  switch (framing) {
    case Framing::kContentLength:
      return "ContentLength";
    case Framing::kChunked:
      return "Chunked";
    case Framing::kUntilClose:
      return "UntilClose";
  }
  return "Unknown";
}

INSTANTIATE_TEST_SUITE_P(
    AllFramings, HugeReplyTest,
    testing::Combine(testing::ValuesIn(kAllTransportKinds),
                     testing::Values(Framing::kContentLength, Framing::kChunked,
                                     Framing::kUntilClose)),
    [](const testing::TestParamInfo<std::tuple<TransportKind, Framing>>& info) {
      return TransportKindName(std::get<0>(info.param)) +
             FramingName(std::get<1>(info.param));
    });

TEST_P(TransportTest, ReplyExactlyAtTheCapIsAcceptedOneMoreIsRefused) {
  constexpr size_t kCap = 256 * 1024;
  // /sized/<n>: a body of n bytes with Content-Length; /chunked/<n>: the
  // same in 1000-byte chunks.
  server_.server().Get("/v1/json/sized/(\\d+)", [](const httplib::Request& req,
                                                   httplib::Response& res) {
    res.set_content(std::string(std::stoul(req.matches[1]), 'x'),
                    "application/json");
  });
  server_.server().Get("/v1/json/chunked/(\\d+)",
                       [](const httplib::Request& req, httplib::Response& res) {
                         const size_t total = std::stoul(req.matches[1]);
                         res.set_chunked_content_provider(
                             "application/json",
                             [total](size_t offset, httplib::DataSink& sink) {
                               const size_t n =
                                   std::min<size_t>(1000, total - offset);
                               const std::string piece(n, 'x');
                               if (!sink.write(piece.data(), n)) return false;
                               if (offset + n == total) sink.done();
                               return true;
                             });
                       });
  TransportOptions options = Options();
  options.max_response_bytes = kCap;
  std::unique_ptr<TransportUnderTest> transport = Make(options);

  for (const char* kind : {"sized", "chunked"}) {
    SCOPED_TRACE(kind);
    absl::StatusOr<HttpResponse> at_cap = transport->Send(
        {"GET", absl::StrCat("/", kind, "/", kCap), ""}, In(absl::Seconds(10)));
    ASSERT_TRUE(at_cap.ok()) << at_cap.status();
    EXPECT_EQ(at_cap->status, 200);
    EXPECT_EQ(at_cap->body.size(), kCap);
    const size_t connections = transport->connections_created();

    absl::StatusOr<HttpResponse> over =
        transport->Send({"GET", absl::StrCat("/", kind, "/", kCap + 1), ""},
                        In(absl::Seconds(10)));
    ExpectError(over.status(), Code::kUnknown, "MSP_RESPONSE_TOO_LARGE");
    EXPECT_EQ(Metadata(over.status(), "endpoint"),
              absl::StrCat("GET /", kind, "/", kCap + 1));

    // The refused reply came on the pooled connection, which was then
    // dropped: the next call opens a new one and succeeds.
    absl::StatusOr<HttpResponse> again = transport->Send(
        {"GET", absl::StrCat("/", kind, "/10"), ""}, In(absl::Seconds(10)));
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(again->body, "xxxxxxxxxx");
    EXPECT_EQ(transport->connections_created(), connections + 1);
  }
}

TEST_P(TransportFailureTest, CreateRejectsBadOptions) {
  struct Case {
    std::string name;
    TransportOptions options;
  };
  std::vector<Case> cases;
  auto add = [&](std::string name, auto mutate) {
    TransportOptions options;
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
  add("zero reply cap", [](auto& o) { o.max_response_bytes = 0; });
  add("key with newline", [](auto& o) { o.api_key = "abc\r\nX-Evil: 1"; });
  add("agent with newline", [](auto& o) { o.user_agent = "a\nb"; });
  add("missing CA file", [](auto& o) {
    o.base_url = "https://127.0.0.1:18443";
    o.ca_cert_file = "/nonexistent/ca.pem";
  });
  for (Case& c : cases) {
    absl::StatusOr<std::unique_ptr<TransportUnderTest>> transport =
        TransportUnderTest::Create(GetParam(), c.options);
    ASSERT_FALSE(transport.ok()) << c.name;
    EXPECT_EQ(transport.status().code(), Code::kInvalidArgument) << c.name;
    EXPECT_EQ(std::string(transport.status().message()).find("X-Evil"),
              std::string::npos)
        << c.name;
  }
}

INSTANTIATE_TEST_SUITE_P(AllTransports, TransportTest,
                         testing::ValuesIn(kAllTransportKinds),
                         [](const testing::TestParamInfo<TransportKind>& info) {
                           return TransportKindName(info.param);
                         });

INSTANTIATE_TEST_SUITE_P(AllTransports, TransportFailureTest,
                         testing::ValuesIn(kAllTransportKinds),
                         [](const testing::TestParamInfo<TransportKind>& info) {
                           return TransportKindName(info.param);
                         });

}  // namespace
}  // namespace msp_gateway
