// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/fake_http_transport.h"

#include <utility>

#include "absl/status/status.h"

namespace msp_gateway {

void FakeHttpTransport::Enqueue(absl::StatusOr<HttpResponse> result) {
  absl::MutexLock lock(&mutex_);
  queue_.push_back(std::move(result));
}

void FakeHttpTransport::EnqueueJson(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::move(body);
  Enqueue(std::move(response));
}

absl::StatusOr<HttpResponse> FakeHttpTransport::Send(const HttpRequest& request,
                                                     absl::Time deadline) {
  absl::MutexLock lock(&mutex_);
  calls_.push_back({request, deadline});
  if (queue_.empty()) {
    return absl::InternalError("FakeHttpTransport: no response queued");
  }
  absl::StatusOr<HttpResponse> result = std::move(queue_.front());
  queue_.pop_front();
  return result;
}

std::vector<FakeHttpTransport::Call> FakeHttpTransport::calls() const {
  absl::MutexLock lock(&mutex_);
  return calls_;
}

}  // namespace msp_gateway
