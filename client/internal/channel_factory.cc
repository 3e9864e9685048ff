// Copyright 2026 The msp-gateway Authors.

#include "client/internal/channel_factory.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "grpc/grpc.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_certificate_verifier.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace payments_client {
namespace internal {
namespace {

// ReloadIntervalSeconds() caps here: any longer is "practically never", and
// the count must fit gRPC's unsigned int.
constexpr absl::Duration kMaxReloadInterval = absl::Hours(24 * 365);

// A google.protobuf.Duration in its JSON form, e.g. "0.100000000s".
std::string JsonDuration(absl::Duration d) {
  const int64_t seconds = absl::IDivDuration(d, absl::Seconds(1), &d);
  return absl::StrFormat("%d.%09ds", seconds, absl::ToInt64Nanoseconds(d));
}

bool IsFinitePositive(absl::Duration d) {
  return d > absl::ZeroDuration() && d != absl::InfiniteDuration();
}

// Milliseconds for an int channel argument, saturating at INT_MAX.
int ToIntMillis(absl::Duration d) {
  const int64_t ms = absl::ToInt64Milliseconds(d);
  return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

// OK if `path` can be opened and read and is not empty. The contents are
// gRPC's to read (and re-read); only the file is checked here.
absl::Status CheckPemFile(absl::string_view what, const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    return absl::NotFoundError(absl::StrCat("cannot read ", what, " file \"",
                                            path, "\": ", std::strerror(err)));
  }
  char first = 0;
  ssize_t n = 0;
  do {
    n = read(fd, &first, 1);
  } while (n < 0 && errno == EINTR);
  const int err = errno;
  close(fd);
  if (n < 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "error reading ", what, " file \"", path, "\": ", std::strerror(err)));
  }
  if (n == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(what, " file \"", path, "\" is empty"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateOptions(absl::string_view target,
                             const ClientOptions& options) {
  if (target.empty()) {
    return absl::InvalidArgumentError("target must not be empty");
  }
  if (options.default_deadline <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("default_deadline must be > 0");
  }
  if (options.max_attempts < 1 || options.max_attempts > kMaxAttemptsLimit) {
    return absl::InvalidArgumentError(absl::StrCat("max_attempts must be 1 to ",
                                                   kMaxAttemptsLimit, ", got ",
                                                   options.max_attempts));
  }
  if (options.max_attempts > 1) {
    if (!IsFinitePositive(options.initial_backoff)) {
      return absl::InvalidArgumentError(
          "initial_backoff must be > 0 and finite");
    }
    if (!IsFinitePositive(options.max_backoff)) {
      return absl::InvalidArgumentError("max_backoff must be > 0 and finite");
    }
    if (!(options.backoff_multiplier > 0)) {
      return absl::InvalidArgumentError("backoff_multiplier must be > 0");
    }
  }
  if (options.keepalive_time > absl::ZeroDuration() &&
      options.keepalive_time != absl::InfiniteDuration() &&
      !IsFinitePositive(options.keepalive_timeout)) {
    return absl::InvalidArgumentError(
        "keepalive_timeout must be > 0 and finite when keepalive is on");
  }
  if (options.tls.has_value()) {
    if (options.tls->client_cert_path.empty() !=
        options.tls->client_key_path.empty()) {
      return absl::InvalidArgumentError(
          "tls.client_cert_path and tls.client_key_path must be set together");
    }
    if (options.tls->reload_interval < absl::Seconds(1) ||
        options.tls->reload_interval == absl::InfiniteDuration()) {
      return absl::InvalidArgumentError(
          "tls.reload_interval must be at least 1s and finite");
    }
  }
  return absl::OkStatus();
}

std::string LoadBalancingPolicy(absl::string_view target,
                                const ClientOptions& options) {
  switch (options.load_balancing) {
    case LoadBalancing::kRoundRobin:
      return "round_robin";
    case LoadBalancing::kPickFirst:
      return "pick_first";
    case LoadBalancing::kAuto:
      break;
  }
  return absl::StartsWith(target, "dns:") ? "round_robin" : "pick_first";
}

std::string ServiceConfigJson(absl::string_view target,
                              const ClientOptions& options) {
  // A methodConfig name: the whole service, or one method of it.
  auto name = [](absl::string_view method) {
    return method.empty()
               ? absl::StrCat(R"({"service":")", kServiceName, R"("})")
               : absl::StrCat(R"({"service":")", kServiceName,
                              R"(","method":")", method, R"("})");
  };
  // Exact method names win over the service-wide name, whatever the order.
  std::string not_retried = absl::StrCat(R"({"name":[)", name(""));
  for (absl::string_view method : kNotRetriedMethods) {
    absl::StrAppend(&not_retried, ",", name(method));
  }
  absl::StrAppend(&not_retried, R"(],"waitForReady":false})");

  std::string method_config;
  if (options.max_attempts > 1) {
    method_config = absl::StrCat(
        R"({"name":[)",
        absl::StrJoin(kRetriedMethods, ",",
                      [&name](std::string* out, absl::string_view method) {
                        absl::StrAppend(out, name(method));
                      }));
    absl::StrAppend(&method_config,
                    R"(],"waitForReady":false,"retryPolicy":{"maxAttempts":)",
                    options.max_attempts, R"(,"initialBackoff":")",
                    JsonDuration(options.initial_backoff),
                    R"(","maxBackoff":")", JsonDuration(options.max_backoff),
                    R"(","backoffMultiplier":)",
                    absl::StrFormat("%g", options.backoff_multiplier),
                    R"(,"retryableStatusCodes":[)",
                    absl::StrJoin(kRetriedCodes, ",",
                                  [](std::string* out, absl::string_view code) {
                                    absl::StrAppend(out, "\"", code, "\"");
                                  }),
                    "]}},");
  }
  absl::StrAppend(&method_config, not_retried);

  std::string config = absl::StrCat(
      R"({"loadBalancingConfig":[{")", LoadBalancingPolicy(target, options),
      R"(":{}}],"methodConfig":[)", method_config, "]");
  if (options.max_attempts > 1 && options.retry_throttling) {
    // Retries stop while tokens <= maxTokens / 2: each failed call costs 1,
    // each success returns tokenRatio.
    absl::StrAppend(&config,
                    R"(,"retryThrottling":{"maxTokens":10,"tokenRatio":0.1})");
  }
  absl::StrAppend(&config, "}");
  return config;
}

