// Copyright 2026 The msp-gateway Authors.
//
// File: emulator.h
//
// An in-process MultiSafepay JSON API emulator on plain HTTP, for tests,
// benchmarks and local runs (the msp_emulator binary wraps it). It serves
// asynchronously on a few threads (http_server.h): thousands of concurrent
// connections and delayed answers cost memory, not threads.
//
// MultiSafepay API under /v1/json (envelope, statuses and codes as in
// multisafepay-api.md; the rules are documented where they are implemented):
//   POST  /orders                     create an order (order_rules.h for the
//                                     validation, order_store.h for a
//                                     repeated order_id: a new session of
//                                     the same order, or 409/1006 once it
//                                     is paid) -> {order_id, payment_url,
//                                     session_id}, or the order object plus
//                                     payment_url for direct orders
//   GET   /orders/{order_id}          the order object (order_model.h);
//                                     404/1006 if unknown
//   PATCH /orders/{order_id}          cancel, ship, partial ship, invoice,
//                                     Klarna extension (order_lifecycle.h)
//                                     -> {} or {order_id, transaction_id};
//                                     404/1000 if unknown, 410/1000 when the
//                                     order's state does not allow it
//   POST  /orders/{order_id}/capture  manual capture -> {transaction_id,
//                                     order_id}; 404/1006 if unknown
//   POST  /orders/{order_id}/refunds  refund (plain or BNPL checkout_data) ->
//                                     {transaction_id, refund_id, order_id};
//                                     404/1006 if unknown
//   GET   /gateways                   [{id, description[, type]}] filtered by
//                                     `country` (400/1018 if not ISO),
//                                     `currency` (400/1002), `amount`
//                                     (400/1001), `include=coupons`
//                                     (gateway_catalog.h)
//   GET   /gateways/{gateway_id}      {id, description}, case-insensitive;
//                                     404/1023 if unknown
//   anything else under the server    404 {"success":false,"data":{},
//                                     "error_code":1000,"error_info":"Not
//                                     found"}
// The API key is read from the `api_key` header, else `Authorization:
// Bearer <key>`, else the `api_key` query parameter; when
// EmulatorOptions::api_key is set, a missing or different key is 401/1032
// (checked before the body is validated). HTTP statuses per error code are
// listed in msp_error.h. Bodies are read with their exact number lexemes
// (exact_json.h), so cart prices and rates never pass through a double.
//
// Control surface for tests (no key needed, not recorded in the log):
//   GET    /__emulator/requests   every request outside /__emulator/ so
//                                 far (API calls, unknown routes and
//                                 faulted requests alike), oldest first:
//                                 [{method, path, query, headers, body}]
//                                 with the key redacted (request_log.h)
//   DELETE /__emulator/requests   clears that log
//   POST   /__emulator/orders/{order_id}/status
//                                 body {"status": "completed"}, optionally
//                                 "financial_status", "reason",
//                                 "reason_code" (string or integer) and
//                                 "gateway" (the method the customer paid
//                                 with): plays the customer or the bank (any
//                                 transition; see order_lifecycle.h
//                                 SetStatus()); answers the order envelope,
//                                 404 for an unknown order, 400 for an
//                                 unknown status or gateway
//   POST   /__emulator/orders/{order_id}/refunds/{refund_id}/status
//                                 body {"status": "completed" | "void" |
//                                 "reserved"}: settles or voids a refund
//                                 (refund_id or its transaction_id);
//                                 answers the order envelope, 404 for an
//                                 unknown order or refund
//   GET    /__emulator/orders     every order's counters, by order_id:
//                                 [{order_id, status, financial_status,
//                                 posts, sessions, refused_posts,
//                                 refund_posts, refunds,
//                                 refund_descriptions, capture_posts,
//                                 captures}] (order_store.h Stats())
//   GET    /__emulator/orders/{order_id}/stats
//                                 one order's counters; 404 if unknown
//   DELETE /__emulator/orders     forgets every order and its counters
//   POST   /__emulator/faults     arms a fault (spec in fault_injector.h);
//                                 answers {"id": N}
//   GET    /__emulator/faults     the armed faults
//   DELETE /__emulator/faults     disarms them all (delays already
//                                 running go on)
//   GET    /__emulator/faults/seed   {"seed": N}: the seed `probability`
//                                 draws from
//   POST   /__emulator/faults/seed   body {"seed": N}: restarts the
//                                 generator from N (0: a random seed);
//                                 answers {"seed": N}
//   POST   /__emulator/delays/release
//                                 ends every delay now (those answers go
//                                 on at once); answers {"released": N}
//   GET    /__emulator/server     {"threads", "connections", "delayed",
//                                 "requests", "fault_seed"}: event-loop
//                                 threads, open connections, answers
//                                 waiting on a delay, requests read
//   GET    /__emulator/notifications
//                                 the notification log, one entry per
//                                 attempt: [{order_id, method, url,
//                                 status_sent, attempt, http_status,
//                                 acknowledged, fault?, error?}]
//   DELETE /__emulator/notifications   clears it
//   POST   /__emulator/notification_faults
//                                 arms a notification fault {kind: drop |
//                                 duplicate | reorder | bad_signature |
//                                 stale_timestamp | delay, order_id?,
//                                 probability?, times?, delay_ms?}
//                                 (notifier.h); answers {}
//   DELETE /__emulator/notification_faults   disarms them
//   GET    /__emulator/health     200 "ok"
// Control errors are {"error": "<message>"}.
//
// Notifications (notifier.h, multisafepay-api.md §6): every status change
// of an order or a refund, by the API or the control surface, is notified
// to the order's payment_options.notification_url with its
// notification_method (POST default: the compact order JSON signed with
// `Auth` = base64("<ts>:<hex HMAC-SHA512(api_key, "<ts>:" + body)>"); GET:
// transactionid and timestamp only), off the request path, retried until
// acknowledged (200 with "OK" in the first 100 characters). Only loopback
// http:// URLs are called unless notify_any_host; https is not implemented
// (logged with an error, never contacted).
//
// Example:
//   msp_emulator::EmulatorOptions options;
//   options.api_key = "test-key";
//   msp_emulator::Emulator emulator(options);
//   absl::StatusOr<int> port = emulator.Start("127.0.0.1", 0);
//   if (!port.ok()) return port.status();
//   ... point the client at http://127.0.0.1:<*port>/v1/json ...
//   emulator.Stop();  // or let the destructor do it

