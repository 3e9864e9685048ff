// Copyright 2026 The msp-gateway Authors.
//
// OrderEventWatcher over a real socket against FakePaymentServer's scripted
// WatchOrderEvents streams: what it delivers, where it resumes (the
// after_cursor the server received on each call), which ends it survives
// and which stop it, and how it stops.

#include "client/order_event_watcher.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/call_error.h"
#include "client/payment_client.h"
#include "client/testing/fake_payment_server.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.grpc.pb.h"

namespace payments_client {
namespace {

using ::payments::v1::OrderEvent;
using ::payments::v1::WatchOrderEventsRequest;
using ::payments_client::testing::FakePaymentServer;
using ::payments_client::testing::kWatchOrderEvents;
using ::payments_client::testing::Recorded;
using ::payments_client::testing::StreamAnswer;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Long enough for a loaded 2-core machine; the tests end as soon as the
// awaited thing happens.
constexpr absl::Duration kTimeout = absl::Seconds(10);
// What "promptly" means for Stop().
constexpr absl::Duration kPrompt = absl::Seconds(2);

OrderEvent Event(int64_t cursor, const std::string& order_id = "order-1") {
  OrderEvent event;
  event.set_cursor(absl::StrCat(cursor));
  event.set_order_id(order_id);
  event.set_status(payments::v1::ORDER_STATUS_COMPLETED);
  event.set_source(payments::v1::ORDER_EVENT_SOURCE_NOTIFICATION);
  return event;
}

std::vector<OrderEvent> Events(std::vector<int64_t> cursors) {
  std::vector<OrderEvent> events;
  for (int64_t cursor : cursors) events.push_back(Event(cursor));
  return events;
}

// An error as the gateway sends it: code, message, ErrorInfo in its domain.
absl::Status GatewayError(absl::StatusCode code, const std::string& reason,
                          std::map<std::string, std::string> metadata = {}) {
  CallError error;
  error.code = code;
  error.message = absl::StrCat(reason, " (scripted)");
  error.error_info = ErrorInfo{reason, "msp-gateway", std::move(metadata)};
  return error.ToStatus();
}

absl::Status ShuttingDown(const std::string& last_cursor) {
  return GatewayError(absl::StatusCode::kUnavailable, "SHUTTING_DOWN",
                      {{"last_cursor", last_cursor}});
}

// What the callbacks saw.
class Recorder {
 public:
  WatchCallbacks Callbacks() {
    WatchCallbacks callbacks;
    callbacks.on_event = [this](const OrderEvent& event) {
      absl::MutexLock lock(&mu_);
      cursors_.push_back(event.cursor());
      order_ids_.push_back(event.order_id());
    };
    callbacks.on_stopped = [this](const absl::Status& status) {
      absl::MutexLock lock(&mu_);
      stopped_.push_back(status);
    };
    callbacks.on_reconnect = [this](const absl::Status& status,
                                    absl::Duration backoff) {
      absl::MutexLock lock(&mu_);
      reconnects_.push_back(status);
      backoffs_.push_back(backoff);
    };
    return callbacks;
  }

  bool WaitForEvents(size_t n, absl::Duration timeout = kTimeout) {
    absl::MutexLock lock(&mu_);
    auto enough = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return cursors_.size() >= n;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
  }
  bool WaitForReconnects(size_t n, absl::Duration timeout = kTimeout) {
    absl::MutexLock lock(&mu_);
    auto enough = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return reconnects_.size() >= n;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
  }

