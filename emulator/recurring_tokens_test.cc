// Copyright 2026 The msp-gateway Authors.

#include "emulator/recurring_tokens.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

RecurringToken Card(const std::string& token, const std::string& reference) {
  RecurringToken t;
  t.token = token;
  t.customer_reference = reference;
  t.code = "AMEX";
  t.bin = "374111";
  t.last4 = "0005";
  t.name_holder = "Simon Smit";
  t.expiry_date = "3012";
  t.model = "cardOnFile";
  return t;
}

TEST(RecurringTokensTest, JsonHasTheListTokensExampleShape) {
  EXPECT_EQ(TokenJson(Card("t-1", "c-1")),
            json({{"token", "t-1"},
                  {"code", "AMEX"},
                  {"display", "Card xxxx xxxx xxxx 0005"},
                  {"bin", 374111},
                  {"name_holder", "Simon Smit"},
                  {"expiry_date", 3012},
                  {"expired", 0},
                  {"last4", "0005"},  // a string: the zeros stay
                  {"recurring_model", "cardOnFile"},
                  {"model", "cardOnFile"}}));
}

TEST(RecurringTokensTest, ListsPerReferenceInIssueOrderWithPaging) {
  RecurringTokens tokens;
  tokens.Issue(Card("z-first", "c-1"));
  tokens.Issue(Card("a-second", "c-1"));
  tokens.Issue(Card("other", "c-2"));
  json all = tokens.List("c-1", 0, 10)["tokens"];
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["token"], "z-first");
  EXPECT_EQ(all[1]["token"], "a-second");
  EXPECT_EQ(tokens.List("c-1", 1, 10)["tokens"].size(), 1u);
  EXPECT_EQ(tokens.List("c-1", 0, 1)["tokens"][0]["token"], "z-first");
  EXPECT_EQ(tokens.List("nobody", 0, 10), json({{"tokens", json::array()}}));
}

TEST(RecurringTokensTest, FindRemoveAndUpdateOnlyForTheOwner) {
  RecurringTokens tokens;
  tokens.Issue(Card("t-1", "c-1"));
  EXPECT_TRUE(tokens.Find("c-1", "t-1").has_value());
  EXPECT_FALSE(tokens.Find("c-2", "t-1").has_value());
  EXPECT_TRUE(tokens.FindToken("t-1").has_value());
  EXPECT_FALSE(tokens.UpdateExpiry("c-2", "t-1", "2812"));
  EXPECT_TRUE(tokens.UpdateExpiry("c-1", "t-1", "2812"));
  EXPECT_EQ(tokens.Find("c-1", "t-1")->expiry_date, "2812");
  EXPECT_FALSE(tokens.Remove("c-2", "t-1"));
  EXPECT_TRUE(tokens.Remove("c-1", "t-1"));
  EXPECT_FALSE(tokens.Remove("c-1", "t-1"));
  EXPECT_FALSE(tokens.FindToken("t-1").has_value());
}

}  // namespace
}  // namespace msp_emulator
