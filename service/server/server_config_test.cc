// Copyright 2026 The msp-gateway Authors.

#include "service/server/server_config.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

using ::testing::HasSubstr;

constexpr char kSecret[] = "s3cr3t-key-value";

class ServerConfigTest : public ::testing::Test {
 protected:
  absl::StatusOr<ServerConfig> Resolve() {
    return ResolveServerConfig(
        flags_,
        [this](const char* name) -> std::optional<std::string> {
          auto it = env_.find(name);
          if (it == env_.end()) return std::nullopt;
          return it->second;
        },
        [this](const std::string& path) -> absl::StatusOr<std::string> {
          auto it = files_.find(path);
          if (it == files_.end()) return absl::NotFoundError("no such file");
          return it->second;
        });
  }
  // Plaintext, as the local runs ask for it (TLS: the tests at the end).
  ServerFlags flags_ = [] {
    ServerFlags flags;
    flags.plaintext = true;
    return flags;
  }();
  std::map<std::string, std::string> env_;
  std::map<std::string, std::string> files_;
};

TEST_F(ServerConfigTest, DefaultsToTheTestApiAndNeedsAKey) {
  absl::StatusOr<ServerConfig> config = Resolve();
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(config.status().message().find("MSP_API_KEY_FILE"),
            std::string::npos);
}

TEST_F(ServerConfigTest, KeyFromFileIsTrimmed) {
  env_["MSP_API_KEY_FILE"] = "/secrets/msp/api-key";
  files_["/secrets/msp/api-key"] = std::string(kSecret) + "\n";
  absl::StatusOr<ServerConfig> config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->upstream.api_key, kSecret);
  EXPECT_EQ(config->upstream.base_url,
            "https://testapi.multisafepay.com/v1/json");
  EXPECT_EQ(config->grpc_address, "0.0.0.0:50051");
}

TEST_F(ServerConfigTest, LiveEnvironment) {
  env_["MSP_ENV"] = "live";
  env_["MSP_API_KEY"] = kSecret;
  absl::StatusOr<ServerConfig> config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->upstream.base_url, "https://api.multisafepay.com/v1/json");
}

TEST_F(ServerConfigTest, LoopbackEmulatorRunsWithoutKey) {
  env_["MSP_BASE_URL"] = "http://127.0.0.1:18080";
  absl::StatusOr<ServerConfig> config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->upstream.base_url, "http://127.0.0.1:18080/v1/json");
  EXPECT_TRUE(config->upstream.api_key.empty());
}

TEST_F(ServerConfigTest, NonLoopbackOverrideStillNeedsKey) {
  env_["MSP_BASE_URL"] = "https://msp.example.com";
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(ServerConfigTest, BothKeySourcesIsAnErrorWithoutLeakingTheKey) {
  env_["MSP_API_KEY"] = kSecret;
  env_["MSP_API_KEY_FILE"] = "/k";
  files_["/k"] = kSecret;
  absl::StatusOr<ServerConfig> config = Resolve();
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message().find(kSecret), std::string::npos);
}

TEST_F(ServerConfigTest, UnreadableOrEmptyKeyFile) {
  env_["MSP_API_KEY_FILE"] = "/missing";
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kFailedPrecondition);
  env_["MSP_API_KEY_FILE"] = "/empty";
  files_["/empty"] = " \n";
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(ServerConfigTest, UnknownEnvironmentAndBadFlags) {
  env_["MSP_API_KEY"] = kSecret;
  env_["MSP_ENV"] = "staging";
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument);
  env_.erase("MSP_ENV");
  flags_.workers = 0;
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument);
  flags_.workers = 4;
  flags_.max_upstream_in_flight = 0;
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument);
  flags_.max_upstream_in_flight = 2000;
  EXPECT_EQ(Resolve()->max_upstream_in_flight, 2000u);
  flags_.grpc_port = 70000;
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument);
  flags_.grpc_port = 50051;
  flags_.max_connection_age = absl::ZeroDuration();
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument);
  flags_.max_connection_age = absl::Minutes(5);
  EXPECT_TRUE(Resolve().ok());
  flags_.idempotency_entries = -1;
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument);
  flags_.idempotency_entries = 500;
  flags_.idempotency_ttl = absl::Hours(2);
  absl::StatusOr<ServerConfig> config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->idempotency_entries, 500u);
  EXPECT_EQ(config->idempotency_ttl, absl::Hours(2));
}

TEST_F(ServerConfigTest, Ipv6HostIsBracketed) {
  env_["MSP_API_KEY"] = kSecret;
  flags_.grpc_host = "::1";
  flags_.grpc_port = 0;
  EXPECT_EQ(Resolve()->grpc_address, "[::1]:0");
}

