// Copyright 2026 The msp-gateway Authors.

#include "emulator/iso_codes.h"

#include "gtest/gtest.h"

namespace msp_emulator {
namespace {

TEST(IsIsoCurrencyTest, AcceptsCirculatingCurrencies) {
  for (const char* code : {"EUR", "USD", "GBP", "CZK", "JPY", "AED", "ZWG"}) {
    EXPECT_TRUE(IsIsoCurrency(code)) << code;
  }
}

TEST(IsIsoCurrencyTest, RejectsNonCurrencies) {
  for (const char* code :
       {"", "eur", "EU", "EURO", "XXX", "XTS", "XAU", "HRK", "BOV", "ABC"}) {
    EXPECT_FALSE(IsIsoCurrency(code)) << code;
  }
}

TEST(IsIsoCurrencyTest, StillAcceptsWithdrawnCodesMultiSafepayMayTake) {
  // Not in ISO's current list (data/iso/iso4217.csv), accepted on purpose.
  for (const char* code : {"ANG", "BGN", "CUC", "SLL", "ZWL"}) {
    EXPECT_TRUE(IsIsoCurrency(code)) << code;
    EXPECT_EQ(CurrencyExponent(code), 2) << code;
  }
}

TEST(IsIsoCurrencyTest, RefusesFundsAndCodesWithoutMinorUnits) {
  for (const char* code : {"BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN",
                           "UYI", "UYW", "XAD", "XAG", "XDR", "XSU", "XUA"}) {
    EXPECT_FALSE(IsIsoCurrency(code)) << code;
    EXPECT_EQ(CurrencyExponent(code), 2) << code;
  }
}

TEST(IsIsoCurrencyTest, AcceptsExactlyThePayableCodes) {
  // ISO 4217 list one on 2026-01-01 has 178 codes: minus 13 without minor
  // units, minus 10 funds and accounting units, plus 5 withdrawn codes.
  int accepted = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      for (char c = 'A'; c <= 'Z'; ++c) {
        const char code[] = {a, b, c};
        if (IsIsoCurrency(absl::string_view(code, 3))) ++accepted;
      }
    }
  }
  EXPECT_EQ(accepted, 160);
}

TEST(IsIsoCountryTest, Has249Codes) {
  int known = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      const char code[] = {a, b};
      if (IsIsoCountry(absl::string_view(code, 2))) ++known;
    }
  }
  EXPECT_EQ(known, 249);
}

TEST(IsIsoCountryTest, AcceptsAssignedCodes) {
  for (const char* code : {"BE", "NL", "DE", "AD", "ZW", "AX", "SX", "CZ"}) {
    EXPECT_TRUE(IsIsoCountry(code)) << code;
  }
}

TEST(IsIsoCountryTest, RejectsUnassignedAndMalformedCodes) {
  for (const char* code : {"", "be", "Be", "UK", "EU", "XX", "BEL", "B"}) {
    EXPECT_FALSE(IsIsoCountry(code)) << code;
  }
}

TEST(CurrencyExponentTest, MinorUnits) {
  EXPECT_EQ(CurrencyExponent("EUR"), 2);
  EXPECT_EQ(CurrencyExponent("CZK"), 2);
  EXPECT_EQ(CurrencyExponent("JPY"), 0);
  EXPECT_EQ(CurrencyExponent("ISK"), 0);
  EXPECT_EQ(CurrencyExponent("KWD"), 3);
  EXPECT_EQ(CurrencyExponent("TND"), 3);
  EXPECT_EQ(CurrencyExponent("XCG"), 2);
  EXPECT_EQ(CurrencyExponent("ABC"), 2);
}

}  // namespace
}  // namespace msp_emulator
