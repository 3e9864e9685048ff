// Copyright 2026 The msp-gateway Authors.
//
// The server: a catch-all handler that sends /__emulator to the control
// surface (control_surface.h) and everything else, once recorded
// (request_log.h) and past any armed fault (fault_injector.h,
// fault_response.h), to the MultiSafepay API (msp_api.h).

#include "emulator/emulator.h"

#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "emulator/control_surface.h"
#include "emulator/fault_injector.h"
#include "emulator/fault_response.h"
#include "emulator/msp_api.h"
#include "emulator/order_store.h"
#include "emulator/request_log.h"
#include "httplib.h"

namespace msp_emulator {
namespace {

// MultiSafepay bodies are a few KB; this only stops runaway uploads.
constexpr size_t kMaxBodyBytes = 4 << 20;

// httplib::Server with a usable listen backlog. Debian's libcpp-httplib
// listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled in), so a
// burst of more than ~6 simultaneous connects (a client pool warming up) has
// SYNs dropped and retried a second later. Calling listen() again on the
// bound socket raises the backlog.
class Server : public httplib::Server {
 public:
  bool WidenListenBacklog() { return ::listen(svr_sock_, SOMAXCONN) == 0; }
};

}  // namespace

class Emulator::Impl {
 public:
  explicit Impl(EmulatorOptions options)
      : options_(std::move(options)),
        orders_(options_.payment_host,
                options_.clock ? options_.clock
                               : std::function<absl::Time()>(&absl::Now)),
        api_(options_.api_key, &orders_),
        control_(&log_, &faults_, &orders_) {}

  absl::StatusOr<int> Start(const std::string& host, int port);
  void Stop();
  int port() const { return port_.load(); }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res);
  void SleepUnlessStopping(int milliseconds) const;

  const EmulatorOptions options_;
  RequestLog log_;
  FaultInjector faults_;
  OrderStore orders_;
  MspApi api_;
  ControlSurface control_;
  // Constructed last: its constructor also makes the process ignore SIGPIPE,
  // which dropping a connection (fault_response.cc) relies on.
  Server server_;
  std::thread thread_;
  std::atomic<int> port_{0};
  std::atomic<bool> stopping_{false};

  absl::Mutex lifecycle_mu_;
  bool started_ ABSL_GUARDED_BY(lifecycle_mu_) = false;
};

absl::StatusOr<int> Emulator::Impl::Start(const std::string& host, int port) {
  absl::MutexLock lock(&lifecycle_mu_);
  if (started_)
    return absl::FailedPreconditionError("emulator already started");
  if (port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("invalid port ", port));
  }
  started_ = true;

  const int workers = options_.worker_threads > 0 ? options_.worker_threads : 1;
  server_.new_task_queue = [workers] {
    return new httplib::ThreadPool(workers);
  };
  // Clients keep connections open; httplib's default of 5 requests per
  // connection would make them reconnect all the time.
  server_.set_keep_alive_max_count(1000);
  // httplib writes headers and body separately; with Nagle's algorithm a
  // keep-alive client then waits for a delayed ACK (~40 ms) per answer.
  server_.set_tcp_nodelay(true);
  // httplib's default options add SO_REUSEPORT, which lets a second emulator
  // bind the same port and silently take half of the traffic. A busy port
  // must be an error instead.
  server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server_.set_payload_max_length(kMaxBodyBytes);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    Handle(req, res);
  };
  // One catch-all per method: routing is done in Handle() so unknown routes
  // get MultiSafepay's 404 envelope and are still recorded.
  server_.Get(".*", handler);
  server_.Post(".*", handler);
  server_.Put(".*", handler);
  server_.Patch(".*", handler);
  server_.Delete(".*", handler);
  server_.Options(".*", handler);

  int bound = -1;
  if (port == 0) {
    bound = server_.bind_to_any_port(host);
  } else if (server_.bind_to_port(host, port)) {
    bound = port;
  }
  if (bound <= 0) {
    return absl::UnavailableError(
        absl::StrCat("msp_emulator cannot listen on ", host, ":", port));
  }
  if (!server_.WidenListenBacklog()) {
    return absl::InternalError("msp_emulator cannot widen the listen backlog");
  }
  port_ = bound;
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // The socket already accepts connections (they wait in the backlog), but
  // Server::stop() only works once the accept loop runs.
  while (!server_.is_running()) absl::SleepFor(absl::Milliseconds(1));
  return bound;
}

void Emulator::Impl::Stop() {
  absl::MutexLock lock(&lifecycle_mu_);
  stopping_ = true;
  if (server_.is_running()) server_.stop();
  if (thread_.joinable()) thread_.join();
}

void Emulator::Impl::SleepUnlessStopping(int milliseconds) const {
  const absl::Time deadline = absl::Now() + absl::Milliseconds(milliseconds);
  while (!stopping_ && absl::Now() < deadline) {
    absl::SleepFor(std::min(absl::Milliseconds(10), deadline - absl::Now()));
  }
}

void Emulator::Impl::Handle(const httplib::Request& req,
                            httplib::Response& res) {
  if (IsControlPath(req.path)) {
    control_.Handle(req, res);
    return;
  }
  log_.Record(req);
  if (std::optional<Fault> fault = faults_.Take(req.method, req.path)) {
    ApplyFault(
        *fault, req, res, [&] { api_.Handle(req, res); },
        [this](int milliseconds) { SleepUnlessStopping(milliseconds); });
    return;
  }
  api_.Handle(req, res);
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
