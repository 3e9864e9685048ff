// Copyright 2026 The msp-gateway Authors.
//
// One Connection per accepted socket, each on its own strand, so its steps
// (read head, maybe 100 Continue, read body, handle, maybe wait, write) run
// one at a time on whichever event-loop thread is free. Nothing blocks: a
// delay is a steady_timer, reads and writes are asynchronous, and the
// handler is the emulator's in-memory work.

#include "emulator/http_server.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <iostream>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "boost/asio/bind_executor.hpp"
#include "boost/asio/dispatch.hpp"
#include "boost/asio/executor_work_guard.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/post.hpp"
#include "boost/asio/steady_timer.hpp"
#include "boost/asio/strand.hpp"
#include "boost/asio/write.hpp"
#include "boost/beast/core/error.hpp"
#include "boost/beast/core/flat_buffer.hpp"
#include "boost/beast/core/string.hpp"
#include "boost/beast/core/tcp_stream.hpp"
#include "boost/beast/http/error.hpp"
#include "boost/beast/http/field.hpp"
#include "boost/beast/http/parser.hpp"
#include "boost/beast/http/read.hpp"
#include "boost/beast/http/status.hpp"
#include "boost/beast/http/string_body.hpp"
#include "emulator/http_message.h"

namespace msp_emulator {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// How long a closing connection waits for the client to close its side
// (see Connection::LingeringClose()).
constexpr auto kLingerTime = std::chrono::seconds(2);
// How long to wait before accepting again when accept() fails (out of
// descriptors: let connections finish first).
constexpr auto kAcceptRetry = std::chrono::milliseconds(50);

std::chrono::steady_clock::duration ToChrono(absl::Duration d) {
  return absl::ToChronoNanoseconds(d);
}

std::string ReasonPhrase(int status) {
  const beast::string_view reason =
      http::obsolete_reason(http::int_to_status(static_cast<unsigned>(status)));
  if (reason.empty() || reason.front() == '<') return "Unknown";
  return std::string(reason);
}

// The errors for which the client sent something that is not HTTP (rather
// than going away): those get a 400.
bool IsMalformedRequest(const error_code& ec) {
  if (ec.category() !=
      http::make_error_code(http::error::bad_method).category()) {
    return false;
  }
  return ec != http::error::end_of_stream &&
         ec != http::error::partial_message && ec != http::error::short_read &&
         ec != http::error::stale_parser;
}

class Connection;

// What the connections share with the server.
class ServerCore {
 public:
  ServerCore(HttpServerOptions options, HttpServer::Handler handler)
      : options_(std::move(options)), handler_(std::move(handler)) {
    if (options_.threads < 1) options_.threads = 1;
  }

  const HttpServerOptions& options() const { return options_; }
  const HttpServer::Handler& handler() const { return handler_; }
  bool stopping() const { return stopping_.load(); }
  void set_stopping() { stopping_ = true; }

  void Register(const std::shared_ptr<Connection>& connection) {
    absl::MutexLock lock(&mu_);
    connections_.emplace(connection.get(), connection);
  }
  void Unregister(const Connection* connection) {
    absl::MutexLock lock(&mu_);
    connections_.erase(connection);
  }
  // The connections still alive. The caller drops the references outside
  // mu_: the last one runs ~Connection, which takes it.
  std::vector<std::shared_ptr<Connection>> Live() const {
    std::vector<std::shared_ptr<Connection>> live;
    absl::MutexLock lock(&mu_);
    live.reserve(connections_.size());
    for (const auto& [key, weak] : connections_) {
      if (std::shared_ptr<Connection> connection = weak.lock()) {
        live.push_back(std::move(connection));
      }
    }
    return live;
  }
  int64_t connection_count() const {
    absl::MutexLock lock(&mu_);
    return static_cast<int64_t>(connections_.size());
  }

  std::atomic<int64_t> delayed{0};
  std::atomic<int64_t> requests{0};

 private:
  HttpServerOptions options_;
  const HttpServer::Handler handler_;
  std::atomic<bool> stopping_{false};
  mutable absl::Mutex mu_;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> connections_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, Handler handler)
      : core_(std::move(options), std::move(handler)),
        acceptor_(asio::make_strand(io_)),
        accept_retry_(acceptor_.get_executor()) {}

