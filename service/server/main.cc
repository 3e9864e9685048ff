// Copyright 2026 The msp-gateway Authors.
//
// msp_gateway_server: the payments.v1.PaymentService gRPC server.
//
//   MSP_BASE_URL=http://127.0.0.1:18080 msp_gateway_server --grpc_port=50051
//
// Configuration: flags below, plus the environment described in
// server_config.h (MSP_ENV, MSP_BASE_URL, MSP_API_KEY_FILE, MSP_API_KEY).
// SIGTERM or SIGINT: stop accepting calls, finish those in flight within
// --shutdown_grace, exit 0.

#include <grpc/support/log.h>
#include <signal.h>
#include <stdio.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "service/common/json_log.h"
#include "service/server/payment_server.h"
#include "service/server/server_config.h"

ABSL_FLAG(std::string, grpc_host, "0.0.0.0", "Address to serve gRPC on.");
ABSL_FLAG(int, grpc_port, 50051, "gRPC port; 0 picks a free one.");
ABSL_FLAG(std::string, port_file, "",
          "If set, the bound gRPC port is written to this file once serving.");
ABSL_FLAG(int, admin_port, 9090,
          "Admin HTTP port (/metrics, /healthz, /readyz) on --grpc_host; 0 "
          "picks a free one, -1 disables it.");
ABSL_FLAG(int, workers, 32,
          "Threads making MultiSafepay calls (calls are blocking HTTP).");
ABSL_FLAG(int, queue_capacity, 512,
          "Calls that may wait for a worker before RESOURCE_EXHAUSTED.");
ABSL_FLAG(std::string, msp_transport, "asio",
          "asio: asynchronous MultiSafepay calls, no thread each (bounded by "
          "--max_upstream_in_flight); httplib: blocking calls on --workers "
          "threads.");
ABSL_FLAG(int, max_upstream_in_flight, 1024,
          "With the asynchronous transport: MultiSafepay calls in flight at "
          "once; one more is RESOURCE_EXHAUSTED (UPSTREAM_IN_FLIGHT_LIMIT).");
ABSL_FLAG(absl::Duration, msp_connect_timeout, absl::Seconds(5),
          "Connect timeout to MultiSafepay (capped by the call's deadline).");
ABSL_FLAG(absl::Duration, msp_read_timeout, absl::Seconds(30),
          "Read timeout for MultiSafepay (capped by the call's deadline); "
          "without a caller deadline a whole call ends after connect + read "
          "timeout.");
ABSL_FLAG(int64_t, msp_max_response_bytes, 1 << 20,
          "Largest MultiSafepay reply read; a larger one is refused unread "
          "(UNKNOWN, MSP_RESPONSE_TOO_LARGE).");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "On SIGTERM, how long calls in flight may take to finish.");
ABSL_FLAG(int, idempotency_entries, 20000,
          "CreateOrder answers remembered per replica for idempotent retries "
          "(~1.4 KB each); 0 remembers nothing once a call ends (identical "
          "concurrent calls still share one upstream call).");
ABSL_FLAG(absl::Duration, idempotency_ttl, absl::Hours(24),
          "How long a remembered CreateOrder answer is replayed.");
ABSL_FLAG(absl::Duration, max_connection_age, absl::Minutes(5),
          "Clients are asked to reconnect after this long, so load spreads "
          "to new replicas.");
ABSL_FLAG(absl::Duration, min_upstream_budget, absl::Seconds(2),
          "CreateOrder, UpdateOrder, CancelOrder, CaptureOrder and RefundOrder "
          "are sent to MultiSafepay only with at least this much of the "
          "caller's deadline left when a worker picks them up; otherwise "
          "DEADLINE_EXCEEDED (DEADLINE_TOO_SHORT), nothing sent.");
ABSL_FLAG(int64_t, max_request_bytes, 512 * 1024,
          "Largest serialized request accepted; larger ones are "
          "INVALID_ARGUMENT before parsing (1024..16777216).");

ABSL_FLAG(std::string, data_dir, "/var/lib/msp-gateway",
          "Where the embedded SQLite order store lives (orders.db) when "
          "MSP_GATEWAY_STORE is unset; created if missing.");
ABSL_FLAG(int, store_pool_size, 8,
          "Threads for the order store's blocking work, and PostgreSQL "
          "connections per replica.");
ABSL_FLAG(absl::Duration, store_timeout, absl::Seconds(2),
          "Longest one order store statement (or PostgreSQL connect) may "
          "take; a slower store is UNAVAILABLE, nothing sent.");
ABSL_FLAG(absl::Duration, order_retention, absl::Hours(24 * 30),
          "Idempotency records are purged this long after they were "
          "created; at least --idempotency_ttl.");
ABSL_FLAG(absl::Duration, reconcile_interval, absl::Seconds(5),
          "How often the store is pinged (readiness), old records purged and "
          "unsettled records (outcome unknown, a dead replica's lease) "
          "looked up at MultiSafepay.");
