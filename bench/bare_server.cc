// Copyright 2026 The msp-gateway Authors.
//
// bare_server: the floor of the side-by-side benchmark. A gRPC callback
// server for payments.v1.PaymentService whose CreateOrder answers one fixed
// CreateOrderResponse at once: what gRPC itself costs per call on this
// machine (HTTP/2, request parsing, response serialization), with no
// validation, translation or upstream call. The other methods are
// UNIMPLEMENTED.
//
//   bare_server --port=0 --port_file=/tmp/port
//
// Runs until SIGTERM or SIGINT.

#include <signal.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "payments/v1/payment_service.grpc.pb.h"

ABSL_FLAG(std::string, host, "127.0.0.1", "Address to listen on.");
ABSL_FLAG(int, port, 0, "Port; 0 picks a free one.");
ABSL_FLAG(std::string, port_file, "",
          "If set, the bound port is written here (atomically) once serving.");

namespace msp_gateway {
namespace bench {
namespace {

using payments::v1::CreateOrderRequest;
using payments::v1::CreateOrderResponse;

class BareService final : public payments::v1::PaymentService::CallbackService {
 public:
  BareService() {
    fixed_.set_order_id("bare-order");
    fixed_.set_payment_url(
        "https://testpayv2.multisafepay.com/connect/bare/?order_id=bare-order");
  }

  grpc::ServerUnaryReactor* CreateOrder(
      grpc::CallbackServerContext* context,
      const CreateOrderRequest* /*request*/,
      CreateOrderResponse* response) override {
    *response = fixed_;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  CreateOrderResponse fixed_;
};

bool WritePortFile(const std::string& path, int port) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << port << "\n";
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

int Run() {
  // Every thread gRPC starts inherits the mask; sigwait() takes the signal.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  BareService service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(
      absl::StrCat(absl::GetFlag(FLAGS_host), ":", absl::GetFlag(FLAGS_port)),
      grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port <= 0) {
    std::fprintf(stderr, "bare_server: cannot listen\n");
    return 1;
  }
  if (const std::string path = absl::GetFlag(FLAGS_port_file);
      !path.empty() && !WritePortFile(path, port)) {
    std::fprintf(stderr, "bare_server: cannot write %s\n", path.c_str());
    return 1;
  }
  std::fprintf(stderr, "bare_server listening on %s:%d\n",
               absl::GetFlag(FLAGS_host).c_str(), port);
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server->Shutdown();
  return 0;
}

}  // namespace
}  // namespace bench
}  // namespace msp_gateway

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return msp_gateway::bench::Run();
}
