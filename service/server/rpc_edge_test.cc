// Copyright 2026 The msp-gateway Authors.
//
// The RPC edge (UnaryRunner) with the real specs, without sockets: calls are
// served directly, with raw request bytes, through gRPC's
// DefaultReactorTestPeer; the MultiSafepay side is a FakeHttpTransport (or a
// transport that blocks, to fill the worker pool). It lives here, beside the
// registration of the specs, because it needs every domain's spec and
// service/rpc may depend on none of them.

#include <atomic>
#include <functional>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/test/default_reactor_test_peer.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/create_order/create_order.h"
#include "service/gateways/get_gateway.h"
#include "service/gateways/list_gateways.h"
#include "service/order_actions/cancel_order.h"
#include "service/order_actions/capture_order.h"
#include "service/order_actions/get_order.h"
#include "service/order_actions/refund_order.h"
#include "service/order_actions/update_order.h"
#include "service/rpc/idempotency_cache.h"
#include "service/rpc/metrics.h"
#include "service/rpc/rpc_log.h"
#include "service/rpc/unary_runner.h"
#include "service/rpc/worker_pool.h"
#include "service/upstream/fake_http_transport.h"
#include "service/upstream/msp_client.h"
#include "tests/harness/rpc_error.h"

namespace msp_gateway {
namespace {

using testing::RpcError;
RpcError Decode(const grpc::Status& status) {
  return testing::DecodeRpcError(status);
}

// Blocks every Send() until released, then answers an empty success.
class BlockingTransport : public HttpTransport {
 public:
  absl::StatusOr<HttpResponse> Send(const HttpRequest&, absl::Time) override {
    sent_.fetch_add(1);
    if (!entered_.HasBeenNotified()) entered_.Notify();
    release_.WaitForNotification();
    return HttpResponse{200, "application/json",
                        R"({"success":true,"data":[]})"};
  }
  std::atomic<int> sent_{0};
  absl::Notification entered_;
  absl::Notification release_;
};

// One RPC served by the runner, as a raw callback method.
using RawMethod = std::function<grpc::ServerUnaryReactor*(
    grpc::CallbackServerContext*, const grpc::ByteBuffer*, grpc::ByteBuffer*)>;

grpc::ByteBuffer Bytes(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

template <typename Message>
bool ParseBytes(const grpc::ByteBuffer& buffer, Message* message) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return false;
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return message->ParseFromString(bytes);
}

// One handler invocation through gRPC's DefaultReactorTestPeer. The peer's
// Finish() still writes to the context after it has run the finish callback
// (it sets test_status_set() last), so the call is over, and the context
// may be destroyed, only once test_status_set() is true.
class PendingCall {
 public:
  PendingCall(const RawMethod& method, grpc::ByteBuffer request)
      : state_(std::make_unique<State>()), peer_(&state_->context) {
    state_->request = std::move(request);
    method(&state_->context, &state_->request, &state_->response);
  }
  PendingCall(const PendingCall&) = delete;
  PendingCall& operator=(const PendingCall&) = delete;
  ~PendingCall() {
    // A call that never finished may still be used by a worker: leak its
    // state rather than free it under the worker (the test has failed).
    if (!Wait()) {
      ADD_FAILURE() << "call never finished";
      state_.release();
    }
  }

  // Waits (up to `timeout`) until the call has finished.
  bool Wait(absl::Duration timeout = absl::Seconds(10)) {
    const absl::Time give_up = absl::Now() + timeout;
    while (!peer_.test_status_set()) {
      if (absl::Now() > give_up) return false;
      absl::SleepFor(absl::Milliseconds(1));
    }
    return true;
  }
  grpc::Status status() const { return peer_.test_status(); }
  const grpc::ByteBuffer& response() const { return state_->response; }

 private:
  struct State {
    grpc::CallbackServerContext context;
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
  };
  std::unique_ptr<State> state_;
  grpc::testing::DefaultReactorTestPeer peer_;
};

class RpcEdgeTest : public ::testing::Test {
 protected:
  explicit RpcEdgeTest(HttpTransport* transport = nullptr, int workers = 2,
                       size_t queue = 8, UnaryRunner::Options options = {})
      : msp_(transport != nullptr ? *transport : fake_),
        pool_(workers, queue),
        idempotency_(IdempotencyCache::Options{}),
        logger_(log_),
        metrics_("test"),
        runner_(msp_, pool_, idempotency_, logger_, metrics_,
                WithDefaultReactor(options)) {}

