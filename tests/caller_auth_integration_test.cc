// Copyright 2026 The msp-gateway Authors.
//
// Caller authentication end to end (issue 13): a real gateway with TLS
// certificates made by openssl for this test, real handshakes over loopback,
// and the authorization policy the prod overlay ships
// (deploy/k8s/overlays/prod/authz-policy.json) enforced RPC by RPC.

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/grpc_security_constants.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/client_unary_call.h"
#include "grpcpp/impl/codegen/rpc_method.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/server/payment_server.h"
#include "tests/gateway_test_fixture.h"
#include "tests/harness/test_certificates.h"
#include "tests/harness/test_files.h"

namespace msp_gateway {
namespace {

using ::msp_gateway::testing::CertificateFiles;
using ::msp_gateway::testing::TestCa;
using ::payments::v1::PaymentService;

constexpr char kPolicy[] = "deploy/k8s/overlays/prod/authz-policy.json";
constexpr char kCheckout[] = "spiffe://cluster.local/ns/shop/sa/checkout";
constexpr char kBackOffice[] =
    "spiffe://cluster.local/ns/backoffice/sa/back-office";
constexpr char kUnknown[] = "spiffe://cluster.local/ns/shop/sa/stranger";

// Every method of payments.v1.PaymentService, in .proto order.
const std::vector<std::string>& Methods() {
  static const std::vector<std::string>* methods = [] {
    auto* names = new std::vector<std::string>;
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            "payments.v1.PaymentService");
    for (int i = 0; i < service->method_count(); ++i) {
      names->push_back(service->method(i)->name());
    }
    return names;
  }();
  return *methods;
}

template <typename Request, typename Response, typename Method>
grpc::Status Unary(PaymentService::Stub& stub, Method method,
                   const Request& request, grpc::ClientContext* context) {
  Response response;
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  return (stub.*method)(context, request, &response);
}

// Calls `method` with a request the gateway refuses as invalid once it is
// past the caller check (ListGateways: a valid one), so an admitted caller
// gets anything but PERMISSION_DENIED from the service itself.
grpc::Status CallMethod(PaymentService::Stub& stub, const std::string& method,
                        grpc::ClientContext* context) {
  using namespace payments::v1;  // NOLINT: the request and response types.
  if (method == "CreateOrder") {
    return Unary<CreateOrderRequest, CreateOrderResponse>(
        stub, &PaymentService::Stub::CreateOrder, {}, context);
  }
  if (method == "GetOrder") {
    return Unary<GetOrderRequest, GetOrderResponse>(
        stub, &PaymentService::Stub::GetOrder, {}, context);
  }
  if (method == "UpdateOrder") {
    return Unary<UpdateOrderRequest, UpdateOrderResponse>(
        stub, &PaymentService::Stub::UpdateOrder, {}, context);
  }
  if (method == "CancelOrder") {
    return Unary<CancelOrderRequest, CancelOrderResponse>(
        stub, &PaymentService::Stub::CancelOrder, {}, context);
  }
  if (method == "CaptureOrder") {
    return Unary<CaptureOrderRequest, CaptureOrderResponse>(
        stub, &PaymentService::Stub::CaptureOrder, {}, context);
  }
  if (method == "RefundOrder") {
    return Unary<RefundOrderRequest, RefundOrderResponse>(
        stub, &PaymentService::Stub::RefundOrder, {}, context);
  }
  if (method == "ListGateways") {
    return Unary<ListGatewaysRequest, ListGatewaysResponse>(
        stub, &PaymentService::Stub::ListGateways, {}, context);
  }
  if (method == "GetGateway") {
    return Unary<GetGatewayRequest, GetGatewayResponse>(
        stub, &PaymentService::Stub::GetGateway, {}, context);
  }
  if (method == "ListPaymentMethods") {
    return Unary<ListPaymentMethodsRequest, ListPaymentMethodsResponse>(
        stub, &PaymentService::Stub::ListPaymentMethods, {}, context);
  }
  if (method == "ListRecurringTokens") {
    return Unary<ListRecurringTokensRequest, ListRecurringTokensResponse>(
        stub, &PaymentService::Stub::ListRecurringTokens, {}, context);
  }
  if (method == "DeleteRecurringToken") {
    return Unary<DeleteRecurringTokenRequest, DeleteRecurringTokenResponse>(
        stub, &PaymentService::Stub::DeleteRecurringToken, {}, context);
  }
  if (method == "WatchOrderEvents") {
    // A cursor that is not one: INVALID_ARGUMENT once admitted, so the
    // stream ends by itself either way.
    WatchOrderEventsRequest request;
    request.set_after_cursor("not-a-cursor");
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    std::unique_ptr<grpc::ClientReader<WatchOrderEventsResponse>> reader =
        stub.WatchOrderEvents(context, request);
    WatchOrderEventsResponse response;
    while (reader->Read(&response)) {
    }
    return reader->Finish();
  }
  ADD_FAILURE() << "no call for " << method;
  return grpc::Status(grpc::StatusCode::INTERNAL, "no call");
}

std::string CodeName(grpc::StatusCode code) {
  return std::string(GrpcCodeName(static_cast<absl::StatusCode>(code)));
}

class CallerAuthIntegrationTest : public GatewayTestFixture {
 protected:
  void SetUp() override {
    GatewayTestFixture::SetUp();
    const char* tmp = std::getenv("TEST_TMPDIR");
    dir_ = absl::StrCat(
        tmp != nullptr ? tmp : "/tmp", "/certs-",
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ca_ = Unwrap(TestCa::Create(dir_ + "/ca", "gateway-test-ca"));
    other_ca_ = Unwrap(TestCa::Create(dir_ + "/other", "other-ca"));
    server_cert_ = Unwrap(ca_->Issue("gateway", "DNS:localhost,IP:127.0.0.1"));
    checkout_ = Unwrap(ca_->Issue("checkout", absl::StrCat("URI:", kCheckout)));
    back_office_ =
        Unwrap(ca_->Issue("back-office", absl::StrCat("URI:", kBackOffice)));
    unknown_ = Unwrap(ca_->Issue("stranger", absl::StrCat("URI:", kUnknown)));
    policy_path_ = dir_ + "/authz-policy.json";
    WritePolicy(testing::ReadTestFile(kPolicy));
  }

  template <typename T>
  std::optional<T> Unwrap(absl::StatusOr<T> value) {
    EXPECT_TRUE(value.ok()) << value.status();
    if (!value.ok()) return std::nullopt;
    return *std::move(value);
  }

  // As a ConfigMap update does: a new file renamed over the old one.
  void WritePolicy(const std::string& text) {
    const std::string tmp = policy_path_ + ".tmp";
    std::ofstream(tmp) << text;
    ASSERT_TRUE(testing::ReplaceFile(tmp, policy_path_).ok());
  }

  std::unique_ptr<PaymentServer> StartTlsGateway(const std::string& client_auth,
                                                 int admin_port = 0) {
    // Port 0: a free admin port (the fixture's default too).
    return StartGateway(ApiRoot(), kApiKey, [&](ServerFlags& flags) {
      flags.plaintext = false;
      flags.tls_cert_file = server_cert_->cert_path;
      flags.tls_key_file = server_cert_->key_path;
      flags.tls_client_ca_file = ca_->files().cert_path;
      flags.client_auth = client_auth;
      flags.authz_policy_file = policy_path_;
      flags.tls_reload_interval = absl::Seconds(1);
      flags.admin_port = admin_port;
    });
  }

  // A channel of its own (its own connection) to `server`, trusting
  // `root_pem`, with `client` as its certificate (nullptr: none).
  static std::shared_ptr<grpc::Channel> TlsChannel(
      const PaymentServer& server, const std::string& root_pem,
      const CertificateFiles* client) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = root_pem;
    if (client != nullptr) {
      ssl.pem_private_key = client->key_pem;
      ssl.pem_cert_chain = client->cert_pem;
    }
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server.port()),
                                     grpc::SslCredentials(ssl), args);
  }

  std::shared_ptr<grpc::Channel> ChannelAs(const PaymentServer& server,
                                           const CertificateFiles* client) {
    return TlsChannel(server, ca_->files().cert_pem, client);
  }

  static grpc::Status ListGateways(
      const std::shared_ptr<grpc::Channel>& channel,
      grpc::ClientContext* context = nullptr) {
    grpc::ClientContext own;
    std::unique_ptr<PaymentService::Stub> stub =
        PaymentService::NewStub(channel);
    return CallMethod(*stub, "ListGateways",
                      context != nullptr ? context : &own);
  }

  // The server certificate's CN as the client saw it on `context`'s call.
  static std::string ServerCommonName(const grpc::ClientContext& context) {
    std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
    if (auth == nullptr) return "";
    std::vector<grpc::string_ref> cn =
        auth->FindPropertyValues(GRPC_X509_CN_PROPERTY_NAME);
    return cn.empty() ? "" : std::string(cn[0].data(), cn[0].size());
  }

  std::string dir_;
  std::optional<TestCa> ca_;
  std::optional<TestCa> other_ca_;
  std::optional<CertificateFiles> server_cert_;
  std::optional<CertificateFiles> checkout_;
  std::optional<CertificateFiles> back_office_;
  std::optional<CertificateFiles> unknown_;
  std::string policy_path_;
};

