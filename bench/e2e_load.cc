// Copyright 2026 The msp-gateway Authors.
//
// End-to-end load over real loopback sockets, all in this one process: the
// MultiSafepay emulator (HTTP), the gateway (PaymentServer, gRPC) pointed at
// it, and N client threads, each issuing synchronous CreateOrder calls with
// unique order_ids for a fixed time. Prints, for the measured window:
//   throughput     calls/s and OK/s
//   cpu            cores used by this process and by the rest of the
//                  machine, CPU time per call, and the split by thread name
//                  (load-client, gateway, emulator, gRPC's own threads)
//   latency        p50/p90/p99/max/mean of OK calls and of all calls
//   answers        calls by gRPC code
//   upstream       TCP connections the gateway opened to the emulator, read
//                  from /proc/self/net/tcp (PaymentServer does not expose its
//                  transport's counter)
//   rss            VmRSS at each stage, and the peak
//
//   bazel run -c opt //bench:e2e_load -- --duration=10s --threads=8
//   # The bounded executor: every POST /orders takes 50 ms upstream, 4
//   # workers and 8 queue slots for 32 callers.
//   bazel run -c opt //bench:e2e_load -- --delay_ms=50 --workers=4
//       --queue_capacity=8 --threads=32
//
// The client, the gateway and the emulator share the machine's cores, so
// the figures are a floor for the gateway alone (docs/benchmarks.md). The
// emulator keeps every order and logs every request; both are cleared every
// --clear_interval so its memory does not grow with the run. Runs are
// bounded (at most 30 minutes) and only ever talk to 127.0.0.1.

#include <dirent.h>
#include <malloc.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
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
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "bench/load_stats.h"
#include "bench/order_fixtures.h"
#include "emulator/emulator.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/server/payment_server.h"
#include "service/server/server_config.h"

ABSL_FLAG(absl::Duration, duration, absl::Seconds(10),
          "How long calls are measured (after the warm-up).");
ABSL_FLAG(absl::Duration, warmup, absl::Seconds(1),
          "Calls made before measuring (connections, caches, allocator).");
ABSL_FLAG(int, threads, 8,
          "Client threads; each has one synchronous call in flight.");
ABSL_FLAG(int, channels, 1,
          "gRPC channels (HTTP/2 connections) the client threads share.");
ABSL_FLAG(int, workers, 32, "Gateway --workers (upstream executor threads).");
ABSL_FLAG(int, queue_capacity, 512, "Gateway --queue_capacity.");
ABSL_FLAG(int, delay_ms, 0,
          "Emulator fault: delay every POST /v1/json/orders by this many ms "
          "(kind delay, times -1). 0: no fault.");
ABSL_FLAG(absl::Duration, rpc_deadline, absl::Seconds(5),
          "Deadline of each CreateOrder call.");
ABSL_FLAG(std::string, request, msp_gateway::bench::kBancontactRequestPath,
          "Workspace-relative proto3 JSON CreateOrderRequest to send (its "
          "order_id is replaced by a unique one per call).");
ABSL_FLAG(absl::Duration, clear_interval, absl::Seconds(1),
          "How often the emulator's request log and orders are cleared; 0: "
          "never (its memory then grows with every call).");
ABSL_FLAG(absl::Duration, sample_interval, absl::Milliseconds(50),
          "How often /proc/self/net/tcp is read to see upstream connections.");
ABSL_FLAG(absl::Duration, progress_interval, absl::ZeroDuration(),
          "Print calls/s and RSS this often during the run (to stderr), e.g. "
          "to watch memory level off in a long run; 0: only the summary.");
ABSL_FLAG(bool, mutex_deadlock_detection, true,
          "false: absl::SetMutexDeadlockDetectionMode(kIgnore) for the whole "
          "process. Debian's Abseil is built with the detection on (a debug "
          "default); true measures the gateway as it runs today.");
ABSL_FLAG(int, emulator_threads, 0,
          "Emulator event-loop threads; 0: 2 (its default; delays hold no "
          "thread).");