  // DefaultReactorTestPeer drives only gRPC's default reactor (the
  // cancellation of reads is payment_service_impl_test.cc's).
  static UnaryRunner::Options WithDefaultReactor(UnaryRunner::Options options) {
    options.cancel_reads_with_caller = false;
    return options;
  }

  // `spec` served by the runner.
  template <typename Spec>
  RawMethod On(const Spec& spec) {
    return [this, &spec](grpc::CallbackServerContext* context,
                         const grpc::ByteBuffer* request,
                         grpc::ByteBuffer* response) {
      return runner_.Serve(spec, context, request, response);
    };
  }

  // Invokes one handler with raw bytes and waits for its answer.
  grpc::Status InvokeRaw(RawMethod handler, const std::string& bytes) {
    PendingCall call(handler, Bytes(bytes));
    EXPECT_TRUE(call.Wait());
    return call.status();
  }

  // Invokes one handler and waits for its answer.
  template <typename Request, typename Response>
  grpc::Status Invoke(RawMethod handler, const Request& request,
                      Response* response) {
    PendingCall call(handler, Bytes(request.SerializeAsString()));
    EXPECT_TRUE(call.Wait());
    const grpc::Status status = call.status();
    if (status.ok()) {
      EXPECT_TRUE(ParseBytes(call.response(), response));
    }
    return status;
  }

  uint64_t Count(const std::string& method, const std::string& code) {
    return metrics_.rpc_requests().Value({method, code, "none"});
  }
  uint64_t Refusals(const std::string& method, const std::string& reason) {
    return metrics_.rpc_refusals().Value({method, reason});
  }

  std::vector<FakeHttpTransport::Call> Sent() { return fake_.calls(); }

  FakeHttpTransport fake_;
  MspClient msp_;
  WorkerPool pool_;
  IdempotencyCache idempotency_;
  std::ostringstream log_;
  RpcLogger logger_;
  GatewayMetrics metrics_;
  UnaryRunner runner_;
};

constexpr char kRequestId[] = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

// A valid CreateOrder: 1.00 EUR of tea.
payments::v1::CreateOrderRequest TeaOrder(const std::string& order_id) {
  payments::v1::CreateOrderRequest request;
  request.set_order_id(order_id);
  request.set_currency("EUR");
  request.set_amount(100);
  request.set_description("Tea");
  return request;
}

TEST_F(RpcEdgeTest, GetOrderMapsTheOrder) {
  fake_.EnqueueJson(200, R"({"success":true,"data":{
      "order_id":"o-1","transaction_id":17472052901237122,
      "status":"chargedback","financial_status":"completed","amount":1000,
      "currency":"EUR","costs":[{"amount":0.60,"transaction_id":"7"}],
      "customer":{"email":"jan@example.com","first_name":"Jan"},
      "related_transactions":null}})");
  payments::v1::GetOrderRequest request;
  request.set_order_id("o-1");
  payments::v1::GetOrderResponse response;
  grpc::Status status = Invoke(On(kGetOrderSpec), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.order().transaction_id(), 17472052901237122);
  EXPECT_EQ(response.order().status(), payments::v1::ORDER_STATUS_CHARGEBACK);
  EXPECT_EQ(response.order().status_raw(), "chargedback");
  EXPECT_EQ(response.order().costs(0).amount(), "0.60");

  ASSERT_EQ(Sent().size(), 1u);
  EXPECT_EQ(Sent()[0].request.method, "GET");
  EXPECT_EQ(Sent()[0].request.path, "/orders/o-1");
  EXPECT_EQ(Count("GetOrder", "OK"), 1u);
  // One log line with the method and order_id, no personal data.
  const std::string log = log_.str();
  EXPECT_NE(log.find("\"method\":\"GetOrder\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"order_id\":\"o-1\""), std::string::npos) << log;
  EXPECT_EQ(log.find("jan@example.com"), std::string::npos);
  EXPECT_EQ(log.find("Jan"), std::string::npos);
}