TEST_F(ServerConfigTest, RequestSizeCapAndGrpcsOwnLimitAboveIt) {
  env_["MSP_BASE_URL"] = "http://127.0.0.1:18080";
  absl::StatusOr<ServerConfig> config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->max_request_bytes, 512u * 1024);
  EXPECT_EQ(config->min_upstream_budget, absl::Seconds(2));
  // Never below gRPC's default 4 MiB...
  EXPECT_EQ(config->grpc_max_receive_message_bytes, 4 << 20);
  // ...and above a larger cap, so requests just over it get our answer.
  flags_.max_request_bytes = 3 << 20;
  config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->grpc_max_receive_message_bytes, 6 << 20);

  for (int64_t bad : {int64_t{0}, int64_t{1023}, int64_t{(16 << 20) + 1}}) {
    flags_.max_request_bytes = bad;
    EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  flags_.max_request_bytes = 1024;
  flags_.min_upstream_budget = -absl::Seconds(1);
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument);
  flags_.min_upstream_budget = absl::ZeroDuration();
  EXPECT_TRUE(Resolve().ok());
}

TEST_F(ServerConfigTest, UpstreamReplyCapComesFromTheFlag) {
  env_["MSP_BASE_URL"] = "http://127.0.0.1:18080";
  absl::StatusOr<ServerConfig> config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->upstream.max_response_bytes, size_t{1} << 20);
  flags_.msp_max_response_bytes = 4096;
  config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->upstream.max_response_bytes, 4096u);
  for (int64_t bad :
       {int64_t{0}, int64_t{-1}, int64_t{1023}, (int64_t{64} << 20) + 1}) {
    flags_.msp_max_response_bytes = bad;
    EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

// --- notifications ----------------------------------------------------------

TEST_F(ServerConfigTest, NotificationsAreOffByDefault) {
  env_["MSP_BASE_URL"] = "http://127.0.0.1:18080";
  absl::StatusOr<ServerConfig> config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->notifications.base_url, "");
  EXPECT_EQ(config->notifications.port, -1);
  EXPECT_FALSE(config->notifications.listener_enabled());
  EXPECT_EQ(config->notifications.port_file, "");
  EXPECT_EQ(config->notifications.max_age, absl::Seconds(600));
  EXPECT_EQ(config->notifications.reconcile_after, absl::Minutes(10));
  EXPECT_EQ(config->notifications.watch_buffer, 1000u);
}

TEST_F(ServerConfigTest, NotificationListenerAndBaseUrl) {
  env_["MSP_API_KEY"] = kSecret;
  flags_.grpc_host = "127.0.0.1";
  flags_.notification_base_url = "https://pay.example.com";
  flags_.notification_port = 8091;
  flags_.notification_port_file = "/tmp/notification-port";
  flags_.notification_max_age = absl::Seconds(300);
  flags_.reconcile_after = absl::Minutes(3);
  flags_.watch_buffer = 50;
  absl::StatusOr<ServerConfig> config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->notifications.base_url, "https://pay.example.com");
  EXPECT_EQ(config->notifications.host, "127.0.0.1");
  EXPECT_EQ(config->notifications.port, 8091);
  EXPECT_TRUE(config->notifications.listener_enabled());
  EXPECT_EQ(config->notifications.port_file, "/tmp/notification-port");
  EXPECT_EQ(config->notifications.max_age, absl::Seconds(300));
  EXPECT_EQ(config->notifications.reconcile_after, absl::Minutes(3));
  EXPECT_EQ(config->notifications.watch_buffer, 50u);
  // An ephemeral port (tests), and a listener without a base URL (only the
  // site-level webhook reaches it).
  flags_.notification_port = 0;
  flags_.notification_base_url = "";
  config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->notifications.port, 0);
  EXPECT_EQ(config->notifications.base_url, "");
}

TEST_F(ServerConfigTest, NotificationBaseUrlIsNormalised) {
  env_["MSP_API_KEY"] = kSecret;
  flags_.notification_port = 8091;
  for (const auto& [given, resolved] :
       std::vector<std::pair<std::string, std::string>>{
           {"https://pay.example.com/", "https://pay.example.com"},
           {"HTTPS://pay.example.com:8443", "https://pay.example.com:8443"},
           {"http://127.0.0.1:8091", "http://127.0.0.1:8091"},
           {"http://localhost:8091/", "http://localhost:8091"},
           {"http://[::1]:8091", "http://[::1]:8091"},
       }) {
    flags_.notification_base_url = given;
    absl::StatusOr<ServerConfig> config = Resolve();
    ASSERT_TRUE(config.ok()) << given << ": " << config.status();
    EXPECT_EQ(config->notifications.base_url, resolved) << given;
  }
}

