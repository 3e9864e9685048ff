// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/http_url.h"

#include <string>

#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

struct GoodUrlCase {
  std::string url;
  std::string scheme;
  std::string host;
  int port;
  bool explicit_port;
  std::string path;
  std::string formatted;
};

class ParseHttpUrlGoodTest : public testing::TestWithParam<GoodUrlCase> {};

TEST_P(ParseHttpUrlGoodTest, ParsesAndFormatsBack) {
  const GoodUrlCase& c = GetParam();
  absl::StatusOr<HttpUrl> url = ParseHttpUrl(c.url);
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->scheme, c.scheme);
  EXPECT_EQ(url->host, c.host);
  EXPECT_EQ(url->port, c.port);
  EXPECT_EQ(url->explicit_port, c.explicit_port);
  EXPECT_EQ(url->path, c.path);
  EXPECT_EQ(FormatHttpUrl(*url), c.formatted);
}

INSTANTIATE_TEST_SUITE_P(
    Urls, ParseHttpUrlGoodTest,
    testing::Values(
        GoodUrlCase{"https://testapi.multisafepay.com/v1/json", "https",
                    "testapi.multisafepay.com", 443, false, "/v1/json",
                    "https://testapi.multisafepay.com/v1/json"},
        GoodUrlCase{"http://127.0.0.1:18080", "http", "127.0.0.1", 18080, true,
                    "", "http://127.0.0.1:18080"},
        GoodUrlCase{"HTTP://Localhost:80/", "http", "Localhost", 80, true, "/",
                    "http://Localhost:80/"},
        GoodUrlCase{"http://[::1]:9/x", "http", "::1", 9, true, "/x",
                    "http://[::1]:9/x"},
        GoodUrlCase{"https://[2001:db8::1]", "https", "2001:db8::1", 443, false,
                    "", "https://[2001:db8::1]"},
        GoodUrlCase{"https://msp-emulator.payments.svc:8443/v1/json/", "https",
                    "msp-emulator.payments.svc", 8443, true, "/v1/json/",
                    "https://msp-emulator.payments.svc:8443/v1/json/"}));

class ParseHttpUrlBadTest : public testing::TestWithParam<std::string> {};

TEST_P(ParseHttpUrlBadTest, IsInvalidArgument) {
  absl::StatusOr<HttpUrl> url = ParseHttpUrl(GetParam());
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.status().code(), absl::StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(
    Urls, ParseHttpUrlBadTest,
    testing::Values("", "testapi.multisafepay.com", "ftp://host/", "https://",
                    "https:///v1/json", "https://host:0", "https://host:65536",
                    "https://host:12a",
                    "https://host:", "https://user:secret@host/",
                    "https://host/v1?api_key=x", "https://host/#frag",
                    "https://ho st/", "https://host/v1 json",
                    "https://host/\r\nX: y", "https://[::1/", "https://[zz]/",
                    "https://[::1]x/", "https://ho$t/", "https://host\\x/"));

TEST(ParseHttpUrlTest, ErrorNeverEchoesTheUrl) {
  absl::StatusOr<HttpUrl> url = ParseHttpUrl("https://user:s3cr3t@host/");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(std::string(url.status().message()).find("s3cr3t"),
            std::string::npos);
}

TEST(IsLoopbackHostTest, RecognisesLoopbackOnly) {
  for (const char* host :
       {"localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.1.2.3",
        "127.255.255.254", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
  for (const char* host :
       {"", "128.0.0.1", "10.0.0.1", "0.0.0.0", "::", "::2", "::ffff:10.0.0.1",
        "localhost.example.com", "api.multisafepay.com", "127.0.0.1.nip.io",
        "1270.0.0.1"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

TEST(PercentEncodePathSegmentTest, EncodesEverythingButUnreserved) {
  EXPECT_EQ(PercentEncodePathSegment("my-order_1.2~x"), "my-order_1.2~x");
  EXPECT_EQ(PercentEncodePathSegment("abc d"), "abc%20d");
  EXPECT_EQ(PercentEncodePathSegment("a/b?c#d"), "a%2Fb%3Fc%23d");
  EXPECT_EQ(PercentEncodePathSegment("a%20b"), "a%2520b");
  EXPECT_EQ(PercentEncodePathSegment("\r\n"), "%0D%0A");
  EXPECT_EQ(PercentEncodePathSegment("caf\xC3\xA9"), "caf%C3%A9");
  EXPECT_EQ(PercentEncodePathSegment(""), "");
}

TEST(PercentEncodePathSegmentTest, EncodesDotSegments) {
  EXPECT_EQ(PercentEncodePathSegment("."), "%2E");
  EXPECT_EQ(PercentEncodePathSegment(".."), "%2E%2E");
  EXPECT_EQ(PercentEncodePathSegment("..."), "...");
  EXPECT_EQ(PercentEncodePathSegment("a.."), "a..");
}

}  // namespace
}  // namespace msp_gateway
