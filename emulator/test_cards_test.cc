// Copyright 2026 The msp-gateway Authors.

#include "emulator/test_cards.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

TEST(TestCardsTest, FindsMultiSafepaysTestCardsWhateverTheSeparators) {
  const TestCard* visa = FindTestCard("4111 1111-1111 1111");
  ASSERT_NE(visa, nullptr);
  EXPECT_EQ(std::string(visa->brand), "VISA");
  EXPECT_TRUE(visa->authorised);
  const TestCard* declined = FindTestCard("4012001037141112");
  ASSERT_NE(declined, nullptr);
  EXPECT_FALSE(declined->authorised);
  EXPECT_EQ(std::string(FindTestCard("374111111111111")->brand), "AMEX");
  EXPECT_EQ(FindTestCard("4000000000000002"), nullptr);
  EXPECT_EQ(FindTestCard(""), nullptr);
  EXPECT_EQ(CardDigits("5500 0000-0000 0004"), "5500000000000004");
}

TEST(TestCardsTest, ThreeDSecureResultsHaveTheExamplesShapes) {
  const nlohmann::json passed = ThreeDSecureResult(1234567890123456, true);
  EXPECT_EQ(passed["status"], "Y");
  EXPECT_EQ(passed["eci"], "05");
  for (const char* key : {"acs_transaction_id", "ds_transaction_id", "cavv"}) {
    EXPECT_TRUE(passed[key].is_string()) << key;
  }
  EXPECT_NE(passed["acs_transaction_id"], passed["ds_transaction_id"]);
  // Derived from the transaction: a second GET repeats it, another order
  // differs.
  EXPECT_EQ(passed, ThreeDSecureResult(1234567890123456, true));
  EXPECT_NE(passed["acs_transaction_id"],
            ThreeDSecureResult(1234567890123457, true)["acs_transaction_id"]);

  const nlohmann::json failed = ThreeDSecureResult(1234567890123456, false);
  EXPECT_EQ(failed["status"], "N");
  EXPECT_EQ(failed["transaction_status_reason"], "08");
  EXPECT_FALSE(failed.contains("cavv"));
  EXPECT_FALSE(failed.contains("eci"));
}

}  // namespace
}  // namespace msp_emulator
