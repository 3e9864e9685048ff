// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/asio_transport.h"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <pthread.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "boost/asio/connect.hpp"
#include "boost/asio/executor_work_guard.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/address.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/post.hpp"
#include "boost/asio/ssl/context.hpp"
#include "boost/asio/ssl/error.hpp"
#include "boost/asio/ssl/stream.hpp"
#include "boost/asio/steady_timer.hpp"
#include "boost/beast/core/flat_buffer.hpp"
#include "boost/beast/http/error.hpp"
#include "boost/beast/http/field.hpp"
#include "boost/beast/http/message.hpp"
#include "boost/beast/http/parser.hpp"
#include "boost/beast/http/string_body.hpp"
#include "boost/beast/http/write.hpp"
#include "service/upstream/http_url.h"
#include "service/upstream/transport_errors.h"

namespace msp_gateway {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

// The largest status line plus headers accepted. MultiSafepay's are well
// under 2 KiB; a bigger head is refused like a too large body.
constexpr uint32_t kMaxHeaderBytes = 64 * 1024;
// Bytes asked of the socket per read.
constexpr size_t kReadSize = 16 * 1024;

// Finds the transport's state from inside OpenSSL callbacks.
int ContextExIndex() {
  static const int index =
      SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// One connection to the upstream: a TCP socket, with TLS on top for https.
// Not movable (the TLS stream refers to the socket); owned by one call at a
// time, or by the idle pool.
class Connection {
 public:
  Connection(asio::io_context& io, ssl::context* tls_context) : socket_(io) {
    if (tls_context != nullptr) tls_.emplace(socket_, *tls_context);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  tcp::socket& socket() { return socket_; }
  // The TLS stream, or null for plain http.
  ssl::stream<tcp::socket&>* tls() { return tls_ ? &*tls_ : nullptr; }

  // Calls fn(stream) with the stream the HTTP bytes travel on.
  template <typename Fn>
  void WithStream(Fn&& fn) {
    if (tls_) {
      fn(*tls_);
    } else {
      fn(socket_);
    }
  }

  // Closing makes every pending operation complete at once with
  // operation_aborted. The object itself must outlive those operations.
  // (No TLS close_notify: the peer may be gone, and waiting for it would
  // hold the call.)
  void Close() {
    error_code ignored;
    socket_.close(ignored);
  }

  // Whether an idle connection can carry another request: still open, the
  // peer has not closed it (no EOF, no reset) and sent nothing unasked.
  bool Reusable() {
    if (!socket_.is_open()) return false;
    char byte;
    const ssize_t n = recv(socket_.native_handle(), &byte, 1,
                           MSG_PEEK | MSG_DONTWAIT | MSG_NOSIGNAL);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }

 private:
  tcp::socket socket_;
  std::optional<ssl::stream<tcp::socket&>> tls_;
};

// A wall-clock absl::Time on the steady clock the timers use, relative to
// one pair of readings of both clocks. Far times are clamped (a year out)
// so the arithmetic cannot overflow.
class ClockPair {
 public:
  ClockPair() : wall_(absl::Now()), steady_(Clock::now()) {}
  Clock::time_point Steady(absl::Time t) const {
    const absl::Duration d =
        std::clamp(t - wall_, -absl::Hours(24 * 365), absl::Hours(24 * 365));
    return steady_ + std::chrono::duration_cast<Clock::duration>(
                         absl::ToChronoNanoseconds(d));
  }

 private:
  absl::Time wall_;
  Clock::time_point steady_;
};

std::string HostHeader(const HttpUrl& url) {
  std::string host = url.host.find(':') == std::string::npos
                         ? url.host
                         : absl::StrCat("[", url.host, "]");
  const int default_port = url.scheme == "https" ? 443 : 80;
  if (url.port != default_port) absl::StrAppend(&host, ":", url.port);
  return host;
}

bool IsIpLiteral(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

namespace internal_asio {

class Call;

// Shared by a call and its Cancel functors, which may outlive the call and
// the transport: they only ever touch the transport through `loop`, which
// the call clears (under `mu`) when it completes, before the transport can
// go away.
struct CallControl {
  explicit CallControl(EventLoop* loop) : loop(loop) {}

  std::mutex mu;
  EventLoop* loop;                // Guarded by mu. Null once completed.
  bool cancel_requested = false;  // Guarded by mu.
  Call* call = nullptr;           // Event thread only: the running call.
};

class EventLoop {
 public:
  EventLoop(AsioTransportOptions options, HttpUrl url);
  ~EventLoop();

  // Sets up TLS (for https) and starts the event thread.
  absl::Status Start();

  // On the caller's thread.
  HttpTransport::Cancel SendAsync(HttpRequest request, absl::Time deadline,
                                  HttpTransport::Done done);
  bool OnEventThread() const {
    return std::this_thread::get_id() == event_thread_id_;
  }

  // Everything below runs on the event thread.

  // Creates, registers and starts one call.
  void StartCall(std::shared_ptr<CallControl> control, HttpRequest request,
                 absl::Time start, absl::Time deadline,
                 HttpTransport::Done done);
  // Removes a completed call from the registry.
  void Forget(Call* call) { calls_.erase(call); }

  // The most recently used idle connection that is still usable, or null.
  std::unique_ptr<Connection> Borrow();
  // Keeps `connection` (idle, after a complete response) for reuse.
  void Return(std::unique_ptr<Connection> connection);
  std::unique_ptr<Connection> NewConnection() {
    return std::make_unique<Connection>(
        io_, tls_context_ ? &*tls_context_ : nullptr);
  }

  using Resolved =
      std::function<void(error_code, const std::vector<tcp::endpoint>&)>;
  // The upstream's addresses. Concurrent lookups share one resolution.
  void Resolve(Resolved done);

  // Prepares a new TLS connection's SSL object: SNI, the name or address to
  // verify, and the cached session to resume.
  bool PrepareTls(SSL* ssl);

  // Ends every call in flight with CANCELLED and lets the event loop run
  // out (the destructor then joins its thread).
  void Shutdown();

  static int OnNewSession(SSL* ssl, SSL_SESSION* session);

  // Declared first so it is destroyed last, after every object using it.
  asio::io_context io_{1};
  std::optional<ssl::context> tls_context_;
  const AsioTransportOptions options_;
  const HttpUrl url_;
  const std::string host_header_;  // "Host:" value: host[:port].
  const bool host_is_ip_;

  std::atomic<size_t> connections_created_{0};
  std::atomic<size_t> tls_sessions_resumed_{0};
  std::atomic<size_t> calls_in_flight_{0};

  // Event thread only.
  bool stopping_ = false;
  std::unordered_map<Call*, std::shared_ptr<Call>> calls_;
  std::vector<std::unique_ptr<Connection>> idle_;
  // The most recent verified TLS session, or null. Owned (one reference).
  // Set by OnNewSession(), which OpenSSL calls on the event thread.
  SSL_SESSION* session_ = nullptr;
  std::optional<tcp::resolver> resolver_;
  std::vector<Resolved> resolve_waiters_;

  asio::executor_work_guard<asio::io_context::executor_type> work_{
      io_.get_executor()};
  std::thread thread_;
  std::thread::id event_thread_id_;
};

// One call, from the request to `done`. Lives on the event thread: every
// handler holds a reference, and the registry one until completion.
class Call : public std::enable_shared_from_this<Call> {
 public:
  Call(EventLoop& loop, std::shared_ptr<CallControl> control,
       HttpRequest request, absl::Time start, absl::Time deadline,
       HttpTransport::Done done)
      : loop_(loop),
        control_(std::move(control)),
        request_(std::move(request)),
        errors_(loop.url_, request_),
        start_(start),
        deadline_(deadline),
        done_(std::move(done)),
        timer_(loop.io_) {}

  void Start();
  // Ends the call with CANCELLED `why` unless it already completed.
  void Cancel(absl::string_view why);

 private:
  // What the call's timer stands for when it fires.
  enum class Bound {
    kConnect,  // min(connect_timeout, time left) for opening the connection
    kCall,     // the whole call: deadline, or connect + read timeout
    kWait,     // one wait for the socket: min(read_timeout, time left)
  };

  void Connect();
  void OnResolved(error_code ec, const std::vector<tcp::endpoint>& endpoints);
  void OnConnected(error_code ec);
  void OnHandshake(error_code ec);
  void Write();
  void OnWritten(error_code ec);
  void Read();
  void OnRead(error_code ec, size_t n);
  // Parses what the buffer holds; false when the call ended.
  bool Parse();
  // After the head arrived: false when the call ended.
  bool CheckHead();
  // Hands the parsed response to `done`; the connection is kept when
  // `reusable` (it is still open) and the response allows it.
  void Complete(bool reusable);

  void Arm(Clock::time_point when, Bound bound);
  // Arms the timer for one wait for the socket (bounded by the call too).
  void ArmWait();
  void OnTimer(Bound bound);

  // Completes the call: `done` runs now, the timer stops, and the connection
  // goes back to the pool when `reuse`, else is closed.
  void Finish(absl::StatusOr<HttpResponse> result, bool reuse = false);

  EventLoop& loop_;
  const std::shared_ptr<CallControl> control_;
  HttpRequest request_;  // Its body moves into http_request_.
  const CallErrors errors_;
  const absl::Time start_;  // When SendAsync() was called.
  const absl::Time deadline_;
  HttpTransport::Done done_;
  const ClockPair clocks_;

  // Set by Start().
  absl::Time end_by_;             // The whole call's end.
  bool deadline_bound_ = false;   // end_by_ is the caller's deadline.
  absl::Duration connect_limit_;  // min(connect_timeout, time left)
  absl::Duration io_timeout_;     // min(read_timeout, time left)

  asio::steady_timer timer_;
  uint64_t timer_generation_ = 0;  // Tells a stale expiry from the current.

  std::unique_ptr<Connection> connection_;
  http::request<http::string_body> http_request_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
  bool connected_ = false;  // The connection (and TLS) is up.
  bool request_may_have_left_ = false;
  bool head_checked_ = false;
  bool finished_ = false;
};

// --- Call ---

void Call::Start() {
  bool cancelled;
  {
    std::lock_guard<std::mutex> lock(control_->mu);
    cancelled = control_->cancel_requested;
  }
  if (cancelled) return Cancel("cancelled");
  if (loop_.stopping_) return Cancel("cancelled: the transport shut down");
  if (absl::Status valid = CheckHttpRequest(request_); !valid.ok()) {
    return Finish(std::move(valid));
  }
  const absl::Duration remaining = deadline_ - absl::Now();
  if (remaining < absl::Microseconds(1)) {
    return Finish(errors_.DeadlineBeforeSending());
  }
  const AsioTransportOptions& options = loop_.options_;
  connect_limit_ = std::min(options.connect_timeout, remaining);
  io_timeout_ = std::min(options.read_timeout, remaining);
  const absl::Time cap_end =
      start_ + options.connect_timeout + options.read_timeout;
  deadline_bound_ = deadline_ <= cap_end;
  end_by_ = deadline_bound_ ? deadline_ : cap_end;

  http_request_.version(11);
  http_request_.method_string(request_.method);
  http_request_.target(absl::StrCat(loop_.url_.path, request_.path));
  http_request_.set(http::field::host, loop_.host_header_);
  http_request_.set(http::field::accept, "application/json");
  http_request_.set(http::field::user_agent, options.user_agent);
  if (!options.api_key.empty()) http_request_.set("api_key", options.api_key);
  for (const auto& [name, value] : request_.headers) {
    http_request_.set(name, value);
  }
  if (!request_.body.empty()) {
    http_request_.set(http::field::content_type, "application/json");
    http_request_.body() = std::move(request_.body);
  }
  http_request_.prepare_payload();

  connection_ = loop_.Borrow();
  if (connection_ != nullptr) {
    connected_ = true;
    return Write();
  }
  Connect();
}

void Call::Cancel(absl::string_view why) {
  Finish(errors_.Cancelled(why, request_may_have_left_));
}

void Call::Connect() {
  connection_ = loop_.NewConnection();
  // Opening the connection (resolve, TCP, TLS) ends by min(connect_timeout,
  // time left), which is never after the whole call's end.
  Arm(clocks_.Steady(absl::Now() + connect_limit_), Bound::kConnect);
  loop_.Resolve(
      [self = shared_from_this()](error_code ec,
                                  const std::vector<tcp::endpoint>& endpoints) {
        self->OnResolved(ec, endpoints);
      });
}

void Call::OnResolved(error_code ec,
                      const std::vector<tcp::endpoint>& endpoints) {
  if (finished_) return;
  if (ec || endpoints.empty()) return Finish(errors_.ConnectFailed());
  asio::async_connect(
      connection_->socket(), endpoints,
      [self = shared_from_this()](error_code ec, const tcp::endpoint&) {
        self->OnConnected(ec);
      });
}

void Call::OnConnected(error_code ec) {
  if (finished_) return;
  if (ec) return Finish(errors_.ConnectFailed());
  loop_.connections_created_.fetch_add(1);
  // Requests are small and latency matters more than packet count.
  connection_->socket().set_option(tcp::no_delay(true), ec);
  ssl::stream<tcp::socket&>* tls = connection_->tls();
  if (tls == nullptr) {
    connected_ = true;
    return Write();
  }
  if (!loop_.PrepareTls(tls->native_handle())) {
    return Finish(errors_.TlsSetupFailed());
  }
  tls->async_handshake(
      ssl::stream_base::client,
      [self = shared_from_this()](error_code ec) { self->OnHandshake(ec); });
}

void Call::OnHandshake(error_code ec) {
  if (finished_) return;
  SSL* ssl = connection_->tls()->native_handle();
  if (ec) {
    const long verify = SSL_get_verify_result(ssl);  // NOLINT(runtime/int)
    return Finish(errors_.TlsFailed(
        verify != X509_V_OK ? TlsVerifyFailureDetail(verify) : ec.message()));
  }
  if (SSL_session_reused(ssl) == 1) loop_.tls_sessions_resumed_.fetch_add(1);
  connected_ = true;
  Write();
}

void Call::Write() {
  ArmWait();
  request_may_have_left_ = true;
  connection_->WithStream([this](auto& stream) {
    http::async_write(stream, http_request_,
                      [self = shared_from_this()](error_code ec, size_t) {
                        self->OnWritten(ec);
                      });
  });
}

void Call::OnWritten(error_code ec) {
  if (finished_) return;
  if (ec) return Finish(errors_.ConnectionBroke());
  parser_.emplace();
  parser_->header_limit(kMaxHeaderBytes);
  parser_->body_limit(loop_.options_.max_response_bytes);
  parser_->eager(true);
  if (request_.method == "HEAD") parser_->skip(true);
  Read();
}

void Call::Read() {
  ArmWait();
  connection_->WithStream([this](auto& stream) {
    stream.async_read_some(
        buffer_.prepare(kReadSize),
        [self = shared_from_this()](error_code ec, size_t n) {
          self->OnRead(ec, n);
        });
  });
}

void Call::OnRead(error_code ec, size_t n) {
  if (finished_) return;
  buffer_.commit(n);
  if (!Parse()) return;
  const bool peer_closed =
      ec == asio::error::eof || ec == ssl::error::stream_truncated;
  if (peer_closed && !parser_->is_done()) {
    // That ends a body framed by the connection's end (over TLS without
    // close_notify too, as httplib accepts it) and breaks every other
    // message.
    if (!parser_->got_some()) return Finish(errors_.ConnectionBroke());
    error_code eof;
    parser_->put_eof(eof);
    if (eof) return Finish(errors_.ConnectionBroke());
  }
  if (parser_->is_done()) return Complete(/*reusable=*/!ec);
  if (ec) return Finish(errors_.ConnectionBroke());
  Read();
}

bool Call::Parse() {
  while (buffer_.size() > 0 && !parser_->is_done()) {
    error_code ec;
    const size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == http::error::need_more) break;
    if (ec == http::error::body_limit) {
      Finish(errors_.ResponseTooLarge(loop_.options_.max_response_bytes,
                                      parser_->content_length().value_or(0)));
      return false;
    }
    if (ec == http::error::header_limit) {
      Finish(errors_.HeadTooLarge(kMaxHeaderBytes));
      return false;
    }
    if (ec) {
      // Not HTTP: a garbled reply is as good as none.
      Finish(errors_.ConnectionBroke());
      return false;
    }
    if (parser_->is_header_done() && !CheckHead()) return false;
    if (used == 0) break;
  }
  return true;
}

bool Call::CheckHead() {
  if (head_checked_) return true;
  head_checked_ = true;
  const auto& head = parser_->get();
  const auto encoding = head.find(http::field::content_encoding);
  if (encoding != head.end() &&
      !absl::EqualsIgnoreCase(
          absl::string_view(encoding->value().data(), encoding->value().size()),
          "identity")) {
    // Nothing asked for it (no Accept-Encoding), and there is no decoder.
    Finish(errors_.UndecodableBody());
    return false;
  }
  return true;
}

void Call::Complete(bool reusable) {
  http::response<http::string_body>& message = parser_->get();
  HttpResponse response;
  response.status = static_cast<int>(message.result_int());
  const auto content_type = message.find(http::field::content_type);
  if (content_type != message.end()) {
    response.content_type =
        std::string(content_type->value().data(), content_type->value().size());
  }
  response.body = std::move(message.body());
  // Bytes after the response mean the connection's state is unknown.
  Finish(std::move(response),
         reusable && parser_->keep_alive() && buffer_.size() == 0);
}

void Call::Arm(Clock::time_point when, Bound bound) {
  const uint64_t generation = ++timer_generation_;
  timer_.expires_at(when);
  timer_.async_wait(
      [self = shared_from_this(), generation, bound](error_code ec) {
        // A re-armed or cancelled timer, or an expiry that was already
        // queued when the timer was re-armed.
        if (ec || self->finished_ || generation != self->timer_generation_) {
          return;
        }
        self->OnTimer(bound);
      });
}

void Call::ArmWait() {
  const Clock::time_point call_end = clocks_.Steady(end_by_);
  const Clock::time_point wait_end =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         absl::ToChronoNanoseconds(io_timeout_));
  if (call_end <= wait_end) {
    Arm(call_end, Bound::kCall);
  } else {
    Arm(wait_end, Bound::kWait);
  }
}

void Call::OnTimer(Bound bound) {
  const AsioTransportOptions& options = loop_.options_;
  switch (bound) {
    case Bound::kConnect:
      return Finish(errors_.ConnectTimedOut(
          connect_limit_, connect_limit_ < options.connect_timeout ||
                              absl::Now() >= deadline_));
    case Bound::kCall:
      return Finish(errors_.CallTimedOut(/*before_sending=*/!connected_,
                                         deadline_bound_, end_by_ - start_));
    case Bound::kWait:
      return Finish(errors_.WaitTimedOut(io_timeout_,
                                         io_timeout_ < options.read_timeout));
  }
}

void Call::Finish(absl::StatusOr<HttpResponse> result, bool reuse) {
  if (finished_) return;
  finished_ = true;
  // Keeps this call alive until the end of Finish(): the registry's
  // reference goes below.
  const std::shared_ptr<Call> self = shared_from_this();
  timer_.cancel();
  {
    std::lock_guard<std::mutex> lock(control_->mu);
    control_->loop = nullptr;
  }
  control_->call = nullptr;
  if (connection_ != nullptr) {
    if (reuse) {
      loop_.Return(std::move(connection_));
    } else {
      // Pending operations complete with operation_aborted and find the
      // call finished; the connection object goes with the call.
      connection_->Close();
    }
  }
  loop_.Forget(this);
  loop_.calls_in_flight_.fetch_sub(1);
  std::move(done_)(std::move(result));
}

// --- EventLoop ---

EventLoop::EventLoop(AsioTransportOptions options, HttpUrl url)
    : options_(std::move(options)),
      url_(std::move(url)),
      host_header_(HostHeader(url_)),
      host_is_ip_(IsIpLiteral(url_.host)) {}

EventLoop::~EventLoop() {
  if (thread_.joinable()) {
    asio::post(io_, [this] { Shutdown(); });
    thread_.join();
  }
  if (session_ != nullptr) SSL_SESSION_free(session_);
}

absl::Status EventLoop::Start() {
  if (url_.scheme == "https") {
    tls_context_.emplace(ssl::context::tls_client);
    SSL_CTX* ctx = tls_context_->native_handle();
    error_code ec;
    tls_context_->set_options(
        ssl::context::default_workarounds | ssl::context::no_sslv2 |
            ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
            ssl::context::no_tlsv1_1,
        ec);
    if (!ec) tls_context_->set_verify_mode(ssl::verify_peer, ec);
    if (!ec) {
      // A file replaces, not extends, the default store, so a pinned
      // bundle really pins. The default store is OpenSSL's, which reads
      // SSL_CERT_FILE / SSL_CERT_DIR (the image sets SSL_CERT_FILE).
      if (options_.ca_cert_file.empty()) {
        tls_context_->set_default_verify_paths(ec);
      } else {
        tls_context_->load_verify_file(options_.ca_cert_file, ec);
      }
    }
    if (ec) {
      return absl::InternalError(
          absl::StrCat("cannot set up TLS: ", ec.message()));
    }
    SSL_CTX_set_ex_data(ctx, ContextExIndex(), this);
    // Sessions go to our cache only, so a new or re-opened connection
    // resumes instead of a full handshake.
    SSL_CTX_set_session_cache_mode(
        ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx, &EventLoop::OnNewSession);
  }
  thread_ = std::thread([this] { io_.run(); });
  event_thread_id_ = thread_.get_id();
  pthread_setname_np(thread_.native_handle(), "msp-asio");
  return absl::OkStatus();
}

HttpTransport::Cancel EventLoop::SendAsync(HttpRequest request,
                                           absl::Time deadline,
                                           HttpTransport::Done done) {
  auto control = std::make_shared<CallControl>(this);
  calls_in_flight_.fetch_add(1);
  // post(), never dispatch(): `done` must not run inside SendAsync(), not
  // even when SendAsync() is called on the event thread.
  asio::post(io_,
             [this, control, request = std::move(request), start = absl::Now(),
              deadline, done = std::move(done)]() mutable {
               StartCall(std::move(control), std::move(request), start,
                         deadline, std::move(done));
             });
  return [control] {
    std::lock_guard<std::mutex> lock(control->mu);
    // Completed (the transport may be gone), or already asked.
    if (control->loop == nullptr || control->cancel_requested) return;
    control->cancel_requested = true;
    // Still in flight, so the transport and its event loop are alive: the
    // call clears `loop` (under this lock) before it can complete.
    asio::post(control->loop->io_, [control] {
      if (control->call != nullptr) control->call->Cancel("cancelled");
      // Else the call has not started yet (Start() sees the request) or has
      // completed.
    });
  };
}

void EventLoop::StartCall(std::shared_ptr<CallControl> control,
                          HttpRequest request, absl::Time start,
                          absl::Time deadline, HttpTransport::Done done) {
  auto call = std::make_shared<Call>(*this, control, std::move(request), start,
                                     deadline, std::move(done));
  calls_.emplace(call.get(), call);
  control->call = call.get();
  call->Start();
}

std::unique_ptr<Connection> EventLoop::Borrow() {
  while (!idle_.empty()) {
    // LIFO: the most recently used connection is the likeliest to be open.
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    if (connection->Reusable()) return connection;
  }
  return nullptr;
}

void EventLoop::Return(std::unique_ptr<Connection> connection) {
  if (!stopping_ && idle_.size() < options_.max_idle_connections) {
    idle_.push_back(std::move(connection));
  }
  // Otherwise `connection` closes as it goes out of scope (nothing is
  // pending on it after a complete response).
}

void EventLoop::Resolve(Resolved done) {
  if (host_is_ip_) {
    const std::vector<tcp::endpoint> endpoints = {tcp::endpoint(
        asio::ip::make_address(url_.host), static_cast<uint16_t>(url_.port))};
    return done(error_code(), endpoints);
  }
  resolve_waiters_.push_back(std::move(done));
  if (resolve_waiters_.size() > 1) return;  // Joins the lookup under way.
  if (!resolver_) resolver_.emplace(io_);
  // Asio resolves on one internal thread of its own (getaddrinfo blocks).
  resolver_->async_resolve(
      url_.host, absl::StrCat(url_.port),
      [this](error_code ec, const tcp::resolver::results_type& results) {
        std::vector<tcp::endpoint> endpoints;
        for (const auto& entry : results) endpoints.push_back(entry.endpoint());
        std::vector<Resolved> waiters = std::move(resolve_waiters_);
        resolve_waiters_.clear();
        for (Resolved& waiter : waiters) waiter(ec, endpoints);
      });
}

bool EventLoop::PrepareTls(SSL* ssl) {
  if (host_is_ip_) {
    // No SNI for addresses (RFC 6066); the certificate must name the IP.
    if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), url_.host.c_str()) !=
        1) {
      return false;
    }
  } else {
    if (SSL_set_tlsext_host_name(ssl, url_.host.c_str()) != 1) return false;
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set1_host(ssl, url_.host.c_str()) != 1) return false;
  }
  if (session_ != nullptr && SSL_SESSION_is_resumable(session_) == 1) {
    // A copy per connection: a connection torn down without close_notify
    // makes its session non-resumable, which must not spoil the cached one.
    SSL_SESSION* copy = SSL_SESSION_dup(session_);
    if (copy != nullptr) {
      SSL_set_session(ssl, copy);
      SSL_SESSION_free(copy);
    }
  }
  return true;
}

