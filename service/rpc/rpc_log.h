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

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace msp_gateway {

struct RpcLogRecord {
  absl::string_view method;    // e.g. "CreateOrder"
  absl::string_view order_id;  // The caller's order_id; may be empty.
  absl::StatusCode code = absl::StatusCode::kOk;
  absl::Duration latency;
  // ErrorInfo reason of a failure (e.g. "MSP_1006"); empty on success.
  absl::string_view reason;
};

// {"ts":"2026-11-25T10:00:00.123Z","level":"INFO","event":"rpc",
//  "method":"CreateOrder","order_id":"o-1","code":"OK","latency_ms":12.345}
std::string FormatRpcLogLine(const RpcLogRecord& record, absl::Time now);

// Writes log lines to a stream, one whole line at a time.
class RpcLogger {
 public:
  explicit RpcLogger(std::ostream& out) : out_(out) {}
  void Log(const RpcLogRecord& record);

 private:
  absl::Mutex mu_;
  std::ostream& out_ ABSL_GUARDED_BY(mu_);
};

// gRPC's name for a code ("INVALID_ARGUMENT").
absl::string_view GrpcCodeName(absl::StatusCode code);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_RPC_LOG_H_
