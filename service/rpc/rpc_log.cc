// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/rpc_log.h"

#include <array>
#include <cmath>

#include "absl/types/span.h"

namespace msp_gateway {
namespace {

// The level and fields of a record's line: nothing from the request but
// the method and the order_id.
class RpcLine {
 public:
  explicit RpcLine(const RpcLogRecord& record)
      : level_(record.code == absl::StatusCode::kOk ? LogLevel::kInfo
                                                    : LogLevel::kWarning),
        fields_{
            {{"method", record.method},
             {"order_id", record.order_id},
             {"code", GrpcCodeName(record.code)},
             // Microsecond resolution is plenty for a log line.
             {"latency_ms",
              std::round(absl::ToDoubleMilliseconds(record.latency) * 1000) /
                  1000},
             {"reason", record.reason},
             {"caller", record.caller},
             {"request_id", record.request_id},
             {"trace_id", record.trace_id},
             {"peer", record.peer},
             {"user_agent", record.user_agent}}} {
    // The optional fields, present ones first, in this order.
    size_ = 4;
    for (size_t i = 4; i < fields_.size(); ++i) {
      if (!fields_[i].string_value().empty()) fields_[size_++] = fields_[i];
    }
  }

  LogLevel level() const { return level_; }
  absl::Span<const LogField> fields() const {
    return absl::MakeConstSpan(fields_.data(), size_);
  }

 private:
  LogLevel level_;
  std::array<LogField, 10> fields_;
  size_t size_ = 0;
};

constexpr absl::string_view kRpcEvent = "rpc";

}  // namespace

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
  const RpcLine line(record);
  return FormatLogLine(now, line.level(), kRpcEvent, line.fields());
}

void RpcLogger::Log(const RpcLogRecord& record) {
  const RpcLine line(record);
  log_.Log(line.level(), kRpcEvent, line.fields());
}

}  // namespace msp_gateway
