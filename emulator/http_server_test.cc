// Copyright 2026 The msp-gateway Authors.
//
// The HTTP server over real sockets on 127.0.0.1, port 0, with raw bytes, so
// that framing, keep-alive, limits, resets and delays are seen as a client
// sees them.

#include "emulator/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "emulator/http_message.h"
#include "gtest/gtest.h"

namespace msp_emulator {
namespace {

// A client socket; closed on destruction.
class RawClient {
 public:
  explicit RawClient(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ =
        connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    // A broken server must fail the test, not hang it.
    timeval timeout{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }
  ~RawClient() { close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }

  void Send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n =
          send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  }

  struct Response {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
  };

  // Reads one response; nullopt when the connection ends first. `head`:
  // the answer to HEAD, whose Content-Length announces no body.
  std::optional<Response> Read(bool head = false) {
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    Response response;
    std::vector<std::string> lines =
        absl::StrSplit(buffer_.substr(0, end), "\r\n");
    std::vector<std::string> status_line = absl::StrSplit(lines[0], ' ');
    if (status_line.size() < 2 ||
        !absl::SimpleAtoi(status_line[1], &response.status)) {
      return std::nullopt;
    }
    for (size_t i = 1; i < lines.size(); ++i) {
      const size_t colon = lines[i].find(':');
      response.headers[absl::AsciiStrToLower(lines[i].substr(0, colon))] =
          std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
    }
    buffer_.erase(0, end + 4);
    size_t length = 0;
    if (!head && response.headers.count("content-length") > 0) {
      if (!absl::SimpleAtoi(response.headers["content-length"], &length)) {
        return std::nullopt;
      }
    }
    while (buffer_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  enum class End { kEof, kReset, kTimeout, kData };
  // How the connection ends when nothing (more) is expected on it.
  End WaitForEnd() {
    if (!buffer_.empty()) return End::kData;
    char byte;
    const ssize_t n = recv(fd_, &byte, 1, 0);
    if (n == 0) return End::kEof;
    if (n > 0) return End::kData;
    if (errno == ECONNRESET) return End::kReset;
    return End::kTimeout;
  }

 private:
  bool Fill() {
    char chunk[4096];
    const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

// Waits (bounded) until `done` holds.
bool Eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 2000; ++i) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return done();
}

// Echoes "<method> <path> <body>", or does what the path says.
Answer Echo(const HttpRequest& req) {
  Answer answer;
  if (req.path == "/reset") {
    answer.reset = true;
  } else if (req.path == "/throw") {
    throw std::runtime_error("handler bug");
  } else if (req.path == "/delay") {
    answer.delay_ms = 60 * 1000;
    answer.then = [](const HttpRequest& delayed) {
      Answer late;
      late.response.SetContent("late " + delayed.body, "text/plain");
      return late;
    };
  } else if (req.path == "/no-content") {
    answer.response.status = 204;
  } else {
    answer.response.SetContent(
        absl::StrCat(req.method, " ", req.path, " ", req.body), "text/plain");
    answer.response.headers.emplace_back("X-Query", req.Param("q"));
  }
  return answer;
}

std::string Get(const std::string& path, const std::string& extra = "") {
  return absl::StrCat("GET ", path, " HTTP/1.1\r\nHost: x\r\n", extra, "\r\n");
}

std::string Post(const std::string& path, const std::string& body,
                 const std::string& extra = "") {
  return absl::StrCat("POST ", path,
                      " HTTP/1.1\r\nHost: x\r\nContent-Length: ", body.size(),
                      "\r\n", extra, "\r\n", body);
}

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(HttpServerOptions options = {},
                   HttpServer::Handler handler = &Echo) {
    server_ = std::make_unique<HttpServer>(options, std::move(handler));
    absl::StatusOr<int> port = server_->Start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
  }

  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
};

TEST_F(HttpServerTest, KeepAliveServesRequestsInOrderOnOneConnection) {
  StartServer();
  RawClient client(port_);
  ASSERT_TRUE(client.connected());
  client.Send(Post("/a?q=x+y%21", "one"));
  auto first = client.Read();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "POST /a one");
  EXPECT_EQ(first->headers["content-type"], "text/plain");
  EXPECT_EQ(first->headers["x-query"], "x y!");
  EXPECT_EQ(first->headers["keep-alive"], "timeout=5, max=1000");
  EXPECT_EQ(first->headers.count("connection"), 0u);

