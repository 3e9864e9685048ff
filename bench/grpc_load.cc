// Copyright 2026 The msp-gateway Authors.
//
// grpc_load: the one load generator of the side-by-side benchmark
// (bench/side_by_side.sh). It keeps --in_flight calls going for --duration
// after a --warm-up, each with a unique order_id, and prints what the
// measured window saw:
//   calls/s, OK/s and calls/s by answer code
//   latency p50/p90/p99/max/mean of all calls and of the OK ones
//   for each --watch process (the servers under test): CPU time per call
//   (utime + stime from /proc/<pid>/stat, over the window), and VmRSS, VmHWM
//   and thread count at the end of the window
//   its own CPU, and how busy the whole machine was
// then one line "RESULT {json}" with the same figures for a script.
//
// Two modes:
//   --mode=grpc       payments.v1.PaymentService/CreateOrder to --target
//                     (host:port) with the callback API: no thread per call,
//                     so 1,000 calls in flight cost 1,000 small structs.
//                     The request is --request with order_id replaced.
//   --mode=http_post  POST /v1/json/orders straight to an emulator at
//                     --target, one keep-alive HTTP/1.1 connection and thread
//                     per call in flight, body --msp_body with order_id
//                     replaced: the baseline the gateway's added latency is
//                     measured against.
//
//   grpc_load --target=127.0.0.1:50051 --in_flight=16 --duration=5s
//       --watch=gateway:1234,emulator:1235 --clear_emulator=127.0.0.1:18080
//
// Nothing here asserts on a figure. Only talks to the given target.

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/load_stats.h"
#include "bench/load_window.h"
#include "bench/order_fixtures.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.grpc.pb.h"

ABSL_FLAG(std::string, mode, "grpc",
          "grpc: CreateOrder calls; http_post: POST /v1/json/orders to an "
          "emulator.");
ABSL_FLAG(std::string, target, "", "host:port of the server under load.");
ABSL_FLAG(int, in_flight, 16, "Calls kept in flight.");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(5), "Measured window.");
ABSL_FLAG(absl::Duration, warmup, absl::Seconds(1),
          "Load before the window starts (connections, caches, allocator).");
ABSL_FLAG(std::string, request, "tests/testdata/seed-bancontact.request.json",
          "grpc mode: workspace-relative proto3 JSON CreateOrderRequest.");
ABSL_FLAG(std::string, msp_body, "tests/testdata/seed-bancontact.msp.json",
          "http_post mode: workspace-relative MultiSafepay order JSON.");
ABSL_FLAG(absl::Duration, rpc_deadline, absl::Seconds(10),
          "Deadline of each call (the client library's default).");
ABSL_FLAG(int, channels, 1,
          "grpc mode: channels (HTTP/2 connections) the calls are spread "
          "over.");
ABSL_FLAG(std::vector<std::string>, watch, {},
          "name:pid,... of processes whose CPU, RSS and threads are sampled.");
ABSL_FLAG(std::string, clear_emulator, "",
          "host:port of an emulator whose orders and request log are cleared "
          "every --clear_interval, so its memory does not grow with the run.");
ABSL_FLAG(absl::Duration, clear_interval, absl::Seconds(1),
          "See --clear_emulator.");
ABSL_FLAG(std::string, id_prefix, "load",
          "order_id prefix; the call number follows, so ids are unique per "
          "run and, with distinct prefixes, across runs.");
ABSL_FLAG(std::string, label, "", "Name of this run in the output.");

