// Copyright 2026 The msp-gateway Authors.
//
// What only the asynchronous transport has: hundreds of calls in flight on
// one event thread (and no thread per call), `done` never run inside
// SendAsync(), Cancel before, during and after a call, destruction with
// calls in flight, and the TLS handshake bounded like the rest of the call.
// The contract it shares with HttplibTransport is tested on both by
// httplib_transport_test.cc and httplib_transport_tls_test.cc.

#include "service/upstream/asio_transport.h"

#include <dirent.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/post.hpp"
#include "boost/asio/steady_timer.hpp"
#include "boost/beast/core/flat_buffer.hpp"
#include "boost/beast/http/read.hpp"
#include "boost/beast/http/string_body.hpp"
#include "boost/beast/http/write.hpp"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "service/common/error_details.h"
#include "service/upstream/raw_socket_server.h"
#include "service/upstream/test_certificates.h"
#include "service/upstream/test_http_server.h"

namespace msp_gateway {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Code = absl::StatusCode;

constexpr char kSuccess[] = R"({"success":true,"data":{}})";

absl::Time In(absl::Duration d) { return absl::Now() + d; }

std::string Reason(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  return info.has_value() ? info->reason() : "<none>";
}

std::string Metadata(const absl::Status& status, const std::string& key) {
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  if (!info.has_value() || info->metadata().count(key) == 0) return "<none>";
  return info->metadata().at(key);
}

// The threads of this process, as the kernel counts them.
int ThreadCount() {
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return -1;
  int count = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count;
}

// Collects the outcomes of SendAsync() calls and who ran them.
// (std::mutex: ThreadSanitizer cannot see Debian's uninstrumented
// absl::Mutex.)
class Outcomes {
 public:
  HttpTransport::Done Add() {
    return [this](absl::StatusOr<HttpResponse> response) {
      std::lock_guard<std::mutex> lock(mu_);
      results_.push_back(std::move(response));
      threads_.push_back(std::this_thread::get_id());
      changed_.notify_all();
    };
  }

  // Waits up to `timeout` for `n` outcomes; false if they did not come.
  bool WaitFor(size_t n, absl::Duration timeout = absl::Seconds(30)) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
                             [&] { return results_.size() >= n; });
  }

  std::vector<absl::StatusOr<HttpResponse>> results() {
    std::lock_guard<std::mutex> lock(mu_);
    return results_;
  }
  std::vector<std::thread::id> threads() {
    std::lock_guard<std::mutex> lock(mu_);
    return threads_;
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return results_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<absl::StatusOr<HttpResponse>> results_;
  std::vector<std::thread::id> threads_;
};

// An asynchronous loopback HTTP server (Beast, one thread) that holds every
// request until `expected` requests are in flight at once (or 10 s passed),
// and answers each no sooner than `delay` after it arrived. So a client
// that cannot keep `expected` calls in flight at once stalls for 10 s and
// is caught by max_in_flight(). Keep-alive.
class HeldReplyServer {
 public:
  HeldReplyServer(size_t expected, absl::Duration delay)
      : expected_(expected),
        delay_(absl::ToChronoNanoseconds(delay)),
        acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    Accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~HeldReplyServer() {
    asio::post(io_, [this] { io_.stop(); });
    thread_.join();
  }

  std::string base_url() const {
    return absl::StrCat("http://127.0.0.1:", port_, "/v1/json");
  }
  size_t max_in_flight() const { return max_in_flight_.load(); }
  size_t answered() const { return answered_.load(); }

 private:
  struct Session : std::enable_shared_from_this<Session> {
    Session(HeldReplyServer& server, tcp::socket socket)
        : server(server), socket(std::move(socket)), timer(server.io_) {}

