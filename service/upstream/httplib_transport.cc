// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/httplib_transport.h"

#include <fcntl.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "httplib.h"
#include "service/upstream/msp_errors.h"
#include "service/upstream/transport_errors.h"

namespace msp_gateway {
namespace {

// Finds the transport from inside OpenSSL callbacks.
int TransportExIndex() {
  static const int index =
      SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// Marks a connection whose resumption was already counted.
int CountedExIndex() {
  static const int index =
      SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

std::pair<time_t, time_t> SecondsAndMicros(absl::Duration d) {
  const int64_t micros = absl::ToInt64Microseconds(d);
  return {static_cast<time_t>(micros / 1000000),
          static_cast<time_t>(micros % 1000000)};
}

}  // namespace

// Like the pool, the watch state and the watchdog below use std::mutex:
// ThreadSanitizer sees it (pthread, intercepted) but not the uninstrumented
// absl::Mutex of Debian's Abseil, and this is the code most in need of it.
struct HttplibTransport::Client {
  ~Client() { EndCall(); }

  // Keeps a duplicate of `sock`, the socket the current call uses, so
  // Abort() can shut it down. Called with each socket httplib opens and with
  // a pooled socket before a call. A call whose end time already passed gets
  // the socket shut down at once. If the duplicate cannot be made (no
  // descriptors left), the socket is shut down too: a call the watchdog
  // could not stop is not allowed to run.
  void Watch(int sock) {
    std::lock_guard<std::mutex> lock(mu);
    if (watched >= 0) close(watched);
    watched = fcntl(sock, F_DUPFD_CLOEXEC, 0);
    if (aborted || watched < 0) shutdown(sock, SHUT_RDWR);
  }

  // Called by the watchdog at the call's end time. shutdown() (unlike
  // close()) is safe while another thread blocks on the socket: its poll()
  // wakes, reads see EOF, writes fail, and once both directions are shut
  // Linux resets the connection if more data arrives. The duplicate keeps
  // the descriptor number ours, so this can never hit a socket that httplib
  // already closed and the kernel handed to someone else.
  void Abort() {
    std::lock_guard<std::mutex> lock(mu);
    aborted = true;
    if (watched >= 0) shutdown(watched, SHUT_RDWR);
  }

  // Ends the watch (call after the watchdog timer is disarmed); returns
  // whether the call was aborted.
  bool EndCall() {
    std::lock_guard<std::mutex> lock(mu);
    if (watched >= 0) close(watched);
    watched = -1;
    return std::exchange(aborted, false);
  }

  std::unique_ptr<httplib::ClientImpl> http;
  httplib::SSLClient* tls = nullptr;  // http.get() when https, else null.

  std::mutex mu;         // Guards the two below.
  int watched = -1;      // Duplicate descriptor, or -1.
  bool aborted = false;  // The watchdog fired during this call.
};

// One thread and a queue of end times ordered by time (a min-heap that also
// supports removal), shared by every call of the transport. A call arms a
// timer before sending and disarms it when httplib returns; a timer that
// comes due aborts its call's socket.
class HttplibTransport::Watchdog {
 public:
  using Timer = std::pair<absl::Time, uint64_t>;  // Unique: (when, sequence).

  Watchdog() : thread_([this] { Run(); }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  Timer Arm(absl::Time when, Client* client) {
    std::lock_guard<std::mutex> lock(mu_);
    const Timer timer{when, next_sequence_++};
    const bool earliest = timers_.empty() || timer < timers_.begin()->first;
    timers_.emplace(timer, client);
    if (earliest) wake_.notify_one();
    return timer;
  }

  // After this returns the watchdog neither touches `timer`'s client nor
  // will: a firing timer runs entirely under mu_.
  void Disarm(const Timer& timer) {
    std::lock_guard<std::mutex> lock(mu_);
    timers_.erase(timer);
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      if (timers_.empty()) {
        wake_.wait(lock);
        continue;
      }
      const auto first = timers_.begin();
      const absl::Time when = first->first.first;
      if (absl::Now() < when) {
        // Deadlines are wall-clock absl::Time, so wait on the system clock.
        wake_.wait_until(lock, absl::ToChronoTime(when));
        continue;
      }
      // Abort() only takes the client's mutex and calls shutdown(): short,
      // and never waits for httplib.
      first->second->Abort();
      timers_.erase(first);
    }
  }

  std::mutex mu_;  // Guards the three below.
  std::condition_variable wake_;
  bool stopping_ = false;
  uint64_t next_sequence_ = 0;
  std::map<Timer, Client*> timers_;
  std::thread thread_;  // Last: starts once the members above exist.
};

absl::StatusOr<std::unique_ptr<HttplibTransport>> HttplibTransport::Create(
    HttplibTransportOptions options) {
  absl::StatusOr<HttpUrl> url = CheckTransportOptions(
      options.base_url, options.connect_timeout, options.read_timeout,
      options.max_response_bytes, options.api_key, options.user_agent,
      options.ca_cert_file);
  if (!url.ok()) return url.status();
  // httplib (plain sockets) and OpenSSL write without MSG_NOSIGNAL, so a
  // write to a connection the server reset, or to one the watchdog shut down
  // (TLS close_notify on teardown), would raise SIGPIPE and kill the whole
  // process. Ignore it process-wide, as httplib::Server's constructor does:
  // such a write fails with EPIPE instead, which httplib handles.
  std::signal(SIGPIPE, SIG_IGN);
  return absl::WrapUnique(
      new HttplibTransport(std::move(options), *std::move(url)));
}

HttplibTransport::HttplibTransport(HttplibTransportOptions options, HttpUrl url)
    : options_(std::move(options)),
      url_(std::move(url)),
      watchdog_(std::make_unique<Watchdog>()) {}

HttplibTransport::~HttplibTransport() {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    idle_.clear();  // Closes the connections (TLS close_notify included).
  }
  std::lock_guard<std::mutex> lock(session_mutex_);
  if (session_ != nullptr) SSL_SESSION_free(session_);
}

std::unique_ptr<HttplibTransport::Client> HttplibTransport::NewClient() {
  auto client = std::make_unique<Client>();
  if (url_.scheme == "https") {
    auto tls = std::make_unique<httplib::SSLClient>(url_.host, url_.port);
    if (!tls->is_valid()) return nullptr;
    tls->enable_server_certificate_verification(true);
    // A file replaces, not extends, the system store (httplib loads one or
    // the other), so a pinned bundle really pins.
    if (!options_.ca_cert_file.empty()) {
      tls->set_ca_cert_path(options_.ca_cert_file);
    }
    SSL_CTX* ctx = tls->ssl_context();
    SSL_CTX_set_ex_data(ctx, TransportExIndex(), this);
    // Sessions go to our cache only (shared by every pooled client), so a
    // new or re-opened connection resumes instead of a full handshake.
    SSL_CTX_set_session_cache_mode(
        ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx, &HttplibTransport::OnNewSession);
    SSL_CTX_set_info_callback(ctx, &HttplibTransport::OnInfo);
    client->tls = tls.get();
    client->http = std::move(tls);
  } else {
    client->http = std::make_unique<httplib::ClientImpl>(url_.host, url_.port);
  }
  httplib::ClientImpl& http = *client->http;
  http.set_keep_alive(true);
  // Requests are small and latency matters more than packet count.
  http.set_tcp_nodelay(true);
  // Paths arrive percent-encoded (and validated); encoding again would turn
  // "%20" into "%2520".
  http.set_url_encode(false);
  http.set_follow_location(false);
  // httplib applies socket options to every socket it opens (before
  // connecting), so this counts real TCP connections, including re-opens
  // after the server closed one, and hands each to the call's watch.
  http.set_socket_options([this, raw = client.get()](socket_t sock) {
    connections_created_.fetch_add(1);
    raw->Watch(sock);
  });
  return client;
}

std::unique_ptr<HttplibTransport::Client> HttplibTransport::Borrow() {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!idle_.empty()) {
      // LIFO: the most recently used connection is the likeliest to be open.
      std::unique_ptr<Client> client = std::move(idle_.back());
      idle_.pop_back();
      return client;
    }
  }
  return NewClient();
}

