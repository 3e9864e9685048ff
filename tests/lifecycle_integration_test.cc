// Copyright 2026 The msp-gateway Authors.
//
// The lifecycle RPCs over real sockets: a gRPC client, the gateway
// (in-process) and the MultiSafepay emulator (in-process, HTTP on
// 127.0.0.1). Orders are created through the gateway, moved by the
// emulator's control surface (the customer paying, the bank settling), then
// read, shipped, captured, refunded and cancelled through the gateway.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/server/payment_server.h"
#include "tests/gateway_test_fixture.h"

namespace msp_gateway {
namespace {

using namespace payments::v1;  // NOLINT: the test speaks the contract.
using json = nlohmann::json;

class LifecycleIntegrationTest : public GatewayTestFixture {
 protected:
  void SetUp() override {
    GatewayTestFixture::SetUp();
    if (HasFatalFailure()) return;
    gateway_ = StartGateway(ApiRoot(), kApiKey);
    ASSERT_NE(gateway_, nullptr);
    stub_ = Stub(*gateway_);
  }

  // Calls `method` on the stub with a 10 s (or `deadline`) deadline.
  template <typename Request, typename Response, typename Method>
  grpc::Status Call(Method method, const Request& request, Response* response,
                    absl::Duration deadline = absl::Seconds(10)) {
    return CallWithDeadline(*stub_, method, request, response, deadline);
  }