  // Two pipelined requests in one write: answered one after the other.
  client.Send(Get("/b") + Post("/c", "three"));
  auto second = client.Read();
  auto third = client.Read();
  ASSERT_TRUE(second.has_value() && third.has_value());
  EXPECT_EQ(second->body, "GET /b ");
  EXPECT_EQ(third->body, "POST /c three");
  EXPECT_EQ(server_->stats().requests, 3);
  EXPECT_EQ(server_->stats().connections, 1);
}

TEST_F(HttpServerTest, ChunkedBodiesAreRead) {
  StartServer();
  RawClient client(port_);
  client.Send(
      "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "POST /chunked abcde");
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  StartServer();
  RawClient client(port_);
  client.Send(Get("/x", "Connection: close\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_EQ(client.WaitForEnd(), RawClient::End::kEof);
}

TEST_F(HttpServerTest, Http10ClosesUnlessKeptAlive) {
  StartServer();
  {
    RawClient client(port_);
    client.Send("GET /old HTTP/1.0\r\n\r\n");
    auto response = client.Read();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->body, "GET /old ");
    EXPECT_EQ(client.WaitForEnd(), RawClient::End::kEof);
  }
  RawClient client(port_);
  client.Send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  auto kept = client.Read();
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->headers["connection"], "keep-alive");
  client.Send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  auto again = client.Read();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->body, "GET /again ");
}

TEST_F(HttpServerTest, ClosesAfterTheMaximumNumberOfRequests) {
  HttpServerOptions options;
  options.max_requests_per_connection = 2;
  StartServer(options);
  RawClient client(port_);
  client.Send(Get("/1"));
  auto first = client.Read();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->headers.count("connection"), 0u);
  client.Send(Get("/2"));
  auto second = client.Read();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->headers["connection"], "close");
  EXPECT_EQ(client.WaitForEnd(), RawClient::End::kEof);
}

TEST_F(HttpServerTest, TooLargeBodyIsAnEmpty413AndCloses) {
  HttpServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(options);
  {
    RawClient client(port_);
    client.Send(Post("/big", std::string(1024, 'x')));  // at the limit: fine
    auto fits = client.Read();
    ASSERT_TRUE(fits.has_value());
    EXPECT_EQ(fits->status, 200);
  }
  {
    // Refused on the Content-Length alone, body still on its way.
    RawClient client(port_);
    client.Send(Post("/big", std::string(5000, 'x')));
    auto refused = client.Read();
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->status, 413);
    EXPECT_EQ(refused->headers["content-length"], "0");
    EXPECT_EQ(refused->headers["connection"], "close");
    EXPECT_EQ(refused->body, "");
    EXPECT_EQ(client.WaitForEnd(), RawClient::End::kEof);
  }
  RawClient client(port_);
  client.Send(
      "POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "800\r\n" +
      std::string(2048, 'y') + "\r\n0\r\n\r\n");
  auto chunked = client.Read();
  ASSERT_TRUE(chunked.has_value());
  EXPECT_EQ(chunked->status, 413);
}

TEST_F(HttpServerTest, OversizedHeadsAndTargetsAndGarbage) {
  HttpServerOptions options;
  options.max_header_bytes = 2048;
  options.max_target_bytes = 100;
  StartServer(options);
  {
    RawClient client(port_);
    client.Send(Get("/h", "X-Big: " + std::string(4096, 'h') + "\r\n"));
    auto response = client.Read();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 431);
    EXPECT_EQ(client.WaitForEnd(), RawClient::End::kEof);
  }
  {
    RawClient client(port_);
    client.Send(Get("/" + std::string(200, 't')));
    auto response = client.Read();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 414);
  }
  RawClient client(port_);
  client.Send("this is not HTTP\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->headers["connection"], "close");
}

TEST_F(HttpServerTest, ExpectContinueGetsA100First) {
  StartServer();
  RawClient client(port_);
  client.Send(
      "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
      "Expect: 100-continue\r\n\r\n");
  auto interim = client.Read();
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->status, 100);
  client.Send("body");
  auto response = client.Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /e body");
}