TEST_F(RpcEdgeTest, InvalidRequestsAreNeverSent) {
  payments::v1::RefundOrderRequest refund;
  refund.set_amount(0);
  payments::v1::RefundOrderResponse refund_response;
  RpcError error =
      Decode(Invoke(On(kRefundOrderSpec), refund, &refund_response));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.fields, (std::vector<std::string>{"order_id", "currency",
                                                    "amount", "request_id"}));

  payments::v1::UpdateOrderRequest update;
  update.set_order_id("o-1");
  payments::v1::UpdateOrderResponse update_response;
  EXPECT_EQ(
      Decode(Invoke(On(kUpdateOrderSpec), update, &update_response)).fields,
      std::vector<std::string>{"status"});

  payments::v1::ListGatewaysRequest list;
  list.set_country("XX");
  payments::v1::ListGatewaysResponse list_response;
  EXPECT_EQ(Decode(Invoke(On(kListGatewaysSpec), list, &list_response)).fields,
            std::vector<std::string>{"country"});

  payments::v1::GetGatewayRequest gateway;
  payments::v1::GetGatewayResponse gateway_response;
  EXPECT_EQ(
      Decode(Invoke(On(kGetGatewaySpec), gateway, &gateway_response)).code,
      grpc::StatusCode::INVALID_ARGUMENT);

  EXPECT_TRUE(Sent().empty());
  EXPECT_EQ(Count("RefundOrder", "INVALID_ARGUMENT"), 1u);
  EXPECT_EQ(Count("ListGateways", "INVALID_ARGUMENT"), 1u);
}