    void Read() {
      request = {};
      http::async_read(
          socket, buffer, request,
          [self = shared_from_this()](boost::system::error_code ec, size_t) {
            if (!ec) self->Arrived();
          });
    }
    void Arrived() {
      arrived = std::chrono::steady_clock::now();
      const size_t now_in_flight = ++server.in_flight_;
      size_t max = server.max_in_flight_.load();
      while (now_in_flight > max &&
             !server.max_in_flight_.compare_exchange_weak(max, now_in_flight)) {
      }
      if (now_in_flight >= server.expected_) server.released_ = true;
      Wait(server.delay_);
    }
    void Wait(std::chrono::nanoseconds d) {
      timer.expires_after(d);
      timer.async_wait(
          [self = shared_from_this()](boost::system::error_code ec) {
            if (!ec) self->MaybeAnswer();
          });
    }
    void MaybeAnswer() {
      const bool gave_up =
          std::chrono::steady_clock::now() - arrived > std::chrono::seconds(10);
      if (!server.released_ && !gave_up) {
        return Wait(std::chrono::milliseconds(10));
      }
      response = {};
      response.version(11);
      response.result(http::status::ok);
      response.set(http::field::content_type, "application/json");
      response.body() = kSuccess;
      response.keep_alive(request.keep_alive());
      response.prepare_payload();
      --server.in_flight_;
      http::async_write(
          socket, response,
          [self = shared_from_this()](boost::system::error_code ec, size_t) {
            self->server.answered_.fetch_add(1);
            if (!ec && self->request.keep_alive()) self->Read();
          });
    }

    HeldReplyServer& server;
    tcp::socket socket;
    asio::steady_timer timer;
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::response<http::string_body> response;
    std::chrono::steady_clock::time_point arrived;
  };

  void Accept() {
    acceptor_.async_accept(
        [this](boost::system::error_code ec, tcp::socket socket) {
          if (ec) return;
          std::make_shared<Session>(*this, std::move(socket))->Read();
          Accept();
        });
  }

  const size_t expected_;
  const std::chrono::nanoseconds delay_;
  asio::io_context io_{1};
  tcp::acceptor acceptor_;
  int port_ = 0;
  size_t in_flight_ = 0;   // Server thread only.
  bool released_ = false;  // Server thread only.
  std::atomic<size_t> max_in_flight_{0};
  std::atomic<size_t> answered_{0};
  std::thread thread_;  // Last: runs handlers that use the members above.
};

std::unique_ptr<AsioTransport> Make(AsioTransportOptions options) {
  absl::StatusOr<std::unique_ptr<AsioTransport>> transport =
      AsioTransport::Create(std::move(options));
  EXPECT_TRUE(transport.ok()) << transport.status();
  return transport.ok() ? *std::move(transport) : nullptr;
}

// 500 sockets on each side, plus what gtest and the servers hold.
void RaiseDescriptorLimit() {
  rlimit limit;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, 4096);
  if (limit.rlim_cur < wanted) {
    limit.rlim_cur = wanted;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
  }
  ASSERT_GE(limit.rlim_cur, 1200u) << "too few file descriptors for the test";
}

TEST(AsioTransportTest, FiveHundredCallsInFlightOnOneThread) {
  RaiseDescriptorLimit();
  constexpr size_t kCalls = 500;
  HeldReplyServer server(kCalls, absl::Milliseconds(200));
  const int threads_before = ThreadCount();

  AsioTransportOptions options;
  options.base_url = server.base_url();
  std::unique_ptr<AsioTransport> transport = Make(options);
  ASSERT_NE(transport, nullptr);
  EXPECT_TRUE(transport->async());

  Outcomes outcomes;
  const absl::Time start = absl::Now();
  for (size_t i = 0; i < kCalls; ++i) {
    transport->SendAsync({"POST", "/orders", "{}"}, In(absl::Seconds(30)),
                         outcomes.Add());
  }
  // SendAsync() only queues: nothing has come back yet (the server holds
  // every reply for at least 200 ms).
  EXPECT_EQ(outcomes.size(), 0u);
  int max_threads = ThreadCount();
  while (!outcomes.WaitFor(kCalls, absl::Milliseconds(5))) {
    max_threads = std::max(max_threads, ThreadCount());
    ASSERT_LT(absl::Now() - start, absl::Seconds(60));
  }
  const absl::Duration elapsed = absl::Now() - start;

  for (const absl::StatusOr<HttpResponse>& result : outcomes.results()) {
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->body, kSuccess);
  }
  // All 500 were at the server at once (it held them until then) ...
  EXPECT_EQ(server.max_in_flight(), kCalls);
  EXPECT_EQ(transport->connections_created(), kCalls);
  EXPECT_EQ(transport->calls_in_flight(), 0u);
  // ... the whole burst took about one server delay, not 500 of them, nor
  // the 10 s the server waits for stragglers ...
  EXPECT_LT(elapsed, absl::Seconds(8));
  // ... and no thread was started per call: the transport adds its event
  // thread, and nothing else while 500 calls wait.
  EXPECT_LE(max_threads, threads_before + 2)
      << "threads before: " << threads_before << ", during: " << max_threads;
  std::cout << "threads before the transport: " << threads_before
            << ", at most during 500 calls in flight: " << max_threads
            << ", elapsed: " << absl::FormatDuration(elapsed) << "\n";
  RecordProperty("threads_before", threads_before);
  RecordProperty("max_threads_during_calls", max_threads);
}

