// Copyright 2026 The msp-gateway Authors.

#include "service/http/bounded_request_reader.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "httplib.h"

namespace msp_gateway {
namespace {

int RemainingMs(absl::Time deadline) {
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  return static_cast<int>(std::min<int64_t>(
      absl::ToInt64Milliseconds(absl::Ceil(left, absl::Milliseconds(1))),
      60 * 1000));
}

void PeerAddress(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(addr);
    inet_ntop(AF_INET, &in.sin_addr, text, sizeof(text));
    port = ntohs(in.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(addr);
    inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof(text));
    port = ntohs(in6.sin6_port);
  } else {
    port = 0;
  }
  ip = text;
}

// A request the poller has read: reads come from that buffer and end there
// (workers never wait on the client); writes wait for the socket at most
// until `deadline`.
class BufferedStream : public httplib::Stream {
 public:
  BufferedStream(int fd, absl::string_view request, std::string peer_ip,
                 int peer_port, absl::Time deadline)
      : fd_(fd),
        request_(request),
        peer_ip_(std::move(peer_ip)),
        peer_port_(peer_port),
        deadline_(deadline) {}

  bool is_readable() const override { return pos_ < request_.size(); }
  bool is_writable() const override { return absl::Now() < deadline_; }

  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, request_.size() - pos_);
    std::copy_n(request_.data() + pos_, n, ptr);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    while (true) {
      const ssize_t n = send(fd_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n >= 0) return n;
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      pollfd p{fd_, POLLOUT, 0};
      const int timeout = RemainingMs(deadline_);
      if (timeout == 0 || poll(&p, 1, timeout) <= 0) return -1;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = peer_ip_;
    port = peer_port_;
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ip.clear();
      port = 0;
      return;
    }
    PeerAddress(addr, ip, port);
  }

  // httplib's server uses socket() only to refuse descriptors select() cannot
  // watch (>= FD_SETSIZE, answered 500). This stream never select()s, so a
  // high descriptor, normal in a busy gateway, must not fail a request.
  socket_t socket() const override {
    return fd_ < FD_SETSIZE ? fd_ : INVALID_SOCKET;
  }

 private:
  const int fd_;
  const absl::string_view request_;
  size_t pos_ = 0;
  const std::string peer_ip_;
  const int peer_port_;
  const absl::Time deadline_;
};

// Best effort, never blocks: for connections refused before a worker sees
// them.
void SendAndClose(int fd, absl::string_view response) {
  if (!response.empty()) {
    (void)send(fd, response.data(), response.size(),
               MSG_NOSIGNAL | MSG_DONTWAIT);
  }
  close(fd);
}

constexpr absl::string_view kBusy =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
    "Connection: close\r\n\r\n";
constexpr absl::string_view kHeadTooLarge =
    "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n"
    "Connection: close\r\n\r\n";
constexpr absl::string_view kBodyTooLarge =
    "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n"
    "Connection: close\r\n\r\n";
constexpr absl::string_view kLengthRequired =
    "HTTP/1.1 411 Length Required\r\nContent-Length: 0\r\n"
    "Connection: close\r\n\r\n";
constexpr absl::string_view kBadRequest =
    "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
    "Connection: close\r\n\r\n";
constexpr absl::string_view kTimeout =
    "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n"
    "Connection: close\r\n\r\n";

// Where a request being read stands.
enum class ReadState {
  kIncomplete,
  kComplete,
  kHeadTooLarge,
  kBodyTooLarge,
  kLengthRequired,  // Transfer-Encoding: the body's end is not known up front
  kBadRequest,      // a Content-Length that is not one number
};

}  // namespace

BoundedRequestReader::BoundedRequestReader(BoundedRequestReaderOptions options,
                                           ServeFn serve, RefusedFn refused)
    : options_(std::move(options)),
      serve_(std::move(serve)),
      refused_(std::move(refused)) {}

BoundedRequestReader::~BoundedRequestReader() { Stop(); }

absl::StatusOr<int> BoundedRequestReader::Start(const std::string& host,
                                                int port) {
  const auto fail = [&](absl::string_view why) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options_.name, " ", host, ":", port, ": ", why));
  };
  if (poller_.joinable()) return fail("already started");
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(),
                                 service.c_str(), &hints, &found);
      rc != 0) {
    return fail(gai_strerror(rc));
  }
  std::string why = "no address";
  for (addrinfo* ai = found; ai != nullptr && listen_fd_ < 0;
       ai = ai->ai_next) {
    const int fd =
        socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
               ai->ai_protocol);
    if (fd < 0) continue;
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 128) == 0) {
      listen_fd_ = fd;
    } else {
      why = strerror(errno);
      close(fd);
    }
  }
  freeaddrinfo(found);
  if (listen_fd_ < 0) return fail(why);
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &len);
  std::string ip;
  int bound_port = 0;
  PeerAddress(bound, ip, bound_port);

  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    close(listen_fd_);
    listen_fd_ = -1;
    return fail("eventfd failed");
  }
  stopping_.store(false);
  workers_ = std::make_unique<WorkerPool>(options_.worker_threads,
                                          options_.worker_queue);
  poller_ = std::thread([this] { PollLoop(); });
  return bound_port;
}

