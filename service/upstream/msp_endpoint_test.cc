// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_endpoint.h"

#include <string>

#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

struct ResolveCase {
  std::string msp_env;
  std::string base_url_override;
  std::string want;  // Empty: INVALID_ARGUMENT expected.
};

class ResolveMspBaseUrlTest : public testing::TestWithParam<ResolveCase> {};

TEST_P(ResolveMspBaseUrlTest, Resolves) {
  const ResolveCase& c = GetParam();
  absl::StatusOr<std::string> url =
      ResolveMspBaseUrl(c.msp_env, c.base_url_override);
  if (c.want.empty()) {
    ASSERT_FALSE(url.ok()) << *url;
    EXPECT_EQ(url.status().code(), absl::StatusCode::kInvalidArgument);
  } else {
    ASSERT_TRUE(url.ok()) << url.status();
    EXPECT_EQ(*url, c.want);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ResolveMspBaseUrlTest,
    testing::Values(
        // MSP_ENV alone.
        ResolveCase{"", "", "https://testapi.multisafepay.com/v1/json"},
        ResolveCase{"test", "", "https://testapi.multisafepay.com/v1/json"},
        ResolveCase{" TEST\n", "", "https://testapi.multisafepay.com/v1/json"},
        ResolveCase{"live", "", "https://api.multisafepay.com/v1/json"},
        ResolveCase{"Live", " \t", "https://api.multisafepay.com/v1/json"},
        ResolveCase{"prod", "", ""}, ResolveCase{"production", "", ""},
        ResolveCase{"testing", "", ""},
        // The override wins over MSP_ENV, even an invalid one.
        ResolveCase{"live", "http://127.0.0.1:18080",
                    "http://127.0.0.1:18080/v1/json"},
        ResolveCase{"bogus", "http://127.0.0.1:18080/",
                    "http://127.0.0.1:18080/v1/json"},
        ResolveCase{"", "http://127.0.0.1:18080/v1/json/",
                    "http://127.0.0.1:18080/v1/json"},
        ResolveCase{"", "http://127.0.0.1:18080/v1/json//",
                    "http://127.0.0.1:18080/v1/json"},
        ResolveCase{"", "https://proxy.internal/msp/v1/json\n",
                    "https://proxy.internal/msp/v1/json"},
        ResolveCase{"", "HTTPS://testapi.multisafepay.com",
                    "https://testapi.multisafepay.com/v1/json"},
        ResolveCase{"", "http://[::1]:18080", "http://[::1]:18080/v1/json"},
        // Malformed overrides.
        ResolveCase{"", "ftp://127.0.0.1/", ""},
        ResolveCase{"", "127.0.0.1:18080", ""},
        ResolveCase{"", "http://127.0.0.1:99999", ""},
        ResolveCase{"", "https://key@testapi.multisafepay.com", ""},
        ResolveCase{"", "https://testapi.multisafepay.com/v1/json?api_key=k",
                    ""}));

TEST(ResolveMspBaseUrlTest, ErrorDoesNotEchoTheOverride) {
  absl::StatusOr<std::string> url =
      ResolveMspBaseUrl("", "https://k3y@testapi.multisafepay.com");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(std::string(url.status().message()).find("k3y"), std::string::npos);
}

TEST(IsLoopbackUrlTest, TrueOnlyForLoopbackHosts) {
  for (const char* url :
       {"http://127.0.0.1:18080/v1/json", "http://127.9.9.9", "https://[::1]/",
        "http://localhost:1/v1/json", " http://LOCALHOST \n"}) {
    EXPECT_TRUE(IsLoopbackUrl(url)) << url;
  }
  for (const char* url :
       {"https://testapi.multisafepay.com/v1/json", "http://10.0.0.1:18080",
        "http://0.0.0.0:18080", "http://[::2]/", "127.0.0.1:18080",
        "http://127.0.0.1.example.com/", "not a url", ""}) {
    EXPECT_FALSE(IsLoopbackUrl(url)) << url;
  }
}

}  // namespace
}  // namespace msp_gateway