grpc::ChannelArguments MakeChannelArguments(absl::string_view target,
                                            const ClientOptions& options) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(ServiceConfigJson(target, options));
  // Our config wins over anything published in DNS TXT records.
  args.SetInt(GRPC_ARG_SERVICE_CONFIG_DISABLE_RESOLUTION, 1);
  // On by default since gRPC 1.40; explicit so a build with other defaults
  // keeps the documented behaviour.
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  if (options.keepalive_time > absl::ZeroDuration() &&
      options.keepalive_time != absl::InfiniteDuration()) {
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS,
                ToIntMillis(options.keepalive_time));
    args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                ToIntMillis(options.keepalive_timeout));
    args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS,
                options.keepalive_without_calls ? 1 : 0);
  }
  if (!options.user_agent.empty()) {
    args.SetUserAgentPrefix(options.user_agent);
  }
  if (options.tls.has_value() && !options.tls->server_name_override.empty()) {
    args.SetSslTargetNameOverride(options.tls->server_name_override);
  }
  return args;
}

unsigned int ReloadIntervalSeconds(const TlsOptions& tls) {
  const absl::Duration capped =
      std::min(tls.reload_interval, kMaxReloadInterval);
  return static_cast<unsigned int>(
      absl::ToInt64Seconds(absl::Ceil(capped, absl::Seconds(1))));
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeCredentials(
    const ClientOptions& options) {
  if (!options.tls.has_value()) return grpc::InsecureChannelCredentials();
  const TlsOptions& tls = *options.tls;
  // gRPC's file watcher logs and carries on when a file is missing (every
  // handshake then fails); a path that is wrong from the start is the
  // caller's mistake, so it fails here, naming the file.
  if (!tls.ca_bundle_path.empty()) {
    absl::Status readable = CheckPemFile("CA bundle", tls.ca_bundle_path);
    if (!readable.ok()) return readable;
  }
  const bool mutual = !tls.client_cert_path.empty();
  if (mutual) {
    absl::Status readable =
        CheckPemFile("client certificate", tls.client_cert_path);
    if (!readable.ok()) return readable;
    readable = CheckPemFile("client key", tls.client_key_path);
    if (!readable.ok()) return readable;
  }

  grpc::experimental::TlsChannelCredentialsOptions tls_options;
  if (!tls.ca_bundle_path.empty() || mutual) {
    // One watcher for whichever files are set; an empty path is not watched.
    tls_options.set_certificate_provider(
        std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
            tls.client_key_path, tls.client_cert_path, tls.ca_bundle_path,
            ReloadIntervalSeconds(tls)));
    // Without watch_root_certs() gRPC uses the system roots.
    if (!tls.ca_bundle_path.empty()) tls_options.watch_root_certs();
    if (mutual) tls_options.watch_identity_key_cert_pairs();
  }
  // The chain against the roots and the hostname (the target's host, or
  // server_name_override) against the certificate: both on, explicitly, so
  // no gRPC default can turn either off.
  tls_options.set_verify_server_certs(true);
  tls_options.set_certificate_verifier(
      std::make_shared<grpc::experimental::HostNameCertificateVerifier>());
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::experimental::TlsCredentials(tls_options);
  if (credentials == nullptr) {
    return absl::InternalError("gRPC could not create TLS credentials");
  }
  return credentials;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateChannel(
    absl::string_view target, const ClientOptions& options) {
  if (absl::Status valid = ValidateOptions(target, options); !valid.ok()) {
    return valid;
  }
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      MakeCredentials(options);
  if (!credentials.ok()) return credentials.status();
  return grpc::CreateCustomChannel(std::string(target), *credentials,
                                   MakeChannelArguments(target, options));
}

}  // namespace internal
}  // namespace payments_client