TEST(AsioTransportTest, ManyCallsTimeOutTogetherOnTheirOwnDeadlines) {
  RaiseDescriptorLimit();
  constexpr size_t kCalls = 100;
  // Holds every request for 10 s (it never sees 1000 at once).
  HeldReplyServer server(1000, absl::Milliseconds(200));
  AsioTransportOptions options;
  options.base_url = server.base_url();
  std::unique_ptr<AsioTransport> transport = Make(options);
  ASSERT_NE(transport, nullptr);

  Outcomes outcomes;
  const absl::Time start = absl::Now();
  for (size_t i = 0; i < kCalls; ++i) {
    transport->SendAsync({"POST", "/orders", "{}"},
                         start + absl::Milliseconds(500), outcomes.Add());
  }
  ASSERT_TRUE(outcomes.WaitFor(kCalls));
  const absl::Duration elapsed = absl::Now() - start;
  for (const absl::StatusOr<HttpResponse>& result : outcomes.results()) {
    EXPECT_EQ(result.status().code(), Code::kDeadlineExceeded)
        << result.status();
    EXPECT_EQ(Reason(result.status()), "MSP_TIMEOUT");
    EXPECT_EQ(Metadata(result.status(), "request_sent"), "unknown");
    EXPECT_EQ(Metadata(result.status(), "limit"), "deadline");
  }
  // Each call has its own timer: all end at their deadline, not one after
  // another.
  EXPECT_LT(elapsed, absl::Milliseconds(1500));
}

// A loopback server with /v1/json/orders (answers at once) and
// /v1/json/slow (parked until Release() or 10 s).
class AsioTransportCallTest : public testing::Test {
 protected:
  void SetUp() override {
    server_.server().set_keep_alive_max_count(1000);
    server_.server().Post("/v1/json/orders",
                          [](const httplib::Request&, httplib::Response& res) {
                            res.set_content(kSuccess, "application/json");
                          });
    server_.server().Post("/v1/json/slow", [this](const httplib::Request&,
                                                  httplib::Response& res) {
      release_.WaitForNotificationWithTimeout(absl::Seconds(10));
      res.set_content(kSuccess, "application/json");
    });
    ASSERT_TRUE(server_.Start());
  }
  void TearDown() override {
    Release();
    server_.Stop();
  }

  void Release() {
    if (!release_.HasBeenNotified()) release_.Notify();
  }

  AsioTransportOptions Options() const {
    AsioTransportOptions options;
    options.base_url = server_.base_url();
    options.read_timeout = absl::Seconds(20);
    return options;
  }

  // Waits up to 10 s until the server has seen `n` requests.
  bool WaitForRequests(size_t n) {
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    while (server_.requests_started() < n) {
      if (absl::Now() > give_up) return false;
      absl::SleepFor(absl::Milliseconds(5));
    }
    return true;
  }

  absl::Notification release_;
  TestHttpServer server_;
};

// Set around SendAsync() calls: a `done` that sees it set runs inside one.
thread_local bool inside_send_async = false;

