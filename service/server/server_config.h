// Copyright 2026 The msp-gateway Authors.
//
// File: server_config.h
//
// Turns flags and environment into the server's configuration. Secrets (the
// MultiSafepay API key) come only from the environment or a mounted file,
// never from flags, so they never show up in `ps`.
//
// Environment:
//   MSP_ENV           test (default) | live: which MultiSafepay API to call.
//   MSP_BASE_URL      overrides MSP_ENV, e.g. http://127.0.0.1:18080
//   (emulator). MSP_API_KEY_FILE  file holding the website API key (recommended
//   on k8s). MSP_API_KEY       the key itself (local runs). Not together with
//   _FILE. MSP_CA_FILE       PEM bundle to verify MultiSafepay's certificate
//   with,
//                     instead of the system store.
//   MSP_GATEWAY_STORE       the order store: sqlite:/path/orders.db or a
//                     PostgreSQL URI (postgresql://user:pw@host/db?...).
//   MSP_GATEWAY_STORE_FILE  a file holding the same (a mounted Secret); not
//                     together with MSP_GATEWAY_STORE. Neither: SQLite in
//                     --data_dir.

#ifndef MSP_GATEWAY_SERVICE_SERVER_SERVER_CONFIG_H_
#define MSP_GATEWAY_SERVICE_SERVER_SERVER_CONFIG_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/callers/server_tls.h"
#include "service/store/store_config.h"
#include "service/upstream/http_transport.h"

namespace msp_gateway {

// What the command line says (see main.cc for the flags and their defaults).
struct ServerFlags {
  std::string grpc_host = "0.0.0.0";
  int grpc_port = 50051;
  std::string port_file;
  // Admin HTTP port (metrics, health); 0 picks a free one, -1 disables it.
  int admin_port = 9090;
  int workers = 32;
  int queue_capacity = 512;
  // MultiSafepay calls in flight at once with the asynchronous transport.
  // Each costs a socket and a few KiB; 1024 keeps ~4,000 calls/s of a 250 ms
  // MultiSafepay (Little's law) well inside a 256 MiB pod.
  int max_upstream_in_flight = 1024;
  // "asio": the asynchronous transport (no thread per upstream call);
  // "httplib": the blocking one on --workers threads.
  std::string msp_transport = "asio";
  absl::Duration msp_connect_timeout = absl::Seconds(5);
  absl::Duration msp_read_timeout = absl::Seconds(30);
  // MultiSafepay replies are a few KB (a gateway list tens of KB); anything
  // near this cap is an attack or a broken proxy, and the pod has 256 MiB.
  int64_t msp_max_response_bytes = int64_t{1} << 20;
  absl::Duration shutdown_grace = absl::Seconds(10);
  absl::Duration max_connection_age = absl::Minutes(5);
  // Successful CreateOrder answers remembered for idempotent retries
  // (about 1.4 KB each, see docs/benchmarks.md); 0 keeps only calls in
  // flight.
  int idempotency_entries = 20000;
  absl::Duration idempotency_ttl = absl::Hours(24);
  // A call that changes state at MultiSafepay (CreateOrder, UpdateOrder,
  // CancelOrder, CaptureOrder, RefundOrder) is sent only with at least this
  // much of its deadline left, checked when a worker picks it up; less is
  // DEADLINE_EXCEEDED DEADLINE_TOO_SHORT, nothing sent. 2 s covers a typical
  // MultiSafepay answer (~0.3 s, docs/operations.md) with room for its slow
  // tail, and leaves 8 s of the client library's 10 s default deadline for
  // queueing.
  absl::Duration min_upstream_budget = absl::Seconds(2);
  // Serialized requests above this are INVALID_ARGUMENT before parsing. The
  // largest legitimate request is a CreateOrder with a 1000-line cart: with
  // realistic names, descriptions, SKUs and weights that is ~200 bytes a
  // line, ~196 KB (tests/create_order_integration_test.cc builds one). 512
  // KiB leaves more than twice that, for longer texts, while the 4 MB carts
  // that took the process to 400 MB RSS are refused unparsed.
  int64_t max_request_bytes = 512 * 1024;
  // The order store: where the embedded SQLite store lives when
  // MSP_GATEWAY_STORE is unset (created if missing; the dev overlay mounts
  // its volume there; `./dev run` uses .run/data).
  std::string data_dir = "/var/lib/msp-gateway";
  // Threads doing the store's blocking work, and PostgreSQL connections.
  int store_pool_size = 8;
  // Each store statement (and a PostgreSQL connect) gets at most this long.
  absl::Duration store_timeout = absl::Seconds(2);
  // Idempotency records are kept this long (>= --idempotency_ttl, the
  // window a caller may retry in), then purged in small batches.
  absl::Duration order_retention = absl::Hours(24 * 30);
  // How often records nobody settles (outcome unknown, a dead replica's
  // lease) are looked up, the store is pinged for readiness and old
  // records are purged.
  absl::Duration reconcile_interval = absl::Seconds(5);
  // A lease lasts the call's upstream deadline plus this: another replica
  // takes over a record only once its owner can no longer be sending.
  // Replica clocks must agree to well within it.
  absl::Duration lease_margin = absl::Seconds(5);

