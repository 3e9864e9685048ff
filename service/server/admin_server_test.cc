// Copyright 2026 The msp-gateway Authors.

#include "service/server/admin_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "tests/harness/loopback_socket.h"

namespace msp_gateway {
namespace {

using ::msp_gateway::harness::SendAll;

int Connect(int port) { return harness::ConnectLoopback(port); }

// Whether the server closed `fd` (EOF or reset) within `wait`; what it sent
// before is appended to `received`.
bool ClosedWithin(int fd, absl::Duration wait, std::string* received) {
  const absl::Time deadline = absl::Now() + wait;
  while (true) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1) <=
        0) {
      continue;
    }
    char buf[4096];
    const ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
    if (n == 0) return true;
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return true;  // ECONNRESET.
    }
    if (received != nullptr) received->append(buf, static_cast<size_t>(n));
  }
}

// GET /healthz on a fresh connection, giving up after 1 s.
int Healthz(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::seconds(1));
  client.set_read_timeout(std::chrono::seconds(1));
  client.set_write_timeout(std::chrono::seconds(1));
  httplib::Result result = client.Get("/healthz");
  return result ? result->status : -1;
}

TEST(AdminServerTest, ServesMetricsHealthAndReadiness) {
  GatewayMetrics metrics("test");
  metrics.RecordRpc("CreateOrder", absl::StatusCode::kOk,
                    absl::Milliseconds(1));
  AdminServer admin(metrics);
  absl::StatusOr<int> port = admin.Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status();
  httplib::Client client("127.0.0.1", *port);

  httplib::Result metrics_page = client.Get("/metrics");
  ASSERT_TRUE(metrics_page);
  EXPECT_EQ(metrics_page->status, 200);
  EXPECT_NE(
      metrics_page->body.find("msp_gateway_rpc_requests_total{method="
                              "\"CreateOrder\",code=\"OK\",caller=\"none\"} 1"),
      std::string::npos);
  EXPECT_EQ(
      metrics_page->get_header_value("Content-Type").rfind("text/plain", 0),
      0u);

  EXPECT_EQ(client.Get("/healthz")->status, 200);
  EXPECT_EQ(client.Get("/readyz")->status, 503) << "not ready before SetReady";
  admin.SetReady(true);
  EXPECT_EQ(client.Get("/readyz")->status, 200);
  admin.SetReady(false);
  EXPECT_EQ(client.Get("/readyz")->status, 503);
  EXPECT_EQ(client.Get("/nope")->status, 404);
  admin.Stop();
  admin.Stop();  // Idempotent.
}

