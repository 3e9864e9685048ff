// Copyright 2026 The msp-gateway Authors.

#include "tests/gateway_test_fixture.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <optional>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "service/server/server_config.h"

namespace msp_gateway {

payments::v1::CreateOrderRequest GatewayTestFixture::BancontactRequest() {
  return FromJsonFile<payments::v1::CreateOrderRequest>(
      "tests/testdata/bancontact-redirect.request.json");
}

void GatewayTestFixture::SetUp() {
  msp_emulator::EmulatorOptions options;
  options.api_key = kApiKey;
  CustomizeEmulator(options);
  emulator_ = std::make_unique<msp_emulator::Emulator>(options);
  absl::StatusOr<int> port = emulator_->Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status();
  emulator_url_ = absl::StrCat("http://127.0.0.1:", *port);
  control_ = std::make_unique<httplib::Client>(emulator_url_);
}

std::unique_ptr<PaymentServer> GatewayTestFixture::StartGateway(
    const std::string& base_url, const std::string& api_key, int workers,
    int queue_capacity) {
  return StartGateway(base_url, api_key, [&](ServerFlags& flags) {
    // Workers and their queue are the blocking transport's.
    flags.msp_transport = "httplib";
    flags.workers = workers;
    flags.queue_capacity = queue_capacity;
  });
}

std::unique_ptr<PaymentServer> GatewayTestFixture::StartGateway(
    const std::string& base_url, const std::string& api_key,
    const std::function<void(ServerFlags&)>& customize) {
  ServerFlags flags;
  flags.plaintext = true;
  flags.grpc_host = "127.0.0.1";
  flags.grpc_port = 0;
  flags.admin_port = 0;
  flags.workers = 4;
  flags.queue_capacity = 16;
  flags.msp_read_timeout = absl::Seconds(5);
  // Each server its own order store, unless the test shares one (a restart).
  static std::atomic<int> servers{0};
  const char* tmp = std::getenv("TEST_TMPDIR");
  flags.data_dir = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/gateway-",
                                getpid(), "-", servers.fetch_add(1));
  customize(flags);
  absl::StatusOr<ServerConfig> config = ResolveServerConfig(
      flags,
      [&](const char* name) -> std::optional<std::string> {
        if (std::string(name) == "MSP_BASE_URL") return base_url;
        if (std::string(name) == "MSP_API_KEY") return api_key;
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

std::unique_ptr<payments::v1::PaymentService::Stub> GatewayTestFixture::Stub(
    const PaymentServer& server) {
  return payments::v1::PaymentService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.port()),
                          grpc::InsecureChannelCredentials()));
}

void GatewayTestFixture::InjectFault(const nlohmann::json& fault) {
  httplib::Result result =
      control_->Post("/__emulator/faults", fault.dump(), "application/json");
  ASSERT_TRUE(result) << "emulator control unreachable";
  ASSERT_EQ(result->status, 200) << result->body;
}

void GatewayTestFixture::SetStatus(const std::string& order_id,
                                   const nlohmann::json& change) {
  httplib::Result result =
      control_->Post(absl::StrCat("/__emulator/orders/", order_id, "/status"),
                     change.dump(), "application/json");
  ASSERT_TRUE(result) << "emulator control unreachable";
  ASSERT_EQ(result->status, 200) << result->body;
}

nlohmann::json GatewayTestFixture::RequestLog() {
  httplib::Result result = control_->Get("/__emulator/requests");
  EXPECT_TRUE(result);
  nlohmann::json log = nlohmann::json::parse(result->body);
  return log;
}

nlohmann::json GatewayTestFixture::LastSent(const std::string& method,
                                            const std::string& prefix) {
  nlohmann::json last;
  for (const nlohmann::json& entry : RequestLog()) {
    if (entry["method"] == method &&
        entry["path"].get<std::string>().rfind(prefix, 0) == 0) {
      last = entry;
    }
  }
  return last;
}

}  // namespace msp_gateway
