// Copyright 2026 The msp-gateway Authors.
//
// File: grpc_tsan_probe.cc
//
// `grpc_tsan_probe <scenario>` runs one RPC scenario of
// tsan_annotations_test against an in-process gRPC server on 127.0.0.1: the
// gateway's service, callback API and default reactor like
// //service/server:payment_service_impl, answering GetGateway. Plain ints are
// shared between the test's thread and gRPC's, ordered only by gRPC: the
// "clean" scenarios exit 0 under --config=tsan only if
// grpc_tsan_annotations.cc gives TSan gRPC's completion-queue edges; the
// racy one must be reported (exit 66).

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/notification.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "proto/payments/v1/payment_service.grpc.pb.h"

namespace {

using payments::v1::GetGatewayRequest;
using payments::v1::GetGatewayResponse;
using payments::v1::PaymentService;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "grpc_tsan_probe: %s is false\n", what);
    std::abort();
  }
}
#define CHECK(cond) Check(cond, #cond)

// Written by main before the server starts, read by every handler.
int server_config = 0;

class GatewayService : public PaymentService::CallbackService {
  grpc::ServerUnaryReactor* GetGateway(grpc::CallbackServerContext* context,
                                       const GetGatewayRequest* /*request*/,
                                       GetGatewayResponse* response) override {
    CHECK(server_config == 42);
    response->mutable_gateway();
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// Starts the server, runs `client` with a stub for it, stops it.
template <typename Client>
void WithServer(Client client) {
  server_config = 42;
  GatewayService service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  CHECK(server != nullptr && port != 0);
  std::unique_ptr<PaymentService::Stub> stub = PaymentService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                          grpc::InsecureChannelCredentials()));
  client(*stub);
  server->Shutdown();
  server->Wait();
}

// The callback API: main's writes before the call are seen by the callback
// (on a gRPC thread), the callback's writes by main after the notification.
void CallbackRpc() {
  WithServer([](PaymentService::Stub& stub) {
    grpc::ClientContext context;
    GetGatewayRequest request;
    GetGatewayResponse response;
    int before_call = 0;
    bool answered = false;
    absl::Notification done;
    before_call = 1;
    stub.async()->GetGateway(&context, &request, &response,
                             [&](grpc::Status status) {
                               CHECK(status.ok());
                               CHECK(before_call == 1);
                               answered = response.has_gateway();
                               done.Notify();
                             });
    done.WaitForNotification();
    CHECK(answered);
  });
}

// The blocking API (grpc_completion_queue_pluck).
void BlockingRpc() {
  WithServer([](PaymentService::Stub& stub) {
    grpc::ClientContext context;
    GetGatewayResponse response;
    CHECK(stub.GetGateway(&context, GetGatewayRequest(), &response).ok());
    CHECK(response.has_gateway());
  });
}

// Racy: main writes while the callback may read.
void WriteWhileInFlight() {
  WithServer([](PaymentService::Stub& stub) {
    grpc::ClientContext context;
    GetGatewayRequest request;
    GetGatewayResponse response;
    int shared = 0;
    absl::Notification done;
    stub.async()->GetGateway(&context, &request, &response,
                             [&](grpc::Status /*status*/) {
                               std::printf("%d\n", shared);
                               done.Notify();
                             });
    shared = 1;
    done.WaitForNotification();
  });
}

}  // namespace

int main(int argc, char** argv) {
  const std::map<std::string, void (*)()> scenarios = {
      {"callback_rpc", CallbackRpc},
      {"blocking_rpc", BlockingRpc},
      {"write_while_in_flight", WriteWhileInFlight},
  };
  const auto it = argc == 2 ? scenarios.find(argv[1]) : scenarios.end();
  if (it == scenarios.end()) {
    std::fprintf(stderr, "usage: grpc_tsan_probe <scenario>; scenarios:\n");
    for (const auto& [name, run] : scenarios) {
      std::fprintf(stderr, "  %s\n", name.c_str());
    }
    return 2;
  }
  it->second();
  return 0;
}
