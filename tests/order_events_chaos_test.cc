// Copyright 2026 The msp-gateway Authors.
//
// Every payment's outcome, exactly once per change, in order (issue 12),
// over real processes: a throwaway PostgreSQL, two gateway replicas sharing
// it, and the emulator, whose notifications all go to replica A with faults
// armed at random: 20 % dropped, 20 % duplicated, 10 % reordered (an older
// status after a newer one), and bad-signature and stale copies. A watcher
// follows WatchOrderEvents on replica B and is disconnected and resumed
// from its last cursor twice. 300 orders are created (alternating replicas)
// and driven to their final statuses through the emulator's control
// surface.
//
// What must hold, per order: the last event equals the emulator's final
// state; its statuses follow the order's path (never backwards); no change
// is emitted twice; cursors only grow. And every notification sent with a
// bad or stale signature was refused (403), so nothing came from one. The
// counts are printed for the closing note.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.grpc.pb.h"
#include "tests/harness/loopback_socket.h"
#include "tests/harness/postgres_server.h"
#include "tests/harness/process_harness.h"
#include "tests/harness/test_files.h"

namespace msp_gateway {
namespace {

using ::msp_gateway::harness::ChildProcess;
using ::msp_gateway::harness::FreeLoopbackPort;
using ::msp_gateway::harness::PostgresServer;
using ::msp_gateway::harness::ProcessOptions;
using ::msp_gateway::harness::RunfilePath;
using namespace payments::v1;  // NOLINT: the test speaks the contract.
using json = nlohmann::json;

constexpr int kOrders = 300;
constexpr char kApiKey[] = "order-events-chaos-key-0001";
constexpr absl::Duration kPatience = absl::Seconds(240);

// The emulator statuses order `i` goes through after creation; the last is
// its final state.
std::vector<std::string> PathOf(int i) {
  switch (i % 5) {
    case 0:
      return {"completed"};
    case 1:
      return {"declined"};
    case 2:
      return {"expired"};
    case 3:
      return {"uncleared", "completed"};
    default:
      return {"cancelled"};
  }
}

OrderStatus StatusOf(const std::string& msp_status) {
  if (msp_status == "completed") return ORDER_STATUS_COMPLETED;
  if (msp_status == "declined") return ORDER_STATUS_DECLINED;
  if (msp_status == "expired") return ORDER_STATUS_EXPIRED;
  if (msp_status == "uncleared") return ORDER_STATUS_UNCLEARED;
  if (msp_status == "cancelled") return ORDER_STATUS_CANCELLED;
  return ORDER_STATUS_UNSPECIFIED;
}

// Follows WatchOrderEvents on one replica, resuming from the last cursor
// after each Disconnect().
class Watcher {
 public:
  explicit Watcher(std::shared_ptr<grpc::Channel> channel)
      : stub_(PaymentService::NewStub(channel)), thread_([this] { Run(); }) {}
  ~Watcher() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
      if (context_ != nullptr) context_->TryCancel();
    }
    thread_.join();
  }

  // Ends the current stream (as a lost connection would).
  void Disconnect() {
    absl::MutexLock lock(&mu_);
    if (context_ != nullptr) context_->TryCancel();
  }

  std::map<std::string, std::vector<OrderEvent>> events() {
    absl::MutexLock lock(&mu_);
    return by_order_;
  }
  size_t count() {
    absl::MutexLock lock(&mu_);
    return total_;
  }
  int streams() {
    absl::MutexLock lock(&mu_);
    return streams_;
  }
  // Events whose cursor was not above the last one (must stay 0).
  int out_of_order() {
    absl::MutexLock lock(&mu_);
    return out_of_order_;
  }

 private:
  void Run() {
    while (true) {
      auto context = std::make_unique<grpc::ClientContext>();
      WatchOrderEventsRequest request;
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) return;
        request.set_after_cursor(last_cursor_);
        context_ = context.get();
        ++streams_;
      }
      std::unique_ptr<grpc::ClientReader<WatchOrderEventsResponse>> reader =
          stub_->WatchOrderEvents(context.get(), request);
      WatchOrderEventsResponse response;
      while (reader->Read(&response)) {
        absl::MutexLock lock(&mu_);
        const OrderEvent& event = response.event();
        if (!last_cursor_.empty() &&
            std::stoll(event.cursor()) <= std::stoll(last_cursor_)) {
          ++out_of_order_;
        }
        last_cursor_ = event.cursor();
        by_order_[event.order_id()].push_back(event);
        ++total_;
      }
      reader->Finish().ok();
      {
        absl::MutexLock lock(&mu_);
        context_ = nullptr;
        if (stopping_) return;
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
  }

  std::unique_ptr<PaymentService::Stub> stub_;
  absl::Mutex mu_;
  grpc::ClientContext* context_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::string last_cursor_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<OrderEvent>> by_order_ ABSL_GUARDED_BY(mu_);
  size_t total_ ABSL_GUARDED_BY(mu_) = 0;
  int streams_ ABSL_GUARDED_BY(mu_) = 0;
  int out_of_order_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;  // Last: it uses the members above.
};

class OrderEventsChaosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<PostgresServer>> pg =
        PostgresServer::Create();
    ASSERT_TRUE(pg.ok()) << pg.status();
    pg_ = *std::move(pg);

    ProcessOptions emulator;
    emulator.binary = RunfilePath("emulator/msp_emulator");
    emulator.args = {"--host=127.0.0.1", "--port=0", "--fault_seed=20261202",
                     "--notify_retry_interval=500ms", "--notify_retries=3"};
    emulator.env = {{"MSP_EMULATOR_API_KEY", kApiKey}};
    absl::StatusOr<std::unique_ptr<ChildProcess>> started =
        ChildProcess::StartWithPortFile(emulator);
    ASSERT_TRUE(started.ok()) << started.status();
    emulator_ = *std::move(started);
    control_ =
        std::make_unique<httplib::Client>("127.0.0.1", emulator_->port());
    control_->set_read_timeout(30, 0);

    const int port_a = FreeLoopbackPort();
    const int port_b = FreeLoopbackPort();
    ASSERT_NE(port_a, 0);
    ASSERT_NE(port_b, 0);
    // Every order's notification_url is replica A's listener.
    const std::string base_url = absl::StrCat("http://127.0.0.1:", port_a);
    ASSERT_TRUE(StartReplica(0, port_a, base_url));
    ASSERT_TRUE(StartReplica(1, port_b, base_url));
  }

  bool StartReplica(int i, int notification_port, const std::string& base_url) {
    ProcessOptions server;
    server.binary = RunfilePath("service/server/msp_gateway_server");
    server.args = {"--grpc_host=127.0.0.1",
                   "--grpc_port=0",
                   "--plaintext",
                   "--admin_port=-1",
                   absl::StrCat("--notification_port=", notification_port),
                   absl::StrCat("--notification_base_url=", base_url),
                   "--reconcile_after=2s",
                   "--store_pool_size=4"};
    server.env = {
        {"MSP_BASE_URL", absl::StrCat("http://127.0.0.1:", emulator_->port())},
        {"MSP_API_KEY", kApiKey},
        {"MSP_GATEWAY_STORE", pg_->dsn()},
        {"HOSTNAME", absl::StrCat("replica-", i)}};
    absl::StatusOr<std::unique_ptr<ChildProcess>> started =
        ChildProcess::StartWithPortFile(server);
    EXPECT_TRUE(started.ok()) << started.status();
    if (!started.ok()) return false;
    channels_[i] =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*started)->port()),
                            grpc::InsecureChannelCredentials());
    stubs_[i] = PaymentService::NewStub(channels_[i]);
    replicas_[i] = *std::move(started);
    return true;
  }

  void Post(const std::string& path, const json& body) {
    httplib::Result posted =
        control_->Post(path, body.dump(), "application/json");
    ASSERT_TRUE(posted && posted->status == 200)
        << path << " " << body.dump() << (posted ? posted->body : "");
  }

  json Control(const std::string& path) {
    httplib::Result got = control_->Get(path);
    EXPECT_TRUE(got && got->status == 200) << path;
    return got ? json::parse(got->body, nullptr, false) : json();
  }

  static CreateOrderRequest OrderRequest(int i) {
    CreateOrderRequest request;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(
                    testing::ReadTestFile(
                        "tests/testdata/bancontact-redirect.request.json"),
                    &request)
                    .ok());
    request.set_order_id(absl::StrCat("events-", i));
    request.set_amount(1000 + i);
    request.mutable_payment_options()->clear_notification_url();
    request.mutable_payment_options()->clear_notification_method();
    return request;
  }

  std::unique_ptr<PostgresServer> pg_;
  std::unique_ptr<ChildProcess> emulator_;
  std::unique_ptr<httplib::Client> control_;
  std::shared_ptr<grpc::Channel> channels_[2];
  std::unique_ptr<PaymentService::Stub> stubs_[2];
  std::unique_ptr<ChildProcess> replicas_[2];
};

