// Copyright 2026 The msp-gateway Authors.

#include "service/common/json_log.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {
namespace {

const absl::Time kTs = absl::FromUnixMillis(1764064800123);  // 2025-11-25

TEST(FormatLogLineTest, TsLevelEventThenTheFieldsInOrder) {
  EXPECT_EQ(FormatLogLine(kTs, LogLevel::kInfo, "serving",
                          {{"grpc_port", 50051}, {"msp_api_key", "set"}}),
            R"({"ts":"2025-11-25T10:00:00.123Z","level":"INFO",)"
            R"("event":"serving","grpc_port":50051,"msp_api_key":"set"})");
  EXPECT_EQ(FormatLogLine(kTs, LogLevel::kWarning, "stopped"),
            R"({"ts":"2025-11-25T10:00:00.123Z","level":"WARNING",)"
            R"("event":"stopped"})");
}

TEST(FormatLogLineTest, TsIsUtcWithMilliseconds) {
  EXPECT_EQ(nlohmann::json::parse(
                FormatLogLine(absl::UnixEpoch(), LogLevel::kInfo, "e"))["ts"],
            "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(
      nlohmann::json::parse(FormatLogLine(
          absl::FromUnixMicros(1764064800123999), LogLevel::kInfo, "e"))["ts"],
      "2025-11-25T10:00:00.123Z")
      << "truncated, not rounded up into the next millisecond";
}

TEST(FormatLogLineTest, LevelNames) {
  EXPECT_EQ(LogLevelName(LogLevel::kInfo), "INFO");
  EXPECT_EQ(LogLevelName(LogLevel::kWarning), "WARNING");
  EXPECT_EQ(LogLevelName(LogLevel::kError), "ERROR");
}

TEST(FormatLogLineTest, ValueKinds) {
  const std::string text = "a string";
  const std::string line =
      FormatLogLine(kTs, LogLevel::kInfo, "kinds",
                    {{"view", absl::string_view("v")},
                     {"std_string", text},
                     {"literal", "l"},
                     {"int", -42},
                     {"int64_min", std::numeric_limits<int64_t>::min()},
                     {"uint64_max", std::numeric_limits<uint64_t>::max()},
                     {"size", size_t{7}},
                     {"double", 12.345},
                     {"whole_double", 2.0},
                     {"nan", std::nan("")},
                     {"infinity", std::numeric_limits<double>::infinity()},
                     {"yes", true},
                     {"no", false}});
  EXPECT_NE(line.find(R"("int64_min":-9223372036854775808,)"),
            std::string::npos)
      << line;
  EXPECT_NE(line.find(R"("uint64_max":18446744073709551615,)"),
            std::string::npos)
      << line;
  EXPECT_NE(line.find(R"("double":12.345,)"), std::string::npos) << line;
  const nlohmann::json parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["view"], "v");
  EXPECT_EQ(parsed["std_string"], "a string");
  EXPECT_EQ(parsed["literal"], "l");
  EXPECT_EQ(parsed["int"], -42);
  EXPECT_EQ(parsed["size"], 7);
  EXPECT_DOUBLE_EQ(parsed["double"].get<double>(), 12.345);
  EXPECT_DOUBLE_EQ(parsed["whole_double"].get<double>(), 2.0);
  EXPECT_TRUE(parsed["nan"].is_null());
  EXPECT_TRUE(parsed["infinity"].is_null());
  EXPECT_EQ(parsed["yes"], true);
  EXPECT_EQ(parsed["no"], false);
  EXPECT_EQ(parsed.size(), 16u);
}

TEST(FormatLogLineTest, EscapesAndStaysOnOneLine) {
  const std::string line =
      FormatLogLine(kTs, LogLevel::kError, "escape",
                    {{"text", "q\"b\\n\nr\rt\tc\x01\x1f del\x7f"},
                     {"key \"quoted\"\n", "k"}});
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  EXPECT_EQ(line.find('\r'), std::string::npos) << line;
  EXPECT_NE(line.find(R"("q\"b\\n\nr\rt\tc\u0001\u001f del)"),
            std::string::npos)
      << line;
  const nlohmann::json parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["text"], "q\"b\\n\nr\rt\tc\x01\x1f del\x7f");
  EXPECT_EQ(parsed["key \"quoted\"\n"], "k");
}

TEST(FormatLogLineTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  const nlohmann::json parsed = nlohmann::json::parse(
      FormatLogLine(kTs, LogLevel::kInfo, "utf8",
                    {{"valid", "caf\xc3\xa9 \xf0\x9f\x92\xb3"},
                     {"lone", "o-\xff"},
                     {"truncated", "a\xc3"},
                     {"overlong", "\xc0\xaf"},
                     {"surrogate", "\xed\xa0\x80"},
                     {"too_big", "\xf4\x90\x80\x80"}}));
  EXPECT_EQ(parsed["valid"], "caf\xc3\xa9 \xf0\x9f\x92\xb3");
  const std::string r = "\xEF\xBF\xBD";  // U+FFFD, one per bad byte.
  EXPECT_EQ(parsed["lone"], "o-" + r);
  EXPECT_EQ(parsed["truncated"], "a" + r);
  EXPECT_EQ(parsed["overlong"], r + r);
  EXPECT_EQ(parsed["surrogate"], r + r + r);
  EXPECT_EQ(parsed["too_big"], r + r + r + r);
}

