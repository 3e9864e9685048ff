// Copyright 2026 The msp-gateway Authors.
//
// File: gateway_stack.h
//
// The whole service on loopback for cross-component tests, as `./dev run`
// starts it: the MultiSafepay emulator (//emulator:msp_emulator)
// and msp-gateway (//service/server:msp_gateway_server) pointed at it, both on
// free ports. The test lists both binaries as `data`.
//
// Example:
//
//   absl::StatusOr<std::unique_ptr<GatewayStack>> stack =
//   GatewayStack::Start(); ASSERT_TRUE(stack.ok()) << stack.status(); auto
//   client = PaymentClient::Create((*stack)->grpc_target());

#ifndef MSP_GATEWAY_TESTS_HARNESS_GATEWAY_STACK_H_
#define MSP_GATEWAY_TESTS_HARNESS_GATEWAY_STACK_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tests/harness/process_harness.h"

namespace msp_gateway {
namespace harness {

// GatewayStack
class GatewayStack {
 public:
  struct Options {
    // Workspace-relative runfile paths of the two binaries.
    std::string emulator_binary = "emulator/msp_emulator";
    std::string server_binary = "service/server/msp_gateway_server";
    // Extra environment (e.g. MSP_EMULATOR_API_KEY / MSP_API_KEY).
    std::vector<std::pair<std::string, std::string>> emulator_env;
    std::vector<std::pair<std::string, std::string>> server_env;
    // Extra server flags beyond the fixed --grpc_host/--grpc_port/--port_file.
    // The admin HTTP port is free-picked so parallel tests do not collide.
    std::vector<std::string> server_args = {"--admin_port=0"};
  };

  // GatewayStack::Start()
  //
  // Starts the emulator, waits for its port, then the server with
  // MSP_BASE_URL=http://127.0.0.1:<emulator port>, and waits for its port.
  static absl::StatusOr<std::unique_ptr<GatewayStack>> Start();
  static absl::StatusOr<std::unique_ptr<GatewayStack>> Start(Options options);

  GatewayStack(const GatewayStack&) = delete;
  GatewayStack& operator=(const GatewayStack&) = delete;
  // Stops the server first (SIGTERM), then the emulator.
  ~GatewayStack();

  int grpc_port() const { return server_->port(); }
  // "127.0.0.1:<grpc port>".
  std::string grpc_target() const;
  int emulator_port() const { return emulator_->port(); }
  // "http://127.0.0.1:<emulator port>".
  std::string emulator_url() const;

  ChildProcess& server() { return *server_; }
  ChildProcess& emulator() { return *emulator_; }

  // Emulator control surface (`/__emulator/...`), see
  // emulator/fault_injector.h for the fault JSON, e.g.
  // {"path": "/v1/json/orders", "kind": "html_503", "times": 1}.
  absl::Status ArmEmulatorFault(absl::string_view fault_json);
  absl::Status ClearEmulatorFaults();
  absl::Status ClearEmulatorRequests();
  // Plays the customer or the bank: POST /__emulator/orders/{order_id}/status
  // with {"status": status}, e.g. "completed" for a paid order.
  absl::Status SetEmulatorOrderStatus(absl::string_view order_id,
                                      absl::string_view status);
  // How many API requests with this method and path the emulator received
  // since the last ClearEmulatorRequests().
  absl::StatusOr<int> CountEmulatorRequests(absl::string_view method,
                                            absl::string_view path);

 private:
  GatewayStack(std::unique_ptr<ChildProcess> emulator,
               std::unique_ptr<ChildProcess> server)
      : emulator_(std::move(emulator)), server_(std::move(server)) {}

  std::unique_ptr<ChildProcess> emulator_;
  std::unique_ptr<ChildProcess> server_;
};

}  // namespace harness
}  // namespace msp_gateway

#endif  // MSP_GATEWAY_TESTS_HARNESS_GATEWAY_STACK_H_