  // Notifications (docs/operations.md, "Notifications"). Where MultiSafepay
  // reaches this gateway's listener: scheme, host and port, no path
  // ("https://pay.example.com"). Set, CreateOrder owns every order's
  // notification_url (this + kNotificationPath). Empty: off, callers' own
  // notification_url as before.
  std::string notification_base_url;
  // The listener's port on --grpc_host; 0 picks a free one (tests), -1: no
  // listener.
  int notification_port = -1;
  // Where to write the listener's bound port; may be empty.
  std::string notification_port_file;
  // A signed notification older (or newer) than this is refused (403).
  absl::Duration notification_max_age = absl::Seconds(600);
  // Orders not final this long after creation are polled at MultiSafepay.
  absl::Duration reconcile_after = absl::Minutes(10);
  // Events a WatchOrderEvents stream may have waiting for a slow consumer
  // before it ends with RESOURCE_EXHAUSTED (and resumes from its cursor).
  int watch_buffer = 1000;

  // Caller authentication (issue 13; docs/operations.md "Caller
  // authentication"). The gRPC port serves TLS from these files (re-read
  // every tls_reload_interval), or plaintext only when asked for.
  bool plaintext = false;
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  std::string client_auth = "none";  // none | optional | require
  std::string authz_policy_file;
  absl::Duration tls_reload_interval = absl::Seconds(60);
};

// The notification settings, checked (see ServerFlags).
struct NotificationConfig {
  // Normalised: lower-case scheme, no trailing '/'; empty: CreateOrder
  // leaves notification_url to the caller.
  std::string base_url;
  std::string host;  // Same as --grpc_host.
  int port = -1;     // -1: no listener.
  std::string port_file;
  absl::Duration max_age;
  absl::Duration reconcile_after;
  size_t watch_buffer = 0;

  bool listener_enabled() const { return port >= 0; }
};

struct ServerConfig {
  std::string grpc_address;  // host:port to listen on.
  std::string port_file;     // Where to write the bound port; may be empty.
  std::string admin_host;    // Same host as gRPC.
  int admin_port = -1;       // -1: no admin port.
  int workers = 0;
  size_t queue_capacity = 0;
  size_t max_upstream_in_flight = 0;
  std::string msp_transport;  // "asio" or "httplib".
  absl::Duration shutdown_grace;
  // Clients reconnect (and re-resolve DNS) at least this often, so new
  // replicas behind a headless Service get traffic.
  absl::Duration max_connection_age;
  size_t idempotency_entries = 0;
  absl::Duration idempotency_ttl;
  absl::Duration min_upstream_budget;
  size_t max_request_bytes = 0;
  // gRPC core's own receive limit (GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH),
  // above max_request_bytes: core must buffer a whole message before the
  // service sees it and answers RESOURCE_EXHAUSTED above its limit, so
  // requests between the two get our INVALID_ARGUMENT with a field
  // violation, and memory per call stays bounded.
  int grpc_max_receive_message_bytes = 0;
  HttpTransportOptions upstream;  // base_url, api_key, timeouts, CA.
  // The order store (from MSP_GATEWAY_STORE / _FILE, else SQLite under
  // --data_dir) and its tuning.
  StoreConfig store;
  std::string data_dir;
  int store_pool_size = 0;
  absl::Duration store_timeout;
  absl::Duration order_retention;
  absl::Duration reconcile_interval;
  absl::Duration lease_margin;
  // This replica's name on its leases: $HOSTNAME (the pod name) or the host
  // name, plus the process id.
  std::string replica_id;
  // The notification listener, the notification URL CreateOrder sets, the
  // reconciler's delay and the event streams' buffer.
  NotificationConfig notifications;
  // The gRPC port's TLS, client certificates and authorization policy.
  // Plaintext by default here (in-process tests); the flags make it
  // explicit.
  GrpcTlsConfig grpc_tls;
};

using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
using FileReader =
    std::function<absl::StatusOr<std::string>(const std::string& path)>;

// Validates `flags` and reads the environment. Fails with a message naming
// the setting to fix; the message never contains the key.
absl::StatusOr<ServerConfig> ResolveServerConfig(const ServerFlags& flags,
                                                 const EnvLookup& env,
                                                 const FileReader& read_file);

// The process environment and file system, for main().
std::optional<std::string> GetEnv(const char* name);
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_SERVER_SERVER_CONFIG_H_