// Defect 8 of issue 8: ~20 slowloris connections made /healthz time out for
// 8 s, so kubelet would restart a healthy pod. Here 50 connections from the
// probe's own address drip a request line one byte at a time (and reconnect
// whenever the server drops them) while /healthz must keep answering within
// its 1 s probe timeout. Default options, as in production.
TEST(AdminServerTest, HealthzAnswersWhileFiftySlowClientsHoldConnections) {
  GatewayMetrics metrics("test");
  AdminServer admin(metrics);
  absl::StatusOr<int> port = admin.Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status();

  constexpr int kSlowClients = 50;
  const std::string request_line = "GET /healthz HTTP/1.1\r\nHost: slow";
  std::vector<int> fds(kSlowClients, -1);
  std::vector<size_t> sent(kSlowClients, 0);
  std::atomic<bool> done{false};
  std::atomic<int> connected{0};
  std::thread slowloris([&] {
    while (!done.load()) {
      for (int i = 0; i < kSlowClients && !done.load(); ++i) {
        if (fds[i] < 0) {
          fds[i] = Connect(*port);
          sent[i] = 0;
          if (fds[i] >= 0) connected.fetch_add(1);
        }
        if (fds[i] < 0) continue;
        const std::string byte(
            1, request_line[std::min(sent[i], request_line.size() - 1)]);
        if (send(fds[i], byte.data(), 1, MSG_NOSIGNAL) != 1) {
          close(fds[i]);  // Dropped by the server: come back at once.
          fds[i] = -1;
          continue;
        }
        ++sent[i];
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (int fd : fds) {
      if (fd >= 0) close(fd);
    }
  });
  // Let every slow client connect and start dripping.
  const absl::Time start = absl::Now();
  while (connected.load() < kSlowClients &&
         absl::Now() - start < absl::Seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_GE(connected.load(), kSlowClients);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  // Probes every 250 ms for 3.5 s: past the 2 s head deadline, so also while
  // the slow clients are dropped and reconnect.
  int answered = 0;
  for (int probe = 0; probe < 14; ++probe) {
    const int status = Healthz(*port);
    EXPECT_EQ(status, 200) << "probe " << probe;
    if (status == 200) ++answered;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_EQ(answered, 14);
  done.store(true);
  slowloris.join();
  admin.Stop();
}

TEST(AdminServerTest, SlowRequestHeadIsClosedAtItsDeadline) {
  GatewayMetrics metrics("test");
  AdminServerOptions options;
  options.request_timeout = absl::Milliseconds(300);
  AdminServer admin(metrics, options);
  absl::StatusOr<int> port = admin.Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status();

  const int fd = Connect(*port);
  ASSERT_GE(fd, 0);
  // One byte every 50 ms: each read is quick, the request never completes.
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  bool closed = false;
  const absl::Time start = absl::Now();
  for (size_t i = 0; !closed && absl::Now() - start < absl::Seconds(5); ++i) {
    if (send(fd, &request[std::min(i, request.size() - 1)], 1, MSG_NOSIGNAL) !=
        1) {
      closed = true;
      break;
    }
    closed = ClosedWithin(fd, absl::Milliseconds(50), nullptr);
  }
  EXPECT_TRUE(closed) << "a slow request head must be dropped by its deadline";
  close(fd);
  EXPECT_EQ(Healthz(*port), 200);
}

TEST(AdminServerTest, PerClientLimitDropsTheOldestUnfinishedConnections) {
  GatewayMetrics metrics("test");
  AdminServerOptions options;
  options.max_connections_per_client = 4;
  options.request_timeout = absl::Seconds(30);  // Only the limit acts here.
  AdminServer admin(metrics, options);
  absl::StatusOr<int> port = admin.Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status();

  std::vector<int> fds;
  for (int i = 0; i < 10; ++i) {
    fds.push_back(Connect(*port));
    ASSERT_GE(fds.back(), 0);
    SendAll(fds.back(), "GET /heal");  // Never finished.
  }
  for (int i = 0; i < 6; ++i) {
    EXPECT_TRUE(ClosedWithin(fds[i], absl::Seconds(5), nullptr))
        << "connection " << i << " is beyond the limit";
  }
  for (int i = 6; i < 10; ++i) {
    EXPECT_FALSE(ClosedWithin(fds[i], absl::Milliseconds(200), nullptr))
        << "connection " << i << " is within the limit";
  }
  // A client that sends its request at once is served, even from the same
  // address (it takes the slot of the oldest unfinished connection).
  EXPECT_EQ(Healthz(*port), 200);
  for (int fd : fds) close(fd);
}

TEST(AdminServerTest, OversizedRequestHeadIsRefused) {
  GatewayMetrics metrics("test");
  AdminServerOptions options;
  options.max_request_bytes = 1024;
  AdminServer admin(metrics, options);
  absl::StatusOr<int> port = admin.Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status();

  const int fd = Connect(*port);
  ASSERT_GE(fd, 0);
  SendAll(fd, "GET /healthz HTTP/1.1\r\nX-Big: " + std::string(2000, 'x'));
  std::string answer;
  EXPECT_TRUE(ClosedWithin(fd, absl::Seconds(5), &answer));
  EXPECT_EQ(answer.rfind("HTTP/1.1 431 ", 0), 0u) << answer;
  close(fd);
}

TEST(AdminServerTest, AnswersOneRequestPerConnectionAndCloses) {
  GatewayMetrics metrics("test");
  AdminServer admin(metrics);
  absl::StatusOr<int> port = admin.Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status();

  const int fd = Connect(*port);
  ASSERT_GE(fd, 0);
  // Two pipelined requests: only the first is answered, then the server
  // closes instead of keeping the connection for more.
  ASSERT_TRUE(SendAll(fd,
                      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                      "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string answer;
  EXPECT_TRUE(ClosedWithin(fd, absl::Seconds(5), &answer));
  EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos) << answer;
  EXPECT_EQ(answer.find("ready"), std::string::npos) << answer;
  close(fd);

  // A request that needs a body is not waited for: the worker reads nothing
  // beyond the head.
  const int post = Connect(*port);
  ASSERT_GE(post, 0);
  ASSERT_TRUE(SendAll(post,
                      "POST /healthz HTTP/1.1\r\nHost: x\r\n"
                      "Content-Length: 100\r\n\r\n"));
  answer.clear();
  EXPECT_TRUE(ClosedWithin(post, absl::Seconds(5), &answer));
  EXPECT_EQ(answer.rfind("HTTP/1.1 4", 0), 0u) << answer;
  close(post);
}

}  // namespace
}  // namespace msp_gateway
