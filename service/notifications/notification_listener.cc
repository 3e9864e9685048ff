// Copyright 2026 The msp-gateway Authors.

#include "service/notifications/notification_listener.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "httplib.h"
#include "service/common/error_details.h"

namespace msp_gateway {

// cpp-httplib as a parser and router only, as on the admin port: its listen
// loop and thread pool are not used (see the file comment of the header).
class NotificationHttp : public httplib::Server {
 public:
  void ServeOne(httplib::Stream& stream) {
    bool connection_closed = false;
    process_request(stream, /*close_connection=*/true, connection_closed,
                    nullptr);
  }
};

namespace {

NotificationMethod MethodOf(absl::string_view method) {
  if (method == "POST") return NotificationMethod::kPost;
  if (method == "GET") return NotificationMethod::kGet;
  return NotificationMethod::kOther;
}

// The method of a request's bytes as read so far.
NotificationMethod MethodOfRequest(absl::string_view request) {
  return MethodOf(
      request.substr(0, std::min(request.find(' '), request.size())));
}

BoundedRequestReaderOptions ReaderOptions(
    const NotificationListenerOptions& options) {
  BoundedRequestReaderOptions reader;
  reader.name = "notification port";
  reader.framing = RequestFraming::kContentLength;
  reader.max_head_bytes = options.max_head_bytes;
  reader.max_body_bytes = options.max_body_bytes;
  reader.read_timeout = options.read_timeout;
  reader.answer_timeout = true;
  reader.write_timeout = options.write_timeout;
  reader.max_connections_per_client = options.max_connections_per_client;
  reader.max_pending_connections = options.max_pending_connections;
  reader.worker_threads = options.worker_threads;
  reader.worker_queue = options.worker_queue;
  return reader;
}

}  // namespace

absl::string_view NotificationResultName(NotificationResult result) {
  switch (result) {
    case NotificationResult::kAccepted:
      return "accepted";
    case NotificationResult::kDuplicate:
      return "duplicate";
    case NotificationResult::kStale:
      return "stale";
    case NotificationResult::kBadSignature:
      return "bad_signature";
    case NotificationResult::kMalformed:
      return "malformed";
    case NotificationResult::kIgnored:
      return "ignored";
    case NotificationResult::kStoreFailed:
      return "store_failed";
    case NotificationResult::kRejected:
      return "rejected";
  }
  return "unknown";
}

absl::string_view NotificationMethodName(NotificationMethod method) {
  switch (method) {
    case NotificationMethod::kPost:
      return "POST";
    case NotificationMethod::kGet:
      return "GET";
    case NotificationMethod::kOther:
      return "other";
  }
  return "other";
}

NotificationListener::NotificationListener(NotificationListenerOptions options,
                                           NotificationSink& sink)
    : options_(std::move(options)),
      sink_(sink),
      http_(std::make_unique<NotificationHttp>()),
      reader_(std::make_unique<BoundedRequestReader>(
          ReaderOptions(options_),
          [this](httplib::Stream& stream) { http_->ServeOne(stream); },
          // Refused before httplib saw it: too large, incomplete, busy, ...
          [this](absl::string_view request) {
            Count(MethodOfRequest(request), NotificationResult::kRejected);
          })) {
  http_->set_payload_max_length(options_.max_body_bytes);
  http_->set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) {
        const NotificationMethod method = MethodOf(req.method);
        if (req.path != kNotificationPath) {
          Count(method, NotificationResult::kRejected);
          res.status = 404;
          res.set_content("not found\n", "text/plain");
          return httplib::Server::HandlerResponse::Handled;
        }
        if (method == NotificationMethod::kOther) {
          Count(method, NotificationResult::kRejected);
          res.status = 405;
          res.set_header("Allow", "GET, POST");
          res.set_content("method not allowed\n", "text/plain");
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });
  const auto reply = [](httplib::Response& res, Answer answer) {
    res.status = answer.status;
    res.set_content(std::string(answer.text), "text/plain");
  };
  http_->Post(
      std::string(kNotificationPath),
      [this, reply](const httplib::Request& req, httplib::Response& res) {
        // Several Auth headers: which one was meant is not known.
        const std::string auth = req.get_header_value_count("Auth") == 1
                                     ? req.get_header_value("Auth")
                                     : std::string();
        reply(res, HandlePost(req.body, req.params, auth));
      });
  http_->Get(
      std::string(kNotificationPath),
      [this, reply](const httplib::Request& req, httplib::Response& res) {
        reply(res, HandleGet(req.params));
      });
}

NotificationListener::~NotificationListener() { Stop(); }

absl::Time NotificationListener::Now() const {
  return options_.clock ? options_.clock() : absl::Now();
}

