// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/upstream_log.h"

#include <iostream>
#include <string>

#include "absl/base/attributes.h"
#include "absl/base/const_init.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {
namespace {

ABSL_CONST_INIT absl::Mutex sink_mutex(absl::kConstInit);

UpstreamLogSink& Sink() ABSL_EXCLUSIVE_LOCKS_REQUIRED(sink_mutex) {
  static UpstreamLogSink* sink = new UpstreamLogSink();  // Never destroyed.
  return *sink;
}

}  // namespace

void LogUpstreamError(
    absl::string_view event, absl::string_view message,
    const std::vector<std::pair<std::string, std::string>>& fields) {
  // ordered_json keeps time and severity first, as log readers expect.
  nlohmann::ordered_json line = nlohmann::ordered_json::object();
  line["time"] =
      absl::FormatTime(absl::RFC3339_full, absl::Now(), absl::UTCTimeZone());
  line["severity"] = "ERROR";
  line["component"] = "msp-upstream";
  line["event"] = std::string(event);
  line["message"] = std::string(message);
  for (const auto& [key, value] : fields) line[key] = value;
  // Replace invalid UTF-8 (e.g. from an upstream error_info) instead of
  // throwing from inside error handling.
  const std::string text = line.dump(
      -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);

  absl::MutexLock lock(&sink_mutex);
  if (Sink()) {
    Sink()(text);
  } else {
    std::cerr << text << std::endl;
  }
}

UpstreamLogSink SetUpstreamLogSink(UpstreamLogSink sink) {
  absl::MutexLock lock(&sink_mutex);
  UpstreamLogSink previous = std::move(Sink());
  Sink() = std::move(sink);
  return previous;
}

}  // namespace msp_gateway
