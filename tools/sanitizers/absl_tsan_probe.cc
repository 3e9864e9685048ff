// Copyright 2026 The msp-gateway Authors.
//
// File: absl_tsan_probe.cc
//
// `absl_tsan_probe <scenario>` runs one scenario of
// tsan_annotations_test: two threads share plain ints, ordered only by
// the Abseil primitive the scenario names (thread start and join aside). The
// "clean" scenarios use it correctly, so under --config=tsan they exit 0
// only if absl_tsan_annotations.cc told TSan about that primitive. The
// "racy" scenarios leave one access unordered, so TSan must report it (exit
// 66, halt_on_error=1 from //tools/sanitizers:options). Outside TSan every
// clean scenario still exits 0; a wrong value aborts.

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace {

constexpr absl::Duration kLongWait = absl::Seconds(60);

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "absl_tsan_probe: %s is false\n", what);
    std::abort();
  }
}
#define CHECK(cond) Check(cond, #cond)

// A spin on `flag` that creates no happens-before edge (relaxed load).
void SpinUntil(const std::atomic<bool>& flag) {
  while (!flag.load(std::memory_order_relaxed)) std::this_thread::yield();
}

// --- absl::Mutex: exclusive and shared --------------------------------------

void MutexLock() {
  absl::Mutex mu;
  int value = 0;
  std::thread other([&] {
    for (int i = 0; i < 100; ++i) {
      absl::MutexLock lock(&mu);
      ++value;
    }
  });
  for (int i = 0; i < 100; ++i) {
    absl::MutexLock lock(&mu);
    ++value;
  }
  other.join();
  absl::MutexLock lock(&mu);
  CHECK(value == 200);
}

void TryLock() {
  absl::Mutex mu;
  int value = 0;
  std::thread other([&] {
    while (!mu.TryLock()) std::this_thread::yield();
    ++value;
    mu.Unlock();
  });
  {
    absl::MutexLock lock(&mu);
    ++value;
  }
  other.join();
  absl::MutexLock lock(&mu);
  CHECK(value == 2);
}

// A reader against a writer: `read` takes the shared lock and returns the
// value it read under it.
void ReaderAgainstWriter(const std::function<int(absl::Mutex&, int&)>& read) {
  absl::Mutex mu;
  int value = 0;
  std::thread other([&] {
    const int seen = read(mu, value);
    CHECK(seen == 0 || seen == 1);
  });
  {
    absl::MutexLock lock(&mu);
    value = 1;
  }
  other.join();
}

void ReaderLock() {
  ReaderAgainstWriter([](absl::Mutex& mu, int& value) {
    absl::ReaderMutexLock lock(&mu);
    return value;
  });
}

void ReaderTryLock() {
  ReaderAgainstWriter([](absl::Mutex& mu, int& value) {
    while (!mu.ReaderTryLock()) std::this_thread::yield();
    const int seen = value;
    mu.ReaderUnlock();
    return seen;
  });
}

void MutexDestroy() {
  auto mu = std::make_unique<absl::Mutex>();
  int value = 0;
  std::thread other([&] {
    absl::MutexLock lock(mu.get());
    ++value;
  });
  {
    absl::MutexLock lock(mu.get());
    ++value;
  }
  other.join();
  mu.reset();
  CHECK(value == 2);
}

// --- Lock when a condition holds ---------------------------------------------

// Main writes `data`, then sets `ready` under the mutex; the other thread's
// only synchronisation is `lock_when` (which returns with the mutex held,
// exclusively or shared) and `unlock`.
struct ReadyState {
  absl::Mutex mu;
  bool ready ABSL_GUARDED_BY(mu) = false;
  int data = 0;
  int before_wait = 0;
  absl::CondVar cv;
  std::atomic<bool> waiting{false};
};

void LockWhenScenario(const std::function<void(ReadyState&)>& lock_when,
                      const std::function<void(ReadyState&)>& unlock) {
  ReadyState s;
  std::thread other([&] {
    lock_when(s);
    CHECK(s.data == 1);
    unlock(s);
  });
  s.data = 1;
  {
    absl::MutexLock lock(&s.mu);
    s.ready = true;
  }
  other.join();
}

void Unlock(ReadyState& s) { s.mu.Unlock(); }
void ReaderUnlock(ReadyState& s) { s.mu.ReaderUnlock(); }