TEST_F(HttpServerTest, HeadGetsTheHeadersWithoutTheBody) {
  StartServer();
  RawClient client(port_);
  client.Send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n");
  auto head = client.Read(/*head=*/true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->headers["content-length"], "8");  // "HEAD /h "
  // No body bytes followed: the next answer starts right away.
  client.Send(Get("/next"));
  auto next = client.Read();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->body, "GET /next ");
}

TEST_F(HttpServerTest, NoContentHasNoBody) {
  StartServer();
  RawClient client(port_);
  client.Send(Get("/no-content") + Get("/after"));
  auto empty = client.Read();
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->status, 204);
  EXPECT_EQ(empty->headers["content-length"], "0");
  auto after = client.Read();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->body, "GET /after ");
}

TEST_F(HttpServerTest, ResetAnswerResetsTheConnection) {
  StartServer();
  RawClient client(port_);
  client.Send(Get("/reset"));
  EXPECT_EQ(client.Read(), std::nullopt);
  // The read that saw the end saw the reset; nothing more comes.
  RawClient other(port_);
  other.Send(Get("/reset"));
  EXPECT_EQ(other.WaitForEnd(), RawClient::End::kReset);
}

TEST_F(HttpServerTest, HandlerThatThrowsIs500AndTheConnectionLives) {
  StartServer();
  RawClient client(port_);
  client.Send(Get("/throw"));
  auto failed = client.Read();
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->status, 500);
  client.Send(Get("/fine"));
  auto fine = client.Read();
  ASSERT_TRUE(fine.has_value());
  EXPECT_EQ(fine->status, 200);
}

TEST_F(HttpServerTest, DelayedAnswersWaitOnTimersUntilReleased) {
  StartServer();
  RawClient first(port_);
  RawClient second(port_);
  first.Send(Post("/delay", "1"));
  second.Send(Post("/delay", "2"));
  ASSERT_TRUE(Eventually([&] { return server_->stats().delayed == 2; }));
  // Two threads, both free: a third request is served during the delays.
  RawClient third(port_);
  third.Send(Get("/meanwhile"));
  auto meanwhile = third.Read();
  ASSERT_TRUE(meanwhile.has_value());
  EXPECT_EQ(meanwhile->body, "GET /meanwhile ");
  EXPECT_EQ(server_->stats().threads, 2);

  EXPECT_EQ(server_->ReleaseDelays(), 2);
  auto one = first.Read();
  auto two = second.Read();
  ASSERT_TRUE(one.has_value() && two.has_value());
  EXPECT_EQ(one->body, "late 1");
  EXPECT_EQ(two->body, "late 2");
  EXPECT_EQ(server_->stats().delayed, 0);
}

TEST_F(HttpServerTest, IdleConnectionsAreClosed) {
  HttpServerOptions options;
  options.idle_timeout = absl::Milliseconds(100);
  StartServer(options);
  RawClient idle(port_);
  EXPECT_EQ(idle.WaitForEnd(), RawClient::End::kEof);
  ASSERT_TRUE(Eventually([&] { return server_->stats().connections == 0; }));
}

TEST_F(HttpServerTest, StopClosesEveryConnectionAndTheListener) {
  StartServer();
  RawClient idle(port_);
  RawClient delayed(port_);
  delayed.Send(Post("/delay", "never"));
  ASSERT_TRUE(Eventually([&] { return server_->stats().delayed == 1; }));
  server_->Stop();
  server_->Stop();
  EXPECT_NE(idle.WaitForEnd(), RawClient::End::kTimeout);
  EXPECT_EQ(delayed.Read(), std::nullopt);
  RawClient late(port_);
  EXPECT_FALSE(late.connected());
}

TEST_F(HttpServerTest, BusyPortAndSecondStart) {
  StartServer();
  EXPECT_TRUE(
      absl::IsFailedPrecondition(server_->Start("127.0.0.1", 0).status()));
  HttpServer other(HttpServerOptions{}, &Echo);
  EXPECT_TRUE(absl::IsUnavailable(other.Start("127.0.0.1", port_).status()));
  HttpServer bad_port(HttpServerOptions{}, &Echo);
  EXPECT_TRUE(
      absl::IsInvalidArgument(bad_port.Start("127.0.0.1", 70000).status()));
}

TEST_F(HttpServerTest, StopBeforeStartIsFine) {
  HttpServer never(HttpServerOptions{}, &Echo);
  never.Stop();
  EXPECT_EQ(never.port(), 0);
}

}  // namespace
}  // namespace msp_emulator