namespace msp_gateway {
namespace bench {
namespace {

using payments::v1::CreateOrderRequest;
using payments::v1::CreateOrderResponse;
using payments::v1::PaymentService;

constexpr absl::string_view kOrdersPath = "/v1/json/orders";

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string ReadProcFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<std::pair<std::string, int>> SplitHostPort(
    absl::string_view target) {
  const size_t colon = target.rfind(':');
  int port = 0;
  if (colon == absl::string_view::npos || colon == 0 ||
      !absl::SimpleAtoi(target.substr(colon + 1), &port) || port <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("not host:port: \"", target, "\""));
  }
  return std::make_pair(std::string(target.substr(0, colon)), port);
}

// A process under watch and what /proc says about it.
struct Watched {
  std::string name;
  int pid = 0;
};

struct ProcSample {
  std::optional<uint64_t> ticks;  // utime + stime
  std::optional<int64_t> rss_kb;
  std::optional<int64_t> hwm_kb;
  std::optional<int64_t> threads;
};

ProcSample ReadProcSample(int pid) {
  const std::string dir = absl::StrCat("/proc/", pid);
  const std::string status = ReadProcFile(dir + "/status");
  return ProcSample{ProcessCpuTicks(ReadProcFile(dir + "/stat")),
                    StatusFieldKb(status, "VmRSS"),
                    StatusFieldKb(status, "VmHWM"),
                    StatusFieldKb(status, "Threads")};
}

absl::StatusOr<std::vector<Watched>> ParseWatchList(
    const std::vector<std::string>& entries) {
  std::vector<Watched> watched;
  for (const std::string& entry : entries) {
    std::vector<std::string> parts = absl::StrSplit(entry, ':');
    Watched w;
    if (parts.size() != 2 || parts[0].empty() ||
        !absl::SimpleAtoi(parts[1], &w.pid) || w.pid <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--watch entry \"", entry, "\" is not name:pid"));
    }
    w.name = parts[0];
    watched.push_back(std::move(w));
  }
  return watched;
}

// Finished calls, from any thread.
class Recorder {
 public:
  Recorder() { samples_.reserve(1 << 20); }

  void Record(int64_t start_ns, int64_t end_ns, int code) {
    absl::MutexLock lock(&mu_);
    samples_.push_back({end_ns, end_ns - start_ns, code});
  }

  std::vector<CallSample> Take() {
    absl::MutexLock lock(&mu_);
    return std::move(samples_);
  }

 private:
  absl::Mutex mu_;
  std::vector<CallSample> samples_ ABSL_GUARDED_BY(mu_);
};

// What drives the load: starts `in_flight` calls and restarts each as it
// ends until Stop().
class Driver {
 public:
  virtual ~Driver() = default;
  virtual void Start(int in_flight) = 0;
  // Starts no more calls and waits for those in flight (at most `timeout`);
  // false when some did not end.
  virtual bool StopAndDrain(absl::Duration timeout) = 0;
};

class GrpcDriver : public Driver {
 public:
  GrpcDriver(std::vector<std::unique_ptr<PaymentService::Stub>> stubs,
             CreateOrderRequest base, std::string id_prefix,
             absl::Duration deadline, Recorder* recorder)
      : stubs_(std::move(stubs)),
        base_(std::move(base)),
        id_prefix_(std::move(id_prefix)),
        deadline_(absl::ToChronoNanoseconds(deadline)),
        recorder_(recorder) {}

  void Start(int in_flight) override {
    for (int i = 0; i < in_flight; ++i) Launch();
  }

  bool StopAndDrain(absl::Duration timeout) override {
    stopping_.store(true);
    absl::MutexLock lock(&mu_);
    auto drained = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return in_flight_ == 0;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&drained), timeout);
  }

 private:
  struct Call {
    grpc::ClientContext context;
    CreateOrderRequest request;
    CreateOrderResponse response;
    int64_t start_ns = 0;
  };

  void Launch() {
    const uint64_t n = next_id_.fetch_add(1);
    auto* call = new Call;
    call->request = base_;
    call->request.set_order_id(absl::StrCat(id_prefix_, n));
    call->context.set_deadline(std::chrono::system_clock::now() + deadline_);
    {
      absl::MutexLock lock(&mu_);
      ++in_flight_;
    }
    call->start_ns = NowNs();
    stubs_[n % stubs_.size()]->async()->CreateOrder(
        &call->context, &call->request, &call->response,
        [this, call](grpc::Status status) { Done(call, status); });
  }

  // On a gRPC thread. The next call starts before this one is counted out,
  // so the number in flight never dips.
  void Done(Call* call, const grpc::Status& status) {
    recorder_->Record(call->start_ns, NowNs(), status.error_code());
    delete call;
    if (!stopping_.load()) Launch();
    absl::MutexLock lock(&mu_);
    --in_flight_;
  }

  const std::vector<std::unique_ptr<PaymentService::Stub>> stubs_;
  const CreateOrderRequest base_;
  const std::string id_prefix_;
  const std::chrono::nanoseconds deadline_;
  Recorder* const recorder_;
  std::atomic<uint64_t> next_id_{0};
  std::atomic<bool> stopping_{false};
  absl::Mutex mu_;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