void LockWhen() {
  LockWhenScenario(
      [](ReadyState& s) { s.mu.LockWhen(absl::Condition(&s.ready)); }, Unlock);
}

void LockWhenWithTimeout() {
  LockWhenScenario(
      [](ReadyState& s) {
        CHECK(s.mu.LockWhenWithTimeout(absl::Condition(&s.ready), kLongWait));
      },
      Unlock);
}

void LockWhenWithDeadline() {
  LockWhenScenario(
      [](ReadyState& s) {
        CHECK(s.mu.LockWhenWithDeadline(absl::Condition(&s.ready),
                                        absl::Now() + kLongWait));
      },
      Unlock);
}

void ReaderLockWhen() {
  LockWhenScenario(
      [](ReadyState& s) { s.mu.ReaderLockWhen(absl::Condition(&s.ready)); },
      ReaderUnlock);
}

void ReaderLockWhenWithTimeout() {
  LockWhenScenario(
      [](ReadyState& s) {
        CHECK(s.mu.ReaderLockWhenWithTimeout(absl::Condition(&s.ready),
                                             kLongWait));
      },
      ReaderUnlock);
}

void ReaderLockWhenWithDeadline() {
  LockWhenScenario(
      [](ReadyState& s) {
        CHECK(s.mu.ReaderLockWhenWithDeadline(absl::Condition(&s.ready),
                                              absl::Now() + kLongWait));
      },
      ReaderUnlock);
}

// --- Waits with the mutex held
// -------------------------------------------------

// The other thread takes the mutex (shared if `shared`), writes
// `before_wait` (exclusive only) and waits with `wait` for `ready`. Main
// takes the mutex once the other thread waits, so only the release at the
// start of the wait orders `before_wait` for main, and only the reacquire
// at its end orders main's `data` for the other thread.
void WaitScenario(bool shared, const std::function<void(ReadyState&)>& wait) {
  ReadyState s;
  std::thread other([&] {
    if (shared) {
      s.mu.ReaderLock();
    } else {
      s.mu.Lock();
      s.before_wait = 1;
    }
    s.waiting.store(true, std::memory_order_relaxed);
    wait(s);
    CHECK(s.data == 1);
    if (shared) {
      s.mu.ReaderUnlock();
    } else {
      s.mu.Unlock();
    }
  });
  SpinUntil(s.waiting);
  s.data = 1;
  {
    absl::MutexLock lock(&s.mu);
    if (!shared) CHECK(s.before_wait == 1);
    s.ready = true;
  }
  s.cv.SignalAll();
  other.join();
}

void AwaitReady(ReadyState& s) { s.mu.Await(absl::Condition(&s.ready)); }

void Await() { WaitScenario(false, AwaitReady); }
void ReaderAwait() { WaitScenario(true, AwaitReady); }

void AwaitWithTimeout() {
  WaitScenario(false, [](ReadyState& s) {
    CHECK(s.mu.AwaitWithTimeout(absl::Condition(&s.ready), kLongWait));
  });
}

void AwaitWithDeadline() {
  WaitScenario(false, [](ReadyState& s) {
    CHECK(s.mu.AwaitWithDeadline(absl::Condition(&s.ready),
                                 absl::Now() + kLongWait));
  });
}

void CondVarWait() {
  WaitScenario(false, [](ReadyState& s) {
    while (!s.ready) s.cv.Wait(&s.mu);
  });
}

void ReaderCondVarWait() {
  WaitScenario(true, [](ReadyState& s) {
    while (!s.ready) s.cv.Wait(&s.mu);
  });
}

void CondVarWaitWithTimeout() {
  WaitScenario(false, [](ReadyState& s) {
    while (!s.ready) s.cv.WaitWithTimeout(&s.mu, kLongWait);
  });
}

void CondVarWaitWithDeadline() {
  WaitScenario(false, [](ReadyState& s) {
    while (!s.ready) s.cv.WaitWithDeadline(&s.mu, absl::Now() + kLongWait);
  });
}

// --- absl::Notification, absl::BlockingCounter -------------------------------

// Main writes `data` and notifies; the other thread reads it after `wait`.
void NotificationScenario(
    const std::function<void(const absl::Notification&)>& wait) {
  absl::Notification notification;
  int data = 0;
  std::thread other([&] {
    wait(notification);
    CHECK(data == 1);
  });
  data = 1;
  notification.Notify();
  other.join();
}

