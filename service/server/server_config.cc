// Copyright 2026 The msp-gateway Authors.

#include "service/server/server_config.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "service/upstream/http_url.h"
#include "service/upstream/msp_endpoint.h"

namespace msp_gateway {
namespace {

// --max_request_bytes bounds: even a GetOrder is more than a few bytes, and
// above 16 MiB one call could hold a good part of the pod's memory.
constexpr int64_t kMinRequestBytesCap = 1024;
constexpr int64_t kMaxRequestBytesCap = 16 << 20;
constexpr int64_t kGrpcDefaultMaxReceiveBytes = 4 << 20;

std::string EnvOr(const EnvLookup& env, const char* name) {
  std::optional<std::string> value = env(name);
  return value.has_value() ? *value : std::string();
}

// The API key, from MSP_API_KEY_FILE or MSP_API_KEY; "" when neither is set.
absl::StatusOr<std::string> LoadApiKey(const EnvLookup& env,
                                       const FileReader& read_file) {
  const std::string key_file = EnvOr(env, "MSP_API_KEY_FILE");
  const std::string key = EnvOr(env, "MSP_API_KEY");
  if (!key_file.empty() && !key.empty()) {
    return absl::InvalidArgumentError(
        "set only one of MSP_API_KEY_FILE and MSP_API_KEY");
  }
  if (key_file.empty()) {
    return std::string(absl::StripAsciiWhitespace(key));
  }
  absl::StatusOr<std::string> contents = read_file(key_file);
  if (!contents.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read MSP_API_KEY_FILE ", key_file, ": ",
                     contents.status().message()));
  }
  // Mounted secrets often end in a newline; MultiSafepay trims keys too.
  std::string trimmed(absl::StripAsciiWhitespace(*contents));
  if (trimmed.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("MSP_API_KEY_FILE ", key_file, " is empty"));
  }
  return trimmed;
}

// --watch_buffer bounds: at least one event, and at most what a few
// thousand slow streams could hold without exhausting a 256 MiB pod.
constexpr int kMaxWatchBuffer = 1000000;

// --notification_base_url, checked and normalised ("" stays ""). Messages
// never echo the URL, like those of ParseHttpUrl().
absl::StatusOr<std::string> NotificationBaseUrl(absl::string_view flag) {
  if (flag.empty()) return std::string();
  absl::StatusOr<HttpUrl> url = ParseHttpUrl(flag);
  if (!url.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--notification_base_url: ", url.status().message(),
                     " (e.g. https://pay.example.com)"));
  }
  if (!url->path.empty() && url->path != "/") {
    return absl::InvalidArgumentError(
        "--notification_base_url must be scheme://host[:port] without a "
        "path: the gateway adds /notifications/multisafepay itself");
  }
  // MultiSafepay posts the whole order (customer included) there.
  if (url->scheme != "https" && !IsLoopbackHost(url->host)) {
    return absl::InvalidArgumentError(
        "--notification_base_url must be https://; http:// only with a "
        "loopback host (127.0.0.1, localhost, [::1]) for local runs and "
        "tests");
  }
  url->path.clear();
  return FormatHttpUrl(*url);
}

// The notification settings of `flags`; `api_key` is the resolved key.
absl::StatusOr<NotificationConfig> ResolveNotificationConfig(
    const ServerFlags& flags, absl::string_view api_key) {
  NotificationConfig out;
  absl::StatusOr<std::string> base_url =
      NotificationBaseUrl(flags.notification_base_url);
  if (!base_url.ok()) return base_url.status();
  if (flags.notification_port < -1 || flags.notification_port > 65535) {
    return absl::InvalidArgumentError("--notification_port must be -1..65535");
  }
  if (flags.notification_port > 0 &&
      (flags.notification_port == flags.grpc_port ||
       flags.notification_port == flags.admin_port)) {
    return absl::InvalidArgumentError(
        "--notification_port must differ from --grpc_port and --admin_port: "
        "it is the one port exposed publicly");
  }
  if (!base_url->empty() && flags.notification_port < 0) {
    return absl::InvalidArgumentError(
        "--notification_base_url needs --notification_port: without the "
        "listener, the notifications CreateOrder asks for would go nowhere");
  }
  if (!flags.notification_port_file.empty() && flags.notification_port < 0) {
    return absl::InvalidArgumentError(
        "--notification_port_file needs --notification_port");
  }
  if (flags.notification_port >= 0 && api_key.empty()) {
    // Signatures are made with the API key: without one, any sender could
    // forge them. Fail closed at start rather than serve unverifiable POSTs.
    return absl::FailedPreconditionError(
        "--notification_port needs the MultiSafepay API key (MSP_API_KEY_FILE "
        "or MSP_API_KEY), which signs every notification");
  }
  if (flags.notification_max_age <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--notification_max_age must be > 0");
  }
  if (flags.reconcile_after <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--reconcile_after must be > 0");
  }
  if (flags.watch_buffer < 1 || flags.watch_buffer > kMaxWatchBuffer) {
    return absl::InvalidArgumentError(
        absl::StrCat("--watch_buffer must be 1..", kMaxWatchBuffer));
  }
  out.base_url = *std::move(base_url);
  out.host = flags.grpc_host;
  out.port = flags.notification_port;
  out.port_file = flags.notification_port_file;
  out.max_age = flags.notification_max_age;
  out.reconcile_after = flags.reconcile_after;
  out.watch_buffer = static_cast<size_t>(flags.watch_buffer);
  return out;
}

}  // namespace