void NotificationListener::Count(NotificationMethod method,
                                 NotificationResult result) {
  counts_[static_cast<int>(method)][static_cast<int>(result)].fetch_add(
      1, std::memory_order_relaxed);
  if (options_.on_result) options_.on_result(method, result);
}

NotificationCounts NotificationListener::Counts() const {
  NotificationCounts counts;
  for (int m = 0; m < kNotificationMethodCount; ++m) {
    for (int r = 0; r < kNotificationResultCount; ++r) {
      counts.by_method_and_result[m][r] =
          counts_[m][r].load(std::memory_order_relaxed);
    }
  }
  return counts;
}

NotificationListener::Answer NotificationListener::Deliver(
    NotificationMethod method, const Notification& notification) {
  const absl::Status stored = sink_.Accept(notification);
  if (stored.ok()) {
    Count(method, NotificationResult::kAccepted);
    return {200, "OK"};
  }
  if (absl::IsAlreadyExists(stored)) {
    Count(method, NotificationResult::kDuplicate);
    return {200, "OK"};
  }
  Count(method, NotificationResult::kStoreFailed);
  return {503, "not stored, retry later\n"};
}

NotificationListener::Answer NotificationListener::HandlePost(
    absl::string_view body, const NotificationParams& params,
    absl::string_view auth) {
  constexpr NotificationMethod kPost = NotificationMethod::kPost;
  const absl::Time now = Now();
  // Before the body is even parsed: an unsigned body is never looked at.
  const absl::Status verified =
      VerifyNotificationSignature(absl::StripAsciiWhitespace(auth), body,
                                  options_.api_key, now, options_.max_age);
  if (!verified.ok()) {
    if (!absl::IsPermissionDenied(verified)) {
      // The MAC could not be computed: not the sender's fault, retry.
      Count(kPost, NotificationResult::kRejected);
      return {503, "cannot verify, retry later\n"};
    }
    const std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(verified);
    const bool stale =
        info.has_value() && info->reason() == kStaleSignatureReason;
    Count(kPost, stale ? NotificationResult::kStale
                       : NotificationResult::kBadSignature);
    return {403, "signature rejected\n"};
  }
  absl::StatusOr<NotificationQuery> query =
      ParseNotificationQuery(params, /*require_transaction_id=*/false);
  if (!query.ok()) {
    Count(kPost, NotificationResult::kMalformed);
    return {400, "malformed notification\n"};
  }
  absl::StatusOr<NotificationPayload> payload =
      ParseNotificationBody(body, query->payload_type, options_.max_body_bytes);
  if (!payload.ok()) {
    Count(kPost, NotificationResult::kMalformed);
    return {400, "malformed notification\n"};
  }
  if (payload->kind == NotificationKind::kIgnorable) {
    // Acknowledged so that MultiSafepay stops resending it (§6.4).
    Count(kPost, NotificationResult::kIgnored);
    return {200, "OK"};
  }
  Notification notification;
  notification.origin = NotificationOrigin::kVerifiedPost;
  notification.order_id = payload->order_id;
  notification.timestamp = query->timestamp;
  notification.received_at = now;
  notification.payload = *std::move(payload);
  notification.body = std::string(body);
  return Deliver(kPost, notification);
}

NotificationListener::Answer NotificationListener::HandleGet(
    const NotificationParams& params) {
  constexpr NotificationMethod kGet = NotificationMethod::kGet;
  absl::StatusOr<NotificationQuery> query =
      ParseNotificationQuery(params, /*require_transaction_id=*/true);
  if (!query.ok()) {
    Count(kGet, NotificationResult::kMalformed);
    return {400, "malformed notification\n"};
  }
  // §6.1: a call without timestamp can be ignored; pretransaction too.
  if (KindOfPayloadType(query->payload_type) == NotificationKind::kIgnorable ||
      query->timestamp.empty()) {
    Count(kGet, NotificationResult::kIgnored);
    return {200, "OK"};
  }
  Notification notification;
  notification.origin = NotificationOrigin::kGetHint;
  notification.order_id = query->transaction_id;
  notification.timestamp = query->timestamp;
  notification.received_at = Now();
  return Deliver(kGet, notification);
}

absl::StatusOr<int> NotificationListener::Start(const std::string& host,
                                                int port) {
  // Fail closed: without a key no POST could ever verify, and a listener
  // that answered anyway would hide the misconfiguration.
  if (absl::StripAsciiWhitespace(options_.api_key).empty()) {
    return absl::FailedPreconditionError(
        "the notification listener needs the MultiSafepay API key");
  }
  if (options_.max_age <= absl::ZeroDuration()) {
    return absl::FailedPreconditionError(
        "the notification freshness window is not positive");
  }
  return reader_->Start(host, port);
}

void NotificationListener::Stop() { reader_->Stop(); }

}  // namespace msp_gateway