  std::vector<std::string> cursors() const {
    absl::MutexLock lock(&mu_);
    return cursors_;
  }
  std::vector<std::string> order_ids() const {
    absl::MutexLock lock(&mu_);
    return order_ids_;
  }
  std::vector<absl::Status> stopped() const {
    absl::MutexLock lock(&mu_);
    return stopped_;
  }
  std::vector<absl::Status> reconnects() const {
    absl::MutexLock lock(&mu_);
    return reconnects_;
  }
  std::vector<absl::Duration> backoffs() const {
    absl::MutexLock lock(&mu_);
    return backoffs_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<std::string> cursors_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> order_ids_ ABSL_GUARDED_BY(mu_);
  std::vector<absl::Status> stopped_ ABSL_GUARDED_BY(mu_);
  std::vector<absl::Status> reconnects_ ABSL_GUARDED_BY(mu_);
  std::vector<absl::Duration> backoffs_ ABSL_GUARDED_BY(mu_);
};

class OrderEventWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = FakePaymentServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ClientOptions client_options;
    client_options.user_agent = "order-event-watcher-test/1";
    auto client = PaymentClient::Create(server_->target(), client_options);
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = *std::move(client);
    // Fast reconnects, so the tests take milliseconds.
    options_.initial_backoff = absl::Milliseconds(5);
    options_.max_backoff = absl::Milliseconds(50);
  }

  std::unique_ptr<OrderEventWatcher> StartWatcher() {
    auto watcher = client_->WatchOrderEvents(options_, recorder_.Callbacks());
    EXPECT_TRUE(watcher.ok()) << watcher.status();
    return watcher.ok() ? *std::move(watcher) : nullptr;
  }

  // The after_cursor of every call the server received, in order.
  std::vector<std::string> AfterCursors() const {
    std::vector<std::string> out;
    for (const WatchOrderEventsRequest& request :
         server_->requests(kWatchOrderEvents)) {
      out.push_back(request.after_cursor());
    }
    return out;
  }

  // last_cursor() moves when on_event has returned, just after the
  // Recorder saw the event: wait for it.
  static std::string LastCursorOnceAt(const OrderEventWatcher& watcher,
                                      const std::string& expected) {
    const absl::Time deadline = absl::Now() + kTimeout;
    std::string cursor = watcher.last_cursor();
    while (cursor != expected && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(1));
      cursor = watcher.last_cursor();
    }
    return cursor;
  }

  // The watcher's final status, failing the test if it does not stop.
  absl::Status StoppedStatus(OrderEventWatcher& watcher) {
    std::optional<absl::Status> status = watcher.WaitFor(kTimeout);
    EXPECT_TRUE(status.has_value()) << "the watcher did not stop";
    return status.value_or(absl::UnknownError("still running"));
  }

  std::unique_ptr<FakePaymentServer> server_;
  std::unique_ptr<PaymentClient> client_;
  WatchOptions options_;
  Recorder recorder_;
};

TEST_F(OrderEventWatcherTest,
       ReplaysThenResumesAfterUnavailableFromLastCursor) {
  server_->EnqueueStream(
      StreamAnswer::Ending(Events({1, 2, 3}), ShuttingDown("3")));
  server_->EnqueueStream(StreamAnswer::Open(Events({4, 5})));

  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(5));

  EXPECT_THAT(recorder_.cursors(), ElementsAre("1", "2", "3", "4", "5"));
  // From the oldest, then after the last event delivered.
  EXPECT_THAT(AfterCursors(), ElementsAre("", "3"));
  ASSERT_EQ(recorder_.reconnects().size(), 1u);
  EXPECT_EQ(recorder_.reconnects()[0].code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(LastCursorOnceAt(*watcher, "5"), "5");
  EXPECT_EQ(watcher->attempts(), 2);
  EXPECT_FALSE(watcher->WaitFor(absl::ZeroDuration()).has_value());

  // Then live: what the gateway records now reaches the open stream.
  EXPECT_EQ(server_->PublishEvent(Event(6)), 1u);
  ASSERT_TRUE(recorder_.WaitForEvents(6));
  EXPECT_EQ(LastCursorOnceAt(*watcher, "6"), "6");

  watcher->Stop();
  EXPECT_TRUE(StoppedStatus(*watcher).ok());
  EXPECT_THAT(recorder_.stopped(), ElementsAre(absl::OkStatus()));
  EXPECT_EQ(server_->call_count(kWatchOrderEvents), 2u);
}

