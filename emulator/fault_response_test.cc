// Copyright 2026 The msp-gateway Authors.
//
// What each fault kind does to an answer, before and after processing,
// without sockets: the API is a stub that counts its calls.

#include "emulator/fault_response.h"

#include <string>

#include "emulator/fault_injector.h"
#include "emulator/http_message.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

Fault MustParse(const json& spec) {
  absl::StatusOr<Fault> fault = ParseFault(spec);
  EXPECT_TRUE(fault.ok()) << fault.status();
  return fault.ok() ? *fault : Fault();
}

class FaultAnswerTest : public ::testing::Test {
 protected:
  Answer AnswerFor(const json& spec) {
    return FaultAnswer(MustParse(spec), request_, api_);
  }

  int calls_ = 0;
  HttpRequest request_;
  const std::string real_body_ = R"({"success":true,"data":{"order_id":"o"}})";
  ApiHandler api_ = [this](const HttpRequest&) {
    ++calls_;
    HttpResponse res;
    res.SetContent(real_body_, "application/json");
    return res;
  };
};

TEST_F(FaultAnswerTest, BeforeNothingIsProcessed) {
  for (const char* kind :
       {"html_503", "html", "empty", "drop", "error", "malformed_json"}) {
    SCOPED_TRACE(kind);
    Answer answer = AnswerFor({{"kind", kind}});
    EXPECT_EQ(calls_, 0);
    EXPECT_EQ(answer.delay_ms, 0);
    EXPECT_FALSE(answer.then);
  }
}

TEST_F(FaultAnswerTest, AfterTheRequestIsProcessedOnceAndTheAnswerLost) {
  for (const char* kind :
       {"html_503", "html", "empty", "drop", "error", "malformed_json"}) {
    SCOPED_TRACE(kind);
    calls_ = 0;
    Answer answer = AnswerFor({{"kind", kind}, {"when", "after"}});
    EXPECT_EQ(calls_, 1);
    EXPECT_NE(answer.response.body, real_body_);
  }
}

TEST_F(FaultAnswerTest, HtmlPagesAndEmptyBodies) {
  Answer answer = AnswerFor({{"kind", "html_503"}});
  EXPECT_EQ(answer.response.status, 503);
  EXPECT_EQ(answer.response.content_type, "text/html");
  EXPECT_EQ(answer.response.body,
            "<html><body><h1>503 Service Unavailable</h1></body></html>");

  answer = AnswerFor({{"kind", "html"}, {"when", "after"}});
  EXPECT_EQ(answer.response.status, 502);
  EXPECT_EQ(answer.response.body,
            "<html><body><h1>502 Bad Gateway</h1></body></html>");
  answer = AnswerFor({{"kind", "html"}, {"http_status", 504}});
  EXPECT_EQ(answer.response.status, 504);
  EXPECT_EQ(answer.response.body,
            "<html><body><h1>504 Gateway Timeout</h1></body></html>");

  answer = AnswerFor({{"kind", "empty"}});
  EXPECT_EQ(answer.response.status, 502);
  EXPECT_EQ(answer.response.body, "");
  EXPECT_EQ(answer.response.content_type, "");
  EXPECT_FALSE(answer.reset);
}

TEST_F(FaultAnswerTest, DropResets) {
  EXPECT_TRUE(AnswerFor({{"kind", "drop"}}).reset);
  EXPECT_TRUE(AnswerFor({{"kind", "drop"}, {"when", "after"}}).reset);
}

TEST_F(FaultAnswerTest, ErrorEnvelope) {
  Answer answer = AnswerFor({{"kind", "error"},
                             {"http_status", 502},
                             {"error_code", 1021},
                             {"error_info", "Cannot create transaction"}});
  EXPECT_EQ(answer.response.status, 502);
  EXPECT_EQ(json::parse(answer.response.body),
            json({{"success", false},
                  {"data", json::object()},
                  {"error_code", 1021},
                  {"error_info", "Cannot create transaction"}}));
}

TEST_F(FaultAnswerTest, MalformedJsonAfterIsHalfTheRealAnswer) {
  Answer answer = AnswerFor({{"kind", "malformed_json"}, {"when", "after"}});
  EXPECT_EQ(answer.response.status, 200);
  EXPECT_EQ(answer.response.body, real_body_.substr(0, real_body_.size() / 2));
}

TEST_F(FaultAnswerTest, DelayBeforeProcessesOnlyAfterTheDelay) {
  Answer answer = AnswerFor({{"kind", "delay"}, {"delay_ms", 1500}});
  EXPECT_EQ(answer.delay_ms, 1500);
  EXPECT_EQ(calls_, 0);
  ASSERT_TRUE(answer.then);
  Answer late = answer.then(request_);
  EXPECT_EQ(calls_, 1);
  EXPECT_EQ(late.delay_ms, 0);
  EXPECT_EQ(late.response.body, real_body_);
}

TEST_F(FaultAnswerTest, DelayAfterProcessesAtOnceAndAnswersLate) {
  Answer answer =
      AnswerFor({{"kind", "delay"}, {"delay_ms", 1500}, {"when", "after"}});
  EXPECT_EQ(calls_, 1);
  EXPECT_EQ(answer.delay_ms, 1500);
  EXPECT_FALSE(answer.then);
  EXPECT_EQ(answer.response.body, real_body_);
}

}  // namespace
}  // namespace msp_emulator
