// Copyright 2026 The msp-gateway Authors.

#include "service/common/violations.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace {

std::vector<FieldViolation> Collected(Violations& v) {
  return GetFieldViolations(std::move(v).ToStatus());
}

TEST(ViolationsTest, NothingAddedIsOk) {
  Violations v("GetOrder");
  EXPECT_TRUE(std::move(v).ToStatus().ok());
}

TEST(ViolationsTest, AddedOrderMergesOnlyNeighbours) {
  Violations v("RefundOrder");
  v.Add("currency", "a");
  v.Add("currency", "b");
  v.Add("amount", "c");
  v.Add("currency", "d");
  const absl::Status status = std::move(v).ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "RefundOrder request has 3 invalid fields");
  EXPECT_EQ(GetFieldViolations(status),
            (std::vector<FieldViolation>{
                {"currency", "a; b"}, {"amount", "c"}, {"currency", "d"}}));
}

TEST(ViolationsTest, DeclarationOrderSortsAndMergesEveryField) {
  Violations v("CreateOrder", payments::v1::CreateOrderRequest::descriptor());
  v.Add("no_such_field", "z");
  v.Add("shopping_cart.items[10].unit_price", "e");
  v.Add("description", "c");
  v.Add("shopping_cart.items[2].quantity", "d");
  v.Add("order_id", "a");
  v.Add("description", "b");
  const absl::Status status = std::move(v).ToStatus();
  EXPECT_EQ(status.message(), "CreateOrder request has 5 invalid fields");
  EXPECT_EQ(
      GetFieldViolations(status),
      (std::vector<FieldViolation>{{"order_id", "a"},
                                   {"description", "c; b"},
                                   {"shopping_cart.items[2].quantity", "d"},
                                   {"shopping_cart.items[10].unit_price", "e"},
                                   {"no_such_field", "z"}}));
}

TEST(ViolationsTest, OneFieldIsSingular) {
  Violations v("GetOrder");
  v.Add("order_id", "is required");
  EXPECT_EQ(std::move(v).ToStatus().message(),
            "GetOrder request has 1 invalid field");
}

TEST(ViolationsTest, CheckMaxCharsCountsCharactersNotBytes) {
  Violations v("GetOrder");
  v.CheckMaxChars("a", "\xC3\xA9\xC3\xA9", 2);  // "éé": 4 bytes.
  v.CheckMaxChars("b", "abc", 2);
  EXPECT_EQ(Collected(v), (std::vector<FieldViolation>{
                              {"b", "must be at most 2 characters, got 3"}}));
}

TEST(CheckOrderIdTest, RequiredAndAtMost50Characters) {
  Violations v("GetOrder");
  CheckOrderId("o-1", v);
  CheckOrderId(std::string(50, 'x'), v);
  EXPECT_TRUE(Collected(v).empty());

  Violations empty("GetOrder");
  CheckOrderId("", empty);
  EXPECT_EQ(Collected(empty),
            (std::vector<FieldViolation>{
                {"order_id",
                 "is required: the merchant's order ID, 1 to 50 characters"}}));

  Violations long_id("GetOrder");
  CheckOrderId(std::string(51, 'x'), long_id);
  EXPECT_EQ(Collected(long_id),
            (std::vector<FieldViolation>{
                {"order_id", "must be at most 50 characters, got 51"}}));
}

constexpr char kOrderIdCharset[] =
    "may only contain ASCII letters, digits, spaces and - _ . : / # + @ = ~";

// Defect 6 of issue 8: NUL, CR, LF and TAB passed and reached MultiSafepay's
// URL path.
TEST(CheckOrderIdTest, RefusesControlCharactersWithoutQuotingThem) {
  for (absl::string_view bad :
       {absl::string_view("o\0-1", 4), absl::string_view("o-1\r\nHost: x"),
        absl::string_view("o\n1"), absl::string_view("o\t1"),
        absl::string_view("o\r"), absl::string_view("caf\xC3\xA9"),
        absl::string_view("50%"), absl::string_view("a?b=1&c")}) {
    Violations v("GetOrder");
    CheckOrderId(bad, v);
    EXPECT_EQ(Collected(v),
              (std::vector<FieldViolation>{{"order_id", kOrderIdCharset}}))
        << absl::CEscape(bad);
  }
  Violations ok("GetOrder");
  CheckOrderId("ORDER-12345", ok);
  CheckOrderId("a/b c", ok);
  CheckOrderId("shop:42#1+x@y=z~.q_r", ok);
  EXPECT_TRUE(Collected(ok).empty());
}

TEST(CheckOrderIdTest, TooLongAndBadCharactersAreOneViolation) {
  Violations v("CaptureOrder");
  CheckOrderIdText("new_order_id", std::string(51, '\n'), v);
  CheckOrderIdText("other_id", "", v);  // Unset: the caller's rule.
  EXPECT_EQ(Collected(v),
            (std::vector<FieldViolation>{
                {"new_order_id", absl::StrCat("must be at most 50 characters, "
                                              "got 51; ",
                                              kOrderIdCharset)}}));
}

