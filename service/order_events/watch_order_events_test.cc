// Copyright 2026 The msp-gateway Authors.
//
// WatchOrderEvents end to end inside one process: the in-memory event store,
// the hub, the reactor on a real gRPC server on 127.0.0.1 (port 0) and a
// plain generated stub as the client.

#include "service/order_events/watch_order_events.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/order_events/order_event_hub.h"
#include "service/order_events/watch_request.h"
#include "service/rpc/worker_pool.h"
#include "service/store/memory_order_event_store.h"
#include "service/store/order_event_store.h"
#include "tests/harness/rpc_error.h"

namespace msp_gateway {
namespace {

namespace pb = ::payments::v1;
using ::msp_gateway::testing::DecodeRpcError;
using ::msp_gateway::testing::RpcError;

// Only WatchOrderEvents, served by the reactor under test.
class WatchService final
    : public pb::PaymentService::WithRawCallbackMethod_WatchOrderEvents<
          pb::PaymentService::Service> {
 public:
  explicit WatchService(OrderEventHub* hub) : hub_(hub) {}
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchOrderEvents(
      grpc::CallbackServerContext* context,
      const grpc::ByteBuffer* request) override {
    return StartWatchOrderEvents(hub_, context, request);
  }

 private:
  OrderEventHub* hub_;
};

// One client stream.
struct Watch {
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReader<pb::WatchOrderEventsResponse>> reader;

  // Up to `n` events; fewer when the stream ends first.
  std::vector<pb::OrderEvent> Read(size_t n) {
    std::vector<pb::OrderEvent> events;
    pb::WatchOrderEventsResponse response;
    while (events.size() < n && reader->Read(&response)) {
      events.push_back(response.event());
    }
    return events;
  }
  // Reads until the end; returns the status.
  grpc::Status Finish(std::vector<pb::OrderEvent>* rest = nullptr) {
    pb::WatchOrderEventsResponse response;
    while (reader->Read(&response)) {
      if (rest != nullptr) rest->push_back(response.event());
    }
    return reader->Finish();
  }
};

struct Options {
  size_t stream_buffer = 1000;
  size_t read_batch = 500;
  size_t ring_size = 2000;
  int pool_threads = 2;
  size_t pool_queue = 64;
  // Every ReadEvents the hub and the streams make takes this long.
  absl::Duration read_delay = absl::ZeroDuration();
};

// The store as the hub sees it: reads that take a while, like a database's,
// so the tail moves on while a replay reads.
class SlowReads final : public OrderEventStore {
 public:
  SlowReads(OrderEventStore& store, absl::Duration delay)
      : store_(store), delay_(delay) {}
  absl::StatusOr<ApplyOrderChangeResult> ApplyOrderChange(
      absl::string_view order_id, absl::Time now,
      const OrderStateDecider& decide) override {
    return store_.ApplyOrderChange(order_id, now, decide);
  }
  absl::StatusOr<std::optional<OrderState>> GetOrderState(
      absl::string_view order_id) override {
    return store_.GetOrderState(order_id);
  }
  absl::StatusOr<std::vector<StoredOrderEvent>> ReadEvents(
      int64_t after_cursor, absl::Span<const std::string> order_ids,
      size_t limit) override {
    // The snapshot is taken first, the answer arrives later.
    auto events = store_.ReadEvents(after_cursor, order_ids, limit);
    absl::SleepFor(delay_);
    return events;
  }
  absl::StatusOr<EventCursorRange> EventCursors() override {
    return store_.EventCursors();
  }
  absl::StatusOr<std::vector<OrderState>> ListOrdersToPoll(
      absl::Time now, size_t limit) override {
    return store_.ListOrdersToPoll(now, limit);
  }
  absl::StatusOr<bool> SchedulePoll(absl::string_view order_id, int64_t version,
                                    absl::Time next_poll,
                                    int poll_attempts) override {
    return store_.SchedulePoll(order_id, version, next_poll, poll_attempts);
  }
  absl::StatusOr<size_t> PurgeEventsBefore(absl::Time cutoff,
                                           size_t limit) override {
    return store_.PurgeEventsBefore(cutoff, limit);
  }
  absl::StatusOr<std::unique_ptr<AppendSubscription>> SubscribeToAppends(
      std::function<void()> wake) override {
    return store_.SubscribeToAppends(std::move(wake));
  }