TEST_F(CallerAuthIntegrationTest, EveryRpcForEveryCallerGetsThePolicysAnswer) {
  // optional: a caller without a certificate gets in too, and is refused
  // by the policy rather than by the handshake.
  std::unique_ptr<PaymentServer> gateway = StartTlsGateway("optional");
  ASSERT_NE(gateway, nullptr);
  struct Column {
    std::string name;
    const CertificateFiles* cert;
    std::vector<std::string> allowed;
  };
  const std::vector<std::string> checkout_methods = {
      "CreateOrder",     "GetOrder",           "ListGateways",
      "GetGateway",      "ListPaymentMethods", "ListRecurringTokens",
      "WatchOrderEvents"};
  const std::vector<Column> columns = {
      {"checkout", &*checkout_, checkout_methods},
      {"back-office", &*back_office_, Methods()},
      {"unknown", &*unknown_, {}},
      {"no certificate", nullptr, {}}};
  std::map<std::string, std::map<std::string, std::string>> answers;
  for (const Column& column : columns) {
    std::unique_ptr<PaymentService::Stub> stub =
        PaymentService::NewStub(ChannelAs(*gateway, column.cert));
    for (const std::string& method : Methods()) {
      grpc::ClientContext context;
      const grpc::Status status = CallMethod(*stub, method, &context);
      answers[method][column.name] = CodeName(status.error_code());
      const bool allowed =
          std::find(column.allowed.begin(), column.allowed.end(), method) !=
          column.allowed.end();
      if (allowed) {
        EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << column.name << " " << method << ": " << status.error_message();
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNAVAILABLE)
            << column.name << " " << method << ": " << status.error_message();
        continue;
      }
      ASSERT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
          << column.name << " " << method << ": " << status.error_message();
      RpcError error = Decode(status);
      EXPECT_EQ(error.reason, "CALLER_NOT_ALLOWED") << method;
      EXPECT_EQ(error.domain, "msp-gateway") << method;
      EXPECT_EQ(error.metadata["method"], method);
      EXPECT_EQ(error.metadata["policy"], "msp-gateway");
    }
  }
  // The matrix, for the record (the issue's closing note).
  std::cout << "| RPC | checkout | back-office | unknown | no certificate |\n"
            << "|---|---|---|---|---|\n";
  for (const std::string& method : Methods()) {
    std::cout << "| " << method;
    for (const Column& column : columns) {
      std::cout << " | " << answers[method][column.name];
    }
    std::cout << " |\n";
  }

  // Denied calls carry the caller in the log line and the metrics.
  const std::string log = log_.str();
  EXPECT_NE(log.find(absl::StrCat(R"("method":"RefundOrder")")),
            std::string::npos);
  EXPECT_NE(log.find(absl::StrCat(R"("reason":"CALLER_NOT_ALLOWED","caller":")",
                                  kCheckout, R"(")")),
            std::string::npos)
      << log;
  EXPECT_EQ(gateway->metrics().rpc_requests().Value(
                {"RefundOrder", "PERMISSION_DENIED", kCheckout}),
            1u);
  EXPECT_EQ(gateway->metrics().rpc_requests().Value(
                {"RefundOrder", "PERMISSION_DENIED", "none"}),
            1u);
  EXPECT_EQ(gateway->metrics().rpc_requests().Value(
                {"ListGateways", "OK", kBackOffice}),
            1u);
}

