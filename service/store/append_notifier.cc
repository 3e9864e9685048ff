// Copyright 2026 The msp-gateway Authors.

#include "service/store/append_notifier.h"

#include <utility>

namespace msp_gateway {

class AppendNotifier::Subscription : public AppendSubscription {
 public:
  Subscription(std::shared_ptr<AppendNotifier> notifier, int64_t id)
      : notifier_(std::move(notifier)), id_(id) {}
  ~Subscription() override { notifier_->Unsubscribe(id_); }

 private:
  const std::shared_ptr<AppendNotifier> notifier_;
  const int64_t id_;
};

std::shared_ptr<AppendNotifier> AppendNotifier::Create() {
  return std::shared_ptr<AppendNotifier>(new AppendNotifier());
}

std::unique_ptr<AppendSubscription> AppendNotifier::Subscribe(
    std::function<void()> wake) {
  int64_t id;
  {
    absl::MutexLock lock(&mu_);
    id = next_id_++;
    wakes_.emplace(id, std::move(wake));
  }
  return std::make_unique<Subscription>(shared_from_this(), id);
}

void AppendNotifier::Notify() {
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [id, wake] : wakes_) {
    if (wake) wake();
  }
}

int AppendNotifier::subscribers() const {
  absl::ReaderMutexLock lock(&mu_);
  return static_cast<int>(wakes_.size());
}

void AppendNotifier::Unsubscribe(int64_t id) {
  std::function<void()> wake;
  {
    absl::MutexLock lock(&mu_);
    auto it = wakes_.find(id);
    if (it == wakes_.end()) return;
    wake = std::move(it->second);
    wakes_.erase(it);
  }
  // `wake` (and what it captured) is destroyed here, outside the lock.
}

}  // namespace msp_gateway
