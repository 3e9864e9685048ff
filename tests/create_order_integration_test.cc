// Copyright 2026 The msp-gateway Authors.
//
// CreateOrder over real sockets: a gRPC client, the gateway (in-process) and
// the MultiSafepay emulator (in-process, HTTP on 127.0.0.1). Covers the
// success path, every upstream failure class, the requests the gateway
// refuses itself (undecodable, oversized, too little deadline left, caller
// gone), and the real server process draining on SIGTERM.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/server/payment_server.h"
#include "service/server/server_config.h"
#include "service/upstream/raw_socket_server.h"
#include "tests/gateway_test_fixture.h"
#include "tests/harness/gateway_stack.h"
#include "tests/harness/test_files.h"

namespace msp_gateway {
namespace {

using payments::v1::CreateOrderRequest;
using payments::v1::CreateOrderResponse;

// A loopback port that refuses connections for as long as this object lives:
// bound to port 0 (the kernel picks a free one) and never listen()ed on. The
// socket stays open, so no other process can take the port in the meantime;
// picking a port and closing it first would race with every other test.
class RefusingPort {
 public:
  RefusingPort() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    if (fd_ < 0 ||
        bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "cannot bind a loopback port";
      return;
    }
    port_ = ntohs(addr.sin_port);
  }
  ~RefusingPort() {
    if (fd_ >= 0) close(fd_);
  }
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;

  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// The BadRequest field violations of a status, as (field, description).
std::vector<std::pair<std::string, std::string>> FieldViolations(
    const grpc::Status& status) {
  std::vector<std::pair<std::string, std::string>> violations;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return violations;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& v : bad_request.field_violations()) {
      violations.emplace_back(v.field(), v.description());
    }
  }
  return violations;
}

// The value of one series in Prometheus text (`name{labels}`), or -1.
double MetricValue(const std::string& text, const std::string& series) {
  const std::string prefix = series + " ";
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!absl::StartsWith(line, prefix)) continue;
    double value = -1;
    if (absl::SimpleAtod(line.substr(prefix.size()), &value)) return value;
  }
  return -1;
}

// Waits up to 20 s for `done()`; the server side of a call can finish after
// its caller gave up.
bool WaitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 1000; ++i) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return done();
}

class CreateOrderIntegrationTest : public GatewayTestFixture {
 protected:
  grpc::Status Call(const PaymentServer& server,
                    const CreateOrderRequest& request,
                    CreateOrderResponse* response,
                    absl::Duration deadline = absl::Seconds(10)) {
    return CallWithDeadline(*Stub(server),
                            &payments::v1::PaymentService::Stub::CreateOrder,
                            request, response, deadline);
  }
};

TEST_F(CreateOrderIntegrationTest, BancontactRedirectReturnsPaymentUrl) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  CreateOrderResponse response;
  grpc::Status status = Call(*gateway, BancontactRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.order_id(), "my-order-id-1");
  EXPECT_EQ(response.session_id().size(), 35u);
  EXPECT_EQ(response.payment_url(),
            absl::StrCat("https://testpayv2.multisafepay.com/connect/",
                         response.session_id(), "/?lang=nl_NL"));

  // Upstream saw MultiSafepay's own example, with our key in the header.
  nlohmann::json log = RequestLog();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["method"], "POST");
  EXPECT_EQ(log[0]["path"], "/v1/json/orders");
  EXPECT_EQ(log[0]["body"],
            nlohmann::json::parse(testing::ReadTestFile(
                "tests/testdata/bancontact-redirect.msp.json")));
  EXPECT_EQ(log[0]["headers"]["api_key"], "REDACTED");
  EXPECT_FALSE(log[0]["query"].contains("api_key"));
  // The RPC log line has the order_id but no personal data.
  EXPECT_NE(log_.str().find("\"order_id\":\"my-order-id-1\""),
            std::string::npos);
  EXPECT_EQ(log_.str().find("example@multisafepay.com"), std::string::npos);
}

// A direct order is answered with the order itself: its status reaches the
// caller (a declined card would be an answer, not an error).
TEST_F(CreateOrderIntegrationTest, DirectOrderCarriesItsStatus) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  CreateOrderRequest request = FromJsonFile<CreateOrderRequest>(
      "tests/testdata/post-orders/ideal-direct.request.json");
  CreateOrderResponse response;
  grpc::Status status = Call(*gateway, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.order_id(), "my-order-id-1");
  EXPECT_EQ(response.status(), payments::v1::ORDER_STATUS_INITIALIZED);
  EXPECT_EQ(response.status_raw(), "initialized");

  // A redirect order has no status of its own yet.
  CreateOrderResponse redirect;
  CreateOrderRequest bancontact = BancontactRequest();
  bancontact.set_order_id("redirect-1");
  ASSERT_TRUE(Call(*gateway, bancontact, &redirect).ok());
  EXPECT_EQ(redirect.status(), payments::v1::ORDER_STATUS_UNSPECIFIED);
  EXPECT_EQ(redirect.status_raw(), "");
}