  absl::StatusOr<int> Start(const std::string& host, int port);
  void Stop();
  int64_t ReleaseDelays();
  HttpServerStats stats() const;
  int port() const { return port_.load(); }

 private:
  void Accept();
  void OnAccept(const error_code& ec, tcp::socket socket);

  // Declared before io_: destroying the context destroys the handlers that
  // still own connections, which unregister themselves from the core.
  ServerCore core_;
  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>>
      work_;
  tcp::acceptor acceptor_;  // on its own strand, with accept_retry_
  asio::steady_timer accept_retry_;
  std::vector<std::thread> threads_;
  std::atomic<int> port_{0};

  absl::Mutex lifecycle_mu_;
  bool started_ ABSL_GUARDED_BY(lifecycle_mu_) = false;
};

namespace {

// Connection
//
// One client connection. Every member function runs on the connection's
// strand (Start(), Close() and Release() get there by posting).
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(ServerCore* server, tcp::socket socket)
      : server_(server),
        stream_(std::move(socket)),
        delay_(stream_.get_executor()) {}
  ~Connection() { server_->Unregister(this); }

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   [self = shared_from_this()] { self->ReadHeader(); });
  }
  void Close() {
    asio::post(stream_.get_executor(),
               [self = shared_from_this()] { self->CloseNow(); });
  }
  void Release() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->delaying_) self->delay_.cancel();
    });
  }

 private:
  const HttpServerOptions& options() const { return server_->options(); }

  void ReadHeader();
  void OnHeader(const error_code& ec);
  void ReadBody();
  void OnReadError(const error_code& ec);
  void Serve();
  void Carry(Answer answer);
  void OnDelayEnd();
  void Send(const HttpResponse& response, bool close);
  // Answers `status` with an empty body and closes.
  void Refuse(int status);
  // After the last answer: shuts down the sending side, then reads until
  // the client closes (or kLingerTime), so that unread request bytes do not
  // make the kernel reset the connection before the client read the answer.
  void LingeringClose();
  void Drain();
  // Closes with a TCP reset: the client sees ECONNRESET, no answer.
  void Reset();
  void CloseNow();

  ServerCore* const server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  asio::steady_timer delay_;
  bool delaying_ = false;
  Answer pending_;  // the answer waiting on delay_
  HttpRequest request_;
  bool keep_alive_ = true;
  bool http10_ = false;
  bool head_ = false;
  int served_ = 0;
  std::string out_;  // the bytes being written
  char drain_[4096];
};

void Connection::ReadHeader() {
  if (server_->stopping()) return CloseNow();
  parser_.emplace();
  parser_->body_limit(options().max_body_bytes);
  parser_->header_limit(static_cast<uint32_t>(options().max_header_bytes));
  stream_.expires_after(ToChrono(options().idle_timeout));
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](const error_code& ec, size_t) {
        self->OnHeader(ec);
      });
}

void Connection::OnHeader(const error_code& ec) {
  if (ec) return OnReadError(ec);
  if (parser_->get().target().size() > options().max_target_bytes) {
    return Refuse(414);
  }
  if (parser_->is_done()) return Serve();
  if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
    out_ = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(
        stream_, asio::buffer(out_),
        [self = shared_from_this()](const error_code& ec, size_t) {
          if (ec) return self->CloseNow();
          self->ReadBody();
        });
    return;
  }
  ReadBody();
}

void Connection::ReadBody() {
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](const error_code& ec, size_t) {
                     if (ec) return self->OnReadError(ec);
                     self->Serve();
                   });
}

void Connection::OnReadError(const error_code& ec) {
  if (ec == http::error::body_limit) return Refuse(413);
  if (ec == http::error::header_limit) return Refuse(431);
  if (IsMalformedRequest(ec) && !server_->stopping()) return Refuse(400);
  // The client went away, or was idle too long, or the server stops.
  CloseNow();
}