namespace msp_gateway {
namespace bench {
namespace {

using payments::v1::CreateOrderRequest;
using payments::v1::CreateOrderResponse;
using Clock = std::chrono::steady_clock;

std::string ReadProcFile(const char* path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A /proc/self/status memory figure ("VmRSS", "VmHWM") in MiB.
std::string MemoryMiB(absl::string_view field) {
  const std::optional<int64_t> kb =
      StatusFieldKb(ReadProcFile("/proc/self/status"), field);
  if (!kb) return "?";
  return absl::StrFormat("%.1f", *kb / 1024.0);
}

std::string RssText() { return MemoryMiB("VmRSS"); }

// The emulator's control surface. Each call opens (and closes) one TCP
// connection, which the connection count below subtracts.
class EmulatorControl {
 public:
  explicit EmulatorControl(int port) : http_("127.0.0.1", port) {
    http_.set_keep_alive(false);
    http_.set_connection_timeout(5);
    http_.set_read_timeout(10);
  }

  absl::Status Call(const std::string& method, const std::string& path,
                    const std::string& body = "") {
    calls_.fetch_add(1);
    httplib::Result result =
        method == "DELETE" ? http_.Delete(path.c_str())
                           : http_.Post(path.c_str(), body, "application/json");
    if (!result) {
      return absl::UnavailableError(absl::StrCat(
          method, " ", path, ": ", httplib::to_string(result.error())));
    }
    if (result->status < 200 || result->status > 299) {
      return absl::InternalError(absl::StrCat(
          method, " ", path, ": HTTP ", result->status, " ", result->body));
    }
    return absl::OkStatus();
  }

  int calls() const { return calls_.load(); }

 private:
  httplib::Client http_;
  std::atomic<int> calls_{0};
};

// The ids of this process's threads.
std::set<int> ThreadIds() {
  std::set<int> ids;
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return ids;
  while (dirent* entry = readdir(dir)) {
    int id = 0;
    if (absl::SimpleAtoi(entry->d_name, &id)) ids.insert(id);
  }
  closedir(dir);
  return ids;
}

std::string ThreadName(int id) {
  std::string name =
      ReadProcFile(absl::StrCat("/proc/self/task/", id, "/comm").c_str());
  while (!name.empty() && name.back() == '\n') name.pop_back();
  return name;
}

// Names the threads started since `before` that still carry the program's
// name (gRPC names its own), so CPU time can be told apart per component
// here and in `top -H` / `perf report --sort comm`.
void NameNewThreads(const std::set<int>& before, const std::string& name) {
  const std::string unnamed = ThreadName(getpid());
  for (int id : ThreadIds()) {
    if (before.count(id) != 0 || ThreadName(id) != unnamed) continue;
    std::ofstream(absl::StrCat("/proc/self/task/", id, "/comm")) << name;
  }
}

struct CpuSnapshot {
  std::optional<MachineCpuTicks> machine;
  std::optional<uint64_t> process;
  std::map<int, std::pair<std::string, uint64_t>> threads;  // id -> name, ticks
};

CpuSnapshot TakeCpuSnapshot() {
  CpuSnapshot snapshot{MachineCpu(ReadProcFile("/proc/stat")),
                       ProcessCpuTicks(ReadProcFile("/proc/self/stat")),
                       {}};
  for (int id : ThreadIds()) {
    std::optional<uint64_t> ticks = ProcessCpuTicks(
        ReadProcFile(absl::StrCat("/proc/self/task/", id, "/stat").c_str()));
    if (ticks) snapshot.threads[id] = {ThreadName(id), *ticks};
  }
  return snapshot;
}

// This process's CPU time between two snapshots by thread name, largest
// first, as shares of the process total.
std::string ThreadCpuLine(const CpuSnapshot& from, const CpuSnapshot& until) {
  std::map<std::string, uint64_t> by_name;
  uint64_t total = 0;
  for (const auto& [id, name_ticks] : until.threads) {
    auto before = from.threads.find(id);
    const uint64_t start =
        before == from.threads.end() ? 0 : before->second.second;
    const uint64_t used =
        name_ticks.second - std::min(start, name_ticks.second);
    by_name[name_ticks.first] += used;
    total += used;
  }
  if (total == 0) return "";
  std::vector<std::pair<uint64_t, std::string>> sorted;
  for (const auto& [name, ticks] : by_name) sorted.push_back({ticks, name});
  std::sort(sorted.rbegin(), sorted.rend());
  std::string line = "cpu by thread:";
  for (const auto& [ticks, name] : sorted) {
    if (ticks * 100 < total) continue;  // below 1 %
    absl::StrAppendFormat(&line, " %s %.0f%%", name, 100.0 * ticks / total);
  }
  return line + " (gRPC's own threads serve client and gateway alike)\n";
}

// How busy the cores were between two snapshots: this process (client,
// gateway and emulator together) and everything else on the machine, in
// cores, plus this process's CPU time per call.
std::string CpuLine(const CpuSnapshot& from, const CpuSnapshot& until,
                    size_t calls) {
  if (!from.machine || !until.machine || !from.process || !until.process) {
    return "cpu: /proc/stat or /proc/self/stat unreadable\n";
  }
  const double total = until.machine->total - from.machine->total;
  const double busy = until.machine->busy - from.machine->busy;
  const double process = *until.process - *from.process;
  if (total <= 0) return "cpu: no ticks elapsed\n";
  const double cores = sysconf(_SC_NPROCESSORS_ONLN);
  const double ticks_per_second = sysconf(_SC_CLK_TCK);
  const double process_cores = process / total * cores;
  const double other_cores = std::max(0.0, (busy - process) / total * cores);
  const double micros_per_call =
      calls == 0 ? 0 : process / ticks_per_second * 1e6 / calls;
  return absl::StrFormat(
      "cpu (of %.0f cores): this process %.2f, rest of the machine %.2f; "
      "%.0f us of CPU per call (client + gateway + emulator)\n",
      cores, process_cores, other_cores, micros_per_call);
}

struct ThreadResult {
  std::vector<int64_t> ok_nanos;
  std::vector<int64_t> all_nanos;
  std::map<int, uint64_t> codes;  // grpc::StatusCode -> calls
};

std::string Millis(absl::Duration d) {
  return absl::StrFormat("%.2f", absl::ToDoubleMilliseconds(d));
}

std::string LatencyLine(const char* label, std::vector<int64_t>& nanos) {
  const LatencySummary s = SummarizeLatencies(nanos);
  if (s.count == 0) return absl::StrCat(label, ": no calls\n");
  return absl::StrCat(label, " (ms): p50 ", Millis(s.p50), "  p90 ",
                      Millis(s.p90), "  p99 ", Millis(s.p99), "  max ",
                      Millis(s.max), "  mean ", Millis(s.mean),
                      "  (n=", s.count, ")\n");
}

int Run() {
  const absl::Duration duration = absl::GetFlag(FLAGS_duration);
  const absl::Duration warmup = absl::GetFlag(FLAGS_warmup);
  const int threads = absl::GetFlag(FLAGS_threads);
  const int channel_count = absl::GetFlag(FLAGS_channels);
  const int workers = absl::GetFlag(FLAGS_workers);
  const int queue_capacity = absl::GetFlag(FLAGS_queue_capacity);
  const int delay_ms = absl::GetFlag(FLAGS_delay_ms);
  const absl::Duration rpc_deadline = absl::GetFlag(FLAGS_rpc_deadline);
  const absl::Duration clear_interval = absl::GetFlag(FLAGS_clear_interval);
  const absl::Duration sample_interval = absl::GetFlag(FLAGS_sample_interval);
  if (duration <= absl::ZeroDuration() || warmup < absl::ZeroDuration() ||
      threads < 1 || channel_count < 1 || workers < 1 || queue_capacity < 0 ||
      delay_ms < 0 || sample_interval <= absl::ZeroDuration()) {
    std::fprintf(stderr,
                 "e2e_load: --duration, --threads, --channels, --workers and "
                 "--sample_interval must be positive; --warmup, "
                 "--queue_capacity and --delay_ms not negative\n");
    return 2;
  }
  // The load stays on loopback and stops by itself; keep runs bounded.
  if (duration + warmup > absl::Minutes(30)) {
    std::fprintf(stderr, "e2e_load: --duration + --warmup must be <= 30m\n");
    return 2;
  }
  const bool deadlock_detection = absl::GetFlag(FLAGS_mutex_deadlock_detection);
  if (!deadlock_detection) {
    absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  }
  int emulator_threads = absl::GetFlag(FLAGS_emulator_threads);
  // The emulator's event loop: delays hold no thread, so its default
  // (2 threads) serves any number of calls in flight.
  if (emulator_threads <= 0) emulator_threads = 2;

  absl::StatusOr<CreateOrderRequest> request =
      LoadRequest(absl::GetFlag(FLAGS_request));
  if (!request.ok()) {
    std::fprintf(stderr, "e2e_load: %s\n", request.status().ToString().c_str());
    return 1;
  }
  const std::string rss_at_start = RssText();

  msp_emulator::EmulatorOptions emulator_options;
  emulator_options.worker_threads = emulator_threads;
  msp_emulator::Emulator emulator(emulator_options);
  std::set<int> threads_so_far = ThreadIds();
  absl::StatusOr<int> emulator_port = emulator.Start("127.0.0.1", 0);
  NameNewThreads(threads_so_far, "emulator");
  if (!emulator_port.ok()) {
    std::fprintf(stderr, "e2e_load: emulator: %s\n",
                 emulator_port.status().ToString().c_str());
    return 1;
  }
  EmulatorControl control(*emulator_port);
  if (delay_ms > 0) {
    const nlohmann::json fault = {{"method", "POST"},
                                  {"path", "/v1/json/orders"},
                                  {"kind", "delay"},
                                  {"delay_ms", delay_ms},
                                  {"times", -1}};
    absl::Status armed =
        control.Call("POST", "/__emulator/faults", fault.dump());
    if (!armed.ok()) {
      std::fprintf(stderr, "e2e_load: %s\n", armed.ToString().c_str());
      return 1;
    }
  }

  ServerFlags flags;
  flags.plaintext = true;
  flags.grpc_host = "127.0.0.1";
  flags.grpc_port = 0;
  flags.admin_port = -1;
  flags.workers = workers;
  flags.queue_capacity = queue_capacity;
  char data_dir[] = "/tmp/e2e-load-store-XXXXXX";
  if (mkdtemp(data_dir) == nullptr) {
    std::perror("e2e_load: mkdtemp");
    return 1;
  }
  flags.data_dir = data_dir;
  const std::string base_url =
      absl::StrCat("http://127.0.0.1:", *emulator_port, "/v1/json");
  absl::StatusOr<ServerConfig> config = ResolveServerConfig(
      flags,
      [&](const char* name) -> std::optional<std::string> {
        if (std::string(name) == "MSP_BASE_URL") return base_url;
        if (std::string(name) == "MSP_API_KEY") return "bench-api-key";
        return std::nullopt;
      },
      ReadFileToString);
  if (!config.ok()) {
    std::fprintf(stderr, "e2e_load: %s\n", config.status().ToString().c_str());
    return 1;
  }
  // One JSON line per RPC, formatted as in production, written nowhere.
  std::ofstream rpc_log("/dev/null");
  threads_so_far = ThreadIds();
  absl::StatusOr<std::unique_ptr<PaymentServer>> server =
      PaymentServer::Start(*config, rpc_log);
  NameNewThreads(threads_so_far, "gateway");
  if (!server.ok()) {
    std::fprintf(stderr, "e2e_load: gateway: %s\n",
                 server.status().ToString().c_str());
    return 1;
  }
  const std::string target = absl::StrCat("127.0.0.1:", (*server)->port());

  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < channel_count; ++i) {
    grpc::ChannelArguments args;
    // Without this, channels with equal arguments share one connection.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channels.push_back(grpc::CreateCustomChannel(
        target, grpc::InsecureChannelCredentials(), args));
    if (!channels.back()->WaitForConnected(std::chrono::system_clock::now() +
                                           std::chrono::seconds(5))) {
      std::fprintf(stderr, "e2e_load: cannot connect to %s\n", target.c_str());
      return 1;
    }
  }
  const std::string rss_before_load = RssText();

