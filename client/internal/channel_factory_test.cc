// Copyright 2026 The msp-gateway Authors.

#include "client/internal/channel_factory.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "grpc/grpc.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"

namespace payments_client {
namespace internal {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAreArray;

constexpr char kDnsTarget[] =
    "dns:///payments.payments.svc.cluster.local:50051";
constexpr char kLoopbackTarget[] = "127.0.0.1:50051";
constexpr char kCaPath[] = "client/testdata/ca.pem";
constexpr char kClientCertPath[] = "client/testdata/client.pem";
constexpr char kClientKeyPath[] = "client/testdata/client.key";

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

// The channel arguments as key -> value text (ints printed in decimal).
std::map<std::string, std::string> ArgsOf(const grpc::ChannelArguments& args) {
  std::map<std::string, std::string> out;
  const grpc_channel_args c_args = args.c_channel_args();
  for (size_t i = 0; i < c_args.num_args; ++i) {
    const grpc_arg& arg = c_args.args[i];
    if (arg.type == GRPC_ARG_STRING) {
      out[arg.key] = arg.value.string;
    } else if (arg.type == GRPC_ARG_INTEGER) {
      out[arg.key] = std::to_string(arg.value.integer);
    }
  }
  return out;
}

nlohmann::json ParsedConfig(const std::string& target,
                            const ClientOptions& options) {
  nlohmann::json config =
      nlohmann::json::parse(ServiceConfigJson(target, options));
  return config;
}

TEST(ValidateOptionsTest, DefaultsAreValid) {
  EXPECT_TRUE(ValidateOptions(kDnsTarget, ClientOptions()).ok());
}

TEST(ValidateOptionsTest, RejectsEmptyTarget) {
  EXPECT_EQ(ValidateOptions("", ClientOptions()).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ValidateOptionsTest, RejectsNonPositiveDeadline) {
  ClientOptions options;
  options.default_deadline = absl::ZeroDuration();
  EXPECT_EQ(ValidateOptions(kDnsTarget, options).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ValidateOptionsTest, AcceptsInfiniteDeadline) {
  ClientOptions options;
  options.default_deadline = absl::InfiniteDuration();
  EXPECT_TRUE(ValidateOptions(kDnsTarget, options).ok());
}

TEST(ValidateOptionsTest, MaxAttemptsMustBeOneToFive) {
  ClientOptions options;
  for (int attempts : {1, 5}) {
    options.max_attempts = attempts;
    EXPECT_TRUE(ValidateOptions(kDnsTarget, options).ok()) << attempts;
  }
  for (int attempts : {0, 6}) {
    options.max_attempts = attempts;
    const absl::Status status = ValidateOptions(kDnsTarget, options);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << attempts;
    EXPECT_THAT(std::string(status.message()), HasSubstr("max_attempts"));
  }
}

TEST(ValidateOptionsTest, RejectsBadBackoffOnlyWhenRetrying) {
  ClientOptions options;
  options.initial_backoff = absl::ZeroDuration();
  EXPECT_EQ(ValidateOptions(kDnsTarget, options).code(),
            absl::StatusCode::kInvalidArgument);
  options.max_attempts = 1;
  EXPECT_TRUE(ValidateOptions(kDnsTarget, options).ok());
}

TEST(ValidateOptionsTest, ClientCertNeedsKey) {
  ClientOptions options;
  options.tls = TlsOptions();
  options.tls->client_cert_path = "client.pem";
  EXPECT_EQ(ValidateOptions(kDnsTarget, options).code(),
            absl::StatusCode::kInvalidArgument);
  options.tls->client_key_path = "client.key";
  EXPECT_TRUE(ValidateOptions(kDnsTarget, options).ok());
}

TEST(ValidateOptionsTest, ReloadIntervalAtLeastOneSecondAndFinite) {
  ClientOptions options;
  options.tls = TlsOptions();
  EXPECT_TRUE(ValidateOptions(kDnsTarget, options).ok());  // Default 60 s.
  options.tls->reload_interval = absl::Seconds(1);
  EXPECT_TRUE(ValidateOptions(kDnsTarget, options).ok());
  for (absl::Duration bad : {absl::Milliseconds(999), absl::ZeroDuration(),
                             -absl::Seconds(5), absl::InfiniteDuration()}) {
    options.tls->reload_interval = bad;
    const absl::Status status = ValidateOptions(kDnsTarget, options);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(status.message()), HasSubstr("reload_interval"));
  }
}

TEST(ReloadIntervalSecondsTest, RoundsUpToWholeSecondsAndCaps) {
  TlsOptions tls;
  EXPECT_EQ(ReloadIntervalSeconds(tls), 60u);
  tls.reload_interval = absl::Seconds(1);
  EXPECT_EQ(ReloadIntervalSeconds(tls), 1u);
  tls.reload_interval = absl::Milliseconds(1500);
  EXPECT_EQ(ReloadIntervalSeconds(tls), 2u);
  tls.reload_interval = absl::Hours(24 * 365 * 1000);
  EXPECT_EQ(ReloadIntervalSeconds(tls), 365u * 24 * 3600);
}

TEST(LoadBalancingPolicyTest, RoundRobinForDnsTargetsOnly) {
  const ClientOptions options;
  EXPECT_EQ(LoadBalancingPolicy(kDnsTarget, options), "round_robin");
  EXPECT_EQ(LoadBalancingPolicy("dns:payments:50051", options), "round_robin");
  EXPECT_EQ(LoadBalancingPolicy(kLoopbackTarget, options), "pick_first");
  EXPECT_EQ(LoadBalancingPolicy("ipv4:127.0.0.1:1,127.0.0.1:2", options),
            "pick_first");
}

TEST(LoadBalancingPolicyTest, ExplicitChoiceWins) {
  ClientOptions options;
  options.load_balancing = LoadBalancing::kPickFirst;
  EXPECT_EQ(LoadBalancingPolicy(kDnsTarget, options), "pick_first");
  options.load_balancing = LoadBalancing::kRoundRobin;
  EXPECT_EQ(LoadBalancingPolicy(kLoopbackTarget, options), "round_robin");
}

// The methodConfig gRPC applies to `method`, looked up as gRPC does (A6 /
// service_config.md): an exact {service, method} name first, else the
// service-wide {service} name; null if none.
nlohmann::json MethodConfigFor(const nlohmann::json& config,
                               const std::string& method) {
  const nlohmann::json exact = {{"service", std::string(kServiceName)},
                                {"method", method}};
  const nlohmann::json service = {{"service", std::string(kServiceName)}};
  nlohmann::json fallback;
  for (const nlohmann::json& entry : config["methodConfig"]) {
    for (const nlohmann::json& name : entry["name"]) {
      if (name == exact) return entry;
      if (name == service) fallback = entry;
    }
  }
  return fallback;
}

// Every method of payments.v1.PaymentService, from the generated descriptor.
std::vector<std::string> ServiceMethods() {
  // Through a message of the same file, which also makes sure the file is
  // linked in.
  const google::protobuf::ServiceDescriptor* service =
      payments::v1::CreateOrderRequest::descriptor()
          ->file()
          ->pool()
          ->FindServiceByName(std::string(kServiceName));
  std::vector<std::string> methods;
  if (service == nullptr) {
    ADD_FAILURE() << "no descriptor for " << kServiceName;
    return methods;
  }
  for (int i = 0; i < service->method_count(); ++i) {
    methods.push_back(service->method(i)->name());
  }
  return methods;
}

bool IsRetried(const std::string& method) {
  return std::find(std::begin(kRetriedMethods), std::end(kRetriedMethods),
                   method) != std::end(kRetriedMethods);
}

TEST(ServiceConfigJsonTest, DefaultRetryPolicyRetriesUnavailableAndAborted) {
  const nlohmann::json config = ParsedConfig(kDnsTarget, ClientOptions());

  EXPECT_EQ(config["loadBalancingConfig"],
            nlohmann::json::parse(R"([{"round_robin":{}}])"));
  const nlohmann::json method = MethodConfigFor(config, "CreateOrder");
  EXPECT_EQ(method["waitForReady"], false);
  const nlohmann::json& retry = method["retryPolicy"];
  EXPECT_EQ(retry["maxAttempts"], 4);
  EXPECT_EQ(retry["initialBackoff"], "0.100000000s");
  EXPECT_EQ(retry["maxBackoff"], "2.000000000s");
  EXPECT_EQ(retry["backoffMultiplier"], 2);
  EXPECT_EQ(retry["retryableStatusCodes"],
            nlohmann::json::parse(R"(["UNAVAILABLE","ABORTED"])"));
  EXPECT_EQ(config["retryThrottling"],
            nlohmann::json::parse(R"({"maxTokens":10,"tokenRatio":0.1})"));
}

TEST(ServiceConfigJsonTest, RetryPolicyPerMethod) {
  const nlohmann::json config = ParsedConfig(kDnsTarget, ClientOptions());

  // Every method of the contract: the writes on an order carry a
  // request_id (the idempotency key) that the client sets once per call.
  for (const char* method :
       {"CreateOrder", "GetOrder", "UpdateOrder", "CancelOrder", "CaptureOrder",
        "RefundOrder", "ListGateways", "GetGateway", "ListPaymentMethods",
        "ListRecurringTokens"}) {
    const nlohmann::json entry = MethodConfigFor(config, method);
    ASSERT_FALSE(entry.is_null()) << method;
    EXPECT_TRUE(entry.contains("retryPolicy")) << method;
    EXPECT_EQ(entry["waitForReady"], false) << method;
  }
  // Until someone decides, a new method is not retried.
  for (const char* method : {"SomeMethodAddedLater", "DeleteRecurringToken"}) {
    const nlohmann::json entry = MethodConfigFor(config, method);
    ASSERT_FALSE(entry.is_null()) << method;
    EXPECT_FALSE(entry.contains("retryPolicy")) << method;
    EXPECT_EQ(entry["waitForReady"], false) << method;
  }
}

TEST(ServiceConfigJsonTest, EveryMethodOfTheContractHasARetryDecision) {
  // A new RPC must be added to kRetriedMethods or kNotRetriedMethods on
  // purpose (it is not retried until then).
  std::vector<std::string> decided;
  for (absl::string_view method : kRetriedMethods) {
    decided.emplace_back(method);
  }
  for (absl::string_view method : kNotRetriedMethods) {
    decided.emplace_back(method);
  }
  EXPECT_THAT(decided, UnorderedElementsAreArray(ServiceMethods()));
}

TEST(ServiceConfigJsonTest, RetriedMethodsAreListedByExactName) {
  const nlohmann::json config = ParsedConfig(kDnsTarget, ClientOptions());
  for (const std::string& method : ServiceMethods()) {
    const nlohmann::json entry = MethodConfigFor(config, method);
    EXPECT_EQ(entry.contains("retryPolicy"), IsRetried(method)) << method;
  }
}

TEST(ServiceConfigJsonTest, NamesAreUnique) {
  // gRPC rejects a service config that names a method twice.
  const nlohmann::json config = ParsedConfig(kDnsTarget, ClientOptions());
  std::set<std::string> names;
  for (const nlohmann::json& entry : config["methodConfig"]) {
    for (const nlohmann::json& name : entry["name"]) {
      EXPECT_TRUE(names.insert(name.dump()).second) << name.dump();
    }
  }
  // Every method by name, plus the service-wide default.
  EXPECT_EQ(names.size(), ServiceMethods().size() + 1);
}

TEST(ServiceConfigJsonTest, PickFirstForLoopback) {
  const nlohmann::json config = ParsedConfig(kLoopbackTarget, ClientOptions());
  EXPECT_EQ(config["loadBalancingConfig"],
            nlohmann::json::parse(R"([{"pick_first":{}}])"));
}

TEST(ServiceConfigJsonTest, CustomBackoff) {
  ClientOptions options;
  options.max_attempts = 5;
  options.initial_backoff = absl::Milliseconds(250);
  options.max_backoff = absl::Seconds(1) + absl::Milliseconds(5);
  options.backoff_multiplier = 1.5;
  const nlohmann::json retry = MethodConfigFor(
      ParsedConfig(kDnsTarget, options), "GetOrder")["retryPolicy"];

  EXPECT_EQ(retry["maxAttempts"], 5);
  EXPECT_EQ(retry["initialBackoff"], "0.250000000s");
  EXPECT_EQ(retry["maxBackoff"], "1.005000000s");
  EXPECT_EQ(retry["backoffMultiplier"], 1.5);
}

TEST(ServiceConfigJsonTest, OneAttemptMeansNoRetryPolicyNorThrottling) {
  ClientOptions options;
  options.max_attempts = 1;
  const nlohmann::json config = ParsedConfig(kDnsTarget, options);

  for (const std::string& method : ServiceMethods()) {
    const nlohmann::json entry = MethodConfigFor(config, method);
    ASSERT_FALSE(entry.is_null()) << method;
    EXPECT_FALSE(entry.contains("retryPolicy")) << method;
  }
  EXPECT_FALSE(config.contains("retryThrottling"));
}

TEST(ServiceConfigJsonTest, ThrottlingCanBeTurnedOff) {
  ClientOptions options;
  options.retry_throttling = false;
  EXPECT_FALSE(ParsedConfig(kDnsTarget, options).contains("retryThrottling"));
}

TEST(MakeChannelArgumentsTest, SetsServiceConfigRetriesKeepaliveUserAgent) {
  ClientOptions options;
  options.user_agent = "checkout/1.4.2";
  const std::map<std::string, std::string> args =
      ArgsOf(MakeChannelArguments(kDnsTarget, options));

  EXPECT_EQ(args.at(GRPC_ARG_SERVICE_CONFIG),
            ServiceConfigJson(kDnsTarget, options));
  EXPECT_EQ(args.at(GRPC_ARG_SERVICE_CONFIG_DISABLE_RESOLUTION), "1");
  EXPECT_EQ(args.at(GRPC_ARG_ENABLE_RETRIES), "1");
  EXPECT_EQ(args.at(GRPC_ARG_KEEPALIVE_TIME_MS), "30000");
  EXPECT_EQ(args.at(GRPC_ARG_KEEPALIVE_TIMEOUT_MS), "10000");
  EXPECT_EQ(args.at(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS), "0");
  EXPECT_THAT(args.at(GRPC_ARG_PRIMARY_USER_AGENT_STRING),
              StartsWith("checkout/1.4.2"));
  EXPECT_EQ(args.count(GRPC_SSL_TARGET_NAME_OVERRIDE_ARG), 0u);
}

TEST(MakeChannelArgumentsTest, KeepaliveOff) {
  ClientOptions options;
  options.keepalive_time = absl::ZeroDuration();
  const std::map<std::string, std::string> args =
      ArgsOf(MakeChannelArguments(kDnsTarget, options));
  EXPECT_EQ(args.count(GRPC_ARG_KEEPALIVE_TIME_MS), 0u);
}

TEST(MakeChannelArgumentsTest, ServerNameOverride) {
  ClientOptions options;
  options.tls = TlsOptions();
  options.tls->server_name_override = "payments.test";
  const std::map<std::string, std::string> args =
      ArgsOf(MakeChannelArguments(kLoopbackTarget, options));
  EXPECT_EQ(args.at(GRPC_SSL_TARGET_NAME_OVERRIDE_ARG), "payments.test");
}

TEST(MakeCredentialsTest, InsecureByDefault) {
  const auto credentials = MakeCredentials(ClientOptions());
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  EXPECT_NE(*credentials, nullptr);
}

TEST(MakeCredentialsTest, TlsWithCaBundle) {
  ClientOptions options;
  options.tls = TlsOptions();
  options.tls->ca_bundle_path = kCaPath;
  const auto credentials = MakeCredentials(options);
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  EXPECT_NE(*credentials, nullptr);
}

TEST(MakeCredentialsTest, UnreadableFileNamesThePath) {
  ClientOptions options;
  options.tls = TlsOptions();
  options.tls->ca_bundle_path = "/nonexistent/ca.pem";
  const auto credentials = MakeCredentials(options);
  EXPECT_EQ(credentials.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(credentials.status().message()),
              HasSubstr("/nonexistent/ca.pem"));
}

TEST(MakeCredentialsTest, MutualTlsWithSystemRoots) {
  ClientOptions options;
  options.tls = TlsOptions();
  options.tls->client_cert_path = kClientCertPath;
  options.tls->client_key_path = kClientKeyPath;
  const auto credentials = MakeCredentials(options);
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  EXPECT_NE(*credentials, nullptr);
}

TEST(MakeCredentialsTest, UnreadableClientCertificateNamesThePath) {
  ClientOptions options;
  options.tls = TlsOptions();
  options.tls->ca_bundle_path = kCaPath;
  options.tls->client_cert_path = "/nonexistent/client.pem";
  options.tls->client_key_path = kClientKeyPath;
  const auto credentials = MakeCredentials(options);
  EXPECT_EQ(credentials.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(credentials.status().message()),
              HasSubstr("client certificate file \"/nonexistent/client.pem\""));
}

TEST(MakeCredentialsTest, EmptyFileFails) {
  const std::string empty = absl::StrCat(EnvOr("TEST_TMPDIR", "/tmp"),
                                         "/channel_factory_test_empty.pem");
  ASSERT_TRUE(std::ofstream(empty).good());
  ClientOptions options;
  options.tls = TlsOptions();
  options.tls->ca_bundle_path = empty;
  const auto credentials = MakeCredentials(options);
  EXPECT_EQ(credentials.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(credentials.status().message()),
              HasSubstr("is empty"));
}

TEST(MakeCredentialsTest, DirectoryIsNotAFile) {
  ClientOptions options;
  options.tls = TlsOptions();
  options.tls->ca_bundle_path = EnvOr("TEST_TMPDIR", "/tmp");
  const auto credentials = MakeCredentials(options);
  EXPECT_EQ(credentials.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(credentials.status().message()),
              HasSubstr("error reading CA bundle file"));
}

TEST(MakeCredentialsTest, UnreadableClientKey) {
  ClientOptions options;
  options.tls = TlsOptions();
  options.tls->client_cert_path = kCaPath;  // Readable; content irrelevant.
  options.tls->client_key_path = "/nonexistent/client.key";
  EXPECT_EQ(MakeCredentials(options).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(CreateChannelTest, InvalidOptionsFail) {
  ClientOptions options;
  options.max_attempts = 9;
  EXPECT_EQ(CreateChannel(kLoopbackTarget, options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CreateChannelTest, ValidOptionsGiveIdleChannel) {
  const auto channel = CreateChannel(kLoopbackTarget, ClientOptions());
  ASSERT_TRUE(channel.ok()) << channel.status();
  EXPECT_EQ((*channel)->GetState(/*try_to_connect=*/false), GRPC_CHANNEL_IDLE);
}

}  // namespace
}  // namespace internal
}  // namespace payments_client
