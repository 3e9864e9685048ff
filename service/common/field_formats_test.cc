// Copyright 2026 The msp-gateway Authors.

#include "service/common/field_formats.h"

#include <string>

#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

TEST(CharacterCountTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CharacterCount(""), 0u);
  EXPECT_EQ(CharacterCount("abc"), 3u);
  EXPECT_EQ(CharacterCount("é"), 1u);            // 2 bytes
  EXPECT_EQ(CharacterCount("€"), 1u);            // 3 bytes
  EXPECT_EQ(CharacterCount("😀"), 1u);            // 4 bytes
  EXPECT_EQ(CharacterCount("Brüssel €5"), 10u);  // 13 bytes
  EXPECT_EQ(CharacterCount(std::string(3, '\0')), 3u);
}

TEST(ContainsHtmlTest, FindsTagLikeSequences) {
  for (const char* text :
       {"<b>bold</b>", "a</p>", "<!-- x -->", "<!DOCTYPE html>", "<?xml?>",
        "x<script>", "<img src=x>", "<a", "<Z"}) {
    EXPECT_TRUE(ContainsHtml(text)) << text;
  }
}

TEST(ContainsHtmlTest, AllowsLessThanInPlainText) {
  for (const char* text : {"", "a < b", "<3", "5<10", "<", "x <", "<<", "< b>",
                           "Order #12 > 10 EUR", "&lt;b&gt;", "<-", "<_"}) {
    EXPECT_FALSE(ContainsHtml(text)) << text;
  }
}

TEST(IsHttpUrlTest, AcceptsAbsoluteHttpAndHttps) {
  for (const char* url :
       {"https://www.example.com/webhooks/payment", "http://example.com",
        "HTTPS://EXAMPLE.COM/", "https://example.com:8443/x?type=a#frag",
        "https://user:pw@example.com/", "https://[2001:db8::1]/notify",
        "https://[2001:db8::1]:443", "https://example.com?x=1",
        "https://localhost", "https://bücher.example/"}) {
    EXPECT_TRUE(IsHttpUrl(url)) << url;
  }
}

TEST(IsHttpUrlTest, RejectsRelativeOtherSchemesAndJunk) {
  for (const char* url : {"",
                          "example.com",
                          "/order/success",
                          "//example.com/x",
                          "ftp://x.com",
                          "javascript:alert(1)",
                          "https:/example.com",
                          "https://",
                          "https:///path",
                          "https://:443/",
                          "https://example.com:abc/",
                          "https://example.com:/",
                          "https://exa mple.com",
                          "https://x.com/a b",
                          "https://x.com/\n",
                          "https://x.com\t",
                          "https://[]/",
                          "https://[::1",
                          "https://[::1]x/",
                          "https://user@/"}) {
    EXPECT_FALSE(IsHttpUrl(url)) << url;
  }
}

TEST(IsEmailAddressTest, AcceptsCommonAddresses) {
  for (const char* email :
       {"jan@example.com", "example@multisafepay.com", "a.b+tag@sub.example.be",
        "x@y.co", "o'brien@example.ie"}) {
    EXPECT_TRUE(IsEmailAddress(email)) << email;
  }
}

TEST(IsEmailAddressTest, RejectsMalformed) {
  for (const char* email :
       {"", "jan", "jan@", "@example.com", "jan@example", "jan@@example.com",
        "jan@ex@ample.com", "jan@.example.com", "jan@example.com.",
        "jan@example..com", "jan @example.com", "jan@example.com\n",
        "\"jan\"@example .com"}) {
    EXPECT_FALSE(IsEmailAddress(email)) << email;
  }
}

TEST(IsIpAddressTest, AcceptsIpv4AndIpv6) {
  for (const char* ip :
       {"213.127.71.75", "0.0.0.0", "255.255.255.255", "::1",
        "::", "2001:db8::1", "fe80::1:2:3:4", "::ffff:192.0.2.128",
        "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"}) {
    EXPECT_TRUE(IsIpAddress(ip)) << ip;
  }
}

