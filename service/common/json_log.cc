// Copyright 2026 The msp-gateway Authors.

#include "service/common/json_log.h"

#include <charconv>
#include <cmath>
#include <iostream>
#include <system_error>
#include <utility>

#include "absl/base/attributes.h"
#include "absl/base/const_init.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace msp_gateway {
namespace {

// One lock for every stream: the server writes all its lines to stderr
// through several loggers, and a line must never be cut by another.
ABSL_CONST_INIT absl::Mutex write_mutex(absl::kConstInit);

constexpr absl::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

bool IsPlainAscii(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

// Appends `text` as a JSON string. Runs of characters that need no escape
// are copied in one piece.
void AppendJsonString(std::string* out, absl::string_view text) {
  out->push_back('"');
  size_t copied = 0;  // text[0, copied) is in `out`.
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (IsPlainAscii(c)) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const size_t length = Utf8SequenceLength(text.substr(i));
      if (length > 0) {
        i += length;
        continue;
      }
    }
    out->append(text.data() + copied, i - copied);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          constexpr char kHex[] = "0123456789abcdef";
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {  // A byte that begins no well-formed UTF-8 sequence.
          out->append(kReplacementCharacter.data(),
                      kReplacementCharacter.size());
        }
    }
    copied = ++i;
  }
  out->append(text.data() + copied, text.size() - copied);
  out->push_back('"');
}

// The shortest text that reads back as the same double ("12.345", "2").
void AppendJsonNumber(std::string* out, double value) {
  if (!std::isfinite(value)) {
    out->append("null");
    return;
  }
  char buffer[32];
  const std::to_chars_result result =
      std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, result.ptr);
}

void AppendValue(std::string* out, const LogField& field) {
  switch (field.kind()) {
    case LogField::Kind::kString:
      AppendJsonString(out, field.string_value());
      break;
    case LogField::Kind::kInt:
      absl::StrAppend(out, field.int_value());
      break;
    case LogField::Kind::kUint:
      absl::StrAppend(out, field.uint_value());
      break;
    case LogField::Kind::kDouble:
      AppendJsonNumber(out, field.double_value());
      break;
    case LogField::Kind::kBool:
      out->append(field.bool_value() ? "true" : "false");
      break;
  }
}

// Whether `key` is ts, level, event or the key of a field before `index`.
bool KeyIsTaken(absl::Span<const LogField> fields, size_t index) {
  const absl::string_view key = fields[index].key();
  if (key == "ts" || key == "level" || key == "event") return true;
  for (size_t i = 0; i < index; ++i) {
    if (fields[i].key() == key) return true;
  }
  return false;
}

}  // namespace

absl::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARNING";
    case LogLevel::kError:
      return "ERROR";
  }
  return "ERROR";
}

std::string FormatLogLine(absl::Time ts, LogLevel level,
                          absl::string_view event,
                          absl::Span<const LogField> fields) {
  size_t size = 64 + event.size();
  for (const LogField& field : fields) {
    size += 6 + field.key().size() + field.string_value().size();
  }
  std::string line;
  line.reserve(size);
  absl::StrAppend(
      &line, "{\"ts\":\"",
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", ts, absl::UTCTimeZone()),
      "\",\"level\":\"", LogLevelName(level), "\",\"event\":");
  AppendJsonString(&line, event);
  for (size_t i = 0; i < fields.size(); ++i) {
    if (KeyIsTaken(fields, i)) continue;
    line.push_back(',');
    AppendJsonString(&line, fields[i].key());
    line.push_back(':');
    AppendValue(&line, fields[i]);
  }
  line.push_back('}');
  return line;
}

void WriteLogLine(std::ostream& out, std::string line) {
  // One write with the newline: on stderr that is one fwrite(), which a
  // writer outside this file (a library's own message) cannot cut either.
  line.push_back('\n');
  absl::MutexLock lock(&write_mutex);
  out.write(line.data(), static_cast<std::streamsize>(line.size()));
  out.flush();
}

void JsonLogger::Log(LogLevel level, absl::string_view event,
                     absl::Span<const LogField> fields) {
  WriteLogLine(out_, FormatLogLine(clock_(), level, event, fields));
}

JsonLogger& StderrLogger() {
  static JsonLogger* const logger = new JsonLogger(std::cerr);
  return *logger;
}

size_t Utf8SequenceLength(absl::string_view text) {
  if (text.empty()) return 0;
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char min_second = 0x80, max_second = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min_second = 0xA0;  // Overlong.
    if (lead == 0xED) max_second = 0x9F;  // Surrogates.
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min_second = 0x90;  // Overlong.
    if (lead == 0xF4) max_second = 0x8F;  // Above U+10FFFF.
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  if (byte(1) < min_second || byte(1) > max_second) return 0;
  for (size_t i = 2; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
  }
  return length;
}

}  // namespace msp_gateway