// One thread and one keep-alive connection per call in flight: the way the
// gateway's own transport talked to MultiSafepay, and the least a direct
// client can add.
class HttpPostDriver : public Driver {
 public:
  HttpPostDriver(std::string host, int port, std::string body_before_id,
                 std::string body_after_id, std::string id_prefix,
                 absl::Duration deadline, Recorder* recorder)
      : host_(std::move(host)),
        port_(port),
        body_before_id_(std::move(body_before_id)),
        body_after_id_(std::move(body_after_id)),
        id_prefix_(std::move(id_prefix)),
        deadline_(deadline),
        recorder_(recorder) {}

  void Start(int in_flight) override {
    for (int i = 0; i < in_flight; ++i) {
      threads_.emplace_back([this] { Loop(); });
    }
  }

  bool StopAndDrain(absl::Duration timeout) override {
    stopping_.store(true);
    // Each request is bounded by the read timeout (the deadline).
    (void)timeout;
    for (std::thread& thread : threads_) thread.join();
    return true;
  }

 private:
  void Loop() {
    httplib::Client client(host_, port_);
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
    const int seconds = static_cast<int>(absl::ToInt64Seconds(deadline_));
    client.set_connection_timeout(seconds);
    client.set_read_timeout(seconds);
    client.set_write_timeout(seconds);
    const httplib::Headers headers = {{"api_key", "side-by-side-bench"}};
    const std::string path(kOrdersPath);
    while (!stopping_.load()) {
      const std::string body = absl::StrCat(
          body_before_id_, id_prefix_, next_id_.fetch_add(1), body_after_id_);
      const int64_t start = NowNs();
      httplib::Result result =
          client.Post(path.c_str(), headers, body, "application/json");
      recorder_->Record(start, NowNs(), result ? result->status : 0);
    }
  }

  const std::string host_;
  const int port_;
  const std::string body_before_id_;
  const std::string body_after_id_;
  const std::string id_prefix_;
  const absl::Duration deadline_;
  Recorder* const recorder_;
  std::atomic<uint64_t> next_id_{0};
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

// Clears the emulator's orders and request log now and then, on a fresh
// connection each time so that no emulator worker is held between clears.
class EmulatorClearer {
 public:
  EmulatorClearer(std::string host, int port, absl::Duration interval)
      : thread_([this, host = std::move(host), port, interval] {
          while (!stop_.WaitForNotificationWithTimeout(interval)) {
            httplib::Client client(host, port);
            client.set_keep_alive(false);
            client.set_connection_timeout(5);
            client.set_read_timeout(10);
            client.Delete("/__emulator/orders");
            client.Delete("/__emulator/requests");
          }
        }) {}
  ~EmulatorClearer() {
    stop_.Notify();
    thread_.join();
  }