  // Creates `request` through the gateway.
  void Create(const CreateOrderRequest& request) {
    CreateOrderResponse response;
    grpc::Status status =
        Call(&PaymentService::Stub::CreateOrder, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  Order Get(const std::string& order_id) {
    GetOrderRequest request;
    request.set_order_id(order_id);
    GetOrderResponse response;
    grpc::Status status =
        Call(&PaymentService::Stub::GetOrder, request, &response);
    EXPECT_TRUE(status.ok()) << order_id << ": " << status.error_message();
    return response.order();
  }

  uint64_t RpcCount(const std::string& method, const std::string& code) {
    return gateway_->metrics().rpc_requests().Value({method, code, "none"});
  }

  static CreateOrderRequest Bancontact(const std::string& order_id,
                                       int64_t amount = 10000) {
    CreateOrderRequest request = BancontactRequest();
    request.set_order_id(order_id);
    request.set_amount(amount);
    return request;
  }

  std::unique_ptr<PaymentServer> gateway_;
  std::unique_ptr<PaymentService::Stub> stub_;
};

TEST_F(LifecycleIntegrationTest, GetOrderFollowsTheStatus) {
  Create(Bancontact("get-1", 10000));
  Order order = Get("get-1");
  EXPECT_EQ(order.order_id(), "get-1");
  EXPECT_EQ(order.status(), ORDER_STATUS_INITIALIZED);
  EXPECT_EQ(order.status_raw(), "initialized");
  EXPECT_EQ(order.currency(), "EUR");
  EXPECT_EQ(order.amount(), 10000);
  EXPECT_GT(order.transaction_id(), 0);

  SetStatus("get-1", {{"status", "completed"}});
  order = Get("get-1");
  EXPECT_EQ(order.status(), ORDER_STATUS_COMPLETED);
  EXPECT_EQ(order.financial_status(), TRANSACTION_STATUS_COMPLETED);
  EXPECT_EQ(order.payment_details().gateway(), GATEWAY_MISTERCASH);
  EXPECT_FALSE(order.completed().empty());

  SetStatus("get-1", {{"status", "chargedback"}});
  order = Get("get-1");
  EXPECT_EQ(order.status(), ORDER_STATUS_CHARGEBACK);
  EXPECT_EQ(order.status_raw(), "chargedback");

  // The order_id travels as one percent-encoded path segment, so a slash
  // and a space still name this order (the emulator logs decoded paths).
  Create(Bancontact("a/b c", 500));
  EXPECT_EQ(Get("a/b c").order_id(), "a/b c");
  EXPECT_EQ(LastSent("GET", "/v1/json/orders/")["path"],
            "/v1/json/orders/a/b c");

  GetOrderRequest unknown;
  unknown.set_order_id("never-created");
  GetOrderResponse response;
  RpcError error =
      Decode(Call(&PaymentService::Stub::GetOrder, unknown, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(error.reason, "MSP_1006");
  EXPECT_EQ(RpcCount("GetOrder", "NOT_FOUND"), 1u);
  // Log lines carry method and order_id, never the customer.
  EXPECT_NE(log_.str().find("\"method\":\"GetOrder\""), std::string::npos);
  EXPECT_NE(log_.str().find("\"order_id\":\"never-created\""),
            std::string::npos);
  EXPECT_EQ(log_.str().find("example@multisafepay.com"), std::string::npos);
}

TEST_F(LifecycleIntegrationTest, RefundPartialOverAndFull) {
  Create(Bancontact("refund-1", 10000));
  SetStatus("refund-1", {{"status", "completed"}});

  // Each refund is its own operation, with its own request_id (the
  // idempotency key), which the gateway appends to the description.
  RefundOrderRequest partial;
  partial.set_order_id("refund-1");
  partial.set_currency("EUR");
  partial.set_amount(3000);
  partial.set_description("Broken cup");
  partial.set_request_id("1a2b3c4d-0001-4000-8000-000000000001");
  RefundOrderResponse refunded;
  grpc::Status status =
      Call(&PaymentService::Stub::RefundOrder, partial, &refunded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(refunded.transaction_id(), 0);
  EXPECT_FALSE(refunded.order_id().empty());
  EXPECT_EQ(LastSent("POST", "/v1/json/orders/refund-1/refunds")["body"],
            json::parse(R"({"currency":"EUR","amount":3000,"description":)"
                        R"("Broken cup [request_id:)"
                        R"(1a2b3c4d-0001-4000-8000-000000000001]"})"));

  Order order = Get("refund-1");
  EXPECT_EQ(order.status(), ORDER_STATUS_PARTIAL_REFUNDED);
  EXPECT_EQ(order.amount_refunded(), 3000);
  ASSERT_EQ(order.related_transactions_size(), 1);
  EXPECT_EQ(order.related_transactions(0).type(), "refund");
  EXPECT_EQ(order.related_transactions(0).amount(), 3000);

  // More than remains: MultiSafepay's 1034.
  RefundOrderRequest over = partial;
  over.set_amount(7001);
  over.set_request_id("1a2b3c4d-0002-4000-8000-000000000002");
  RpcError error =
      Decode(Call(&PaymentService::Stub::RefundOrder, over, &refunded));
  EXPECT_EQ(error.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(error.reason, "MSP_1034");
  EXPECT_EQ(RpcCount("RefundOrder", "FAILED_PRECONDITION"), 1u);

  // The rest: amount unset refunds everything that remains.
  RefundOrderRequest full;
  full.set_order_id("refund-1");
  full.set_currency("EUR");
  full.set_request_id("1a2b3c4d-0003-4000-8000-000000000003");
  status = Call(&PaymentService::Stub::RefundOrder, full, &refunded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(LastSent("POST", "/v1/json/orders/refund-1/refunds")["body"],
            json::parse(R"({"currency":"EUR","description":"[request_id:)"
                        R"(1a2b3c4d-0003-4000-8000-000000000003]"})"));
  order = Get("refund-1");
  EXPECT_EQ(order.status(), ORDER_STATUS_REFUNDED);
  EXPECT_EQ(order.amount_refunded(), 10000);
  EXPECT_EQ(order.related_transactions_size(), 2);

  // Nothing left to refund (a new refund: a new request_id).
  RefundOrderRequest again = partial;
  again.set_request_id("1a2b3c4d-0004-4000-8000-000000000004");
  error = Decode(Call(&PaymentService::Stub::RefundOrder, again, &refunded));
  EXPECT_EQ(error.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(error.reason, "MSP_1034");
}

TEST_F(LifecycleIntegrationTest, InvalidRefundNeverReachesUpstream) {
  RefundOrderRequest request;
  request.set_order_id("refund-2");
  request.set_currency("euro");
  request.set_amount(0);
  request.set_request_id("1a2b3c4d-0005-4000-8000-000000000005");
  RefundOrderResponse response;
  RpcError error =
      Decode(Call(&PaymentService::Stub::RefundOrder, request, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.fields, (std::vector<std::string>{"currency", "amount"}));
  EXPECT_TRUE(RequestLog().empty());
}

TEST_F(LifecycleIntegrationTest, BnplShipThenRefundCartLines) {
  CreateOrderRequest pad = FromJsonFile<CreateOrderRequest>(
      "tests/testdata/post-orders/pad.request.json");
  pad.set_order_id("bnpl-1");
  Create(pad);
  SetStatus("bnpl-1", {{"status", "completed"}});
  Order order = Get("bnpl-1");
  EXPECT_EQ(order.status(), ORDER_STATUS_COMPLETED);
  EXPECT_EQ(order.financial_status(), TRANSACTION_STATUS_UNCLEARED);

  UpdateOrderRequest ship;
  ship.set_order_id("bnpl-1");
  ship.set_status(UPDATE_ORDER_STATUS_SHIPPED);
  ship.set_tracktrace_code("3SMSP0123456789");
  ship.set_carrier("MSP Logistics");
  ship.set_invoice_id("AB12345");
  UpdateOrderResponse shipped;
  grpc::Status status =
      Call(&PaymentService::Stub::UpdateOrder, ship, &shipped);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(shipped.order_id(), "bnpl-1");
  EXPECT_EQ(Get("bnpl-1").status(), ORDER_STATUS_SHIPPED);

  // The original cart plus one "Nice apple" refunded (negative unit_price).
  RefundOrderRequest refund;
  refund.set_order_id("bnpl-1");
  refund.set_currency("EUR");
  *refund.mutable_checkout_data() = pad.shopping_cart();
  CartItem& line = *refund.mutable_checkout_data()->add_items();
  line = pad.shopping_cart().items(1);
  line.set_unit_price("-35");
  line.set_quantity(1);
  refund.set_request_id("1a2b3c4d-0006-4000-8000-000000000006");
  RefundOrderResponse refunded;
  status = Call(&PaymentService::Stub::RefundOrder, refund, &refunded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The decimal went out as a JSON number, digit for digit.
  const json sent = LastSent("POST", "/v1/json/orders/bnpl-1/refunds")["body"];
  ASSERT_TRUE(sent.contains("checkout_data")) << sent;
  EXPECT_EQ(sent["checkout_data"]["items"].size(), 4u);
  EXPECT_EQ(sent["checkout_data"]["items"][3]["unit_price"], -35);

  order = Get("bnpl-1");
  EXPECT_EQ(order.amount_refunded(), 3500);
  EXPECT_EQ(order.status(), ORDER_STATUS_PARTIAL_REFUNDED);
}

TEST_F(LifecycleIntegrationTest, ManualCapturePartialThenRest) {
  CreateOrderRequest request = Bancontact("capture-1", 10000);
  request.set_capture(CAPTURE_MODE_MANUAL);
  Create(request);
  SetStatus("capture-1", {{"status", "completed"}});
  Order order = Get("capture-1");
  EXPECT_EQ(order.status(), ORDER_STATUS_COMPLETED);
  EXPECT_EQ(order.financial_status(), TRANSACTION_STATUS_INITIALIZED);

  CaptureOrderRequest partial;
  partial.set_order_id("capture-1");
  partial.set_amount(4000);
  partial.set_new_order_id("capture-1-part");
  partial.set_invoice_id("INV-1");
  partial.set_request_id("1a2b3c4d-0007-4000-8000-000000000007");
  CaptureOrderResponse captured;
  grpc::Status status =
      Call(&PaymentService::Stub::CaptureOrder, partial, &captured);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(captured.order_id(), "capture-1-part");
  EXPECT_GT(captured.transaction_id(), 0);
  EXPECT_EQ(
      LastSent("POST", "/v1/json/orders/capture-1/capture")["body"],
      json::parse(R"({"amount":4000,"new_order_id":"capture-1-part",)"
                  R"("new_order_status":"completed","invoice_id":"INV-1",)"
                  R"("description":"[request_id:)"
                  R"(1a2b3c4d-0007-4000-8000-000000000007]"})"));
  Order part = Get("capture-1-part");
  EXPECT_EQ(part.amount(), 4000);
  EXPECT_EQ(part.status(), ORDER_STATUS_COMPLETED);
  EXPECT_EQ(part.auth_order_id(), "capture-1");

  CaptureOrderRequest rest;
  rest.set_order_id("capture-1");
  rest.set_request_id("1a2b3c4d-0008-4000-8000-000000000008");
  status = Call(&PaymentService::Stub::CaptureOrder, rest, &captured);
  ASSERT_TRUE(status.ok()) << status.error_message();
  order = Get("capture-1");
  EXPECT_EQ(order.financial_status(), TRANSACTION_STATUS_COMPLETED);
  int captures = 0;
  for (const RelatedTransaction& t : order.related_transactions()) {
    captures += t.type() == "capture";
  }
  EXPECT_EQ(captures, 2);
  EXPECT_EQ(RpcCount("CaptureOrder", "OK"), 2u);
}

TEST_F(LifecycleIntegrationTest, CancelUnpaidButNotPaid) {
  Create(Bancontact("cancel-1"));
  CancelOrderRequest cancel;
  cancel.set_order_id("cancel-1");
  cancel.set_reason("customer changed their mind");
  CancelOrderResponse cancelled;
  grpc::Status status =
      Call(&PaymentService::Stub::CancelOrder, cancel, &cancelled);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(cancelled.order_id(), "cancel-1");
  EXPECT_EQ(LastSent("PATCH", "/v1/json/orders/cancel-1")["body"],
            json::parse(R"({"status":"cancelled","exclude_order":true,)"
                        R"("reason":"customer changed their mind"})"));
  Order order = Get("cancel-1");
  EXPECT_EQ(order.status(), ORDER_STATUS_CANCELLED);
  EXPECT_EQ(order.financial_status(), TRANSACTION_STATUS_CANCELLED);

  // UpdateOrder can cancel too.
  Create(Bancontact("cancel-2"));
  UpdateOrderRequest update;
  update.set_order_id("cancel-2");
  update.set_status(UPDATE_ORDER_STATUS_CANCELLED);
  update.set_exclude_order(true);
  UpdateOrderResponse updated;
  ASSERT_TRUE(Call(&PaymentService::Stub::UpdateOrder, update, &updated).ok());
  EXPECT_EQ(Get("cancel-2").status(), ORDER_STATUS_CANCELLED);

  // A paid order cannot be cancelled: MultiSafepay answers 410 / 1000.
  Create(Bancontact("cancel-3"));
  SetStatus("cancel-3", {{"status", "completed"}});
  cancel.set_order_id("cancel-3");
  RpcError error =
      Decode(Call(&PaymentService::Stub::CancelOrder, cancel, &cancelled));
  EXPECT_EQ(error.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(error.reason, "MSP_1000");
  EXPECT_EQ(Get("cancel-3").status(), ORDER_STATUS_COMPLETED);
}

TEST_F(LifecycleIntegrationTest, ListGatewaysWithFilters) {
  auto list = [&](const ListGatewaysRequest& request) {
    ListGatewaysResponse response;
    grpc::Status status =
        Call(&PaymentService::Stub::ListGateways, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  auto has = [](const ListGatewaysResponse& r, Gateway gateway) {
    for (const GatewayDescription& g : r.gateways()) {
      if (g.gateway() == gateway) return true;
    }
    return false;
  };
  auto coupons = [](const ListGatewaysResponse& r) {
    int n = 0;
    for (const GatewayDescription& g : r.gateways()) n += g.type() == "coupon";
    return n;
  };

  ListGatewaysRequest all;
  ListGatewaysResponse everything = list(all);
  EXPECT_TRUE(has(everything, GATEWAY_MISTERCASH));
  EXPECT_TRUE(has(everything, GATEWAY_IN3));
  EXPECT_FALSE(has(everything, GATEWAY_CREDITCARD));  // Never listed.
  for (const GatewayDescription& g : everything.gateways()) {
    EXPECT_NE(g.gateway(), GATEWAY_UNSPECIFIED) << g.id();
    EXPECT_FALSE(g.description().empty()) << g.id();
  }

  ListGatewaysRequest belgium;
  belgium.set_country("BE");
  belgium.set_currency("EUR");
  ListGatewaysResponse in_belgium = list(belgium);
  EXPECT_TRUE(has(in_belgium, GATEWAY_MISTERCASH));
  EXPECT_FALSE(has(in_belgium, GATEWAY_IN3));  // Dutch only.
  EXPECT_EQ(LastSent("GET", "/v1/json/gateways")["query"]["country"], "BE");

  ListGatewaysRequest small;
  small.set_country("NL");
  small.set_amount(1000);  // in3 starts at 50 EUR.
  EXPECT_FALSE(has(list(small), GATEWAY_IN3));
  small.set_amount(10000);
  EXPECT_TRUE(has(list(small), GATEWAY_IN3));

  ListGatewaysRequest with_coupons;
  with_coupons.set_include_coupons(true);
  EXPECT_GT(coupons(list(with_coupons)), coupons(everything));

  ListGatewaysRequest invalid;
  invalid.set_country("Belgium");
  ListGatewaysResponse response;
  RpcError error =
      Decode(Call(&PaymentService::Stub::ListGateways, invalid, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.fields, std::vector<std::string>{"country"});
  EXPECT_EQ(RpcCount("ListGateways", "OK"), 5u);
  EXPECT_EQ(RpcCount("ListGateways", "INVALID_ARGUMENT"), 1u);
}

TEST_F(LifecycleIntegrationTest, GetGatewayKnownAndUnavailable) {
  GetGatewayRequest request;
  request.set_gateway(GATEWAY_MISTERCASH);
  GetGatewayResponse response;
  grpc::Status status =
      Call(&PaymentService::Stub::GetGateway, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.gateway().gateway(), GATEWAY_MISTERCASH);
  EXPECT_EQ(response.gateway().id(), "MISTERCASH");
  EXPECT_EQ(response.gateway().description(), "Bancontact");

  // A gateway the site has not activated: MultiSafepay's 404 / 1023.
  InjectFault({{"method", "GET"},
               {"path", "/v1/json/gateways/KLARNA"},
               {"kind", "error"},
               {"http_status", 404},
               {"error_code", 1023},
               {"error_info", "No gateway (payment method) available"}});
  request.set_gateway(GATEWAY_KLARNA);
  RpcError error =
      Decode(Call(&PaymentService::Stub::GetGateway, request, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(error.reason, "MSP_1023");
  EXPECT_EQ(RpcCount("GetGateway", "FAILED_PRECONDITION"), 1u);
}

TEST_F(LifecycleIntegrationTest, SameErrorMappingAndDeadlines) {
  Create(Bancontact("errors-1"));
  GetOrderRequest get;
  get.set_order_id("errors-1");
  GetOrderResponse got;

  // MultiSafepay down for a moment: UNAVAILABLE, as for CreateOrder.
  InjectFault({{"method", "GET"},
               {"path", "/v1/json/orders/*"},
               {"kind", "html_503"},
               {"times", 1}});
  RpcError error = Decode(Call(&PaymentService::Stub::GetOrder, get, &got));
  EXPECT_EQ(error.code, grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(error.reason, "MSP_HTTP_503");

  // A slow answer hits the caller's deadline (2.5 s: above the 2 s minimum
  // budget, so the refund is sent).
  InjectFault({{"method", "POST"},
               {"path", "/v1/json/orders/errors-1/refunds"},
               {"kind", "delay"},
               {"delay_ms", 4500},
               {"times", 1}});
  RefundOrderRequest refund;
  refund.set_order_id("errors-1");
  refund.set_currency("EUR");
  refund.set_request_id("1a2b3c4d-0009-4000-8000-000000000009");
  RefundOrderResponse refunded;
  grpc::Status status = Call(&PaymentService::Stub::RefundOrder, refund,
                             &refunded, absl::Milliseconds(2500));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_NE(Decode(status).reason, "DEADLINE_TOO_SHORT");
  // The caller's timer alone makes the two lines above pass; what the
  // gateway did is in its metrics. The refund reached MultiSafepay, and the
  // gateway gave up on it when the caller's deadline passed: no answer
  // recorded (the 4.5 s one would be a 200, the 5 s --msp_read_timeout a
  // later end), the RPC ended as DEADLINE_EXCEEDED on the server too.
  ASSERT_FALSE(LastSent("POST", "/v1/json/orders/errors-1/refunds").is_null());
  const GatewayMetrics& metrics = gateway_->metrics();
  for (int i = 0; i < 500 && RpcCount("RefundOrder", "DEADLINE_EXCEEDED") == 0;
       ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(RpcCount("RefundOrder", "DEADLINE_EXCEEDED"), 1u)
      << metrics.RenderPrometheus();
  EXPECT_EQ(metrics.upstream_requests().Value(
                {"POST /orders/{order_id}/refunds", "0", "0"}),
            1u)
      << metrics.RenderPrometheus();
  const std::string refunds_latency =
      R"(msp_gateway_upstream_latency_seconds_sum{endpoint="POST /orders/{order_id}/refunds"} )";
  const std::string rendered = metrics.RenderPrometheus();
  const size_t at = rendered.find(refunds_latency);
  ASSERT_NE(at, std::string::npos) << rendered;
  const double upstream_seconds =
      std::stod(rendered.substr(at + refunds_latency.size()));
  // Cut at the caller's 2.5 s (less the time before sending), well before
  // the 4.5 s answer or the 5 s read timeout.
  EXPECT_LT(upstream_seconds, 3.5) << rendered;

  // The gateway's key is wrong: INTERNAL MSP_1032 on every RPC, key not
  // leaked.
  std::unique_ptr<PaymentServer> wrong_key =
      StartGateway(ApiRoot(), "wrong-key-value-123");
  ASSERT_NE(wrong_key, nullptr);
  auto stub = Stub(*wrong_key);
  grpc::ClientContext context;
  ListGatewaysResponse listed;
  status = stub->ListGateways(&context, ListGatewaysRequest(), &listed);
  error = Decode(status);
  EXPECT_EQ(error.code, grpc::StatusCode::INTERNAL);
  EXPECT_EQ(error.reason, "MSP_1032");
  EXPECT_EQ(status.error_message().find("wrong-key-value-123"),
            std::string::npos);
}

TEST_F(LifecycleIntegrationTest, ReadWhoseDeadlinePassedInTheQueueIsNotSent) {
  // A read needs no minimum budget; with one worker, a GetOrder queued
  // behind a slow one has only its passed deadline to keep it from
  // MultiSafepay.
  Create(Bancontact("queued-1"));
  std::unique_ptr<PaymentServer> one_worker =
      StartGateway(ApiRoot(), kApiKey, /*workers=*/1, /*queue_capacity=*/4);
  ASSERT_NE(one_worker, nullptr);
  auto stub = Stub(*one_worker);
  InjectFault({{"method", "GET"},
               {"path", "/v1/json/orders/queued-1"},
               {"kind", "delay"},
               {"delay_ms", 1500},
               {"times", 1}});
  GetOrderRequest get;
  get.set_order_id("queued-1");
  GetOrderResponse slow_got;
  grpc::ClientContext slow_context;
  slow_context.set_deadline(std::chrono::system_clock::now() +
                            std::chrono::seconds(10));
  grpc::Status slow_status;
  absl::Notification slow_done;
  stub->async()->GetOrder(&slow_context, &get, &slow_got, [&](grpc::Status s) {
    slow_status = std::move(s);
    slow_done.Notify();
  });
  for (int i = 0;
       i < 100 && LastSent("GET", "/v1/json/orders/queued-1").is_null(); ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  const size_t gets_before = [&] {
    size_t n = 0;
    for (const json& entry : RequestLog()) n += entry["method"] == "GET";
    return n;
  }();
  ASSERT_EQ(gets_before, 1u);
  GetOrderResponse late_got;
  grpc::Status late = CallWithDeadline(*stub, &PaymentService::Stub::GetOrder,
                                       get, &late_got, absl::Milliseconds(300));
  EXPECT_EQ(late.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  ASSERT_TRUE(slow_done.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_TRUE(slow_status.ok()) << slow_status.error_message();
  const GatewayMetrics& metrics = one_worker->metrics();
  for (int i = 0; i < 500 && metrics.rpc_refusals().Value(
                                 {"GetOrder", "DEADLINE_TOO_SHORT"}) == 0;
       ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(metrics.rpc_refusals().Value({"GetOrder", "DEADLINE_TOO_SHORT"}),
            1u)
      << metrics.RenderPrometheus();
  size_t gets_after = 0;
  for (const json& entry : RequestLog()) gets_after += entry["method"] == "GET";
  EXPECT_EQ(gets_after, 1u) << "the late GetOrder reached MultiSafepay";
  EXPECT_EQ(
      metrics.upstream_requests().Value({"GET /orders/{order_id}", "200", "0"}),
      1u);
}

TEST_F(LifecycleIntegrationTest, WritesWithTooLittleDeadlineAreNotSent) {
  Create(Bancontact("budget-1"));
  const size_t logged = RequestLog().size();
  // With 1 s left, less than the default 2 s --min_upstream_budget, no
  // write is sent: each says so and may be retried safely.
  UpdateOrderRequest update;
  update.set_order_id("budget-1");
  update.set_status(UPDATE_ORDER_STATUS_SHIPPED);
  UpdateOrderResponse updated;
  CancelOrderRequest cancel;
  cancel.set_order_id("budget-1");
  CancelOrderResponse cancelled;
  CaptureOrderRequest capture;
  capture.set_order_id("budget-1");
  capture.set_amount(100);
  capture.set_request_id("1a2b3c4d-000a-4000-8000-00000000000a");
  CaptureOrderResponse captured;
  RefundOrderRequest refund;
  refund.set_order_id("budget-1");
  refund.set_currency("EUR");
  refund.set_request_id("1a2b3c4d-000b-4000-8000-00000000000b");
  RefundOrderResponse refunded;
  const absl::Duration short_deadline = absl::Seconds(1);
  for (const grpc::Status& status : {Call(&PaymentService::Stub::UpdateOrder,
                                          update, &updated, short_deadline),
                                     Call(&PaymentService::Stub::CancelOrder,
                                          cancel, &cancelled, short_deadline),
                                     Call(&PaymentService::Stub::CaptureOrder,
                                          capture, &captured, short_deadline),
                                     Call(&PaymentService::Stub::RefundOrder,
                                          refund, &refunded, short_deadline)}) {
    RpcError error = Decode(status);
    EXPECT_EQ(error.code, grpc::StatusCode::DEADLINE_EXCEEDED)
        << status.error_message();
    EXPECT_EQ(error.reason, "DEADLINE_TOO_SHORT");
    EXPECT_EQ(error.metadata["request_sent"], "false");
  }
  EXPECT_EQ(RequestLog().size(), logged);  // Nothing reached MultiSafepay.
  for (const char* method :
       {"UpdateOrder", "CancelOrder", "CaptureOrder", "RefundOrder"}) {
    EXPECT_EQ(gateway_->metrics().rpc_refusals().Value(
                  {method, "DEADLINE_TOO_SHORT"}),
              1u)
        << method;
  }
  // A read with as little time is still sent: sending it late costs nothing
  // but a worker.
  GetOrderRequest get;
  get.set_order_id("budget-1");
  GetOrderResponse got;
  EXPECT_TRUE(
      Call(&PaymentService::Stub::GetOrder, get, &got, short_deadline).ok());
}

}  // namespace
}  // namespace msp_gateway
