// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/upstream_log.h"

#include <algorithm>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/base/const_init.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "service/common/json_log.h"

namespace msp_gateway {
namespace {

ABSL_CONST_INIT absl::Mutex sink_mutex(absl::kConstInit);

UpstreamLogSink& Sink() ABSL_EXCLUSIVE_LOCKS_REQUIRED(sink_mutex) {
  static UpstreamLogSink* sink = new UpstreamLogSink();  // Never destroyed.
  return *sink;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Ends an e-mail-like word: whitespace, controls and the punctuation that
// usually surrounds an address in prose or markup.
bool EndsWord(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u == 0x7f) return true;
  return absl::string_view("\"'<>()[]{},;").find(c) != absl::string_view::npos;
}

// Joins the words of one number: "4111 1111", "020-123", "(0)20", "1.2.3".
bool JoinsNumber(char c) {
  return absl::string_view(" -./()+").find(c) != absl::string_view::npos;
}

constexpr size_t kMinRedactedDigits = 6;

// Replaces every word containing an '@'. Linear: words are disjoint.
std::string RedactEmails(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (EndsWord(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    size_t end = i;
    while (end < text.size() && !EndsWord(text[end])) ++end;
    const absl::string_view word = text.substr(i, end - i);
    if (word.find('@') != absl::string_view::npos) {
      absl::StrAppend(&out, kRedacted);
    } else {
      absl::StrAppend(&out, word);
    }
    i = end;
  }
  return out;
}

// Replaces every number of kMinRedactedDigits or more digits (see the
// header). Linear: one pass over the words of letters and digits.
std::string RedactLongNumbers(absl::string_view text) {
  struct Word {
    size_t begin, end, digits;
  };
  std::string out;
  out.reserve(text.size());
  size_t copied = 0;  // text[0, copied) is in `out`.
  std::vector<Word> group;
  size_t group_digits = 0;
  auto flush = [&] {
    if (!group.empty() && group_digits >= kMinRedactedDigits) {
      absl::StrAppend(&out, text.substr(copied, group.front().begin - copied),
                      kRedacted);
      copied = group.back().end;
    }
    group.clear();
    group_digits = 0;
  };
  size_t i = 0;
  while (i < text.size()) {
    if (!IsAlnum(text[i])) {
      ++i;
      continue;
    }
    Word word{i, i, 0};
    while (word.end < text.size() && IsAlnum(text[word.end])) {
      if (IsDigit(text[word.end])) ++word.digits;
      ++word.end;
    }
    i = word.end;
    if (word.digits == 0) {  // "for", "ABNA": not part of a number.
      flush();
      continue;
    }
    if (!group.empty()) {
      const absl::string_view gap =
          text.substr(group.back().end, word.begin - group.back().end);
      const bool joined =
          gap.size() <= 2 && std::all_of(gap.begin(), gap.end(), JoinsNumber);
      if (!joined) flush();
    }
    group.push_back(word);
    group_digits += word.digits;
  }
  flush();
  absl::StrAppend(&out, text.substr(copied));
  return out;
}

}  // namespace

std::string ToValidUtf8(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const size_t length = Utf8SequenceLength(text);
    if (length == 0) {
      out.push_back('?');
      text.remove_prefix(1);
    } else {
      out.append(text.data(), length);
      text.remove_prefix(length);
    }
  }
  return out;
}

std::string RedactPersonalData(absl::string_view text, size_t max_bytes) {
  // Valid UTF-8 first: the result goes into proto3 strings (ErrorInfo
  // metadata, field violations), which a receiver refuses to parse when
  // they are not UTF-8, losing the whole detail.
  std::string out = ToValidUtf8(RedactLongNumbers(RedactEmails(text)));
  for (char& c : out) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
  }
  if (out.size() > max_bytes) {
    size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(out[end]) & 0xC0) == 0x80) {
      --end;
    }
    out.resize(end);
  }
  return out;
}

void LogUpstream(UpstreamLogSeverity severity, absl::string_view reason,
                 absl::string_view message, const UpstreamLogFields& fields) {
  std::vector<LogField> line_fields = {
      {"component", "msp-upstream"}, {"reason", reason}, {"message", message}};
  line_fields.reserve(line_fields.size() + fields.size());
  for (const auto& [key, value] : fields) line_fields.emplace_back(key, value);
  // FormatLogLine() replaces invalid UTF-8 (e.g. from an upstream
  // error_info) instead of throwing from inside error handling.
  std::string text = FormatLogLine(absl::Now(),
                                   severity == UpstreamLogSeverity::kError
                                       ? LogLevel::kError
                                       : LogLevel::kWarning,
                                   kUpstreamErrorEvent, line_fields);

  absl::MutexLock lock(&sink_mutex);
  if (Sink()) {
    Sink()(text);
  } else {
    WriteLogLine(std::cerr, std::move(text));
  }
}

void LogUpstreamError(absl::string_view event, absl::string_view message,
                      const UpstreamLogFields& fields) {
  LogUpstream(UpstreamLogSeverity::kError, event, message, fields);
}

UpstreamLogSink SetUpstreamLogSink(UpstreamLogSink sink) {
  absl::MutexLock lock(&sink_mutex);
  UpstreamLogSink previous = std::move(Sink());
  Sink() = std::move(sink);
  return previous;
}

}  // namespace msp_gateway