TEST(FormatLogLineTest, EveryByteGivesValidJson) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  for (size_t start = 0; start < all.size(); ++start) {
    const std::string line = FormatLogLine(
        kTs, LogLevel::kInfo, all.substr(start), {{all.substr(start), "v"}});
    ASSERT_TRUE(nlohmann::json::accept(line)) << start << ": " << line;
    ASSERT_EQ(line.find('\n'), std::string::npos);
  }
}

TEST(FormatLogLineTest, AKeyNeverAppearsTwice) {
  const std::string line = FormatLogLine(kTs, LogLevel::kInfo, "rpc",
                                         {{"ts", "forged"},
                                          {"level", "DEBUG"},
                                          {"event", "other"},
                                          {"code", "OK"},
                                          {"code", "INTERNAL"}});
  EXPECT_EQ(line, R"({"ts":"2025-11-25T10:00:00.123Z","level":"INFO",)"
                  R"("event":"rpc","code":"OK"})");
}

TEST(JsonLoggerTest, StampsEachLineWithTheClock) {
  std::ostringstream out;
  absl::Time now = kTs;
  JsonLogger logger(out, [&now] { return now; });
  logger.Log(LogLevel::kInfo, "first", {{"n", 1}});
  now += absl::Seconds(1);
  logger.Log(LogLevel::kError, "second");
  EXPECT_EQ(out.str(),
            "{\"ts\":\"2025-11-25T10:00:00.123Z\",\"level\":\"INFO\","
            "\"event\":\"first\",\"n\":1}\n"
            "{\"ts\":\"2025-11-25T10:00:01.123Z\",\"level\":\"ERROR\","
            "\"event\":\"second\"}\n");
}

TEST(JsonLoggerTest, LinesFromManyThreadsAndLoggersNeverInterleave) {
  std::ostringstream out;  // Not thread-safe itself: the shared lock is.
  JsonLogger first(out);
  JsonLogger second(out);
  const std::string long_text(4096, 'x');
  constexpr int kThreads = 8;
  constexpr int kLinesPerThread = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      JsonLogger& logger = t % 2 == 0 ? first : second;
      for (int i = 0; i < kLinesPerThread; ++i) {
        logger.Log(LogLevel::kInfo, "load", {{"t", t}, {"text", long_text}});
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::istringstream lines(out.str());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ASSERT_TRUE(nlohmann::json::accept(line)) << line.substr(0, 200);
    ++count;
  }
  EXPECT_EQ(count, kThreads * kLinesPerThread);
}

TEST(JsonLoggerTest, WriteLogLineAddsTheNewline) {
  std::ostringstream out;
  WriteLogLine(out, FormatLogLine(kTs, LogLevel::kInfo, "e"));
  EXPECT_EQ(out.str(),
            "{\"ts\":\"2025-11-25T10:00:00.123Z\",\"level\":\"INFO\","
            "\"event\":\"e\"}\n");
}

TEST(Utf8SequenceLengthTest, WellFormedSequencesOnly) {
  EXPECT_EQ(Utf8SequenceLength(""), 0u);
  EXPECT_EQ(Utf8SequenceLength("a"), 1u);
  EXPECT_EQ(Utf8SequenceLength("\xc3\xa9x"), 2u);
  EXPECT_EQ(Utf8SequenceLength("\xe2\x82\xac"), 3u);      // Euro sign.
  EXPECT_EQ(Utf8SequenceLength("\xf0\x9f\x92\xb3"), 4u);  // Emoji.
  EXPECT_EQ(Utf8SequenceLength("\x80"), 0u);              // Continuation.
  EXPECT_EQ(Utf8SequenceLength("\xc3"), 0u);              // Truncated.
  EXPECT_EQ(Utf8SequenceLength("\xc0\xaf"), 0u);          // Overlong.
  EXPECT_EQ(Utf8SequenceLength("\xe0\x80\xaf"), 0u);      // Overlong.
  EXPECT_EQ(Utf8SequenceLength("\xed\xa0\x80"), 0u);      // Surrogate.
  EXPECT_EQ(Utf8SequenceLength("\xf4\x90\x80\x80"), 0u);  // > U+10FFFF.
  EXPECT_EQ(Utf8SequenceLength("\xf5\x80\x80\x80"), 0u);
  EXPECT_EQ(Utf8SequenceLength("\xe2\x82x"), 0u);  // Bad third byte.
}

}  // namespace
}  // namespace msp_gateway