  absl::PrintF(
      "e2e_load: CreateOrder over loopback; client, gateway and emulator in "
      "one process (%u CPUs)\n"
      "config: threads=%d channels=%d workers=%d queue_capacity=%d "
      "delay_ms=%d duration=%s warmup=%s deadline=%s "
      "mutex_deadlock_detection=%s request=%s\n",
      std::thread::hardware_concurrency(), threads, channel_count, workers,
      queue_capacity, delay_ms, absl::FormatDuration(duration),
      absl::FormatDuration(warmup), absl::FormatDuration(rpc_deadline),
      deadlock_detection ? "true" : "false", absl::GetFlag(FLAGS_request));
  std::fflush(stdout);

  const Clock::time_point start = Clock::now();
  const Clock::time_point measure_from =
      start + absl::ToChronoNanoseconds(warmup);
  const Clock::time_point measure_until =
      measure_from + absl::ToChronoNanoseconds(duration);

  // Upstream connections and emulator housekeeping, until the clients stop.
  std::atomic<bool> clients_stop{false};  // set after the window closes
  std::atomic<bool> clients_done{false};
  std::set<int> upstream_ports;
  size_t max_established = 0;
  int clears = 0;
  int control_calls_seen = 0;  // control connections the samples include
  absl::Status housekeeping_error;
  auto sample = [&] {
    TcpConnectionsToPort seen =
        ConnectionsToPort(ReadProcFile("/proc/self/net/tcp"), *emulator_port);
    upstream_ports.insert(seen.client_ports.begin(), seen.client_ports.end());
    max_established = std::max(max_established, seen.established);
  };
  std::atomic<uint64_t> calls_finished{0};  // all calls, warm-up included
  const absl::Duration progress_interval =
      absl::GetFlag(FLAGS_progress_interval);
  std::thread housekeeper([&] {
    pthread_setname_np(pthread_self(), "housekeeper");
    Clock::time_point next_clear =
        Clock::now() + absl::ToChronoNanoseconds(clear_interval);
    Clock::time_point next_progress =
        Clock::now() + absl::ToChronoNanoseconds(progress_interval);
    uint64_t calls_at_last_progress = 0;
    while (!clients_done.load()) {
      sample();
      if (progress_interval > absl::ZeroDuration() &&
          Clock::now() >= next_progress) {
        const uint64_t calls = calls_finished.load();
        absl::FPrintF(
            stderr, "progress: t=%.0fs %.0f calls/s, %d calls, rss %s MiB\n",
            std::chrono::duration<double>(Clock::now() - start).count(),
            (calls - calls_at_last_progress) /
                absl::ToDoubleSeconds(progress_interval),
            calls, RssText());
        calls_at_last_progress = calls;
        next_progress += absl::ToChronoNanoseconds(progress_interval);
      }
      if (clear_interval > absl::ZeroDuration() && Clock::now() >= next_clear) {
        absl::Status cleared = control.Call("DELETE", "/__emulator/requests");
        if (cleared.ok())
          cleared = control.Call("DELETE", "/__emulator/orders");
        if (!cleared.ok() && housekeeping_error.ok())
          housekeeping_error = cleared;
        ++clears;
        next_clear += absl::ToChronoNanoseconds(clear_interval);
      }
      std::this_thread::sleep_for(absl::ToChronoNanoseconds(sample_interval));
    }
    // A closed control connection stays in TIME_WAIT, so every control call
    // made so far is in the samples.
    control_calls_seen = control.calls();
    sample();
  });

