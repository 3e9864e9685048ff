// Copyright 2026 The msp-gateway Authors.

#include "service/callers/server_tls.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

using ::testing::HasSubstr;

std::string TempFile(const std::string& name, const std::string& text) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path =
      absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/", name);
  std::ofstream(path) << text;
  return path;
}

// Only the shape is checked at start; real handshakes are in
// //tests:caller_auth_integration_test.
GrpcTlsConfig Tls() {
  GrpcTlsConfig config;
  config.plaintext = false;
  config.cert_file = TempFile(
      "cert.pem",
      "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");
  config.key_file = TempFile(
      "key.pem",
      "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n");
  return config;
}

TEST(ParseClientAuthTest, KnowsTheThreeModes) {
  EXPECT_EQ(*ParseClientAuth("none"), ClientAuth::kNone);
  EXPECT_EQ(*ParseClientAuth("optional"), ClientAuth::kOptional);
  EXPECT_EQ(*ParseClientAuth("require"), ClientAuth::kRequire);
  EXPECT_THAT(ParseClientAuth("yes").status().message(),
              HasSubstr("none, optional or require"));
  EXPECT_EQ(ClientAuthName(ClientAuth::kRequire), "require");
}

TEST(CheckGrpcTlsConfigTest, PlaintextOnlyAlone) {
  GrpcTlsConfig plaintext;
  EXPECT_TRUE(CheckGrpcTlsConfig(plaintext).ok());
  plaintext.cert_file = "x";
  EXPECT_THAT(CheckGrpcTlsConfig(plaintext).message(),
              HasSubstr("--plaintext excludes"));
}

TEST(CheckGrpcTlsConfigTest, TlsNeedsCertificateAndKey) {
  GrpcTlsConfig config;
  config.plaintext = false;
  EXPECT_THAT(CheckGrpcTlsConfig(config).message(),
              HasSubstr("needs --tls_cert_file and --tls_key_file (or "
                        "--plaintext"));
  EXPECT_TRUE(CheckGrpcTlsConfig(Tls()).ok());
}

TEST(CheckGrpcTlsConfigTest, ClientCertificatesNeedACaAndThePolicyNeedsThem) {
  GrpcTlsConfig config = Tls();
  config.client_auth = ClientAuth::kRequire;
  EXPECT_THAT(CheckGrpcTlsConfig(config).message(),
              HasSubstr("needs --tls_client_ca_file"));
  config.client_ca_file = config.cert_file;
  EXPECT_TRUE(CheckGrpcTlsConfig(config).ok());
  config.client_auth = ClientAuth::kNone;
  EXPECT_THAT(CheckGrpcTlsConfig(config).message(),
              HasSubstr("--client_auth=none asks for no client certificate"));
  config.client_ca_file.clear();
  config.authz_policy_file = "/x.json";
  EXPECT_THAT(CheckGrpcTlsConfig(config).message(),
              HasSubstr("--authz_policy_file needs client certificates"));
}

TEST(CheckGrpcTlsConfigTest, FilesMustBeReadablePem) {
  GrpcTlsConfig config = Tls();
  config.cert_file = "/nonexistent/cert.pem";
  EXPECT_THAT(CheckGrpcTlsConfig(config).message(),
              HasSubstr("--tls_cert_file: cannot read /nonexistent/cert.pem"));
  config = Tls();
  config.key_file = TempFile("not-pem.key", "hello");
  EXPECT_THAT(CheckGrpcTlsConfig(config).message(),
              HasSubstr("holds no PEM KEY block"));
  config = Tls();
  config.reload_interval = absl::Milliseconds(10);
  EXPECT_THAT(CheckGrpcTlsConfig(config).message(), HasSubstr("at least 1s"));
}

TEST(MakeServerCredentialsTest, PlaintextAndTls) {
  EXPECT_TRUE(MakeServerCredentials(GrpcTlsConfig{}).ok());
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> tls =
      MakeServerCredentials(Tls());
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_NE(*tls, nullptr);
  GrpcTlsConfig bad = Tls();
  bad.key_file.clear();
  EXPECT_FALSE(MakeServerCredentials(bad).ok());
}

}  // namespace
}  // namespace msp_gateway