ABSL_FLAG(absl::Duration, lease_margin, absl::Seconds(5),
          "A claimed call's lease lasts its upstream deadline plus this; "
          "replica clocks must agree to well within it.");

ABSL_FLAG(std::string, notification_base_url, "",
          "Where MultiSafepay reaches this gateway's notification listener: "
          "https://host[:port], no path (http:// only with a loopback host). "
          "Set, CreateOrder sets every order's notification_url to it + "
          "/notifications/multisafepay (method POST) and refuses callers' "
          "own. Empty: off. Needs --notification_port.");
ABSL_FLAG(int, notification_port, -1,
          "Notification listener port on --grpc_host (the one public port); "
          "0 picks a free one, -1: no listener. Needs the API key.");
ABSL_FLAG(std::string, notification_port_file, "",
          "If set, the listener's bound port is written to this file once "
          "serving.");
ABSL_FLAG(absl::Duration, notification_max_age, absl::Seconds(600),
          "A signed notification whose timestamp is further than this from "
          "now is refused (403).");
ABSL_FLAG(absl::Duration, reconcile_after, absl::Minutes(10),
          "Orders not final this long after creation are polled at "
          "MultiSafepay (GET /orders/{id}), with backoff, until final.");
ABSL_FLAG(int, watch_buffer, 1000,
          "Events a WatchOrderEvents stream may hold for a slow consumer; "
          "then it ends with RESOURCE_EXHAUSTED and resumes from its cursor.");

ABSL_FLAG(bool, plaintext, false,
          "Serve gRPC without TLS: local runs and tests only. Without it the "
          "server needs --tls_cert_file and --tls_key_file.");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain of the gRPC port (re-read every "
          "--tls_reload_interval: rotate without a restart).");
ABSL_FLAG(std::string, tls_key_file, "",
          "PEM private key of --tls_cert_file (re-read likewise).");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA bundle that client certificates must chain to (re-read "
          "likewise); needs --client_auth=optional or require.");
ABSL_FLAG(std::string, client_auth, "none",
          "Client certificates: none (not asked for), optional (verified when "
          "shown), require (no certificate, no connection).");
ABSL_FLAG(std::string, authz_policy_file, "",
          "gRPC authorization policy JSON: which caller (client certificate "
          "SPIFFE ID or DNS name) may call which method; re-read likewise, "
          "a malformed update keeps the last good policy. Needs client "
          "certificates.");
ABSL_FLAG(absl::Duration, tls_reload_interval, absl::Seconds(60),
          "How often the TLS files and the authorization policy are read "
          "again.");