TEST_F(CreateOrderIntegrationTest, InvalidRequestNeverReachesUpstream) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  CreateOrderRequest request = BancontactRequest();
  request.set_currency("USD");
  request.set_amount(0);
  CreateOrderResponse response;
  const grpc::Status status = Call(*gateway, request, &response);
  RpcError error = Decode(status);
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  // Exactly these two, in field order: Bancontact takes only EUR, and an
  // amount must be positive.
  EXPECT_EQ(
      FieldViolations(status),
      (std::vector<std::pair<std::string, std::string>>{
          {"currency",
           "must be EUR for GATEWAY_MISTERCASH (Bancontact), got USD"},
          {"amount", "must be greater than 0 (minor units of currency), got 0"},
      }));
  EXPECT_TRUE(RequestLog().empty());
}

TEST_F(CreateOrderIntegrationTest, WrongApiKeyIsInternalNotUnauthenticated) {
  auto gateway = StartGateway(ApiRoot(), "wrong-key-value-123");
  CreateOrderResponse response;
  grpc::Status status = Call(*gateway, BancontactRequest(), &response);
  RpcError error = Decode(status);
  EXPECT_EQ(error.code, grpc::StatusCode::INTERNAL);
  EXPECT_EQ(error.reason, "MSP_1032");
  EXPECT_EQ(error.domain, "multisafepay.com");
  EXPECT_EQ(status.error_message().find("wrong-key-value-123"),
            std::string::npos);
  EXPECT_EQ(log_.str().find("wrong-key-value-123"), std::string::npos);
}

TEST_F(CreateOrderIntegrationTest,
       APaidOrderRetriedWithoutItsRecordGetsItsStatus) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  CreateOrderResponse response;
  ASSERT_TRUE(Call(*gateway, BancontactRequest(), &response).ok());
  // The customer pays.
  httplib::Result paid =
      control_->Post("/__emulator/orders/my-order-id-1/status",
                     R"({"status":"completed"})", "application/json");
  ASSERT_TRUE(paid && paid->status == 200);
  // A gateway with a store of its own (no record of the order) gets the
  // same order_id again: MultiSafepay says 1006, and the gateway looks the
  // order up instead of passing that on as an error.
  auto stranger = StartGateway(ApiRoot(), kApiKey);
  CreateOrderResponse retried;
  grpc::Status status = Call(*stranger, BancontactRequest(), &retried);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retried.order_id(), "my-order-id-1");
  EXPECT_EQ(retried.status(), payments::v1::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(retried.status_raw(), "completed");
  EXPECT_EQ(retried.payment_url(), "");
  // The first gateway answers its recorded answer, without MultiSafepay.
  const size_t requests = RequestLog().size();
  CreateOrderResponse replayed;
  ASSERT_TRUE(Call(*gateway, BancontactRequest(), &replayed).ok());
  EXPECT_EQ(replayed.payment_url(), response.payment_url());
  EXPECT_EQ(RequestLog().size(), requests);
}

TEST_F(CreateOrderIntegrationTest, TheAnswerSurvivesARestart) {
  const std::string data_dir =
      absl::StrCat(std::getenv("TEST_TMPDIR"), "/restart-store");
  auto set_dir = [&data_dir](ServerFlags& flags) { flags.data_dir = data_dir; };
  auto gateway = StartGateway(ApiRoot(), kApiKey, set_dir);
  CreateOrderResponse first;
  ASSERT_TRUE(Call(*gateway, BancontactRequest(), &first).ok());
  gateway.reset();
  auto restarted = StartGateway(ApiRoot(), kApiKey, set_dir);
  CreateOrderResponse again;
  ASSERT_TRUE(Call(*restarted, BancontactRequest(), &again).ok());
  EXPECT_EQ(again.payment_url(), first.payment_url());
  EXPECT_EQ(RequestLog().size(), 1u) << "one POST, none after the restart";
}

