// Copyright 2026 The msp-gateway Authors.

#include "emulator/notification_signature.h"

#include "gtest/gtest.h"

namespace msp_emulator {
namespace {

// The self-computed vector of multisafepay-api.md §6.3.
constexpr char kKey[] = "test-api-key-0001";
constexpr char kBody[] =
    R"({"order_id":"order-1","status":"completed","transaction_id":4051823})";

TEST(NotificationSignatureTest, MatchesDocumentedVector) {
  EXPECT_EQ(HmacSha512Hex(kKey, std::string("1700000000:") + kBody),
            "5f96e46b5520f69613725508b2a6b18f2b7586e7f91240b4808180e0d919ffc9"
            "c177201e9a252a4e3daacc7071cc7b814795ef063103aa223c05522604796ba0");
  EXPECT_EQ(NotificationAuth(kKey, 1700000000, kBody),
            "MTcwMDAwMDAwMDo1Zjk2ZTQ2YjU1MjBmNjk2MTM3MjU1MDhiMmE2YjE4ZjJiNzU4"
            "NmU3ZjkxMjQwYjQ4MDgxODBlMGQ5MTlmZmM5YzE3NzIwMWU5YTI1MmE0ZTNkYWFj"
            "YzcwNzFjYzdiODE0Nzk1ZWYwNjMxMDNhYTIyM2MwNTUyMjYwNDc5NmJhMA==");
}

TEST(NotificationSignatureTest, VerifiesAndRejects) {
  const std::string auth = NotificationAuth(kKey, 1700000000, kBody);
  EXPECT_EQ(VerifyNotificationAuth(kKey, auth, kBody), 1700000000);
  EXPECT_EQ(VerifyNotificationAuth("other-key", auth, kBody), std::nullopt);
  EXPECT_EQ(VerifyNotificationAuth(kKey, auth, std::string(kBody) + " "),
            std::nullopt);
  EXPECT_EQ(VerifyNotificationAuth(kKey, "not base64!", kBody), std::nullopt);
}

}  // namespace
}  // namespace msp_emulator
