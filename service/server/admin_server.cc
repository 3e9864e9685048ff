// Copyright 2026 The msp-gateway Authors.

#include "service/server/admin_server.h"

#include <memory>
#include <string>
#include <utility>

#include "httplib.h"

namespace msp_gateway {

// cpp-httplib as a parser and router only: process_request() reads one
// request from a Stream, calls the handler and writes the answer. Its
// listen loop and thread pool are not used (see admin_server.h).
class AdminHttp : public httplib::Server {
 public:
  void ServeOne(httplib::Stream& stream) {
    bool connection_closed = false;
    process_request(stream, /*close_connection=*/true, connection_closed,
                    nullptr);
  }
};

namespace {

BoundedRequestReaderOptions ReaderOptions(const AdminServerOptions& options) {
  BoundedRequestReaderOptions reader;
  reader.name = "admin port";
  // The endpoints are GETs without a body: a body is not read (httplib
  // answers 400 for a request that needs one).
  reader.framing = RequestFraming::kHeadOnly;
  reader.max_head_bytes = options.max_request_bytes;
  reader.read_timeout = options.request_timeout;
  reader.answer_timeout = false;
  reader.write_timeout = options.write_timeout;
  reader.max_connections_per_client = options.max_connections_per_client;
  reader.max_pending_connections = options.max_pending_connections;
  reader.worker_threads = options.worker_threads;
  reader.worker_queue = options.worker_queue;
  return reader;
}

}  // namespace

AdminServer::AdminServer(const GatewayMetrics& metrics,
                         AdminServerOptions options)
    : metrics_(metrics),
      options_(std::move(options)),
      http_(std::make_unique<AdminHttp>()),
      reader_(std::make_unique<BoundedRequestReader>(
          ReaderOptions(options_),
          [this](httplib::Stream& stream) { http_->ServeOne(stream); })) {
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
  return reader_->Start(host, port);
}

void AdminServer::Stop() { reader_->Stop(); }

}  // namespace msp_gateway
