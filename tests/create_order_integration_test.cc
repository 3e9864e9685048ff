// Copyright 2026 The msp-gateway Authors.
//
// CreateOrder over real sockets: a gRPC client, the gateway (in-process) and
// the MultiSafepay emulator (in-process, HTTP on 127.0.0.1). Covers the
// success path and every upstream failure class.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/payment_server.h"
#include "service/server_config.h"
#include "tools/msp_emulator/emulator.h"

namespace msp_gateway {
namespace {

using payments::v1::CreateOrderRequest;
using payments::v1::CreateOrderResponse;

constexpr char kApiKey[] = "integration-test-key-0001";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// A loopback port nothing listens on: bound, then closed without listen().
int UnusedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

CreateOrderRequest BancontactRequest() {
  CreateOrderRequest request;
  const std::string json =
      ReadFile("tests/testdata/bancontact-redirect.request.json");
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &request).ok());
  return request;
}

// A decoded gRPC error: the code plus the ErrorInfo reason, if any.
struct RpcError {
  grpc::StatusCode code;
  std::string reason;
  std::string domain;
  bool has_retry_info = false;
  int violations = 0;
};

RpcError Decode(const grpc::Status& status) {
  RpcError error{status.error_code(), "", ""};
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return error;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&info)) {
      error.reason = info.reason();
      error.domain = info.domain();
    } else if (any.Is<google::rpc::RetryInfo>()) {
      error.has_retry_info = true;
    } else if (any.UnpackTo(&bad_request)) {
      error.violations = bad_request.field_violations_size();
    }
  }
  return error;
}

class CreateOrderIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    msp_emulator::EmulatorOptions options;
    options.api_key = kApiKey;
    emulator_ = std::make_unique<msp_emulator::Emulator>(options);
    absl::StatusOr<int> port = emulator_->Start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    emulator_url_ = absl::StrCat("http://127.0.0.1:", *port);
    control_ = std::make_unique<httplib::Client>(emulator_url_);
  }

  // Starts a gateway replica pointed at `base_url` with `api_key`.
  std::unique_ptr<PaymentServer> StartGateway(const std::string& base_url,
                                              const std::string& api_key,
                                              int workers = 4,
                                              int queue_capacity = 16) {
    ServerFlags flags;
    flags.grpc_host = "127.0.0.1";
    flags.grpc_port = 0;
    flags.admin_port = 0;
    flags.workers = workers;
    flags.queue_capacity = queue_capacity;
    flags.msp_read_timeout = absl::Seconds(5);
    absl::StatusOr<ServerConfig> config = ResolveServerConfig(
        flags,
        [&](const char* name) -> std::optional<std::string> {
          if (std::string(name) == "MSP_BASE_URL") return base_url;
          if (std::string(name) == "MSP_API_KEY") return api_key;
          return std::nullopt;
        },
        ReadFileToString);
    EXPECT_TRUE(config.ok()) << config.status();
    absl::StatusOr<std::unique_ptr<PaymentServer>> server =
        PaymentServer::Start(*config, log_);
    EXPECT_TRUE(server.ok()) << server.status();
    return *std::move(server);
  }

  std::unique_ptr<payments::v1::PaymentService::Stub> Stub(
      const PaymentServer& server) {
    return payments::v1::PaymentService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.port()),
                            grpc::InsecureChannelCredentials()));
  }

  grpc::Status Call(const PaymentServer& server,
                    const CreateOrderRequest& request,
                    CreateOrderResponse* response,
                    absl::Duration deadline = absl::Seconds(10)) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         absl::ToChronoMilliseconds(deadline));
    return Stub(server)->CreateOrder(&context, request, response);
  }

  void InjectFault(const nlohmann::json& fault) {
    httplib::Result result =
        control_->Post("/__emulator/faults", fault.dump(), "application/json");
    ASSERT_TRUE(result) << "emulator control unreachable";
    ASSERT_EQ(result->status, 200) << result->body;
  }

  nlohmann::json RequestLog() {
    httplib::Result result = control_->Get("/__emulator/requests");
    EXPECT_TRUE(result);
    nlohmann::json log = nlohmann::json::parse(result->body);
    return log;
  }

  std::string ApiRoot() const { return emulator_url_ + "/v1/json"; }

  std::ostringstream log_;
  std::unique_ptr<msp_emulator::Emulator> emulator_;
  std::string emulator_url_;
  std::unique_ptr<httplib::Client> control_;
};

TEST_F(CreateOrderIntegrationTest, BancontactRedirectReturnsPaymentUrl) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  CreateOrderResponse response;
  grpc::Status status = Call(*gateway, BancontactRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.order_id(), "my-order-id-1");
  EXPECT_EQ(response.session_id().size(), 35u);
  EXPECT_EQ(response.payment_url(),
            absl::StrCat("https://testpayv2.multisafepay.com/connect/",
                         response.session_id(), "/?lang=nl_NL"));

  // Upstream saw MultiSafepay's own example, with our key in the header.
  nlohmann::json log = RequestLog();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["method"], "POST");
  EXPECT_EQ(log[0]["path"], "/v1/json/orders");
  EXPECT_EQ(log[0]["body"],
            nlohmann::json::parse(
                ReadFile("tests/testdata/bancontact-redirect.msp.json")));
  EXPECT_EQ(log[0]["headers"]["api_key"], "REDACTED");
  EXPECT_FALSE(log[0]["query"].contains("api_key"));
  // The RPC log line has the order_id but no personal data.
  EXPECT_NE(log_.str().find("\"order_id\":\"my-order-id-1\""),
            std::string::npos);
  EXPECT_EQ(log_.str().find("example@multisafepay.com"), std::string::npos);
}

