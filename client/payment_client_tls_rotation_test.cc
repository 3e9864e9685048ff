// Copyright 2026 The msp-gateway Authors.
//
// TlsOptions' files are watched: the CA bundle and the client certificate
// and key are replaced on disk while one PaymentClient keeps calling a
// FakePaymentServer over real TLS handshakes on 127.0.0.1, and its new
// connections use the new files. Certificates beyond client/testdata's are
// made here with the openssl binary, in a fresh directory under
// TEST_TMPDIR. Every wait polls for the effect (a call that succeeds, the
// identity the server saw) with a generous bound, never for a time.

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/client_options.h"
#include "client/payment_client.h"
#include "client/testing/fake_payment_server.h"
#include "gmock/gmock.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/server_credentials.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "tests/harness/process_harness.h"
#include "tests/harness/test_files.h"

namespace payments_client {
namespace {

using ::msp_gateway::harness::MakeTempDir;
using ::msp_gateway::harness::ProcessOptions;
using ::msp_gateway::harness::RunResult;
using ::msp_gateway::harness::RunToCompletion;
using ::msp_gateway::testing::ReadTestFile;
using ::payments::v1::CreateOrderRequest;
using ::payments_client::testing::FakePaymentServer;
using ::payments_client::testing::RecordedCall;
using ::testing::Contains;
using ::testing::Pair;

// client/testdata: CA "A" signs the server's certificate (SAN 127.0.0.1,
// localhost, payments.test) and client.pem (CN checkout-service).
constexpr char kCaA[] = "client/testdata/ca.pem";
constexpr char kClientCertA[] = "client/testdata/client.pem";
constexpr char kClientKeyA[] = "client/testdata/client.key";
constexpr char kServerCertA[] = "client/testdata/server.pem";
constexpr char kServerKeyA[] = "client/testdata/server.key";

constexpr char kCheckoutV1[] = "spiffe://cluster.local/ns/shop/sa/checkout-v1";
constexpr char kCheckoutV2[] = "spiffe://cluster.local/ns/shop/sa/checkout-v2";

// How long a rotation may take to show: the 1 s reload, plus gRPC's
// reconnect backoff after the failed handshakes (1 s, then 1.6 s, ...).
constexpr absl::Duration kRotationTimeout = absl::Seconds(45);

absl::Status WriteFile(const std::string& path, const std::string& contents) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return absl::InternalError("cannot write " + path);
  const bool written =
      std::fwrite(contents.data(), 1, contents.size(), f) == contents.size();
  if (std::fclose(f) != 0 || !written) {
    return absl::InternalError("cannot write " + path);
  }
  return absl::OkStatus();
}

// A directory of throwaway keys and certificates, made with openssl.
class TestPki {
 public:
  static absl::StatusOr<TestPki> Create() {
    absl::StatusOr<std::string> dir = MakeTempDir("tls_rotation_");
    if (!dir.ok()) return dir.status();
    return TestPki(*std::move(dir));
  }

  std::string Path(const std::string& file) const {
    return absl::StrCat(dir_, "/", file);
  }