TEST_F(AsioTransportCallTest, DoneNeverRunsInsideSendAsync) {
  std::unique_ptr<AsioTransport> transport = Make(Options());
  ASSERT_NE(transport, nullptr);
  struct Case {
    std::string name;
    HttpRequest request;
    absl::Time deadline;
    Code code;
  };
  const std::vector<Case> cases = {
      // The outcomes known before any I/O are the likeliest to be run
      // inline; they must be queued like the rest.
      {"malformed",
       {"post", "/orders", "{}"},
       In(absl::Seconds(10)),
       Code::kInvalidArgument},
      {"expired",
       {"POST", "/orders", "{}"},
       absl::InfinitePast(),
       Code::kDeadlineExceeded},
      {"ok", {"POST", "/orders", "{}"}, In(absl::Seconds(10)), Code::kOk},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::mutex mu;
    std::condition_variable cv;
    bool ran = false;
    bool ran_inside = true;
    std::thread::id ran_on;
    Code code = Code::kUnknown;
    inside_send_async = true;
    transport->SendAsync(c.request, c.deadline,
                         [&](absl::StatusOr<HttpResponse> response) {
                           std::lock_guard<std::mutex> lock(mu);
                           ran = true;
                           ran_inside = inside_send_async;
                           ran_on = std::this_thread::get_id();
                           code = response.status().code();
                           cv.notify_all();
                         });
    inside_send_async = false;
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(
        cv.wait_for(lock, std::chrono::seconds(10), [&] { return ran; }));
    EXPECT_FALSE(ran_inside);
    EXPECT_NE(ran_on, std::this_thread::get_id());
    EXPECT_EQ(code, c.code);
  }
}

