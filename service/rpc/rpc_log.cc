// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/rpc_log.h"

#include <cmath>

#include "absl/time/clock.h"
#include "nlohmann/json.hpp"

namespace msp_gateway {

absl::string_view GrpcCodeName(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return "OK";
    case absl::StatusCode::kCancelled:
      return "CANCELLED";
    case absl::StatusCode::kUnknown:
      return "UNKNOWN";
    case absl::StatusCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case absl::StatusCode::kDeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case absl::StatusCode::kNotFound:
      return "NOT_FOUND";
    case absl::StatusCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case absl::StatusCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case absl::StatusCode::kResourceExhausted:
      return "RESOURCE_EXHAUSTED";
    case absl::StatusCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case absl::StatusCode::kAborted:
      return "ABORTED";
    case absl::StatusCode::kOutOfRange:
      return "OUT_OF_RANGE";
    case absl::StatusCode::kUnimplemented:
      return "UNIMPLEMENTED";
    case absl::StatusCode::kInternal:
      return "INTERNAL";
    case absl::StatusCode::kUnavailable:
      return "UNAVAILABLE";
    case absl::StatusCode::kDataLoss:
      return "DATA_LOSS";
    case absl::StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

std::string FormatRpcLogLine(const RpcLogRecord& record, absl::Time now) {
  nlohmann::ordered_json line;
  line["ts"] =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", now, absl::UTCTimeZone());
  line["level"] = record.code == absl::StatusCode::kOk ? "INFO" : "WARN";
  line["event"] = "rpc";
  line["method"] = std::string(record.method);
  line["order_id"] = std::string(record.order_id);
  line["code"] = std::string(GrpcCodeName(record.code));
  // Microsecond resolution is plenty for a log line.
  line["latency_ms"] =
      std::round(absl::ToDoubleMilliseconds(record.latency) * 1000) / 1000;
  if (!record.reason.empty()) line["reason"] = std::string(record.reason);
  // Invalid UTF-8 in an order_id must not throw: replace it.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void RpcLogger::Log(const RpcLogRecord& record) {
  const std::string line = FormatRpcLogLine(record, absl::Now());
  absl::MutexLock lock(&mu_);
  out_ << line << '\n';
  out_.flush();
}

}  // namespace msp_gateway