absl::StatusOr<ServerConfig> ResolveServerConfig(const ServerFlags& flags,
                                                 const EnvLookup& env,
                                                 const FileReader& read_file) {
  if (flags.grpc_port < 0 || flags.grpc_port > 65535) {
    return absl::InvalidArgumentError("--grpc_port must be 0..65535");
  }
  if (flags.admin_port < -1 || flags.admin_port > 65535) {
    return absl::InvalidArgumentError("--admin_port must be -1..65535");
  }
  if (flags.workers < 1) {
    return absl::InvalidArgumentError("--workers must be at least 1");
  }
  if (flags.max_upstream_in_flight < 1) {
    return absl::InvalidArgumentError(
        "--max_upstream_in_flight must be at least 1");
  }
  if (flags.queue_capacity < 0) {
    return absl::InvalidArgumentError("--queue_capacity must be >= 0");
  }
  if (flags.msp_connect_timeout <= absl::ZeroDuration() ||
      flags.msp_read_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("MultiSafepay timeouts must be > 0");
  }
  if (flags.msp_max_response_bytes < 1024 ||
      flags.msp_max_response_bytes > (int64_t{64} << 20)) {
    return absl::InvalidArgumentError(
        "--msp_max_response_bytes must be 1024..67108864");
  }
  ServerConfig config;
  config.grpc_tls.plaintext = flags.plaintext;
  config.grpc_tls.cert_file = flags.tls_cert_file;
  config.grpc_tls.key_file = flags.tls_key_file;
  config.grpc_tls.client_ca_file = flags.tls_client_ca_file;
  absl::StatusOr<ClientAuth> client_auth = ParseClientAuth(flags.client_auth);
  if (!client_auth.ok()) return client_auth.status();
  config.grpc_tls.client_auth = *client_auth;
  config.grpc_tls.authz_policy_file = flags.authz_policy_file;
  config.grpc_tls.reload_interval = flags.tls_reload_interval;
  if (absl::Status tls = CheckGrpcTlsConfig(config.grpc_tls); !tls.ok()) {
    return tls;
  }
  config.grpc_address =
      flags.grpc_host.find(':') != std::string::npos
          ? absl::StrCat("[", flags.grpc_host, "]:", flags.grpc_port)
          : absl::StrCat(flags.grpc_host, ":", flags.grpc_port);
  config.port_file = flags.port_file;
  config.admin_host = flags.grpc_host;
  config.admin_port = flags.admin_port;
  config.workers = flags.workers;
  config.queue_capacity = static_cast<size_t>(flags.queue_capacity);
  config.max_upstream_in_flight =
      static_cast<size_t>(flags.max_upstream_in_flight);
  if (flags.msp_transport != "asio" && flags.msp_transport != "httplib") {
    return absl::InvalidArgumentError(
        "--msp_transport must be asio or httplib");
  }
  config.msp_transport = flags.msp_transport;
  config.shutdown_grace = flags.shutdown_grace;
  if (flags.max_connection_age <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--max_connection_age must be > 0");
  }
  config.max_connection_age = flags.max_connection_age;
  if (flags.idempotency_entries < 0 ||
      flags.idempotency_ttl <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--idempotency_entries must be >= 0 and --idempotency_ttl > 0");
  }
  config.idempotency_entries = static_cast<size_t>(flags.idempotency_entries);
  config.idempotency_ttl = flags.idempotency_ttl;
  if (flags.min_upstream_budget < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--min_upstream_budget must be >= 0");
  }
  config.min_upstream_budget = flags.min_upstream_budget;
  if (flags.max_request_bytes < kMinRequestBytesCap ||
      flags.max_request_bytes > kMaxRequestBytesCap) {
    return absl::InvalidArgumentError(
        absl::StrCat("--max_request_bytes must be ", kMinRequestBytesCap, "..",
                     kMaxRequestBytesCap));
  }
  config.max_request_bytes = static_cast<size_t>(flags.max_request_bytes);
  // Twice our cap, and never below gRPC's default (4 MiB): requests up to
  // there get our own answer; at most 32 MiB buffered per call.
  config.grpc_max_receive_message_bytes = static_cast<int>(std::max<int64_t>(
      kGrpcDefaultMaxReceiveBytes, 2 * flags.max_request_bytes));

  absl::StatusOr<std::string> base_url =
      ResolveMspBaseUrl(EnvOr(env, "MSP_ENV"), EnvOr(env, "MSP_BASE_URL"));
  if (!base_url.ok()) return base_url.status();
  absl::StatusOr<std::string> api_key = LoadApiKey(env, read_file);
  if (!api_key.ok()) return api_key.status();
  if (api_key->empty() && !IsLoopbackUrl(*base_url)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no MultiSafepay API key for ", *base_url,
        ": set MSP_API_KEY_FILE (recommended) or MSP_API_KEY; only a "
        "loopback MSP_BASE_URL (the emulator) runs without one"));
  }
  absl::StatusOr<NotificationConfig> notifications =
      ResolveNotificationConfig(flags, *api_key);
  if (!notifications.ok()) return notifications.status();
  config.notifications = *std::move(notifications);
  config.upstream.base_url = *base_url;
  config.upstream.api_key = *api_key;
  config.upstream.connect_timeout = flags.msp_connect_timeout;
  config.upstream.read_timeout = flags.msp_read_timeout;
  config.upstream.max_response_bytes =
      static_cast<size_t>(flags.msp_max_response_bytes);
  config.upstream.ca_cert_file = EnvOr(env, "MSP_CA_FILE");
  // One warm connection per worker thread; the asynchronous transport keeps
  // as many as a burst of calls in flight is likely to need again.
  config.upstream.max_idle_connections =
      flags.msp_transport == "httplib"
          ? static_cast<size_t>(flags.workers)
          : std::min<size_t>(flags.max_upstream_in_flight, 256);

  if (flags.store_pool_size < 1 || flags.store_pool_size > 256) {
    return absl::InvalidArgumentError("--store_pool_size must be 1..256");
  }
  if (flags.store_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--store_timeout must be > 0");
  }
  if (flags.order_retention < flags.idempotency_ttl) {
    return absl::InvalidArgumentError(
        "--order_retention must be at least --idempotency_ttl: a caller may "
        "retry that long and must find its record");
  }
  if (flags.reconcile_interval <= absl::ZeroDuration() ||
      flags.lease_margin <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--reconcile_interval and --lease_margin must be > 0");
  }
  if (flags.data_dir.empty()) {
    return absl::InvalidArgumentError("--data_dir must not be empty");
  }
  config.data_dir = flags.data_dir;
  config.store_pool_size = flags.store_pool_size;
  config.store_timeout = flags.store_timeout;
  config.order_retention = flags.order_retention;
  config.reconcile_interval = flags.reconcile_interval;
  config.lease_margin = flags.lease_margin;
  absl::StatusOr<StoreConfig> store = ResolveStoreConfig(
      flags.data_dir,
      [&env](absl::string_view name) -> std::optional<std::string> {
        return env(std::string(name).c_str());
      });
  if (!store.ok()) return store.status();
  config.store = *std::move(store);
  config.replica_id = absl::StrCat(
      EnvOr(env, "HOSTNAME").empty() ? "gateway" : EnvOr(env, "HOSTNAME"), "/",
      getpid());
  return config;
}

std::optional<std::string> GetEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open file");
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return absl::DataLossError("read failed");
  return contents.str();
}

}  // namespace msp_gateway
