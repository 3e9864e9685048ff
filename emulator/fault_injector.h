// Copyright 2026 The msp-gateway Authors.
//
// File: fault_injector.h
//
// Faults a test arms through `POST /__emulator/faults` so the gateway meets
// the failures real MultiSafepay traffic has: latency, load-balancer error
// pages, API errors, dropped connections and truncated bodies.
//
// A fault spec is a JSON object:
//   {"method": "POST",               // optional; "" or absent = any method
//    "path": "/v1/json/orders",      // optional; "" or absent = any API
//                                    // path; a trailing "*" matches a prefix
//                                    // ("/v1/json/orders/*")
//    "kind": "html_503" | "delay" | "drop" | "error" | "malformed_json",
//    "delay_ms": 1500,               // delay: sleep this long, then answer
//                                    // normally (required for delay)
//    "http_status": 500,             // error: HTTP status (default 500)
//    "error_code": 1000,             // error: error_code (default 9999)
//    "error_info": "Unknown error",  // error: error_info (default "Unknown
//                                    // error")
//    "times": 1,                     // how many matching requests it
//                                    // applies to (default 1; -1 = all)
//    "process_request": false}       // true: handle the request first (the
//                                    // order is created) and then replace
//                                    // the answer with the fault, so tests
//                                    // can model "request done, answer
//                                    // lost". Ignored for delay.
// Unknown members are rejected so a typo cannot silently arm nothing.
// When several faults match a request, the oldest one applies.

#ifndef MSP_GATEWAY_EMULATOR_FAULT_INJECTOR_H_
#define MSP_GATEWAY_EMULATOR_FAULT_INJECTOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

enum class FaultKind {
  // HTTP 503 with an HTML body, as a load balancer in front of MSP answers.
  kHtml503,
  // Sleep `delay_ms`, then answer normally.
  kDelay,
  // Close the connection without answering.
  kDrop,
  // The MSP error envelope with the given status and code.
  kError,
  // HTTP 200 with a truncated JSON body.
  kMalformedJson,
};

struct Fault {
  int64_t id = 0;  // assigned by FaultInjector::Add()
  std::string method;
  std::string path;
  FaultKind kind = FaultKind::kError;
  int delay_ms = 0;
  int http_status = 500;
  int error_code = 9999;
  std::string error_info = "Unknown error";
  int times = 1;  // remaining uses; -1 = unlimited
  bool process_request = false;
};

// ParseFault()
//
// Reads a fault spec (see the file comment). Returns InvalidArgument when a
// member is unknown, has the wrong type or is out of range.
absl::StatusOr<Fault> ParseFault(const nlohmann::json& spec);

// FaultToJson()
//
// The spec of `fault` (with its id and remaining `times`), for listings.
nlohmann::json FaultToJson(const Fault& fault);

// FaultInjector
//
// The armed faults. Thread-safe.
class FaultInjector {
 public:
  FaultInjector() = default;
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  // Arms `fault` and returns its id.
  int64_t Add(Fault fault);

  // Takes one use of the oldest fault matching `method` and `path`; a fault
  // whose uses run out is disarmed. nullopt when none matches.
  std::optional<Fault> Take(absl::string_view method, absl::string_view path);

  // The armed faults, oldest first, as a JSON array.
  nlohmann::json ToJson() const;

  // Disarms every fault.
  void Clear();

 private:
  mutable absl::Mutex mu_;
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  std::vector<Fault> faults_ ABSL_GUARDED_BY(mu_);
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_FAULT_INJECTOR_H_