TEST_F(RpcEdgeTest, OverRefundIsFailedPrecondition) {
  fake_.EnqueueJson(
      400,
      R"({"success":false,"data":{},"error_code":1034,"error_info":"Cannot refund transaction"})");
  payments::v1::RefundOrderRequest request;
  request.set_order_id("o-1");
  request.set_currency("EUR");
  request.set_amount(999999);
  request.set_request_id(kRequestId);
  payments::v1::RefundOrderResponse response;
  RpcError error = Decode(Invoke(On(kRefundOrderSpec), request, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(error.reason, "MSP_1034");
  ASSERT_EQ(Sent().size(), 1u);
  EXPECT_EQ(Sent()[0].request.path, "/orders/o-1/refunds");
  EXPECT_EQ(
      nlohmann::json::parse(Sent()[0].request.body),
      nlohmann::json::parse(absl::StrCat(
          R"({"currency":"EUR","amount":999999,"description":"[request_id:)",
          kRequestId, R"(]"})")));
  EXPECT_EQ(Count("RefundOrder", "FAILED_PRECONDITION"), 1u);
  EXPECT_NE(log_.str().find("\"reason\":\"MSP_1034\""), std::string::npos)
      << log_.str();
}

TEST_F(RpcEdgeTest, RefundAnswersMultiSafepaysIds) {
  fake_.EnqueueJson(
      200,
      R"({"success":true,"data":{"transaction_id":3326965,"refund_id":3326969}})");
  payments::v1::RefundOrderRequest request;
  request.set_order_id("o-1");
  request.set_currency("EUR");
  request.set_request_id(kRequestId);
  payments::v1::RefundOrderResponse response;
  ASSERT_TRUE(Invoke(On(kRefundOrderSpec), request, &response).ok());
  EXPECT_EQ(response.transaction_id(), 3326965);
  EXPECT_EQ(response.refund_id(), 3326969);
  EXPECT_EQ(response.order_id(), "o-1");
  // A full refund, marked so that a lost answer can be found again.
  EXPECT_EQ(nlohmann::json::parse(Sent()[0].request.body),
            nlohmann::json::parse(
                absl::StrCat(R"({"currency":"EUR","description":"[request_id:)",
                             kRequestId, R"(]"})")));
}

TEST_F(RpcEdgeTest, CancelIsAPatchWithTheCancelBody) {
  fake_.EnqueueJson(200, R"({"success":true,"data":{}})");
  payments::v1::CancelOrderRequest request;
  request.set_order_id("o 1");
  payments::v1::CancelOrderResponse response;
  ASSERT_TRUE(Invoke(On(kCancelOrderSpec), request, &response).ok());
  EXPECT_EQ(response.order_id(), "o 1");
  ASSERT_EQ(Sent().size(), 1u);
  EXPECT_EQ(Sent()[0].request.method, "PATCH");
  EXPECT_EQ(Sent()[0].request.path, "/orders/o%201");
  EXPECT_EQ(Sent()[0].request.body,
            R"({"status":"cancelled","exclude_order":true})");
  EXPECT_EQ(Count("CancelOrder", "OK"), 1u);
}

TEST_F(RpcEdgeTest, UpdateAndCaptureAnswerNewOrders) {
  fake_.EnqueueJson(
      200,
      R"({"success":true,"data":{"order_id":"o-1-ship-1","transaction_id":6303074}})");
  fake_.EnqueueJson(
      200,
      R"({"success":true,"data":{"order_id":"o-1-cap","transaction_id":"7"}})");
  payments::v1::UpdateOrderRequest update;
  update.set_order_id("o-1");
  update.set_status(payments::v1::UPDATE_ORDER_STATUS_SHIPPED);
  update.set_amount(12500);
  payments::v1::UpdateOrderResponse updated;
  ASSERT_TRUE(Invoke(On(kUpdateOrderSpec), update, &updated).ok());
  EXPECT_EQ(updated.order_id(), "o-1-ship-1");
  EXPECT_EQ(updated.transaction_id(), 6303074);

  payments::v1::CaptureOrderRequest capture;
  capture.set_order_id("o-1");
  capture.set_amount(2000);
  capture.set_request_id(kRequestId);
  payments::v1::CaptureOrderResponse captured;
  ASSERT_TRUE(Invoke(On(kCaptureOrderSpec), capture, &captured).ok());
  EXPECT_EQ(captured.order_id(), "o-1-cap");
  EXPECT_EQ(captured.transaction_id(), 7);

  std::vector<FakeHttpTransport::Call> sent = Sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].request.body, R"({"status":"shipped","amount":12500})");
  EXPECT_EQ(sent[1].request.path, "/orders/o-1/capture");
  EXPECT_EQ(nlohmann::json::parse(sent[1].request.body),
            nlohmann::json::parse(
                absl::StrCat(R"({"amount":2000,"new_order_status":"completed",)"
                             R"("description":"[request_id:)",
                             kRequestId, R"(]"})")));
}

TEST_F(RpcEdgeTest, Gateways) {
  fake_.EnqueueJson(
      200,
      R"({"success":true,"data":[{"id":"VISA","description":"Visa"},{"id":"EDENCOM","description":"Ticket Compliments","type":"coupon"}]})");
  fake_.EnqueueJson(
      404,
      R"({"success":false,"data":{},"error_code":1023,"error_info":"No gateway (payment method) available"})");
  payments::v1::ListGatewaysRequest list;
  list.set_country("BE");
  list.set_include_coupons(true);
  payments::v1::ListGatewaysResponse listed;
  ASSERT_TRUE(Invoke(On(kListGatewaysSpec), list, &listed).ok());
  ASSERT_EQ(listed.gateways_size(), 2);
  EXPECT_EQ(listed.gateways(1).gateway(), payments::v1::GATEWAY_EDENCOM);
  EXPECT_EQ(listed.gateways(1).type(), "coupon");

  payments::v1::GetGatewayRequest get;
  get.set_gateway(payments::v1::GATEWAY_KLARNA);
  payments::v1::GetGatewayResponse got;
  RpcError error = Decode(Invoke(On(kGetGatewaySpec), get, &got));
  EXPECT_EQ(error.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(error.reason, "MSP_1023");

  std::vector<FakeHttpTransport::Call> sent = Sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].request.path, "/gateways?country=BE&include=coupons");
  EXPECT_EQ(sent[1].request.path, "/gateways/KLARNA");
  EXPECT_EQ(Count("ListGateways", "OK"), 1u);
  EXPECT_EQ(Count("GetGateway", "FAILED_PRECONDITION"), 1u);
}

TEST_F(RpcEdgeTest, UnusableResponseIsUnavailable) {
  fake_.EnqueueJson(200, R"({"success":true,"data":{"amount":"lots"}})");
  payments::v1::GetOrderRequest request;
  request.set_order_id("o-1");
  payments::v1::GetOrderResponse response;
  RpcError error = Decode(Invoke(On(kGetOrderSpec), request, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(error.reason, "MSP_INVALID_RESPONSE");
  EXPECT_TRUE(error.has_retry_info);
}

TEST_F(RpcEdgeTest, CreateOrderKeepsItsIdempotency) {
  fake_.EnqueueJson(
      200,
      R"({"success":true,"data":{"order_id":"o-1","payment_url":"https://pay.example/x","session_id":"x"}})");
  payments::v1::CreateOrderRequest request = TeaOrder("o-1");
  payments::v1::CreateOrderResponse first, second;
  grpc::Status status = Invoke(On(kCreateOrderSpec), request, &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(Invoke(On(kCreateOrderSpec), request, &second).ok());
  EXPECT_EQ(second.payment_url(), first.payment_url());
  EXPECT_EQ(Sent().size(), 1u);  // The retry was answered from the cache.
  request.set_amount(200);
  EXPECT_EQ(Decode(Invoke(On(kCreateOrderSpec), request, &second)).reason,
            "ORDER_ID_REUSED");
  EXPECT_EQ(Count("CreateOrder", "OK"), 2u);
  EXPECT_EQ(Count("CreateOrder", "ALREADY_EXISTS"), 1u);
}

// Records what on_answer is told, and how many CreateOrders had been
// answered OK (counted as each answer leaves) when it was told.
class AnswerObserverTest : public RpcEdgeTest {
 protected:
  struct Seen {
    std::string method;
    std::string order_id;
    std::string payment_url;
    uint64_t answered_before;
  };

  AnswerObserverTest() : RpcEdgeTest(nullptr, 2, 8, Observed(this)) {}

  static UnaryRunner::Options Observed(AnswerObserverTest* test) {
    UnaryRunner::Options options;
    options.on_answer = [test](absl::string_view method, absl::string_view,
                               const google::protobuf::Message& request,
                               const google::protobuf::Message& response) {
      Seen seen{std::string(method),
                static_cast<const payments::v1::CreateOrderRequest&>(request)
                    .order_id(),
                static_cast<const payments::v1::CreateOrderResponse&>(response)
                    .payment_url(),
                test->Count("CreateOrder", "OK")};
      absl::MutexLock lock(&test->mu_);
      test->seen_.push_back(std::move(seen));
    };
    return options;
  }

  // Waits until on_answer was told `n` answers in all; returns them.
  std::vector<Seen> AwaitSeen(size_t n) {
    absl::MutexLock lock(&mu_);
    const auto enough = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return seen_.size() >= n;
    };
    mu_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(10));
    return seen_;
  }

  absl::Mutex mu_;
  std::vector<Seen> seen_ ABSL_GUARDED_BY(mu_);
};

TEST_F(AnswerObserverTest, ToldOfEachMappedAnswerAfterTheCallerHasIt) {
  for (const char* id : {"o-1", "o-2"}) {
    fake_.EnqueueJson(
        200,
        absl::StrCat(R"({"success":true,"data":{"order_id":")", id,
                     R"(","payment_url":"https://pay.example/)", id, R"("}})"));
  }
  payments::v1::CreateOrderRequest request = TeaOrder("o-1");
  payments::v1::CreateOrderResponse response;
  ASSERT_TRUE(Invoke(On(kCreateOrderSpec), request, &response).ok());
  // The identical retry is answered from the cache, on this thread: had it
  // told on_answer, it would have by now.
  ASSERT_TRUE(Invoke(On(kCreateOrderSpec), request, &response).ok());
  request.set_order_id("o-2");
  ASSERT_TRUE(Invoke(On(kCreateOrderSpec), request, &response).ok());

  const std::vector<Seen> seen = AwaitSeen(2);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "CreateOrder");
  EXPECT_EQ(seen[0].order_id, "o-1");
  EXPECT_EQ(seen[0].payment_url, "https://pay.example/o-1");
  // Told after the answer left (its store work never delays it): the call
  // had been counted, which happens as the answer is given.
  EXPECT_EQ(seen[0].answered_before, 1u);
  EXPECT_EQ(seen[1].order_id, "o-2");
  EXPECT_EQ(seen[1].answered_before, 3u);  // o-1, its retry, o-2.
  EXPECT_EQ(Sent().size(), 2u);
}

TEST_F(RpcEdgeTest, UndecodableBytesAreInvalidArgumentAndCounted) {
  // Random bytes: a field with wire type 7, which does not exist.
  grpc::Status status =
      InvokeRaw(On(kCreateOrderSpec), "\xff\xff\xff\xff garbage");
  RpcError error = Decode(status);
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.reason, "MALFORMED_REQUEST");
  EXPECT_EQ(status.error_message(),
            "the body is not a valid payments.v1.CreateOrderRequest");

  // order_id (field 1) holding invalid UTF-8: not a valid proto3 string.
  status = InvokeRaw(On(kGetOrderSpec), std::string("\x0a\x02\xc3\x28", 4));
  error = Decode(status);
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.reason, "MALFORMED_REQUEST");
  EXPECT_EQ(status.error_message(),
            "the body is not a valid payments.v1.GetOrderRequest");

  EXPECT_TRUE(Sent().empty());
  EXPECT_EQ(Count("CreateOrder", "INVALID_ARGUMENT"), 1u);
  EXPECT_EQ(Refusals("CreateOrder", "MALFORMED_REQUEST"), 1u);
  EXPECT_EQ(Refusals("GetOrder", "MALFORMED_REQUEST"), 1u);
  EXPECT_NE(log_.str().find("\"reason\":\"MALFORMED_REQUEST\""),
            std::string::npos)
      << log_.str();
}