void BoundedRequestReader::Stop() {
  if (!poller_.joinable()) return;
  stopping_.store(true);
  const uint64_t one = 1;
  (void)write(wake_fd_, &one, sizeof(one));
  poller_.join();
  // The poller hands no more work over; let the workers answer theirs (each
  // bounded by write_timeout).
  workers_->Shutdown();
  workers_.reset();
  close(wake_fd_);
  wake_fd_ = -1;
}

void BoundedRequestReader::PollLoop() {
  struct Pending {
    int fd;
    std::string ip;
    int port;
    absl::Time deadline;
    std::string request;
    size_t head_end = 0;  // 0 until the head is complete
    size_t body_length = 0;
  };
  const bool head_only = options_.framing == RequestFraming::kHeadOnly;
  const size_t max_head = options_.max_head_bytes;
  const size_t max_body = options_.max_body_bytes;
  // Once the head is in, its Content-Length (kContentLength) says where the
  // request ends.
  const auto check = [&](Pending& p) -> ReadState {
    if (p.head_end == 0) {
      const size_t end = p.request.find("\r\n\r\n");
      if (end == std::string::npos) {
        return p.request.size() >= max_head ? ReadState::kHeadTooLarge
                                            : ReadState::kIncomplete;
      }
      if (end + 4 > max_head) return ReadState::kHeadTooLarge;
      const absl::string_view head =
          head_only ? absl::string_view()
                    : absl::string_view(p.request).substr(0, end);
      bool has_length = false;
      for (absl::string_view line :
           absl::StrSplit(head, "\r\n", absl::SkipEmpty())) {
        const size_t colon = line.find(':');
        if (colon == absl::string_view::npos) continue;
        const absl::string_view name = line.substr(0, colon);
        const absl::string_view value =
            absl::StripAsciiWhitespace(line.substr(colon + 1));
        if (absl::EqualsIgnoreCase(name, "Transfer-Encoding")) {
          return ReadState::kLengthRequired;
        }
        if (absl::EqualsIgnoreCase(name, "Content-Length")) {
          size_t length = 0;
          if (has_length || value.empty() ||
              !std::all_of(value.begin(), value.end(),
                           [](char c) { return c >= '0' && c <= '9'; })) {
            return ReadState::kBadRequest;
          }
          if (value.size() > 12 || !absl::SimpleAtoi(value, &length) ||
              length > max_body) {
            return ReadState::kBodyTooLarge;
          }
          has_length = true;
          p.body_length = length;
        }
      }
      p.head_end = end + 4;
    }
    return p.request.size() >= p.head_end + p.body_length
               ? ReadState::kComplete
               : ReadState::kIncomplete;
  };
  // kHeadOnly reads on past a complete head while the socket has bytes.
  const auto keep_reading = [&](const Pending& p, ReadState state) {
    return state == ReadState::kIncomplete ||
           (head_only && state == ReadState::kComplete &&
            p.request.size() < max_head);
  };

  // In accept order, so the front of each address's run is its oldest.
  std::vector<Pending> pending;
  absl::flat_hash_map<std::string, int> per_client;
  absl::Time accept_paused_until = absl::InfinitePast();
  std::vector<pollfd> fds;

  const auto drop = [&](size_t i, absl::string_view response) {
    Pending& p = pending[i];
    if (p.fd < 0) return;
    if (!p.request.empty() && refused_) refused_(p.request);
    SendAndClose(p.fd, response);
    p.fd = -1;
    if (--per_client[p.ip] == 0) per_client.erase(p.ip);
  };
  const auto evict_oldest = [&](const std::string* ip) {
    for (size_t i = 0; i < pending.size(); ++i) {
      if (pending[i].fd >= 0 && (ip == nullptr || pending[i].ip == *ip)) {
        drop(i, "");
        return;
      }
    }
  };
  const auto compact = [&] {
    pending.erase(std::remove_if(pending.begin(), pending.end(),
                                 [](const Pending& p) { return p.fd < 0; }),
                  pending.end());
  };

  while (!stopping_.load()) {
    absl::Time now = absl::Now();
    const bool accepting = now >= accept_paused_until;
    fds.clear();
    fds.push_back({wake_fd_, POLLIN, 0});
    fds.push_back({accepting ? listen_fd_ : -1, POLLIN, 0});
    absl::Time next = accepting ? absl::InfiniteFuture() : accept_paused_until;
    for (const Pending& p : pending) {
      fds.push_back({p.fd, POLLIN, 0});
      next = std::min(next, p.deadline);
    }
    const int timeout =
        next == absl::InfiniteFuture() ? -1 : std::max(1, RemainingMs(next));
    if (poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) break;
    if (stopping_.load()) break;
    now = absl::Now();

    // Read what the pending clients sent; hand over complete requests.
    for (size_t i = 0; i < pending.size(); ++i) {
      Pending& p = pending[i];
      const short events = fds[i + 2].revents;
      if (events == 0) continue;
      bool closed = (events & POLLNVAL) != 0;
      ReadState state = check(p);
      while (!closed && keep_reading(p, state)) {
        const size_t limit = head_only || p.head_end == 0
                                 ? max_head
                                 : p.head_end + p.body_length;
        char buf[4096];
        const size_t want = std::min(sizeof(buf), limit - p.request.size());
        const ssize_t n = recv(p.fd, buf, want, MSG_DONTWAIT);
        if (n > 0) {
          p.request.append(buf, static_cast<size_t>(n));
          state = check(p);
          continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        closed = true;  // EOF or error.
      }
      switch (state) {
        case ReadState::kComplete: {
          const int fd = p.fd;
          // Bytes past the request (pipelining) are not served.
          if (!head_only) p.request.resize(p.head_end + p.body_length);
          // The closure is copied into the pool's queue; share the buffer.
          auto shared = std::make_shared<std::string>(std::move(p.request));
          std::string ip = p.ip;
          const int port = p.port;
          p.fd = -1;
          if (--per_client[p.ip] == 0) per_client.erase(p.ip);
          if (!workers_->TrySubmit([this, fd, shared, ip, port] {
                Serve(fd, *shared, ip, port);
              })) {
            if (refused_) refused_(*shared);
            SendAndClose(fd, kBusy);
          }
          break;
        }
        case ReadState::kHeadTooLarge:
          drop(i, kHeadTooLarge);
          break;
        case ReadState::kBodyTooLarge:
          drop(i, kBodyTooLarge);
          break;
        case ReadState::kLengthRequired:
          drop(i, kLengthRequired);
          break;
        case ReadState::kBadRequest:
          drop(i, kBadRequest);
          break;
        case ReadState::kIncomplete:
          if (closed) drop(i, "");
          break;
      }
    }
    // Too slow: the whole request is due read_timeout after accept.
    for (size_t i = 0; i < pending.size(); ++i) {
      if (pending[i].fd >= 0 && pending[i].deadline <= now) {
        drop(i, options_.answer_timeout && !pending[i].request.empty()
                    ? kTimeout
                    : "");
      }
    }
    compact();

    if (accepting && (fds[1].revents & POLLIN) != 0) {
      // Bounded, so the pending clients are read between bursts.
      for (int burst = 0; burst < 64; ++burst) {
        sockaddr_storage addr{};
        socklen_t len = sizeof(addr);
        const int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr),
                               &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
          if (errno == EINTR || errno == ECONNABORTED) continue;
          if (errno != EAGAIN && errno != EWOULDBLOCK) {
            // EMFILE and the like: the connection stays in the backlog and
            // the port stays readable; wait instead of spinning.
            accept_paused_until = now + absl::Milliseconds(50);
          }
          break;
        }
        Pending p{fd, "", 0, now + options_.read_timeout, ""};
        PeerAddress(addr, p.ip, p.port);
        if (per_client[p.ip] >= options_.max_connections_per_client) {
          evict_oldest(&p.ip);
        }
        if (static_cast<int>(pending.size()) >=
            options_.max_pending_connections) {
          compact();  // Evicted entries still take a slot until compacted.
          if (static_cast<int>(pending.size()) >=
              options_.max_pending_connections) {
            evict_oldest(nullptr);
          }
        }
        ++per_client[p.ip];
        pending.push_back(std::move(p));
      }
      compact();
    }
  }

  for (size_t i = 0; i < pending.size(); ++i) drop(i, "");
  close(listen_fd_);
  listen_fd_ = -1;
}

void BoundedRequestReader::Serve(int fd, const std::string& request,
                                 const std::string& peer_ip, int peer_port) {
  BufferedStream stream(fd, request, peer_ip, peer_port,
                        absl::Now() + options_.write_timeout);
  serve_(stream);
  // Half-close first so the client reads the whole answer before EOF.
  shutdown(fd, SHUT_WR);
  close(fd);
}

}  // namespace msp_gateway
