// Copyright 2026 The msp-gateway Authors.

#include "emulator/http_message.h"

#include <string>

#include "gtest/gtest.h"

namespace msp_emulator {
namespace {

TEST(SetTargetTest, SplitsAndDecodesPathAndQuery) {
  HttpRequest req;
  SetTarget(req, "/v1/json/orders/a%2Fb%20c?api_key=k%3D1&q=a+b&flag&=v&&x=");
  EXPECT_EQ(req.target,
            "/v1/json/orders/a%2Fb%20c?api_key=k%3D1&q=a+b&flag&=v&&x=");
  EXPECT_EQ(req.path, "/v1/json/orders/a/b c");
  EXPECT_EQ(req.params, (NameValues{{"api_key", "k=1"},
                                    {"q", "a b"},
                                    {"flag", ""},
                                    {"", "v"},
                                    {"x", ""}}));
}

TEST(SetTargetTest, PlusStaysInThePath) {
  HttpRequest req;
  SetTarget(req, "/orders/a+b");
  EXPECT_EQ(req.path, "/orders/a+b");
  EXPECT_TRUE(req.params.empty());
}

TEST(HttpRequestTest, HeadersIgnoreCaseAndTheFirstValueWins) {
  HttpRequest req;
  req.headers = {
      {"Content-Type", "application/json"}, {"X-Twice", "1"}, {"x-twice", "2"}};
  EXPECT_TRUE(req.HasHeader("content-type"));
  EXPECT_EQ(req.Header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(req.Header("x-TWICE"), "1");
  EXPECT_FALSE(req.HasHeader("Accept"));
  EXPECT_EQ(req.Header("Accept"), "");
}

TEST(HttpRequestTest, ParamsAreCaseSensitive) {
  HttpRequest req;
  SetTarget(req, "/?api_key=a&api_key=b&API_KEY=c");
  EXPECT_TRUE(req.HasParam("api_key"));
  EXPECT_EQ(req.Param("api_key"), "a");
  EXPECT_EQ(req.Param("API_KEY"), "c");
  EXPECT_FALSE(req.HasParam("Api_Key"));
  EXPECT_EQ(req.Param("Api_Key"), "");
}

TEST(HttpResponseTest, SetContent) {
  HttpResponse res;
  EXPECT_EQ(res.status, 200);
  res.SetContent("<p>", "text/html");
  EXPECT_EQ(res.body, "<p>");
  EXPECT_EQ(res.content_type, "text/html");
}

}  // namespace
}  // namespace msp_emulator
