// Copyright 2026 The msp-gateway Authors.

#include "service/common/iso_codes.h"

#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

TEST(IsIsoCurrencyTest, AcceptsActiveCodes) {
  for (const char* code : {"EUR", "USD", "GBP", "JPY", "KWD", "CHF", "PLN",
                           "SEK", "AED", "ZAR", "CHE", "XAU", "XXX"}) {
    EXPECT_TRUE(IsIsoCurrency(code)) << code;
  }
}

TEST(IsIsoCurrencyTest, FollowsRecentAmendments) {
  // Added since Debian's iso-codes 4.15 snapshot.
  EXPECT_TRUE(IsIsoCurrency("XCG"));
  EXPECT_TRUE(IsIsoCurrency("ZWG"));
  EXPECT_TRUE(IsIsoCurrency("XAD"));
  EXPECT_TRUE(IsIsoCurrency("SLE"));
  EXPECT_TRUE(IsIsoCurrency("VED"));
  // Withdrawn: replaced or joined the euro.
  for (const char* code : {"ANG", "BGN", "CUC", "HRK", "SLL", "ZWL"}) {
    EXPECT_FALSE(IsIsoCurrency(code)) << code;
  }
  // Long gone.
  for (const char* code : {"DEM", "NLG", "BEF", "VEF", "MRO", "STD", "LTL"}) {
    EXPECT_FALSE(IsIsoCurrency(code)) << code;
  }
}

TEST(IsIsoCurrencyTest, RejectsMalformedAndUnknown) {
  for (const char* code : {"", "eur", "Eur", "EU", "EURO", "ABC", "BTC", "AAA",
                           "ZZZ", " EUR", "EUR "}) {
    EXPECT_FALSE(IsIsoCurrency(code)) << '"' << code << '"';
  }
  EXPECT_FALSE(IsIsoCurrency(absl::string_view("EUR\0", 4)));
}

TEST(CurrencyMinorUnitsTest, KnownExponents) {
  EXPECT_EQ(CurrencyMinorUnits("EUR"), 2);
  EXPECT_EQ(CurrencyMinorUnits("USD"), 2);
  EXPECT_EQ(CurrencyMinorUnits("JPY"), 0);
  EXPECT_EQ(CurrencyMinorUnits("KRW"), 0);
  EXPECT_EQ(CurrencyMinorUnits("ISK"), 0);
  EXPECT_EQ(CurrencyMinorUnits("XOF"), 0);
  EXPECT_EQ(CurrencyMinorUnits("KWD"), 3);
  EXPECT_EQ(CurrencyMinorUnits("BHD"), 3);
  EXPECT_EQ(CurrencyMinorUnits("TND"), 3);
  EXPECT_EQ(CurrencyMinorUnits("CLF"), 4);
  EXPECT_EQ(CurrencyMinorUnits("UYW"), 4);
  EXPECT_EQ(CurrencyMinorUnits("XCG"), 2);
}

TEST(CurrencyMinorUnitsTest, NoMinorUnitForFundsMetalsAndUnknown) {
  for (const char* code :
       {"XAU", "XAG", "XDR", "XTS", "XXX", "ABC", "", "eur"}) {
    EXPECT_EQ(CurrencyMinorUnits(code), kNoMinorUnits) << code;
  }
}

TEST(CurrencyMinorUnitsTest, EveryCurrencyHasAnExponentOrNone) {
  int known = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      for (char c = 'A'; c <= 'Z'; ++c) {
        const char code[] = {a, b, c};
        absl::string_view view(code, 3);
        const int units = CurrencyMinorUnits(view);
        if (IsIsoCurrency(view)) {
          ++known;
          EXPECT_TRUE(units == kNoMinorUnits || (units >= 0 && units <= 4))
              << view;
        } else {
          EXPECT_EQ(units, kNoMinorUnits) << view;
        }
      }
    }
  }
  // ISO 4217 list one on 2026-01-01: 178 codes.
  EXPECT_EQ(known, 178);
}

TEST(IsIsoCountryTest, AcceptsAssignedCodes) {
  for (const char* code : {"BE", "NL", "DE", "FR", "US", "GB", "JP", "AX", "BQ",
                           "CW", "SS", "SX", "ZW", "AD"}) {
    EXPECT_TRUE(IsIsoCountry(code)) << code;
  }
}

TEST(IsIsoCountryTest, RejectsReservedUserAssignedAndMalformed) {
  // UK and EU are exceptionally reserved, XK user-assigned (Kosovo), AN and
  // YU withdrawn: none is officially assigned.
  for (const char* code : {"UK", "EU", "XK", "AN", "YU", "ZZ", "be", "Be",
                           "BEL", "B", "", "056"}) {
    EXPECT_FALSE(IsIsoCountry(code)) << '"' << code << '"';
  }
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

}  // namespace
}  // namespace msp_gateway