#ifndef MSP_GATEWAY_EMULATOR_EMULATOR_H_
#define MSP_GATEWAY_EMULATOR_EMULATOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace msp_emulator {

struct EmulatorOptions {
  // The expected API key. Empty: any key, or none, is accepted (dev mode).
  std::string api_key;
  // Prefix of payment URLs: <payment_host>/connect/<session_id>/?lang=<locale>.
  std::string payment_host = "https://testpayv2.multisafepay.com";
  // Threads of the event loop that accepts, reads, runs the handlers and
  // writes. Connections and delays hold no thread, so the machine's cores
  // are enough; <= 0 means 1.
  int worker_threads = 2;
  // Seeds the generator fault `probability` draws from; 0: a random seed
  // (GET /__emulator/server shows it).
  uint64_t fault_seed = 0;
  // Notifications (notifier.h): contact hosts other than loopback
  // (127.0.0.1, ::1, localhost) too; off, such URLs are logged, never
  // called. Retries after `notify_retry_interval`, `notify_retries` times.
  bool notify_any_host = false;
  absl::Duration notify_retry_interval = absl::Minutes(15);
  int notify_retries = 3;
  // The time for order timestamps, notification timestamps and the
  // 5-minute duplicate-refund rule.
  // Empty: absl::Now. Tests inject a clock they move by hand.
  std::function<absl::Time()> clock;
};

// Emulator
//
// Thread-safe: requests are served concurrently on the event-loop threads;
// all state is behind mutexes.
class Emulator {
 public:
  explicit Emulator(EmulatorOptions options);
  ~Emulator();  // stops if running

  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // Start()
  //
  // Binds `host`:`port` (port 0 = an ephemeral port) and serves on
  // background threads. Returns the bound port once connections are being
  // accepted. Fails with Unavailable when the address cannot be bound and
  // FailedPrecondition when called twice.
  absl::StatusOr<int> Start(const std::string& host, int port);

  // Stop()
  //
  // Stops serving and waits for the server threads; every connection is
  // closed, requests being delayed by a fault get no answer. Safe to call
  // more than once.
  void Stop();

  // The bound port; 0 before Start().
  int port() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_EMULATOR_H_
