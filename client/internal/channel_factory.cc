// Copyright 2026 The msp-gateway Authors.

#include "client/internal/channel_factory.h"

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "grpc/grpc.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace payments_client {
namespace internal {
namespace {

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

absl::StatusOr<std::string> ReadPemFile(absl::string_view what,
                                        const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    return absl::NotFoundError(absl::StrCat("cannot read ", what, " file \"",
                                            path, "\": ", std::strerror(err)));
  }
  std::stringstream contents;
  contents << in.rdbuf();
  if (in.bad()) {
    return absl::FailedPreconditionError(
        absl::StrCat("error reading ", what, " file \"", path, "\""));
  }
  std::string pem = contents.str();
  if (pem.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(what, " file \"", path, "\" is empty"));
  }
  return pem;
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
  if (options.tls.has_value() && (options.tls->client_cert_path.empty() !=
                                  options.tls->client_key_path.empty())) {
    return absl::InvalidArgumentError(
        "tls.client_cert_path and tls.client_key_path must be set together");
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

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeCredentials(
    const ClientOptions& options) {
  if (!options.tls.has_value()) return grpc::InsecureChannelCredentials();
  const TlsOptions& tls = *options.tls;
  grpc::SslCredentialsOptions ssl;
  if (!tls.ca_bundle_path.empty()) {
    absl::StatusOr<std::string> ca =
        ReadPemFile("CA bundle", tls.ca_bundle_path);
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *std::move(ca);
  }
  if (!tls.client_cert_path.empty()) {
    absl::StatusOr<std::string> cert =
        ReadPemFile("client certificate", tls.client_cert_path);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key =
        ReadPemFile("client key", tls.client_key_path);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::SslCredentials(ssl);
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