TEST_F(CreateOrderIntegrationTest, SameOrderIdWithDifferentContent) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  CreateOrderResponse first, second;
  ASSERT_TRUE(Call(*gateway, BancontactRequest(), &first).ok());
  // Identical retry: same answer, no second upstream call.
  ASSERT_TRUE(Call(*gateway, BancontactRequest(), &second).ok());
  EXPECT_EQ(second.payment_url(), first.payment_url());
  EXPECT_EQ(RequestLog().size(), 1u);
  // Same order_id, different amount: refused.
  CreateOrderRequest changed = BancontactRequest();
  changed.set_amount(200);
  RpcError error = Decode(Call(*gateway, changed, &second));
  EXPECT_EQ(error.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(error.reason, "ORDER_ID_REUSED");
  EXPECT_EQ(RequestLog().size(), 1u);
}

TEST_F(CreateOrderIntegrationTest, EmulatorDownIsUnavailable) {
  const RefusingPort down;
  auto gateway = StartGateway(
      absl::StrCat("http://127.0.0.1:", down.port(), "/v1/json"), "");
  CreateOrderResponse response;
  RpcError error = Decode(Call(*gateway, BancontactRequest(), &response));
  EXPECT_EQ(error.code, grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(error.domain, "multisafepay.com");
  // Refused at connect: nothing was sent, so a retry is safe.
  EXPECT_EQ(error.reason, "MSP_CONNECTION_FAILED");
  EXPECT_EQ(error.metadata["request_sent"], "false");
  EXPECT_EQ(error.metadata["endpoint"], "POST /orders");
  EXPECT_TRUE(error.has_retry_info);
  EXPECT_EQ(
      gateway->metrics().upstream_requests().Value({"POST /orders", "0", "0"}),
      1u);
}

TEST_F(CreateOrderIntegrationTest, Html503IsLookedUpThenSentAgain) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  InjectFault({{"method", "POST"},
               {"path", "/v1/json/orders"},
               {"kind", "html_503"},
               {"times", 1}});
  // A 503 may come after MultiSafepay stored the order, so the gateway
  // looks first; the order is not there, so a second POST is safe.
  CreateOrderResponse response;
  grpc::Status status = Call(*gateway, BancontactRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(response.payment_url().empty());
  std::vector<std::string> calls;
  for (const nlohmann::json& request : RequestLog()) {
    calls.push_back(request["method"].get<std::string>() + " " +
                    request["path"].get<std::string>());
  }
  EXPECT_EQ(calls,
            (std::vector<std::string>{"POST /v1/json/orders",
                                      "GET /v1/json/orders/my-order-id-1",
                                      "POST /v1/json/orders"}));
  EXPECT_EQ(gateway->metrics().reconciliations().Value({"call", "not_applied"}),
            1u);
}

TEST_F(CreateOrderIntegrationTest, SlowUpstreamHitsTheCallersDeadline) {
  // No minimum budget, so the 500 ms call is sent and meets the delay.
  auto gateway = StartGateway(ApiRoot(), kApiKey, [](ServerFlags& flags) {
    flags.min_upstream_budget = absl::ZeroDuration();
  });
  InjectFault({{"method", "POST"},
               {"path", "/v1/json/orders"},
               {"kind", "delay"},
               {"delay_ms", 3000},
               {"times", 1}});
  CreateOrderResponse response;
  grpc::Status status =
      Call(*gateway, BancontactRequest(), &response, absl::Milliseconds(500));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(RequestLog().size(), 1u);

  // The caller's own timer ends the call above whatever the gateway does, so
  // the rest is about the gateway: it gave the upstream call the caller's
  // 500 ms (not the 5 s --msp_read_timeout, nor the 3 s MultiSafepay took),
  // abandoned it without an answer, and ended the RPC as a timeout itself.
  const GatewayMetrics& metrics = gateway->metrics();
  ASSERT_TRUE(WaitFor([&] {
    return metrics.rpc_requests().Value(
               {"CreateOrder", "DEADLINE_EXCEEDED", "none"}) == 1;
  })) << metrics.RenderPrometheus();
  EXPECT_EQ(metrics.upstream_requests().Value({"POST /orders", "0", "0"}), 1u)
      << "no answer expected: " << metrics.RenderPrometheus();
  const double upstream_seconds = MetricValue(
      metrics.RenderPrometheus(),
      R"(msp_gateway_upstream_latency_seconds_sum{endpoint="POST /orders"})");
  EXPECT_GE(upstream_seconds, 0);
  EXPECT_LT(upstream_seconds, 1.5) << "not abandoned at the deadline";
  gateway.reset();  // Joins the gateway's threads: log_ is complete.
  EXPECT_NE(log_.str().find(
                R"("order_id":"my-order-id-1","code":"DEADLINE_EXCEEDED")"),
            std::string::npos)
      << log_.str();
  EXPECT_NE(log_.str().find(R"("reason":"MSP_TIMEOUT")"), std::string::npos)
      << log_.str();
}

// What the gateway did with the connection to a MultiSafepay that never
// answers: when it closed it, measured from the start of the call.
struct SilentUpstream {
  absl::Mutex mu;
  std::string request;
  bool closed = false;
  absl::Time closed_at;
  absl::Notification done;
};

TEST_F(CreateOrderIntegrationTest, UpstreamConnectionIsClosedAtTheDeadline) {
  SilentUpstream seen;
  RawSocketServer upstream([&seen](RawConnection& connection) {
    std::string request = connection.ReadRequest(absl::Seconds(10));
    // Never answers; waits (longer than the 1 s deadline, shorter than the
    // 30 s read timeout) for the gateway to hang up.
    const bool closed = connection.WaitForClientClose(absl::Seconds(15));
    {
      absl::MutexLock lock(&seen.mu);
      seen.request = std::move(request);
      seen.closed = closed;
      seen.closed_at = absl::Now();
    }
    if (!seen.done.HasBeenNotified()) seen.done.Notify();
  });
  ASSERT_TRUE(upstream.Start());
  auto gateway =
      StartGateway(upstream.base_url(), kApiKey, [](ServerFlags& flags) {
        flags.min_upstream_budget = absl::ZeroDuration();
        flags.msp_read_timeout = absl::Seconds(30);
      });
  ASSERT_NE(gateway, nullptr);
  const absl::Time start = absl::Now();
  CreateOrderResponse response;
  grpc::Status status =
      Call(*gateway, BancontactRequest(), &response, absl::Seconds(1));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);

  ASSERT_TRUE(seen.done.WaitForNotificationWithTimeout(absl::Seconds(30)));
  absl::MutexLock lock(&seen.mu);
  EXPECT_TRUE(absl::StartsWith(seen.request, "POST /v1/json/orders "))
      << seen.request;
  ASSERT_TRUE(seen.closed) << "the gateway kept waiting for 15 s";
  // 1 s deadline: closed by then, give or take scheduling; the 30 s read
  // timeout would have kept it open past the 15 s the fake waits.
  EXPECT_LT(seen.closed_at - start, absl::Seconds(3))
      << "closed " << (seen.closed_at - start) << " after the call started";
  EXPECT_EQ(upstream.connections_accepted(), 1u);
  // Recorded as a call without an answer (just after the hang-up).
  const GatewayMetrics& metrics = gateway->metrics();
  EXPECT_TRUE(WaitFor([&] {
    return metrics.upstream_requests().Value({"POST /orders", "0", "0"}) == 1;
  })) << metrics.RenderPrometheus();
}

