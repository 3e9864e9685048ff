// Copyright 2026 The msp-gateway Authors.
//
// File: fake_http_transport.h
//
// Test-only HttpTransport: records every request and answers with canned
// results, in order. For tests of code above the transport (MspClient, the
// RPC handlers) without sockets.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_FAKE_HTTP_TRANSPORT_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_FAKE_HTTP_TRANSPORT_H_

#include <deque>
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

 private:
  mutable absl::Mutex mutex_;
  std::deque<absl::StatusOr<HttpResponse>> queue_ ABSL_GUARDED_BY(mutex_);
  std::vector<Call> calls_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_FAKE_HTTP_TRANSPORT_H_
