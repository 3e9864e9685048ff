// Copyright 2026 The msp-gateway Authors.
//
// Both real transports (HttplibTransport, AsioTransport; every test runs once
// per TransportKind) over HTTPS against an in-process TLS server with a
// self-signed certificate generated in memory: the pinned CA is trusted, the
// system store and other CAs are rejected, host names are checked,
// connections resume TLS sessions, and a dripping or huge reply over TLS is
// cut off (by the deadline, by max_response_bytes).

#include <openssl/ssl.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "service/common/error_details.h"
#include "service/upstream/log_capture.h"
#include "service/upstream/test_certificates.h"
#include "service/upstream/test_http_server.h"
#include "service/upstream/transport_under_test.h"

namespace msp_gateway {
namespace {

using Code = absl::StatusCode;
using ::msp_gateway::testing::LogCapture;

constexpr char kApiKey[] = "tls-test-api-key-987654321";
constexpr char kSuccess[] = R"({"success":true,"data":{"order_id":"o-1"}})";

absl::Time In(absl::Duration d) { return absl::Now() + d; }

std::string TempPath(absl::string_view name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

// Writes `cert`'s PEM to a file and returns its path.
std::string WriteCa(const TestCertificate& cert, absl::string_view name) {
  const std::string path = TempPath(name);
  EXPECT_TRUE(WriteTestFile(path, cert.cert_pem).ok());
  return path;
}

// A TLS server presenting `cert`, answering POST /v1/json/orders.
std::unique_ptr<TestHttpServer> StartTlsServer(const TestCertificate& cert) {
  auto server =
      std::make_unique<TestHttpServer>(cert.cert.get(), cert.key.get());
  server->server().set_keep_alive_max_count(1000);
  server->server().Post("/v1/json/orders",
                        [](const httplib::Request&, httplib::Response& res) {
                          res.set_content(kSuccess, "application/json");
                        });
  EXPECT_TRUE(server->Start());
  return server;
}

std::unique_ptr<TransportUnderTest> MakeTransport(TransportKind kind,
                                                  const std::string& base_url,
                                                  const std::string& ca_file) {
  TransportOptions options;
  options.base_url = base_url;
  options.api_key = kApiKey;
  options.ca_cert_file = ca_file;
  absl::StatusOr<std::unique_ptr<TransportUnderTest>> transport =
      TransportUnderTest::Create(kind, options);
  EXPECT_TRUE(transport.ok()) << transport.status();
  return transport.ok() ? *std::move(transport) : nullptr;
}

absl::StatusOr<HttpResponse> PostOrder(HttpTransport& transport) {
  return transport.Send({"POST", "/orders", R"({"order_id":"o-1"})"},
                        In(absl::Seconds(10)));
}

// Expects UNAVAILABLE MSP_TLS_FAILED, not retryable, nothing sent, no key.
void ExpectTlsFailure(const absl::Status& status, const std::string& detail) {
  EXPECT_EQ(status.code(), Code::kUnavailable) << status;
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value()) << status;
  EXPECT_EQ(info->domain(), "multisafepay.com");
  EXPECT_EQ(info->reason(), "MSP_TLS_FAILED");
  EXPECT_EQ(info->metadata().at("request_sent"), "false");
  EXPECT_NE(info->metadata().at("tls_error").find(detail), std::string::npos)
      << info->metadata().at("tls_error");
  EXPECT_FALSE(GetRetryInfo(status).has_value());
  EXPECT_EQ(status.ToString().find(kApiKey), std::string::npos);
}

class TransportTlsTest : public ::testing::TestWithParam<TransportKind> {};

TEST_P(TransportTlsTest, TrustsThePinnedCaAndReusesTheConnection) {
  absl::StatusOr<TestCertificate> cert = MakeSelfSignedCertificate("msp-a");
  ASSERT_TRUE(cert.ok()) << cert.status();
  std::unique_ptr<TestHttpServer> server = StartTlsServer(*cert);
  std::unique_ptr<TransportUnderTest> transport =
      MakeTransport(GetParam(), server->base_url(), WriteCa(*cert, "ca_a.pem"));
  ASSERT_NE(transport, nullptr);

  for (int i = 0; i < 5; ++i) {
    absl::StatusOr<HttpResponse> response = PostOrder(*transport);
    ASSERT_TRUE(response.ok()) << i << ": " << response.status();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, kSuccess);
  }
  EXPECT_EQ(transport->connections_created(), 1u);
  EXPECT_EQ(server->distinct_connections(), 1u);
  std::vector<TestHttpServer::SeenRequest> seen = server->requests();
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[0].headers.find("api_key")->second, kApiKey);
  EXPECT_EQ(seen[0].target, "/v1/json/orders");
}