TEST_F(OrderEventWatcherTest, StartsAfterTheGivenCursor) {
  options_.after_cursor = "41";
  server_->EnqueueStream(StreamAnswer::Open(Events({42})));

  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  EXPECT_EQ(watcher->last_cursor(), "41");
  ASSERT_TRUE(recorder_.WaitForEvents(1));

  EXPECT_THAT(AfterCursors(), ElementsAre("41"));
  EXPECT_EQ(LastCursorOnceAt(*watcher, "42"), "42");
}

TEST_F(OrderEventWatcherTest, ResumesAfterResourceExhausted) {
  options_.after_cursor = "9";
  server_->EnqueueStream(StreamAnswer::Ending(
      Events({10, 11}),
      GatewayError(absl::StatusCode::kResourceExhausted, "SLOW_CONSUMER",
                   {{"last_cursor", "11"}})));
  server_->EnqueueStream(StreamAnswer::Open(Events({12})));

  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(3));

  EXPECT_THAT(recorder_.cursors(), ElementsAre("10", "11", "12"));
  EXPECT_THAT(AfterCursors(), ElementsAre("9", "11"));
  ASSERT_EQ(recorder_.reconnects().size(), 1u);
  const CallError error = CallError::FromStatus(recorder_.reconnects()[0]);
  EXPECT_EQ(error.code, absl::StatusCode::kResourceExhausted);
  ASSERT_TRUE(error.error_info.has_value());
  EXPECT_EQ(error.error_info->reason, "SLOW_CONSUMER");
}

TEST_F(OrderEventWatcherTest, ExactlyOnceInCursorOrderAcrossReconnects) {
  // Each resumed stream resends some of what was already delivered (as a
  // gateway that lost track of what it sent could), and one repeats an
  // event within itself.
  server_->EnqueueStream(
      StreamAnswer::Ending(Events({1, 2, 3}), ShuttingDown("3")));
  server_->EnqueueStream(StreamAnswer::Ending(
      Events({2, 3, 4, 5}),
      GatewayError(absl::StatusCode::kResourceExhausted, "SLOW_CONSUMER")));
  server_->EnqueueStream(StreamAnswer::Ending(
      Events({6, 6}), absl::InternalError("RST_STREAM with error code 2")));
  server_->EnqueueStream(StreamAnswer::Open(Events({5, 1, 6, 7})));

  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(7));
  ASSERT_TRUE(server_->WaitForCalls(kWatchOrderEvents, 4, kTimeout));
  // Nothing more is coming: the last stream is open and has sent all.
  server_->PublishEvent(Event(8));
  ASSERT_TRUE(recorder_.WaitForEvents(8));

  EXPECT_THAT(recorder_.cursors(),
              ElementsAre("1", "2", "3", "4", "5", "6", "7", "8"));
  EXPECT_THAT(AfterCursors(), ElementsAre("", "3", "5", "6"));
  // 2, 3 | 6 | 5, 1, 6.
  EXPECT_EQ(watcher->duplicates_dropped(), 6);
}

TEST_F(OrderEventWatcherTest, DropsAnEventResentWithinTheSameStream) {
  server_->EnqueueStream(StreamAnswer::Open(Events({1, 2, 2, 1, 3})));

  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(3));
  server_->PublishEvent(Event(3));  // Again, live.
  server_->PublishEvent(Event(4));
  ASSERT_TRUE(recorder_.WaitForEvents(4));

  EXPECT_THAT(recorder_.cursors(), ElementsAre("1", "2", "3", "4"));
  EXPECT_EQ(watcher->duplicates_dropped(), 3);
}

TEST_F(OrderEventWatcherTest, ComparesCursorsAsNumbersNotStrings) {
  // "10" < "9" as strings; the watcher must not drop 10 after 9.
  server_->EnqueueStream(StreamAnswer::Open(Events({8, 9, 10, 100})));

  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(4));
  EXPECT_THAT(recorder_.cursors(), ElementsAre("8", "9", "10", "100"));
}