TEST_F(AsioTransportCallTest, DoneOfACallStartedInADoneRunsLater) {
  // SendAsync() from a `done` runs on the event thread; the new call's
  // `done` must still not run inside that SendAsync().
  std::unique_ptr<AsioTransport> transport = Make(Options());
  ASSERT_NE(transport, nullptr);
  std::atomic<bool> inner_ran_inside{true};
  std::atomic<bool> same_thread{false};
  absl::Notification inner_done;
  transport->SendAsync(
      {"POST", "/orders", "{}"}, In(absl::Seconds(10)),
      [&](absl::StatusOr<HttpResponse> response) {
        ASSERT_TRUE(response.ok()) << response.status();
        const std::thread::id outer = std::this_thread::get_id();
        inside_send_async = true;
        transport->SendAsync(
            {"POST", "/orders", "{}"}, absl::InfinitePast(),
            [&, outer](absl::StatusOr<HttpResponse> inner) {
              inner_ran_inside.store(inside_send_async);
              same_thread.store(std::this_thread::get_id() == outer);
              EXPECT_EQ(inner.status().code(), Code::kDeadlineExceeded);
              inner_done.Notify();
            });
        inside_send_async = false;
      });
  ASSERT_TRUE(inner_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_FALSE(inner_ran_inside.load());
  EXPECT_TRUE(same_thread.load());  // Both on the event thread.
}

TEST_F(AsioTransportCallTest, SendFromTheEventThreadFailsInsteadOfDeadlocking) {
  std::unique_ptr<AsioTransport> transport = Make(Options());
  ASSERT_NE(transport, nullptr);
  absl::Notification done;
  Code code = Code::kOk;
  transport->SendAsync(
      {"POST", "/orders", "{}"}, In(absl::Seconds(10)),
      [&](absl::StatusOr<HttpResponse>) {
        code = transport->Send({"POST", "/orders", "{}"}, In(absl::Seconds(10)))
                   .status()
                   .code();
        done.Notify();
      });
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_EQ(code, Code::kFailedPrecondition);
}

TEST_F(AsioTransportCallTest, CancelBeforeAnythingWasSent) {
  std::unique_ptr<AsioTransport> transport = Make(Options());
  ASSERT_NE(transport, nullptr);
  Outcomes outcomes;
  // The event thread is held (in the completion of a call that ended at
  // once: its deadline had passed) while the call is started and
  // cancelled, so the cancel is in before the call can even connect, on a
  // loaded machine too.
  absl::Notification holding, release;
  transport->SendAsync({"POST", "/slow", "{}"}, absl::Now() - absl::Seconds(1),
                       [&](absl::StatusOr<HttpResponse>) {
                         holding.Notify();
                         release.WaitForNotification();
                       });
  ASSERT_TRUE(holding.WaitForNotificationWithTimeout(absl::Seconds(30)));
  HttpTransport::Cancel cancel = transport->SendAsync(
      {"POST", "/slow", "{}"}, In(absl::Seconds(10)), outcomes.Add());
  cancel();
  release.Notify();
  ASSERT_TRUE(outcomes.WaitFor(1));
  const absl::Status status = outcomes.results()[0].status();
  EXPECT_EQ(status.code(), Code::kCancelled) << status;
  EXPECT_EQ(Reason(status), "MSP_CALL_CANCELLED");
  EXPECT_EQ(Metadata(status, "request_sent"), "false");
  EXPECT_EQ(Metadata(status, "endpoint"), "POST /slow");
  EXPECT_FALSE(GetRetryInfo(status).has_value());
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(server_.requests_started(), 0u);
  EXPECT_EQ(outcomes.size(), 1u);
}

TEST_F(AsioTransportCallTest, CancelWhileWaitingEndsTheCallAtOnce) {
  std::unique_ptr<AsioTransport> transport = Make(Options());
  ASSERT_NE(transport, nullptr);
  Outcomes outcomes;
  HttpTransport::Cancel cancel = transport->SendAsync(
      {"POST", "/slow", "{}"}, In(absl::Seconds(20)), outcomes.Add());
  ASSERT_TRUE(WaitForRequests(1));  // MultiSafepay is "thinking".
  const absl::Time cancelled_at = absl::Now();
  cancel();
  ASSERT_TRUE(outcomes.WaitFor(1, absl::Seconds(5)));
  // The server still holds the request (for 10 s): the call did not wait.
  EXPECT_LT(absl::Now() - cancelled_at, absl::Seconds(1));
  const absl::Status status = outcomes.results()[0].status();
  EXPECT_EQ(status.code(), Code::kCancelled) << status;
  EXPECT_EQ(Reason(status), "MSP_CALL_CANCELLED");
  // The request went out and may be processed.
  EXPECT_EQ(Metadata(status, "request_sent"), "unknown");

  // Idempotent, and a no-op now.
  cancel();
  cancel();
  Release();
  // The cancelled call's connection was closed, not pooled.
  ASSERT_TRUE(
      transport->Send({"POST", "/orders", "{}"}, In(absl::Seconds(10))).ok());
  EXPECT_EQ(transport->connections_created(), 2u);
  EXPECT_EQ(outcomes.size(), 1u);
}

TEST_F(AsioTransportCallTest, CancelAfterCompletionChangesNothing) {
  std::unique_ptr<AsioTransport> transport = Make(Options());
  ASSERT_NE(transport, nullptr);
  Outcomes outcomes;
  HttpTransport::Cancel cancel = transport->SendAsync(
      {"POST", "/orders", "{}"}, In(absl::Seconds(10)), outcomes.Add());
  ASSERT_TRUE(outcomes.WaitFor(1));
  for (int i = 0; i < 3; ++i) cancel();
  // The connection was pooled: the next call reuses it.
  ASSERT_TRUE(
      transport->Send({"POST", "/orders", "{}"}, In(absl::Seconds(10))).ok());
  EXPECT_EQ(transport->connections_created(), 1u);
  absl::SleepFor(absl::Milliseconds(50));
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_TRUE(outcomes.results()[0].ok()) << outcomes.results()[0].status();
  // And after the transport is gone (Cancel must not touch it).
  transport.reset();
  cancel();
}

TEST_F(AsioTransportCallTest, ConcurrentCancelsRunDoneOnce) {
  std::unique_ptr<AsioTransport> transport = Make(Options());
  ASSERT_NE(transport, nullptr);
  constexpr int kCalls = 20;
  Outcomes outcomes;
  std::vector<HttpTransport::Cancel> cancels;
  for (int i = 0; i < kCalls; ++i) {
    cancels.push_back(transport->SendAsync(
        {"POST", "/slow", "{}"}, In(absl::Seconds(20)), outcomes.Add()));
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 3; ++round) {
        for (HttpTransport::Cancel& cancel : cancels) cancel();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  ASSERT_TRUE(outcomes.WaitFor(kCalls, absl::Seconds(5)));
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(outcomes.size(), size_t{kCalls});
  for (const absl::StatusOr<HttpResponse>& result : outcomes.results()) {
    EXPECT_EQ(result.status().code(), Code::kCancelled) << result.status();
  }
  EXPECT_EQ(transport->calls_in_flight(), 0u);
}

TEST_F(AsioTransportCallTest, DestructionCancelsEveryCallInFlight) {
  std::unique_ptr<AsioTransport> transport = Make(Options());
  ASSERT_NE(transport, nullptr);
  constexpr size_t kParked = 20;
  constexpr size_t kQueued = 20;
  Outcomes outcomes;
  std::vector<HttpTransport::Cancel> cancels;
  for (size_t i = 0; i < kParked; ++i) {
    cancels.push_back(transport->SendAsync(
        {"POST", "/slow", "{}"}, In(absl::Seconds(20)), outcomes.Add()));
  }
  // The server's 8 handler threads hold 8 requests; the rest were written
  // and wait in the server's queue.
  ASSERT_TRUE(WaitForRequests(8));
  // And some that have not even started.
  for (size_t i = 0; i < kQueued; ++i) {
    cancels.push_back(transport->SendAsync(
        {"POST", "/slow", "{}"}, In(absl::Seconds(20)), outcomes.Add()));
  }
  EXPECT_EQ(transport->calls_in_flight(), kParked + kQueued);

  const absl::Time start = absl::Now();
  transport.reset();
  // Every `done` ran, exactly once, before the destructor returned, and
  // without waiting for the server (which holds its requests for 10 s).
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  ASSERT_EQ(outcomes.size(), kParked + kQueued);
  size_t unknown = 0;
  for (const absl::StatusOr<HttpResponse>& result : outcomes.results()) {
    EXPECT_EQ(result.status().code(), Code::kCancelled) << result.status();
    EXPECT_EQ(Reason(result.status()), "MSP_CALL_CANCELLED");
    EXPECT_NE(result.status().message().find("shut down"), std::string::npos)
        << result.status();
    if (Metadata(result.status(), "request_sent") == "unknown") ++unknown;
  }
  EXPECT_GE(unknown, 8u);  // At least the requests the server holds.
  for (HttpTransport::Cancel& cancel : cancels) cancel();  // No-ops.
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(outcomes.size(), kParked + kQueued);
}

TEST_F(AsioTransportCallTest, ResolvesHostNamesForConcurrentCalls) {
  // "localhost" goes through the resolver (IP literals skip it); the server
  // listens on 127.0.0.1 only, so an IPv6 address first is tried and
  // skipped.
  AsioTransportOptions options = Options();
  options.base_url =
      absl::StrCat("http://localhost:", server_.port(), "/v1/json");
  std::unique_ptr<AsioTransport> transport = Make(options);
  ASSERT_NE(transport, nullptr);
  constexpr size_t kCalls = 8;
  Outcomes outcomes;
  for (size_t i = 0; i < kCalls; ++i) {
    transport->SendAsync({"POST", "/orders", "{}"}, In(absl::Seconds(10)),
                         outcomes.Add());
  }
  ASSERT_TRUE(outcomes.WaitFor(kCalls));
  for (const absl::StatusOr<HttpResponse>& result : outcomes.results()) {
    ASSERT_TRUE(result.ok()) << result.status();
  }
  const std::vector<TestHttpServer::SeenRequest> seen = server_.requests();
  ASSERT_EQ(seen.size(), kCalls);
  EXPECT_EQ(seen[0].headers.find("Host")->second,
            absl::StrCat("localhost:", server_.port()));
}

// --- Replies Beast cannot hand over as they are ---

// Answers every request with `reply`, then closes.
class CannedServer {
 public:
  explicit CannedServer(std::string reply)
      : server_([reply = std::move(reply)](RawConnection& conn) {
          if (conn.ReadRequest(absl::Seconds(10)).empty()) return;
          conn.Write(reply);
          conn.WaitForClientClose(absl::Seconds(5));
        }) {}
  bool Start() { return server_.Start(); }
  std::string base_url() const { return server_.base_url(); }

 private:
  RawSocketServer server_;
};

absl::StatusOr<HttpResponse> SendTo(const CannedServer& server) {
  AsioTransportOptions options;
  options.base_url = server.base_url();
  std::unique_ptr<AsioTransport> transport = Make(options);
  if (transport == nullptr) return absl::InternalError("no transport");
  return transport->Send({"POST", "/orders", "{}"}, In(absl::Seconds(10)));
}

TEST(AsioTransportReplyTest, EncodedBodyIsRefused) {
  // Nothing asked for it (no Accept-Encoding) and there is no decoder; the
  // request was answered, so request_sent=true.
  CannedServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      "Content-Encoding: gzip\r\nContent-Length: 4\r\n\r\nabcd");
  ASSERT_TRUE(server.Start());
  absl::StatusOr<HttpResponse> response = SendTo(server);
  EXPECT_EQ(response.status().code(), Code::kUnavailable) << response.status();
  EXPECT_EQ(Reason(response.status()), "MSP_INVALID_RESPONSE");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "true");
  EXPECT_TRUE(GetRetryInfo(response.status()).has_value());
}

