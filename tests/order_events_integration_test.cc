// Copyright 2026 The msp-gateway Authors.
//
// Order events end to end over real sockets (issue 12): the MultiSafepay
// emulator (in-process, HTTP on 127.0.0.1) notifies the gateway's
// notification listener (in-process, its own port) as MultiSafepay does;
// what the gateway learns comes out of WatchOrderEvents on its gRPC port.
// Faults are the emulator's: a dropped notification is found by the poller,
// a bad or stale signature is refused and changes nothing, a duplicate is
// not a second event.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.grpc.pb.h"
#include "service/server/payment_server.h"
#include "tests/gateway_test_fixture.h"
#include "tests/harness/loopback_socket.h"

namespace msp_gateway {
namespace {

using ::msp_gateway::harness::FreeLoopbackPort;

using namespace payments::v1;  // NOLINT: the test speaks the contract.
using json = nlohmann::json;

// One WatchOrderEvents stream, read event by event.
class Watch {
 public:
  Watch(PaymentService::Stub& stub, const WatchOrderEventsRequest& request) {
    context_.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(30));
    reader_ = stub.WatchOrderEvents(&context_, request);
  }
  ~Watch() {
    context_.TryCancel();
    WatchOrderEventsResponse ignored;
    while (reader_->Read(&ignored)) {
    }
    reader_->Finish().ok();
  }

  // The next event; fails the test when the stream ends first.
  OrderEvent Next() {
    WatchOrderEventsResponse response;
    EXPECT_TRUE(reader_->Read(&response)) << "the stream ended";
    return response.event();
  }

  // Events up to and including the first of `order_id` with `status`.
  std::vector<OrderEvent> Until(const std::string& order_id,
                                OrderStatus status) {
    std::vector<OrderEvent> events;
    WatchOrderEventsResponse response;
    while (reader_->Read(&response)) {
      events.push_back(response.event());
      if (response.event().order_id() == order_id &&
          response.event().status() == status) {
        return events;
      }
    }
    ADD_FAILURE() << "the stream ended before " << order_id << " "
                  << OrderStatus_Name(status);
    return events;
  }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<WatchOrderEventsResponse>> reader_;
};

class OrderEventsIntegrationTest : public GatewayTestFixture {
 protected:
  void CustomizeEmulator(msp_emulator::EmulatorOptions& options) override {
    // A refused notification is retried soon, so a test sees the retry.
    options.notify_retry_interval = absl::Milliseconds(300);
    options.notify_retries = 3;
  }

  void SetUp() override {
    GatewayTestFixture::SetUp();
    if (HasFatalFailure()) return;
    notification_port_ = FreeLoopbackPort();
    ASSERT_NE(notification_port_, 0);
    gateway_ = StartGateway(ApiRoot(), kApiKey, [&](ServerFlags& flags) {
      flags.notification_port = notification_port_;
      flags.notification_base_url =
          absl::StrCat("http://127.0.0.1:", notification_port_);
      flags.reconcile_after = absl::Seconds(1);
    });
    ASSERT_NE(gateway_, nullptr);
    ASSERT_EQ(gateway_->notification_port(), notification_port_);
    stub_ = Stub(*gateway_);
  }

