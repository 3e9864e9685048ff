// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/upstream_log.h"

#include <regex>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {
namespace {

TEST(UpstreamLogTest, EmitsOneJsonObjectPerLineToTheSink) {
  std::vector<std::string> lines;
  UpstreamLogSink previous = SetUpstreamLogSink(
      [&](absl::string_view line) { lines.emplace_back(line); });
  LogUpstreamError("MSP_1032", "key rejected\nsecond line",
                   {{"endpoint", "POST /orders"}, {"bad_utf8", "\xff"}});
  SetUpstreamLogSink(std::move(previous));

  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find('\n'), std::string::npos);  // One physical line.
  nlohmann::json line = nlohmann::json::parse(lines[0], nullptr, false);
  ASSERT_TRUE(line.is_object()) << lines[0];
  EXPECT_EQ(line["level"], "ERROR");
  EXPECT_EQ(line["event"], "upstream_error");
  EXPECT_EQ(line["component"], "msp-upstream");
  EXPECT_EQ(line["reason"], "MSP_1032");
  EXPECT_EQ(line["message"], "key rejected\nsecond line");
  EXPECT_EQ(line["endpoint"], "POST /orders");
  EXPECT_TRUE(
      std::regex_match(line["ts"].get<std::string>(),
                       std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << line["ts"];
  EXPECT_EQ(line["bad_utf8"], "\xEF\xBF\xBD");  // Replaced, not thrown.
  EXPECT_EQ(line.size(), 8u);
  // Fixed keys lead, in a fixed order, for humans reading raw logs.
  EXPECT_EQ(lines[0].rfind("{\"ts\":", 0), 0u) << lines[0];
  EXPECT_NE(
      lines[0].find("\"level\":\"ERROR\",\"event\":\"upstream_error\","
                    "\"component\":\"msp-upstream\",\"reason\":\"MSP_1032\","
                    "\"message\":\"key rejected\\nsecond line\","
                    "\"endpoint\":\"POST /orders\",\"bad_utf8\":"),
      std::string::npos)
      << lines[0];
}

TEST(UpstreamLogTest, CallerFieldsCannotReplaceTheFixedOnes) {
  std::vector<std::string> lines;
  UpstreamLogSink previous = SetUpstreamLogSink(
      [&](absl::string_view line) { lines.emplace_back(line); });
  LogUpstreamError("MSP_1032", "fixed",
                   {{"level", "INFO"}, {"reason", "x"}, {"message", "y"}});
  SetUpstreamLogSink(std::move(previous));
  ASSERT_EQ(lines.size(), 1u);
  nlohmann::json line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["level"], "ERROR");
  EXPECT_EQ(line["reason"], "MSP_1032");
  EXPECT_EQ(line["message"], "fixed");
  EXPECT_EQ(line.size(), 6u) << lines[0];
}

TEST(UpstreamLogTest, RestoringTheSinkStopsCapture) {
  std::vector<std::string> lines;
  UpstreamLogSink previous = SetUpstreamLogSink(
      [&](absl::string_view line) { lines.emplace_back(line); });
  SetUpstreamLogSink(std::move(previous));
  testing::internal::CaptureStderr();
  LogUpstreamError("MSP_TLS_FAILED", "to stderr");
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(lines.empty());
  EXPECT_NE(err.find("\"reason\":\"MSP_TLS_FAILED\""), std::string::npos)
      << err;
  EXPECT_EQ(err.back(), '\n');
  EXPECT_EQ(err.find('\n'), err.size() - 1) << "one line";
}

TEST(UpstreamLogTest, WarningLevel) {
  std::vector<std::string> lines;
  UpstreamLogSink previous = SetUpstreamLogSink(
      [&](absl::string_view line) { lines.emplace_back(line); });
  LogUpstream(UpstreamLogSeverity::kWarning, "MSP_1001", "text",
              {{"error_info", "x"}});
  SetUpstreamLogSink(std::move(previous));
  ASSERT_EQ(lines.size(), 1u);
  nlohmann::json line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["level"], "WARNING");
  EXPECT_EQ(line["event"], "upstream_error");
  EXPECT_EQ(line["reason"], "MSP_1001");
  EXPECT_EQ(line["error_info"], "x");
}

// --- RedactPersonalData (issue 8, defect 7) ---------------------------------