namespace msp_gateway {
namespace {

// Writes `port` to `path` atomically, so a reader never sees half a number.
bool WritePortFile(const std::string& path, int port) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << port << "\n";
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

void LogEvent(LogLevel level, absl::string_view event,
              absl::Span<const LogField> fields = {}) {
  StderrLogger().Log(level, event, fields);
}

// gRPC's own messages (a port in use, a failed handshake) become JSON lines
// too, so that every line the process writes parses.
void LogGrpcMessage(gpr_log_func_args* args) {
  const auto text = [](const char* s) {
    return s != nullptr ? absl::string_view(s) : absl::string_view();
  };
  LogEvent(args->severity == GPR_LOG_SEVERITY_ERROR ? LogLevel::kError
                                                    : LogLevel::kInfo,
           "grpc",
           {{"message", text(args->message)},
            {"file", text(args->file)},
            {"line", args->line}});
}

int Run() {
  // Block the stop signals in every thread; main() takes them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  ServerFlags flags;
  flags.grpc_host = absl::GetFlag(FLAGS_grpc_host);
  flags.grpc_port = absl::GetFlag(FLAGS_grpc_port);
  flags.port_file = absl::GetFlag(FLAGS_port_file);
  flags.admin_port = absl::GetFlag(FLAGS_admin_port);
  flags.workers = absl::GetFlag(FLAGS_workers);
  flags.queue_capacity = absl::GetFlag(FLAGS_queue_capacity);
  flags.max_upstream_in_flight = absl::GetFlag(FLAGS_max_upstream_in_flight);
  flags.msp_transport = absl::GetFlag(FLAGS_msp_transport);
  flags.msp_connect_timeout = absl::GetFlag(FLAGS_msp_connect_timeout);
  flags.msp_read_timeout = absl::GetFlag(FLAGS_msp_read_timeout);
  flags.msp_max_response_bytes = absl::GetFlag(FLAGS_msp_max_response_bytes);
  flags.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  flags.max_connection_age = absl::GetFlag(FLAGS_max_connection_age);
  flags.idempotency_entries = absl::GetFlag(FLAGS_idempotency_entries);
  flags.idempotency_ttl = absl::GetFlag(FLAGS_idempotency_ttl);
  flags.min_upstream_budget = absl::GetFlag(FLAGS_min_upstream_budget);
  flags.max_request_bytes = absl::GetFlag(FLAGS_max_request_bytes);
  flags.data_dir = absl::GetFlag(FLAGS_data_dir);
  flags.store_pool_size = absl::GetFlag(FLAGS_store_pool_size);
  flags.store_timeout = absl::GetFlag(FLAGS_store_timeout);
  flags.order_retention = absl::GetFlag(FLAGS_order_retention);
  flags.reconcile_interval = absl::GetFlag(FLAGS_reconcile_interval);
  flags.lease_margin = absl::GetFlag(FLAGS_lease_margin);
  flags.notification_base_url = absl::GetFlag(FLAGS_notification_base_url);
  flags.notification_port = absl::GetFlag(FLAGS_notification_port);
  flags.notification_port_file = absl::GetFlag(FLAGS_notification_port_file);
  flags.notification_max_age = absl::GetFlag(FLAGS_notification_max_age);
  flags.reconcile_after = absl::GetFlag(FLAGS_reconcile_after);
  flags.watch_buffer = absl::GetFlag(FLAGS_watch_buffer);
  flags.plaintext = absl::GetFlag(FLAGS_plaintext);
  flags.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  flags.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  flags.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  flags.client_auth = absl::GetFlag(FLAGS_client_auth);
  flags.authz_policy_file = absl::GetFlag(FLAGS_authz_policy_file);
  flags.tls_reload_interval = absl::GetFlag(FLAGS_tls_reload_interval);

  absl::StatusOr<ServerConfig> config =
      ResolveServerConfig(flags, GetEnv, ReadFileToString);
  if (!config.ok()) {
    LogEvent(LogLevel::kError, "config_invalid",
             {{"error", config.status().message()}});
    return 2;
  }
  absl::StatusOr<std::unique_ptr<PaymentServer>> server =
      PaymentServer::Start(*config, std::cerr);
  if (!server.ok()) {
    LogEvent(LogLevel::kError, "start_failed",
             {{"error", server.status().message()}});
    return 1;
  }
  const int port = (*server)->port();
  LogEvent(LogLevel::kInfo, "serving",
           {{"grpc_port", port},
            {"admin_port", (*server)->admin_port()},
            {"notification_port", (*server)->notification_port()},
            {"notification_base_url", config->notifications.base_url},
            {"msp_base_url", config->upstream.base_url},
            {"msp_api_key", config->upstream.api_key.empty() ? "unset" : "set"},
            {"grpc_tls", config->grpc_tls.plaintext ? "off" : "on"},
            {"client_auth", ClientAuthName(config->grpc_tls.client_auth)},
            {"authz_policy", !config->grpc_tls.authz_policy_file.empty()},
            {"workers", config->workers}});
  if (!config->port_file.empty() && !WritePortFile(config->port_file, port)) {
    LogEvent(LogLevel::kError, "port_file_failed",
             {{"path", config->port_file}});
    return 1;
  }
  if (!config->notifications.port_file.empty() &&
      !WritePortFile(config->notifications.port_file,
                     (*server)->notification_port())) {
    LogEvent(LogLevel::kError, "port_file_failed",
             {{"path", config->notifications.port_file}});
    return 1;
  }

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  LogEvent(LogLevel::kInfo, "shutting_down",
           {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"},
            {"grace_ms", absl::ToInt64Milliseconds(config->shutdown_grace)}});
  (*server)->Shutdown(config->shutdown_grace);
  LogEvent(LogLevel::kInfo, "stopped");
  return 0;
}

}  // namespace
}  // namespace msp_gateway

int main(int argc, char** argv) {
  // Debian's Abseil checks every Mutex for lock-order cycles by default, at
  // 1-5% of CPU per call (docs/benchmarks.md); the tests keep it on.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  gpr_set_log_function(msp_gateway::LogGrpcMessage);
  absl::SetProgramUsageMessage(
      "payments.v1.PaymentService gRPC server in front of MultiSafepay.\n"
      "\n"
      "  MSP_BASE_URL=http://127.0.0.1:18080 MSP_API_KEY=... \\\n"
      "    msp_gateway_server --plaintext --grpc_port=50051\n"
      "\n"
      "Environment: MSP_ENV (test|live), MSP_BASE_URL, MSP_API_KEY_FILE or "
      "MSP_API_KEY, MSP_CA_FILE, MSP_GATEWAY_STORE or MSP_GATEWAY_STORE_FILE. "
      "Docs: docs/operations.md.");
  // Abseil's --help lists the flags of a file named after the program
  // (msp_gateway_server.cc); ours live in main.cc.
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::EndsWith(file, "service/server/main.cc");
  };
  usage.contains_helpshort_flags = usage.contains_help_flags;
  absl::SetFlagsUsageConfig(usage);
  absl::ParseCommandLine(argc, argv);
  return msp_gateway::Run();
}
