// Copyright 2026 The msp-gateway Authors.
//
// File: absl_tsan_annotations.cc
//
// Tells ThreadSanitizer about Abseil's synchronisation, which it cannot see
// by itself: Debian's Abseil is not built with -fsanitize=thread, so
// absl::Mutex & co. are atomics and futexes TSan does not watch, and every
// access guarded by them looks like a race.
//
// Linked into every --config=tsan binary (//tools/sanitizers:options selects
// it). Its linkopts wrap the functions listed in tsan_symbols.bzl with the
// linker's --wrap: a call from our objects (and from the Abseil and gRPC
// headers inlined into them) to, say, absl::Mutex::Lock() goes to
// __wrap_<mangled Lock>() below, which calls the real function through
// __real_<mangled Lock>() and adds the annotations TSan's own build of
// Abseil has (tsan_mutex_interface.h). Calls inside the shared libraries
// stay unwrapped and invisible: the annotations cover what our code locks,
// waits for and notifies.
//
// Modelled:
//   Mutex Lock/Unlock/TryLock, Reader*, LockWhen*, ReaderLockWhen*
//                        __tsan_mutex_pre/post_lock and _unlock, with
//                        __tsan_mutex_read_lock / __tsan_mutex_try_lock
//   Mutex::Await*, CondVar::Wait*
//                        the mutex is released before the wait and
//                        reacquired after it, in the mode the thread holds
//   Notification         Notify() releases, a wait that sees the
//                        notification acquires; HasBeenNotified() (inline,
//                        instrumented) acquires by itself
//   BlockingCounter      DecrementCount() releases, Wait() acquires
//
// Not modelled: absl::Barrier (unused; the thread Block() lets delete it may
// do so before the others return, so an acquire after the call would name
// freed memory), and ~Mutex (the tsan config hides __SANITIZE_THREAD__ from
// the headers, .bazelrc says why, so Abseil's inline constructor no longer
// tells TSan which mutexes are static; TSan forgets a heap mutex when its
// memory is freed).
//
// Between a __tsan_mutex_pre_* and its __tsan_mutex_post_* TSan ignores the
// thread's memory accesses. Abseil evaluates a Condition (our code) inside
// Lock/Unlock/Await, so races inside a Condition's function go unreported;
// the accesses around the lock are checked.
//
// //tools/sanitizers:tsan_annotations_test checks that TSan sees each
// wrapped function's synchronisation (no report allowed) and still reports
// races around it (a report required).

#include <sanitizer/tsan_interface.h>

#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

#if !defined(MSP_THREAD_SANITIZER)
#error "absl_tsan_annotations.cc is for --config=tsan builds only"
#endif

// WRAP(Mutex_Lock) is __wrap__ZN4absl7debian35Mutex4LockEv, REAL(Mutex_Lock)
// __real__ZN4absl7debian35Mutex4LockEv: the BUILD file defines
// MSP_ABSL_SYM_<key> for every entry of ABSL_TSAN_WRAPPED_SYMBOLS.
#define MSP_CONCAT_INNER(a, b) a##b
#define MSP_CONCAT(a, b) MSP_CONCAT_INNER(a, b)
#define WRAP(key) MSP_CONCAT(__wrap_, MSP_ABSL_SYM_##key)
#define REAL(key) MSP_CONCAT(__real_, MSP_ABSL_SYM_##key)

