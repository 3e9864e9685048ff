// Copyright 2026 The msp-gateway Authors.

#include "tools/msp_emulator/iso_codes.h"

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
}

}  // namespace
}  // namespace msp_emulator
