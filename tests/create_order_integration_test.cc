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
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/payment_server.h"
#include "tests/gateway_test_fixture.h"

namespace msp_gateway {
namespace {

using payments::v1::CreateOrderRequest;
using payments::v1::CreateOrderResponse;

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

class CreateOrderIntegrationTest : public GatewayTestFixture {
 protected:
  grpc::Status Call(const PaymentServer& server,
                    const CreateOrderRequest& request,
                    CreateOrderResponse* response,
                    absl::Duration deadline = absl::Seconds(10)) {
    return CallWithDeadline(*Stub(server),
                            &payments::v1::PaymentService::Stub::CreateOrder,
                            request, response, deadline);
  }
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