TEST_F(OrderEventsChaosTest, EveryOutcomeOnceInOrderUnderNotificationFaults) {
  const absl::Time start = absl::Now();
  // Faults per notification; the first that matches applies, so these draws
  // make 20 % dropped, 20 % duplicated (0.8 x 0.25), 10 % reordered
  // (0.6 x 0.17), 4 % bad-signature and 4 % stale (each attempt of those is
  // refused; after the retries the poller finds the outcome).
  for (const json& fault : {
           json{{"kind", "drop"}, {"probability", 0.2}, {"times", -1}},
           json{{"kind", "duplicate"}, {"probability", 0.25}, {"times", -1}},
           json{{"kind", "reorder"}, {"probability", 0.17}, {"times", -1}},
           json{
               {"kind", "bad_signature"}, {"probability", 0.08}, {"times", -1}},
           json{{"kind", "stale_timestamp"},
                {"probability", 0.08},
                {"times", -1}},
       }) {
    Post("/__emulator/notification_faults", fault);
  }
  Watcher watcher(channels_[1]);

  // Create every order (alternating replicas), then drive each to its end.
  for (int i = 0; i < kOrders; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    CreateOrderResponse response;
    grpc::Status status =
        stubs_[i % 2]->CreateOrder(&context, OrderRequest(i), &response);
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
    if (i == kOrders / 3) watcher.Disconnect();
  }
  for (size_t step = 0; step < 2; ++step) {
    for (int i = 0; i < kOrders; ++i) {
      const std::vector<std::string> path = PathOf(i);
      if (step >= path.size()) continue;
      Post(absl::StrCat("/__emulator/orders/events-", i, "/status"),
           {{"status", path[step]}});
    }
    if (step == 0) watcher.Disconnect();
  }

  // Until every order's last event is its final state (notifications, their
  // retries, and the poller for what they lost).
  auto all_final = [&] {
    std::map<std::string, std::vector<OrderEvent>> events = watcher.events();
    for (int i = 0; i < kOrders; ++i) {
      auto it = events.find(absl::StrCat("events-", i));
      if (it == events.end() ||
          it->second.back().status() != StatusOf(PathOf(i).back())) {
        return false;
      }
    }
    return true;
  };
  const absl::Time give_up = absl::Now() + kPatience;
  while (!all_final() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(250));
  }
  // Late duplicates and reordered copies have had their chance to show.
  absl::SleepFor(absl::Seconds(2));
  const absl::Duration took = absl::Now() - start;

  std::map<std::string, std::vector<OrderEvent>> events = watcher.events();
  std::map<int, int> by_source;
  int orders_ok = 0;
  for (int i = 0; i < kOrders; ++i) {
    const std::string order_id = absl::StrCat("events-", i);
    const std::vector<OrderEvent>& seen = events[order_id];
    ASSERT_FALSE(seen.empty()) << order_id << ": no event";
    // The order's path: initialized, then its statuses; events are a
    // subsequence of it, each status at most once (no change twice, none
    // backwards).
    std::vector<OrderStatus> path = {ORDER_STATUS_INITIALIZED};
    for (const std::string& status : PathOf(i))
      path.push_back(StatusOf(status));
    size_t next = 0;
    bool in_order = true;
    for (const OrderEvent& event : seen) {
      ++by_source[event.source()];
      while (next < path.size() && path[next] != event.status()) ++next;
      if (next == path.size()) {
        in_order = false;
        break;
      }
      ++next;
    }
    EXPECT_TRUE(in_order) << order_id << ": statuses out of order or repeated";
    EXPECT_EQ(seen.back().status(), path.back()) << order_id;
    EXPECT_EQ(seen.back().amount(), 1000 + i) << order_id;
    for (size_t e = 1; e < seen.size(); ++e) {
      EXPECT_LT(std::stoll(seen[e - 1].cursor()), std::stoll(seen[e].cursor()))
          << order_id;
    }
    if (in_order && seen.back().status() == path.back()) ++orders_ok;
  }
  EXPECT_EQ(watcher.out_of_order(), 0);
  EXPECT_GE(watcher.streams(), 3);

  // The emulator's notification log: what was sent, and what replica A
  // answered. A bad or stale signature was never taken.
  json log = Control("/__emulator/notifications");
  const json& entries = log.is_object() && log.contains("notifications")
                            ? log["notifications"]
                            : log;
  ASSERT_TRUE(entries.is_array());
  std::map<std::string, int> by_fault, refused_by_fault;
  int sent = 0, acknowledged = 0;
  for (const json& entry : entries) {
    const std::string fault = entry.value("fault", "none");
    ++by_fault[fault];
    if (entry.value("http_status", 0) != 0) ++sent;
    if (entry.value("acknowledged", false)) ++acknowledged;
    if (fault == "bad_signature" || fault == "stale_timestamp") {
      EXPECT_EQ(entry.value("http_status", 0), 403) << entry.dump();
      EXPECT_FALSE(entry.value("acknowledged", true)) << entry.dump();
      ++refused_by_fault[fault];
    }
  }
  EXPECT_GT(by_fault["drop"], 0);
  EXPECT_GT(by_fault["duplicate"], 0);
  EXPECT_GT(by_fault["reorder"], 0);
  EXPECT_GT(refused_by_fault["bad_signature"], 0);
  EXPECT_GT(refused_by_fault["stale_timestamp"], 0);

  std::string faults;
  for (const auto& [fault, count] : by_fault) {
    absl::StrAppend(&faults, " ", fault, "=", count);
  }
  std::printf(
      "order events chaos: %d orders, %d with every change once and in "
      "order, in %.1f s\n"
      "  watcher: %zu events over %d streams (resumed from its cursor %d "
      "times)\n"
      "  events by source: rpc=%d notification=%d reconciler=%d\n"
      "  notification log: %zu entries, %d answered, %d acknowledged; by "
      "fault:%s\n",
      kOrders, orders_ok, absl::ToDoubleSeconds(took), watcher.count(),
      watcher.streams(), watcher.streams() - 1,
      by_source[ORDER_EVENT_SOURCE_RPC],
      by_source[ORDER_EVENT_SOURCE_NOTIFICATION],
      by_source[ORDER_EVENT_SOURCE_RECONCILER], entries.size(), sent,
      acknowledged, faults.c_str());
}

}  // namespace
}  // namespace msp_gateway