namespace {

// The mutexes this thread holds in shared mode. Await and CondVar::Wait
// release and reacquire the mutex in the mode it is held, and TSan must be
// told that mode. Abseil's mutexes are not reentrant, and a thread holds few
// reader locks at a time.
struct ReaderLocks {
  static constexpr int kMax = 16;
  const absl::Mutex* held[kMax];
  int count = 0;
};
thread_local ReaderLocks reader_locks;

void AddReaderLock(const absl::Mutex* mu) {
  if (reader_locks.count == ReaderLocks::kMax) {
    std::fprintf(stderr,
                 "absl_tsan_annotations: a thread holds more than %d absl "
                 "reader locks\n",
                 ReaderLocks::kMax);
    std::abort();
  }
  reader_locks.held[reader_locks.count++] = mu;
}

void RemoveReaderLock(const absl::Mutex* mu) {
  for (int i = 0; i < reader_locks.count; ++i) {
    if (reader_locks.held[i] == mu) {
      reader_locks.held[i] = reader_locks.held[--reader_locks.count];
      return;
    }
  }
}

// __tsan_mutex_read_lock if this thread holds `mu` in shared mode, else 0.
unsigned HeldModeFlags(const absl::Mutex* mu) {
  for (int i = 0; i < reader_locks.count; ++i) {
    if (reader_locks.held[i] == mu) return __tsan_mutex_read_lock;
  }
  return 0;
}

// A wait that releases `mu` (held with `flags`) and returns with it held
// again: released now, reacquisition begun. The caller ends it with
// __tsan_mutex_post_lock(mu, flags, 0) after the real call.
void BeginWait(absl::Mutex* mu, unsigned flags) {
  __tsan_mutex_pre_unlock(mu, flags);
  __tsan_mutex_post_unlock(mu, flags);
  __tsan_mutex_pre_lock(mu, flags);
}

// absl::Notification is { Mutex mutex_; std::atomic<bool> notified_yet_; }
// and HasBeenNotified(), inline and so instrumented in our code, is an
// acquire load of notified_yet_. Notify() releases on that address, so the
// load synchronises with it like a wait does.
void* NotifiedFlag(const absl::Notification* n) {
  static_assert(sizeof(absl::Notification) == 2 * sizeof(absl::Mutex),
                "absl::Notification is no longer { Mutex; atomic<bool>; }: "
                "update NotifiedFlag()");
  return const_cast<char*>(reinterpret_cast<const char*>(n)) +
         sizeof(absl::Mutex);
}

}  // namespace