  void Create(const std::string& order_id) {
    CreateOrderRequest request = BancontactRequest();
    request.set_order_id(order_id);
    request.set_amount(2500);
    // The gateway owns notification_url (a caller's own is refused).
    request.mutable_payment_options()->clear_notification_url();
    request.mutable_payment_options()->clear_notification_method();
    CreateOrderResponse response;
    grpc::Status status = CallWithDeadline(
        *stub_, &PaymentService::Stub::CreateOrder, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  void ArmNotificationFault(const json& fault) {
    auto result = control_->Post("/__emulator/notification_faults",
                                 fault.dump(), "application/json");
    ASSERT_TRUE(result) << "emulator unreachable";
    ASSERT_EQ(result->status, 200) << result->body;
  }

  // The emulator's notification log entries of `order_id`.
  std::vector<json> NotificationsOf(const std::string& order_id) {
    auto result = control_->Get("/__emulator/notifications");
    EXPECT_TRUE(result && result->status == 200);
    std::vector<json> entries;
    if (!result) return entries;
    json log = json::parse(result->body, nullptr, false);
    const json& list = log.is_object() && log.contains("notifications")
                           ? log["notifications"]
                           : log;
    if (!list.is_array()) return entries;
    for (const json& entry : list) {
      if (entry.value("order_id", "") == order_id) entries.push_back(entry);
    }
    return entries;
  }

  // Waits (up to 20 s) until the emulator logged `count` answered attempts
  // for `order_id`.
  std::vector<json> AwaitAnsweredNotifications(const std::string& order_id,
                                               size_t count) {
    const absl::Time end = absl::Now() + absl::Seconds(20);
    std::vector<json> answered;
    while (absl::Now() < end) {
      answered.clear();
      for (const json& entry : NotificationsOf(order_id)) {
        if (entry.value("http_status", 0) != 0) answered.push_back(entry);
      }
      if (answered.size() >= count) return answered;
      absl::SleepFor(absl::Milliseconds(50));
    }
    ADD_FAILURE() << "fewer than " << count << " notifications of " << order_id
                  << " answered";
    return answered;
  }

  uint64_t Notifications(const std::string& result) {
    return gateway_->metrics().notifications().Value({"POST", result});
  }

  static WatchOrderEventsRequest Orders(std::vector<std::string> order_ids,
                                        const std::string& after = "") {
    WatchOrderEventsRequest request;
    for (const std::string& order_id : order_ids) {
      request.add_order_ids(order_id);
    }
    request.set_after_cursor(after);
    return request;
  }

  int notification_port_ = 0;
  std::unique_ptr<PaymentServer> gateway_;
  std::unique_ptr<PaymentService::Stub> stub_;
};

TEST_F(OrderEventsIntegrationTest, ANotificationBecomesTheOrdersNextEvent) {
  Watch watch(*stub_, {});
  Create("ev-1");
  OrderEvent created = watch.Next();
  EXPECT_EQ(created.order_id(), "ev-1");
  EXPECT_EQ(created.status(), ORDER_STATUS_INITIALIZED);
  EXPECT_EQ(created.source(), ORDER_EVENT_SOURCE_RPC);
  EXPECT_TRUE(created.created_by_gateway());
  EXPECT_EQ(created.amount(), 2500);
  EXPECT_EQ(created.currency(), "EUR");

  // The customer pays: MultiSafepay notifies the URL the gateway set.
  SetStatus("ev-1", {{"status", "completed"}});
  OrderEvent paid = watch.Next();
  EXPECT_EQ(paid.order_id(), "ev-1");
  EXPECT_EQ(paid.status(), ORDER_STATUS_COMPLETED);
  EXPECT_EQ(paid.financial_status(), TRANSACTION_STATUS_COMPLETED);
  EXPECT_EQ(paid.source(), ORDER_EVENT_SOURCE_NOTIFICATION);
  EXPECT_GT(std::stoll(paid.cursor()), std::stoll(created.cursor()));
  EXPECT_GT(paid.order().transaction_id(), 0);

  std::vector<json> sent = AwaitAnsweredNotifications("ev-1", 1);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0]["method"], "POST");
  EXPECT_EQ(sent[0]["http_status"], 200);
  EXPECT_EQ(sent[0]["acknowledged"], true);
  // MultiSafepay adds transactionid and timestamp to the URL.
  EXPECT_TRUE(absl::StartsWith(
      sent[0]["url"].get<std::string>(),
      absl::StrCat("http://127.0.0.1:", notification_port_,
                   "/notifications/multisafepay?transactionid=ev-1&"
                   "timestamp=")))
      << sent[0]["url"];
  EXPECT_EQ(Notifications("accepted"), 1u);

