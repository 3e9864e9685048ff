// Copyright 2026 The msp-gateway Authors.
//
// File: gateway_test_fixture.h
//
// The in-process setup the integration tests share: the MultiSafepay
// emulator on 127.0.0.1 (an ephemeral port), gateway replicas started with
// ResolveServerConfig() + PaymentServer::Start() against it, gRPC stubs,
// calls with a deadline, the emulator's control surface (faults, order
// status changes, the request log) and the decoding of gRPC error details.
//
// Example:
//   class MyTest : public GatewayTestFixture {};
//   TEST_F(MyTest, Works) {
//     auto gateway = StartGateway(ApiRoot(), kApiKey);
//     CreateOrderResponse response;
//     grpc::Status status =
//         CallWithDeadline(*Stub(*gateway), &PaymentService::Stub::CreateOrder,
//                          BancontactRequest(), &response);
//   }

#ifndef MSP_GATEWAY_TESTS_GATEWAY_TEST_FIXTURE_H_
#define MSP_GATEWAY_TESTS_GATEWAY_TEST_FIXTURE_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "emulator/emulator.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/server/payment_server.h"
#include "service/server/server_config.h"
#include "tests/harness/rpc_error.h"
#include "tests/harness/test_files.h"

namespace msp_gateway {

class GatewayTestFixture : public ::testing::Test {
 protected:
  // The API key the emulator accepts.
  static constexpr char kApiKey[] = "integration-test-key-0001";

  using RpcError = testing::RpcError;
  static RpcError Decode(const grpc::Status& status) {
    return testing::DecodeRpcError(status);
  }

  // The message in the proto3 JSON file at `path`.
  template <typename Message>
  static Message FromJsonFile(const std::string& path) {
    Message message;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(
                    testing::ReadTestFile(path), &message)
                    .ok())
        << path;
    return message;
  }

  // MultiSafepay's Bancontact redirect example
  // (tests/testdata/bancontact-redirect.request.json): order_id
  // "my-order-id-1".
  static payments::v1::CreateOrderRequest BancontactRequest();

  // Starts the emulator (with CustomizeEmulator()'s options) and the
  // control client.
  void SetUp() override;
  // Adjusts the emulator's options before it starts (api_key is kApiKey).
  virtual void CustomizeEmulator(msp_emulator::EmulatorOptions& options) {}

  // Starts a gateway replica pointed at `base_url` with `api_key`, logging
  // to log_; nullptr (after a test failure) when it cannot start.
  std::unique_ptr<PaymentServer> StartGateway(const std::string& base_url,
                                              const std::string& api_key,
                                              int workers = 4,
                                              int queue_capacity = 16);
  // The same with `customize` adjusting the flags first (workers 4, queue
  // 16, --msp_read_timeout 5 s, loopback ports 0 before it runs).
  std::unique_ptr<PaymentServer> StartGateway(
      const std::string& base_url, const std::string& api_key,
      const std::function<void(ServerFlags&)>& customize);

  static std::unique_ptr<payments::v1::PaymentService::Stub> Stub(
      const PaymentServer& server);

  // Calls `method` on `stub` with a 10 s (or `deadline`) deadline.
  template <typename Request, typename Response, typename Method>
  static grpc::Status CallWithDeadline(
      payments::v1::PaymentService::Stub& stub, Method method,
      const Request& request, Response* response,
      absl::Duration deadline = absl::Seconds(10)) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         absl::ToChronoMilliseconds(deadline));
    return (stub.*method)(&context, request, response);
  }

  // The emulator's base URL for the gateway: MSP_BASE_URL.
  std::string ApiRoot() const { return emulator_url_ + "/v1/json"; }

  // POST /__emulator/faults.
  void InjectFault(const nlohmann::json& fault);

  // Plays the customer / bank: POST /__emulator/orders/{id}/status.
  void SetStatus(const std::string& order_id, const nlohmann::json& change);

  // The emulator's request log: what the gateway sent upstream.
  nlohmann::json RequestLog();

  // The last logged request with `method` whose path starts with `prefix`
  // (null when there is none).
  nlohmann::json LastSent(const std::string& method, const std::string& prefix);

  std::ostringstream log_;
  std::unique_ptr<msp_emulator::Emulator> emulator_;
  std::string emulator_url_;
  std::unique_ptr<httplib::Client> control_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_TESTS_GATEWAY_TEST_FIXTURE_H_
