// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/watch_request.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/common/error_details.h"
#include "service/store/order_event_store.h"

namespace msp_gateway {
namespace {

namespace pb = ::payments::v1;

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : GetFieldViolations(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

TEST(ParseCursorTest, TakesDecimalInt64Only) {
  EXPECT_EQ(ParseCursor("0").value_or(-1), 0);
  EXPECT_EQ(ParseCursor("42").value_or(-1), 42);
  EXPECT_EQ(ParseCursor("9223372036854775807").value_or(-1),
            9223372036854775807);
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "0x10", "1e3", "1.0",
                          "9223372036854775808", "abc"}) {
    EXPECT_EQ(ParseCursor(bad).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(ParseCursorTest, FormatsAsItParses) {
  EXPECT_EQ(FormatCursor(0), "0");
  EXPECT_EQ(FormatCursor(1234567890123), "1234567890123");
  EXPECT_EQ(ParseCursor(FormatCursor(77)).value_or(-1), 77);
}

TEST(ParseWatchRequestTest, EmptyMeansEverythingFromTheOldest) {
  absl::StatusOr<WatchSpec> spec = ParseWatchRequest({});
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_FALSE(spec->after_cursor.has_value());
  EXPECT_TRUE(spec->order_ids.empty());
}

TEST(ParseWatchRequestTest, SortsAndDeduplicatesOrderIds) {
  pb::WatchOrderEventsRequest request;
  request.set_after_cursor("17");
  for (const char* id : {"b", "a", "b", "c"}) request.add_order_ids(id);
  absl::StatusOr<WatchSpec> spec = ParseWatchRequest(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->after_cursor, 17);
  EXPECT_EQ(spec->order_ids, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ParseWatchRequestTest, NamesEveryBadField) {
  pb::WatchOrderEventsRequest request;
  request.set_after_cursor("-3");
  request.add_order_ids("fine");
  request.add_order_ids("");
  request.add_order_ids(std::string(kMaxOrderIdBytes + 1, 'x'));
  request.add_order_ids(std::string(kMaxOrderIdBytes, 'x'));
  const absl::Status status = ParseWatchRequest(request).status();
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message().rfind("WatchOrderEvents request", 0), 0u)
      << status.message();
  EXPECT_EQ(Fields(status),
            (std::vector<std::string>{"after_cursor", "order_ids[1]",
                                      "order_ids[2]"}));
}

TEST(ParseWatchRequestTest, BoundsTheNumberOfOrderIds) {
  pb::WatchOrderEventsRequest request;
  for (size_t i = 0; i < kMaxWatchOrderIds; ++i) {
    request.add_order_ids("order-" + std::to_string(i));
  }
  EXPECT_TRUE(ParseWatchRequest(request).ok());
  request.add_order_ids("");  // Not checked one by one once too many.
  const absl::Status status = ParseWatchRequest(request).status();
  EXPECT_EQ(Fields(status), (std::vector<std::string>{"order_ids"}));
}

}  // namespace
}  // namespace msp_gateway