TEST_F(CreateOrderIntegrationTest, TooShortADeadlineIsRefusedAtOnceUnsent) {
  // Default --min_upstream_budget (2 s): a 1 s deadline cannot get a
  // MultiSafepay answer in time, so nothing is sent.
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  CreateOrderResponse response;
  grpc::Status status =
      Call(*gateway, BancontactRequest(), &response, absl::Seconds(1));
  RpcError error = Decode(status);
  EXPECT_EQ(error.code, grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(error.reason, "DEADLINE_TOO_SHORT");
  EXPECT_EQ(error.domain, "msp-gateway");
  EXPECT_EQ(error.metadata["request_sent"], "false");
  EXPECT_TRUE(RequestLog().empty());
  // The same order with a longer deadline goes through.
  ASSERT_TRUE(Call(*gateway, BancontactRequest(), &response).ok());
}

TEST_F(CreateOrderIntegrationTest, FullWorkerPoolIsResourceExhausted) {
  auto gateway = StartGateway(ApiRoot(), kApiKey, /*workers=*/1,
                              /*queue_capacity=*/0);
  InjectFault({{"method", "POST"},
               {"path", "/v1/json/orders"},
               {"kind", "delay"},
               {"delay_ms", 1500},
               {"times", 1}});
  // The first call occupies the only worker...
  auto stub = Stub(*gateway);
  grpc::ClientContext slow_context;
  const CreateOrderRequest slow_request = BancontactRequest();
  CreateOrderResponse slow_response;
  grpc::Status slow_status;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  stub->async()->CreateOrder(&slow_context, &slow_request, &slow_response,
                             [&](grpc::Status s) {
                               std::lock_guard<std::mutex> lock(mu);
                               slow_status = s;
                               done = true;
                               cv.notify_all();
                             });
  // ...wait until it is upstream, then a second order is refused at once.
  for (int i = 0; i < 100 && RequestLog().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CreateOrderRequest other = BancontactRequest();
  other.set_order_id("my-order-id-2");
  CreateOrderResponse response;
  RpcError error = Decode(Call(*gateway, other, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(error.reason, "WORKER_POOL_FULL");
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  EXPECT_TRUE(slow_status.ok()) << slow_status.error_message();
}

// The asynchronous transport (the default): a slow MultiSafepay holds no
// worker, so one worker serves many orders in flight at once where the
// blocking transport above refuses the second.
TEST_F(CreateOrderIntegrationTest, SlowUpstreamHoldsNoWorker) {
  auto gateway = StartGateway(ApiRoot(), kApiKey, [](ServerFlags& flags) {
    flags.workers = 1;
    flags.queue_capacity = 0;
  });
  constexpr int kOrders = 20;
  InjectFault({{"method", "POST"},
               {"path", "/v1/json/orders"},
               {"kind", "delay"},
               {"delay_ms", 400},
               {"times", kOrders}});
  auto stub = Stub(*gateway);
  struct Call {
    grpc::ClientContext context;
    CreateOrderRequest request;
    CreateOrderResponse response;
    grpc::Status status;
  };
  std::vector<std::unique_ptr<Call>> calls;
  std::mutex mu;
  std::condition_variable cv;
  int done = 0;
  for (int i = 0; i < kOrders; ++i) {
    auto call = std::make_unique<Call>();
    call->request = BancontactRequest();
    call->request.set_order_id(absl::StrCat("slow-", i));
    call->context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::seconds(20));
    Call* c = call.get();
    stub->async()->CreateOrder(&c->context, &c->request, &c->response,
                               [&, c](grpc::Status s) {
                                 std::lock_guard<std::mutex> lock(mu);
                                 c->status = s;
                                 ++done;
                                 cv.notify_all();
                               });
    calls.push_back(std::move(call));
  }
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done == kOrders; });
  for (const auto& call : calls) {
    EXPECT_TRUE(call->status.ok())
        << call->request.order_id() << ": " << call->status.error_message();
    EXPECT_EQ(call->response.order_id(), call->request.order_id());
  }
  EXPECT_EQ(RequestLog().size(), static_cast<size_t>(kOrders));
  EXPECT_EQ(gateway->metrics().rpc_refusals().Value(
                {"CreateOrder", "WORKER_POOL_FULL"}),
            0u);
}

// A CreateOrder in flight on the callback stub.
struct AsyncCreate {
  grpc::ClientContext context;
  CreateOrderRequest request;
  CreateOrderResponse response;
  grpc::Status status;
  absl::Notification done;
};

// Starts `count` CreateOrders "<prefix>-<i>" on `stub`, each with `deadline`.
std::vector<std::unique_ptr<AsyncCreate>> StartCreates(
    payments::v1::PaymentService::Stub& stub, const CreateOrderRequest& base,
    const std::string& prefix, int count, absl::Duration deadline) {
  std::vector<std::unique_ptr<AsyncCreate>> calls;
  for (int i = 0; i < count; ++i) {
    auto call = std::make_unique<AsyncCreate>();
    call->request = base;
    call->request.set_order_id(absl::StrCat(prefix, "-", i));
    call->context.set_deadline(std::chrono::system_clock::now() +
                               absl::ToChronoMilliseconds(deadline));
    AsyncCreate* raw = call.get();
    stub.async()->CreateOrder(&raw->context, &raw->request, &raw->response,
                              [raw](grpc::Status status) {
                                raw->status = std::move(status);
                                raw->done.Notify();
                              });
    calls.push_back(std::move(call));
  }
  return calls;
}

// The order_ids of the CreateOrders MultiSafepay (the emulator) received.
std::set<std::string> OrderIdsSent(const nlohmann::json& log) {
  std::set<std::string> ids;
  for (const nlohmann::json& entry : log) {
    if (entry["method"] == "POST" && entry["path"] == "/v1/json/orders" &&
        entry["body"].is_object()) {
      ids.insert(entry["body"].value("order_id", ""));
    }
  }
  return ids;
}

TEST_F(CreateOrderIntegrationTest,
       QueuedCallsWithTooLittleTimeLeftAreNeverSent) {
  // Two workers; MultiSafepay takes 3 s per order. Of eight callers with a
  // 4.5 s deadline, two are sent at once and answered in time; the other
  // six wait 3 s for a worker and then have 1.5 s left, less than the 2 s
  // budget: the gateway used to send them anyway, and MultiSafepay created
  // orders for callers who got DEADLINE_EXCEEDED.
  auto gateway = StartGateway(ApiRoot(), kApiKey, [](ServerFlags& flags) {
    flags.msp_transport = "httplib";  // The worker queue is its.
    flags.workers = 2;
    flags.queue_capacity = 16;
    flags.min_upstream_budget = absl::Seconds(2);
  });
  InjectFault({{"method", "POST"},
               {"path", "/v1/json/orders"},
               {"kind", "delay"},
               {"delay_ms", 3000},
               {"times", -1}});
  auto stub = Stub(*gateway);
  std::vector<std::unique_ptr<AsyncCreate>> calls = StartCreates(
      *stub, BancontactRequest(), "budget", 8, absl::Milliseconds(4500));
  for (auto& call : calls) {
    ASSERT_TRUE(call->done.WaitForNotificationWithTimeout(absl::Seconds(30)));
  }

  const std::set<std::string> sent = OrderIdsSent(RequestLog());
  int ok = 0;
  int not_sent = 0;
  for (auto& call : calls) {
    const std::string& id = call->request.order_id();
    if (call->status.ok()) {
      ++ok;
      EXPECT_EQ(sent.count(id), 1u) << id;
      continue;
    }
    RpcError error = Decode(call->status);
    // Every failure says nothing was sent, and indeed nothing was.
    EXPECT_EQ(error.reason, "DEADLINE_TOO_SHORT")
        << id << ": " << call->status.error_message();
    EXPECT_EQ(error.code, grpc::StatusCode::DEADLINE_EXCEEDED) << id;
    EXPECT_EQ(error.metadata["request_sent"], "false") << id;
    EXPECT_EQ(sent.count(id), 0u) << id << " was sent although its caller "
                                  << "was told it was not";
    ++not_sent;
  }
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(not_sent, 6);
  EXPECT_EQ(sent.size(), 2u);
  EXPECT_EQ(gateway->metrics().rpc_refusals().Value(
                {"CreateOrder", "DEADLINE_TOO_SHORT"}),
            6u);
}

TEST_F(CreateOrderIntegrationTest, QueuedCallOfACallerWhoCancelledIsNotSent) {
  auto gateway = StartGateway(ApiRoot(), kApiKey, [](ServerFlags& flags) {
    flags.msp_transport = "httplib";  // The worker queue is its.
    flags.workers = 1;
    flags.min_upstream_budget = absl::ZeroDuration();
  });
  InjectFault({{"method", "POST"},
               {"path", "/v1/json/orders"},
               {"kind", "delay"},
               {"delay_ms", 1500},
               {"times", 1}});
  auto stub = Stub(*gateway);
  std::vector<std::unique_ptr<AsyncCreate>> first =
      StartCreates(*stub, BancontactRequest(), "busy", 1, absl::Seconds(20));
  for (int i = 0; i < 100 && RequestLog().empty(); ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  // Queued behind it, then cancelled by its caller.
  std::vector<std::unique_ptr<AsyncCreate>> second = StartCreates(
      *stub, BancontactRequest(), "cancelled", 1, absl::Seconds(20));
  absl::SleepFor(absl::Milliseconds(200));
  second[0]->context.TryCancel();
  ASSERT_TRUE(second[0]->done.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_EQ(second[0]->status.error_code(), grpc::StatusCode::CANCELLED);
  ASSERT_TRUE(first[0]->done.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_TRUE(first[0]->status.ok()) << first[0]->status.error_message();
  // The worker picked the cancelled call up after the first one.
  for (int i = 0; i < 100 && gateway->metrics().rpc_refusals().Value(
                                 {"CreateOrder", "CALL_CANCELLED"}) == 0;
       ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(gateway->metrics().rpc_refusals().Value(
                {"CreateOrder", "CALL_CANCELLED"}),
            1u);
  EXPECT_EQ(OrderIdsSent(RequestLog()), std::set<std::string>{"busy-0"});
}

TEST_F(CreateOrderIntegrationTest, QueuedCallWhoseDeadlinePassedIsNeverSent) {
  // One worker and no minimum budget: the only thing that keeps the second
  // call from MultiSafepay is that its deadline passed while it waited.
  auto gateway = StartGateway(ApiRoot(), kApiKey, [](ServerFlags& flags) {
    flags.msp_transport = "httplib";  // The worker queue is its.
    flags.workers = 1;
    flags.min_upstream_budget = absl::ZeroDuration();
  });
  InjectFault({{"method", "POST"},
               {"path", "/v1/json/orders"},
               {"kind", "delay"},
               {"delay_ms", 1500},
               {"times", 1}});
  auto stub = Stub(*gateway);
  std::vector<std::unique_ptr<AsyncCreate>> busy =
      StartCreates(*stub, BancontactRequest(), "busy", 1, absl::Seconds(20));
  for (int i = 0; i < 100 && RequestLog().empty(); ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  std::vector<std::unique_ptr<AsyncCreate>> late = StartCreates(
      *stub, BancontactRequest(), "late", 1, absl::Milliseconds(300));
  ASSERT_TRUE(late[0]->done.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_EQ(late[0]->status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  ASSERT_TRUE(busy[0]->done.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_TRUE(busy[0]->status.ok()) << busy[0]->status.error_message();
  // The worker took the late call up after the first and refused it.
  const GatewayMetrics& metrics = gateway->metrics();
  EXPECT_TRUE(WaitFor([&] {
    return metrics.rpc_refusals().Value(
               {"CreateOrder", "DEADLINE_TOO_SHORT"}) == 1;
  })) << metrics.RenderPrometheus();
  EXPECT_EQ(OrderIdsSent(RequestLog()), std::set<std::string>{"busy-0"});
  EXPECT_EQ(metrics.upstream_requests().Value({"POST /orders", "200", "0"}),
            1u);
}

// Raw bytes straight to the method, as a broken or hostile client sends.
grpc::Status CallRaw(const PaymentServer& server, const std::string& method,
                     const std::string& bytes) {
  grpc::GenericStub stub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", server.port()),
                          grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) {
                   status = std::move(s);
                   done.Notify();
                 });
  EXPECT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(20)));
  return status;
}

TEST_F(CreateOrderIntegrationTest,
       UndecodableRequestIsInvalidArgumentAndCounted) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  // Random bytes; then a description (field 6) that is not UTF-8.
  for (const std::string& bytes :
       {std::string("\xff\xfe\xfd\xfc\x00\x01 random", 12),
        std::string("\x32\x03\x80\x81\x82", 5)}) {
    grpc::Status status =
        CallRaw(*gateway, "/payments.v1.PaymentService/CreateOrder", bytes);
    RpcError error = Decode(status);
    EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(status.error_message(),
              "the body is not a valid payments.v1.CreateOrderRequest");
    EXPECT_EQ(error.reason, "MALFORMED_REQUEST");
    EXPECT_EQ(error.domain, "msp-gateway");
  }
  EXPECT_EQ(gateway->metrics().rpc_refusals().Value(
                {"CreateOrder", "MALFORMED_REQUEST"}),
            2u);
  EXPECT_EQ(gateway->metrics().rpc_requests().Value(
                {"CreateOrder", "INVALID_ARGUMENT", "none"}),
            2u);
  EXPECT_NE(log_.str().find("\"reason\":\"MALFORMED_REQUEST\""),
            std::string::npos)
      << log_.str();
  EXPECT_TRUE(RequestLog().empty());
}

TEST_F(CreateOrderIntegrationTest, OversizedRequestIsAFieldViolationNotSent) {
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  CreateOrderRequest request = BancontactRequest();
  request.set_description(std::string(600 * 1024, 'x'));  // > 512 KiB.
  CreateOrderResponse response;
  RpcError error = Decode(Call(*gateway, request, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.reason, "REQUEST_TOO_LARGE");
  EXPECT_EQ(error.fields, std::vector<std::string>{""});
  EXPECT_TRUE(RequestLog().empty());
}

TEST_F(CreateOrderIntegrationTest, RequestsUpToGrpcsOwnLimitGetOurAnswer) {
  // A 3 MiB cap: a 5 MiB request is above gRPC's default 4 MiB limit, which
  // would have answered a bare RESOURCE_EXHAUSTED (retry-looking) itself.
  auto gateway = StartGateway(ApiRoot(), kApiKey, [](ServerFlags& flags) {
    flags.max_request_bytes = 3 << 20;
  });
  CreateOrderRequest request = BancontactRequest();
  request.set_description(std::string(5 << 20, 'x'));
  CreateOrderResponse response;
  RpcError error = Decode(Call(*gateway, request, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.reason, "REQUEST_TOO_LARGE");
  EXPECT_TRUE(RequestLog().empty());
}

TEST_F(CreateOrderIntegrationTest, AThousandLineCartFitsTheDefaultCap) {
  // The largest legitimate order: 1000 cart lines with realistic names,
  // descriptions, SKUs, tax selectors and weights.
  CreateOrderRequest request = BancontactRequest();
  payments::v1::ShoppingCart* cart = request.mutable_shopping_cart();
  for (int i = 0; i < 1000; ++i) {
    payments::v1::CartItem* item = cart->add_items();
    item->set_name(absl::StrCat("Organic loose-leaf green tea, 250 g #", i));
    item->set_description(
        "Sencha from Shizuoka, spring harvest; steep 2 minutes at 70 C. "
        "Resealable bag, best before 12/2027.");
    item->set_unit_price("13.761467889");
    item->set_quantity(3);
    item->set_merchant_item_id(absl::StrCat("SKU-TEA-", 100000 + i));
    item->set_tax_table_selector("BTW9");
    item->mutable_weight()->set_unit("KG");
    item->mutable_weight()->set_value("0.25");
  }
  const size_t size = request.ByteSizeLong();
  const size_t cap = static_cast<size_t>(ServerFlags().max_request_bytes);
  EXPECT_LT(size * 2, cap) << size << " bytes: less than 2x headroom";
  auto gateway = StartGateway(ApiRoot(), kApiKey);
  CreateOrderResponse response;
  EXPECT_NE(Decode(Call(*gateway, request, &response)).reason,
            "REQUEST_TOO_LARGE");
}

// The real server process, SIGTERMed with calls queued behind slow
// MultiSafepay answers.
TEST_F(CreateOrderIntegrationTest, SigtermSendsNothingMoreAndExitsInTime) {
  harness::GatewayStack::Options options;
  // The worker queue is the blocking transport's.
  options.server_args = {"--admin_port=0", "--msp_transport=httplib",
                         "--workers=2", "--queue_capacity=32",
                         "--shutdown_grace=2s"};
  absl::StatusOr<std::unique_ptr<harness::GatewayStack>> stack =
      harness::GatewayStack::Start(options);
  ASSERT_TRUE(stack.ok()) << stack.status();
  constexpr int kUpstreamDelayMs = 8000;
  ASSERT_TRUE((*stack)
                  ->ArmEmulatorFault(absl::StrCat(
                      R"({"method":"POST","path":"/v1/json/orders",)",
                      R"("kind":"delay","times":-1,"delay_ms":)",
                      kUpstreamDelayMs, "}"))
                  .ok());
  auto stub = payments::v1::PaymentService::NewStub(grpc::CreateChannel(
      (*stack)->grpc_target(), grpc::InsecureChannelCredentials()));
  std::vector<std::unique_ptr<AsyncCreate>> calls =
      StartCreates(*stub, BancontactRequest(), "drain", 10, absl::Seconds(60));
  // Two are upstream; eight wait for a worker.
  absl::StatusOr<int> sent = 0;
  for (int i = 0; i < 250 && sent.ok() && *sent < 2; ++i) {
    absl::SleepFor(absl::Milliseconds(20));
    sent = (*stack)->CountEmulatorRequests("POST", "/v1/json/orders");
  }
  ASSERT_TRUE(sent.ok()) << sent.status();
  ASSERT_EQ(*sent, 2);
  absl::SleepFor(absl::Milliseconds(300));  // The rest reach the queue.

  const absl::Time sigterm = absl::Now();
  ASSERT_EQ(kill((*stack)->server().pid(), SIGTERM), 0);
  for (auto& call : calls) {
    ASSERT_TRUE(call->done.WaitForNotificationWithTimeout(absl::Seconds(60)));
    // The grace (2 s) is shorter than the upstream delay: all were told
    // they failed.
    EXPECT_FALSE(call->status.ok()) << call->request.order_id();
  }
  absl::StatusOr<int> exit_code = (*stack)->server().Wait(absl::Seconds(60));
  const absl::Duration took = absl::Now() - sigterm;
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0);
  // Ends with the two calls already upstream (~8 s), not after working off
  // the queue (the old code sent all eight after their callers were told
  // UNAVAILABLE: 4 more rounds of 8 s).
  EXPECT_LT(took, absl::Seconds(20)) << took;
  // Nothing was sent after SIGTERM: only the two that were already upstream.
  absl::SleepFor(absl::Milliseconds(200));
  EXPECT_EQ(*(*stack)->CountEmulatorRequests("POST", "/v1/json/orders"), 2);
}

}  // namespace
}  // namespace msp_gateway