TEST(RedactPersonalDataTest, EmailAddresses) {
  EXPECT_EQ(RedactPersonalData("Invalid email jane.doe+shop@example.co.uk"),
            "Invalid email [redacted]");
  EXPECT_EQ(RedactPersonalData("<a href=\"mailto:jane@example.com\">x</a>"),
            "<a href=\"[redacted]\">x</a>");
  EXPECT_EQ(RedactPersonalData("(j@x), 'k@y'; [l@z] {m@w}"),
            "([redacted]), '[redacted]'; [[redacted]] {[redacted]}");
  EXPECT_EQ(
      RedactPersonalData("name: j\xc3\xa9r\xc3\xb4me@exampl\xc3\xa9.fr ok"),
      "name: [redacted] ok");
  EXPECT_EQ(RedactPersonalData("a @ b"), "a [redacted] b");
}

TEST(RedactPersonalDataTest, LongDigitRuns) {
  EXPECT_EQ(RedactPersonalData("card 4111111111111111 declined"),
            "card [redacted] declined");
  EXPECT_EQ(RedactPersonalData("card 4111 1111 1111 1111."),
            "card [redacted].");
  EXPECT_EQ(RedactPersonalData("card 4111-1111-1111-1111"), "card [redacted]");
  EXPECT_EQ(RedactPersonalData("IBAN NL91ABNA0417164300, BIC ABNANL2A"),
            "IBAN [redacted], BIC ABNANL2A");
  EXPECT_EQ(RedactPersonalData("IBAN NL91 ABNA 0417 1643 00"),
            "IBAN NL91 ABNA [redacted]");
  EXPECT_EQ(RedactPersonalData("call +31 (0)20 123 4567 now"),
            "call +[redacted] now");
  EXPECT_EQ(RedactPersonalData("born 1990-01-31"), "born [redacted]");
  EXPECT_EQ(RedactPersonalData("from 192.168.10.1"), "from [redacted]");
  EXPECT_EQ(RedactPersonalData("tel:0612345678"), "tel:[redacted]");
}

TEST(RedactPersonalDataTest, KeepsShortNumbersAndOrdinaryText) {
  for (const char* text :
       {"Invalid amount", "Invalid amount 10000 (max 99999)", "error 1032",
        "last4 1234, expiry 12/30", "items 1, 2, 3, 4, 5, 6, 7", "at 12:30:45",
        "postcode 1012 AB", "amount 100 for order 12345"}) {
    EXPECT_EQ(RedactPersonalData(text), text);
  }
}

TEST(RedactPersonalDataTest, BlanksControlsAndBoundsAtUtf8Boundary) {
  EXPECT_EQ(RedactPersonalData("a\r\nb\tc\x7f"), "a  b c ");
  EXPECT_EQ(RedactPersonalData(std::string(500, 'x')).size(),
            kMaxRedactedBytes);
  // "é" is two bytes; a cut inside it drops the whole character.
  EXPECT_EQ(RedactPersonalData("ab\xc3\xa9", 3), "ab");
  EXPECT_EQ(RedactPersonalData("ab\xc3\xa9", 4), "ab\xc3\xa9");
  // Redaction happens before the cut, so a cut never leaves half an address.
  const std::string text = std::string(189, 'x') + " jane.doe@example.com";
  EXPECT_EQ(RedactPersonalData(text), std::string(189, 'x') + " [redacted]");
  EXPECT_EQ(RedactPersonalData(text, 195), std::string(189, 'x') + " [reda");
}

TEST(RedactPersonalDataTest, ResultIsAlwaysValidUtf8) {
  // Found by //tests/fuzz:msp_reply_fuzzer: a Content-Type with byte 0x89
  // went into ErrorInfo metadata, which then no longer parsed as proto3.
  EXPECT_EQ(RedactPersonalData("text/\x89html"), "text/?html");
  EXPECT_EQ(ToValidUtf8("caf\xc3\xa9"), "caf\xc3\xa9");  // é stays.
  EXPECT_EQ(ToValidUtf8("\xc3"), "?");                   // Truncated.
  EXPECT_EQ(ToValidUtf8("\xc0\xaf"), "??");              // Overlong.
  EXPECT_EQ(ToValidUtf8("\xed\xa0\x80"), "???");         // Surrogate.
  EXPECT_EQ(ToValidUtf8("\xf4\x90\x80\x80"), "????");    // > U+10FFFF.
  EXPECT_EQ(ToValidUtf8("\xf0\x9f\x92\xb3 ok"), "\xf0\x9f\x92\xb3 ok");
}

TEST(RedactPersonalDataTest, LinearOnHostileInput) {
  // Long runs of the characters the scanners look at stay cheap.
  const std::string at_signs(1 << 20, '@');
  EXPECT_EQ(RedactPersonalData(at_signs), "[redacted]");
  std::string digits;
  for (int i = 0; i < 200000; ++i) digits += "1 ";
  EXPECT_EQ(RedactPersonalData(digits), "[redacted] ");
}

}  // namespace
}  // namespace msp_gateway
