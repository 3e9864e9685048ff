// Copyright 2026 The msp-gateway Authors.
//
// File: options.cc
//
// Sanitizer defaults built into every binary and test of --config=asan,
// --config=tsan and --config=fuzz (.bazelrc links this library into each of
// them with --custom_malloc; it defines no allocator, so libc's, intercepted
// by the sanitizer, stays in use). Built in rather than passed as
// *SAN_OPTIONS because a test runs in its runfiles tree, where the
// suppression files are not, and because a binary started by hand (a fuzz
// target, a server under ASan) should behave as in CI. The environment still
// wins: ASAN_OPTIONS=... overrides any flag below.
//
// The suppression lists are tools/sanitizers/*.supp, embedded by a genrule.

extern "C" {

extern const char kMspLsanSuppressions[];
extern const char kMspTsanSuppressions[];

// Stop at the first report (a test must fail, not scroll past it), check
// what is cheap to check, and keep the stacks readable.
__attribute__((visibility("default"), used)) const char*
__asan_default_options() {
  return "halt_on_error=1:abort_on_error=1:detect_leaks=1:"
         "detect_stack_use_after_return=1:strict_string_checks=1:"
         "check_initialization_order=1:strict_init_order=1:"
         "print_suppressions=0";
}

__attribute__((visibility("default"), used)) const char*
__ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1";
}

__attribute__((visibility("default"), used)) const char*
__lsan_default_suppressions() {
  return kMspLsanSuppressions;
}

// ignore_noninstrumented_modules: an interceptor (memcpy, free, ...) called
// from one of Debian's uninstrumented libraries is not a memory access to
// TSan. Their own synchronisation is invisible to it (gRPC core builds its
// errors with absl::Status on its threads), so such accesses could only be
// reported as races between things the library orders itself. Our accesses
// and the interceptors our code calls are checked.
__attribute__((visibility("default"), used)) const char*
__tsan_default_options() {
  return "halt_on_error=1:second_deadlock_stack=1:print_suppressions=0:"
         "ignore_noninstrumented_modules=1";
}

__attribute__((visibility("default"), used)) const char*
__tsan_default_suppressions() {
  return kMspTsanSuppressions;
}

}  // extern "C"
