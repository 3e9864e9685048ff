// Copyright 2026 The msp-gateway Authors.
//
// File: worker_pool.h
//
// A fixed set of threads with a bounded queue. cpp-httplib is blocking, so
// upstream calls run here instead of on gRPC's callback threads. The queue is
// bounded on purpose: when it is full the caller is told at once
// (RESOURCE_EXHAUSTED) rather than queueing work that will miss its deadline.

#ifndef MSP_GATEWAY_SERVICE_RPC_WORKER_POOL_H_
#define MSP_GATEWAY_SERVICE_RPC_WORKER_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"

namespace msp_gateway {

class WorkerPool {
 public:
  // Starts `threads` workers (≥ 1). At most `queue_capacity` tasks wait for a
  // free worker; tasks being run do not count, so with a capacity of 0 a task
  // is accepted only when a worker is idle.
  WorkerPool(int threads, size_t queue_capacity);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  // Runs every task already accepted, then joins the workers.
  ~WorkerPool();

  // Queues `task`. Returns false, without running it, when the queue is full
  // or the pool is shutting down.
  bool TrySubmit(std::function<void()> task);

  // Queues `task` whatever the queue's length: for the continuation of work
  // already admitted (what follows a MultiSafepay answer must run). Once the
  // pool is shutting down, runs `task` on the calling thread instead.
  void Submit(std::function<void()> task);

  // Stops accepting tasks and waits until every accepted task has run.
  void Shutdown();

  // Tasks waiting for a worker.
  size_t queue_depth() const;
  // Tasks being run right now.
  size_t busy_workers() const;

 private:
  void WorkLoop();

  const size_t queue_capacity_;
  const size_t thread_count_;
  // std::mutex rather than absl::Mutex: ThreadSanitizer sees std::mutex
  // through its pthread interceptors, but not Debian's uninstrumented
  // absl::Mutex (docs/development.md, "Sanitizers").
  mutable std::mutex mu_;
  std::condition_variable work_or_stop_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  size_t busy_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_WORKER_POOL_H_
