// Copyright 2026 The msp-gateway Authors.
//
// PaymentServiceImpl's one server stream, WatchOrderEvents, over a real
// socket: without a hub, and from a hub. Apart from the unary methods'
// test: ThreadSanitizer reports the hand-off inside Debian's uninstrumented
// gRPC between a server-streaming reactor's Finish() and its OnDone, so
// this target is not in the TSan step (tools/test_all.sh).

#include <chrono>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "service/order_events/order_event_hub.h"
#include "service/server/payment_service_impl.h"
#include "service/store/memory_order_event_store.h"
#include "service/upstream/fake_http_transport.h"

namespace msp_gateway {
namespace {

using payments::v1::PaymentService;

std::unique_ptr<grpc::Server> StartOn(PaymentServiceImpl& service, int& port) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  return builder.BuildAndStart();
}

std::unique_ptr<PaymentService::Stub> StubFor(int port) {
  return PaymentService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
}

TEST(PaymentServiceImplWatchTest, WithoutAHubIsNotConfigured) {
  FakeHttpTransport fake;
  MspClient msp(fake);
  WorkerPool pool(1, 4);
  IdempotencyCache idempotency(IdempotencyCache::Options{});
  std::ostringstream log;
  RpcLogger logger(log);
  GatewayMetrics metrics("test");
  PaymentServiceImpl service(msp, pool, idempotency, logger, metrics);
  int port = 0;
  std::unique_ptr<grpc::Server> server = StartOn(service, port);
  ASSERT_NE(port, 0);
  auto stub = StubFor(port);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  auto reader = stub->WatchOrderEvents(&context, {});
  payments::v1::WatchOrderEventsResponse response;
  EXPECT_FALSE(reader->Read(&response));
  const grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "order events are not configured");
  server->Shutdown();
}

TEST(PaymentServiceImplWatchTest, StreamsTheHubsEvents) {
  FakeHttpTransport fake;
  MspClient msp(fake);
  WorkerPool pool(1, 4);
  WorkerPool store_pool(1, 4);
  IdempotencyCache idempotency(IdempotencyCache::Options{});
  std::ostringstream log;
  RpcLogger logger(log);
  GatewayMetrics metrics("test");
  MemoryOrderEventStore store;
  payments::v1::OrderEvent event;
  event.set_order_id("order-1");
  event.set_status(payments::v1::ORDER_STATUS_COMPLETED);
  ASSERT_TRUE(store
                  .ApplyOrderChange(
                      "order-1", absl::Now(),
                      [&](const std::optional<OrderState>&)
                          -> absl::StatusOr<std::optional<OrderStateChange>> {
                        OrderStateChange change;
                        change.state.order_id = "order-1";
                        change.event = event.SerializeAsString();
                        return std::optional<OrderStateChange>(change);
                      })
                  .ok());
  auto hub = OrderEventHub::Start(store, store_pool);
  ASSERT_TRUE(hub.ok()) << hub.status();
  PaymentServiceImpl service(msp, pool, idempotency, logger, metrics, {},
                             hub->get());
  int port = 0;
  std::unique_ptr<grpc::Server> server = StartOn(service, port);
  ASSERT_NE(port, 0);
  auto stub = StubFor(port);

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  auto reader = stub->WatchOrderEvents(&context, {});
  payments::v1::WatchOrderEventsResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.event().cursor(), "1");
  EXPECT_EQ(response.event().order_id(), "order-1");
  EXPECT_EQ(response.event().status(), payments::v1::ORDER_STATUS_COMPLETED);
  // The order the process stops in: the hub ends the streams, then the
  // server goes, then the hub.
  (*hub)->Shutdown();
  EXPECT_FALSE(reader->Read(&response));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  server->Shutdown();
}

}  // namespace
}  // namespace msp_gateway