extern "C" {

// --- absl::Mutex: exclusive -------------------------------------------------

void REAL(Mutex_Lock)(absl::Mutex* mu);
void WRAP(Mutex_Lock)(absl::Mutex* mu) {
  __tsan_mutex_pre_lock(mu, 0);
  REAL(Mutex_Lock)(mu);
  __tsan_mutex_post_lock(mu, 0, 0);
}

void REAL(Mutex_Unlock)(absl::Mutex* mu);
void WRAP(Mutex_Unlock)(absl::Mutex* mu) {
  __tsan_mutex_pre_unlock(mu, 0);
  REAL(Mutex_Unlock)(mu);
  __tsan_mutex_post_unlock(mu, 0);
}

bool REAL(Mutex_TryLock)(absl::Mutex* mu);
bool WRAP(Mutex_TryLock)(absl::Mutex* mu) {
  __tsan_mutex_pre_lock(mu, __tsan_mutex_try_lock);
  const bool locked = REAL(Mutex_TryLock)(mu);
  __tsan_mutex_post_lock(
      mu,
      locked ? __tsan_mutex_try_lock
             : __tsan_mutex_try_lock | __tsan_mutex_try_lock_failed,
      0);
  return locked;
}

void REAL(Mutex_LockWhen)(absl::Mutex* mu, const absl::Condition& cond);
void WRAP(Mutex_LockWhen)(absl::Mutex* mu, const absl::Condition& cond) {
  __tsan_mutex_pre_lock(mu, 0);
  REAL(Mutex_LockWhen)(mu, cond);
  __tsan_mutex_post_lock(mu, 0, 0);
}

// The *WithTimeout/*WithDeadline forms return with the mutex held whether or
// not the condition became true.
bool REAL(Mutex_LockWhenWithTimeout)(absl::Mutex* mu,
                                     const absl::Condition& cond,
                                     absl::Duration timeout);
bool WRAP(Mutex_LockWhenWithTimeout)(absl::Mutex* mu,
                                     const absl::Condition& cond,
                                     absl::Duration timeout) {
  __tsan_mutex_pre_lock(mu, 0);
  const bool result = REAL(Mutex_LockWhenWithTimeout)(mu, cond, timeout);
  __tsan_mutex_post_lock(mu, 0, 0);
  return result;
}

bool REAL(Mutex_LockWhenWithDeadline)(absl::Mutex* mu,
                                      const absl::Condition& cond,
                                      absl::Time deadline);
bool WRAP(Mutex_LockWhenWithDeadline)(absl::Mutex* mu,
                                      const absl::Condition& cond,
                                      absl::Time deadline) {
  __tsan_mutex_pre_lock(mu, 0);
  const bool result = REAL(Mutex_LockWhenWithDeadline)(mu, cond, deadline);
  __tsan_mutex_post_lock(mu, 0, 0);
  return result;
}

// --- absl::Mutex: shared ----------------------------------------------------

void REAL(Mutex_ReaderLock)(absl::Mutex* mu);
void WRAP(Mutex_ReaderLock)(absl::Mutex* mu) {
  __tsan_mutex_pre_lock(mu, __tsan_mutex_read_lock);
  REAL(Mutex_ReaderLock)(mu);
  __tsan_mutex_post_lock(mu, __tsan_mutex_read_lock, 0);
  AddReaderLock(mu);
}

void REAL(Mutex_ReaderUnlock)(absl::Mutex* mu);
void WRAP(Mutex_ReaderUnlock)(absl::Mutex* mu) {
  RemoveReaderLock(mu);
  __tsan_mutex_pre_unlock(mu, __tsan_mutex_read_lock);
  REAL(Mutex_ReaderUnlock)(mu);
  __tsan_mutex_post_unlock(mu, __tsan_mutex_read_lock);
}

bool REAL(Mutex_ReaderTryLock)(absl::Mutex* mu);
bool WRAP(Mutex_ReaderTryLock)(absl::Mutex* mu) {
  __tsan_mutex_pre_lock(mu, __tsan_mutex_try_read_lock);
  const bool locked = REAL(Mutex_ReaderTryLock)(mu);
  __tsan_mutex_post_lock(
      mu,
      locked ? __tsan_mutex_try_read_lock : __tsan_mutex_try_read_lock_failed,
      0);
  if (locked) AddReaderLock(mu);
  return locked;
}

void REAL(Mutex_ReaderLockWhen)(absl::Mutex* mu, const absl::Condition& cond);
void WRAP(Mutex_ReaderLockWhen)(absl::Mutex* mu, const absl::Condition& cond) {
  __tsan_mutex_pre_lock(mu, __tsan_mutex_read_lock);
  REAL(Mutex_ReaderLockWhen)(mu, cond);
  __tsan_mutex_post_lock(mu, __tsan_mutex_read_lock, 0);
  AddReaderLock(mu);
}

bool REAL(Mutex_ReaderLockWhenWithTimeout)(absl::Mutex* mu,
                                           const absl::Condition& cond,
                                           absl::Duration timeout);
bool WRAP(Mutex_ReaderLockWhenWithTimeout)(absl::Mutex* mu,
                                           const absl::Condition& cond,
                                           absl::Duration timeout) {
  __tsan_mutex_pre_lock(mu, __tsan_mutex_read_lock);
  const bool result = REAL(Mutex_ReaderLockWhenWithTimeout)(mu, cond, timeout);
  __tsan_mutex_post_lock(mu, __tsan_mutex_read_lock, 0);
  AddReaderLock(mu);
  return result;
}

bool REAL(Mutex_ReaderLockWhenWithDeadline)(absl::Mutex* mu,
                                            const absl::Condition& cond,
                                            absl::Time deadline);
bool WRAP(Mutex_ReaderLockWhenWithDeadline)(absl::Mutex* mu,
                                            const absl::Condition& cond,
                                            absl::Time deadline) {
  __tsan_mutex_pre_lock(mu, __tsan_mutex_read_lock);
  const bool result =
      REAL(Mutex_ReaderLockWhenWithDeadline)(mu, cond, deadline);
  __tsan_mutex_post_lock(mu, __tsan_mutex_read_lock, 0);
  AddReaderLock(mu);
  return result;
}

// --- absl::Mutex: waits with the mutex held ---------------------------------

void REAL(Mutex_Await)(absl::Mutex* mu, const absl::Condition& cond);
void WRAP(Mutex_Await)(absl::Mutex* mu, const absl::Condition& cond) {
  const unsigned flags = HeldModeFlags(mu);
  BeginWait(mu, flags);
  REAL(Mutex_Await)(mu, cond);
  __tsan_mutex_post_lock(mu, flags, 0);
}

bool REAL(Mutex_AwaitWithTimeout)(absl::Mutex* mu, const absl::Condition& cond,
                                  absl::Duration timeout);
bool WRAP(Mutex_AwaitWithTimeout)(absl::Mutex* mu, const absl::Condition& cond,
                                  absl::Duration timeout) {
  const unsigned flags = HeldModeFlags(mu);
  BeginWait(mu, flags);
  const bool result = REAL(Mutex_AwaitWithTimeout)(mu, cond, timeout);
  __tsan_mutex_post_lock(mu, flags, 0);
  return result;
}

bool REAL(Mutex_AwaitWithDeadline)(absl::Mutex* mu, const absl::Condition& cond,
                                   absl::Time deadline);
bool WRAP(Mutex_AwaitWithDeadline)(absl::Mutex* mu, const absl::Condition& cond,
                                   absl::Time deadline) {
  const unsigned flags = HeldModeFlags(mu);
  BeginWait(mu, flags);
  const bool result = REAL(Mutex_AwaitWithDeadline)(mu, cond, deadline);
  __tsan_mutex_post_lock(mu, flags, 0);
  return result;
}

// --- absl::CondVar ----------------------------------------------------------

void REAL(CondVar_Wait)(absl::CondVar* cv, absl::Mutex* mu);
void WRAP(CondVar_Wait)(absl::CondVar* cv, absl::Mutex* mu) {
  const unsigned flags = HeldModeFlags(mu);
  BeginWait(mu, flags);
  REAL(CondVar_Wait)(cv, mu);
  __tsan_mutex_post_lock(mu, flags, 0);
}

bool REAL(CondVar_WaitWithTimeout)(absl::CondVar* cv, absl::Mutex* mu,
                                   absl::Duration timeout);
bool WRAP(CondVar_WaitWithTimeout)(absl::CondVar* cv, absl::Mutex* mu,
                                   absl::Duration timeout) {
  const unsigned flags = HeldModeFlags(mu);
  BeginWait(mu, flags);
  const bool timed_out = REAL(CondVar_WaitWithTimeout)(cv, mu, timeout);
  __tsan_mutex_post_lock(mu, flags, 0);
  return timed_out;
}

bool REAL(CondVar_WaitWithDeadline)(absl::CondVar* cv, absl::Mutex* mu,
                                    absl::Time deadline);
bool WRAP(CondVar_WaitWithDeadline)(absl::CondVar* cv, absl::Mutex* mu,
                                    absl::Time deadline) {
  const unsigned flags = HeldModeFlags(mu);
  BeginWait(mu, flags);
  const bool timed_out = REAL(CondVar_WaitWithDeadline)(cv, mu, deadline);
  __tsan_mutex_post_lock(mu, flags, 0);
  return timed_out;
}

// --- absl::Notification -----------------------------------------------------

void REAL(Notification_Notify)(absl::Notification* n);
void WRAP(Notification_Notify)(absl::Notification* n) {
  __tsan_release(NotifiedFlag(n));
  REAL(Notification_Notify)(n);
}

void REAL(Notification_WaitForNotification)(const absl::Notification* n);
void WRAP(Notification_WaitForNotification)(const absl::Notification* n) {
  REAL(Notification_WaitForNotification)(n);
  __tsan_acquire(NotifiedFlag(n));
}

bool REAL(Notification_WaitForNotificationWithTimeout)(
    const absl::Notification* n, absl::Duration timeout);
bool WRAP(Notification_WaitForNotificationWithTimeout)(
    const absl::Notification* n, absl::Duration timeout) {
  const bool notified =
      REAL(Notification_WaitForNotificationWithTimeout)(n, timeout);
  if (notified) __tsan_acquire(NotifiedFlag(n));
  return notified;
}

bool REAL(Notification_WaitForNotificationWithDeadline)(
    const absl::Notification* n, absl::Time deadline);
bool WRAP(Notification_WaitForNotificationWithDeadline)(
    const absl::Notification* n, absl::Time deadline) {
  const bool notified =
      REAL(Notification_WaitForNotificationWithDeadline)(n, deadline);
  if (notified) __tsan_acquire(NotifiedFlag(n));
  return notified;
}

// --- absl::BlockingCounter --------------------------------------------------

bool REAL(BlockingCounter_DecrementCount)(absl::BlockingCounter* counter);
bool WRAP(BlockingCounter_DecrementCount)(absl::BlockingCounter* counter) {
  __tsan_release(counter);
  return REAL(BlockingCounter_DecrementCount)(counter);
}

void REAL(BlockingCounter_Wait)(absl::BlockingCounter* counter);
void WRAP(BlockingCounter_Wait)(absl::BlockingCounter* counter) {
  REAL(BlockingCounter_Wait)(counter);
  __tsan_acquire(counter);
}

}  // extern "C"
