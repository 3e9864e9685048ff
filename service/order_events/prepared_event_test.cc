// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/prepared_event.h"

#include "gtest/gtest.h"
#include "payments/v1/order_event.pb.h"
#include "payments/v1/payment_service.pb.h"

namespace msp_gateway {
namespace {

namespace pb = ::payments::v1;

TEST(PrepareEventTest, StampsTheCursorAndSerializesTheResponse) {
  pb::OrderEvent event;
  event.set_order_id("order-1");
  event.set_status(pb::ORDER_STATUS_REFUNDED);
  event.set_amount_refunded(250);
  event.mutable_order()->set_transaction_id(123);
  StoredOrderEvent stored;
  stored.cursor = 981;
  stored.order_id = "order-1";
  stored.event = event.SerializeAsString();
  stored.appended = absl::FromUnixSeconds(1767225600);

  std::shared_ptr<const PreparedEvent> prepared = PrepareEvent(stored);
  ASSERT_TRUE(prepared->error.ok());
  EXPECT_EQ(prepared->cursor, 981);
  EXPECT_EQ(prepared->order_id, "order-1");
  EXPECT_EQ(prepared->appended, stored.appended);
  pb::WatchOrderEventsResponse response;
  ASSERT_TRUE(response.ParseFromString(prepared->response));
  EXPECT_EQ(response.event().cursor(), "981");
  EXPECT_EQ(response.event().status(), pb::ORDER_STATUS_REFUNDED);
  EXPECT_EQ(response.event().amount_refunded(), 250);
  EXPECT_EQ(response.event().order().transaction_id(), 123);
}

TEST(PrepareEventTest, FillsAMissingOrderIdFromTheStore) {
  StoredOrderEvent stored;
  stored.cursor = 5;
  stored.order_id = "from-store";
  std::shared_ptr<const PreparedEvent> prepared = PrepareEvent(stored);
  pb::WatchOrderEventsResponse response;
  ASSERT_TRUE(response.ParseFromString(prepared->response));
  EXPECT_EQ(response.event().order_id(), "from-store");
  EXPECT_EQ(response.event().cursor(), "5");
}

TEST(PrepareEventTest, UndecodableBytesAreAnErrorNamingTheCursorOnly) {
  StoredOrderEvent stored;
  stored.cursor = 12;
  stored.order_id = "order";
  stored.event = "\xff\xff\xff secret";
  std::shared_ptr<const PreparedEvent> prepared = PrepareEvent(stored);
  EXPECT_EQ(prepared->error.code(), absl::StatusCode::kInternal);
  EXPECT_NE(prepared->error.message().find("12"), std::string::npos);
  EXPECT_EQ(prepared->error.message().find("secret"), std::string::npos);
  EXPECT_TRUE(prepared->response.empty());
}

}  // namespace
}  // namespace msp_gateway