TEST_F(OrderEventWatcherTest, OutOfRangeStopsWithThatStatus) {
  options_.after_cursor = "5";
  server_->EnqueueStream(StreamAnswer::Ending(
      {}, GatewayError(absl::StatusCode::kOutOfRange, "CURSOR_EXPIRED",
                       {{"oldest_cursor", "100"}, {"last_cursor", "5"}})));
  // Would be used by a (wrong) reconnect.
  server_->EnqueueStream(StreamAnswer::Open(Events({101})));

  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  const absl::Status status = StoppedStatus(*watcher);

  EXPECT_EQ(status.code(), absl::StatusCode::kOutOfRange);
  const CallError error = CallError::FromStatus(status);
  ASSERT_TRUE(error.error_info.has_value());
  EXPECT_EQ(error.error_info->reason, "CURSOR_EXPIRED");
  EXPECT_EQ(error.error_info->metadata.at("oldest_cursor"), "100");
  ASSERT_EQ(recorder_.stopped().size(), 1u);
  EXPECT_EQ(recorder_.stopped()[0], status);
  EXPECT_EQ(watcher->Wait(), status);
  EXPECT_EQ(server_->call_count(kWatchOrderEvents), 1u);
  EXPECT_THAT(recorder_.cursors(), IsEmpty());
  EXPECT_THAT(recorder_.reconnects(), IsEmpty());
  EXPECT_EQ(watcher->last_cursor(), "5");
}

TEST_F(OrderEventWatcherTest, StopsOnEveryErrorThatCallingAgainCannotFix) {
  const std::vector<absl::Status> finals = {
      GatewayError(absl::StatusCode::kOutOfRange, "CURSOR_UNKNOWN",
                   {{"newest_cursor", "3"}}),
      GatewayError(absl::StatusCode::kInvalidArgument, "MALFORMED_REQUEST"),
      absl::FailedPreconditionError("order events are not configured"),
      absl::UnauthenticatedError("no credentials"),
      absl::PermissionDeniedError("not allowed"),
      absl::UnimplementedError("unknown method"),
      absl::NotFoundError("no such thing"),
      // The gateway's own INTERNAL (an event it cannot decode) would come
      // back on every call.
      GatewayError(absl::StatusCode::kInternal, "UNREADABLE_EVENT",
                   {{"event_cursor", "2"}}),
  };
  for (const absl::Status& final_status : finals) {
    SCOPED_TRACE(final_status.ToString());
    server_->Reset();
    Recorder recorder;
    server_->EnqueueStream(StreamAnswer::Ending(Events({1}), final_status));
    server_->EnqueueStream(StreamAnswer::Open(Events({2})));

    auto watcher = client_->WatchOrderEvents(options_, recorder.Callbacks());
    ASSERT_TRUE(watcher.ok()) << watcher.status();
    const std::optional<absl::Status> status = (*watcher)->WaitFor(kTimeout);

    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->code(), final_status.code());
    EXPECT_EQ(status->message(), final_status.message());
    EXPECT_THAT(recorder.stopped(), ElementsAre(*status));
    EXPECT_THAT(recorder.cursors(), ElementsAre("1"));
    EXPECT_EQ(server_->call_count(kWatchOrderEvents), 1u);
  }
}

