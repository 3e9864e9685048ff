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
#include "emulator/notifier.h"
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

NotifierOptions NotifyOptions(const EmulatorOptions& options) {
  NotifierOptions notify;
  notify.api_key = options.api_key;
  notify.notify_any_host = options.notify_any_host;
  notify.retry_interval = options.notify_retry_interval;
  notify.retries = options.notify_retries;
  notify.fault_seed = options.fault_seed;
  if (options.clock) notify.clock = options.clock;
  return notify;
}

void JsonReply(HttpResponse& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.content_type = "application/json";
  res.body = body.dump();
}

}  // namespace

class Emulator::Impl {
 public:
  explicit Impl(EmulatorOptions options)
      : options_(std::move(options)),
        faults_(options_.fault_seed),
        notifier_(NotifyOptions(options_)),
        orders_(options_.payment_host,
                options_.clock ? options_.clock
                               : std::function<absl::Time()>(&absl::Now)),
        api_(options_.api_key, &orders_),
        control_(&log_, &faults_, &orders_,
                 ServerControl{[this] { return ServerJson(); },
                               [this] { return server_.ReleaseDelays(); }}),
        server_(ServerOptions(options_),
                [this](const HttpRequest& req) { return Handle(req); }) {
    orders_.set_change_listener([this](const OrderChange& change) {
      notifier_.Notify(change.order_id, change.order, change.notification_url,
                       change.notification_method);
    });
  }

  absl::StatusOr<int> Start(const std::string& host, int port) {
    return server_.Start(host, port);
  }
  void Stop() {
    server_.Stop();
    notifier_.Stop();
  }
  int port() const { return server_.port(); }

 private:
  Answer Handle(const HttpRequest& req);
  HttpResponse Api(const HttpRequest& req);
  nlohmann::json ServerJson() const;
  bool NotificationControl(const HttpRequest& req, HttpResponse& res);

  const EmulatorOptions options_;
  RequestLog log_;
  FaultInjector faults_;
  // Before orders_: the store's listener sends to it.
  Notifier notifier_;
  OrderStore orders_;
  MspApi api_;
  ControlSurface control_;
  // Last: stopped (by its destructor) before what its handler uses goes.
  HttpServer server_;
};

Answer Emulator::Impl::Handle(const HttpRequest& req) {
  Answer answer;
  if (IsControlPath(req.path)) {
    if (NotificationControl(req, answer.response)) return answer;
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

bool Emulator::Impl::NotificationControl(const HttpRequest& req,
                                         HttpResponse& res) {
  if (req.path == "/__emulator/notifications") {
    if (req.method == "GET") {
      JsonReply(res, 200, notifier_.LogJson());
    } else if (req.method == "DELETE") {
      notifier_.ClearLog();
      JsonReply(res, 200, nlohmann::json::object());
    } else {
      JsonReply(res, 405, {{"error", "GET or DELETE"}});
    }
    return true;
  }
  if (req.path == "/__emulator/notification_faults") {
    if (req.method == "DELETE") {
      notifier_.ClearFaults();
      JsonReply(res, 200, nlohmann::json::object());
    } else if (req.method == "POST") {
      nlohmann::json spec = nlohmann::json::parse(req.body, nullptr, false);
      absl::StatusOr<NotificationFault> fault = ParseNotificationFault(spec);
      if (!fault.ok()) {
        JsonReply(res, 400, {{"error", std::string(fault.status().message())}});
      } else {
        notifier_.AddFault(*fault);
        JsonReply(res, 200, nlohmann::json::object());
      }
    } else {
      JsonReply(res, 405, {{"error", "POST or DELETE"}});
    }
    return true;
  }
  return false;
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
