// Copyright 2026 The msp-gateway Authors.

#include "service/server/server_config.h"

#include <map>

#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

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
  ServerFlags flags_;
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

}  // namespace
}  // namespace msp_gateway
