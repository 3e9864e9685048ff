// Copyright 2026 The msp-gateway Authors.
//
// TLS and mTLS through ClientOptions::tls, against FakePaymentServer with
// the throwaway certificates in client/testdata (see its README).

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "client/client_options.h"
#include "client/payment_client.h"
#include "client/testing/fake_payment_server.h"
#include "gmock/gmock.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/server_credentials.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "tests/harness/test_files.h"

namespace payments_client {
namespace {

using ::msp_gateway::testing::ReadTestFile;
using ::payments::v1::CreateOrderRequest;
using ::payments_client::testing::FakePaymentServer;
using ::testing::Contains;
using ::testing::Pair;

constexpr char kCa[] = "client/testdata/ca.pem";
constexpr char kClientCert[] = "client/testdata/client.pem";
constexpr char kClientKey[] = "client/testdata/client.key";

std::unique_ptr<FakePaymentServer> StartTlsServer(bool require_client_cert) {
  grpc::SslServerCredentialsOptions ssl(
      require_client_cert
          ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
          : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  ssl.pem_root_certs = ReadTestFile(kCa);
  ssl.pem_key_cert_pairs.push_back(
      {ReadTestFile("client/testdata/server.key"),
       ReadTestFile("client/testdata/server.pem")});
  FakePaymentServer::Options options;
  options.credentials = grpc::SslServerCredentials(ssl);
  auto server = FakePaymentServer::Start(std::move(options));
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

// Fails fast: one attempt, short deadline.
ClientOptions TlsClientOptions() {
  ClientOptions options;
  options.user_agent = "tls-test";
  options.max_attempts = 1;
  options.default_deadline = absl::Seconds(5);
  options.tls = TlsOptions();
  options.tls->ca_bundle_path = kCa;
  return options;
}

absl::Status Call(const std::string& target, const ClientOptions& options) {
  auto client = PaymentClient::Create(target, options);
  if (!client.ok()) return client.status();
  CreateOrderRequest request;
  request.set_order_id("tls-order");
  return (*client)->CreateOrder(request).status();
}

TEST(PaymentClientTlsTest, TlsWithCaBundle) {
  auto server = StartTlsServer(/*require_client_cert=*/false);
  ASSERT_NE(server, nullptr);

  EXPECT_TRUE(Call(server->target(), TlsClientOptions()).ok());
  EXPECT_EQ(server->call_count(), 1u);
}

TEST(PaymentClientTlsTest, PlaintextClientCannotTalkToTlsServer) {
  auto server = StartTlsServer(/*require_client_cert=*/false);
  ASSERT_NE(server, nullptr);
  ClientOptions options = TlsClientOptions();
  options.tls.reset();

  EXPECT_EQ(Call(server->target(), options).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(server->call_count(), 0u);
}

TEST(PaymentClientTlsTest, UnknownCaIsRejected) {
  auto server = StartTlsServer(/*require_client_cert=*/false);
  ASSERT_NE(server, nullptr);
  ClientOptions options = TlsClientOptions();
  options.tls->ca_bundle_path = kClientCert;  // Not the signing CA.

  EXPECT_EQ(Call(server->target(), options).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(server->call_count(), 0u);
}

TEST(PaymentClientTlsTest, ServerNameOverride) {
  auto server = StartTlsServer(/*require_client_cert=*/false);
  ASSERT_NE(server, nullptr);
  ClientOptions options = TlsClientOptions();

  options.tls->server_name_override = "payments.test";  // In the SAN.
  EXPECT_TRUE(Call(server->target(), options).ok());
  options.tls->server_name_override = "other.test";
  EXPECT_EQ(Call(server->target(), options).code(),
            absl::StatusCode::kUnavailable);
}

TEST(PaymentClientTlsTest, MutualTls) {
  auto server = StartTlsServer(/*require_client_cert=*/true);
  ASSERT_NE(server, nullptr);
  ClientOptions options = TlsClientOptions();
  options.tls->client_cert_path = kClientCert;
  options.tls->client_key_path = kClientKey;

  EXPECT_TRUE(Call(server->target(), options).ok());
  ASSERT_EQ(server->call_count(), 1u);
  // The server verified the certificate the client presented.
  EXPECT_THAT(server->calls()[0].auth_properties,
              Contains(Pair(GRPC_X509_CN_PROPERTY_NAME, "checkout-service")));
}

TEST(PaymentClientTlsTest, MutualTlsServerRejectsClientWithoutCertificate) {
  auto server = StartTlsServer(/*require_client_cert=*/true);
  ASSERT_NE(server, nullptr);

  EXPECT_EQ(Call(server->target(), TlsClientOptions()).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(server->call_count(), 0u);
}

TEST(PaymentClientTlsTest, UnreadableClientKeyFailsCreate) {
  ClientOptions options = TlsClientOptions();
  options.tls->client_cert_path = kClientCert;
  options.tls->client_key_path = "client/testdata/missing.key";

  const auto client = PaymentClient::Create("127.0.0.1:1", options);
  EXPECT_EQ(client.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace payments_client
