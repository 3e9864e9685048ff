// Copyright 2026 The msp-gateway Authors.
//
// The gateway with a real PostgreSQL order store (issue 11), in-process
// servers over real sockets: replicas share answers through the store,
// readiness follows the store and CreateOrder fails closed while it is
// down, and the reconciler settles a lost answer nobody retried.

#include <chrono>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "emulator/emulator.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/server/payment_server.h"
#include "service/server/server_config.h"
#include "tests/harness/postgres_server.h"
#include "tests/harness/rpc_error.h"
#include "tests/harness/test_files.h"

namespace msp_gateway {
namespace {

using ::msp_gateway::harness::PostgresServer;
using payments::v1::CreateOrderRequest;
using payments::v1::CreateOrderResponse;

constexpr char kApiKey[] = "store-test-key";

template <typename F>
bool WaitFor(F condition, absl::Duration timeout = absl::Seconds(30)) {
  const absl::Time end = absl::Now() + timeout;
  while (absl::Now() < end) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return condition();
}

class StoreIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<PostgresServer>> pg =
        PostgresServer::Create();
    ASSERT_TRUE(pg.ok()) << pg.status();
    pg_ = *std::move(pg);
    msp_emulator::EmulatorOptions options;
    options.api_key = kApiKey;
    emulator_ = std::make_unique<msp_emulator::Emulator>(options);
    absl::StatusOr<int> port = emulator_->Start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    emulator_url_ = absl::StrCat("http://127.0.0.1:", *port);
    control_ = std::make_unique<httplib::Client>(emulator_url_);
  }

  std::unique_ptr<PaymentServer> StartGateway() {
    ServerFlags flags;
    flags.plaintext = true;
    flags.grpc_host = "127.0.0.1";
    flags.grpc_port = 0;
    flags.admin_port = 0;
    flags.min_upstream_budget = absl::ZeroDuration();
    flags.reconcile_interval = absl::Milliseconds(100);
    flags.lease_margin = absl::Milliseconds(500);
    flags.store_timeout = absl::Seconds(1);
    const std::string base_url = emulator_url_ + "/v1/json";
    const std::string dsn = pg_->dsn();
    absl::StatusOr<ServerConfig> config = ResolveServerConfig(
        flags,
        [&](const char* name) -> std::optional<std::string> {
          const std::string n(name);
          if (n == "MSP_BASE_URL") return base_url;
          if (n == "MSP_API_KEY") return std::string(kApiKey);
          if (n == "MSP_GATEWAY_STORE") return dsn;
          return std::nullopt;
        },
        ReadFileToString);
    EXPECT_TRUE(config.ok()) << config.status();
    if (!config.ok()) return nullptr;
    absl::StatusOr<std::unique_ptr<PaymentServer>> server =
        PaymentServer::Start(*config, log_);
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? *std::move(server) : nullptr;
  }

  static CreateOrderRequest Order(const std::string& order_id) {
    CreateOrderRequest request;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(
                    testing::ReadTestFile(
                        "tests/testdata/bancontact-redirect.request.json"),
                    &request)
                    .ok());
    request.set_order_id(order_id);
    return request;
  }

  static grpc::Status Create(PaymentServer& server,
                             const CreateOrderRequest& request,
                             CreateOrderResponse* response,
                             absl::Duration deadline = absl::Seconds(10)) {
    auto stub = payments::v1::PaymentService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.port()),
                            grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         absl::ToChronoMilliseconds(deadline));
    return stub->CreateOrder(&context, request, response);
  }

  static int Readyz(const PaymentServer& server) {
    httplib::Client admin("127.0.0.1", server.admin_port());
    httplib::Result got = admin.Get("/readyz");
    return got ? got->status : -1;
  }

  int Posts() {
    httplib::Result got = control_->Get("/__emulator/requests");
    if (!got) return -1;
    int posts = 0;
    for (const nlohmann::json& r : nlohmann::json::parse(got->body)) {
      if (r["method"] == "POST" && r["path"] == "/v1/json/orders") ++posts;
    }
    return posts;
  }

  void Arm(const nlohmann::json& fault) {
    httplib::Result armed =
        control_->Post("/__emulator/faults", fault.dump(), "application/json");
    ASSERT_TRUE(armed && armed->status == 200) << fault.dump();
  }

  std::unique_ptr<PostgresServer> pg_;
  std::unique_ptr<msp_emulator::Emulator> emulator_;
  std::string emulator_url_;
  std::unique_ptr<httplib::Client> control_;
  std::ostringstream log_;
};

TEST_F(StoreIntegrationTest, ReplicasShareOneAnswerThroughTheStore) {
  auto a = StartGateway();
  auto b = StartGateway();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  CreateOrderResponse first, second;
  ASSERT_TRUE(Create(*a, Order("shared-1"), &first).ok());
  ASSERT_TRUE(Create(*b, Order("shared-1"), &second).ok());
  EXPECT_EQ(second.payment_url(), first.payment_url());
  EXPECT_EQ(Posts(), 1);
  // A different request under the same order_id, on the other replica.
  CreateOrderRequest changed = Order("shared-1");
  changed.set_amount(changed.amount() + 1);
  const grpc::Status reused = Create(*b, changed, &second);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(testing::DecodeRpcError(reused).reason, "ORDER_ID_REUSED");
  EXPECT_EQ(Posts(), 1);
}