TEST(IsIpAddressTest, RejectsEverythingElse) {
  for (const char* ip : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ",
                         " 1.2.3.4", "1.2.3.4, 5.6.7.8", "1.2.3.4:80", "[::1]",
                         "fe80::1%eth0", "2001:db8::g", "localhost", "01.2.3.4",
                         "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.2555"}) {
    EXPECT_FALSE(IsIpAddress(ip)) << ip;
  }
  EXPECT_FALSE(IsIpAddress(std::string("1.2.3.4\0junk", 12)));
  EXPECT_FALSE(IsIpAddress(std::string(1000, '1')));
}

TEST(IsLocaleTest, RequiresLanguageUnderscoreCountry) {
  for (const char* locale : {"nl_BE", "fr_BE", "en_US", "at_AT", "en_NL"}) {
    EXPECT_TRUE(IsLocale(locale)) << locale;
  }
  for (const char* locale : {"", "nl", "nl-BE", "NL_BE", "nl_be", "nl_BEL",
                             "nld_BE", "n1_BE", "nl_B1", " nl_BE"}) {
    EXPECT_FALSE(IsLocale(locale)) << locale;
  }
}

TEST(IsIsoDateTest, RealCalendarDaysOnly) {
  for (const char* date :
       {"1970-07-10", "2000-02-29", "1999-12-31", "1951-01-31", "2024-02-29"}) {
    EXPECT_TRUE(IsIsoDate(date)) << date;
  }
  for (const char* date :
       {"", "10071970", "31-01-1951", "1970-7-10", "1970-07-1", "1999-02-29",
        "1900-02-29", "1970-13-01", "1970-00-10", "1970-04-31", "1970-07-00",
        "1970/07/10", "1970-07-10T00:00", "1899-12-31", "197a-07-10"}) {
    EXPECT_FALSE(IsIsoDate(date)) << date;
  }
}

TEST(IsDigitsTest, LengthAndDigits) {
  EXPECT_TRUE(IsDigits("123", 3, 4));
  EXPECT_TRUE(IsDigits("1234", 3, 4));
  EXPECT_FALSE(IsDigits("12", 3, 4));
  EXPECT_FALSE(IsDigits("12345", 3, 4));
  EXPECT_FALSE(IsDigits("12a", 3, 4));
  EXPECT_FALSE(IsDigits("", 0, 4));
}

TEST(IsCardExpiryTest, YearMonth) {
  EXPECT_TRUE(IsCardExpiry("2512"));
  EXPECT_TRUE(IsCardExpiry("3001"));
  EXPECT_FALSE(IsCardExpiry("2513"));
  EXPECT_FALSE(IsCardExpiry("2500"));
  EXPECT_FALSE(IsCardExpiry("12/25"));
  EXPECT_FALSE(IsCardExpiry("251"));
}

TEST(IsOrderIdTextTest, LettersDigitsAndSafePunctuation) {
  EXPECT_TRUE(IsOrderIdText(""));
  EXPECT_TRUE(IsOrderIdText("ORDER-12345"));
  EXPECT_TRUE(IsOrderIdText("case-20220404-06-0001"));
  EXPECT_TRUE(IsOrderIdText("example_order_123456"));
  EXPECT_TRUE(IsOrderIdText("a/b c"));
  EXPECT_TRUE(IsOrderIdText("shop:42#1+x@y=z~.q"));
  EXPECT_TRUE(IsOrderIdText(kOrderIdPunctuation));
}

TEST(IsOrderIdTextTest, RefusesControlsNonAsciiAndUrlSyntax) {
  // The defect: these reached MultiSafepay's URL path.
  EXPECT_FALSE(IsOrderIdText(absl::string_view("o\0-1", 4)));
  EXPECT_FALSE(IsOrderIdText("o-1\r\nX-Injected: 1"));
  EXPECT_FALSE(IsOrderIdText("o\n1"));
  EXPECT_FALSE(IsOrderIdText("o\t1"));
  EXPECT_FALSE(IsOrderIdText("o\x7f"));
  EXPECT_FALSE(IsOrderIdText("o\x01"));
  EXPECT_FALSE(IsOrderIdText("caf\xC3\xA9"));
  for (char c : std::string("%?&\"'<>\\|`^{}[]();,!$*")) {
    EXPECT_FALSE(IsOrderIdText(std::string("o") + c)) << c;
  }
}

}  // namespace
}  // namespace msp_gateway