TEST_F(OrderEventWatcherTest, ResumesAfterEveryEndThatCallingAgainMayFix) {
  const std::vector<absl::Status> ends = {
      absl::UnavailableError("connection lost"),
      GatewayError(absl::StatusCode::kUnavailable, "STORE_UNAVAILABLE"),
      GatewayError(absl::StatusCode::kResourceExhausted, "STORE_BUSY"),
      absl::DeadlineExceededError("deadline"),
      absl::AbortedError("aborted"),
      absl::CancelledError("cancelled by a proxy"),
      absl::UnknownError("stream removed"),
      absl::InternalError("RST_STREAM with error code 2"),
      absl::OkStatus(),  // The gateway never ends a stream itself; a proxy may.
  };
  for (const absl::Status& end : ends) {
    SCOPED_TRACE(end.ToString());
    server_->Reset();
    Recorder recorder;
    server_->EnqueueStream(StreamAnswer::Ending(Events({1, 2}), end));
    server_->EnqueueStream(StreamAnswer::Open(Events({3})));

    auto watcher = client_->WatchOrderEvents(options_, recorder.Callbacks());
    ASSERT_TRUE(watcher.ok()) << watcher.status();
    ASSERT_TRUE(recorder.WaitForEvents(3));

    EXPECT_THAT(recorder.cursors(), ElementsAre("1", "2", "3"));
    EXPECT_THAT(AfterCursors(), ElementsAre("", "2"));
    ASSERT_EQ(recorder.reconnects().size(), 1u);
    EXPECT_EQ(recorder.reconnects()[0].code(), end.code());
    EXPECT_FALSE((*watcher)->WaitFor(absl::ZeroDuration()).has_value());
    (*watcher)->Stop();
    EXPECT_THAT(recorder.stopped(), ElementsAre(absl::OkStatus()));
  }
}

TEST_F(OrderEventWatcherTest, StopWhileBlockedInReadReturnsPromptly) {
  server_->EnqueueStream(StreamAnswer::Open(Events({1})));
  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(1));

  // The stream is open with nothing to send: the watcher is in Read().
  const absl::Time start = absl::Now();
  watcher->Stop();
  EXPECT_LT(absl::Now() - start, kPrompt);

  // Stopped, with its callback run, before Stop() returned.
  EXPECT_EQ(watcher->WaitFor(absl::ZeroDuration()), absl::OkStatus());
  EXPECT_THAT(recorder_.stopped(), ElementsAre(absl::OkStatus()));
  EXPECT_EQ(watcher->last_cursor(), "1");
  // The server saw the call cancelled (it notices within milliseconds).
  const absl::Time deadline = absl::Now() + kTimeout;
  while (!server_->calls(kWatchOrderEvents)[0].cancelled &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_TRUE(server_->calls(kWatchOrderEvents)[0].cancelled);
  EXPECT_EQ(server_->call_count(kWatchOrderEvents), 1u);
  watcher->Stop();  // Idempotent.
}

TEST_F(OrderEventWatcherTest, StopDuringTheBackoffReturnsPromptly) {
  options_.initial_backoff = absl::Seconds(30);
  options_.max_backoff = absl::Seconds(30);
  server_->EnqueueStream(StreamAnswer::Ending(Events({1}), ShuttingDown("1")));
  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForReconnects(1));

  const absl::Time start = absl::Now();
  watcher->Stop();
  EXPECT_LT(absl::Now() - start, kPrompt);
  EXPECT_THAT(recorder_.stopped(), ElementsAre(absl::OkStatus()));
  EXPECT_EQ(server_->call_count(kWatchOrderEvents), 1u);
}

TEST_F(OrderEventWatcherTest, DestroyingTheWatcherStopsIt) {
  server_->EnqueueStream(StreamAnswer::Open(Events({1})));
  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(1));

  const absl::Time start = absl::Now();
  watcher.reset();
  EXPECT_LT(absl::Now() - start, kPrompt);
  EXPECT_THAT(recorder_.stopped(), ElementsAre(absl::OkStatus()));
}

TEST_F(OrderEventWatcherTest, StopFromTheEventCallback) {
  server_->EnqueueStream(StreamAnswer::Open(Events({1, 2, 3})));
  absl::Notification started;
  OrderEventWatcher* raw = nullptr;
  WatchCallbacks callbacks = recorder_.Callbacks();
  auto record = callbacks.on_event;
  callbacks.on_event = [&](const OrderEvent& event) {
    record(event);
    started.WaitForNotification();
    if (event.cursor() == "2") raw->Stop();  // Does not wait for itself.
  };
  auto watcher = client_->WatchOrderEvents(options_, std::move(callbacks));
  ASSERT_TRUE(watcher.ok()) << watcher.status();
  raw = watcher->get();
  started.Notify();

  EXPECT_EQ(StoppedStatus(**watcher), absl::OkStatus());
  EXPECT_THAT(recorder_.cursors(), ElementsAre("1", "2"));
  EXPECT_EQ((*watcher)->last_cursor(), "2");
}