TEST_F(StoreIntegrationTest, AStoreThatIsDownFailsClosedAndReadinessFollows) {
  auto gateway = StartGateway();
  ASSERT_NE(gateway, nullptr);
  ASSERT_TRUE(WaitFor([&] { return Readyz(*gateway) == 200; }));
  CreateOrderResponse response;
  ASSERT_TRUE(Create(*gateway, Order("before-outage"), &response).ok());

  ASSERT_TRUE(pg_->Stop().ok());
  ASSERT_TRUE(WaitFor([&] { return Readyz(*gateway) == 503; }))
      << "readiness still " << Readyz(*gateway);
  const grpc::Status down = Create(*gateway, Order("during-outage"), &response);
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE);
  testing::RpcError error = testing::DecodeRpcError(down);
  EXPECT_EQ(error.reason, "STORE_UNAVAILABLE");
  EXPECT_EQ(error.metadata["request_sent"], "false");
  EXPECT_TRUE(error.has_retry_info);
  EXPECT_EQ(Posts(), 1) << "never a POST without a claim";
  EXPECT_FALSE(absl::StrContains(down.error_message(), pg_->dsn()));

  ASSERT_TRUE(pg_->Start().ok());
  ASSERT_TRUE(WaitFor([&] { return Readyz(*gateway) == 200; }));
  ASSERT_TRUE(Create(*gateway, Order("during-outage"), &response).ok());
  EXPECT_EQ(Posts(), 2);
}

TEST_F(StoreIntegrationTest, TheReconcilerSettlesALostAnswerNobodyRetried) {
  auto gateway = StartGateway();
  ASSERT_NE(gateway, nullptr);
  // The order is made, its answer comes after the caller gave up, and the
  // caller's lookup fails too: the outcome is unknown.
  Arm({{"method", "POST"},
       {"path", "/v1/json/orders"},
       {"kind", "delay"},
       {"when", "after"},
       {"delay_ms", 1500}});
  Arm({{"method", "GET"}, {"path", "/v1/json/orders/*"}, {"kind", "drop"}});
  CreateOrderResponse response;
  const grpc::Status lost =
      Create(*gateway, Order("lost-1"), &response, absl::Milliseconds(1000));
  EXPECT_FALSE(lost.ok());
  // Nobody retries; the reconciler looks the order up (open: its answer is
  // lost) and records that.
  const GatewayMetrics& metrics = gateway->metrics();
  ASSERT_TRUE(WaitFor([&] {
    return metrics.reconciliations().Value({"reconciler", "answer_lost"}) >= 1;
  })) << metrics.RenderPrometheus();
  // The caller's retry, much later, sends once more and gets a session of
  // the same order; that answer stays the answer.
  CreateOrderResponse retried, again;
  ASSERT_TRUE(Create(*gateway, Order("lost-1"), &retried).ok());
  EXPECT_FALSE(retried.payment_url().empty());
  ASSERT_TRUE(Create(*gateway, Order("lost-1"), &again).ok());
  EXPECT_EQ(again.payment_url(), retried.payment_url());
  EXPECT_EQ(Posts(), 2);
  httplib::Result stats = control_->Get("/__emulator/orders/lost-1/stats");
  ASSERT_TRUE(stats && stats->status == 200);
  EXPECT_EQ(nlohmann::json::parse(stats->body)["sessions"], 2);
}

// An UpdateOrder whose answer is lost is settled by the judge from the
// stored body: the reconciler sees the order shipped and records the answer,
// and the caller's retry gets it without a second PATCH.
TEST_F(StoreIntegrationTest, ALostShipmentIsSettledFromTheStoredUpdate) {
  auto gateway = StartGateway();
  ASSERT_NE(gateway, nullptr);
  CreateOrderResponse created;
  ASSERT_TRUE(Create(*gateway, Order("ship-1"), &created).ok());
  httplib::Result paid =
      control_->Post("/__emulator/orders/ship-1/status",
                     R"({"status":"completed"})", "application/json");
  ASSERT_TRUE(paid && paid->status == 200) << (paid ? paid->body : "");

  Arm({{"method", "PATCH"},
       {"path", "/v1/json/orders/*"},
       {"kind", "delay"},
       {"when", "after"},
       {"delay_ms", 1500}});
  Arm({{"method", "GET"}, {"path", "/v1/json/orders/*"}, {"kind", "drop"}});
  payments::v1::UpdateOrderRequest ship;
  ship.set_order_id("ship-1");
  ship.set_status(payments::v1::UPDATE_ORDER_STATUS_SHIPPED);
  ship.set_tracktrace_code("3SMSP0123456789");
  ship.set_request_id("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
  auto stub = payments::v1::PaymentService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", gateway->port()),
                          grpc::InsecureChannelCredentials()));
  auto update = [&](payments::v1::UpdateOrderResponse* response,
                    absl::Duration deadline) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         absl::ToChronoMilliseconds(deadline));
    return stub->UpdateOrder(&context, ship, response);
  };
  payments::v1::UpdateOrderResponse lost;
  const grpc::Status first = update(&lost, absl::Milliseconds(1000));
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  const GatewayMetrics& metrics = gateway->metrics();
  ASSERT_TRUE(WaitFor([&] {
    return metrics.reconciliations().Value({"reconciler", "applied"}) >= 1;
  })) << metrics.RenderPrometheus();

  payments::v1::UpdateOrderResponse retried;
  const grpc::Status again = update(&retried, absl::Seconds(10));
  ASSERT_TRUE(again.ok()) << again.error_message();
  EXPECT_EQ(retried.order_id(), "ship-1");
  int patches = 0;
  httplib::Result log = control_->Get("/__emulator/requests");
  ASSERT_TRUE(log && log->status == 200);
  for (const nlohmann::json& r : nlohmann::json::parse(log->body)) {
    if (r["method"] == "PATCH") ++patches;
  }
  EXPECT_EQ(patches, 1) << "the shipment was sent once";
}

}  // namespace
}  // namespace msp_gateway