void HttplibTransport::Return(std::unique_ptr<Client> client) {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  if (idle_.size() < options_.max_idle_connections) {
    idle_.push_back(std::move(client));
    return;
  }
  // Over the limit: `client` closes its connection as it goes out of scope.
}

absl::StatusOr<HttpResponse> HttplibTransport::Send(const HttpRequest& request,
                                                    absl::Time deadline) {
  if (absl::Status valid = CheckHttpRequest(request); !valid.ok()) {
    return valid;
  }
  const CallErrors errors(url_, request);
  const absl::Time start = absl::Now();
  const absl::Duration remaining = deadline - start;
  if (remaining < absl::Microseconds(1)) return errors.DeadlineBeforeSending();
  // httplib waits with poll(), in whole milliseconds, truncating; round up so
  // a wait never ends before the limit it stands for.
  const absl::Duration connect_timeout = absl::Ceil(
      std::min(options_.connect_timeout, remaining), absl::Milliseconds(1));
  const absl::Duration io_timeout = absl::Ceil(
      std::min(options_.read_timeout, remaining), absl::Milliseconds(1));

  std::unique_ptr<Client> client = Borrow();
  if (client == nullptr) return errors.TlsSetupFailed();
  httplib::ClientImpl& http = *client->http;
  const auto [connect_s, connect_us] = SecondsAndMicros(connect_timeout);
  const auto [io_s, io_us] = SecondsAndMicros(io_timeout);
  http.set_connection_timeout(connect_s, connect_us);
  http.set_read_timeout(io_s, io_us);
  http.set_write_timeout(io_s, io_us);

  httplib::Request http_request;
  http_request.method = request.method;
  http_request.path = url_.path + request.path;
  http_request.headers.emplace("Accept", "application/json");
  http_request.headers.emplace("User-Agent", options_.user_agent);
  if (!options_.api_key.empty()) {
    http_request.headers.emplace("api_key", options_.api_key);
  }
  for (const auto& [name, value] : request.headers) {
    http_request.headers.emplace(name, value);
  }
  if (!request.body.empty()) {
    http_request.headers.emplace("Content-Type", "application/json");
    http_request.body = request.body;
  }

  // The reply-size cap. httplib 0.11.4 has no limit of its own on the client
  // side (it appends to Response::body without bound), so the body goes
  // through our receiver instead. The response handler runs after the
  // headers and before the body: an announced length above the cap is
  // refused unread. The receiver sees the decompressed bytes, so a small
  // gzip bomb is caught too.
  const size_t cap = options_.max_response_bytes;
  bool too_large = false;
  uint64_t announced_length = 0;  // 0 = no Content-Length.
  std::string body;
  http_request.response_handler = [&](const httplib::Response& head) {
    if (!head.has_header("Content-Length")) return true;
    announced_length = head.get_header_value<uint64_t>("Content-Length");
    if (announced_length > cap) {
      too_large = true;
      return false;
    }
    if (!head.has_header("Content-Encoding")) {
      body.reserve(static_cast<size_t>(announced_length));
    }
    return true;
  };
  http_request.content_receiver = [&](const char* data, size_t size,
                                      uint64_t /*offset*/,
                                      uint64_t /*length*/) {
    if (size > cap - body.size()) {
      too_large = true;
      return false;
    }
    body.append(data, size);
    return true;
  };

  // The whole call ends by its deadline, or connect_timeout + read_timeout
  // after it started when that comes first; the watchdog enforces it however
  // the server paces its bytes.
  const absl::Time cap_end =
      start + options_.connect_timeout + options_.read_timeout;
  const bool deadline_bound = deadline <= cap_end;
  const absl::Time end_by = deadline_bound ? deadline : cap_end;
  // A pooled connection is watched from the start; httplib reports each new
  // socket to Watch() itself (set_socket_options).
  if (http.socket() != INVALID_SOCKET) client->Watch(http.socket());

  httplib::Response http_response;
  httplib::Error error = httplib::Error::Success;
  bool sent = false;
  {
    const Watchdog::Timer timer = watchdog_->Arm(end_by, client.get());
    // Disarmed on every way out, so the watchdog never outlives its client.
    absl::Cleanup disarm = [&] { watchdog_->Disarm(timer); };
    // The by-reference overload: send(const Request&) would copy the request
    // (body included) once more.
    sent = http.send(http_request, http_response, error);
  }
  const bool aborted = client->EndCall();

  if (sent) {
    // A reply read to the end of the connection (no Content-Length, not
    // chunked) looks complete to httplib when the watchdog cut it short.
    const bool framed =
        http_response.has_header("Content-Length") ||
        absl::EqualsIgnoreCase(
            http_response.get_header_value("Transfer-Encoding"), "chunked") ||
        http_response.status == 204 || http_response.status == 304 ||
        request.method == "HEAD";
    if (!aborted || framed) {
      HttpResponse response;
      response.status = http_response.status;
      response.content_type = http_response.get_header_value("Content-Type");
      response.body = std::move(body);
      // A socket the watchdog shut down is of no further use.
      if (!aborted) Return(std::move(client));
      return response;
    }
  }

  // No (complete) response. The client is dropped, not pooled: its
  // connection state is unknown after a failure.
  const absl::Time end = absl::Now();
  const bool deadline_passed = end >= deadline;
  if (too_large) return errors.ResponseTooLarge(cap, announced_length);
  const bool before_sending = error == httplib::Error::Connection ||
                              error == httplib::Error::ConnectionTimeout ||
                              error == httplib::Error::SSLConnection;
  if (aborted && error != httplib::Error::SSLServerVerification &&
      error != httplib::Error::SSLLoadingCerts) {
    // The watchdog ended the call. httplib writes the request only after
    // the connection (and TLS handshake) is up.
    return errors.CallTimedOut(before_sending, deadline_bound, end_by - start);
  }
  switch (error) {
    case httplib::Error::ConnectionTimeout:
      return errors.ConnectTimedOut(
          connect_timeout,
          deadline_passed || connect_timeout < options_.connect_timeout);
    case httplib::Error::Read:
    case httplib::Error::Write:
      // httplib reports a read timeout and a broken connection alike; a
      // timeout is the one that waited the full timeout.
      // (The slack absorbs the wall clock vs. poll()'s monotonic clock.)
      if (deadline_passed ||
          end - start >= io_timeout - absl::Milliseconds(1)) {
        return errors.WaitTimedOut(io_timeout,
                                   io_timeout < options_.read_timeout);
      }
      return errors.ConnectionBroke();
    case httplib::Error::Connection:
      return errors.ConnectFailed();
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLLoadingCerts:
    case httplib::Error::SSLServerVerification:
      return errors.TlsFailed(
          error == httplib::Error::SSLServerVerification &&
                  client->tls != nullptr
              ? TlsVerifyFailureDetail(client->tls->get_openssl_verify_result())
              : httplib::to_string(error));
    case httplib::Error::Compression:
      return errors.UndecodableBody();
    default:
      return TransportError(
          absl::StatusCode::kUnavailable, kMspReasonConnectionFailed,
          absl::StrCat("request to MultiSafepay (", errors.where(),
                       ") failed: ", httplib::to_string(error)),
          {{"endpoint", errors.endpoint()},
           {"request_sent", "unknown"},
           {"httplib_error", httplib::to_string(error)}},
          /*retryable=*/true);
  }
}