// OpenSSL calls this when the server issues a session (TLS 1.2 at the end of
// the handshake, TLS 1.3 per NewSessionTicket), always on the event thread:
// the handshake and the reads run there.
int EventLoop::OnNewSession(SSL* ssl, SSL_SESSION* session) {
  auto* self = static_cast<EventLoop*>(
      SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ContextExIndex()));
  // Only sessions of a verified chain; the host was checked in the same
  // handshake, and the transport talks to one host only.
  if (self == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return 0;
  SSL_SESSION* copy = SSL_SESSION_dup(session);
  if (copy == nullptr) return 0;
  if (self->session_ != nullptr) SSL_SESSION_free(self->session_);
  self->session_ = copy;
  return 0;  // OpenSSL keeps ownership of `session`.
}

void EventLoop::Shutdown() {
  stopping_ = true;
  std::vector<std::shared_ptr<Call>> calls;
  calls.reserve(calls_.size());
  for (const auto& [raw, call] : calls_) calls.push_back(call);
  for (const std::shared_ptr<Call>& call : calls) {
    call->Cancel("cancelled: the transport shut down");
  }
  idle_.clear();
  if (resolver_) resolver_->cancel();
  // run() returns once the handlers still queued (aborted operations, calls
  // a `done` started, which Start() cancels) have run.
  work_.reset();
}

}  // namespace internal_asio