TEST_F(OrderEventWatcherTest, PassesOrderIdsOnEveryCall) {
  options_.order_ids = {"order-a", "order-b"};
  server_->EnqueueStream(
      StreamAnswer::Ending({Event(1, "order-a")}, ShuttingDown("1")));
  server_->EnqueueStream(StreamAnswer::Open({Event(2, "order-b")}));

  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(2));

  const std::vector<WatchOrderEventsRequest> requests =
      server_->requests(kWatchOrderEvents);
  ASSERT_EQ(requests.size(), 2u);
  for (const WatchOrderEventsRequest& request : requests) {
    EXPECT_THAT(request.order_ids(), ElementsAre("order-a", "order-b"));
  }
  EXPECT_THAT(recorder_.order_ids(), ElementsAre("order-a", "order-b"));
  // The client's channel: its user agent, and no deadline by default.
  const Recorded<WatchOrderEventsRequest> call =
      server_->calls(kWatchOrderEvents)[0];
  auto agent = call.metadata.find("user-agent");
  ASSERT_NE(agent, call.metadata.end());
  EXPECT_THAT(agent->second,
              ::testing::StartsWith("order-event-watcher-test/1"));
  EXPECT_EQ(call.deadline, absl::InfiniteFuture());
}

TEST_F(OrderEventWatcherTest, AttemptDeadlineEndsEachStreamAndItResumes) {
  options_.attempt_deadline = absl::Milliseconds(200);
  server_->EnqueueStream(StreamAnswer::Open(Events({1})));
  server_->EnqueueStream(StreamAnswer::Open(Events({2})));

  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(2));

  // (A third call may follow once the second stream's deadline passes.)
  const std::vector<std::string> after = AfterCursors();
  ASSERT_GE(after.size(), 2u);
  EXPECT_EQ(after[0], "");
  EXPECT_EQ(after[1], "1");
  ASSERT_GE(recorder_.reconnects().size(), 1u);
  EXPECT_EQ(recorder_.reconnects()[0].code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(server_->calls(kWatchOrderEvents)[0].deadline,
            absl::Now() + absl::Seconds(1));
}

TEST_F(OrderEventWatcherTest, KeepsReconnectingWhileTheGatewayIsDown) {
  options_.initial_backoff = absl::Milliseconds(20);
  options_.max_backoff = absl::Milliseconds(80);
  server_->EnqueueStream(StreamAnswer::Open(Events({1})));
  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(1));

  // The fake ends the open stream with UNAVAILABLE, then refuses
  // connections: real transport failures from then on.
  server_->Shutdown();
  ASSERT_TRUE(recorder_.WaitForReconnects(5));

  EXPECT_FALSE(watcher->WaitFor(absl::ZeroDuration()).has_value());
  for (const absl::Status& status : recorder_.reconnects()) {
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  }
  // Backoff: 20 ms (the stream delivered an event), 40, 80, 80, ... +-20 %.
  const std::vector<absl::Duration> backoffs = recorder_.backoffs();
  const std::vector<absl::Duration> expected = {
      absl::Milliseconds(20), absl::Milliseconds(40), absl::Milliseconds(80),
      absl::Milliseconds(80), absl::Milliseconds(80)};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_GE(backoffs[i], expected[i] * 0.8) << i;
    EXPECT_LE(backoffs[i], expected[i] * 1.2) << i;
  }
  EXPECT_GE(watcher->attempts(), 5);
  EXPECT_EQ(watcher->last_cursor(), "1");

  const absl::Time start = absl::Now();
  watcher->Stop();
  EXPECT_LT(absl::Now() - start, kPrompt);
  EXPECT_THAT(recorder_.stopped(), ElementsAre(absl::OkStatus()));
}