TEST_P(TransportTlsTest, SystemStoreRejectsSelfSignedServer) {
  absl::StatusOr<TestCertificate> cert = MakeSelfSignedCertificate("msp-a");
  ASSERT_TRUE(cert.ok()) << cert.status();
  std::unique_ptr<TestHttpServer> server = StartTlsServer(*cert);
  std::unique_ptr<TransportUnderTest> transport =
      MakeTransport(GetParam(), server->base_url(), /*ca_file=*/"");
  ASSERT_NE(transport, nullptr);

  LogCapture log;
  absl::StatusOr<HttpResponse> response = PostOrder(*transport);
  ExpectTlsFailure(response.status(), "self-signed certificate");
  EXPECT_EQ(server->requests_started(), 0u);
  // An operator must notice: one ERROR line, without the key.
  ASSERT_EQ(log.lines().size(), 1u);
  EXPECT_NE(log.lines()[0].find("MSP_TLS_FAILED"), std::string::npos);
  EXPECT_EQ(log.lines()[0].find(kApiKey), std::string::npos);
}

TEST_P(TransportTlsTest, OtherCaIsRejected) {
  absl::StatusOr<TestCertificate> served = MakeSelfSignedCertificate("msp-a");
  absl::StatusOr<TestCertificate> trusted = MakeSelfSignedCertificate("msp-b");
  ASSERT_TRUE(served.ok() && trusted.ok());
  std::unique_ptr<TestHttpServer> server = StartTlsServer(*served);
  std::unique_ptr<TransportUnderTest> transport = MakeTransport(
      GetParam(), server->base_url(), WriteCa(*trusted, "ca_b.pem"));
  ASSERT_NE(transport, nullptr);

  LogCapture log;
  absl::StatusOr<HttpResponse> response = PostOrder(*transport);
  ExpectTlsFailure(response.status(), "self-signed certificate");
  EXPECT_EQ(server->requests_started(), 0u);
}

TEST_P(TransportTlsTest, CertificateForAnotherHostIsRejected) {
  // Trusted CA, but the certificate names another host than 127.0.0.1.
  absl::StatusOr<TestCertificate> cert =
      MakeSelfSignedCertificate("msp-a", "DNS:api.multisafepay.com");
  ASSERT_TRUE(cert.ok()) << cert.status();
  std::unique_ptr<TestHttpServer> server = StartTlsServer(*cert);
  std::unique_ptr<TransportUnderTest> transport = MakeTransport(
      GetParam(), server->base_url(), WriteCa(*cert, "ca_other_host.pem"));
  ASSERT_NE(transport, nullptr);

  LogCapture log;
  absl::StatusOr<HttpResponse> response = PostOrder(*transport);
  ExpectTlsFailure(response.status(), "does not match the host");
  EXPECT_EQ(server->requests_started(), 0u);
}

TEST_P(TransportTlsTest, HttpsToAPlainHttpServerFailsTheHandshake) {
  TestHttpServer plain;
  ASSERT_TRUE(plain.Start());
  std::unique_ptr<TransportUnderTest> transport = MakeTransport(
      GetParam(), absl::StrCat("https://127.0.0.1:", plain.port(), "/v1/json"),
      "");
  ASSERT_NE(transport, nullptr);
  LogCapture log;
  absl::StatusOr<HttpResponse> response = PostOrder(*transport);
  EXPECT_EQ(response.status().code(), Code::kUnavailable);
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(response.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "MSP_TLS_FAILED");
}

TEST_P(TransportTlsTest, NewConnectionsResumeTheTlsSession) {
  absl::StatusOr<TestCertificate> cert = MakeSelfSignedCertificate("msp-a");
  ASSERT_TRUE(cert.ok()) << cert.status();
  std::unique_ptr<TestHttpServer> server = StartTlsServer(*cert);
  // The server closes after every response, so every call needs a new
  // connection (and a handshake).
  server->server().set_keep_alive_max_count(1);
  std::unique_ptr<TransportUnderTest> transport = MakeTransport(
      GetParam(), server->base_url(), WriteCa(*cert, "ca_resume.pem"));
  ASSERT_NE(transport, nullptr);

  constexpr int kCalls = 4;
  for (int i = 0; i < kCalls; ++i) {
    absl::StatusOr<HttpResponse> response = PostOrder(*transport);
    ASSERT_TRUE(response.ok()) << i << ": " << response.status();
  }
  EXPECT_EQ(transport->connections_created(), size_t{kCalls});
  // Every handshake after the first resumed, on both sides.
  EXPECT_EQ(transport->tls_sessions_resumed(), size_t{kCalls - 1});
  EXPECT_EQ(SSL_CTX_sess_hits(server->ssl_server()->ssl_context()), kCalls - 1);
  EXPECT_EQ(server->requests().size(), size_t{kCalls});
}