TEST_F(CallerAuthIntegrationTest, TlsRefusesTheWrongCaAndPlaintext) {
  std::unique_ptr<PaymentServer> gateway = StartTlsGateway("require");
  ASSERT_NE(gateway, nullptr);
  // Trusting the CA, with a certificate: in.
  EXPECT_TRUE(ListGateways(ChannelAs(*gateway, &*checkout_)).ok());
  // Trusting another CA: the client refuses the gateway's certificate.
  EXPECT_EQ(ListGateways(
                TlsChannel(*gateway, other_ca_->files().cert_pem, &*checkout_))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // Plaintext to a TLS port: no HTTP/2 connection at all.
  EXPECT_EQ(ListGateways(
                grpc::CreateChannel(absl::StrCat("127.0.0.1:", gateway->port()),
                                    grpc::InsecureChannelCredentials()))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(CallerAuthIntegrationTest, RequireRefusesMissingForeignAndExpiredCerts) {
  std::unique_ptr<PaymentServer> gateway = StartTlsGateway("require");
  ASSERT_NE(gateway, nullptr);
  std::optional<CertificateFiles> foreign =
      Unwrap(other_ca_->Issue("foreign", absl::StrCat("URI:", kBackOffice)));
  std::optional<CertificateFiles> expired =
      Unwrap(ca_->Issue("expired", absl::StrCat("URI:", kBackOffice), -1));
  ASSERT_TRUE(foreign.has_value() && expired.has_value());
  // The same client trusting the same CA, only its certificate differs:
  // the handshake is what refuses it.
  EXPECT_TRUE(ListGateways(ChannelAs(*gateway, &*back_office_)).ok());
  for (const auto& [name, cert] :
       std::vector<std::pair<std::string, const CertificateFiles*>>{
           {"none", nullptr},
           {"another CA's", &*foreign},
           {"expired", &*expired}}) {
    const grpc::Status status = ListGateways(ChannelAs(*gateway, cert));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
        << name << ": " << status.error_message();
  }
  // Nothing of theirs reached the service.
  EXPECT_EQ(gateway->metrics().rpc_requests().Value(
                {"ListGateways", "OK", kBackOffice}),
            1u);
  EXPECT_EQ(log_.str().find("\"caller\":\"\""), std::string::npos);
}

TEST_F(CallerAuthIntegrationTest, APolicyChangeTakesEffectABrokenOneIsIgnored) {
  std::unique_ptr<PaymentServer> gateway = StartTlsGateway("require");
  ASSERT_NE(gateway, nullptr);
  std::shared_ptr<grpc::Channel> checkout = ChannelAs(*gateway, &*checkout_);
  std::unique_ptr<PaymentService::Stub> stub =
      PaymentService::NewStub(checkout);
  const auto refund_code = [&] {
    grpc::ClientContext context;
    return CallMethod(*stub, "RefundOrder", &context).error_code();
  };
  ASSERT_EQ(refund_code(), grpc::StatusCode::PERMISSION_DENIED);

  // Checkout may refund now: no restart, the same connection.
  WritePolicy(absl::StrCat(R"({"name": "v2", "allow_rules": [{"name": "all",
      "source": {"principals": [")",
                           kCheckout, R"("]}}]})"));
  while (refund_code() == grpc::StatusCode::PERMISSION_DENIED) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(refund_code(), grpc::StatusCode::INVALID_ARGUMENT);

  // A broken update (a misspelt field) is refused; v2 stays in force.
  WritePolicy(R"({"name": "v3", "allow_rules": [{"name": "none",
      "source": {"principal": ["nobody"]}}]})");
  while (log_.str().find("authz_policy_reload_failed") == std::string::npos) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(refund_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(log_.str().find("unknown field \\\"principal\\\""),
            std::string::npos)
      << log_.str();
}

