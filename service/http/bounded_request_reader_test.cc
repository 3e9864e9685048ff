// Copyright 2026 The msp-gateway Authors.

#include "service/http/bounded_request_reader.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "tests/harness/loopback_socket.h"

namespace msp_gateway {
namespace {

using ::msp_gateway::harness::SendAll;

int Connect(int port) { return harness::ConnectLoopback(port); }

// What the server sent until it closed `fd`. A generous guard only, so that
// a broken server fails the test instead of hanging it.
std::string ReadToClose(int fd) {
  std::string received;
  const absl::Time guard = absl::Now() + absl::Seconds(30);
  while (absl::Now() < guard) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    const ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      break;  // ECONNRESET.
    }
    received.append(buf, static_cast<size_t>(n));
  }
  return received;
}

// The status line of an answer, or "" when the server closed without one.
std::string StatusLine(const std::string& answer) {
  return answer.substr(0, answer.find("\r\n"));
}

// Serves by echoing the whole request it got as the body of a 200.
class ReaderTest : public ::testing::Test {
 protected:
  void StartReader(BoundedRequestReaderOptions options) {
    reader_ = std::make_unique<BoundedRequestReader>(
        std::move(options),
        [](httplib::Stream& stream) {
          std::string request;
          char buf[1024];
          while (stream.is_readable()) {
            const ssize_t n = stream.read(buf, sizeof(buf));
            if (n <= 0) break;
            request.append(buf, static_cast<size_t>(n));
          }
          const std::string answer = absl::StrCat(
              "HTTP/1.1 200 OK\r\nContent-Length: ", request.size(), "\r\n\r\n",
              request);
          stream.write(answer.data(), answer.size());
        },
        [this](absl::string_view request) {
          absl::MutexLock lock(&mu_);
          refused_.emplace_back(request);
        });
    absl::StatusOr<int> port = reader_->Start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
  }

  // Sends `request` on a new connection and returns the whole answer.
  std::string Exchange(const std::string& request) {
    const int fd = Connect(port_);
    EXPECT_GE(fd, 0);
    if (fd < 0) return "";
    EXPECT_TRUE(SendAll(fd, request));
    std::string answer = ReadToClose(fd);
    close(fd);
    return answer;
  }

  std::vector<std::string> Refused() {
    absl::MutexLock lock(&mu_);
    return refused_;
  }

  static BoundedRequestReaderOptions WithBody() {
    BoundedRequestReaderOptions options;
    options.name = "test port";
    options.framing = RequestFraming::kContentLength;
    options.max_head_bytes = 1024;
    options.max_body_bytes = 100;
    // Long enough never to be met unless a test waits for it.
    options.read_timeout = absl::Seconds(60);
    return options;
  }

  std::unique_ptr<BoundedRequestReader> reader_;
  int port_ = 0;
  absl::Mutex mu_;
  std::vector<std::string> refused_;
};

constexpr char kHead[] =
    "POST /n HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n";

TEST_F(ReaderTest, TheWholeRequestSentInPiecesIsServed) {
  StartReader(WithBody());
  const int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "POST /n HTTP/1.1\r\nHo"));
  ASSERT_TRUE(SendAll(fd, "st: x\r\nContent-Length: 5\r\n\r\nhe"));
  ASSERT_TRUE(SendAll(fd, "llo"));
  const std::string answer = ReadToClose(fd);
  close(fd);
  EXPECT_EQ(StatusLine(answer), "HTTP/1.1 200 OK");
  EXPECT_EQ(answer.substr(answer.find("\r\n\r\n") + 4),
            std::string(kHead) + "hello");
  EXPECT_TRUE(Refused().empty());
}

TEST_F(ReaderTest, BytesPastTheRequestAreNotServed) {
  StartReader(WithBody());
  const std::string answer =
      Exchange(std::string(kHead) + "helloGET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(answer.substr(answer.find("\r\n\r\n") + 4),
            std::string(kHead) + "hello");
}

TEST_F(ReaderTest, ARequestNotCompleteInTimeIsAnswered408) {
  BoundedRequestReaderOptions options = WithBody();
  options.read_timeout = absl::Milliseconds(200);
  StartReader(options);
  // The head is in, the body never comes.
  const int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, std::string(kHead) + "he"));
  EXPECT_EQ(StatusLine(ReadToClose(fd)), "HTTP/1.1 408 Request Timeout");
  close(fd);
  EXPECT_EQ(Refused(), std::vector<std::string>{std::string(kHead) + "he"});

  // A connection that sent nothing is closed without an answer.
  const int idle = Connect(port_);
  ASSERT_GE(idle, 0);
  EXPECT_EQ(ReadToClose(idle), "");
  close(idle);
}