TEST(ViolationsTest, CheckMaxCount) {
  Violations v("CreateOrder");
  EXPECT_TRUE(v.CheckMaxCount("a", 1000, 1000, "items"));
  EXPECT_FALSE(v.CheckMaxCount("b", 40000, 1000, "items"));
  EXPECT_EQ(Collected(v),
            (std::vector<FieldViolation>{
                {"b", "must have at most 1000 items, got 40000"}}));
}

// Defect 5 of issue 8: a 40,000-line cart produced one violation per line.
TEST(ViolationsTest, KeepsAtMostTheFirstHundredProblems) {
  Violations v("CreateOrder", payments::v1::CreateOrderRequest::descriptor());
  for (int i = 0; i < 40000; ++i) {
    v.Add(absl::StrCat("shopping_cart.items[", i, "].quantity"), "bad");
  }
  const absl::Status status = std::move(v).ToStatus();
  EXPECT_EQ(status.message(),
            "CreateOrder request has at least 100 invalid fields (39900 more "
            "problems not listed)");
  const std::vector<FieldViolation> listed = GetFieldViolations(status);
  ASSERT_EQ(listed.size(), kMaxReportedViolations);
  EXPECT_EQ(listed.front().field, "shopping_cart.items[0].quantity");
  EXPECT_EQ(listed.back().field, "shopping_cart.items[99].quantity");
}

TEST(CheckCurrencyCodeTest, ThreeUpperCaseLettersOfAnActiveCode) {
  Violations v("RefundOrder");
  EXPECT_TRUE(CheckCurrencyCode("a", "EUR", v));
  EXPECT_FALSE(CheckCurrencyCode("b", "eur", v));
  EXPECT_FALSE(CheckCurrencyCode("c", "EURO", v));
  EXPECT_FALSE(CheckCurrencyCode("d", "HRK", v));
  EXPECT_EQ(
      Collected(v),
      (std::vector<FieldViolation>{
          {"b", "must be 3 upper-case letters (an ISO 4217 code such as EUR)"},
          {"c", "must be 3 upper-case letters (an ISO 4217 code such as EUR)"},
          {"d", "must be an active ISO 4217 currency code, got HRK"}}));
}

TEST(CheckUrlTest, EmptyOrAbsoluteHttpUrl) {
  Violations v("UpdateOrder");
  CheckUrl("a", "", v);
  CheckUrl("b", "https://example.com/track?id=1", v);
  CheckUrl("c", "example.com/track", v);
  EXPECT_EQ(
      Collected(v),
      (std::vector<FieldViolation>{
          {"c", "must be an absolute http:// or https:// URL with a host"}}));
}

TEST(CheckDescriptionTextTest, PlainTextOfAtMost200Characters) {
  Violations v("CaptureOrder");
  CheckDescriptionText("a", "", v);
  CheckDescriptionText("b", "Tea < 5 kg", v);
  CheckDescriptionText("c", std::string(201, 'x'), v);
  CheckDescriptionText("d", "<b>Tea</b>", v);
  EXPECT_EQ(Collected(v),
            (std::vector<FieldViolation>{
                {"c", "must be at most 200 characters, got 201"},
                {"d",
                 "must be plain text without HTML ('<' followed by a letter, "
                 "'/', '!' or '?' starts a tag)"}}));
}

TEST(CheckDecimalTest, ReturnsOnlyValidDecimals) {
  Violations v("RefundOrder");
  std::optional<Decimal> ok = CheckDecimal("a", "-13.50", "the price", 10, v);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->text, "-13.50");
  EXPECT_EQ(CheckDecimal("b", "", "the price", 10, v), std::nullopt);
  EXPECT_EQ(CheckDecimal("c", "1e5", "the price", 10, v), std::nullopt);
  EXPECT_EQ(CheckDecimal("d", "0.123", "the price", 2, v), std::nullopt);
  EXPECT_EQ(CheckDecimal("e", "1234567890123456", "the price", 2, v),
            std::nullopt);
  EXPECT_EQ(
      Collected(v),
      (std::vector<FieldViolation>{
          {"b",
           "is required: the price as an exact decimal string, e.g. "
           "\"12.50\""},
          {"c",
           "must be a decimal number such as \"12.50\" or \"-5\" "
           "(digits, an optional '-' and '.'; no exponent, leading "
           "zeros, spaces or ',')"},
          {"d", "must have at most 2 decimals, got 3"},
          {"e", "must have at most 15 digits before the decimal point"}}));
}

TEST(CheckPositiveAmountTest, SaysWhatLeavingItUnsetMeans) {
  Violations v("CaptureOrder");
  CheckPositiveAmount("amount", 1, "to capture everything", v);
  EXPECT_TRUE(std::move(v).ToStatus().ok());
  Violations zero("CaptureOrder");
  CheckPositiveAmount("amount", 0, "to capture everything", zero);
  EXPECT_EQ(Collected(zero),
            (std::vector<FieldViolation>{
                {"amount",
                 "must be greater than 0 (minor units) when set; leave it "
                 "unset to capture everything, got 0"}}));
}

}  // namespace
}  // namespace msp_gateway