 private:
  OrderEventStore& store_;
  const absl::Duration delay_;
};

class WatchOrderEventsTest : public ::testing::Test {
 protected:
  void SetUpWith(Options options) {
    pool_ =
        std::make_unique<WorkerPool>(options.pool_threads, options.pool_queue);
    OrderEventHubOptions hub_options;
    hub_options.stream_buffer = options.stream_buffer;
    hub_options.read_batch = options.read_batch;
    hub_options.ring_size = options.ring_size;
    hub_options.poll_interval = absl::Milliseconds(200);
    OrderEventHubObserver observer;
    observer.on_stream_end = [this](const WatchStreamEnd& end) {
      std::lock_guard<std::mutex> lock(ends_mu_);
      ends_.emplace_back(end.reason);
      end_codes_.push_back(end.code);
      sent_.push_back(end.events_sent);
    };
    slow_ = std::make_unique<SlowReads>(store_, options.read_delay);
    absl::StatusOr<std::unique_ptr<OrderEventHub>> hub =
        OrderEventHub::Start(*slow_, *pool_, hub_options, observer);
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = *std::move(hub);
    StartServer();
  }

  void StartServer() {
    service_ = std::make_unique<WatchService>(hub_.get());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    target_ = absl::StrCat("127.0.0.1:", port);
    stub_ = pb::PaymentService::NewStub(
        grpc::CreateChannel(target_, grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (hub_ != nullptr) hub_->Shutdown();
    if (server_ != nullptr) {
      server_->Shutdown(std::chrono::system_clock::now() +
                        std::chrono::seconds(5));
    }
    hub_.reset();
    server_.reset();
    pool_.reset();
  }

  // Appends one event of `order_id`; `marker` goes in `amount`, so a test
  // can tell events apart. Returns its cursor.
  int64_t Append(const std::string& order_id, int64_t marker,
                 absl::Time at = absl::Now(), size_t padding = 0) {
    pb::OrderEvent event;
    event.set_order_id(order_id);
    event.set_status(pb::ORDER_STATUS_COMPLETED);
    event.set_amount(marker);
    event.set_currency("EUR");
    event.set_source(pb::ORDER_EVENT_SOURCE_NOTIFICATION);
    if (padding > 0) {
      event.mutable_order()->set_description(std::string(padding, 'x'));
    }
    return AppendBytes(order_id, event.SerializeAsString(), at);
  }

  int64_t AppendBytes(const std::string& order_id, const std::string& bytes,
                      absl::Time at = absl::Now()) {
    absl::StatusOr<ApplyOrderChangeResult> result = store_.ApplyOrderChange(
        order_id, at,
        [&](const std::optional<OrderState>&)
            -> absl::StatusOr<std::optional<OrderStateChange>> {
          OrderStateChange change;
          change.state.order_id = order_id;
          change.state.state = "state";
          change.event = bytes;
          return std::optional<OrderStateChange>(std::move(change));
        });
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok() || !result->cursor.has_value()) return -1;
    return *result->cursor;
  }

  std::unique_ptr<Watch> StartWatch(const std::string& after_cursor,
                                    std::vector<std::string> order_ids = {},
                                    pb::PaymentService::Stub* stub = nullptr) {
    pb::WatchOrderEventsRequest request;
    request.set_after_cursor(after_cursor);
    for (std::string& id : order_ids) request.add_order_ids(std::move(id));
    auto watch = std::make_unique<Watch>();
    watch->context.set_deadline(std::chrono::system_clock::now() +
                                std::chrono::seconds(60));
    watch->reader = (stub != nullptr ? stub : stub_.get())
                        ->WatchOrderEvents(&watch->context, request);
    return watch;
  }

  // Waits until `done` holds; false after 10 s.
  template <typename Predicate>
  static bool WaitFor(Predicate done) {
    const absl::Time end = absl::Now() + absl::Seconds(10);
    while (!done()) {
      if (absl::Now() > end) return false;
      absl::SleepFor(absl::Milliseconds(5));
    }
    return true;
  }

  std::vector<std::string> ends() {
    std::lock_guard<std::mutex> lock(ends_mu_);
    return ends_;
  }

  MemoryOrderEventStore store_;
  std::unique_ptr<SlowReads> slow_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<OrderEventHub> hub_;
  std::unique_ptr<WatchService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::string target_;
  std::unique_ptr<pb::PaymentService::Stub> stub_;
  std::mutex ends_mu_;
  std::vector<std::string> ends_;
  std::vector<absl::StatusCode> end_codes_;
  std::vector<uint64_t> sent_;
};

std::vector<int64_t> Cursors(const std::vector<pb::OrderEvent>& events) {
  std::vector<int64_t> cursors;
  for (const pb::OrderEvent& event : events) {
    absl::StatusOr<int64_t> cursor = ParseCursor(event.cursor());
    EXPECT_TRUE(cursor.ok()) << event.cursor();
    cursors.push_back(cursor.value_or(-1));
  }
  return cursors;
}

std::vector<int64_t> Range(int64_t first, int64_t last) {
  std::vector<int64_t> out;
  for (int64_t c = first; c <= last; ++c) out.push_back(c);
  return out;
}

TEST_F(WatchOrderEventsTest, ReplaysStoredEventsThenFollowsLive) {
  SetUpWith({});
  for (int i = 1; i <= 5; ++i) Append("order-" + std::to_string(i % 2), i);

  std::unique_ptr<Watch> watch = StartWatch("");
  std::vector<pb::OrderEvent> replayed = watch->Read(5);
  ASSERT_EQ(Cursors(replayed), Range(1, 5));
  EXPECT_EQ(replayed[0].order_id(), "order-1");
  EXPECT_EQ(replayed[1].order_id(), "order-0");
  EXPECT_EQ(replayed[2].amount(), 3);
  EXPECT_EQ(replayed[2].status(), pb::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(replayed[2].source(), pb::ORDER_EVENT_SOURCE_NOTIFICATION);

  ASSERT_TRUE(WaitFor([&] { return hub_->live_count() == 1; }));
  for (int i = 6; i <= 8; ++i) Append("order-live", i);
  std::vector<pb::OrderEvent> live = watch->Read(3);
  ASSERT_EQ(Cursors(live), Range(6, 8));
  EXPECT_EQ(live[2].amount(), 8);
  EXPECT_EQ(live[2].order_id(), "order-live");
}

TEST_F(WatchOrderEventsTest, ResumesAfterItsCursorWithoutGapOrDuplicate) {
  SetUpWith({});
  for (int i = 1; i <= 10; ++i) Append("order-a", i);

  std::unique_ptr<Watch> first = StartWatch("");
  std::vector<pb::OrderEvent> got = first->Read(4);
  ASSERT_EQ(Cursors(got), Range(1, 4));
  first->context.TryCancel();
  first->Finish();

  // The client resumes with the cursor of the last event it handled.
  std::unique_ptr<Watch> second = StartWatch(got.back().cursor());
  EXPECT_EQ(Cursors(second->Read(6)), Range(5, 10));
  Append("order-a", 11);
  EXPECT_EQ(Cursors(second->Read(1)), Range(11, 11));
}

TEST_F(WatchOrderEventsTest, JoinsLiveWithoutGapWhileEventsKeepComing) {
  // Small batches, slow reads: the replays take many reads and join while
  // the tail moves on (from the ring, or by reading again).
  Options options;
  options.stream_buffer = 40;
  options.read_batch = 7;
  options.ring_size = 16;
  options.read_delay = absl::Milliseconds(2);
  SetUpWith(options);
  for (int i = 1; i <= 300; ++i) Append("order-" + std::to_string(i % 7), i);

  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 301; i <= 900 && !stop; ++i) {
      Append("order-" + std::to_string(i % 7), i);
      // Slow enough that the replays finish and join while it writes.
      absl::SleepFor(absl::Microseconds(300));
    }
  });
  std::vector<std::unique_ptr<Watch>> watches;
  for (const char* cursor : {"", "150", "299"}) {
    watches.push_back(StartWatch(cursor));
  }
  // And one of a single order: its cursor lags the tail's.
  watches.push_back(StartWatch("", {"order-3"}));
  const int64_t firsts[] = {1, 151, 300};
  std::vector<std::vector<pb::OrderEvent>> got(watches.size());
  for (size_t w = 0; w < 3; ++w) {
    got[w] = watches[w]->Read(900 - firsts[w] + 1);
  }
  std::vector<int64_t> order_3;
  for (int64_t c = 1; c <= 900; ++c) {
    if (c % 7 == 3) order_3.push_back(c);
  }
  got[3] = watches[3]->Read(order_3.size());
  stop = true;
  writer.join();
  for (size_t w = 0; w < watches.size(); ++w) {
    // Every event once, in cursor order; the content is the event's own.
    ASSERT_EQ(Cursors(got[w]), w < 3 ? Range(firsts[w], 900) : order_3)
        << "watch " << w;
    for (const pb::OrderEvent& event : got[w]) {
      ASSERT_EQ(ParseCursor(event.cursor()).value_or(-1), event.amount());
      ASSERT_EQ(event.order_id(),
                "order-" + std::to_string(event.amount() % 7));
    }
  }
  EXPECT_EQ(hub_->live_count(), 4u);
  std::cerr << "joins from the ring: " << hub_->ring_joins() << "\n";
}

TEST_F(WatchOrderEventsTest, SendsOnlyTheWatchedOrders) {
  SetUpWith({/*stream_buffer=*/1000, /*read_batch=*/3});
  for (int i = 1; i <= 30; ++i) {
    Append(std::string(1, static_cast<char>('a' + i % 3)), i);
  }
  // Duplicated IDs are one.
  std::unique_ptr<Watch> watch = StartWatch("", {"c", "a", "c"});
  std::vector<pb::OrderEvent> replayed = watch->Read(20);
  ASSERT_EQ(replayed.size(), 20u);
  int64_t previous = 0;
  for (const pb::OrderEvent& event : replayed) {
    EXPECT_NE(event.order_id(), "b");
    EXPECT_GT(event.amount(), previous);
    previous = event.amount();
  }
  ASSERT_TRUE(WaitFor([&] { return hub_->live_count() == 1; }));
  Append("b", 31);
  Append("a", 32);
  Append("zz", 33);
  Append("c", 34);
  std::vector<pb::OrderEvent> live = watch->Read(2);
  ASSERT_EQ(Cursors(live), (std::vector<int64_t>{32, 34}));
}

TEST_F(WatchOrderEventsTest, FilteredStreamResumesFromItsLastCursor) {
  SetUpWith({});
  Append("a", 1);
  Append("b", 2);
  Append("a", 3);
  Append("b", 4);
  std::unique_ptr<Watch> watch = StartWatch("1", {"a"});
  EXPECT_EQ(Cursors(watch->Read(1)), Range(3, 3));
}

TEST_F(WatchOrderEventsTest, ASlowConsumerIsEndedWithItsLastCursor) {
  SetUpWith({/*stream_buffer=*/8, /*read_batch=*/8});
  // A client that reads one event and then stops reading, over a channel
  // that buffers little.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 8192);
  auto stub = pb::PaymentService::NewStub(grpc::CreateCustomChannel(
      target_, grpc::InsecureChannelCredentials(), args));
  Append("order-0", 1);
  std::unique_ptr<Watch> watch = StartWatch("", {}, stub.get());
  ASSERT_EQ(Cursors(watch->Read(1)), Range(1, 1));
  ASSERT_TRUE(WaitFor([&] { return hub_->live_count() == 1; }));

  // Far more than the buffer and the transport's windows hold.
  constexpr int kEvents = 400;
  for (int i = 2; i <= kEvents; ++i) Append("order-0", i, absl::Now(), 16384);
  // The hub drops the stream without waiting for the client.
  ASSERT_TRUE(WaitFor([&] { return hub_->live_count() == 0; }));

  std::vector<pb::OrderEvent> delivered;
  const grpc::Status status = watch->Finish(&delivered);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << status.error_message();
  // Only what was on its way: the buffer is the bound.
  EXPECT_LT(delivered.size(), static_cast<size_t>(kEvents / 2));
  const int64_t last = 1 + static_cast<int64_t>(delivered.size());
  EXPECT_EQ(Cursors(delivered), Range(2, last));
  const RpcError error = DecodeRpcError(status);
  EXPECT_EQ(error.reason, kSlowConsumerReason);
  EXPECT_EQ(error.domain, "msp-gateway");
  EXPECT_EQ(error.metadata.at("last_cursor"), std::to_string(last));
  EXPECT_NE(
      status.error_message().find(absl::StrCat("after_cursor \"", last, "\"")),
      std::string::npos)
      << status.error_message();
  EXPECT_TRUE(WaitFor([&] { return hub_->stream_count() == 0; }));

  // Resuming from the last cursor gets the rest, none twice.
  std::unique_ptr<Watch> resumed = StartWatch(std::to_string(last));
  EXPECT_EQ(Cursors(resumed->Read(kEvents - last)), Range(last + 1, kEvents));
  EXPECT_EQ(ends(), (std::vector<std::string>{"slow_consumer"}));
  {
    std::lock_guard<std::mutex> lock(ends_mu_);
    EXPECT_EQ(end_codes_[0], absl::StatusCode::kResourceExhausted);
    EXPECT_EQ(sent_[0], static_cast<uint64_t>(last));
  }
}

TEST_F(WatchOrderEventsTest, ACursorOlderThanRetentionIsOutOfRange) {
  SetUpWith({});
  const absl::Time old = absl::Now() - absl::Hours(48);
  for (int i = 1; i <= 5; ++i) Append("order-old", i, old);
  for (int i = 6; i <= 8; ++i) Append("order-new", i);
  ASSERT_TRUE(
      store_.PurgeEventsBefore(absl::Now() - absl::Hours(24), 100).ok());
  ASSERT_EQ(store_.EventCursors()->oldest, 6);

  std::unique_ptr<Watch> expired = StartWatch("2");
  std::vector<pb::OrderEvent> none;
  const grpc::Status status = expired->Finish(&none);
  EXPECT_TRUE(none.empty());
  ASSERT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  const RpcError error = DecodeRpcError(status);
  EXPECT_EQ(error.reason, kCursorExpiredReason);
  EXPECT_EQ(error.metadata.at("oldest_cursor"), "6");
  EXPECT_NE(status.error_message().find("\"6\""), std::string::npos)
      << status.error_message();

  // Just before the oldest: nothing was lost.
  std::unique_ptr<Watch> edge = StartWatch("5");
  EXPECT_EQ(Cursors(edge->Read(3)), Range(6, 8));
  // Empty: from the oldest stored.
  std::unique_ptr<Watch> oldest = StartWatch("");
  EXPECT_EQ(Cursors(oldest->Read(3)), Range(6, 8));
}

TEST_F(WatchOrderEventsTest, ACursorAfterTheNewestIsOutOfRange) {
  SetUpWith({});
  Append("order", 1);
  std::unique_ptr<Watch> watch = StartWatch("7");
  const grpc::Status status = watch->Finish();
  ASSERT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  const RpcError error = DecodeRpcError(status);
  EXPECT_EQ(error.reason, kCursorUnknownReason);
  EXPECT_EQ(error.metadata.at("newest_cursor"), "1");
  // The newest itself is fine: nothing yet, then live.
  std::unique_ptr<Watch> at_newest = StartWatch("1");
  ASSERT_TRUE(WaitFor([&] { return hub_->live_count() == 1; }));
  Append("order", 2);
  EXPECT_EQ(Cursors(at_newest->Read(1)), Range(2, 2));
}

TEST_F(WatchOrderEventsTest, ABadRequestIsInvalidArgument) {
  SetUpWith({});
  for (const char* cursor :
       {"abc", "-1", "+1", " 1", "1.0", "99999999999999999999"}) {
    std::unique_ptr<Watch> watch = StartWatch(cursor);
    const grpc::Status status = watch->Finish();
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << cursor;
    EXPECT_EQ(DecodeRpcError(status).fields,
              (std::vector<std::string>{"after_cursor"}))
        << cursor;
  }
  std::vector<std::string> many(kMaxWatchOrderIds + 1, "order");
  EXPECT_EQ(DecodeRpcError(StartWatch("", many)->Finish()).fields,
            (std::vector<std::string>{"order_ids"}));
  EXPECT_EQ(DecodeRpcError(
                StartWatch("", {"ok", "", std::string(301, 'x')})->Finish())
                .fields,
            (std::vector<std::string>{"order_ids[1]", "order_ids[2]"}));
  EXPECT_EQ(hub_->stream_count(), 0u);
}

TEST_F(WatchOrderEventsTest, ClientCancellationEndsTheStream) {
  SetUpWith({});
  Append("order", 1);
  std::unique_ptr<Watch> watch = StartWatch("");
  ASSERT_EQ(watch->Read(1).size(), 1u);
  ASSERT_TRUE(WaitFor([&] { return hub_->live_count() == 1; }));
  watch->context.TryCancel();
  EXPECT_EQ(watch->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(WaitFor([&] { return hub_->stream_count() == 0; }));
  EXPECT_EQ(hub_->live_count(), 0u);
  // Later events go to nobody, and a new watcher still gets them.
  Append("order", 2);
  std::unique_ptr<Watch> next = StartWatch("1");
  EXPECT_EQ(Cursors(next->Read(1)), Range(2, 2));
  EXPECT_EQ(ends()[0], "cancelled");
}

TEST_F(WatchOrderEventsTest, CancellationDuringAReplayEndsTheStream) {
  SetUpWith({/*stream_buffer=*/4, /*read_batch=*/2});
  for (int i = 1; i <= 200; ++i) Append("order", i);
  std::unique_ptr<Watch> watch = StartWatch("");
  ASSERT_EQ(watch->Read(3).size(), 3u);
  watch->context.TryCancel();
  watch->Finish();
  EXPECT_TRUE(WaitFor([&] { return hub_->stream_count() == 0; }));
}

TEST_F(WatchOrderEventsTest, HubShutdownEndsStreamsWithUnavailable) {
  SetUpWith({});
  Append("order", 1);
  std::unique_ptr<Watch> live = StartWatch("");
  ASSERT_EQ(live->Read(1).size(), 1u);
  ASSERT_TRUE(WaitFor([&] { return hub_->live_count() == 1; }));
  hub_->Shutdown();
  const grpc::Status status = live->Finish();
  ASSERT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  const RpcError error = DecodeRpcError(status);
  EXPECT_EQ(error.reason, kShuttingDownReason);
  EXPECT_EQ(error.metadata.at("last_cursor"), "1");
  // New streams are refused alike.
  const grpc::Status refused = StartWatch("1")->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(WatchOrderEventsTest, ServerShutdownWithOpenStreamsIsClean) {
  SetUpWith({/*stream_buffer=*/4, /*read_batch=*/2});
  for (int i = 1; i <= 50; ++i) Append("order", i);
  std::vector<std::unique_ptr<Watch>> watches;
  for (int i = 0; i < 5; ++i) watches.push_back(StartWatch(""));
  ASSERT_EQ(watches[0]->Read(1).size(), 1u);
  // The server goes first (its grace cancels them all), the hub after.
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::milliseconds(100));
  for (auto& watch : watches) {
    EXPECT_FALSE(watch->Finish().ok());
  }
  EXPECT_EQ(hub_->stream_count(), 0u);
  hub_.reset();
}

TEST_F(WatchOrderEventsTest, AStoreOutageEndsTheReplayWithUnavailable) {
  SetUpWith({});
  Append("order", 1);
  store_.SetFailure(absl::UnavailableError("down"));
  const grpc::Status status = StartWatch("")->Finish();
  ASSERT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  const RpcError error = DecodeRpcError(status);
  EXPECT_EQ(error.reason, kStoreUnavailableReason);
  EXPECT_EQ(error.metadata.at("last_cursor"), "");
  store_.SetFailure(absl::OkStatus());
  EXPECT_EQ(Cursors(StartWatch("")->Read(1)), Range(1, 1));
}

TEST_F(WatchOrderEventsTest, AFullStorePoolRefusesNewStreams) {
  SetUpWith({/*stream_buffer=*/1000, /*read_batch=*/500, /*ring_size=*/2000,
             /*pool_threads=*/1, /*pool_queue=*/0});
  absl::Notification release;
  absl::Notification busy;
  ASSERT_TRUE(pool_->TrySubmit([&] {
    busy.Notify();
    release.WaitForNotification();
  }));
  busy.WaitForNotification();
  const grpc::Status status = StartWatch("")->Finish();
  release.Notify();
  ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(DecodeRpcError(status).reason, kStoreBusyReason);
}

TEST_F(WatchOrderEventsTest, AnUnreadableEventEndsTheStreamThere) {
  SetUpWith({});
  Append("order", 1);
  AppendBytes("order", "\xff\xff\xff");
  Append("order", 3);
  std::vector<pb::OrderEvent> before;
  const grpc::Status status = StartWatch("")->Finish(&before);
  EXPECT_EQ(Cursors(before), Range(1, 1));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  const RpcError error = DecodeRpcError(status);
  EXPECT_EQ(error.reason, kBadEventReason);
  EXPECT_EQ(error.metadata.at("event_cursor"), "2");
  EXPECT_EQ(error.metadata.at("last_cursor"), "1");
}

TEST_F(WatchOrderEventsTest, ManyWatchersShareOneTail) {
  SetUpWith({});
  std::vector<std::unique_ptr<Watch>> watches;
  for (int i = 0; i < 20; ++i) watches.push_back(StartWatch(""));
  ASSERT_TRUE(WaitFor([&] { return hub_->live_count() == 20; }));
  const uint64_t reads_before = hub_->tail_reads();
  for (int i = 1; i <= 50; ++i) Append("order-" + std::to_string(i % 5), i);
  for (auto& watch : watches) {
    EXPECT_EQ(Cursors(watch->Read(50)), Range(1, 50));
  }
  // One tail for all of them: at most a read per append (plus polls), not
  // one per watcher.
  EXPECT_LE(hub_->tail_reads() - reads_before, 60u);
}

TEST_F(WatchOrderEventsTest, TheTailPollsWhenAWakeUpIsMissed) {
  SetUpWith({});
  std::unique_ptr<Watch> watch = StartWatch("");
  ASSERT_TRUE(WaitFor([&] { return hub_->live_count() == 1; }));
  // An append whose wake-up is lost (e.g. a NOTIFY missed during a
  // reconnect): written straight into the store's data, waking nobody.
  {
    absl::MutexLock lock(&store_.data()->mu);
    StoredOrderEvent event;
    event.cursor = ++store_.data()->last_cursor;
    event.order_id = "order";
    pb::OrderEvent body;
    body.set_order_id("order");
    body.set_amount(1);
    event.event = body.SerializeAsString();
    event.appended = absl::Now();
    store_.data()->events.emplace(event.cursor, event);
  }
  const absl::Time start = absl::Now();
  EXPECT_EQ(Cursors(watch->Read(1)), Range(1, 1));
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
}

}  // namespace
}  // namespace msp_gateway