TEST_F(ReaderTest, AContentLengthOverTheLimitIs413BeforeTheBody) {
  StartReader(WithBody());
  // The body is never sent: the answer comes from the head alone, long
  // before read_timeout.
  EXPECT_EQ(
      StatusLine(Exchange("POST /n HTTP/1.1\r\nContent-Length: 101\r\n\r\n")),
      "HTTP/1.1 413 Payload Too Large");
  EXPECT_EQ(StatusLine(Exchange(
                "POST /n HTTP/1.1\r\nContent-Length: 99999999999999\r\n\r\n")),
            "HTTP/1.1 413 Payload Too Large");
  // At the limit it is read and served.
  EXPECT_EQ(
      StatusLine(Exchange("POST /n HTTP/1.1\r\nContent-Length: 100\r\n\r\n" +
                          std::string(100, 'b'))),
      "HTTP/1.1 200 OK");
  EXPECT_EQ(Refused().size(), 2u);
}

TEST_F(ReaderTest, ABadContentLengthIs400) {
  StartReader(WithBody());
  for (const char* length : {"Content-Length: 5a", "Content-Length: -1",
                             "Content-Length:", "Content-Length: 1 2",
                             "Content-Length: 1\r\nContent-Length: 1"}) {
    EXPECT_EQ(StatusLine(Exchange(
                  absl::StrCat("POST /n HTTP/1.1\r\n", length, "\r\n\r\n"))),
              "HTTP/1.1 400 Bad Request")
        << length;
  }
}

TEST_F(ReaderTest, ChunkedIs411AndAnOversizedHeadIs431) {
  StartReader(WithBody());
  EXPECT_EQ(StatusLine(Exchange(
                "POST /n HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")),
            "HTTP/1.1 411 Length Required");
  // Exactly max_head_bytes without the blank line, so that nothing is left
  // unread (which would reset the connection before the answer is read).
  std::string head = "GET /n HTTP/1.1\r\nX: ";
  head.resize(1024, 'a');
  EXPECT_EQ(StatusLine(Exchange(head)),
            "HTTP/1.1 431 Request Header Fields Too Large");
}

TEST_F(ReaderTest, HeadOnlyEndsWithTheHeadAndTimesOutSilently) {
  BoundedRequestReaderOptions options = WithBody();
  options.framing = RequestFraming::kHeadOnly;
  options.max_body_bytes = 0;
  options.answer_timeout = false;
  options.read_timeout = absl::Milliseconds(200);
  StartReader(options);
  // A Content-Length is not waited for (nor refused): the head is the
  // request.
  const int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "GET / HTTP/1.1\r\nContent-Length: 500\r\n\r\n"));
  std::string answer = ReadToClose(fd);
  close(fd);
  EXPECT_EQ(StatusLine(answer), "HTTP/1.1 200 OK");
  EXPECT_EQ(answer.substr(answer.find("\r\n\r\n") + 4),
            "GET / HTTP/1.1\r\nContent-Length: 500\r\n\r\n");

  // An incomplete head is closed at the deadline without an answer.
  const int slow = Connect(port_);
  ASSERT_GE(slow, 0);
  ASSERT_TRUE(SendAll(slow, "GET / HTTP/1.1\r\n"));
  EXPECT_EQ(ReadToClose(slow), "");
  close(slow);
}

TEST_F(ReaderTest, TheOldestConnectionOfAClientIsEvictedPastItsLimit) {
  BoundedRequestReaderOptions options = WithBody();
  options.max_connections_per_client = 1;
  StartReader(options);
  const int first = Connect(port_);
  ASSERT_GE(first, 0);
  ASSERT_TRUE(SendAll(first, "GET / HT"));
  // The second connection from 127.0.0.1 closes the first, unanswered,
  // and is itself served.
  const int second = Connect(port_);
  ASSERT_GE(second, 0);
  EXPECT_EQ(ReadToClose(first), "");
  close(first);
  ASSERT_TRUE(SendAll(second, "GET / HTTP/1.1\r\n\r\n"));
  EXPECT_EQ(StatusLine(ReadToClose(second)), "HTTP/1.1 200 OK");
  close(second);
}

TEST_F(ReaderTest, StartTwiceAndStopTwice) {
  StartReader(WithBody());
  absl::StatusOr<int> again = reader_->Start("127.0.0.1", 0);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(again.status().message().find("cannot listen on test port"),
            absl::string_view::npos)
      << again.status();
  reader_->Stop();
  reader_->Stop();
  EXPECT_LT(Connect(port_), 0);
}

}  // namespace
}  // namespace msp_gateway