TEST_F(CreateOrderIntegrationTest, InvalidRequestNeverReachesUpstream) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  CreateOrderRequest request = BancontactRequest();
  request.set_currency("USD");
  request.set_amount(0);
  CreateOrderResponse response;
  RpcError error = Decode(Call(*gateway, request, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_GE(error.violations, 2);
  EXPECT_TRUE(RequestLog().empty());
}

TEST_F(CreateOrderIntegrationTest, WrongApiKeyIsInternalNotUnauthenticated) {
  auto gateway = StartGateway(ApiRoot(), "wrong-key-value-123");
  CreateOrderResponse response;
  grpc::Status status = Call(*gateway, BancontactRequest(), &response);
  RpcError error = Decode(status);
  EXPECT_EQ(error.code, grpc::StatusCode::INTERNAL);
  EXPECT_EQ(error.reason, "MSP_1032");
  EXPECT_EQ(error.domain, "multisafepay.com");
  EXPECT_EQ(status.error_message().find("wrong-key-value-123"),
            std::string::npos);
  EXPECT_EQ(log_.str().find("wrong-key-value-123"), std::string::npos);
}

TEST_F(CreateOrderIntegrationTest, CompletedOrderIdIsAlreadyExists) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  CreateOrderResponse response;
  ASSERT_TRUE(Call(*gateway, BancontactRequest(), &response).ok());
  // The customer pays.
  httplib::Result paid =
      control_->Post("/__emulator/orders/my-order-id-1/status",
                     R"({"status":"completed"})", "application/json");
  ASSERT_TRUE(paid && paid->status == 200);
  // Another replica (no shared cache) gets the same order_id again.
  auto replica = StartGateway(ApiRoot(), kApiKey);
  RpcError error = Decode(Call(*replica, BancontactRequest(), &response));
  EXPECT_EQ(error.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(error.reason, "MSP_1006");
}

TEST_F(CreateOrderIntegrationTest, SameOrderIdWithDifferentContent) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  CreateOrderResponse first, second;
  ASSERT_TRUE(Call(*gateway, BancontactRequest(), &first).ok());
  // Identical retry: same answer, no second upstream call.
  ASSERT_TRUE(Call(*gateway, BancontactRequest(), &second).ok());
  EXPECT_EQ(second.payment_url(), first.payment_url());
  EXPECT_EQ(RequestLog().size(), 1u);
  // Same order_id, different amount: refused.
  CreateOrderRequest changed = BancontactRequest();
  changed.set_amount(200);
  RpcError error = Decode(Call(*gateway, changed, &second));
  EXPECT_EQ(error.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(error.reason, "ORDER_ID_REUSED");
  EXPECT_EQ(RequestLog().size(), 1u);
}

TEST_F(CreateOrderIntegrationTest, EmulatorDownIsUnavailable) {
  const int port = UnusedPort();
  auto gateway =
      StartGateway(absl::StrCat("http://127.0.0.1:", port, "/v1/json"), "");
  CreateOrderResponse response;
  RpcError error = Decode(Call(*gateway, BancontactRequest(), &response));
  EXPECT_EQ(error.code, grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(error.domain, "multisafepay.com");
  EXPECT_FALSE(error.reason.empty());
  EXPECT_TRUE(error.has_retry_info);
}

TEST_F(CreateOrderIntegrationTest, Html503IsUnavailable) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  InjectFault({{"method", "POST"},
               {"path", "/v1/json/orders"},
               {"kind", "html_503"},
               {"times", 1}});
  CreateOrderResponse response;
  RpcError error = Decode(Call(*gateway, BancontactRequest(), &response));
  EXPECT_EQ(error.code, grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(error.reason, "MSP_HTTP_503");
  // Failures are not cached: the retry goes through.
  ASSERT_TRUE(Call(*gateway, BancontactRequest(), &response).ok());
}

TEST_F(CreateOrderIntegrationTest, SlowUpstreamHitsTheCallersDeadline) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  InjectFault({{"method", "POST"},
               {"path", "/v1/json/orders"},
               {"kind", "delay"},
               {"delay_ms", 3000},
               {"times", 1}});
  CreateOrderResponse response;
  grpc::Status status =
      Call(*gateway, BancontactRequest(), &response, absl::Milliseconds(500));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(CreateOrderIntegrationTest, FullWorkerPoolIsResourceExhausted) {
  auto gateway = StartGateway(ApiRoot(), kApiKey, /*workers=*/1,
                              /*queue_capacity=*/0);
  InjectFault({{"method", "POST"},
               {"path", "/v1/json/orders"},
               {"kind", "delay"},
               {"delay_ms", 1500},
               {"times", 1}});
  // The first call occupies the only worker...
  auto stub = Stub(*gateway);
  grpc::ClientContext slow_context;
  const CreateOrderRequest slow_request = BancontactRequest();
  CreateOrderResponse slow_response;
  grpc::Status slow_status;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  stub->async()->CreateOrder(&slow_context, &slow_request, &slow_response,
                             [&](grpc::Status s) {
                               std::lock_guard<std::mutex> lock(mu);
                               slow_status = s;
                               done = true;
                               cv.notify_all();
                             });
  // ...wait until it is upstream, then a second order is refused at once.
  for (int i = 0; i < 100 && RequestLog().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CreateOrderRequest other = BancontactRequest();
  other.set_order_id("my-order-id-2");
  CreateOrderResponse response;
  RpcError error = Decode(Call(*gateway, other, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(error.reason, "WORKER_POOL_FULL");
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  EXPECT_TRUE(slow_status.ok()) << slow_status.error_message();
}

}  // namespace
}  // namespace msp_gateway