  // <name>.pem and <name>.key: a self-signed CA.
  absl::Status MakeCa(const std::string& name) {
    return OpenSsl({"req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                    Path(name + ".key"), "-out", Path(name + ".pem"), "-days",
                    "2", "-subj", absl::StrCat("/CN=", name, " test CA"),
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign"});
  }

  // <name>.pem and <name>.key: a leaf signed by the CA <ca>, with CN `cn`,
  // extended key usage `usage` (clientAuth, serverAuth) and `san` (e.g.
  // "URI:spiffe://...,DNS:..."; empty: none).
  absl::Status MakeLeaf(const std::string& name, const std::string& ca,
                        const std::string& cn, const std::string& usage,
                        const std::string& san) {
    const std::string ext = Path(name + ".ext");
    std::string extensions = absl::StrCat(
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
        "extendedKeyUsage=",
        usage, "\n");
    if (!san.empty())
      absl::StrAppend(&extensions, "subjectAltName=", san, "\n");
    if (absl::Status written = WriteFile(ext, extensions); !written.ok()) {
      return written;
    }
    absl::Status status = OpenSsl(
        {"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", Path(name + ".key"), "-out", Path(name + ".csr"),
         "-subj", absl::StrCat("/CN=", cn)});
    if (!status.ok()) return status;
    return OpenSsl({"x509", "-req", "-in", Path(name + ".csr"), "-CA",
                    Path(ca + ".pem"), "-CAkey", Path(ca + ".key"),
                    "-CAcreateserial", "-CAserial", Path(ca + ".srl"), "-out",
                    Path(name + ".pem"), "-days", "2", "-extfile", ext});
  }

 private:
  explicit TestPki(std::string dir) : dir_(std::move(dir)) {}

  static absl::Status OpenSsl(std::vector<std::string> args) {
    ProcessOptions options;
    options.binary = "/usr/bin/openssl";
    options.args = std::move(args);
    absl::StatusOr<RunResult> result =
        RunToCompletion(options, absl::Seconds(60));
    if (!result.ok()) return result.status();
    if (result->exit_code != 0) {
      return absl::InternalError(absl::StrCat(
          "openssl ", options.args[0], " failed: ", result->stderr_text));
    }
    return absl::OkStatus();
  }

  std::string dir_;
};

// Replaces `to` with a copy of `from` the way a certificate agent should:
// written beside it, then renamed over it, so a reload never reads half a
// file.
absl::Status Install(const std::string& from, const std::string& to) {
  const std::string staged = to + ".new";
  if (absl::Status written = WriteFile(staged, ReadTestFile(from));
      !written.ok()) {
    return written;
  }
  if (std::rename(staged.c_str(), to.c_str()) != 0) {
    return absl::InternalError("cannot rename to " + to);
  }
  return absl::OkStatus();
}

// How a test's server is set up. ReadTestFile() also reads the absolute
// paths of TestPki's files.
struct ServerSetup {
  // The certificate and key the server presents.
  std::string cert_pem = ReadTestFile(kServerCertA);
  std::string key_pem = ReadTestFile(kServerKeyA);
  // Empty: no client certificate requested. Else required and verified
  // against these roots.
  std::string client_ca_pem;
  absl::Duration max_connection_age = absl::InfiniteDuration();
};

std::unique_ptr<FakePaymentServer> StartServer(const ServerSetup& setup) {
  grpc::SslServerCredentialsOptions ssl(
      setup.client_ca_pem.empty()
          ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
          : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_root_certs = setup.client_ca_pem;
  ssl.pem_key_cert_pairs.push_back({setup.key_pem, setup.cert_pem});
  FakePaymentServer::Options options;
  options.credentials = grpc::SslServerCredentials(ssl);
  options.max_connection_age = setup.max_connection_age;
  auto server = FakePaymentServer::Start(std::move(options));
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

// One attempt per call, so each poll is one try; reloads every second.
ClientOptions RotatingClientOptions() {
  ClientOptions options;
  options.user_agent = "tls-rotation-test";
  options.max_attempts = 1;
  options.default_deadline = absl::Seconds(5);
  options.tls = TlsOptions();
  options.tls->reload_interval = absl::Seconds(1);
  return options;
}

absl::Status Call(PaymentClient& client) {
  CreateOrderRequest request;
  request.set_order_id("rotation-order");
  return client.CreateOrder(request).status();
}

// Calls until `done()` holds after a call (or `timeout` passes); whether it
// came true. Failed calls are expected on the way (the old files).
bool CallUntil(PaymentClient& client, const std::function<bool()>& done,
               absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    Call(client).IgnoreError();
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

// The value of `name` in the auth context of the server's last call, or ""
// without calls.
std::string LastCallProperty(const FakePaymentServer& server,
                             const std::string& name) {
  const std::vector<RecordedCall> calls = server.calls();
  if (calls.empty()) return "";
  auto it = calls.back().auth_properties.find(name);
  return it == calls.back().auth_properties.end() ? "" : it->second;
}

class TlsRotationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<TestPki> pki = TestPki::Create();
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = std::make_unique<TestPki>(*std::move(pki));
    // Where the client reads its files, as a mounted Secret would be.
    ca_file_ = pki_->Path("mounted-ca.pem");
    cert_file_ = pki_->Path("mounted-tls.crt");
    key_file_ = pki_->Path("mounted-tls.key");
  }

  // Installs `cert` and `key` as the client's files, key first.
  void InstallClientPair(const std::string& cert, const std::string& key) {
    ASSERT_EQ(Install(key, key_file_), absl::OkStatus());
    ASSERT_EQ(Install(cert, cert_file_), absl::OkStatus());
  }

  std::unique_ptr<TestPki> pki_;
  std::string ca_file_;
  std::string cert_file_;
  std::string key_file_;
};

TEST_F(TlsRotationTest, RenewedClientCertificateIsUsedWithoutANewClient) {
  // The server accepts client certificates of CA A only; the client starts
  // with one of CA "other" (e.g. expired or from the wrong issuer).
  ASSERT_EQ(pki_->MakeCa("other"), absl::OkStatus());
  ASSERT_EQ(pki_->MakeLeaf("stale", "other", "checkout-stale", "clientAuth",
                           "URI:spiffe://cluster.local/ns/shop/sa/stale"),
            absl::OkStatus());
  ServerSetup setup;
  setup.client_ca_pem = ReadTestFile(kCaA);
  auto server = StartServer(setup);
  ASSERT_NE(server, nullptr);
  ASSERT_NO_FATAL_FAILURE(
      InstallClientPair(pki_->Path("stale.pem"), pki_->Path("stale.key")));
  ClientOptions options = RotatingClientOptions();
  options.tls->ca_bundle_path = kCaA;
  options.tls->client_cert_path = cert_file_;
  options.tls->client_key_path = key_file_;
  auto client = PaymentClient::Create(server->target(), options);
  ASSERT_TRUE(client.ok()) << client.status();

  EXPECT_EQ(Call(**client).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(server->call_count(), 0u);

  ASSERT_NO_FATAL_FAILURE(InstallClientPair(kClientCertA, kClientKeyA));

  ASSERT_TRUE(CallUntil(
      **client, [&] { return server->call_count() > 0; }, kRotationTimeout))
      << "the client never presented the renewed certificate";
  EXPECT_EQ(LastCallProperty(*server, GRPC_X509_CN_PROPERTY_NAME),
            "checkout-service");
  EXPECT_TRUE(Call(**client).ok());
}

TEST_F(TlsRotationTest, NewConnectionsPresentTheRotatedIdentity) {
  // One CA signs both identities; the server closes connections after
  // 200 ms, so the client keeps handshaking anew while it calls.
  ASSERT_EQ(pki_->MakeCa("shop"), absl::OkStatus());
  ASSERT_EQ(pki_->MakeLeaf("v1", "shop", "checkout", "clientAuth",
                           absl::StrCat("URI:", kCheckoutV1)),
            absl::OkStatus());
  ASSERT_EQ(pki_->MakeLeaf(
                "v2", "shop", "checkout", "clientAuth",
                absl::StrCat("URI:", kCheckoutV2, ",DNS:checkout.shop.svc")),
            absl::OkStatus());
  ServerSetup setup;
  setup.client_ca_pem = ReadTestFile(pki_->Path("shop.pem"));
  setup.max_connection_age = absl::Milliseconds(200);
  auto server = StartServer(setup);
  ASSERT_NE(server, nullptr);
  ASSERT_NO_FATAL_FAILURE(
      InstallClientPair(pki_->Path("v1.pem"), pki_->Path("v1.key")));
  ClientOptions options = RotatingClientOptions();
  options.tls->ca_bundle_path = kCaA;
  options.tls->client_cert_path = cert_file_;
  options.tls->client_key_path = key_file_;
  auto client = PaymentClient::Create(server->target(), options);
  ASSERT_TRUE(client.ok()) << client.status();

  ASSERT_TRUE(Call(**client).ok());
  EXPECT_EQ(LastCallProperty(*server, GRPC_PEER_SPIFFE_ID_PROPERTY_NAME),
            kCheckoutV1);

  ASSERT_NO_FATAL_FAILURE(
      InstallClientPair(pki_->Path("v2.pem"), pki_->Path("v2.key")));

  ASSERT_TRUE(CallUntil(
      **client,
      [&] {
        return LastCallProperty(*server, GRPC_PEER_SPIFFE_ID_PROPERTY_NAME) ==
               kCheckoutV2;
      },
      kRotationTimeout))
      << "the server never saw the rotated identity";
  const RecordedCall last = server->calls().back();
  EXPECT_THAT(last.auth_properties,
              Contains(Pair(GRPC_X509_SAN_PROPERTY_NAME, kCheckoutV2)));
  EXPECT_THAT(last.auth_properties,
              Contains(Pair(GRPC_X509_SAN_PROPERTY_NAME, "checkout.shop.svc")));
}

TEST_F(TlsRotationTest, ReplacedCaBundleIsUsedWithoutANewClient) {
  // The client starts trusting the wrong CA, so it refuses the server.
  ASSERT_EQ(pki_->MakeCa("other"), absl::OkStatus());
  auto server = StartServer(ServerSetup());
  ASSERT_NE(server, nullptr);
  ASSERT_EQ(Install(pki_->Path("other.pem"), ca_file_), absl::OkStatus());
  ClientOptions options = RotatingClientOptions();
  options.tls->ca_bundle_path = ca_file_;
  auto client = PaymentClient::Create(server->target(), options);
  ASSERT_TRUE(client.ok()) << client.status();

  EXPECT_EQ(Call(**client).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(server->call_count(), 0u);

  ASSERT_EQ(Install(kCaA, ca_file_), absl::OkStatus());

  EXPECT_TRUE(CallUntil(
      **client, [&] { return server->call_count() > 0; }, kRotationTimeout))
      << "the client never trusted the replaced CA bundle";
}

TEST_F(TlsRotationTest, VanishedFilesFailNewConnectionsUntilTheyAreBack) {
  // As documented in TlsOptions: a reload that cannot read the files does
  // not keep the old certificate; new handshakes fail until they are back.
  ServerSetup setup;
  setup.client_ca_pem = ReadTestFile(kCaA);
  setup.max_connection_age = absl::Milliseconds(200);
  auto server = StartServer(setup);
  ASSERT_NE(server, nullptr);
  ASSERT_NO_FATAL_FAILURE(InstallClientPair(kClientCertA, kClientKeyA));
  ClientOptions options = RotatingClientOptions();
  options.tls->ca_bundle_path = kCaA;
  options.tls->client_cert_path = cert_file_;
  options.tls->client_key_path = key_file_;
  auto client = PaymentClient::Create(server->target(), options);
  ASSERT_TRUE(client.ok()) << client.status();
  ASSERT_TRUE(Call(**client).ok());

  ASSERT_EQ(std::remove(cert_file_.c_str()), 0);
  ASSERT_EQ(std::remove(key_file_.c_str()), 0);
  absl::Status last;
  ASSERT_TRUE(CallUntil(
      **client,
      [&] {
        last = Call(**client);
        return last.code() == absl::StatusCode::kUnavailable;
      },
      kRotationTimeout))
      << "calls kept succeeding without the files: " << last;

  ASSERT_NO_FATAL_FAILURE(InstallClientPair(kClientCertA, kClientKeyA));
  EXPECT_TRUE(CallUntil(
      **client, [&] { return Call(**client).ok(); }, kRotationTimeout));
}

TEST_F(TlsRotationTest, ServerHostnameIsVerified) {
  // A certificate of a trusted CA, but only for payments.test: not for
  // 127.0.0.1 or localhost.
  ASSERT_EQ(pki_->MakeCa("named"), absl::OkStatus());
  ASSERT_EQ(pki_->MakeLeaf("named-server", "named", "payments.test",
                           "serverAuth", "DNS:payments.test"),
            absl::OkStatus());
  ServerSetup setup;
  setup.cert_pem = ReadTestFile(pki_->Path("named-server.pem"));
  setup.key_pem = ReadTestFile(pki_->Path("named-server.key"));
  auto server = StartServer(setup);
  ASSERT_NE(server, nullptr);
  ClientOptions options = RotatingClientOptions();
  options.tls->ca_bundle_path = pki_->Path("named.pem");

  for (const std::string& target :
       {server->target(), absl::StrCat("localhost:", server->port())}) {
    auto client = PaymentClient::Create(target, options);
    ASSERT_TRUE(client.ok()) << client.status();
    EXPECT_EQ(Call(**client).code(), absl::StatusCode::kUnavailable) << target;
  }
  EXPECT_EQ(server->call_count(), 0u);

  options.tls->server_name_override = "payments.test";
  auto client = PaymentClient::Create(server->target(), options);
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_TRUE(Call(**client).ok());
}

TEST(TlsFilesTest, MissingFilesFailCreateNamingThem) {
  ClientOptions options = RotatingClientOptions();
  options.tls->ca_bundle_path = "/nonexistent/ca.pem";
  absl::Status status = PaymentClient::Create("127.0.0.1:1", options).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()),
              ::testing::HasSubstr("CA bundle file \"/nonexistent/ca.pem\""));

  options.tls->ca_bundle_path = kCaA;
  options.tls->client_cert_path = "/nonexistent/tls.crt";
  options.tls->client_key_path = kClientKeyA;
  status = PaymentClient::Create("127.0.0.1:1", options).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()),
              ::testing::HasSubstr("/nonexistent/tls.crt"));

  options.tls->client_key_path = "";
  EXPECT_EQ(PaymentClient::Create("127.0.0.1:1", options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TlsFilesTest, ReloadIntervalBelowOneSecondFailsCreate) {
  ClientOptions options = RotatingClientOptions();
  options.tls->ca_bundle_path = kCaA;
  options.tls->reload_interval = absl::Milliseconds(100);
  EXPECT_EQ(PaymentClient::Create("127.0.0.1:1", options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace payments_client