// --- AsioTransport ---

absl::StatusOr<std::unique_ptr<AsioTransport>> AsioTransport::Create(
    AsioTransportOptions options) {
  absl::StatusOr<HttpUrl> url = CheckTransportOptions(
      options.base_url, options.connect_timeout, options.read_timeout,
      options.max_response_bytes, options.api_key, options.user_agent,
      options.ca_cert_file);
  if (!url.ok()) return url.status();
  auto loop = std::make_unique<internal_asio::EventLoop>(std::move(options),
                                                         *std::move(url));
  if (absl::Status started = loop->Start(); !started.ok()) return started;
  return absl::WrapUnique(new AsioTransport(std::move(loop)));
}

AsioTransport::AsioTransport(std::unique_ptr<internal_asio::EventLoop> loop)
    : loop_(std::move(loop)) {}

AsioTransport::~AsioTransport() = default;

HttpTransport::Cancel AsioTransport::SendAsync(HttpRequest request,
                                               absl::Time deadline, Done done) {
  return loop_->SendAsync(std::move(request), deadline, std::move(done));
}

absl::StatusOr<HttpResponse> AsioTransport::Send(const HttpRequest& request,
                                                 absl::Time deadline) {
  if (loop_->OnEventThread()) {
    return absl::FailedPreconditionError(
        "AsioTransport::Send() called on its event thread (inside a "
        "SendAsync() callback), where waiting would deadlock");
  }
  // std::mutex, not absl::Mutex: shared with the event thread, and
  // ThreadSanitizer cannot see Debian's uninstrumented Abseil.
  std::mutex mu;
  std::condition_variable arrived;
  std::optional<absl::StatusOr<HttpResponse>> result;
  SendAsync(request, deadline, [&](absl::StatusOr<HttpResponse> response) {
    // Notified under the lock, so the waiter cannot return (destroying the
    // condition variable) before notify_one() is done with it.
    std::lock_guard<std::mutex> lock(mu);
    result = std::move(response);
    arrived.notify_one();
  });
  std::unique_lock<std::mutex> lock(mu);
  arrived.wait(lock, [&] { return result.has_value(); });
  return *std::move(result);
}

size_t AsioTransport::connections_created() const {
  return loop_->connections_created_.load();
}

size_t AsioTransport::tls_sessions_resumed() const {
  return loop_->tls_sessions_resumed_.load();
}

size_t AsioTransport::calls_in_flight() const {
  return loop_->calls_in_flight_.load();
}

}  // namespace msp_gateway