TEST_F(ServerConfigTest, NotificationBaseUrlMustBeHttpsOrLoopback) {
  env_["MSP_API_KEY"] = kSecret;
  flags_.notification_port = 8091;
  for (const char* bad : {
           "http://pay.example.com",           // plain HTTP to the internet
           "http://10.0.0.7:8091",             // a private address is not local
           "https://pay.example.com/msp",      // a path
           "https://pay.example.com/?a=1",     // a query
           "https://pay.example.com/#x",       // a fragment
           "https://user:pw@pay.example.com",  // credentials
           "ftp://pay.example.com",
           "pay.example.com",
           "https://",
           "https://pay example.com",
           "https://pay.example.com:0",
       }) {
    flags_.notification_base_url = bad;
    absl::StatusOr<ServerConfig> config = Resolve();
    ASSERT_FALSE(config.ok()) << bad;
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
    EXPECT_NE(config.status().message().find("--notification_base_url"),
              std::string::npos)
        << bad << ": " << config.status();
    // Never echoed: a URL pasted with credentials stays out of the log.
    EXPECT_EQ(config.status().message().find("pw@"), std::string::npos);
  }
  flags_.notification_base_url = "http://pay.example.com";
  EXPECT_NE(Resolve().status().message().find("https://"), std::string::npos);
  flags_.notification_base_url = "https://pay.example.com/msp";
  EXPECT_NE(Resolve().status().message().find("without a path"),
            std::string::npos);
}

TEST_F(ServerConfigTest, NotificationSettingsThatCannotWork) {
  env_["MSP_API_KEY"] = kSecret;
  // A base URL without the listener that receives its notifications.
  flags_.notification_base_url = "https://pay.example.com";
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument);
  flags_.notification_base_url = "";
  flags_.notification_port_file = "/tmp/p";
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument);
  flags_.notification_port_file = "";
  for (int bad : {-2, 65536, 50051, 9090}) {
    flags_.notification_port = bad;
    EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  flags_.notification_port = 8091;
  ASSERT_TRUE(Resolve().ok());
  flags_.notification_max_age = absl::ZeroDuration();
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument);
  flags_.notification_max_age = absl::Seconds(600);
  flags_.reconcile_after = -absl::Seconds(1);
  EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument);
  flags_.reconcile_after = absl::Minutes(10);
  for (int bad : {0, -1, 1000001}) {
    flags_.watch_buffer = bad;
    EXPECT_EQ(Resolve().status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  flags_.watch_buffer = 1;
  EXPECT_TRUE(Resolve().ok());
}

TEST_F(ServerConfigTest, TheListenerNeedsTheApiKeyEvenWithTheEmulator) {
  // Without a key the loopback emulator runs, but nothing could verify a
  // notification: refused at start (fail closed).
  env_["MSP_BASE_URL"] = "http://127.0.0.1:18080";
  flags_.notification_port = 0;
  absl::StatusOr<ServerConfig> config = Resolve();
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(config.status().message().find("MSP_API_KEY"), std::string::npos);
  env_["MSP_API_KEY"] = kSecret;
  config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config.status().message().find(kSecret), std::string::npos);
}

TEST_F(ServerConfigTest, TheGrpcPortIsTlsUnlessPlaintextIsAskedFor) {
  env_["MSP_API_KEY"] = kSecret;
  flags_.plaintext = false;
  absl::StatusOr<ServerConfig> config = Resolve();
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(),
              HasSubstr("needs --tls_cert_file and --tls_key_file (or "
                        "--plaintext, for a local run)"));
  flags_.plaintext = true;
  config = Resolve();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->grpc_tls.plaintext);
  flags_.tls_cert_file = "/etc/tls/tls.crt";
  EXPECT_THAT(Resolve().status().message(), HasSubstr("--plaintext excludes"));
}

TEST_F(ServerConfigTest, ClientAuthIsOneOfThreeModes) {
  env_["MSP_API_KEY"] = kSecret;
  flags_.client_auth = "always";
  EXPECT_THAT(Resolve().status().message(),
              HasSubstr("--client_auth must be none, optional or require"));
  flags_.plaintext = false;
  flags_.tls_cert_file = "/nonexistent/tls.crt";
  flags_.tls_key_file = "/nonexistent/tls.key";
  flags_.client_auth = "require";
  EXPECT_THAT(Resolve().status().message(),
              HasSubstr("needs --tls_client_ca_file"));
  flags_.tls_client_ca_file = "/nonexistent/ca.crt";
  EXPECT_THAT(Resolve().status().message(),
              HasSubstr("--tls_cert_file: cannot read /nonexistent/tls.crt"));
}

}  // namespace
}  // namespace msp_gateway
