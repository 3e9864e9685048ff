// Copyright 2026 The msp-gateway Authors.
//
// File: fault_injector.h
//
// Faults a test arms through `POST /__emulator/faults` so the gateway meets
// the failures real MultiSafepay traffic has: latency, load-balancer error
// pages, API errors, dropped connections and truncated bodies, either
// before MultiSafepay processed the request or after (the order exists, the
// refund or capture is done, only the answer is lost).
//
// A fault spec is a JSON object:
//   {"method": "POST",               // optional; "" or absent = any method
//    "path": "/v1/json/orders",      // optional; "" or absent = any API
//                                    // path; a trailing "*" matches a prefix
//                                    // ("/v1/json/orders/*")
//    "kind": "html_503" | "html" | "empty" | "delay" | "drop" | "error" |
//            "malformed_json",
//    "when": "before" | "after",     // before (default): the request is not
//                                    // processed, as if it never reached
//                                    // MultiSafepay. after: it is processed
//                                    // first (order created, refund done)
//                                    // and then the answer is lost as the
//                                    // kind says
//    "delay_ms": 1500,               // delay: how long (required for delay);
//                                    // before = wait, then process and
//                                    // answer; after = process, then wait
//                                    // and answer (e.g. past the caller's
//                                    // deadline). A timer: no thread waits
//    "http_status": 500,             // error: HTTP status (default 500);
//                                    // html, empty: (default 502)
//    "error_code": 1000,             // error: error_code (default 9999)
//    "error_info": "Unknown error",  // error: error_info (default "Unknown
//                                    // error")
//    "times": 1,                     // how many requests it applies to
//                                    // (default 1; -1 = all)
//    "skip": 0,                      // matching requests let through first
//                                    // (default 0): skip 1 faults the second
//    "probability": 1.0,             // chance (0..1) that a matching request
//                                    // is faulted (default 1); drawn from the
//                                    // injector's seeded generator (the
//                                    // emulator's --fault_seed); a request
//                                    // spared uses up no `times`
//    "process_request": false}       // the older spelling of "when":
//                                    // true = "after"
// Kinds: html_503 = 503 with an HTML body (a load balancer); html = the same
// page with `http_status`; empty = `http_status` with an empty body; delay
// = the real answer, late; drop = the connection is reset (TCP RST) without
// an answer; error = the MultiSafepay error envelope; malformed_json = 200
// with half a JSON body (half of the real one for "after").
// Unknown members are rejected so a typo cannot silently arm nothing.
// Faults are tried oldest first; the first one that fires applies. A fault
// that lets a request pass (skip, probability) leaves it to the next.

#ifndef MSP_GATEWAY_EMULATOR_FAULT_INJECTOR_H_
#define MSP_GATEWAY_EMULATOR_FAULT_INJECTOR_H_

#include <cstdint>
#include <optional>
#include <random>
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
  // `http_status` with that HTML page.
  kHtml,
  // `http_status` with an empty body.
  kEmpty,
  // The real answer, `delay_ms` late.
  kDelay,
  // Reset the connection without answering.
  kDrop,
  // The MSP error envelope with the given status and code.
  kError,
  // HTTP 200 with a truncated JSON body.
  kMalformedJson,
};

// Whether the request is processed before its answer is lost.
enum class FaultWhen {
  kBefore,  // not processed
  kAfter,   // processed, then the answer is lost
};

struct Fault {
  int64_t id = 0;  // assigned by FaultInjector::Add()
  std::string method;
  std::string path;
  FaultKind kind = FaultKind::kError;
  FaultWhen when = FaultWhen::kBefore;
  int delay_ms = 0;
  int http_status = 500;
  int error_code = 9999;
  std::string error_info = "Unknown error";
  int times = 1;  // remaining uses; -1 = unlimited
  int skip = 0;   // matching requests still to let through
  double probability = 1.0;
};

// ParseFault()
//
// Reads a fault spec (see the file comment). Returns InvalidArgument when a
// member is unknown, has the wrong type or is out of range.
absl::StatusOr<Fault> ParseFault(const nlohmann::json& spec);

// FaultToJson()
//
// The spec of `fault` (with its id, remaining `times` and `skip`), for
// listings.
nlohmann::json FaultToJson(const Fault& fault);

// FaultInjector
//
// The armed faults. Thread-safe.
class FaultInjector {
 public:
  // `seed` seeds the generator `probability` draws from; 0 picks one at
  // random (seed() tells which).
  explicit FaultInjector(uint64_t seed = 0);
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  // Arms `fault` and returns its id.
  int64_t Add(Fault fault);

  // Takes one use of the oldest fault that matches `method` and `path` and
  // fires (its skip spent, its probability drawn); a fault whose uses run
  // out is disarmed. nullopt when none fires.
  std::optional<Fault> Take(absl::string_view method, absl::string_view path);

  // The armed faults, oldest first, as a JSON array.
  nlohmann::json ToJson() const;

  // Disarms every fault.
  void Clear();

  // Restarts the generator from `seed` (0: a random one).
  void Reseed(uint64_t seed);
  uint64_t seed() const;

 private:
  mutable absl::Mutex mu_;
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  std::vector<Fault> faults_ ABSL_GUARDED_BY(mu_);
  uint64_t seed_ ABSL_GUARDED_BY(mu_) = 0;
  std::mt19937_64 random_ ABSL_GUARDED_BY(mu_);
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_FAULT_INJECTOR_H_
