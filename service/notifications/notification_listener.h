// Copyright 2026 The msp-gateway Authors.
//
// File: notification_listener.h
//
// The public HTTP port MultiSafepay notifies (`--notification_port`), serving
// exactly `/notifications/multisafepay` (shared docs/multisafepay-api.md §6):
//   POST  the `Auth` header is verified over the raw body bytes
//         (VerifyNotificationSignature) before anything else is read; then
//         the body is parsed (notification_payload.h) and handed to the sink.
//   GET   no signature, so only a hint: `transactionid` (and `timestamp`) go
//         to the sink, which must read the order from MultiSafepay itself.
// Answers (MultiSafepay counts only a 200 with `OK` as delivered, §6.4):
//   200 OK   the sink returned OK (stored durably) or ALREADY_EXISTS (a
//            duplicate of a stored change); and for notices without an
//            order change (payload_type=pretransaction and other
//            payload_types; a GET without `timestamp`, §6.1), which are
//            acknowledged without calling the sink so that retries stop.
//   403      bad, malformed or stale signature: nothing changes.
//   400      a verified body that is not an order; a GET without
//            transactionid.
//   503      the sink failed: MultiSafepay retries.
//   404 other paths, 405 methods other than GET/POST, 413 a body above
//   max_body_bytes, 411 a POST without Content-Length (chunked bodies are
//   refused: MultiSafepay sends a length), 408/close a request not complete
//   within read_timeout.
// Answers have short fixed texts; the listener never logs (the counters are
// its record), so a body, which holds personal data, is never written out.
//
// The port faces the internet, so it is built like the admin port
// (service/server/admin_server.h) against slow clients, on the same
// service/http/bounded_request_reader.h: one poller thread
// reads each whole request, head and body (at most max_head_bytes +
// max_body_bytes), without blocking, and closes it when it is not complete
// read_timeout after accept (a deadline for the whole request, not per
// byte); connections still being read are limited per peer address and in
// all (oldest evicted). Complete requests go to `worker_threads` workers that
// let cpp-httplib parse and route them, call the sink and write the answer
// within write_timeout. One request per connection (`Connection: close`).

#ifndef MSP_GATEWAY_SERVICE_NOTIFICATIONS_NOTIFICATION_LISTENER_H_
#define MSP_GATEWAY_SERVICE_NOTIFICATIONS_NOTIFICATION_LISTENER_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/http/bounded_request_reader.h"
#include "service/notifications/notification_path.h"  // kNotificationPath
#include "service/notifications/notification_payload.h"
#include "service/notifications/notification_signature.h"

namespace msp_gateway {

// How a notification came, which says how far it can be trusted.
enum class NotificationOrigin {
  kVerifiedPost,  // signed body: its fields are MultiSafepay's word
  kGetHint,       // unsigned: only "look at this order"
};

// What the listener hands to the sink.
struct Notification {
  NotificationOrigin origin = NotificationOrigin::kVerifiedPost;
  // Always set: the merchant's order id (the body's order_id for POST, the
  // query's transactionid for GET).
  std::string order_id;
  // kVerifiedPost only.
  std::optional<NotificationPayload> payload;
  // kVerifiedPost only: the verified body (the order object, compact JSON),
  // for a sink that reads more of the order than `payload` holds. Personal
  // data: never logged.
  std::string body;
  // The query's `timestamp` as sent (for GET; for POST when present).
  std::string timestamp;
  absl::Time received_at;
};

// Where notifications go (the order state machine and its store, later).
class NotificationSink {
 public:
  virtual ~NotificationSink() = default;
  // Called from the listener's worker threads, concurrently. OK: the change
  // is stored durably. ALREADY_EXISTS: nothing new (a duplicate), also
  // acknowledged. Anything else: not stored, MultiSafepay should retry.
  virtual absl::Status Accept(const Notification& notification) = 0;
};

// Results, for metrics (issue 12: notifications by method and result).
enum class NotificationResult {
  kAccepted = 0,
  kDuplicate,
  kStale,
  kBadSignature,  // wrong MAC, or an Auth header missing or malformed
  kMalformed,     // verified body / query that is not a notification
  kIgnored,
  kStoreFailed,
  kRejected,  // wrong path or method, too large, incomplete, no length
};
inline constexpr int kNotificationResultCount = 8;
absl::string_view NotificationResultName(NotificationResult result);

enum class NotificationMethod { kPost = 0, kGet, kOther };
inline constexpr int kNotificationMethodCount = 3;
absl::string_view NotificationMethodName(NotificationMethod method);

struct NotificationCounts {
  std::array<std::array<uint64_t, kNotificationResultCount>,
             kNotificationMethodCount>
      by_method_and_result{};
  uint64_t Get(NotificationMethod method, NotificationResult result) const {
    return by_method_and_result[static_cast<int>(method)]
                               [static_cast<int>(result)];
  }
};

struct NotificationListenerOptions {
  // The website API key the POST signature is made with. Empty: Start()
  // refuses (an empty key is one anyone can sign with).
  std::string api_key;
  absl::Duration max_age = kDefaultNotificationMaxAge;
  // A POST body. An order with a long cart is tens of KB (the same bound as
  // MultiSafepay's largest replies, exact_json.h); a refused notification is
  // still found by the reconciler, but should not happen for a real order.
  size_t max_body_bytes = 256 * 1024;
  // Request line plus headers.
  size_t max_head_bytes = 16 * 1024;
  // From accept until the whole request (head and body) is in.
  absl::Duration read_timeout = absl::Seconds(10);
  absl::Duration write_timeout = absl::Seconds(5);
  int max_connections_per_client = 64;
  int max_pending_connections = 512;
  // The sink may wait on a database; more threads than the admin port.
  int worker_threads = 4;
  size_t worker_queue = 256;
  // For the freshness window and received_at; tests may fix it.
  std::function<absl::Time()> clock;
  // Told of every answered request (metrics); quick, any thread. Optional.
  std::function<void(NotificationMethod, NotificationResult)> on_result;
};

class NotificationHttp;

class NotificationListener {
 public:
  // `sink` must outlive the listener.
  NotificationListener(NotificationListenerOptions options,
                       NotificationSink& sink);
  ~NotificationListener();
  NotificationListener(const NotificationListener&) = delete;
  NotificationListener& operator=(const NotificationListener&) = delete;

  // Serves on host:port (0 = ephemeral) from background threads; returns the
  // bound port. FAILED_PRECONDITION without an API key or with a
  // non-positive max_age; UNAVAILABLE when the port cannot be bound.
  absl::StatusOr<int> Start(const std::string& host, int port);
  // Closes the port and every connection still being read, lets the workers
  // answer what they took, and returns. Idempotent.
  void Stop();

  NotificationCounts Counts() const;

 private:
  struct Answer {
    int status;
    absl::string_view text;
  };
  Answer HandlePost(absl::string_view body, const NotificationParams& params,
                    absl::string_view auth);
  Answer HandleGet(const NotificationParams& params);
  Answer Deliver(NotificationMethod method, const Notification& notification);
  void Count(NotificationMethod method, NotificationResult result);
  absl::Time Now() const;

  const NotificationListenerOptions options_;
  NotificationSink& sink_;
  std::unique_ptr<NotificationHttp> http_;
  std::array<std::array<std::atomic<uint64_t>, kNotificationResultCount>,
             kNotificationMethodCount>
      counts_{};
  // Last: its threads use http_ and counts_.
  std::unique_ptr<BoundedRequestReader> reader_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_NOTIFICATIONS_NOTIFICATION_LISTENER_H_
