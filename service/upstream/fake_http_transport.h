// Copyright 2026 The msp-gateway Authors.
//
// File: fake_http_transport.h
//
// Test-only HttpTransport: records every request and answers with canned
// results, in order. For tests of code above the transport (MspClient, the
// RPC handlers) without sockets.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_FAKE_HTTP_TRANSPORT_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_FAKE_HTTP_TRANSPORT_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/upstream/http_transport.h"

namespace msp_gateway {

class FakeHttpTransport : public HttpTransport {
 public:
  // One Send() as the fake saw it.
  struct Call {
    HttpRequest request;
    absl::Time deadline;
  };

  // Queues the result of the next unanswered Send().
  void Enqueue(absl::StatusOr<HttpResponse> result);
  // Queues an HTTP response with Content-Type application/json.
  void EnqueueJson(int status, std::string body);

  // HttpTransport. With nothing queued, returns INTERNAL (a test bug).
  absl::StatusOr<HttpResponse> Send(const HttpRequest& request,
                                    absl::Time deadline) override;

  std::vector<Call> calls() const;

  // Asynchronous mode (async() true): SendAsync() records the call and
  // parks it; it completes, with the next queued result, when the test calls
  // CompleteOldest(), or with CANCELLED (MSP_CALL_CANCELLED) when its Cancel
  // runs. Default: blocking, as HttpTransport's default SendAsync().
  void set_async(bool async);
  bool async() const override;
  Cancel SendAsync(HttpRequest request, absl::Time deadline,
                   Done done) override;
  // Calls parked and not yet completed.
  size_t parked() const;
  // Completes the oldest parked call on the calling thread; false if none.
  bool CompleteOldest();

 private:
  struct Parked {
    uint64_t id;
    Done done;
  };
  // Removes the parked call `id`, if still parked.
  std::optional<Parked> Unpark(uint64_t id);

  mutable absl::Mutex mutex_;
  std::deque<absl::StatusOr<HttpResponse>> queue_ ABSL_GUARDED_BY(mutex_);
  std::vector<Call> calls_ ABSL_GUARDED_BY(mutex_);
  bool async_ ABSL_GUARDED_BY(mutex_) = false;
  uint64_t next_id_ ABSL_GUARDED_BY(mutex_) = 0;
  std::deque<Parked> parked_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_FAKE_HTTP_TRANSPORT_H_