void Connection::Serve() {
  stream_.expires_never();
  ++server_->requests;
  ++served_;
  http::request<http::string_body>& message = parser_->get();
  request_ = HttpRequest();
  request_.method = std::string(message.method_string());
  const beast::string_view target = message.target();
  SetTarget(request_, absl::string_view(target.data(), target.size()));
  for (const auto& field : message) {
    request_.headers.emplace_back(std::string(field.name_string()),
                                  std::string(field.value()));
  }
  request_.body = std::move(message.body());
  keep_alive_ =
      message.keep_alive() && served_ < options().max_requests_per_connection;
  http10_ = message.version() < 11;
  head_ = message.method() == http::verb::head;
  parser_.reset();

  Answer answer;
  try {
    answer = server_->handler()(request_);
  } catch (const std::exception& e) {
    std::cerr << "msp_emulator: handler failed: " << e.what() << "\n";
    answer = Answer();
    answer.response.status = 500;
  }
  Carry(std::move(answer));
}

void Connection::Carry(Answer answer) {
  if (server_->stopping()) return CloseNow();
  if (answer.delay_ms > 0) {
    const int delay_ms = answer.delay_ms;
    pending_ = std::move(answer);
    pending_.delay_ms = 0;
    delaying_ = true;
    ++server_->delayed;
    delay_.expires_after(std::chrono::milliseconds(delay_ms));
    delay_.async_wait([self = shared_from_this()](const error_code&) {
      // Expired or released (cancelled): go on either way, unless the
      // server stops.
      self->OnDelayEnd();
    });
    return;
  }
  if (answer.then) {
    auto then = std::move(answer.then);
    Answer next;
    try {
      next = then(request_);
    } catch (const std::exception& e) {
      std::cerr << "msp_emulator: handler failed: " << e.what() << "\n";
      next.response.status = 500;
    }
    return Carry(std::move(next));
  }
  if (answer.reset) return Reset();
  Send(answer.response, !keep_alive_ || server_->stopping());
}

void Connection::OnDelayEnd() {
  delaying_ = false;
  --server_->delayed;
  Answer next = std::move(pending_);
  pending_ = Answer();
  Carry(std::move(next));
}

void Connection::Send(const HttpResponse& response, bool close) {
  const int status = response.status;
  out_ = absl::StrCat("HTTP/1.1 ", status, " ", ReasonPhrase(status), "\r\n");
  std::string content_type = response.content_type;
  if (content_type.empty() && !response.body.empty()) {
    content_type = "text/plain";
  }
  if (!content_type.empty()) {
    absl::StrAppend(&out_, "Content-Type: ", content_type, "\r\n");
  }
  for (const auto& [name, value] : response.headers) {
    absl::StrAppend(&out_, name, ": ", value, "\r\n");
  }
  const bool informational = status >= 100 && status < 200;
  if (!informational) {
    absl::StrAppend(&out_, "Content-Length: ", response.body.size(), "\r\n");
  }
  if (close) {
    absl::StrAppend(&out_, "Connection: close\r\n");
  } else {
    // HTTP/1.0 closes unless told otherwise.
    if (http10_) absl::StrAppend(&out_, "Connection: keep-alive\r\n");
    absl::StrAppend(&out_, "Keep-Alive: timeout=",
                    absl::ToInt64Seconds(options().idle_timeout),
                    ", max=", options().max_requests_per_connection, "\r\n");
  }
  out_ += "\r\n";
  if (!head_ && !informational && status != 204 && status != 304) {
    out_ += response.body;
  }
  stream_.expires_after(ToChrono(options().write_timeout));
  asio::async_write(
      stream_, asio::buffer(out_),
      [self = shared_from_this(), close](const error_code& ec, size_t) {
        if (ec) return self->CloseNow();
        if (close) return self->LingeringClose();
        self->ReadHeader();
      });
}

void Connection::Refuse(int status) {
  keep_alive_ = false;
  head_ = false;
  HttpResponse response;
  response.status = status;
  Send(response, true);
}

void Connection::LingeringClose() {
  error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTime);
  Drain();
}

void Connection::Drain() {
  stream_.async_read_some(
      asio::buffer(drain_),
      [self = shared_from_this()](const error_code& ec, size_t) {
        if (ec || self->server_->stopping()) return self->CloseNow();
        self->Drain();
      });
}

void Connection::Reset() {
  error_code ignored;
  stream_.socket().set_option(asio::socket_base::linger(true, 0), ignored);
  CloseNow();
}

void Connection::CloseNow() {
  delay_.cancel();
  stream_.close();
}

}  // namespace