TEST(AsioTransportReplyTest, IdentityEncodingIsAccepted) {
  CannedServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      "Content-Encoding: identity\r\nContent-Length: 2\r\n\r\n{}");
  ASSERT_TRUE(server.Start());
  absl::StatusOr<HttpResponse> response = SendTo(server);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body, "{}");
}

TEST(AsioTransportReplyTest, HugeHeadersAreRefused) {
  CannedServer server(
      absl::StrCat("HTTP/1.1 200 OK\r\nX-Big: ", std::string(100 * 1024, 'a'),
                   "\r\nContent-Length: 2\r\n\r\n{}"));
  ASSERT_TRUE(server.Start());
  absl::StatusOr<HttpResponse> response = SendTo(server);
  EXPECT_EQ(response.status().code(), Code::kUnknown) << response.status();
  EXPECT_EQ(Reason(response.status()), "MSP_RESPONSE_TOO_LARGE");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "unknown");
  EXPECT_EQ(Metadata(response.status(), "max_header_bytes"), "65536");
  EXPECT_FALSE(GetRetryInfo(response.status()).has_value());
}

TEST(AsioTransportReplyTest, GarbledReplyIsAConnectionFailure) {
  CannedServer server("SMTP ready\r\n\r\n");
  ASSERT_TRUE(server.Start());
  absl::StatusOr<HttpResponse> response = SendTo(server);
  EXPECT_EQ(response.status().code(), Code::kUnavailable) << response.status();
  EXPECT_EQ(Reason(response.status()), "MSP_CONNECTION_FAILED");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "unknown");
}