TEST_F(OrderEventWatcherTest, ReachesAGatewayThatIsBackOnItsOwnSchedule) {
  options_.initial_backoff = absl::Milliseconds(20);
  options_.max_backoff = absl::Milliseconds(50);
  server_->EnqueueStream(StreamAnswer::Open(Events({1})));
  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(1));
  const int port = server_->port();
  server_->Shutdown();
  // The fake's own UNAVAILABLE, then the first refused connection.
  ASSERT_TRUE(recorder_.WaitForReconnects(2));
  const absl::Time first_refused = absl::Now();

  // gRPC would try to connect again 0.8-1.2 s after the first failure,
  // then 1.28-1.92 s after that; restart in between. The watcher resets
  // that backoff, so its own (<= 60 ms) decides.
  absl::SleepFor(first_refused + absl::Milliseconds(1300) - absl::Now());
  FakePaymentServer::Options back_options;
  back_options.port = port;
  auto back = FakePaymentServer::Start(back_options);
  ASSERT_TRUE(back.ok()) << back.status();
  (*back)->EnqueueStream(StreamAnswer::Open(Events({2})));
  const absl::Time restarted = absl::Now();

  ASSERT_TRUE(recorder_.WaitForEvents(2));
  EXPECT_LT(absl::Now() - restarted, absl::Milliseconds(600));
  EXPECT_EQ((*back)->requests(kWatchOrderEvents)[0].after_cursor(), "1");
  watcher->Stop();
}

TEST_F(OrderEventWatcherTest, BackoffStartsOverAfterProgress) {
  options_.initial_backoff = absl::Milliseconds(10);
  options_.max_backoff = absl::Seconds(1);
  // Two failures without events, then one with, then one without.
  server_->EnqueueStream(StreamAnswer::Ending({}, ShuttingDown("")));
  server_->EnqueueStream(StreamAnswer::Ending({}, ShuttingDown("")));
  server_->EnqueueStream(StreamAnswer::Ending(Events({1}), ShuttingDown("1")));
  server_->EnqueueStream(StreamAnswer::Ending({}, ShuttingDown("1")));
  server_->EnqueueStream(StreamAnswer::Open());

  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForReconnects(4));
  ASSERT_TRUE(server_->WaitForCalls(kWatchOrderEvents, 5, kTimeout));

  const std::vector<absl::Duration> backoffs = recorder_.backoffs();
  const std::vector<absl::Duration> expected = {
      absl::Milliseconds(10), absl::Milliseconds(20), absl::Milliseconds(10),
      absl::Milliseconds(20)};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_GE(backoffs[i], expected[i] * 0.8) << i;
    EXPECT_LE(backoffs[i], expected[i] * 1.2) << i;
  }
  EXPECT_THAT(AfterCursors(), ElementsAre("", "", "", "1", "1"));
}

TEST_F(OrderEventWatcherTest, WaitsAtLeastTheRetryDelayTheGatewayAsks) {
  CallError busy;
  busy.code = absl::StatusCode::kResourceExhausted;
  busy.message = "busy";
  busy.error_info = ErrorInfo{"STORE_BUSY", "msp-gateway", {}};
  busy.retry_delay = absl::Milliseconds(300);
  server_->EnqueueStream(StreamAnswer::Ending({}, busy.ToStatus()));
  server_->EnqueueStream(StreamAnswer::Open(Events({1})));

  const absl::Time start = absl::Now();
  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(1));

  EXPECT_GE(absl::Now() - start, absl::Milliseconds(300));
  ASSERT_EQ(recorder_.backoffs().size(), 1u);
  EXPECT_GE(recorder_.backoffs()[0], absl::Milliseconds(300));
}

TEST_F(OrderEventWatcherTest, AnEventWithoutADecimalCursorStopsTheWatcher) {
  OrderEvent bad = Event(0);
  bad.set_cursor("not-a-cursor");
  server_->EnqueueStream(StreamAnswer::Open({Event(1), bad, Event(3)}));

  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  const absl::Status status = StoppedStatus(*watcher);

  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()),
              ::testing::HasSubstr("not-a-cursor"));
  EXPECT_THAT(recorder_.cursors(), ElementsAre("1"));
  EXPECT_EQ(watcher->last_cursor(), "1");
  EXPECT_EQ(server_->call_count(kWatchOrderEvents), 1u);
}

