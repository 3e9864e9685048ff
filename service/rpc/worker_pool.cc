// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/worker_pool.h"

#include <utility>

namespace msp_gateway {

WorkerPool::WorkerPool(int threads, size_t queue_capacity)
    : queue_capacity_(queue_capacity),
      thread_count_(static_cast<size_t>(threads < 1 ? 1 : threads)) {
  if (threads < 1) threads = 1;
  threads_.reserve(threads);
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { WorkLoop(); });
  }
}

WorkerPool::~WorkerPool() { Shutdown(); }

bool WorkerPool::TrySubmit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Queued tasks first go to idle workers; only the rest really wait.
    const size_t idle = thread_count_ - busy_;
    if (stopping_ || queue_.size() >= queue_capacity_ + idle) return false;
    queue_.push_back(std::move(task));
  }
  work_or_stop_.notify_one();
  return true;
}

void WorkerPool::Submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(task));
      task = nullptr;
    }
  }
  if (task == nullptr) {
    work_or_stop_.notify_one();
    return;
  }
  task();  // Shutting down: nobody would pick it up.
}

void WorkerPool::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  work_or_stop_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

size_t WorkerPool::queue_depth() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

size_t WorkerPool::busy_workers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return busy_;
}

void WorkerPool::WorkLoop() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_or_stop_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      // Drain what was accepted before stopping: those callers are waiting.
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    task();
    std::lock_guard<std::mutex> lock(mu_);
    --busy_;
  }
}

}  // namespace msp_gateway