  // A watcher that resumes after the first event gets the second, the
  // same, and one filtered on another order gets neither.
  Watch resumed(*stub_, Orders({}, created.cursor()));
  OrderEvent again = resumed.Next();
  EXPECT_EQ(again.cursor(), paid.cursor());
  EXPECT_EQ(again.status(), ORDER_STATUS_COMPLETED);
}

TEST_F(OrderEventsIntegrationTest, ALostNotificationIsFoundByThePoller) {
  ArmNotificationFault({{"kind", "drop"}, {"order_id", "ev-lost"}});
  Watch watch(*stub_, Orders({"ev-lost"}));
  Create("ev-lost");
  EXPECT_EQ(watch.Next().source(), ORDER_EVENT_SOURCE_RPC);
  SetStatus("ev-lost", {{"status", "completed"}});
  // Never delivered; after --reconcile_after the poller reads the order.
  OrderEvent found = watch.Next();
  EXPECT_EQ(found.status(), ORDER_STATUS_COMPLETED);
  EXPECT_EQ(found.source(), ORDER_EVENT_SOURCE_RECONCILER);
  EXPECT_EQ(Notifications("accepted"), 0u);
  // The poller counts its poll after the recorder has emitted the event
  // (which the stream may deliver first): wait for the count, bounded by
  // the test's timeout.
  while (gateway_->metrics().order_polls().Value({"changed"}) < 1u) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_GE(gateway_->metrics().order_polls().Value({"changed"}), 1u);
}

TEST_F(OrderEventsIntegrationTest, BadAndStaleSignaturesChangeNothing) {
  ArmNotificationFault(
      {{"kind", "bad_signature"}, {"order_id", "ev-forged"}, {"times", 1}});
  ArmNotificationFault(
      {{"kind", "stale_timestamp"}, {"order_id", "ev-stale"}, {"times", 1}});
  Watch watch(*stub_, Orders({"ev-forged", "ev-stale", "ev-sentinel"}));
  Create("ev-forged");
  Create("ev-stale");
  // The created orders' events are recorded off the answer's path: wait
  // for them, so that the order below is the one they were recorded in.
  std::vector<std::string> seen;
  for (int i = 0; i < 2; ++i) {
    OrderEvent event = watch.Next();
    seen.push_back(
        absl::StrCat(event.order_id(), " ", OrderStatus_Name(event.status())));
  }
  SetStatus("ev-forged", {{"status", "completed"}});
  SetStatus("ev-stale", {{"status", "declined"}});

  // Refused (403), every attempt of the faulted notification.
  for (const std::string order_id : {"ev-forged", "ev-stale"}) {
    std::vector<json> answered = AwaitAnsweredNotifications(order_id, 1);
    ASSERT_GE(answered.size(), 1u) << order_id;
    for (const json& attempt : answered) {
      EXPECT_EQ(attempt["http_status"], 403) << order_id;
      EXPECT_EQ(attempt["acknowledged"], false) << order_id;
    }
  }
  EXPECT_GE(Notifications("bad_signature"), 1u);
  EXPECT_GE(Notifications("stale"), 1u);

  // Nothing was taken from them: the outcomes arrive from the poller.
  bool forged_paid = false, stale_declined = false;
  while (!(forged_paid && stale_declined) && !HasFailure()) {
    OrderEvent event = watch.Next();
    EXPECT_EQ(event.source(), ORDER_EVENT_SOURCE_RECONCILER)
        << event.order_id();
    seen.push_back(
        absl::StrCat(event.order_id(), " ", OrderStatus_Name(event.status())));
    forged_paid |= event.order_id() == "ev-forged" &&
                   event.status() == ORDER_STATUS_COMPLETED;
    stale_declined |= event.order_id() == "ev-stale" &&
                      event.status() == ORDER_STATUS_DECLINED;
  }
  EXPECT_EQ(Notifications("accepted"), 0u);

  // One event per change: everything up to a later order's event is
  // exactly these.
  Create("ev-sentinel");
  std::vector<OrderEvent> events =
      watch.Until("ev-sentinel", ORDER_STATUS_INITIALIZED);
  for (const OrderEvent& event : events) {
    seen.push_back(
        absl::StrCat(event.order_id(), " ", OrderStatus_Name(event.status())));
  }
  ASSERT_EQ(seen.size(), 5u);
  std::sort(seen.begin() + 2, seen.begin() + 4);  // either order
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "ev-forged ORDER_STATUS_INITIALIZED",
                      "ev-stale ORDER_STATUS_INITIALIZED",
                      "ev-forged ORDER_STATUS_COMPLETED",
                      "ev-stale ORDER_STATUS_DECLINED",
                      "ev-sentinel ORDER_STATUS_INITIALIZED",
                  }));
}

TEST_F(OrderEventsIntegrationTest, ADuplicateNotificationIsNotASecondEvent) {
  ArmNotificationFault({{"kind", "duplicate"}, {"order_id", "ev-twice"}});
  Watch watch(*stub_, Orders({"ev-twice", "ev-sentinel"}));
  Create("ev-twice");
  OrderEvent created = watch.Next();
  EXPECT_EQ(created.status(), ORDER_STATUS_INITIALIZED);
  SetStatus("ev-twice", {{"status", "completed"}});
  std::vector<json> answered = AwaitAnsweredNotifications("ev-twice", 2);
  ASSERT_EQ(answered.size(), 2u);
  EXPECT_EQ(answered[0]["http_status"], 200);
  EXPECT_EQ(answered[1]["http_status"], 200);
  EXPECT_EQ(Notifications("accepted"), 1u);
  EXPECT_EQ(Notifications("duplicate"), 1u);

  Create("ev-sentinel");
  std::vector<OrderEvent> events =
      watch.Until("ev-sentinel", ORDER_STATUS_INITIALIZED);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].order_id(), "ev-twice");
  EXPECT_EQ(events[0].status(), ORDER_STATUS_COMPLETED);
  EXPECT_EQ(events[1].order_id(), "ev-sentinel");
}

}  // namespace
}  // namespace msp_gateway