 private:
  absl::Notification stop_;
  std::thread thread_;
};

constexpr std::array<absl::string_view, 17> kGrpcCodeNames = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED"};

std::string CodeName(bool grpc_mode, int code) {
  if (grpc_mode) {
    return code >= 0 && code < static_cast<int>(kGrpcCodeNames.size())
               ? std::string(kGrpcCodeNames[code])
               : absl::StrCat("CODE_", code);
  }
  return code == 0 ? "NO_ANSWER" : absl::StrCat("HTTP_", code);
}

nlohmann::json LatencyJson(const LatencySummary& s) {
  auto us = [](absl::Duration d) { return absl::ToDoubleMicroseconds(d); };
  return {{"count", s.count},    {"p50_us", us(s.p50)},
          {"p90_us", us(s.p90)}, {"p99_us", us(s.p99)},
          {"max_us", us(s.max)}, {"mean_us", us(s.mean)}};
}

std::string LatencyText(const LatencySummary& s) {
  if (s.count == 0) return "no calls";
  auto ms = [](absl::Duration d) { return absl::ToDoubleMilliseconds(d); };
  return absl::StrFormat(
      "p50 %.3f  p90 %.3f  p99 %.3f  max %.3f  mean %.3f ms (n=%d)", ms(s.p50),
      ms(s.p90), ms(s.p99), ms(s.max), ms(s.mean), s.count);
}

// The body with "order_id" cut out, so each call only concatenates.
absl::StatusOr<std::pair<std::string, std::string>> BodyAroundOrderId(
    const std::string& path) {
  absl::StatusOr<std::string> text = ReadWorkspaceFile(path);
  if (!text.ok()) return text.status();
  nlohmann::json body = nlohmann::json::parse(*text, nullptr, false);
  if (!body.is_object()) {
    return absl::InvalidArgumentError(path + ": not a JSON object");
  }
  const std::string mark = "@@ORDER_ID@@";
  body["order_id"] = mark;
  const std::string dumped = body.dump();
  const size_t at = dumped.find(mark);
  return std::make_pair(dumped.substr(0, at), dumped.substr(at + mark.size()));
}

absl::StatusOr<std::unique_ptr<Driver>> MakeDriver(bool grpc_mode,
                                                   const std::string& host,
                                                   int port,
                                                   Recorder* recorder) {
  const std::string prefix = absl::GetFlag(FLAGS_id_prefix);
  const absl::Duration deadline = absl::GetFlag(FLAGS_rpc_deadline);
  if (!grpc_mode) {
    absl::StatusOr<std::pair<std::string, std::string>> body =
        BodyAroundOrderId(absl::GetFlag(FLAGS_msp_body));
    if (!body.ok()) return body.status();
    return std::make_unique<HttpPostDriver>(
        host, port, body->first, body->second, prefix, deadline, recorder);
  }
  absl::StatusOr<CreateOrderRequest> request =
      LoadRequest(absl::GetFlag(FLAGS_request));
  if (!request.ok()) return request.status();
  std::vector<std::unique_ptr<PaymentService::Stub>> stubs;
  const std::string address = absl::StrCat(host, ":", port);
  for (int i = 0; i < absl::GetFlag(FLAGS_channels); ++i) {
    grpc::ChannelArguments args;
    // Its own connection per channel, not a shared subchannel.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(
        address, grpc::InsecureChannelCredentials(), args);
    if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                   std::chrono::seconds(10))) {
      return absl::UnavailableError(
          absl::StrCat("cannot connect to ", address));
    }
    stubs.push_back(PaymentService::NewStub(channel));
  }
  return std::make_unique<GrpcDriver>(std::move(stubs), *std::move(request),
                                      prefix, deadline, recorder);
}