TEST_F(CallerAuthIntegrationTest,
       RotatedServerCertificateServesNewConnections) {
  std::unique_ptr<PaymentServer> gateway = StartTlsGateway("require");
  ASSERT_NE(gateway, nullptr);
  std::shared_ptr<grpc::Channel> before = ChannelAs(*gateway, &*checkout_);
  grpc::ClientContext first;
  ASSERT_TRUE(ListGateways(before, &first).ok());
  EXPECT_EQ(ServerCommonName(first), "gateway");

  // cert-manager renews: a new key and certificate under the same names.
  std::optional<CertificateFiles> renewed =
      Unwrap(ca_->Issue("gateway", "DNS:localhost,IP:127.0.0.1"));
  ASSERT_TRUE(renewed.has_value());
  ASSERT_NE(renewed->cert_pem, server_cert_->cert_pem);
  // The CN stays; the certificate the client sees must become the new one.
  const auto seen_cert = [](const grpc::ClientContext& context) {
    std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
    if (auth == nullptr) return std::string();
    std::vector<grpc::string_ref> pem =
        auth->FindPropertyValues(GRPC_X509_PEM_CERT_PROPERTY_NAME);
    return pem.empty() ? std::string()
                       : std::string(pem[0].data(), pem[0].size());
  };
  EXPECT_EQ(seen_cert(first), server_cert_->cert_pem);
  while (true) {
    grpc::ClientContext context;
    if (ListGateways(ChannelAs(*gateway, &*checkout_), &context).ok() &&
        seen_cert(context) == renewed->cert_pem) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
  // The connection opened before keeps working, on its old certificate.
  grpc::ClientContext later;
  EXPECT_TRUE(ListGateways(before, &later).ok());
  EXPECT_EQ(seen_cert(later), server_cert_->cert_pem);
}

TEST_F(CallerAuthIntegrationTest, ProbesAnswerWithoutAClientCertificate) {
  std::unique_ptr<PaymentServer> gateway = StartTlsGateway("require");
  ASSERT_NE(gateway, nullptr);
  ASSERT_GT(gateway->admin_port(), 0);
  // Kubernetes' probes: plain HTTP on the admin port.
  httplib::Client admin("127.0.0.1", gateway->admin_port());
  for (const char* path : {"/healthz", "/readyz"}) {
    httplib::Result result = admin.Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 200) << path;
  }
  // gRPC health over mTLS for callers that have a certificate; the same
  // without one is refused at the handshake.
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("payments.v1.PaymentService");
  // The generated code's call (Debian ships the health messages only).
  const auto check = [&](const CertificateFiles* cert,
                         grpc::health::v1::HealthCheckResponse* response) {
    std::shared_ptr<grpc::Channel> channel = ChannelAs(*gateway, cert);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    return grpc::internal::BlockingUnaryCall(
        channel.get(),
        grpc::internal::RpcMethod("/grpc.health.v1.Health/Check",
                                  grpc::internal::RpcMethod::NORMAL_RPC),
        &context, request, response);
  };
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(check(&*checkout_, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(check(nullptr, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(CallerAuthIntegrationTest, TheLogLineCarriesTheCallersTrace) {
  std::unique_ptr<PaymentServer> gateway = StartTlsGateway("require");
  ASSERT_NE(gateway, nullptr);
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", "req-issue-14-1");
  context.AddMetadata(
      "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  context.AddMetadata("tracestate", "congo=t61rcWkgMzE");
  ASSERT_TRUE(ListGateways(ChannelAs(*gateway, &*checkout_), &context).ok());
  // MultiSafepay's side of the call carries the same trace and request id.
  const nlohmann::json sent = LastSent("GET", "/v1/json/gateways");
  ASSERT_TRUE(sent.is_object()) << RequestLog().dump();
  EXPECT_EQ(sent["headers"].value("X-Request-ID", ""), "req-issue-14-1")
      << sent.dump();
  EXPECT_EQ(sent["headers"].value("traceparent", ""),
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
      << sent.dump();
  EXPECT_EQ(sent["headers"].value("tracestate", ""), "congo=t61rcWkgMzE")
      << sent.dump();
  // The request id comes back, so the caller can find this call's line.
  auto echoed = context.GetServerTrailingMetadata().find("x-request-id");
  ASSERT_NE(echoed, context.GetServerTrailingMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()),
            "req-issue-14-1");
  const std::string log = log_.str();
  EXPECT_NE(log.find(R"("request_id":"req-issue-14-1")"), std::string::npos)
      << log;
  EXPECT_NE(log.find(R"("trace_id":"4bf92f3577b34da6a3ce929d0e0e4736")"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find(R"("peer":"ipv4:127.0.0.1:)"), std::string::npos) << log;
  EXPECT_NE(log.find(R"("user_agent":"grpc-c++/)"), std::string::npos) << log;

  // Without one, the gateway makes one up and says which.
  grpc::ClientContext anonymous;
  ASSERT_TRUE(ListGateways(ChannelAs(*gateway, &*checkout_), &anonymous).ok());
  auto generated = anonymous.GetServerTrailingMetadata().find("x-request-id");
  ASSERT_NE(generated, anonymous.GetServerTrailingMetadata().end());
  EXPECT_EQ(generated->second.size(), 36u);
  // ... and MultiSafepay gets the generated one, with no trace made up.
  const nlohmann::json anonymous_sent = LastSent("GET", "/v1/json/gateways");
  EXPECT_EQ(anonymous_sent["headers"].value("X-Request-ID", ""),
            std::string(generated->second.data(), generated->second.size()))
      << anonymous_sent.dump();
  EXPECT_FALSE(anonymous_sent["headers"].contains("traceparent"))
      << anonymous_sent.dump();
}

TEST_F(CallerAuthIntegrationTest, TheEventOfARefundNamesWhoRefunded) {
  std::unique_ptr<PaymentServer> gateway = StartTlsGateway("require");
  ASSERT_NE(gateway, nullptr);
  std::unique_ptr<PaymentService::Stub> checkout =
      PaymentService::NewStub(ChannelAs(*gateway, &*checkout_));
  std::unique_ptr<PaymentService::Stub> back_office =
      PaymentService::NewStub(ChannelAs(*gateway, &*back_office_));
  payments::v1::CreateOrderRequest create = BancontactRequest();
  create.set_order_id("who-refunded-1");
  payments::v1::CreateOrderResponse created;
  ASSERT_TRUE(CallWithDeadline(*checkout, &PaymentService::Stub::CreateOrder,
                               create, &created)
                  .ok());
  SetStatus("who-refunded-1", {{"status", "completed"}});
  payments::v1::RefundOrderRequest refund;
  refund.set_order_id("who-refunded-1");
  refund.set_currency(create.currency());
  refund.set_amount(100);
  refund.set_request_id("1a2b3c4d-0001-4000-8000-00000000c0de");
  payments::v1::RefundOrderResponse refunded;
  grpc::Status status = CallWithDeadline(
      *back_office, &PaymentService::Stub::RefundOrder, refund, &refunded);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // The order's events: created by checkout, refunded by the back office.
  payments::v1::WatchOrderEventsRequest watch;
  watch.add_order_ids("who-refunded-1");
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReader<payments::v1::WatchOrderEventsResponse>>
      reader = back_office->WatchOrderEvents(&context, watch);
  payments::v1::WatchOrderEventsResponse event;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.event().source(), payments::v1::ORDER_EVENT_SOURCE_RPC);
  EXPECT_EQ(event.event().caller(), kCheckout);
  EXPECT_EQ(event.event().amount_refunded(), 0);
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.event().source(), payments::v1::ORDER_EVENT_SOURCE_RPC);
  EXPECT_EQ(event.event().caller(), kBackOffice);
  EXPECT_EQ(event.event().amount_refunded(), 100);
  context.TryCancel();
  reader->Finish();
}

}  // namespace
}  // namespace msp_gateway
