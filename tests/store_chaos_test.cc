// Copyright 2026 The msp-gateway Authors.
//
// Never two payments for one order, under faults (issue 11), over real
// processes: a throwaway PostgreSQL, the emulator with faults that create
// the order (or execute the refund) and then lose the answer -- the answer
// late past the caller's deadline, the connection reset, a 502 -- armed at
// random, lookups that fail too, and two gateway replicas on the one store.
// Callers retry each order_id on alternating replicas; one replica is
// killed with SIGKILL mid-run and restarted; some orders are paid (the
// emulator's control surface plays the customer) between a lost answer and
// the retry.
//
// What must hold, per order_id, from the callers' answers, the emulator's
// counters and its request log:
//   - one MultiSafepay order, and a POST after the first only after a
//     lookup (GET) of the order;
//   - every OK answer with a payment_url carries the same one;
//   - a paid order's retry is answered (its status), never an error;
//   - no caller is told a definitive failure for an order that exists;
//   - every order ends with an OK answer;
// and per refund request_id: the refund executed once.
// The counts are printed for the closing note.

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
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
#include "tests/harness/postgres_server.h"
#include "tests/harness/process_harness.h"
#include "tests/harness/rpc_error.h"
#include "tests/harness/test_files.h"

namespace msp_gateway {
namespace {

using ::msp_gateway::harness::ChildProcess;
using ::msp_gateway::harness::PostgresServer;
using ::msp_gateway::harness::ProcessOptions;
using ::msp_gateway::harness::RunfilePath;
using payments::v1::CreateOrderRequest;
using payments::v1::CreateOrderResponse;
using payments::v1::RefundOrderRequest;
using payments::v1::RefundOrderResponse;

constexpr int kOrders = 300;
constexpr int kCallers = 8;
constexpr int kMaxAttempts = 25;
constexpr absl::Duration kCallDeadline = absl::Milliseconds(1000);

// Codes that tell a caller "this will never succeed as it is".
bool Definitive(grpc::StatusCode code) {
  return code == grpc::StatusCode::INVALID_ARGUMENT ||
         code == grpc::StatusCode::FAILED_PRECONDITION ||
         code == grpc::StatusCode::ALREADY_EXISTS ||
         code == grpc::StatusCode::NOT_FOUND ||
         code == grpc::StatusCode::PERMISSION_DENIED ||
         code == grpc::StatusCode::UNAUTHENTICATED;
}

struct Answer {
  grpc::StatusCode code;
  std::string reason;
  std::string payment_url;
  int status = 0;  // payments.v1.OrderStatus of an OK answer.
};

struct OrderRun {
  std::vector<Answer> answers;
  bool paid_after_a_loss = false;
  bool ok = false;
};

class StoreChaosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<PostgresServer>> pg =
        PostgresServer::Create();
    ASSERT_TRUE(pg.ok()) << pg.status();
    pg_ = *std::move(pg);

    ProcessOptions emulator;
    emulator.binary = RunfilePath("emulator/msp_emulator");
    emulator.args = {"--host=127.0.0.1", "--port=0", "--fault_seed=20261202"};
    absl::StatusOr<std::unique_ptr<ChildProcess>> started =
        ChildProcess::StartWithPortFile(emulator);
    ASSERT_TRUE(started.ok()) << started.status();
    emulator_ = *std::move(started);
    control_ =
        std::make_unique<httplib::Client>("127.0.0.1", emulator_->port());
    control_->set_read_timeout(10, 0);
    for (int i = 0; i < 2; ++i) ASSERT_TRUE(StartReplica(i));
  }

  bool StartReplica(int i) {
    ProcessOptions server;
    server.binary = RunfilePath("service/server/msp_gateway_server");
    server.args = {"--grpc_host=127.0.0.1", "--grpc_port=0", "--plaintext",
                   "--admin_port=-1",
                   // Callers here give 1 s; send with whatever is left.
                   "--min_upstream_budget=0s", "--lease_margin=1s",
                   "--reconcile_interval=300ms", "--store_pool_size=4"};
    server.env = {
        {"MSP_BASE_URL", absl::StrCat("http://127.0.0.1:", emulator_->port())},
        {"MSP_GATEWAY_STORE", pg_->dsn()},
        {"HOSTNAME", absl::StrCat("replica-", i)}};
    absl::StatusOr<std::unique_ptr<ChildProcess>> started =
        ChildProcess::StartWithPortFile(server);
    EXPECT_TRUE(started.ok()) << started.status();
    if (!started.ok()) return false;
    auto stub = payments::v1::PaymentService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*started)->port()),
                            grpc::InsecureChannelCredentials()));
    absl::MutexLock lock(&mu_);
    replicas_[i] = *std::move(started);
    stubs_[i] =
        std::shared_ptr<payments::v1::PaymentService::Stub>(std::move(stub));
    return true;
  }

  std::shared_ptr<payments::v1::PaymentService::Stub> StubFor(int i) {
    absl::MutexLock lock(&mu_);
    return stubs_[i % 2];
  }

  void Arm(const nlohmann::json& fault) {
    httplib::Result armed =
        control_->Post("/__emulator/faults", fault.dump(), "application/json");
    ASSERT_TRUE(armed && armed->status == 200)
        << fault.dump() << (armed ? armed->body : "no answer");
  }

  nlohmann::json Control(const std::string& path) {
    httplib::Result got = control_->Get(path);
    EXPECT_TRUE(got && got->status == 200) << path;
    return got ? nlohmann::json::parse(got->body, nullptr, false)
               : nlohmann::json();
  }

  static CreateOrderRequest OrderRequest(int i) {
    CreateOrderRequest request;
    const google::protobuf::util::Status parsed =
        google::protobuf::util::JsonStringToMessage(
            testing::ReadTestFile(
                "tests/testdata/bancontact-redirect.request.json"),
            &request);
    EXPECT_TRUE(parsed.ok()) << parsed.ToString();
    request.set_order_id(absl::StrCat("chaos-", i));
    request.set_amount(1000 + i);
    return request;
  }

  std::unique_ptr<PostgresServer> pg_;
  std::unique_ptr<ChildProcess> emulator_;
  std::unique_ptr<httplib::Client> control_;
  absl::Mutex mu_;
  std::unique_ptr<ChildProcess> replicas_[2];
  std::shared_ptr<payments::v1::PaymentService::Stub> stubs_[2];
};

