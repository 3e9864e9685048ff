// Copyright 2026 The msp-gateway Authors.
//
// The example programs as processes, with mTLS: against a FakePaymentServer
// on 127.0.0.1 that requires and verifies a client certificate (the
// throwaway ones in client/testdata), each is given --ca_bundle,
// --client_cert and --client_key and must get through; without the client
// certificate it must not. //tests:client_consumer_test runs checkout
// against the real gateway (plaintext).

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/testing/fake_payment_server.h"
#include "gmock/gmock.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/server_credentials.h"
#include "gtest/gtest.h"
#include "payments/v1/order_event.pb.h"
#include "tests/harness/process_harness.h"
#include "tests/harness/test_files.h"

namespace payments_client {
namespace {

using ::msp_gateway::harness::ProcessOptions;
using ::msp_gateway::harness::RunfilePath;
using ::msp_gateway::harness::RunResult;
using ::msp_gateway::harness::RunToCompletion;
using ::msp_gateway::testing::ReadTestFile;
using ::payments_client::testing::FakePaymentServer;
using ::payments_client::testing::kWatchOrderEvents;
using ::payments_client::testing::StreamAnswer;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr char kCa[] = "client/testdata/ca.pem";
constexpr char kClientCert[] = "client/testdata/client.pem";
constexpr char kClientKey[] = "client/testdata/client.key";

class ExamplesMtlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::SslServerCredentialsOptions ssl(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    ssl.pem_root_certs = ReadTestFile(kCa);
    ssl.pem_key_cert_pairs.push_back(
        {ReadTestFile("client/testdata/server.key"),
         ReadTestFile("client/testdata/server.pem")});
    FakePaymentServer::Options options;
    options.credentials = grpc::SslServerCredentials(ssl);
    auto server = FakePaymentServer::Start(std::move(options));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  // The example `name` with --target and `args`.
  RunResult Run(const std::string& name, std::vector<std::string> args) {
    ProcessOptions options;
    options.binary = RunfilePath(absl::StrCat("client/examples/", name));
    options.args = {absl::StrCat("--target=", server_->target())};
    for (std::string& arg : args) options.args.push_back(std::move(arg));
    absl::StatusOr<RunResult> result =
        RunToCompletion(options, absl::Seconds(60));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *std::move(result) : RunResult{-1, "", ""};
  }

  static std::vector<std::string> MtlsFlags() {
    return {absl::StrCat("--ca_bundle=", kCa),
            absl::StrCat("--client_cert=", kClientCert),
            absl::StrCat("--client_key=", kClientKey)};
  }

  std::unique_ptr<FakePaymentServer> server_;
};

TEST_F(ExamplesMtlsTest, CheckoutWithClientCertificate) {
  std::vector<std::string> args = MtlsFlags();
  args.push_back("--order_id=mtls-order-1");

  const RunResult result = Run("checkout", std::move(args));

  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_THAT(result.stdout_text, HasSubstr("order_id: mtls-order-1\n"));
  EXPECT_THAT(result.stdout_text,
              HasSubstr("payment_url: https://testpayv2.multisafepay.com/"));
  ASSERT_EQ(server_->call_count(), 1u);
  EXPECT_THAT(server_->calls()[0].auth_properties,
              Contains(Pair(GRPC_X509_CN_PROPERTY_NAME, "checkout-service")));
}

TEST_F(ExamplesMtlsTest, CheckoutWithoutClientCertificateIsRefused) {
  const RunResult result =
      Run("checkout", {absl::StrCat("--ca_bundle=", kCa), "--deadline=5s"});

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.stderr_text, HasSubstr("UNAVAILABLE"));
  EXPECT_EQ(server_->call_count(), 0u);
}

TEST_F(ExamplesMtlsTest, CheckoutRejectsCertificateWithoutKey) {
  const RunResult result =
      Run("checkout", {absl::StrCat("--client_cert=", kClientCert)});

  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.stderr_text, HasSubstr("client_key_path"));
}

TEST_F(ExamplesMtlsTest, CheckoutNamesAMissingFile) {
  std::vector<std::string> args = MtlsFlags();
  args.push_back("--client_key=/nonexistent/tls.key");

  const RunResult result = Run("checkout", std::move(args));

  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.stderr_text, HasSubstr("/nonexistent/tls.key"));
}

TEST_F(ExamplesMtlsTest, WatchOrderEventsWithClientCertificate) {
  payments::v1::OrderEvent event;
  event.set_cursor("7");
  event.set_order_id("mtls-order-1");
  event.set_status(payments::v1::ORDER_STATUS_COMPLETED);
  server_->EnqueueStream(StreamAnswer::Open({event}));
  std::vector<std::string> args = MtlsFlags();
  args.push_back("--max_events=1");
  args.push_back("--tls_reload_interval=5s");

  const RunResult result = Run("watch_order_events", std::move(args));

  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_THAT(result.stdout_text,
              HasSubstr("cursor=7 order_id=mtls-order-1 status=completed"));
  ASSERT_EQ(server_->call_count(kWatchOrderEvents), 1u);
  EXPECT_THAT(server_->calls(kWatchOrderEvents)[0].auth_properties,
              Contains(Pair(GRPC_X509_CN_PROPERTY_NAME, "checkout-service")));
}

}  // namespace
}  // namespace payments_client
