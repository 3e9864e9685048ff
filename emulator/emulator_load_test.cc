// Copyright 2026 The msp-gateway Authors.
//
// Issue 10: the emulator must not be the bottleneck. The msp_emulator binary,
// started as scripts start it (default flags), holds 2,000 concurrent
// connections whose POST /orders a delay fault holds back, all at the same
// time and with a handful of threads; once the delays are released every
// one of the 2,000 answers arrives and the 2,000 orders exist. Counts only:
// nothing here depends on how fast the machine is.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace {

using nlohmann::json;

constexpr char kBinary[] = "emulator/msp_emulator";
constexpr int kConnections = 2000;
// With the default --threads=2 the process has 3 threads (main, which waits
// for SIGTERM, and two event-loop threads); a thread per connection or per
// delay would be hundreds.
constexpr int kMaxThreads = 8;

std::string TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr ? dir : "/tmp";
}

// Waits for the port file and returns its content ("" on timeout).
std::string WaitForFile(const std::string& path) {
  for (int i = 0; i < 1000; ++i) {
    std::ifstream in(path);
    std::string content((std::istreambuf_iterator<char>(in)),
                        std::istreambuf_iterator<char>());
    if (!content.empty() && content.back() == '\n') return content;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return "";
}

// A number line of /proc/<pid>/status ("Threads:", "VmHWM:" in kB); -1
// when unreadable.
int StatusField(pid_t pid, const std::string& field) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    int value = 0;
    if (absl::StartsWith(line, field) &&
        absl::SimpleAtoi(absl::StripSuffix(line.substr(field.size()), " kB"),
                         &value)) {
      return value;
    }
  }
  return -1;
}

int ThreadCount(pid_t pid) { return StatusField(pid, "Threads:"); }

// A blocking client socket to 127.0.0.1:port (-1 when the connect fails).
int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  // A broken emulator must fail the test, not hang it.
  timeval timeout{60, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  return fd;
}

bool SendAll(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n =
        send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

std::string Request(const std::string& method, const std::string& path,
                    const std::string& body) {
  return absl::StrCat(method, " ", path,
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                      "Content-Type: application/json\r\nContent-Length: ",
                      body.size(), "\r\n\r\n", body);
}

struct Response {
  int status = 0;
  std::string body;
};

// Reads a `Connection: close` answer to its end.
std::optional<Response> ReadToEnd(int fd) {
  std::string bytes;
  char chunk[4096];
  ssize_t n;
  while ((n = recv(fd, chunk, sizeof(chunk), 0)) > 0) {
    bytes.append(chunk, static_cast<size_t>(n));
  }
  if (n < 0) return std::nullopt;
  const size_t end = bytes.find("\r\n\r\n");
  Response response;
  if (end == std::string::npos || bytes.size() < 12 ||
      !absl::SimpleAtoi(bytes.substr(9, 3), &response.status)) {
    return std::nullopt;
  }
  response.body = bytes.substr(end + 4);
  return response;
}

// One control call on its own connection.
std::optional<Response> Call(int port, const std::string& method,
                             const std::string& path,
                             const std::string& body = "") {
  const int fd = Connect(port);
  if (fd < 0) return std::nullopt;
  std::optional<Response> response;
  if (SendAll(fd, Request(method, path, body))) response = ReadToEnd(fd);
  close(fd);
  return response;
}

json CallJson(int port, const std::string& method, const std::string& path,
              const std::string& body = "") {
  std::optional<Response> response = Call(port, method, path, body);
  EXPECT_TRUE(response.has_value()) << method << " " << path;
  if (!response.has_value()) return json();
  EXPECT_EQ(response->status, 200) << path << ": " << response->body;
  return json::parse(response->body, nullptr, /*allow_exceptions=*/false);
}

class EmulatorLoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 2,000 client sockets here; the emulator raises its own limit.
    rlimit limit{};
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
    limit.rlim_cur = limit.rlim_max;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
    ASSERT_GE(limit.rlim_cur, static_cast<rlim_t>(kConnections + 100))
        << "the hard open-files limit is too low for this test";

    const std::string port_file = TempDir() + "/load.port";
    std::remove(port_file.c_str());
    pid_ = fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      const std::string port_flag = "--port_file=" + port_file;
      execl(kBinary, kBinary, "--port=0", port_flag.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    const std::string content = WaitForFile(port_file);
    ASSERT_FALSE(content.empty()) << "no port file";
    port_ = std::stoi(content);
  }

  void TearDown() override {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }

  pid_t pid_ = -1;
  int port_ = 0;
};