// --- The TLS handshake is part of the bounded call ---

// Accepts TCP connections and never speaks: a TLS client's handshake
// stalls.
class SilentServer {
 public:
  SilentServer()
      : server_([this](RawConnection& conn) {
          client_closed_.store(conn.WaitForClientClose(absl::Seconds(20)));
          done_.Notify();
        }) {}
  bool Start() { return server_.Start(); }
  std::string https_url() const {
    return absl::StrCat("https://127.0.0.1:", server_.port(), "/v1/json");
  }
  bool ClientClosed() {
    done_.WaitForNotificationWithTimeout(absl::Seconds(30));
    return client_closed_.load();
  }

 private:
  absl::Notification done_;
  std::atomic<bool> client_closed_{false};
  RawSocketServer server_;  // Last: its thread uses the members above.
};

// Writes `cert`'s PEM to a file and returns its path.
std::string WriteCa(const TestCertificate& cert, absl::string_view name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path =
      absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
  EXPECT_TRUE(WriteTestFile(path, cert.cert_pem).ok());
  return path;
}

// A CA file for a server that never gets as far as presenting a
// certificate.
std::string WriteSomeCa(absl::string_view name) {
  absl::StatusOr<TestCertificate> cert = MakeSelfSignedCertificate("msp-a");
  EXPECT_TRUE(cert.ok()) << cert.status();
  return cert.ok() ? WriteCa(*cert, name) : "";
}