TEST_F(RpcEdgeTest, EmptyBodyIsTheDefaultMessage) {
  // Zero bytes decode to a request with every field unset, which the
  // validator then explains.
  RpcError error = Decode(InvokeRaw(On(kGetOrderSpec), ""));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.fields, std::vector<std::string>{"order_id"});
  EXPECT_EQ(Refusals("GetOrder", "MALFORMED_REQUEST"), 0u);
}

class SmallRequestCapTest : public RpcEdgeTest {
 protected:
  SmallRequestCapTest()
      : RpcEdgeTest(
            nullptr, 2, 8,
            UnaryRunner::Options{absl::ZeroDuration(), /*max_bytes=*/1024}) {}
};

TEST_F(SmallRequestCapTest, OversizedRequestIsRefusedBeforeParsing) {
  // Garbage over the cap: refused for its size, so it was never parsed.
  RpcError error =
      Decode(InvokeRaw(On(kCreateOrderSpec), std::string(1025, '\xff')));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.reason, "REQUEST_TOO_LARGE");
  EXPECT_EQ(error.fields, std::vector<std::string>{""});
  EXPECT_EQ(Refusals("CreateOrder", "REQUEST_TOO_LARGE"), 1u);

  // A request at the cap is parsed and validated.
  payments::v1::GetOrderRequest get;
  get.set_order_id(std::string(1024 - 3, 'a'));  // Tag and 2-byte length.
  ASSERT_EQ(get.ByteSizeLong(), 1024u);
  payments::v1::GetOrderResponse got;
  error = Decode(Invoke(On(kGetOrderSpec), get, &got));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.fields, std::vector<std::string>{"order_id"});  // Too long.
}

