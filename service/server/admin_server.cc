// Copyright 2026 The msp-gateway Authors.

#include "service/server/admin_server.h"

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
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "httplib.h"

namespace msp_gateway {

// cpp-httplib as a parser and router only: process_request() reads one
// request from a Stream, calls the handler and writes the answer. Its
// listen loop and thread pool are not used (see admin_server.h).
class AdminHttp : public httplib::Server {
 public:
  void ServeOne(httplib::Stream& stream) {
    bool connection_closed = false;
    process_request(stream, /*close_connection=*/true, connection_closed,
                    nullptr);
  }
};

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

// A request whose head the poller has read: reads come from that buffer and
// end there (workers never wait on the client); writes wait for the socket
// at most until `deadline`.
class HeadStream : public httplib::Stream {
 public:
  HeadStream(int fd, absl::string_view head, std::string peer_ip, int peer_port,
             absl::Time deadline)
      : fd_(fd),
        head_(head),
        peer_ip_(std::move(peer_ip)),
        peer_port_(peer_port),
        deadline_(deadline) {}

  bool is_readable() const override { return pos_ < head_.size(); }
  bool is_writable() const override { return absl::Now() < deadline_; }

  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, head_.size() - pos_);
    std::copy_n(head_.data() + pos_, n, ptr);
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
  // high descriptor, normal in a busy gateway, must not fail a probe.
  socket_t socket() const override {
    return fd_ < FD_SETSIZE ? fd_ : INVALID_SOCKET;
  }

 private:
  const int fd_;
  const absl::string_view head_;
  size_t pos_ = 0;
  const std::string peer_ip_;
  const int peer_port_;
  const absl::Time deadline_;
};

// Best effort, never blocks: for connections refused before httplib sees
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
constexpr absl::string_view kTooLarge =
    "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n"
    "Connection: close\r\n\r\n";

}  // namespace

AdminServer::AdminServer(const GatewayMetrics& metrics,
                         AdminServerOptions options)
    : metrics_(metrics),
      options_(std::move(options)),
      http_(std::make_unique<AdminHttp>()) {
  http_->Get("/metrics",
             [this](const httplib::Request&, httplib::Response& res) {
               res.set_content(metrics_.RenderPrometheus(),
                               "text/plain; version=0.0.4; charset=utf-8");
             });
  http_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  http_->Get("/readyz",
             [this](const httplib::Request&, httplib::Response& res) {
               if (ready()) {
                 res.set_content("ready\n", "text/plain");
               } else {
                 res.status = 503;
                 res.set_content("not ready\n", "text/plain");
               }
             });
}

AdminServer::~AdminServer() { Stop(); }

absl::StatusOr<int> AdminServer::Start(const std::string& host, int port) {
  const auto fail = [&](absl::string_view why) {
    return absl::UnavailableError(absl::StrCat("cannot listen on admin port ",
                                               host, ":", port, ": ", why));
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

void AdminServer::Stop() {
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

void AdminServer::PollLoop() {
  struct Pending {
    int fd;
    std::string ip;
    int port;
    absl::Time deadline;
    std::string head;
  };
  // In accept order, so the front of each address's run is its oldest.
  std::vector<Pending> pending;
  absl::flat_hash_map<std::string, int> per_client;
  absl::Time accept_paused_until = absl::InfinitePast();
  std::vector<pollfd> fds;

  const auto drop = [&](size_t i, absl::string_view response) {
    Pending& p = pending[i];
    if (p.fd < 0) return;
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

    // Read what the pending clients sent; hand over complete heads.
    for (size_t i = 0; i < pending.size(); ++i) {
      Pending& p = pending[i];
      const short events = fds[i + 2].revents;
      if (events == 0) continue;
      bool closed = (events & POLLNVAL) != 0;
      while (!closed && p.head.size() < options_.max_request_bytes) {
        char buf[4096];
        const size_t want =
            std::min(sizeof(buf), options_.max_request_bytes - p.head.size());
        const ssize_t n = recv(p.fd, buf, want, MSG_DONTWAIT);
        if (n > 0) {
          p.head.append(buf, static_cast<size_t>(n));
          continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        closed = true;  // EOF or error.
      }
      if (p.head.find("\r\n\r\n") != std::string::npos) {
        const int fd = p.fd;
        std::string head = std::move(p.head);
        std::string ip = p.ip;
        const int port = p.port;
        p.fd = -1;
        if (--per_client[p.ip] == 0) per_client.erase(p.ip);
        // The closure is copied into the pool's queue; share the buffer.
        auto shared = std::make_shared<std::string>(std::move(head));
        if (!workers_->TrySubmit([this, fd, shared, ip, port] {
              Serve(fd, *shared, ip, port);
            })) {
          SendAndClose(fd, kBusy);
        }
      } else if (closed) {
        drop(i, "");
      } else if (p.head.size() >= options_.max_request_bytes) {
        drop(i, kTooLarge);
      }
    }
    // Too slow: the whole head is due request_timeout after accept.
    for (size_t i = 0; i < pending.size(); ++i) {
      if (pending[i].fd >= 0 && pending[i].deadline <= now) drop(i, "");
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
        Pending p{fd, "", 0, now + options_.request_timeout, ""};
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

void AdminServer::Serve(int fd, const std::string& head,
                        const std::string& peer_ip, int peer_port) {
  HeadStream stream(fd, head, peer_ip, peer_port,
                    absl::Now() + options_.write_timeout);
  http_->ServeOne(stream);
  // Half-close first so the client reads the whole answer before EOF.
  shutdown(fd, SHUT_WR);
  close(fd);
}

}  // namespace msp_gateway