// OpenSSL calls this when the server issues a session (TLS 1.2 at the end of
// the handshake, TLS 1.3 per NewSessionTicket). We keep a private copy: the
// original is marked non-resumable if its connection is later torn down
// without close_notify.
int HttplibTransport::OnNewSession(SSL* ssl, SSL_SESSION* session) {
  auto* self = static_cast<HttplibTransport*>(
      SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), TransportExIndex()));
  // Only sessions of a verified chain; httplib re-checks the host name on
  // resumption (the peer certificate travels with the session).
  if (self == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return 0;
  SSL_SESSION* copy = SSL_SESSION_dup(session);
  if (copy == nullptr) return 0;
  std::lock_guard<std::mutex> lock(self->session_mutex_);
  if (self->session_ != nullptr) SSL_SESSION_free(self->session_);
  self->session_ = copy;
  return 0;  // OpenSSL keeps ownership of `session`.
}

// Offers the cached session when a connection's first handshake starts
// (httplib creates the SSL object itself, so this is the only hook before the
// ClientHello), and counts resumptions when it completes.
void HttplibTransport::OnInfo(const SSL* ssl, int where, int /*ret*/) {
  auto* self = static_cast<HttplibTransport*>(
      SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), TransportExIndex()));
  if (self == nullptr) return;
  SSL* mutable_ssl = const_cast<SSL*>(ssl);
  if ((where & SSL_CB_HANDSHAKE_START) != 0 &&
      SSL_get_session(ssl) == nullptr) {
    std::lock_guard<std::mutex> lock(self->session_mutex_);
    if (self->session_ != nullptr &&
        SSL_SESSION_is_resumable(self->session_) == 1) {
      // A copy per connection, so one connection's fate cannot spoil the
      // cached session for the others.
      SSL_SESSION* copy = SSL_SESSION_dup(self->session_);
      if (copy != nullptr) {
        SSL_set_session(mutable_ssl, copy);
        SSL_SESSION_free(copy);
      }
    }
  }
  if ((where & SSL_CB_HANDSHAKE_DONE) != 0 && SSL_session_reused(ssl) == 1 &&
      SSL_get_ex_data(ssl, CountedExIndex()) == nullptr) {
    SSL_set_ex_data(mutable_ssl, CountedExIndex(), self);
    self->tls_sessions_resumed_.fetch_add(1);
  }
}

}  // namespace msp_gateway
