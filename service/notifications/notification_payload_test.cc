// Copyright 2026 The msp-gateway Authors.

#include "service/notifications/notification_payload.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

// Shaped like a real POST body: GET order's `data`, compact, with a decimal
// cost that must not break (or become) anything.
constexpr absl::string_view kOrderBody =
    R"({"amount":1000,"amount_refunded":200,"costs":[{"amount":0.01,)"
    R"("transaction_id":1101231786,"type":"SYSTEM"}],"created":)"
    R"("2025-05-14T08:48:10","currency":"EUR","customer":{"locale":"en_US"},)"
    R"("financial_status":"completed","modified":"2025-05-14T08:50:32",)"
    R"("order_id":"example_order_123456","status":"completed",)"
    R"("transaction_id":17472052901237122})";

TEST(NotificationPayloadTest, ReadsTheOrderFields) {
  absl::StatusOr<NotificationPayload> p = ParseNotificationBody(kOrderBody);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->kind, NotificationKind::kOrderChange);
  EXPECT_EQ(p->order_id, "example_order_123456");
  EXPECT_EQ(p->transaction_id, "17472052901237122");
  EXPECT_EQ(p->status, "completed");
  EXPECT_EQ(p->financial_status, "completed");
  EXPECT_EQ(p->amount, 1000);
  ASSERT_TRUE(p->amount_refunded.has_value());
  EXPECT_EQ(*p->amount_refunded, 200);
  EXPECT_EQ(p->currency, "EUR");
  EXPECT_EQ(p->modified, "2025-05-14T08:50:32");
  EXPECT_EQ(p->payload_type, "");
}

TEST(NotificationPayloadTest, OptionalFieldsMayBeNullOrAbsent) {
  absl::StatusOr<NotificationPayload> p = ParseNotificationBody(
      R"({"order_id":"o-1","status":"initialized","amount":5,)"
      R"("currency":"EUR","financial_status":null,"transaction_id":"42"})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->financial_status, "");
  EXPECT_FALSE(p->amount_refunded.has_value());
  EXPECT_EQ(p->transaction_id, "42");
  EXPECT_EQ(p->modified, "");
}

TEST(NotificationPayloadTest, RefusesWhatIsNotAnOrder) {
  for (const char* body : {
           "",
           "not json",
           "[]",
           R"({"status":"completed","amount":1,"currency":"EUR"})",
           R"({"order_id":"","status":"completed","amount":1,"currency":"EUR"})",
           R"({"order_id":"o","amount":1,"currency":"EUR"})",
           R"({"order_id":"o","status":"completed","currency":"EUR"})",
           R"({"order_id":"o","status":"completed","amount":1})",
           R"({"order_id":7,"status":"completed","amount":1,"currency":"EUR"})",
           // Money is integer cents, never a decimal or a string.
           R"({"order_id":"o","status":"x","amount":10.5,"currency":"EUR"})",
           R"({"order_id":"o","status":"x","amount":"10","currency":"EUR"})",
           R"({"order_id":"o","status":"x","amount":-1,"currency":"EUR"})",
           R"({"order_id":"o","status":"x","amount":1e3,"currency":"EUR"})",
           R"({"order_id":"o","status":"x","amount":18446744073709551615,)"
           R"("currency":"EUR"})",
           R"({"order_id":"o","status":"x","amount":1,"currency":"EUR",)"
           R"("amount_refunded":0.5})",
           R"({"order_id":"o","status":"x","amount":1,"currency":"EUR",)"
           R"("transaction_id":"12a"})",
       }) {
    absl::StatusOr<NotificationPayload> p = ParseNotificationBody(body);
    ASSERT_FALSE(p.ok()) << body;
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
}

TEST(NotificationPayloadTest, ErrorsNeverQuoteTheBody) {
  absl::StatusOr<NotificationPayload> p = ParseNotificationBody(
      R"({"order_id":"o","status":"x","amount":"SECRET-CARD","currency":"E"})");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message().find("SECRET"), absl::string_view::npos);
}

TEST(NotificationPayloadTest, EnforcesSizeAndDepth) {
  const std::string big =
      absl::StrCat(R"({"order_id":"o","status":"x","amount":1,)",
                   R"("currency":"EUR","pad":")", std::string(2000, 'p'),
                   R"("})");
  EXPECT_TRUE(ParseNotificationBody(big, "", 4096).ok());
  EXPECT_EQ(ParseNotificationBody(big, "", 1024).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::string deep = R"({"order_id":"o","status":"x","amount":1,)"
                     R"("currency":"EUR","d":)";
  deep += std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_EQ(ParseNotificationBody(deep).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(NotificationPayloadTest, PretransactionIsIgnorableWithoutAnOrder) {
  absl::StatusOr<NotificationPayload> p =
      ParseNotificationBody(R"({"order_id":"o-2"})", "pretransaction");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->kind, NotificationKind::kIgnorable);
  EXPECT_EQ(p->payload_type, "pretransaction");
  EXPECT_EQ(p->order_id, "o-2");

  p = ParseNotificationBody(R"({"payload_type":"pretransaction","amount":"x"})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->kind, NotificationKind::kIgnorable);
  // Still JSON, though.
  EXPECT_FALSE(ParseNotificationBody("{", "pretransaction").ok());
}

TEST(NotificationPayloadTest, ParsesTheQuery) {
  NotificationParams params = {{"transactionid", "order-7"},
                               {"timestamp", "1700000000"},
                               {"invoice_id", "840"}};
  absl::StatusOr<NotificationQuery> q = ParseNotificationQuery(params, true);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->transaction_id, "order-7");
  EXPECT_EQ(q->timestamp, "1700000000");
  EXPECT_EQ(q->payload_type, "");

  EXPECT_EQ(ParseNotificationQuery({{"timestamp", "1"}}, true).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseNotificationQuery({{"transactionid", ""}}, true)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ParseNotificationQuery({}, false).ok());
  EXPECT_EQ(ParseNotificationQuery(
                {{"transactionid", "a"}, {"transactionid", "b"}}, true)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  q = ParseNotificationQuery(
      {{"transactionid", "o"}, {"payload_type", "pretransaction"}}, true);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->payload_type, "pretransaction");
}

}  // namespace
}  // namespace msp_gateway
