// Copyright 2026 The msp-gateway Authors.
//
// File: notifier.h
//
// Notifications as MultiSafepay sends them (multisafepay-api.md §6): on each
// order or refund status change, `payment_options.notification_url` +
// `?transactionid=<order_id>&timestamp=<ts>` (`&` when the URL has a query)
// is called with the order's `notification_method`:
//   POST (default): the compact order JSON, `Content-Type: application/json`
//        and `Auth: base64("<ts>:<hex HMAC-SHA512(api_key, "<ts>:" + body)>")`
//        (notification_signature.h);
//   GET: no body, no signature.
// Acknowledged only by HTTP 200 with "OK" in the first 100 body characters;
// otherwise (any other status, a connection error, a 5 s timeout) it is sent
// again after `retry_interval`, up to `retries` times, each with a new
// timestamp.
//
// Safety: the emulator runs on offline machines and its test orders name
// https://www.example.com, so only loopback hosts (127.0.0.1, ::1,
// localhost) are contacted unless `notify_any_host`; only http:// is
// implemented (no TLS client): an https URL, or a non-loopback one without
// the flag, is logged with `error` and never contacted.
//
// Delivery runs on one thread of its own, off the request path; at most
// `max_queue` notifications wait (more are logged with error "queue full").
//
// The log (GET /__emulator/notifications), one entry per attempt or
// decision, oldest first:
//   {"order_id", "method", "url" (with the query), "status_sent",
//    "attempt" (1 = first), "http_status" (0: no answer), "acknowledged",
//    "fault"? (the notification fault applied), "error"? (why not sent)}
//
// Notification faults (POST /__emulator/notification_faults):
//   {"kind": "drop" | "duplicate" | "reorder" | "bad_signature" |
//            "stale_timestamp" | "delay",
//    "order_id": "o-1",     // optional: only this order's notifications
//    "probability": 1.0,    // optional, 0..1, drawn from a generator seeded
//                           // with the emulator's fault seed
//    "times": 1,            // optional; -1 = unlimited
//    "delay_ms": 1000}      // delay: how long before the first attempt
// drop: never sent (logged with http_status 0); duplicate: sent twice;
// reorder: held back and sent after the order's next notification (an older
// status after a newer one); bad_signature: a wrong MAC; stale_timestamp: a
// timestamp one hour old, correctly signed; delay: the first attempt waits.
// The first matching fault applies, once per notification.

#ifndef MSP_GATEWAY_EMULATOR_NOTIFIER_H_
#define MSP_GATEWAY_EMULATOR_NOTIFIER_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {

struct NotifierOptions {
  std::string api_key;  // signs POST notifications
  absl::Duration retry_interval = absl::Minutes(15);
  int retries = 3;
  bool notify_any_host = false;
  size_t max_queue = 10000;
  uint64_t fault_seed = 0;  // 0: random
  // The time for the `timestamp` (unix seconds); retries are scheduled on
  // the real clock.
  std::function<absl::Time()> clock = &absl::Now;
};

enum class NotificationFaultKind {
  kDrop,
  kDuplicate,
  kReorder,
  kBadSignature,
  kStaleTimestamp,
  kDelay,
};

struct NotificationFault {
  NotificationFaultKind kind = NotificationFaultKind::kDrop;
  std::string order_id;  // "" = any
  double probability = 1.0;
  int times = 1;  // -1 = unlimited
  int delay_ms = 0;
};

// Reads a notification fault spec (file comment); InvalidArgument otherwise.
absl::StatusOr<NotificationFault> ParseNotificationFault(
    const nlohmann::json& spec);

// Whether `host` (as in a URL, IPv6 in brackets or not) is loopback.
bool IsLoopbackHost(const std::string& host);

// Notifier
//
// Thread-safe.
class Notifier {
 public:
  explicit Notifier(NotifierOptions options);
  ~Notifier();  // Stop()

  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Notify()
  //
  // Queues the notification of `order` (the order object) under
  // `order_id`, to `url` with `method` ("GET" or POST otherwise). An empty
  // `url` is ignored. Returns at once.
  void Notify(const std::string& order_id, const nlohmann::json& order,
              const std::string& url, const std::string& method);

  // The log (file comment) as a JSON array; Clear() empties it.
  nlohmann::json LogJson() const;
  void ClearLog();

  void AddFault(NotificationFault fault);
  void ClearFaults();

  // Ends the sender thread; queued notifications are not sent.
  void Stop();

 private:
  struct Delivery {
    std::string order_id;
    std::string url;  // as given
    std::string method;
    std::string body;  // compact order JSON
    std::string status;
    int attempt = 1;
    std::string fault;
    bool bad_signature = false;
    bool stale = false;
    absl::Time due;
  };

  void Run();
  void Send(Delivery& delivery);
  void Enqueue(Delivery delivery) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Log(const Delivery& delivery, const std::string& url, int http_status,
           bool acknowledged, const std::string& error)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::optional<NotificationFault> TakeFault(const std::string& order_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const NotifierOptions options_;

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<Delivery> queue_ ABSL_GUARDED_BY(mu_);
  // Held back by a reorder fault, by order_id.
  std::vector<Delivery> held_ ABSL_GUARDED_BY(mu_);
  std::vector<NotificationFault> faults_ ABSL_GUARDED_BY(mu_);
  std::mt19937_64 random_ ABSL_GUARDED_BY(mu_);
  nlohmann::json log_ ABSL_GUARDED_BY(mu_) = nlohmann::json::array();
  std::thread thread_;
};

}  // namespace msp_emulator

#endif  // MSP_GATEWAY_EMULATOR_NOTIFIER_H_