int Run() {
  const std::string mode = absl::GetFlag(FLAGS_mode);
  const int in_flight = absl::GetFlag(FLAGS_in_flight);
  const absl::Duration duration = absl::GetFlag(FLAGS_duration);
  const absl::Duration warmup = absl::GetFlag(FLAGS_warmup);
  if ((mode != "grpc" && mode != "http_post") || in_flight < 1 ||
      in_flight > 10000 || duration <= absl::ZeroDuration() ||
      duration > absl::Minutes(30) || warmup < absl::ZeroDuration() ||
      absl::GetFlag(FLAGS_channels) < 1) {
    std::fprintf(stderr,
                 "grpc_load: --mode is grpc or http_post; --in_flight "
                 "1..10000; --duration 0..30m; --channels >= 1\n");
    return 2;
  }
  const bool grpc_mode = mode == "grpc";
  absl::StatusOr<std::pair<std::string, int>> target =
      SplitHostPort(absl::GetFlag(FLAGS_target));
  absl::StatusOr<std::vector<Watched>> watched =
      ParseWatchList(absl::GetFlag(FLAGS_watch));
  for (const absl::Status& status : {target.status(), watched.status()}) {
    if (!status.ok()) {
      std::fprintf(stderr, "grpc_load: %s\n", status.ToString().c_str());
      return 2;
    }
  }
  std::optional<EmulatorClearer> clearer;
  if (const std::string clear = absl::GetFlag(FLAGS_clear_emulator);
      !clear.empty()) {
    absl::StatusOr<std::pair<std::string, int>> emulator = SplitHostPort(clear);
    if (!emulator.ok()) {
      std::fprintf(stderr, "grpc_load: --clear_emulator: %s\n",
                   emulator.status().ToString().c_str());
      return 2;
    }
    clearer.emplace(emulator->first, emulator->second,
                    absl::GetFlag(FLAGS_clear_interval));
  }

  Recorder recorder;
  absl::StatusOr<std::unique_ptr<Driver>> driver =
      MakeDriver(grpc_mode, target->first, target->second, &recorder);
  if (!driver.ok()) {
    std::fprintf(stderr, "grpc_load: %s\n", driver.status().ToString().c_str());
    return 1;
  }

  (*driver)->Start(in_flight);
  absl::SleepFor(warmup);

  const int64_t start_ns = NowNs();
  const std::optional<MachineCpuTicks> machine_before =
      MachineCpu(ReadProcFile("/proc/stat"));
  const ProcSample self_before = ReadProcSample(getpid());
  std::vector<ProcSample> before;
  for (const Watched& w : *watched) before.push_back(ReadProcSample(w.pid));

  absl::SleepFor(duration);

  const int64_t end_ns = NowNs();
  std::vector<ProcSample> after;
  for (const Watched& w : *watched) after.push_back(ReadProcSample(w.pid));
  const ProcSample self_after = ReadProcSample(getpid());
  const std::optional<MachineCpuTicks> machine_after =
      MachineCpu(ReadProcFile("/proc/stat"));

  const bool drained = (*driver)->StopAndDrain(
      absl::GetFlag(FLAGS_rpc_deadline) + absl::Seconds(5));
  clearer.reset();

  const WindowSummary window =
      SummarizeWindow(recorder.Take(), start_ns, end_ns, [grpc_mode](int code) {
        return grpc_mode ? code == 0 : code >= 200 && code <= 299;
      });

  const int64_t ticks_per_second = sysconf(_SC_CLK_TCK);
  const double window_seconds = absl::ToDoubleSeconds(window.window);
  auto cores = [&](uint64_t ticks) {
    return window_seconds > 0
               ? static_cast<double>(ticks) / ticks_per_second / window_seconds
               : 0.0;
  };
  auto delta = [](const ProcSample& from, const ProcSample& until) {
    return from.ticks && until.ticks && *until.ticks >= *from.ticks
               ? *until.ticks - *from.ticks
               : uint64_t{0};
  };

  const std::string label = absl::GetFlag(FLAGS_label);
  nlohmann::json result = {
      {"label", label},
      {"mode", mode},
      {"target", absl::GetFlag(FLAGS_target)},
      {"in_flight", in_flight},
      {"window_s", window_seconds},
      {"calls", window.calls},
      {"calls_per_s", window.PerSecond(window.calls)},
      {"ok_per_s", window.PerSecond(window.ok)},
      {"latency_all", LatencyJson(window.latency_all)},
      {"latency_ok", LatencyJson(window.latency_ok)},
      {"drained", drained},
  };
  std::printf("== %s: %s to %s, %d in flight, %.2f s window\n",
              label.empty() ? "grpc_load" : label.c_str(), mode.c_str(),
              absl::GetFlag(FLAGS_target).c_str(), in_flight, window_seconds);
  std::printf("throughput: %.1f calls/s, %.1f OK/s\n",
              window.PerSecond(window.calls), window.PerSecond(window.ok));
  std::string codes_text = "answers:";
  nlohmann::json codes = nlohmann::json::object();
  for (const auto& [code, count] : window.by_code) {
    const std::string name = CodeName(grpc_mode, code);
    codes[name] = {{"count", count}, {"per_s", window.PerSecond(count)}};
    absl::StrAppendFormat(&codes_text, " %s %d (%.1f/s)", name, count,
                          window.PerSecond(count));
  }
  result["codes"] = codes;
  std::printf("%s\n", codes_text.c_str());
  std::printf("latency all: %s\n", LatencyText(window.latency_all).c_str());
  std::printf("latency OK:  %s\n", LatencyText(window.latency_ok).c_str());

  nlohmann::json processes = nlohmann::json::array();
  double measured_cores = 0;  // the watched processes and this one
  for (size_t i = 0; i < watched->size(); ++i) {
    const Watched& w = (*watched)[i];
    const uint64_t ticks = delta(before[i], after[i]);
    measured_cores += cores(ticks);
    const bool alive = after[i].ticks.has_value();
    const double per_call =
        CpuMicrosPerCall(ticks, ticks_per_second, window.calls);
    auto mib = [](const std::optional<int64_t>& kb) {
      return kb ? nlohmann::json(*kb / 1024.0) : nlohmann::json();
    };
    processes.push_back(
        {{"name", w.name},
         {"pid", w.pid},
         {"alive", alive},
         {"cpu_us_per_call", per_call},
         {"cores", cores(ticks)},
         {"rss_mib", mib(after[i].rss_kb)},
         {"hwm_mib", mib(after[i].hwm_kb)},
         {"threads", after[i].threads ? nlohmann::json(*after[i].threads)
                                      : nlohmann::json()}});
    std::printf(
        "%s (pid %d)%s: %.1f us CPU per call, %.2f cores; VmRSS %.1f MiB, "
        "VmHWM %.1f MiB, %lld threads\n",
        w.name.c_str(), w.pid, alive ? "" : " GONE", per_call, cores(ticks),
        after[i].rss_kb.value_or(0) / 1024.0,
        after[i].hwm_kb.value_or(0) / 1024.0,
        static_cast<long long>(after[i].threads.value_or(0)));
  }
  result["processes"] = processes;
  const uint64_t self_ticks = delta(self_before, self_after);
  measured_cores += cores(self_ticks);
  result["load_generator"] = {
      {"cpu_us_per_call",
       CpuMicrosPerCall(self_ticks, ticks_per_second, window.calls)},
      {"cores", cores(self_ticks)},
      {"threads", self_after.threads.value_or(0)}};
  double machine_busy = -1;
  const double cpus = sysconf(_SC_NPROCESSORS_ONLN);
  if (machine_before && machine_after &&
      machine_after->total > machine_before->total) {
    machine_busy =
        static_cast<double>(machine_after->busy - machine_before->busy) /
        (machine_after->total - machine_before->total) * cpus;
  }
  // What the rest of the machine (other users' builds) took: a disturbed
  // run shows here.
  const double other_cores =
      machine_busy < 0 ? -1 : std::max(0.0, machine_busy - measured_cores);
  result["machine"] = {{"cpus", cpus},
                       {"busy_cores", machine_busy},
                       {"other_cores", other_cores}};
  std::printf(
      "load generator: %.2f cores, %lld threads; machine: %.2f of %.0f cores "
      "busy, %.2f of them by other processes\n",
      cores(self_ticks), static_cast<long long>(self_after.threads.value_or(0)),
      machine_busy, cpus, other_cores);
  if (!drained) std::printf("warning: calls still in flight after the run\n");
  std::printf("RESULT %s\n", result.dump().c_str());
  std::fflush(stdout);
  // Calls that did not drain still reference the driver: leave without
  // running destructors.
  if (!drained) std::_Exit(0);
  return 0;
}

}  // namespace
}  // namespace bench
}  // namespace msp_gateway

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Keeps N calls in flight against one server and prints calls/s, "
      "latency, answer codes and the watched processes' CPU per call.");
  absl::ParseCommandLine(argc, argv);
  return msp_gateway::bench::Run();
}
