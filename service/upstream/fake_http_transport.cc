// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/fake_http_transport.h"

#include <utility>

#include "absl/status/status.h"
#include "service/common/error_details.h"

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

void FakeHttpTransport::set_async(bool async) {
  absl::MutexLock lock(&mutex_);
  async_ = async;
}

bool FakeHttpTransport::async() const {
  absl::MutexLock lock(&mutex_);
  return async_;
}

HttpTransport::Cancel FakeHttpTransport::SendAsync(HttpRequest request,
                                                   absl::Time deadline,
                                                   Done done) {
  uint64_t id = 0;
  bool park = false;
  {
    absl::MutexLock lock(&mutex_);
    park = async_;
    if (park) {
      calls_.push_back({request, deadline});
      id = next_id_++;
      parked_.push_back({id, std::move(done)});
    }
  }
  if (!park) {
    // Blocking, like any transport that cannot do better.
    return HttpTransport::SendAsync(std::move(request), deadline,
                                    std::move(done));
  }
  return [this, id] {
    std::optional<Parked> parked = Unpark(id);
    if (!parked.has_value()) return;
    std::move(parked->done)(WithErrorInfo(
        absl::CancelledError("the call was cancelled"), "MSP_CALL_CANCELLED",
        kMspErrorDomain, {{"request_sent", "unknown"}}));
  };
}

std::optional<FakeHttpTransport::Parked> FakeHttpTransport::Unpark(
    uint64_t id) {
  absl::MutexLock lock(&mutex_);
  for (auto it = parked_.begin(); it != parked_.end(); ++it) {
    if (it->id != id) continue;
    Parked parked = std::move(*it);
    parked_.erase(it);
    return parked;
  }
  return std::nullopt;
}

size_t FakeHttpTransport::parked() const {
  absl::MutexLock lock(&mutex_);
  return parked_.size();
}

bool FakeHttpTransport::CompleteOldest() {
  Parked parked;
  absl::StatusOr<HttpResponse> result =
      absl::InternalError("FakeHttpTransport: no response queued");
  {
    absl::MutexLock lock(&mutex_);
    if (parked_.empty()) return false;
    parked = std::move(parked_.front());
    parked_.pop_front();
    if (!queue_.empty()) {
      result = std::move(queue_.front());
      queue_.pop_front();
    }
  }
  std::move(parked.done)(std::move(result));
  return true;
}

std::vector<FakeHttpTransport::Call> FakeHttpTransport::calls() const {
  absl::MutexLock lock(&mutex_);
  return calls_;
}

}  // namespace msp_gateway
