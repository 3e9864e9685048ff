// Copyright 2026 The msp-gateway Authors.
//
// The server (http_server.h) with one handler: /__emulator goes to the
// control surface (control_surface.h), everything else, once recorded
// (request_log.h) and past any armed fault (fault_injector.h,
// fault_response.h), to the MultiSafepay API (msp_api.h).

#include "emulator/emulator.h"

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "emulator/control_surface.h"
#include "emulator/fault_injector.h"
#include "emulator/fault_response.h"
#include "emulator/http_message.h"
#include "emulator/http_server.h"
#include "emulator/msp_api.h"
#include "emulator/order_store.h"
#include "emulator/request_log.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

HttpServerOptions ServerOptions(const EmulatorOptions& options) {
  HttpServerOptions server;
  server.threads = options.worker_threads > 0 ? options.worker_threads : 1;
  // MultiSafepay bodies are a few KB; this only stops runaway uploads.
  server.max_body_bytes = 4 << 20;
  return server;
}

}  // namespace

class Emulator::Impl {
 public:
  explicit Impl(EmulatorOptions options)
      : options_(std::move(options)),
        faults_(options_.fault_seed),
        orders_(options_.payment_host,
                options_.clock ? options_.clock
                               : std::function<absl::Time()>(&absl::Now)),
        api_(options_.api_key, &orders_),
        control_(&log_, &faults_, &orders_,
                 ServerControl{[this] { return ServerJson(); },
                               [this] { return server_.ReleaseDelays(); }}),
        server_(ServerOptions(options_),
                [this](const HttpRequest& req) { return Handle(req); }) {}

  absl::StatusOr<int> Start(const std::string& host, int port) {
    return server_.Start(host, port);
  }
  void Stop() { server_.Stop(); }
  int port() const { return server_.port(); }

 private:
  Answer Handle(const HttpRequest& req);
  HttpResponse Api(const HttpRequest& req);
  nlohmann::json ServerJson() const;

  const EmulatorOptions options_;
  RequestLog log_;
  FaultInjector faults_;
  OrderStore orders_;
  MspApi api_;
  ControlSurface control_;
  // Last: stopped (by its destructor) before what its handler uses goes.
  HttpServer server_;
};

Answer Emulator::Impl::Handle(const HttpRequest& req) {
  Answer answer;
  if (IsControlPath(req.path)) {
    control_.Handle(req, answer.response);
    return answer;
  }
  log_.Record(req);
  if (std::optional<Fault> fault = faults_.Take(req.method, req.path)) {
    return FaultAnswer(*fault, req,
                       [this](const HttpRequest& r) { return Api(r); });
  }
  answer.response = Api(req);
  return answer;
}

HttpResponse Emulator::Impl::Api(const HttpRequest& req) {
  HttpResponse res;
  api_.Handle(req, res);
  return res;
}

nlohmann::json Emulator::Impl::ServerJson() const {
  const HttpServerStats stats = server_.stats();
  return {{"threads", stats.threads},
          {"connections", stats.connections},
          {"delayed", stats.delayed},
          {"requests", stats.requests},
          {"fault_seed", faults_.seed()}};
}

Emulator::Emulator(EmulatorOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

Emulator::~Emulator() { Stop(); }

absl::StatusOr<int> Emulator::Start(const std::string& host, int port) {
  return impl_->Start(host, port);
}

void Emulator::Stop() { impl_->Stop(); }

int Emulator::port() const { return impl_->port(); }

}  // namespace msp_emulator
