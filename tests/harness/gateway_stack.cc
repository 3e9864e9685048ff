// Copyright 2026 The msp-gateway Authors.

#include "tests/harness/gateway_stack.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "httplib.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {
namespace harness {
namespace {

// One request to the emulator's control surface; the body on 2xx.
absl::StatusOr<std::string> Control(int port, const std::string& method,
                                    const std::string& path,
                                    const std::string& body = "") {
  httplib::Client http("127.0.0.1", port);
  http.set_connection_timeout(5);
  http.set_read_timeout(10);
  httplib::Result result =
      method == "GET"      ? http.Get(path.c_str())
      : method == "DELETE" ? http.Delete(path.c_str())
                           : http.Post(path.c_str(), body, "application/json");
  if (!result) {
    return absl::UnavailableError(absl::StrCat(
        method, " ", path, ": ", httplib::to_string(result.error())));
  }
  if (result->status < 200 || result->status > 299) {
    return absl::FailedPreconditionError(absl::StrCat(
        method, " ", path, ": HTTP ", result->status, ": ", result->body));
  }
  return result->body;
}

}  // namespace

absl::StatusOr<std::unique_ptr<GatewayStack>> GatewayStack::Start() {
  return Start(Options());
}

absl::StatusOr<std::unique_ptr<GatewayStack>> GatewayStack::Start(
    Options options) {
  ProcessOptions emulator_options;
  emulator_options.binary = RunfilePath(options.emulator_binary);
  emulator_options.args = {"--host=127.0.0.1", "--port=0"};
  emulator_options.env = std::move(options.emulator_env);
  absl::StatusOr<std::unique_ptr<ChildProcess>> emulator =
      ChildProcess::StartWithPortFile(std::move(emulator_options));
  if (!emulator.ok()) return emulator.status();

  ProcessOptions server_options;
  server_options.binary = RunfilePath(options.server_binary);
  server_options.args = {"--grpc_host=127.0.0.1", "--grpc_port=0"};
  // Its own embedded order store, unless the test names one; plaintext
  // unless the test gives TLS files.
  bool has_store = false;
  bool has_tls = false;
  for (const std::string& arg : options.server_args) {
    if (absl::StartsWith(arg, "--data_dir")) has_store = true;
    if (absl::StartsWith(arg, "--tls_")) has_tls = true;
  }
  if (!has_tls) server_options.args.push_back("--plaintext");
  for (const auto& [name, value] : options.server_env) {
    if (absl::StartsWith(name, "MSP_GATEWAY_STORE")) has_store = true;
  }
  if (!has_store) {
    absl::StatusOr<std::string> data_dir = MakeTempDir("gateway-data");
    if (!data_dir.ok()) return data_dir.status();
    server_options.args.push_back("--data_dir=" + *data_dir);
  }
  server_options.args.insert(server_options.args.end(),
                             options.server_args.begin(),
                             options.server_args.end());
  server_options.env = std::move(options.server_env);
  server_options.env.emplace_back(
      "MSP_BASE_URL", absl::StrCat("http://127.0.0.1:", (*emulator)->port()));
  absl::StatusOr<std::unique_ptr<ChildProcess>> server =
      ChildProcess::StartWithPortFile(std::move(server_options));
  if (!server.ok())
    return server.status();  // ~ChildProcess stops the emulator.

  return std::unique_ptr<GatewayStack>(
      new GatewayStack(*std::move(emulator), *std::move(server)));
}

GatewayStack::~GatewayStack() {
  server_->Stop().IgnoreError();
  emulator_->Stop().IgnoreError();
}

std::string GatewayStack::grpc_target() const {
  return absl::StrCat("127.0.0.1:", grpc_port());
}

absl::Status GatewayStack::ArmEmulatorFault(absl::string_view fault_json) {
  return Control(emulator_port(), "POST", "/__emulator/faults",
                 std::string(fault_json))
      .status();
}

absl::Status GatewayStack::ClearEmulatorFaults() {
  return Control(emulator_port(), "DELETE", "/__emulator/faults").status();
}

absl::Status GatewayStack::ClearEmulatorRequests() {
  return Control(emulator_port(), "DELETE", "/__emulator/requests").status();
}

absl::Status GatewayStack::SetEmulatorOrderStatus(absl::string_view order_id,
                                                  absl::string_view status) {
  const nlohmann::json body = {{"status", std::string(status)}};
  return Control(emulator_port(), "POST",
                 absl::StrCat("/__emulator/orders/", order_id, "/status"),
                 body.dump())
      .status();
}

absl::StatusOr<int> GatewayStack::CountEmulatorRequests(
    absl::string_view method, absl::string_view path) {
  absl::StatusOr<std::string> body =
      Control(emulator_port(), "GET", "/__emulator/requests");
  if (!body.ok()) return body.status();
  const nlohmann::json log =
      nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false);
  if (!log.is_array()) {
    return absl::InternalError("GET /__emulator/requests: not a JSON array");
  }
  int count = 0;
  for (const nlohmann::json& entry : log) {
    if (entry.value("method", "") == method &&
        entry.value("path", "") == path) {
      ++count;
    }
  }
  return count;
}

std::string GatewayStack::emulator_url() const {
  return absl::StrCat("http://127.0.0.1:", emulator_port());
}

}  // namespace harness
}  // namespace msp_gateway