absl::StatusOr<int> HttpServer::Impl::Start(const std::string& host, int port) {
  absl::MutexLock lock(&lifecycle_mu_);
  if (started_) return absl::FailedPreconditionError("server already started");
  if (port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("invalid port ", port));
  }
  started_ = true;

  const std::string unavailable =
      absl::StrCat("msp_emulator cannot listen on ", host, ":", port);
  error_code ec;
  tcp::resolver resolver(io_);
  const tcp::resolver::results_type endpoints = resolver.resolve(
      host, std::to_string(port),
      tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec)
    return absl::UnavailableError(
        absl::StrCat(unavailable, ": ", ec.message()));
  for (const auto& entry : endpoints) {
    error_code attempt;
    acceptor_.open(entry.endpoint().protocol(), attempt);
    // SO_REUSEADDR only: a restarted emulator can bind at once, but a port
    // another process listens on stays an error (no SO_REUSEPORT).
    if (!attempt) {
      acceptor_.set_option(asio::socket_base::reuse_address(true), attempt);
    }
    if (!attempt) acceptor_.bind(entry.endpoint(), attempt);
    if (!attempt) {
      acceptor_.listen(asio::socket_base::max_listen_connections, attempt);
    }
    if (!attempt) break;
    ec = attempt;
    error_code ignored;
    acceptor_.close(ignored);
  }
  if (!acceptor_.is_open()) {
    return absl::UnavailableError(
        absl::StrCat(unavailable, ec ? ": " + ec.message() : ""));
  }
  port_ = acceptor_.local_endpoint().port();

  work_.emplace(io_.get_executor());
  asio::post(acceptor_.get_executor(), [this] { Accept(); });
  threads_.reserve(core_.options().threads);
  for (int i = 0; i < core_.options().threads; ++i) {
    threads_.emplace_back([this] { io_.run(); });
  }
  return port_.load();
}

void HttpServer::Impl::Accept() {
  acceptor_.async_accept(asio::make_strand(io_),
                         [this](const error_code& ec, tcp::socket socket) {
                           OnAccept(ec, std::move(socket));
                         });
}

void HttpServer::Impl::OnAccept(const error_code& ec, tcp::socket socket) {
  if (core_.stopping() || ec == asio::error::operation_aborted) return;
  if (ec) {
    // Typically EMFILE: no descriptor left until connections close.
    accept_retry_.expires_after(kAcceptRetry);
    accept_retry_.async_wait([this](const error_code& wait) {
      if (!wait && !core_.stopping()) Accept();
    });
    return;
  }
  error_code ignored;
  // The answer is one write; without this a keep-alive client could still
  // wait for a delayed ACK on the request's last segment.
  socket.set_option(tcp::no_delay(true), ignored);
  auto connection = std::make_shared<Connection>(&core_, std::move(socket));
  core_.Register(connection);
  connection->Start();
  Accept();
}

void HttpServer::Impl::Stop() {
  absl::MutexLock lock(&lifecycle_mu_);
  if (!started_ || core_.stopping()) return;
  // Before the connections are listed: one accepted later sees the flag
  // when it starts and closes itself.
  core_.set_stopping();
  asio::post(acceptor_.get_executor(), [this] {
    error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
  });
  for (const std::shared_ptr<Connection>& connection : core_.Live()) {
    connection->Close();
  }
  work_.reset();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

int64_t HttpServer::Impl::ReleaseDelays() {
  const int64_t waiting = core_.delayed.load();
  for (const std::shared_ptr<Connection>& connection : core_.Live()) {
    connection->Release();
  }
  return waiting;
}

HttpServerStats HttpServer::Impl::stats() const {
  HttpServerStats stats;
  stats.threads = core_.options().threads;
  stats.connections = core_.connection_count();
  stats.delayed = core_.delayed.load();
  stats.requests = core_.requests.load();
  return stats;
}

HttpServer::HttpServer(HttpServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() { Stop(); }

absl::StatusOr<int> HttpServer::Start(const std::string& host, int port) {
  return impl_->Start(host, port);
}

void HttpServer::Stop() { impl_->Stop(); }

int64_t HttpServer::ReleaseDelays() { return impl_->ReleaseDelays(); }

HttpServerStats HttpServer::stats() const { return impl_->stats(); }

int HttpServer::port() const { return impl_->port(); }

}  // namespace msp_emulator
