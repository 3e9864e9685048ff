// Copyright 2026 The msp-gateway Authors.

#include "service/order_events/watch_order_events.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/error_details.h"
#include "service/order_events/prepared_event.h"
#include "service/order_events/watch_request.h"
#include "service/rpc/grpc_status.h"

namespace msp_gateway {
namespace {

constexpr absl::string_view kMalformedRequestReason = "MALFORMED_REQUEST";
constexpr absl::string_view kRequestTooLargeReason = "REQUEST_TOO_LARGE";

// A stream that ends at once with `status`.
class EndedStream final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  EndedStream(const absl::Status& status, OrderEventHub* hub,
              absl::string_view reason) {
    if (hub != nullptr && hub->observer().on_stream_end) {
      WatchStreamEnd end;
      end.reason = reason;
      end.code = status.code();
      end.duration = absl::ZeroDuration();
      hub->observer().on_stream_end(end);
    }
    Finish(ToGrpcStatus(status));
  }
  void OnDone() override { delete this; }
};

absl::StatusOr<payments::v1::WatchOrderEventsRequest> ParseRaw(
    const grpc::ByteBuffer* raw) {
  payments::v1::WatchOrderEventsRequest request;
  const size_t size = raw != nullptr && raw->Valid() ? raw->Length() : 0;
  if (size > kMaxWatchRequestBytes) {
    return WithErrorInfo(
        InvalidArgumentError(
            absl::StrCat("the request is too large: ", size, " bytes, at most ",
                         kMaxWatchRequestBytes, " are accepted"),
            {{"", absl::StrCat("the serialized WatchOrderEventsRequest must "
                               "be at most ",
                               kMaxWatchRequestBytes, " bytes, got ", size)}}),
        kRequestTooLargeReason, kGatewayErrorDomain,
        {{"max_request_bytes", absl::StrCat(kMaxWatchRequestBytes)}});
  }
  if (size == 0) return request;
  grpc::ByteBuffer bytes(*raw);  // Shares the slices; the reader consumes it.
  grpc::ProtoBufferReader reader(&bytes);
  if (!request.ParseFromZeroCopyStream(&reader)) {
    return WithErrorInfo(
        absl::InvalidArgumentError(
            "the body is not a valid payments.v1.WatchOrderEventsRequest"),
        kMalformedRequestReason, kGatewayErrorDomain,
        {{"request_type", "payments.v1.WatchOrderEventsRequest"}});
  }
  return request;
}

class WatchStream final : public grpc::ServerWriteReactor<grpc::ByteBuffer>,
                          public OrderEventHub::Subscriber,
                          public std::enable_shared_from_this<WatchStream> {
 public:
  WatchStream(OrderEventHub& hub, WatchSpec spec)
      : hub_(hub),
        spec_(std::move(spec)),
        capacity_(std::max<size_t>(1, hub.options().stream_buffer)),
        last_queued_(spec_.after_cursor.value_or(0)),
        covered_(spec_.after_cursor.value_or(0)),
        last_sent_(spec_.after_cursor),
        check_retention_(spec_.after_cursor.has_value()) {}

  // After construction, on the gRPC thread of the handler: owns itself,
  // registers and starts the replay.
  void Start() {
    self_ = shared_from_this();
    // Headers now: the client knows the stream is up before the first
    // event, which may be long in coming.
    StartSendInitialMetadata();
    if (!hub_.Register(shared_from_this())) {
      std::lock_guard<std::mutex> lock(mu_);
      EndLocked(End::kShuttingDown);
    }
    Pump();
  }

  // --- grpc::ServerWriteReactor

  void OnWriteDone(bool ok) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      write_in_flight_ = false;
      if (ok) {
        last_sent_ = write_cursor_;
        ++events_sent_;
      } else {
        // The call is broken (the client went away): nothing more can go.
        EndLocked(End::kCancelled);
      }
    }
    Pump();
  }

  void OnCancel() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      EndLocked(End::kCancelled);
    }
    Pump();
  }

  void OnDone() override {
    std::shared_ptr<WatchStream> keep = std::move(self_);
    WatchStreamEnd end;
    {
      std::lock_guard<std::mutex> lock(mu_);
      end.reason = EndName(end_);
      end.code = end_code_;
      end.events_sent = events_sent_;
    }
    end.duration = absl::Now() - start_;
    hub_.Unregister(this);
    if (hub_.observer().on_stream_end) hub_.observer().on_stream_end(end);
    // `keep` may be the last reference: this object goes with it.
  }

  // --- OrderEventHub::Subscriber

  bool OnLiveEventsLocked(
      absl::Span<const std::shared_ptr<const PreparedEvent>> events,
      bool& leave) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (end_ != End::kNone) {
      leave = true;
      return false;
    }
    const bool was_idle = !write_in_flight_ && queue_.empty();
    for (const std::shared_ptr<const PreparedEvent>& event : events) {
      if (!WantedLocked(*event)) continue;
      if (queue_.size() >= capacity_) {
        EndLocked(End::kSlowConsumer);
        leave = true;
        return true;
      }
      queue_.push_back(event);
      last_queued_ = event->cursor;
    }
    return was_idle && !queue_.empty();
  }

  bool JoinLocked(
      absl::Span<const std::shared_ptr<const PreparedEvent>> gap) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (end_ != End::kNone) return false;
    size_t wanted = 0;
    for (const std::shared_ptr<const PreparedEvent>& event : gap) {
      if (WantedLocked(*event)) ++wanted;
    }
    if (queue_.size() + wanted > capacity_) return false;
    for (const std::shared_ptr<const PreparedEvent>& event : gap) {
      if (!WantedLocked(*event)) continue;
      queue_.push_back(event);
      last_queued_ = event->cursor;
    }
    live_ = true;
    return true;
  }

  bool OnShutdownLocked() override {
    std::lock_guard<std::mutex> lock(mu_);
    EndLocked(End::kShuttingDown);
    return true;
  }

  // Starts whatever can start now: the next write, the next replay read,
  // or the finish once nothing is in flight. Never holds mu_ while calling
  // gRPC or the pool.
  void Pump() override {
    for (;;) {
      enum class Action { kWrite, kRead, kFinish } action;
      grpc::Status finish_status;
      bool first_read = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (finished_) return;
        if (end_ != End::kNone) {
          queue_.clear();
          if (write_in_flight_ || reading_) return;
          finished_ = true;
          const absl::Status status = EndStatusLocked();
          end_code_ = status.code();
          finish_status = ToGrpcStatus(status);
          action = Action::kFinish;
        } else if (!write_in_flight_ && !queue_.empty()) {
          std::shared_ptr<const PreparedEvent> event =
              std::move(queue_.front());
          queue_.pop_front();
          if (!event->error.ok()) {
            unreadable_cursor_ = event->cursor;
            EndLocked(End::kUnreadableEvent);
            continue;
          }
          write_in_flight_ = true;
          write_cursor_ = event->cursor;
          grpc::Slice slice(event->response);
          write_buffer_ = grpc::ByteBuffer(&slice, 1);
          action = Action::kWrite;
        } else if (!live_ && !reading_ && queue_.size() <= capacity_ / 2) {
          reading_ = true;
          first_read = !read_started_;
          read_started_ = true;
          action = Action::kRead;
        } else {
          return;
        }
      }
      switch (action) {
        case Action::kFinish:
          Finish(std::move(finish_status));
          return;
        case Action::kWrite:
          StartWrite(&write_buffer_);
          break;  // A replay read may start beside the write.
        case Action::kRead:
          SubmitRead(first_read);
          break;
      }
    }
  }

 private:
  enum class End {
    kNone,
    kCancelled,
    kSlowConsumer,
    kStoreBusy,
    kStoreUnavailable,
    kShuttingDown,
    kCursorExpired,
    kCursorUnknown,
    kUnreadableEvent,
  };

  static absl::string_view EndName(End why) {
    switch (why) {
      case End::kNone:
      case End::kCancelled:
        return "cancelled";
      case End::kSlowConsumer:
        return "slow_consumer";
      case End::kStoreBusy:
        return "store_busy";
      case End::kStoreUnavailable:
        return "store_unavailable";
      case End::kShuttingDown:
        return "shutting_down";
      case End::kCursorExpired:
        return "cursor_expired";
      case End::kCursorUnknown:
        return "cursor_unknown";
      case End::kUnreadableEvent:
        return "unreadable_event";
    }
    return "cancelled";
  }

  // The first reason wins: a later one (the cancellation that follows a
  // Finish, say) does not replace it.
  void EndLocked(End why) {
    if (end_ == End::kNone) end_ = why;
    queue_.clear();
  }

  bool WantedLocked(const PreparedEvent& event) const {
    if (event.cursor <= last_queued_) return false;
    return spec_.order_ids.empty() ||
           std::binary_search(spec_.order_ids.begin(), spec_.order_ids.end(),
                              event.order_id);
  }

  std::string LastCursorLocked() const {
    return last_sent_.has_value() ? FormatCursor(*last_sent_) : "";
  }

  std::string ResumeHintLocked() const {
    return last_sent_.has_value()
               ? absl::StrCat("resume with after_cursor \"",
                              FormatCursor(*last_sent_), "\"")
               : std::string("resume with an empty after_cursor");
  }

  absl::Status EndStatusLocked() const {
    const std::vector<std::pair<std::string, std::string>> last = {
        {std::string(kLastCursorKey), LastCursorLocked()}};
    switch (end_) {
      case End::kNone:
      case End::kCancelled:
        return absl::CancelledError("the stream was cancelled");
      case End::kSlowConsumer:
        return WithErrorInfo(
            absl::ResourceExhaustedError(absl::StrCat(
                "the watcher reads too slowly: ", capacity_,
                " events were waiting for it; ", ResumeHintLocked())),
            kSlowConsumerReason, kGatewayErrorDomain, last);
      case End::kStoreBusy:
        return WithErrorInfo(
            absl::ResourceExhaustedError(
                absl::StrCat("the gateway is too busy to start the stream; ",
                             ResumeHintLocked(), " later")),
            kStoreBusyReason, kGatewayErrorDomain, last);
      case End::kStoreUnavailable:
        return WithErrorInfo(absl::UnavailableError(absl::StrCat(
                                 "the event log cannot be read (",
                                 absl::StatusCodeToString(store_error_), "); ",
                                 ResumeHintLocked())),
                             kStoreUnavailableReason, kGatewayErrorDomain,
                             last);
      case End::kShuttingDown:
        return WithErrorInfo(
            absl::UnavailableError(absl::StrCat(
                "the gateway is shutting down; ", ResumeHintLocked())),
            kShuttingDownReason, kGatewayErrorDomain, last);
      case End::kCursorExpired:
        return WithErrorInfo(
            absl::OutOfRangeError(absl::StrCat(
                "after_cursor \"", LastCursorLocked(),
                "\" is older than the oldest event still stored, cursor \"",
                FormatCursor(oldest_),
                "\": the events between them are no "
                "longer kept")),
            kCursorExpiredReason, kGatewayErrorDomain,
            {{std::string(kOldestCursorKey), FormatCursor(oldest_)},
             {std::string(kLastCursorKey), LastCursorLocked()}});
      case End::kCursorUnknown:
        return WithErrorInfo(
            absl::OutOfRangeError(
                absl::StrCat("after_cursor \"", LastCursorLocked(),
                             "\" is after the newest event, cursor \"",
                             FormatCursor(newest_),
                             "\": it is not a cursor of this event log")),
            kCursorUnknownReason, kGatewayErrorDomain,
            {{std::string(kNewestCursorKey), FormatCursor(newest_)},
             {std::string(kLastCursorKey), LastCursorLocked()}});
      case End::kUnreadableEvent:
        return WithErrorInfo(
            absl::InternalError(absl::StrCat("the event with cursor \"",
                                             FormatCursor(unreadable_cursor_),
                                             "\" cannot be decoded")),
            kBadEventReason, kGatewayErrorDomain,
            {{"event_cursor", FormatCursor(unreadable_cursor_)},
             {std::string(kLastCursorKey), LastCursorLocked()}});
    }
    return absl::CancelledError("the stream was cancelled");
  }

  void SubmitRead(bool first) {
    std::shared_ptr<WatchStream> self = shared_from_this();
    auto task = [self] { self->ReadRound(); };
    // The first read is admission: a full pool refuses new streams at once.
    // Later reads continue a stream already admitted, so they always queue.
    if (first) {
      if (!hub_.store_pool().TrySubmit(std::move(task))) {
        {
          std::lock_guard<std::mutex> lock(mu_);
          reading_ = false;
          EndLocked(End::kStoreBusy);
        }
        // The caller's loop (Pump) finishes.
      }
    } else {
      hub_.store_pool().Submit(std::move(task));
    }
  }

  // One replay read, on the store pool.
  void ReadRound() {
    int64_t from = 0;
    int64_t covered = 0;
    bool check_retention = false;
    bool first = false;
    size_t limit = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (end_ != End::kNone) {
        reading_ = false;
      } else {
        from = last_queued_;
        covered = covered_;
        check_retention = check_retention_;
        first = !checked_newest_;
        limit = std::min(hub_.options().read_batch,
                         capacity_ - std::min(capacity_, queue_.size()));
        limit = std::max<size_t>(limit, 1);
      }
    }
    if (limit == 0) {
      Pump();
      return;
    }
    // Everything up to the hub's position now was committed before the
    // read below starts, so a short read covers at least up to here.
    const int64_t position = hub_.position();
    OrderEventStore& store = hub_.store();
    absl::StatusOr<std::vector<StoredOrderEvent>> events =
        store.ReadEvents(from, spec_.order_ids, limit);
    absl::StatusOr<EventCursorRange> cursors;
    if (events.ok()) cursors = store.EventCursors();
    std::vector<std::shared_ptr<const PreparedEvent>> prepared;
    if (events.ok()) {
      prepared.reserve(events->size());
      for (const StoredOrderEvent& event : *events) {
        prepared.push_back(PrepareEvent(event));
      }
    }
    bool caught_up = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      const absl::Status& error =
          !events.ok() ? events.status() : cursors.status();
      if (end_ != End::kNone) {
        // Ended meanwhile (cancelled, shut down): drop what was read.
      } else if (!error.ok()) {
        store_error_ = error.code();
        EndLocked(End::kStoreUnavailable);
      } else if (check_retention && cursors->oldest - 1 > covered) {
        // Events after what this stream had covered were purged (the
        // oldest only grows, so this read itself may have missed some).
        oldest_ = cursors->oldest;
        EndLocked(End::kCursorExpired);
      } else if (first && spec_.after_cursor.has_value() &&
                 *spec_.after_cursor > cursors->newest) {
        newest_ = cursors->newest;
        EndLocked(End::kCursorUnknown);
      } else {
        checked_newest_ = true;
        check_retention_ = true;
        for (std::shared_ptr<const PreparedEvent>& event : prepared) {
          if (!WantedLocked(*event)) continue;
          last_queued_ = event->cursor;
          queue_.push_back(std::move(event));
        }
        if (events->size() >= limit) {
          // A full batch: covered up to its last event only.
          covered_ = std::max(covered_, events->back().cursor);
        } else {
          covered_ = std::max({covered_, position, last_queued_});
          caught_up = true;
        }
        covered = covered_;
      }
    }
    if (caught_up) {
      // Joins under the hub's lock (or reads again when the hub has moved
      // too far meanwhile).
      hub_.TryJoin(shared_from_this(), covered);
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      reading_ = false;
    }
    Pump();
  }

  OrderEventHub& hub_;
  const WatchSpec spec_;
  const size_t capacity_;

  // std::mutex: ThreadSanitizer sees it (see worker_pool.h).
  std::mutex mu_;
  std::deque<std::shared_ptr<const PreparedEvent>> queue_;
  // The greatest cursor queued (or the starting cursor): later events at
  // or below it are duplicates.
  int64_t last_queued_;
  // Every wanted event with a cursor <= covered_ is queued or sent.
  int64_t covered_;
  // The cursor of the last event the client was sent (the starting cursor
  // before that; nullopt: from the oldest, nothing sent yet).
  std::optional<int64_t> last_sent_;
  bool check_retention_;
  bool checked_newest_ = false;
  bool live_ = false;
  bool reading_ = false;
  bool read_started_ = false;
  bool write_in_flight_ = false;
  bool finished_ = false;
  End end_ = End::kNone;
  int64_t write_cursor_ = 0;
  grpc::ByteBuffer write_buffer_;
  // Details of the end, for its status.
  absl::StatusCode store_error_ = absl::StatusCode::kOk;
  int64_t oldest_ = 0;
  int64_t newest_ = 0;
  int64_t unreadable_cursor_ = 0;
  const absl::Time start_ = absl::Now();
  uint64_t events_sent_ = 0;
  absl::StatusCode end_code_ = absl::StatusCode::kCancelled;
  // This object, until OnDone.
  std::shared_ptr<WatchStream> self_;
};

}  // namespace

grpc::ServerWriteReactor<grpc::ByteBuffer>* RefuseWatchOrderEvents(
    const absl::Status& status) {
  return new EndedStream(status, nullptr, "");
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* StartWatchOrderEvents(
    OrderEventHub* hub, grpc::CallbackServerContext* /*context*/,
    const grpc::ByteBuffer* request) {
  if (hub == nullptr) {
    return new EndedStream(
        absl::FailedPreconditionError("order events are not configured"),
        nullptr, "");
  }
  absl::StatusOr<payments::v1::WatchOrderEventsRequest> parsed =
      ParseRaw(request);
  if (!parsed.ok()) {
    return new EndedStream(parsed.status(), hub, "invalid_request");
  }
  absl::StatusOr<WatchSpec> spec = ParseWatchRequest(*parsed);
  if (!spec.ok()) {
    return new EndedStream(spec.status(), hub, "invalid_request");
  }
  auto stream = std::make_shared<WatchStream>(*hub, *std::move(spec));
  stream->Start();
  return stream.get();
}

}  // namespace msp_gateway
