// Copyright 2026 The msp-gateway Authors.
//
// File: watch_order_events.h
//
// The server side of PaymentService.WatchOrderEvents: a gRPC callback
// ServerWriteReactor over raw bytes, one write in flight at a time.
//
//   1. The request is checked (watch_request.h): INVALID_ARGUMENT at once.
//   2. REPLAY: the stream reads the log after its cursor itself, in
//      batches of up to read_batch, on the store's worker pool (never on a
//      gRPC thread), pulling the next batch only when its queue is at most
//      half full, so a replay of any length holds at most stream_buffer
//      events. After each read it checks the retention edge (EventCursors):
//      when events after what it had covered were purged, OUT_OF_RANGE
//      naming the oldest cursor (a cursor of the future, after the newest,
//      is OUT_OF_RANGE too).
//   3. LIVE: once a read came back short (caught up), it joins the hub
//      (order_event_hub.h), which then hands it every later event. A queue
//      that fills up ends the stream: RESOURCE_EXHAUSTED with the last
//      cursor sent (message and ErrorInfo metadata `last_cursor`).
//   4. The end: the client's cancellation, the hub's shutdown (UNAVAILABLE)
//      or an error waits for the write and the store read in flight, then
//      finishes; the reactor frees itself at OnDone and unregisters from the
//      hub then.

#ifndef MSP_GATEWAY_SERVICE_ORDER_EVENTS_WATCH_ORDER_EVENTS_H_
#define MSP_GATEWAY_SERVICE_ORDER_EVENTS_WATCH_ORDER_EVENTS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "service/order_events/order_event_hub.h"

namespace grpc {
class CallbackServerContext;
}  // namespace grpc

namespace msp_gateway {

// A serialized WatchOrderEventsRequest larger than this is refused
// (INVALID_ARGUMENT, reason REQUEST_TOO_LARGE): 100 order IDs of 300 bytes
// and a cursor fit easily.
inline constexpr size_t kMaxWatchRequestBytes = 64 * 1024;

// StartWatchOrderEvents()
//
// The reactor serving one call; it owns itself (freed at OnDone). `hub`
// nullptr: the stream ends at once with FAILED_PRECONDITION "order events
// are not configured". Never blocks.
grpc::ServerWriteReactor<grpc::ByteBuffer>* StartWatchOrderEvents(
    OrderEventHub* hub, grpc::CallbackServerContext* context,
    const grpc::ByteBuffer* request);

// A stream that ends at once with `status` (not OK), e.g. a caller the
// authorization policy refuses. Owns itself.
grpc::ServerWriteReactor<grpc::ByteBuffer>* RefuseWatchOrderEvents(
    const absl::Status& status);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_ORDER_EVENTS_WATCH_ORDER_EVENTS_H_