TEST_F(StoreChaosTest, OnePaymentPerOrderUnderFaultsKillsAndRetries) {
  // Creates: the order is made, then its answer is lost, at random.
  for (const nlohmann::json& kind :
       {nlohmann::json{{"kind", "delay"}, {"delay_ms", 1500}},
        nlohmann::json{{"kind", "drop"}},
        nlohmann::json{{"kind", "html"}, {"http_status", 502}}}) {
    nlohmann::json fault = kind;
    fault["method"] = "POST";
    fault["path"] = "/v1/json/orders";
    fault["when"] = "after";
    fault["times"] = -1;
    fault["probability"] = 0.12;
    Arm(fault);
  }
  // Lookups fail sometimes too: the outcome stays unknown for a while.
  Arm({{"method", "GET"},
       {"path", "/v1/json/orders/*"},
       {"kind", "drop"},
       {"times", -1},
       {"probability", 0.15}});

  std::vector<OrderRun> runs(kOrders);
  std::atomic<int> next{0}, finished{0};
  std::atomic<int> lost_answers{0}, paid_between{0};
  auto caller = [&](int seed) {
    std::mt19937 random(seed);
    for (int i = next.fetch_add(1); i < kOrders; i = next.fetch_add(1)) {
      OrderRun& run = runs[i];
      const CreateOrderRequest request = OrderRequest(i);
      for (int attempt = 0; attempt < kMaxAttempts && !run.ok; ++attempt) {
        grpc::ClientContext context;
        context.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
        CreateOrderResponse response;
        const grpc::Status status =
            StubFor(i + attempt)->CreateOrder(&context, request, &response);
        Answer answer{status.error_code(), "", response.payment_url(),
                      response.status()};
        if (!status.ok())
          answer.reason = testing::DecodeRpcError(status).reason;
        run.answers.push_back(answer);
        if (status.ok()) {
          run.ok = true;
          break;
        }
        if (Definitive(status.error_code())) break;
        ++lost_answers;
        // Sometimes the customer pays between the lost answer and the retry
        // (only an order MultiSafepay has can be paid).
        if (!run.paid_after_a_loss && random() % 100 < 12) {
          httplib::Result paid =
              control_->Post(absl::StrCat("/__emulator/orders/",
                                          request.order_id(), "/status"),
                             R"({"status":"completed"})", "application/json");
          if (paid && paid->status == 200) {
            run.paid_after_a_loss = true;
            ++paid_between;
          }
        }
        absl::SleepFor(absl::Milliseconds(20 + random() % 80));
      }
      ++finished;
    }
  };
  std::vector<std::thread> callers;
  for (int t = 0; t < kCallers; ++t) callers.emplace_back(caller, 1000 + t);

  // Mid-run, replica 0 dies with calls in flight, and comes back on the
  // same store.
  while (finished.load() < kOrders / 3) absl::SleepFor(absl::Milliseconds(10));
  {
    absl::MutexLock lock(&mu_);
    ASSERT_TRUE(replicas_[0]->Kill().ok());
  }
  absl::SleepFor(absl::Milliseconds(500));
  ASSERT_TRUE(StartReplica(0));
  for (std::thread& t : callers) t.join();

  // The verdicts.
  nlohmann::json orders = Control("/__emulator/orders");
  std::map<std::string, nlohmann::json> at_msp;
  for (const nlohmann::json& order : orders) {
    at_msp[order["order_id"].get<std::string>()] = order;
  }
  nlohmann::json log = Control("/__emulator/requests");
  // Per order_id, the sequence of creates (P) and lookups (G) sent.
  std::map<std::string, std::string> sequence;
  for (const nlohmann::json& entry : log) {
    const std::string method = entry.value("method", "");
    const std::string path = entry.value("path", "");
    if (method == "POST" && path == "/v1/json/orders") {
      // The log holds a JSON body parsed.
      const nlohmann::json& body = entry["body"];
      if (body.is_object()) sequence[body.value("order_id", "")] += "P";
    } else if (method == "GET" && absl::StartsWith(path, "/v1/json/orders/")) {
      sequence[path.substr(strlen("/v1/json/orders/"))] += "G";
    }
  }

  int posts = 0, repeated_posts = 0, ok_orders = 0, unpaid_lost = 0;
  for (int i = 0; i < kOrders; ++i) {
    const std::string id = absl::StrCat("chaos-", i);
    const OrderRun& run = runs[i];
    SCOPED_TRACE(id + " requests " + sequence[id]);
    ASSERT_EQ(at_msp.count(id), 1u) << "no MultiSafepay order";
    const int order_posts = at_msp[id]["posts"].get<int>();
    posts += order_posts;
    repeated_posts += order_posts - 1;
    // A POST after the first only after a lookup.
    const std::string& seq = sequence[id];
    EXPECT_EQ(seq.find("PP"), std::string::npos)
        << "a POST repeated without a lookup";
    EXPECT_EQ(std::count(seq.begin(), seq.end(), 'P'), order_posts);
    // One payment_url for every OK answer that has one.
    std::set<std::string> urls;
    for (const Answer& answer : run.answers) {
      if (answer.code == grpc::StatusCode::OK && !answer.payment_url.empty()) {
        urls.insert(answer.payment_url);
      }
      EXPECT_FALSE(Definitive(answer.code))
          << "told a definitive failure (" << answer.code << " "
          << answer.reason << ") for an order that exists";
    }
    EXPECT_LE(urls.size(), 1u);
    EXPECT_TRUE(run.ok) << run.answers.size() << " attempts, none OK";
    if (run.ok) ++ok_orders;
    if (run.paid_after_a_loss) {
      // Paid before its retry: the retry got an answer, not an error.
      EXPECT_TRUE(run.ok);
      EXPECT_EQ(at_msp[id]["status"], "completed");
    }
    if (!run.paid_after_a_loss && run.answers.size() > 1) ++unpaid_lost;
  }

  // Refunds of paid orders (a third more are paid now), with their answers
  // lost at random too.
  for (int i = 0; i < kOrders; i += 3) {
    const std::string id = absl::StrCat("chaos-", i);
    if (at_msp[id]["status"] == "completed") continue;
    httplib::Result paid =
        control_->Post(absl::StrCat("/__emulator/orders/", id, "/status"),
                       R"({"status":"completed"})", "application/json");
    ASSERT_TRUE(paid && paid->status == 200) << id;
    at_msp[id]["status"] = "completed";
  }
  Arm({{"method", "POST"},
       {"path", "/v1/json/orders/*"},
       {"kind", "drop"},
       {"when", "after"},
       {"times", -1},
       {"probability", 0.2}});
  Arm({{"method", "POST"},
       {"path", "/v1/json/orders/*"},
       {"kind", "delay"},
       {"delay_ms", 1500},
       {"when", "after"},
       {"times", -1},
       {"probability", 0.2}});
  int refunds_asked = 0, refund_attempts = 0;
  for (int i = 0; i < kOrders; ++i) {
    const std::string id = absl::StrCat("chaos-", i);
    if (at_msp[id]["status"] != "completed") continue;
    ++refunds_asked;
    RefundOrderRequest refund;
    refund.set_order_id(id);
    refund.set_currency("EUR");
    refund.set_amount(10);
    refund.set_request_id(absl::StrFormat("00000000-0000-4000-8000-%012d", i));
    bool ok = false;
    for (int attempt = 0; attempt < kMaxAttempts && !ok; ++attempt) {
      ++refund_attempts;
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
      RefundOrderResponse response;
      const grpc::Status status =
          StubFor(i + attempt)->RefundOrder(&context, refund, &response);
      ok = status.ok();
      EXPECT_FALSE(Definitive(status.error_code()))
          << id << ": " << status.error_message();
      if (Definitive(status.error_code())) break;
      if (!ok) absl::SleepFor(absl::Milliseconds(50));
    }
    EXPECT_TRUE(ok) << id << ": refund never answered";
  }
  int executed_refunds = 0;
  for (const nlohmann::json& order : Control("/__emulator/orders")) {
    const std::string id = order["order_id"].get<std::string>();
    if (at_msp[id]["status"] != "completed") continue;
    EXPECT_EQ(order.value("refunds", 0), 1) << id << ": refunds executed";
    executed_refunds += order.value("refunds", 0);
  }

  std::printf(
      "chaos: %d orders, %d OK, %d lost answers retried, %d paid between a "
      "loss and the retry, %d POSTs (%d repeated, each after a lookup); "
      "%d refunds asked in %d attempts, %d executed\n",
      kOrders, ok_orders, lost_answers.load(), paid_between.load(), posts,
      repeated_posts, refunds_asked, refund_attempts, executed_refunds);
  EXPECT_GT(lost_answers.load(), 20) << "the faults did not fire enough";
  EXPECT_GT(paid_between.load(), 0);
}

}  // namespace
}  // namespace msp_gateway
