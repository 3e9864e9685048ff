// Copyright 2026 The msp-gateway Authors.

#include "emulator/api_key.h"

#include <optional>
#include <string>

#include "emulator/http_message.h"
#include "gtest/gtest.h"

namespace msp_emulator {
namespace {

HttpRequest RequestWith(const NameValues& headers,
                        const NameValues& params = {}) {
  HttpRequest req;
  req.headers = headers;
  req.params = params;
  return req;
}

TEST(PresentedApiKeyTest, HeaderThenBearerThenQuery) {
  EXPECT_EQ(PresentedApiKey(
                RequestWith({{"api_key", "h"}, {"Authorization", "Bearer b"}},
                            {{"api_key", "q"}})),
            "h");
  EXPECT_EQ(PresentedApiKey(RequestWith({{"Authorization", "Bearer b"}},
                                        {{"api_key", "q"}})),
            "b");
  EXPECT_EQ(PresentedApiKey(RequestWith({}, {{"api_key", "q"}})), "q");
  EXPECT_EQ(PresentedApiKey(RequestWith({})), std::nullopt);
}

TEST(PresentedApiKeyTest, BearerIsTrimmedAndOtherSchemesIgnored) {
  EXPECT_EQ(PresentedApiKey(RequestWith({{"Authorization", "bearer  k  "}})),
            "k");
  EXPECT_EQ(PresentedApiKey(RequestWith({{"Authorization", "Basic a2V5"}})),
            std::nullopt);
  EXPECT_EQ(PresentedApiKey(RequestWith({{"Authorization", "Basic a2V5"}},
                                        {{"api_key", "q"}})),
            "q");
}

TEST(KeysEqualTest, WholeKeyMustMatch) {
  EXPECT_TRUE(KeysEqual("secret", "secret"));
  EXPECT_FALSE(KeysEqual("secreT", "secret"));
  EXPECT_FALSE(KeysEqual("secret", "secret2"));
  EXPECT_FALSE(KeysEqual("secret2", "secret"));
  EXPECT_FALSE(KeysEqual("", "secret"));
  EXPECT_TRUE(KeysEqual("", ""));
}

TEST(IsAuthorizedTest, EmptyExpectedKeyAcceptsAnything) {
  EXPECT_TRUE(IsAuthorized(RequestWith({}), ""));
  EXPECT_TRUE(IsAuthorized(RequestWith({{"api_key", "whatever"}}), ""));
}

TEST(IsAuthorizedTest, ExpectedKeyMustBePresentedExactly) {
  EXPECT_TRUE(IsAuthorized(RequestWith({{"api_key", "k1"}}), "k1"));
  EXPECT_FALSE(IsAuthorized(RequestWith({{"api_key", "k2"}}), "k1"));
  EXPECT_FALSE(IsAuthorized(RequestWith({}), "k1"));
  // The header wins even when the query parameter would be right.
  EXPECT_FALSE(IsAuthorized(
      RequestWith({{"api_key", "wrong"}}, {{"api_key", "k1"}}), "k1"));
}

}  // namespace
}  // namespace msp_emulator