TEST_F(RpcEdgeTest, NothingIsSentPastTheShutdownGrace) {
  runner_.StopSendingAt(absl::Now() - absl::Seconds(1));
  payments::v1::GetOrderRequest get;
  get.set_order_id("o-1");
  payments::v1::GetOrderResponse got;
  RpcError error = Decode(Invoke(On(kGetOrderSpec), get, &got));
  EXPECT_EQ(error.code, grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(error.reason, "SHUTTING_DOWN");
  EXPECT_TRUE(error.has_retry_info);
  EXPECT_TRUE(Sent().empty());
  EXPECT_EQ(Refusals("GetOrder", "SHUTTING_DOWN"), 1u);
}

// An asynchronous transport: calls park upstream without a worker each.
// One worker and no queue, so a blocking path would refuse the second call.
class AsyncUpstreamTest : public RpcEdgeTest {
 protected:
  AsyncUpstreamTest()
      : RpcEdgeTest(&parking_, 1, 0,
                    UnaryRunner::Options{absl::ZeroDuration(),
                                         std::numeric_limits<size_t>::max(),
                                         /*max_upstream_in_flight=*/3}) {
    parking_.set_async(true);
  }
  static grpc::ByteBuffer GetOrder(const std::string& order_id) {
    payments::v1::GetOrderRequest request;
    request.set_order_id(order_id);
    return Bytes(request.SerializeAsString());
  }
  // MultiSafepay's answer about `order_id` (an answer about another order
  // is refused as MSP_INVALID_RESPONSE).
  static std::string OrderAnswer(const std::string& order_id) {
    return R"({"success":true,"data":{"order_id":")" + order_id +
           R"(","status":"completed"}})";
  }
  FakeHttpTransport parking_;
};

