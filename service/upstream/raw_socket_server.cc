// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/raw_socket_server.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace msp_gateway {
namespace {

// Every wait is sliced so a stopping server is noticed within this.
constexpr int kSliceMs = 50;

// poll() for `events` for at most one slice or until `deadline`.
// Returns poll()'s result (0 = nothing yet).
int PollSlice(int fd, short events, absl::Time deadline) {
  const int64_t left_ms = absl::ToInt64Milliseconds(deadline - absl::Now());
  const int wait_ms = static_cast<int>(
      std::max<int64_t>(0, std::min<int64_t>(left_ms, kSliceMs)));
  pollfd pfd = {fd, events, 0};
  return poll(&pfd, 1, wait_ms);
}

// The Content-Length of a request head, or 0.
size_t ContentLength(absl::string_view head) {
  for (absl::string_view line : absl::StrSplit(head, "\r\n")) {
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos) continue;
    if (!absl::EqualsIgnoreCase(line.substr(0, colon), "content-length")) {
      continue;
    }
    size_t length = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(colon + 1)),
                         &length)) {
      return length;
    }
  }
  return 0;
}

}  // namespace

std::string RawConnection::ReadRequest(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  std::string data;
  size_t wanted = std::string::npos;  // Head + body size, once known.
  char buf[4096];
  while (data.size() < wanted) {
    if (stopping_->load() || absl::Now() >= deadline) return "";
    const int ready = PollSlice(fd_, POLLIN, deadline);
    if (ready < 0 && errno != EINTR) return "";
    if (ready <= 0) continue;
    const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) return "";
    data.append(buf, static_cast<size_t>(n));
    if (wanted == std::string::npos) {
      const size_t end = data.find("\r\n\r\n");
      if (end != std::string::npos) {
        wanted =
            end + 4 + ContentLength(absl::string_view(data).substr(0, end));
      }
    }
  }
  return data;
}

bool RawConnection::Write(absl::string_view bytes) {
  absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (!bytes.empty()) {
    if (stopping_->load() || absl::Now() >= give_up) return false;
    const int ready = PollSlice(fd_, POLLOUT, give_up);
    if (ready < 0 && errno != EINTR) return false;
    if (ready <= 0) continue;
    const ssize_t n =
        send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      return false;  // EPIPE / ECONNRESET: the client is gone.
    }
    bytes.remove_prefix(static_cast<size_t>(n));
    bytes_written_ += static_cast<size_t>(n);
    give_up = absl::Now() + absl::Seconds(10);  // Progress: a fresh budget.
  }
  return true;
}

bool RawConnection::WaitForClientClose(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  char buf[4096];
  while (!stopping_->load() && absl::Now() < deadline) {
    const int ready = PollSlice(fd_, POLLIN, deadline);
    if (ready < 0 && errno != EINTR) return true;
    if (ready <= 0) continue;
    const ssize_t n = recv(fd_, buf, sizeof(buf), MSG_DONTWAIT);
    if (n == 0) return true;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      return true;  // Reset.
    }
  }
  return false;
}

void RawConnection::SetSendBuffer(int bytes) {
  setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes));
}

RawSocketServer::RawSocketServer(Handler handler)
    : handler_(std::move(handler)) {}

RawSocketServer::~RawSocketServer() {
  stopping_.store(true);
  if (thread_.joinable()) thread_.join();
  if (listener_ >= 0) close(listener_);
}

bool RawSocketServer::Start() {
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0) return false;
  sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(listener_, 16) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return false;
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
  return true;
}

std::string RawSocketServer::base_url() const {
  return absl::StrCat("http://127.0.0.1:", port_, "/v1/json");
}

void RawSocketServer::Serve() {
  while (!stopping_.load()) {
    pollfd pfd = {listener_, POLLIN, 0};
    if (poll(&pfd, 1, kSliceMs) != 1) continue;
    const int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    accepted_.fetch_add(1);
    RawConnection connection(fd, &stopping_);
    handler_(connection);
    close(fd);
  }
}

}  // namespace msp_gateway
