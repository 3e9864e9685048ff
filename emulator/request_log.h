// Copyright 2026 The msp-gateway Authors.
//
// File: request_log.h
//
// The emulator's record of every MultiSafepay API request it received, in
// arrival order, so tests can assert on exactly what the gateway sent
// (`GET /__emulator/requests`). Entries never hold the API key: its header,
// the Authorization header and the `api_key` query parameter are replaced by
// "REDACTED" before the entry is stored.

#ifndef MSP_GATEWAY_EMULATOR_REQUEST_LOG_H_
#define MSP_GATEWAY_EMULATOR_REQUEST_LOG_H_

#include <cstddef>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "emulator/http_message.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

// The value that replaces credentials in log entries.
inline constexpr char kRedacted[] = "REDACTED";

// LogEntryFor()
//
// One log entry:
//   {"method": "POST", "path": "/v1/json/orders",
//    "query": {"locale": "en_US", "api_key": "REDACTED"},
//    "headers": {"Content-Type": "application/json", "api_key": "REDACTED"},
//    "body": <the body parsed as JSON; the raw string when it is not JSON;
//             null when empty>}
// `path` is URL-decoded. Header names keep the case the client sent; a
// repeated header or parameter keeps its values joined by ", ".
nlohmann::json LogEntryFor(const HttpRequest& request);

// RequestLog
//
// A thread-safe, append-only (until cleared) list of log entries.
class RequestLog {
 public:
  RequestLog() = default;
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  // Appends LogEntryFor(request).
  void Record(const HttpRequest& request);

  // All entries, oldest first, as a JSON array.
  nlohmann::json ToJson() const;

  // Forgets every entry.
  void Clear();

  size_t size() const;

 private:
  mutable absl::Mutex mu_;
  std::vector<nlohmann::json> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_REQUEST_LOG_H_
