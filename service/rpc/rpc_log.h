// Copyright 2026 The msp-gateway Authors.
//
// File: rpc_log.h
//
// One JSON line per RPC: method, order_id, gRPC code, latency. Deliberately
// nothing else from the request: no customer data (names, emails, IPs), no
// amounts, and never the API key.

#ifndef MSP_GATEWAY_SERVICE_RPC_RPC_LOG_H_
#define MSP_GATEWAY_SERVICE_RPC_RPC_LOG_H_

#include <ostream>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/common/json_log.h"

namespace msp_gateway {

struct RpcLogRecord {
  absl::string_view method;    // e.g. "CreateOrder"
  absl::string_view order_id;  // The caller's order_id; may be empty.
  absl::StatusCode code = absl::StatusCode::kOk;
  absl::Duration latency;
  // ErrorInfo reason of a failure (e.g. "MSP_1006"); empty on success.
  absl::string_view reason;
  // The caller's certificate identity (caller_gate.h); empty: none. A
  // service name, not personal data.
  absl::string_view caller;
  // The call's trace (call_trace.h): the caller's (or a generated) request
  // id, its W3C trace id, its address and its user agent; empty: absent.
  absl::string_view request_id;
  absl::string_view trace_id;
  absl::string_view peer;
  absl::string_view user_agent;
};

// {"ts":"2026-11-25T10:00:00.123Z","level":"INFO","event":"rpc",
//  "method":"CreateOrder","order_id":"o-1","code":"OK","latency_ms":12.345}
// (a JsonLogger line; json_log.h). Level INFO for OK, WARNING otherwise;
// "reason" follows latency_ms when the record has one, then "caller" when
// the call came with a client certificate, then "request_id", "trace_id",
// "peer" and "user_agent" when present.
std::string FormatRpcLogLine(const RpcLogRecord& record, absl::Time now);

// Writes one FormatRpcLogLine() line per Log() to a stream. Thread-safe.
class RpcLogger {
 public:
  // `out` must outlive the logger; `clock` stamps the lines (tests fix it).
  explicit RpcLogger(std::ostream& out, JsonLogger::Clock clock = absl::Now)
      : log_(out, std::move(clock)) {}
  void Log(const RpcLogRecord& record);

 private:
  JsonLogger log_;
};

// gRPC's name for a code ("INVALID_ARGUMENT").
absl::string_view GrpcCodeName(absl::StatusCode code);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_RPC_LOG_H_