// A TLS server whose /v1/json/drip sends a chunked body one byte per 0.5 s
// (for 20 s at most) and whose /v1/json/huge streams 50 MB in 64 KiB chunks;
// both stop when a write fails because the client went away.
class MisbehavingTlsServer {
 public:
  explicit MisbehavingTlsServer(const TestCertificate& cert)
      : server_(cert.cert.get(), cert.key.get()) {
    server_.server().set_keep_alive_max_count(1000);
    server_.server().Post("/v1/json/orders",
                          [](const httplib::Request&, httplib::Response& res) {
                            res.set_content(kSuccess, "application/json");
                          });
    server_.server().Post("/v1/json/drip", [this](const httplib::Request&,
                                                  httplib::Response& res) {
      res.set_chunked_content_provider(
          "application/json", [this](size_t offset, httplib::DataSink& sink) {
            if (offset >= 40) {
              sink.done();
              return true;
            }
            if (!sink.write(" ", 1)) {
              client_went_away_.store(true);
              return false;
            }
            absl::SleepFor(absl::Milliseconds(500));
            return true;
          });
    });
    server_.server().Post("/v1/json/huge", [this](const httplib::Request&,
                                                  httplib::Response& res) {
      res.set_chunked_content_provider(
          "application/json", [this](size_t offset, httplib::DataSink& sink) {
            if (offset >= kHuge) {
              sink.done();
              return true;
            }
            const std::string piece(64 * 1024, ' ');
            if (!sink.write(piece.data(), piece.size())) {
              client_went_away_.store(true);
              return false;
            }
            huge_bytes_written_.fetch_add(piece.size());
            return true;
          });
    });
  }

  static constexpr size_t kHuge = 50 * 1024 * 1024;

  bool Start() { return server_.Start(); }
  std::string base_url() const { return server_.base_url(); }
  // Waits up to 10 s for a provider to notice the client left.
  bool ClientWentAway() const {
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    while (!client_went_away_.load() && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(10));
    }
    return client_went_away_.load();
  }
  size_t huge_bytes_written() const { return huge_bytes_written_.load(); }

 private:
  std::atomic<bool> client_went_away_{false};
  std::atomic<size_t> huge_bytes_written_{0};
  TestHttpServer server_;  // Last: its handlers use the members above.
};

TEST_P(TransportTlsTest, SlowDripEndsByTheDeadlineAndTheSessionSurvives) {
  absl::StatusOr<TestCertificate> cert = MakeSelfSignedCertificate("msp-a");
  ASSERT_TRUE(cert.ok()) << cert.status();
  MisbehavingTlsServer server(*cert);
  ASSERT_TRUE(server.Start());
  // httplib::Server's constructor made the process ignore SIGPIPE; the
  // gateway need not have one. Aborting a TLS call makes OpenSSL write
  // close_notify to a shut-down socket, which must not kill the process.
  std::signal(SIGPIPE, SIG_DFL);
  std::unique_ptr<TransportUnderTest> transport = MakeTransport(
      GetParam(), server.base_url(), WriteCa(*cert, "ca_drip.pem"));
  ASSERT_NE(transport, nullptr);

  const absl::Time start = absl::Now();
  absl::StatusOr<HttpResponse> response =
      transport->Send({"POST", "/drip", "{}"}, start + absl::Seconds(1));
  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_EQ(response.status().code(), Code::kDeadlineExceeded)
      << response.status();
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(response.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "MSP_TIMEOUT");
  EXPECT_EQ(info->metadata().at("request_sent"), "unknown");
  // Generous: the old transport read the drip for 20 s.
  EXPECT_LT(elapsed, absl::Milliseconds(2500));
  EXPECT_TRUE(server.ClientWentAway());

  // The aborted connection was dropped; the next call opens a new one and
  // still resumes the TLS session.
  ASSERT_TRUE(PostOrder(*transport).ok());
  EXPECT_EQ(transport->connections_created(), 2u);
  EXPECT_EQ(transport->tls_sessions_resumed(), 1u);
}

TEST_P(TransportTlsTest, HugeChunkedReplyIsRefusedWithoutReadingIt) {
  absl::StatusOr<TestCertificate> cert = MakeSelfSignedCertificate("msp-a");
  ASSERT_TRUE(cert.ok()) << cert.status();
  MisbehavingTlsServer server(*cert);
  ASSERT_TRUE(server.Start());
  std::unique_ptr<TransportUnderTest> transport = MakeTransport(
      GetParam(), server.base_url(), WriteCa(*cert, "ca_huge.pem"));
  ASSERT_NE(transport, nullptr);

  absl::StatusOr<HttpResponse> response =
      transport->Send({"POST", "/huge", "{}"}, In(absl::Seconds(30)));
  EXPECT_EQ(response.status().code(), Code::kUnknown) << response.status();
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(response.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "MSP_RESPONSE_TOO_LARGE");
  EXPECT_EQ(info->metadata().at("request_sent"), "unknown");
  EXPECT_TRUE(server.ClientWentAway());
  EXPECT_LT(server.huge_bytes_written(), MisbehavingTlsServer::kHuge / 2);
}

INSTANTIATE_TEST_SUITE_P(
    AllTransports, TransportTlsTest, ::testing::ValuesIn(kAllTransportKinds),
    [](const ::testing::TestParamInfo<TransportKind>& info) {
      return TransportKindName(info.param);
    });

}  // namespace
}  // namespace msp_gateway