// https://localhost: the certificate's DNS name is checked (the shared TLS
// tests cover IP addresses).
TEST(AsioTransportTlsTest, VerifiesTheHostName) {
  for (const bool matching : {true, false}) {
    SCOPED_TRACE(matching ? "DNS:localhost" : "DNS:api.multisafepay.com");
    absl::StatusOr<TestCertificate> cert = MakeSelfSignedCertificate(
        "msp-a", matching ? "DNS:localhost" : "DNS:api.multisafepay.com");
    ASSERT_TRUE(cert.ok()) << cert.status();
    TestHttpServer server(cert->cert.get(), cert->key.get());
    server.server().Post("/v1/json/orders",
                         [](const httplib::Request&, httplib::Response& res) {
                           res.set_content(kSuccess, "application/json");
                         });
    ASSERT_TRUE(server.Start());
    AsioTransportOptions options;
    options.base_url =
        absl::StrCat("https://localhost:", server.port(), "/v1/json");
    options.ca_cert_file = WriteCa(*cert, "ca_localhost.pem");
    std::unique_ptr<AsioTransport> transport = Make(options);
    ASSERT_NE(transport, nullptr);
    absl::StatusOr<HttpResponse> response =
        transport->Send({"POST", "/orders", "{}"}, In(absl::Seconds(10)));
    if (matching) {
      ASSERT_TRUE(response.ok()) << response.status();
      EXPECT_EQ(response->body, kSuccess);
    } else {
      EXPECT_EQ(response.status().code(), Code::kUnavailable);
      EXPECT_EQ(Reason(response.status()), "MSP_TLS_FAILED");
      EXPECT_EQ(Metadata(response.status(), "tls_error"),
                "certificate does not match the host");
      EXPECT_EQ(server.requests_started(), 0u);
    }
  }
}

TEST(AsioTransportTlsTest, StalledHandshakeEndsByTheDeadline) {
  SilentServer server;
  ASSERT_TRUE(server.Start());
  AsioTransportOptions options;
  options.base_url = server.https_url();
  options.ca_cert_file = WriteSomeCa("ca_silent.pem");
  options.connect_timeout = absl::Seconds(30);
  std::unique_ptr<AsioTransport> transport = Make(options);
  ASSERT_NE(transport, nullptr);

  const absl::Time start = absl::Now();
  absl::StatusOr<HttpResponse> response = transport->Send(
      {"POST", "/orders", "{}"}, start + absl::Milliseconds(300));
  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_EQ(response.status().code(), Code::kDeadlineExceeded)
      << response.status();
  EXPECT_EQ(Reason(response.status()), "MSP_TIMEOUT");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "false");
  EXPECT_EQ(Metadata(response.status(), "limit"), "deadline");
  EXPECT_GE(elapsed, absl::Milliseconds(290));
  EXPECT_LT(elapsed, absl::Milliseconds(1300));
  EXPECT_TRUE(server.ClientClosed());
  // The TCP connection was made; no TLS session came of it.
  EXPECT_EQ(transport->connections_created(), 1u);
  EXPECT_EQ(transport->tls_sessions_resumed(), 0u);
}

TEST(AsioTransportTlsTest, StalledHandshakeIsAConnectTimeoutWithTimeLeft) {
  SilentServer server;
  ASSERT_TRUE(server.Start());
  AsioTransportOptions options;
  options.base_url = server.https_url();
  options.ca_cert_file = WriteSomeCa("ca_silent2.pem");
  options.connect_timeout = absl::Milliseconds(300);
  std::unique_ptr<AsioTransport> transport = Make(options);
  ASSERT_NE(transport, nullptr);

  absl::StatusOr<HttpResponse> response =
      transport->Send({"POST", "/orders", "{}"}, In(absl::Seconds(30)));
  // Nothing was sent and the caller still has time: retryable.
  EXPECT_EQ(response.status().code(), Code::kUnavailable) << response.status();
  EXPECT_EQ(Reason(response.status()), "MSP_CONNECT_TIMEOUT");
  EXPECT_EQ(Metadata(response.status(), "request_sent"), "false");
  EXPECT_EQ(Metadata(response.status(), "limit"), "connect_timeout");
  EXPECT_TRUE(GetRetryInfo(response.status()).has_value());
  EXPECT_TRUE(server.ClientClosed());
}

}  // namespace
}  // namespace msp_gateway