  std::vector<ThreadResult> results(threads);
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t) {
    clients.emplace_back([&, t] {
      pthread_setname_np(pthread_self(), "load-client");
      auto stub =
          payments::v1::PaymentService::NewStub(channels[t % channels.size()]);
      CreateOrderRequest call_request = *request;
      ThreadResult& result = results[t];
      // Calls go on until told to stop, so the threads still exist when the
      // window's CPU time is read.
      for (uint64_t seq = 0; !clients_stop.load(); ++seq) {
        const Clock::time_point before = Clock::now();
        call_request.set_order_id(absl::StrCat("load-", t, "-", seq));
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             absl::ToChronoNanoseconds(rpc_deadline));
        CreateOrderResponse response;
        const grpc::Status status =
            stub->CreateOrder(&context, call_request, &response);
        const Clock::time_point after = Clock::now();
        calls_finished.fetch_add(1, std::memory_order_relaxed);
        // Only calls that complete inside the measured window count.
        if (after < measure_from || after >= measure_until) continue;
        const int64_t nanos =
            std::chrono::duration_cast<std::chrono::nanoseconds>(after - before)
                .count();
        ++result.codes[status.error_code()];
        result.all_nanos.push_back(nanos);
        if (status.ok()) result.ok_nanos.push_back(nanos);
      }
    });
  }
  std::this_thread::sleep_until(measure_from);
  const std::string rss_after_warmup = RssText();
  const CpuSnapshot cpu_from = TakeCpuSnapshot();
  std::this_thread::sleep_until(measure_until);
  const CpuSnapshot cpu_until = TakeCpuSnapshot();
  const std::string rss_after_load = RssText();
  clients_stop.store(true);
  for (std::thread& client : clients) client.join();
  clients_done.store(true);
  housekeeper.join();

  // Where the memory is. RSS keeps what glibc has freed but not returned, so
  // each step trims first: then live data (gateway caches, the emulator's
  // last orders) shows apart from the allocator's free lists.
  malloc_trim(0);
  const std::string rss_trimmed = RssText();
  (*server)->Shutdown(absl::Seconds(1));
  server->reset();
  malloc_trim(0);
  const std::string rss_gateway_stopped = RssText();
  const absl::Status final_clear = control.Call("DELETE", "/__emulator/orders");
  const absl::Status final_clear_log =
      control.Call("DELETE", "/__emulator/requests");
  malloc_trim(0);
  const std::string rss_emulator_cleared = RssText();

  std::vector<int64_t> ok_nanos;
  std::vector<int64_t> all_nanos;
  std::map<int, uint64_t> codes;
  for (ThreadResult& result : results) {
    ok_nanos.insert(ok_nanos.end(), result.ok_nanos.begin(),
                    result.ok_nanos.end());
    all_nanos.insert(all_nanos.end(), result.all_nanos.begin(),
                     result.all_nanos.end());
    for (const auto& [code, count] : result.codes) codes[code] += count;
  }
  const double seconds = absl::ToDoubleSeconds(duration);
  std::string out;
  absl::StrAppendFormat(&out,
                        "throughput: %.1f calls/s, %.1f OK/s (%d calls, %d OK "
                        "in %.1f s)\n",
                        all_nanos.size() / seconds, ok_nanos.size() / seconds,
                        all_nanos.size(), ok_nanos.size(), seconds);
  absl::StrAppend(&out, CpuLine(cpu_from, cpu_until, all_nanos.size()));
  absl::StrAppend(&out, ThreadCpuLine(cpu_from, cpu_until));
  absl::StrAppend(&out, LatencyLine("latency OK", ok_nanos));
  absl::StrAppend(&out, LatencyLine("latency all", all_nanos));
  absl::StrAppend(&out, "answers:");
  for (const auto& [code, count] : codes) {
    absl::StrAppend(
        &out, " ",
        absl::StatusCodeToString(static_cast<absl::StatusCode>(code)), "=",
        count);
  }
  absl::StrAppend(&out, "\n");
  if (delay_ms > 0) {
    absl::StrAppendFormat(
        &out,
        "bound: workers / upstream latency = %d / %d ms = %.0f calls/s; "
        "calls admitted at once = workers + queue = %d\n",
        workers, delay_ms, workers * 1000.0 / delay_ms,
        workers + queue_capacity);
  }
  const int control_calls = control_calls_seen;
  absl::StrAppendFormat(
      &out,
      "upstream TCP connections opened: %d (seen in /proc/self/net/tcp: %d, "
      "less %d made by the benchmark's control calls); most open at once: "
      "%d\n",
      static_cast<int>(upstream_ports.size()) - control_calls,
      upstream_ports.size(), control_calls, max_established);
  absl::StrAppendFormat(
      &out,
      "rss (whole process, MiB): start %s | gateway+emulator up %s | after "
      "warm-up %s | after load %s | trimmed %s | gateway stopped %s | "
      "emulator cleared %s | peak %s\n",
      rss_at_start, rss_before_load, rss_after_warmup, rss_after_load,
      rss_trimmed, rss_gateway_stopped, rss_emulator_cleared,
      MemoryMiB("VmHWM"));
  absl::StrAppendFormat(&out,
                        "emulator request log and orders cleared %d times "
                        "during the run\n",
                        clears);
  std::fputs(out.c_str(), stdout);
  for (const absl::Status& status :
       {housekeeping_error, final_clear, final_clear_log}) {
    if (!status.ok()) {
      std::fprintf(stderr, "e2e_load: emulator control: %s\n",
                   status.ToString().c_str());
    }
  }
  emulator.Stop();
  return 0;
}

}  // namespace
}  // namespace bench
}  // namespace msp_gateway

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "End-to-end CreateOrder load: in-process emulator + gateway + gRPC "
      "clients over loopback. See docs/benchmarks.md.");
  absl::ParseCommandLine(argc, argv);
  return msp_gateway::bench::Run();
}