TEST_F(AsyncUpstreamTest, CallsInFlightHoldNoWorkerAndEndAtTheLimit) {
  PendingCall first(On(kGetOrderSpec), GetOrder("o-1"));
  PendingCall second(On(kGetOrderSpec), GetOrder("o-2"));
  PendingCall third(On(kGetOrderSpec), GetOrder("o-3"));
  // All three are upstream at once, the worker pool untouched.
  EXPECT_EQ(parking_.parked(), 3u);
  EXPECT_EQ(pool_.queue_depth(), 0u);
  EXPECT_FALSE(first.Wait(absl::ZeroDuration()));

  // The fourth is over the in-flight limit: refused at once, never sent.
  payments::v1::GetOrderRequest over;
  over.set_order_id("o-4");
  payments::v1::GetOrderResponse refused;
  RpcError error = Decode(Invoke(On(kGetOrderSpec), over, &refused));
  EXPECT_EQ(error.code, grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(error.reason, "UPSTREAM_IN_FLIGHT_LIMIT");
  EXPECT_TRUE(error.has_retry_info);
  EXPECT_EQ(parking_.calls().size(), 3u);
  EXPECT_EQ(Refusals("GetOrder", "UPSTREAM_IN_FLIGHT_LIMIT"), 1u);

  // Completions finish the calls, oldest first; then there is room again.
  for (const char* id : {"o-1", "o-2", "o-3"}) {
    parking_.EnqueueJson(200, OrderAnswer(id));
  }
  ASSERT_TRUE(parking_.CompleteOldest());
  ASSERT_TRUE(first.Wait());
  EXPECT_TRUE(first.status().ok()) << first.status().error_message();
  PendingCall fourth(On(kGetOrderSpec), GetOrder("o-4"));
  EXPECT_EQ(parking_.parked(), 3u);
  while (parking_.CompleteOldest()) {
  }
  ASSERT_TRUE(second.Wait() && third.Wait() && fourth.Wait());
  EXPECT_TRUE(second.status().ok());
  // The fourth found no queued answer: the fake's INTERNAL, mapped through.
  EXPECT_EQ(Count("GetOrder", "OK"), 3u);
}

TEST_F(AsyncUpstreamTest, IdenticalCreateOrdersShareOneUpstreamCall) {
  payments::v1::CreateOrderRequest request;
  request.set_order_id("o-async");
  request.set_currency("EUR");
  request.set_amount(100);
  request.set_description("Tea");
  PendingCall first(On(kCreateOrderSpec), Bytes(request.SerializeAsString()));
  PendingCall joined(On(kCreateOrderSpec), Bytes(request.SerializeAsString()));
  EXPECT_EQ(parking_.parked(), 1u);
  parking_.EnqueueJson(
      200,
      R"({"success":true,"data":{"order_id":"o-async","payment_url":"https://pay.example/a"}})");
  ASSERT_TRUE(parking_.CompleteOldest());
  ASSERT_TRUE(first.Wait() && joined.Wait());
  ASSERT_TRUE(first.status().ok()) << first.status().error_message();
  ASSERT_TRUE(joined.status().ok()) << joined.status().error_message();
  payments::v1::CreateOrderResponse a, b;
  ASSERT_TRUE(ParseBytes(first.response(), &a));
  ASSERT_TRUE(ParseBytes(joined.response(), &b));
  EXPECT_EQ(a.payment_url(), "https://pay.example/a");
  EXPECT_EQ(b.payment_url(), a.payment_url());
  EXPECT_EQ(parking_.calls().size(), 1u);
}

class FullPoolTest : public RpcEdgeTest {
 protected:
  FullPoolTest() : RpcEdgeTest(&blocking_, 1, 0) {}
  ~FullPoolTest() override {
    if (!blocking_.release_.HasBeenNotified()) blocking_.release_.Notify();
  }
  BlockingTransport blocking_;
};

TEST_F(FullPoolTest, AnswersResourceExhaustedAtOnceWhenFull) {
  // Occupy the only worker with a ListGateways call that blocks upstream.
  PendingCall first(
      On(kListGatewaysSpec),
      Bytes(payments::v1::ListGatewaysRequest().SerializeAsString()));
  blocking_.entered_.WaitForNotification();

  payments::v1::GetOrderRequest get;
  get.set_order_id("o-2");
  payments::v1::GetOrderResponse got;
  RpcError error = Decode(Invoke(On(kGetOrderSpec), get, &got));
  EXPECT_EQ(error.code, grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(error.reason, "WORKER_POOL_FULL");
  EXPECT_TRUE(error.has_retry_info);
  EXPECT_EQ(Count("GetOrder", "RESOURCE_EXHAUSTED"), 1u);

  blocking_.release_.Notify();
  EXPECT_TRUE(first.Wait());
  EXPECT_EQ(Count("ListGateways", "OK"), 1u);
}

// One worker, blocked upstream; calls behind it wait in the queue.
class QueuedCallTest : public RpcEdgeTest {
 protected:
  QueuedCallTest() : RpcEdgeTest(&blocking_, 1, 8) {}
  ~QueuedCallTest() override {
    if (!blocking_.release_.HasBeenNotified()) blocking_.release_.Notify();
  }
  static payments::v1::CreateOrderRequest Order() {
    payments::v1::CreateOrderRequest request;
    request.set_order_id("o-queued");
    request.set_currency("EUR");
    request.set_amount(100);
    request.set_description("Tea");
    return request;
  }
  BlockingTransport blocking_;
};

TEST_F(QueuedCallTest, QueuedCallsAreNotSentOnceTheGraceIsOver) {
  PendingCall busy(
      On(kListGatewaysSpec),
      Bytes(payments::v1::ListGatewaysRequest().SerializeAsString()));
  blocking_.entered_.WaitForNotification();
  // Queued behind it: a CreateOrder, and an identical one that joins it.
  PendingCall queued(On(kCreateOrderSpec), Bytes(Order().SerializeAsString()));
  PendingCall joined(On(kCreateOrderSpec), Bytes(Order().SerializeAsString()));
  ASSERT_EQ(pool_.queue_depth(), 1u);

  // The grace ends while they wait; then the worker frees up.
  runner_.StopSendingAt(absl::Now());
  blocking_.release_.Notify();
  ASSERT_TRUE(busy.Wait());
  ASSERT_TRUE(queued.Wait());
  ASSERT_TRUE(joined.Wait());
  EXPECT_EQ(blocking_.sent_.load(), 1);  // Only the first call.
  RpcError error = Decode(queued.status());
  EXPECT_EQ(error.code, grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(error.reason, "SHUTTING_DOWN");
  // The joined caller is told nothing was sent, and may retry.
  error = Decode(joined.status());
  EXPECT_EQ(error.code, grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(error.reason, "NOT_SENT");
  EXPECT_TRUE(error.has_retry_info);
  EXPECT_EQ(Refusals("CreateOrder", "SHUTTING_DOWN"), 1u);

  // The idempotency entry was completed: a retry (here, had the replica
  // lived on) proceeds to MultiSafepay instead of joining a dead call.
  runner_.StopSendingAt(absl::InfiniteFuture());
  payments::v1::CreateOrderResponse created;
  Invoke(On(kCreateOrderSpec), Order(), &created);
  EXPECT_EQ(blocking_.sent_.load(), 2);
}

}  // namespace
}  // namespace msp_gateway
