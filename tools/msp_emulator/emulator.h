// Copyright 2026 The msp-gateway Authors.
//
// File: emulator.h
//
// An in-process MultiSafepay JSON API emulator on plain HTTP, for tests,
// benchmarks and local runs (the msp_emulator binary wraps it).
//
// MultiSafepay API (envelope, statuses and codes as in multisafepay-api.md):
//   POST /v1/json/orders              create an order (see order_rules.h for
//                                     the validation, order_store.h for
//                                     duplicates)
//   GET  /v1/json/orders/{order_id}   the order object; 404/1006 if unknown
//   anything else under the server    404 {"success":false,"data":{},
//                                     "error_code":1000,"error_info":"Not
//                                     found"}
// The API key is read from the `api_key` header, else `Authorization:
// Bearer <key>`, else the `api_key` query parameter; when
// EmulatorOptions::api_key is set, a missing or different key is 401/1032
// (checked before the body is validated). HTTP statuses per error code are
// listed in msp_error.h: 400 for validation errors, 401 for 1032, 404 for
// 1023 and unknown orders/routes, 409 for an order_id already paid (1006).
//
// Control surface for tests (no key needed, not recorded in the log):
//   GET    /__emulator/requests   every request outside /__emulator/ so
//                                 far (API calls, unknown routes and
//                                 faulted requests alike), oldest first:
//                                 [{method, path, query, headers, body}]
//                                 with the key redacted (request_log.h)
//   DELETE /__emulator/requests   clears that log
//   POST   /__emulator/orders/{order_id}/status
//                                 body {"status": "completed"} (optionally
//                                 "financial_status"): simulates the
//                                 customer; answers the order envelope, 404
//                                 for an unknown order, 400 for an unknown
//                                 status
//   DELETE /__emulator/orders     forgets every order
//   POST   /__emulator/faults     arms a fault (spec in fault_injector.h);
//                                 answers {"id": N}
//   GET    /__emulator/faults     the armed faults
//   DELETE /__emulator/faults     disarms them all
//   GET    /__emulator/health     200 "ok"
//
// Example:
//   msp_emulator::EmulatorOptions options;
//   options.api_key = "test-key";
//   msp_emulator::Emulator emulator(options);
//   absl::StatusOr<int> port = emulator.Start("127.0.0.1", 0);
//   if (!port.ok()) return port.status();
//   ... point the client at http://127.0.0.1:<*port>/v1/json ...
//   emulator.Stop();  // or let the destructor do it

#ifndef MSP_GATEWAY_TOOLS_MSP_EMULATOR_EMULATOR_H_
#define MSP_GATEWAY_TOOLS_MSP_EMULATOR_EMULATOR_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace msp_emulator {

struct EmulatorOptions {
  // The expected API key. Empty: any key, or none, is accepted (dev mode).
  std::string api_key;
  // Prefix of payment URLs: <payment_host>/connect/<session_id>/?lang=<locale>.
  std::string payment_host = "https://testpayv2.multisafepay.com";
  // Worker threads. The HTTP server serves a keep-alive connection on one
  // worker for the connection's whole life, so this bounds the number of
  // concurrent client connections; keep it above the client's pool size.
  int worker_threads = 64;
};

// Emulator
//
// Thread-safe: requests are served concurrently by a pool of worker threads;
// all state is behind mutexes.
class Emulator {
 public:
  explicit Emulator(EmulatorOptions options);
  ~Emulator();  // stops if running

  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // Start()
  //
  // Binds `host`:`port` (port 0 = an ephemeral port) and serves on a
  // background thread. Returns the bound port once connections are being
  // accepted. Fails with Unavailable when the address cannot be bound and
  // FailedPrecondition when called twice.
  absl::StatusOr<int> Start(const std::string& host, int port);

  // Stop()
  //
  // Stops serving and waits for the server thread; requests being delayed
  // by a fault are cut short. Safe to call more than once.
  void Stop();

  // The bound port; 0 before Start().
  int port() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_TOOLS_MSP_EMULATOR_EMULATOR_H_