TEST_F(OrderEventWatcherTest, WorksOnAPlainStub) {
  std::shared_ptr<payments::v1::PaymentService::StubInterface> stub =
      payments::v1::PaymentService::NewStub(grpc::CreateChannel(
          server_->target(), grpc::InsecureChannelCredentials()));
  server_->EnqueueStream(StreamAnswer::Open(Events({7})));

  auto watcher = OrderEventWatcher::StartForStub(std::move(stub), {},
                                                 recorder_.Callbacks());
  ASSERT_TRUE(watcher.ok()) << watcher.status();
  ASSERT_TRUE(recorder_.WaitForEvents(1));
  EXPECT_THAT(recorder_.cursors(), ElementsAre("7"));
}

TEST_F(OrderEventWatcherTest, OutlivesItsClient) {
  server_->EnqueueStream(StreamAnswer::Ending(Events({1}), ShuttingDown("1")));
  server_->EnqueueStream(StreamAnswer::Open());
  std::unique_ptr<OrderEventWatcher> watcher = StartWatcher();
  ASSERT_TRUE(recorder_.WaitForEvents(1));
  client_.reset();

  ASSERT_TRUE(server_->WaitForCalls(kWatchOrderEvents, 2, kTimeout));
  server_->PublishEvent(Event(2));
  ASSERT_TRUE(recorder_.WaitForEvents(2));
  EXPECT_THAT(recorder_.cursors(), ElementsAre("1", "2"));
}

TEST_F(OrderEventWatcherTest, RefusesBadOptions) {
  auto start = [this](const WatchOptions& options,
                      WatchCallbacks callbacks) -> absl::Status {
    return client_->WatchOrderEvents(options, std::move(callbacks)).status();
  };
  for (const char* cursor :
       {"abc", "-1", "+5", " 5", "5 ", "1.0", "99999999999999999999"}) {
    WatchOptions options = options_;
    options.after_cursor = cursor;
    EXPECT_EQ(start(options, recorder_.Callbacks()).code(),
              absl::StatusCode::kInvalidArgument)
        << cursor;
  }
  WatchOptions options = options_;
  options.initial_backoff = absl::ZeroDuration();
  EXPECT_EQ(start(options, recorder_.Callbacks()).code(),
            absl::StatusCode::kInvalidArgument);
  options = options_;
  options.max_backoff = absl::Milliseconds(1);  // < initial_backoff
  EXPECT_EQ(start(options, recorder_.Callbacks()).code(),
            absl::StatusCode::kInvalidArgument);
  options = options_;
  options.backoff_multiplier = 0.5;
  EXPECT_EQ(start(options, recorder_.Callbacks()).code(),
            absl::StatusCode::kInvalidArgument);
  options = options_;
  options.attempt_deadline = absl::ZeroDuration();
  EXPECT_EQ(start(options, recorder_.Callbacks()).code(),
            absl::StatusCode::kInvalidArgument);
  WatchCallbacks no_event = recorder_.Callbacks();
  no_event.on_event = nullptr;
  EXPECT_EQ(start(options_, no_event).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OrderEventWatcher::Start(nullptr, options_, recorder_.Callbacks())
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      OrderEventWatcher::StartForStub(nullptr, options_, recorder_.Callbacks())
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);

  // The largest int64 is a cursor.
  options = options_;
  options.after_cursor = "9223372036854775807";
  auto watcher = client_->WatchOrderEvents(options, recorder_.Callbacks());
  ASSERT_TRUE(watcher.ok()) << watcher.status();
  ASSERT_TRUE(server_->WaitForCalls(kWatchOrderEvents, 1, kTimeout));
  EXPECT_THAT(AfterCursors(), ElementsAre("9223372036854775807"));
  EXPECT_EQ(server_->total_call_count(), 1u);
}

}  // namespace
}  // namespace payments_client