TEST_F(EmulatorLoadTest, TwoThousandConcurrentDelayedRequestsOnAFewThreads) {
  // Long enough that no delay ends by itself before all are held: the test
  // ends them with POST /__emulator/delays/release once it has seen all
  // 2,000 waiting at the same time.
  CallJson(port_, "POST", "/__emulator/faults",
           R"({"method":"POST","path":"/v1/json/orders","kind":"delay",)"
           R"("delay_ms":120000,"times":-1})");

  std::atomic<bool> sampling{true};
  std::atomic<int> max_threads{0};
  std::thread sampler([&] {
    while (sampling) {
      const int threads = ThreadCount(pid_);
      int seen = max_threads.load();
      while (threads > seen &&
             !max_threads.compare_exchange_weak(seen, threads)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });

  std::vector<int> fds;
  fds.reserve(kConnections);
  int sent = 0;
  for (int i = 0; i < kConnections; ++i) {
    const int fd = Connect(port_);
    if (fd < 0) break;
    fds.push_back(fd);
    const json order = {{"order_id", absl::StrCat("load-", i)},
                        {"currency", "EUR"},
                        {"amount", 1000},
                        {"description", "Load"}};
    sent += SendAll(fd, Request("POST", "/v1/json/orders", order.dump()));
  }
  ASSERT_EQ(fds.size(), static_cast<size_t>(kConnections));
  ASSERT_EQ(sent, kConnections);

  // All 2,000 held at once (bounded wait: the emulator reads them in).
  json server;
  for (int i = 0; i < 3000; ++i) {
    server = CallJson(port_, "GET", "/__emulator/server");
    if (server["delayed"] == kConnections) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(server["delayed"], kConnections) << server;
  EXPECT_GE(server["connections"].get<int>(), kConnections) << server;
  EXPECT_EQ(server["threads"], 2) << server;  // the default --threads
  const int threads_while_held = ThreadCount(pid_);
  EXPECT_GT(threads_while_held, 0);
  EXPECT_LE(threads_while_held, kMaxThreads);
  // A "before" delay processes the request only once it ends.
  EXPECT_EQ(CallJson(port_, "GET", "/__emulator/orders"), json::array());

  EXPECT_EQ(CallJson(port_, "POST", "/__emulator/delays/release"),
            json({{"released", kConnections}}));

  int answered = 0;
  for (int i = 0; i < kConnections; ++i) {
    std::optional<Response> response = ReadToEnd(fds[i]);
    close(fds[i]);
    if (!response.has_value() || response->status != 200) continue;
    const json body =
        json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (body.is_object() && body["success"] == true &&
        body["data"]["order_id"] == absl::StrCat("load-", i)) {
      ++answered;
    }
  }
  EXPECT_EQ(answered, kConnections);

  sampling = false;
  sampler.join();
  std::printf(
      "emulator threads: %d while %d requests were held, %d at most; peak "
      "RSS %d kB\n",
      threads_while_held, kConnections, max_threads.load(),
      StatusField(pid_, "VmHWM:"));
  EXPECT_GT(max_threads.load(), 0);
  EXPECT_LE(max_threads.load(), kMaxThreads);

  const json orders = CallJson(port_, "GET", "/__emulator/orders");
  ASSERT_EQ(orders.size(), static_cast<size_t>(kConnections));
  int one_each = 0;
  for (const json& order : orders) {
    one_each += order["posts"] == 1 && order["sessions"] == 1;
  }
  EXPECT_EQ(one_each, kConnections);
  EXPECT_EQ(CallJson(port_, "GET", "/__emulator/server")["delayed"], 0);
}

}  // namespace
