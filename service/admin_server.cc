// Copyright 2026 The msp-gateway Authors.

#include "service/admin_server.h"

#include "absl/strings/str_cat.h"
#include "httplib.h"

namespace msp_gateway {

AdminServer::AdminServer(const GatewayMetrics& metrics)
    : metrics_(metrics), http_(std::make_unique<httplib::Server>()) {
  http_->Get("/metrics",
             [this](const httplib::Request&, httplib::Response& res) {
               res.set_content(metrics_.RenderPrometheus(),
                               "text/plain; version=0.0.4; charset=utf-8");
             });
  http_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  http_->Get("/readyz",
             [this](const httplib::Request&, httplib::Response& res) {
               if (ready()) {
                 res.set_content("ready\n", "text/plain");
               } else {
                 res.status = 503;
                 res.set_content("not ready\n", "text/plain");
               }
             });
}

AdminServer::~AdminServer() { Stop(); }

absl::StatusOr<int> AdminServer::Start(const std::string& host, int port) {
  int bound = port == 0 ? http_->bind_to_any_port(host)
                        : (http_->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on admin port ", host, ":", port));
  }
  thread_ = std::thread([this] { http_->listen_after_bind(); });
  return bound;
}

void AdminServer::Stop() {
  if (thread_.joinable()) {
    http_->stop();
    thread_.join();
  }
}

}  // namespace msp_gateway
