// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/test_http_server.h"

#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace msp_gateway {

TestHttpServer::TestHttpServer()
    : server_(std::make_unique<httplib::Server>()), tls_(false) {}

TestHttpServer::TestHttpServer(X509* cert, EVP_PKEY* key) : tls_(true) {
  auto ssl_server = std::make_unique<httplib::SSLServer>(cert, key);
  ssl_server_ = ssl_server.get();
  server_ = std::move(ssl_server);
}

TestHttpServer::~TestHttpServer() { Stop(); }

bool TestHttpServer::Start() {
  if (!server_->is_valid()) return false;
  server_->set_pre_routing_handler(
      [this](const httplib::Request&, httplib::Response&) {
        std::lock_guard<std::mutex> lock(mutex_);
        ++started_;
        return httplib::Server::HandlerResponse::Unhandled;
      });
  // Post-routing runs after the body was read and the handler ran, but before
  // the response goes out.
  server_->set_post_routing_handler(
      [this](const httplib::Request& request, httplib::Response&) {
        Record(request);
      });
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return false;
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the accept loop runs; wait for it so Stop()
  // cannot race ahead and leave the thread serving forever.
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (!server_->is_running()) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return true;
}

void TestHttpServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

std::string TestHttpServer::base_url() const {
  return absl::StrCat(tls_ ? "https" : "http", "://127.0.0.1:", port_,
                      "/v1/json");
}

void TestHttpServer::Record(const httplib::Request& request) {
  SeenRequest seen;
  seen.method = request.method;
  seen.target = request.target;
  seen.body = request.body;
  seen.headers = request.headers;
  seen.remote_port = request.remote_port;
  std::lock_guard<std::mutex> lock(mutex_);
  requests_.push_back(std::move(seen));
}

std::vector<TestHttpServer::SeenRequest> TestHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

size_t TestHttpServer::requests_started() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return started_;
}

size_t TestHttpServer::distinct_connections() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::set<int> ports;
  for (const SeenRequest& request : requests_) {
    ports.insert(request.remote_port);
  }
  return ports.size();
}

}  // namespace msp_gateway
