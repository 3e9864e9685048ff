// Copyright 2026 The msp-gateway Authors.
//
// File: json_log.h
//
// The one format of every line the server writes (RPC lines, upstream
// errors, start and stop): a JSON object on one line that begins with
//
//   {"ts":"2026-11-25T10:00:00.123Z","level":"INFO","event":"rpc",...
//
// then the event's own fields in the order the caller gives them. Debian's
// abseil (20220623) predates absl/log, hence this small writer. The line is
// built in one string without a JSON tree: the RPC line is on the hot path.
//
// Callers choose what goes in a line; see rpc_log.h and upstream_log.h for
// what they must never log.

#ifndef MSP_GATEWAY_SERVICE_COMMON_JSON_LOG_H_
#define MSP_GATEWAY_SERVICE_COMMON_JSON_LOG_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace msp_gateway {

enum class LogLevel { kInfo, kWarning, kError };

// "INFO", "WARNING" or "ERROR".
absl::string_view LogLevelName(LogLevel level);

// One field of a line: a key and a string, integer, floating-point or
// boolean value. Holds views: the key and a string value must outlive the
// call that logs the field (a temporary in the call's argument list does).
class LogField {
 public:
  enum class Kind { kString, kInt, kUint, kDouble, kBool };

  LogField(absl::string_view key, absl::string_view value)
      : key_(key), kind_(Kind::kString), string_(value) {}
  LogField(absl::string_view key, const char* value)
      : LogField(key, absl::string_view(value)) {}
  LogField(absl::string_view key, const std::string& value)
      : LogField(key, absl::string_view(value)) {}
  LogField(absl::string_view key, bool value)
      : key_(key), kind_(Kind::kBool), bool_(value) {}
  // NaN and infinities, which JSON cannot hold, are written as null.
  LogField(absl::string_view key, double value)
      : key_(key), kind_(Kind::kDouble), double_(value) {}
  template <typename Int,
            typename std::enable_if_t<
                std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
  LogField(absl::string_view key, Int value) : key_(key) {
    if constexpr (std::is_signed_v<Int>) {
      kind_ = Kind::kInt;
      int_ = value;
    } else {
      kind_ = Kind::kUint;
      uint_ = value;
    }
  }

  absl::string_view key() const { return key_; }
  Kind kind() const { return kind_; }
  absl::string_view string_value() const { return string_; }
  int64_t int_value() const { return int_; }
  uint64_t uint_value() const { return uint_; }
  double double_value() const { return double_; }
  bool bool_value() const { return bool_; }

 private:
  absl::string_view key_;
  Kind kind_;
  absl::string_view string_;
  union {
    int64_t int_;
    uint64_t uint_;
    double double_;
    bool bool_;
  };
};

// FormatLogLine()
//
// {"ts":<ts>,"level":<level>,"event":<event>,<fields>...} without a trailing
// newline. `ts` is RFC 3339 in UTC with milliseconds. A field whose key is
// already in the line (ts, level, event or an earlier field) is dropped, so
// a key never appears twice. Bytes of strings that are not well-formed
// UTF-8 become U+FFFD, and control characters are escaped, so the result is
// always one line of valid JSON.
std::string FormatLogLine(absl::Time ts, LogLevel level,
                          absl::string_view event,
                          absl::Span<const LogField> fields = {});

// WriteLogLine()
//
// Writes `line` (one FormatLogLine() result) and '\n' to `out` and flushes.
// Every writer of the process shares one lock, so lines from different
// loggers on the same stream (stderr: the RPC, upstream and process lines)
// never interleave.
void WriteLogLine(std::ostream& out, std::string line);

// Writes FormatLogLine() lines to a stream, stamped by a clock. Thread-safe.
class JsonLogger {
 public:
  // Must be safe to call from any thread.
  using Clock = std::function<absl::Time()>;

  // `out` must outlive the logger.
  explicit JsonLogger(std::ostream& out, Clock clock = absl::Now)
      : out_(out), clock_(std::move(clock)) {}

  // Example: logger.Log(LogLevel::kInfo, "serving", {{"grpc_port", 50051}});
  void Log(LogLevel level, absl::string_view event,
           absl::Span<const LogField> fields = {});

 private:
  std::ostream& out_;
  const Clock clock_;
};

// The process's logger on stderr (never destroyed, so usable at exit).
JsonLogger& StderrLogger();

// Utf8SequenceLength()
//
// Length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no
// surrogates, at most U+10FFFF) at the start of `text`, or 0 when there is
// none (`text` empty, or a byte that cannot begin one). Shared by every
// place that repairs text from outside, so they agree on what is valid.
size_t Utf8SequenceLength(absl::string_view text);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_COMMON_JSON_LOG_H_
