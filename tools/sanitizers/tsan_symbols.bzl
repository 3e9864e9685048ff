"""The Debian library functions that --config=tsan annotates for
ThreadSanitizer (//tools/sanitizers:absl_tsan_annotations and
:grpc_tsan_annotations), by their linker names: the one place they are
spelled out.

The names are those of Debian 12's Abseil 20220623 (inline namespace
`debian3`; `nm -D /usr/lib/x86_64-linux-gnu/libabsl_synchronization.so`)
and gRPC 1.51 (`nm -D /usr/lib/x86_64-linux-gnu/libgrpc.so.29`). After an
upgrade that renames them:
  * Abseil: every --config=tsan link fails with "undefined reference to
    `_ZN4absl7debian3...'" (the wrappers' __real_ calls name the old
    symbols);
  * gRPC: every --config=tsan binary aborts before main() with
    "grpc_tsan_annotations: <name> does not resolve to ours" (a start-up
    check; grpc_cq_end_op's name also embeds absl::Status's namespace);
and //tools/sanitizers:tsan_annotations_test fails if the annotations stop
reaching TSan. Update the names here.
"""

# Wrapped with the linker's --wrap (calls from our objects only). Each key is
# the name absl_tsan_annotations.cc uses (WRAP(key), REAL(key)); the BUILD
# file turns every entry into `-Wl,--wrap=<mangled>` and
# `-DMSP_ABSL_SYM_<key>=<mangled>`.
ABSL_TSAN_WRAPPED_SYMBOLS = {
    # absl::Mutex
    "Mutex_Lock": "_ZN4absl7debian35Mutex4LockEv",
    "Mutex_Unlock": "_ZN4absl7debian35Mutex6UnlockEv",
    "Mutex_TryLock": "_ZN4absl7debian35Mutex7TryLockEv",
    "Mutex_ReaderLock": "_ZN4absl7debian35Mutex10ReaderLockEv",
    "Mutex_ReaderUnlock": "_ZN4absl7debian35Mutex12ReaderUnlockEv",
    "Mutex_ReaderTryLock": "_ZN4absl7debian35Mutex13ReaderTryLockEv",
    "Mutex_LockWhen": "_ZN4absl7debian35Mutex8LockWhenERKNS0_9ConditionE",
    "Mutex_LockWhenWithTimeout": "_ZN4absl7debian35Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE",
    "Mutex_LockWhenWithDeadline": "_ZN4absl7debian35Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE",
    "Mutex_ReaderLockWhen": "_ZN4absl7debian35Mutex14ReaderLockWhenERKNS0_9ConditionE",
    "Mutex_ReaderLockWhenWithTimeout": "_ZN4absl7debian35Mutex25ReaderLockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE",
    "Mutex_ReaderLockWhenWithDeadline": "_ZN4absl7debian35Mutex26ReaderLockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE",
    "Mutex_Await": "_ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE",
    "Mutex_AwaitWithTimeout": "_ZN4absl7debian35Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE",
    "Mutex_AwaitWithDeadline": "_ZN4absl7debian35Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE",
    # absl::CondVar
    "CondVar_Wait": "_ZN4absl7debian37CondVar4WaitEPNS0_5MutexE",
    "CondVar_WaitWithTimeout": "_ZN4absl7debian37CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE",
    "CondVar_WaitWithDeadline": "_ZN4absl7debian37CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE",
    # absl::Notification (HasBeenNotified() is inline: see the .cc)
    "Notification_Notify": "_ZN4absl7debian312Notification6NotifyEv",
    "Notification_WaitForNotification": "_ZNK4absl7debian312Notification19WaitForNotificationEv",
    "Notification_WaitForNotificationWithTimeout": "_ZNK4absl7debian312Notification30WaitForNotificationWithTimeoutENS0_8DurationE",
    "Notification_WaitForNotificationWithDeadline": "_ZNK4absl7debian312Notification31WaitForNotificationWithDeadlineENS0_4TimeE",
    # absl::BlockingCounter
    "BlockingCounter_DecrementCount": "_ZN4absl7debian315BlockingCounter14DecrementCountEv",
    "BlockingCounter_Wait": "_ZN4absl7debian315BlockingCounter4WaitEv",
}

# Interposed: grpc_tsan_annotations.cc defines them, the executable exports
# them (-Wl,--export-dynamic-symbol), so libgrpc++.so's and libgrpc.so's
# calls through their PLTs reach ours, which call libgrpc's via
# dlsym(RTLD_NEXT).
GRPC_TSAN_INTERPOSED_SYMBOLS = [
    "grpc_call_start_batch",
    "grpc_server_request_call",
    "grpc_server_request_registered_call",
    "grpc_server_start",
    "grpc_completion_queue_next",
    "grpc_completion_queue_pluck",
]

# grpc_cq_end_op (C++, internal to libgrpc, called through its PLT).
GRPC_CQ_END_OP_SYMBOL = "_Z14grpc_cq_end_opP21grpc_completion_queuePvN4absl7debian36StatusEPFvS1_P18grpc_cq_completionES1_S6_b"