void WaitForNotification() {
  NotificationScenario(
      [](const absl::Notification& n) { n.WaitForNotification(); });
}

void WaitForNotificationWithTimeout() {
  NotificationScenario([](const absl::Notification& n) {
    CHECK(n.WaitForNotificationWithTimeout(kLongWait));
  });
}

void WaitForNotificationWithDeadline() {
  NotificationScenario([](const absl::Notification& n) {
    CHECK(n.WaitForNotificationWithDeadline(absl::Now() + kLongWait));
  });
}

void HasBeenNotified() {
  NotificationScenario([](const absl::Notification& n) {
    while (!n.HasBeenNotified()) std::this_thread::yield();
  });
}

void BlockingCounter() {
  absl::BlockingCounter counter(2);
  int data[2] = {0, 0};
  std::thread first([&] {
    data[0] = 1;
    counter.DecrementCount();
  });
  std::thread second([&] {
    data[1] = 1;
    counter.DecrementCount();
  });
  counter.Wait();
  CHECK(data[0] + data[1] == 2);
  first.join();
  second.join();
}

// --- Racy: TSan must report these --------------------------------------------

void Unguarded() {
  int value = 0;
  std::thread other([&] { ++value; });
  ++value;
  other.join();
}

void DifferentMutexes() {
  absl::Mutex a, b;
  int value = 0;
  std::thread other([&] {
    absl::MutexLock lock(&a);
    ++value;
  });
  {
    absl::MutexLock lock(&b);
    ++value;
  }
  other.join();
}

// Main writes `data` after it unlocked; the other thread reads it once it
// could lock, i.e. always after main's unlock, never ordered with the write.
void WriteAfterUnlock() {
  ReadyState s;
  std::thread other([&] {
    absl::MutexLock lock(&s.mu, absl::Condition(&s.ready));
    std::printf("%d\n", s.data);
  });
  {
    absl::MutexLock lock(&s.mu);
    s.ready = true;
  }
  s.data = 1;
  other.join();
}

void WriteAfterNotify() {
  absl::Notification notification;
  int data = 0;
  std::thread other([&] {
    notification.WaitForNotification();
    std::printf("%d\n", data);
  });
  notification.Notify();
  data = 1;
  other.join();
}

}  // namespace

int main(int argc, char** argv) {
  const std::map<std::string, void (*)()> scenarios = {
      // Clean.
      {"mutex_lock", MutexLock},
      {"try_lock", TryLock},
      {"reader_lock", ReaderLock},
      {"reader_try_lock", ReaderTryLock},
      {"mutex_destroy", MutexDestroy},
      {"lock_when", LockWhen},
      {"lock_when_with_timeout", LockWhenWithTimeout},
      {"lock_when_with_deadline", LockWhenWithDeadline},
      {"reader_lock_when", ReaderLockWhen},
      {"reader_lock_when_with_timeout", ReaderLockWhenWithTimeout},
      {"reader_lock_when_with_deadline", ReaderLockWhenWithDeadline},
      {"await", Await},
      {"reader_await", ReaderAwait},
      {"await_with_timeout", AwaitWithTimeout},
      {"await_with_deadline", AwaitWithDeadline},
      {"condvar_wait", CondVarWait},
      {"reader_condvar_wait", ReaderCondVarWait},
      {"condvar_wait_with_timeout", CondVarWaitWithTimeout},
      {"condvar_wait_with_deadline", CondVarWaitWithDeadline},
      {"wait_for_notification", WaitForNotification},
      {"wait_for_notification_with_timeout", WaitForNotificationWithTimeout},
      {"wait_for_notification_with_deadline", WaitForNotificationWithDeadline},
      {"has_been_notified", HasBeenNotified},
      {"blocking_counter", BlockingCounter},
      // Racy.
      {"unguarded", Unguarded},
      {"different_mutexes", DifferentMutexes},
      {"write_after_unlock", WriteAfterUnlock},
      {"write_after_notify", WriteAfterNotify},
  };
  const auto it = argc == 2 ? scenarios.find(argv[1]) : scenarios.end();
  if (it == scenarios.end()) {
    std::fprintf(stderr, "usage: absl_tsan_probe <scenario>; scenarios:\n");
    for (const auto& [name, run] : scenarios) {
      std::fprintf(stderr, "  %s\n", name.c_str());
    }
    return 2;
  }
  it->second();
  return 0;
}
