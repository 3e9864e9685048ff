// Copyright 2026 The msp-gateway Authors.
//
// File: grpc_tsan_annotations.cc
//
// Tells ThreadSanitizer about gRPC's completion-queue contract, which it
// cannot see by itself (Debian's gRPC is not built with -fsanitize=thread):
// what a thread did before it started an operation with a tag, and what the
// thread that completed the operation did before it posted the completion,
// happen before whoever takes the tag from the queue.
//
// gRPC's C++ layer (its headers, inlined into our code, and libgrpc++.so)
// sets an operation up in one thread and finishes it in the thread that
// takes the completion; our handlers and callbacks run on gRPC's threads.
// Without these edges every RPC through a real channel is reported as a
// race, in gRPC's inline code and in ours.
//
// Linked into every --config=tsan binary (//tools/sanitizers:options selects
// it). The functions below interpose on libgrpc's: the executable exports
// them (BUILD), so the dynamic linker binds libgrpc++.so's and libgrpc.so's
// PLT calls to them; they call libgrpc's through dlsym(RTLD_NEXT).
//   grpc_call_start_batch, grpc_server_request_call,
//   grpc_server_request_registered_call   __tsan_release(tag) first
//   grpc_cq_end_op (libgrpc-internal)      __tsan_acquire(tag) and
//                                          __tsan_release(tag) first: the
//                                          completing thread (which for a
//                                          callback queue may run the
//                                          callback itself) is ordered after
//                                          the operation's start
//   grpc_completion_queue_next / _pluck    __tsan_acquire(tag) after an
//                                          event of type GRPC_OP_COMPLETE
//   grpc_server_start                      __tsan_release on one address
//                                          that every grpc_cq_end_op
//                                          acquires: a callback server
//                                          creates its calls itself (no
//                                          requested tag) and runs handlers
//                                          registered before it started
//
// Not modelled: the transport. A server handler is not ordered after what
// its client did before the call (the bytes go through a socket TSan does
// not follow), nor the client after the handler; tests that share state
// between the two guard it with a mutex.
//
// The names are in tsan_symbols.bzl; a constructor checks before main()
// that they resolve to the definitions below.

#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/status/status.h"
#include "grpc/grpc.h"

#if !defined(MSP_THREAD_SANITIZER)
#error "grpc_tsan_annotations.cc is for --config=tsan builds only"
#endif

// Internal to libgrpc (src/core/lib/surface/completion_queue.h), exported.
struct grpc_cq_completion;
void grpc_cq_end_op(grpc_completion_queue* cq, void* tag, absl::Status error,
                    void (*done)(void* done_arg, grpc_cq_completion* storage),
                    void* done_arg, grpc_cq_completion* storage, bool internal);

namespace {

// Released by every grpc_server_start() and acquired by every completion: a
// server's method handlers, registered before it starts, are called on
// gRPC's threads for calls gRPC creates itself (no tag is requested first).
char server_started;

// The next definition of `name` after the executable's (libgrpc's).
template <typename F>
F* Next(const char* name) {
  void* f = dlsym(RTLD_NEXT, name);
  if (f == nullptr) {
    std::fprintf(stderr, "grpc_tsan_annotations: no %s after ours: %s\n", name,
                 dlerror());
    std::abort();
  }
  return reinterpret_cast<F*>(f);
}

}  // namespace

extern "C" {

grpc_call_error grpc_call_start_batch(grpc_call* call, const grpc_op* ops,
                                      size_t nops, void* tag, void* reserved) {
  static auto* const real =
      Next<decltype(grpc_call_start_batch)>("grpc_call_start_batch");
  __tsan_release(tag);
  return real(call, ops, nops, tag, reserved);
}

grpc_call_error grpc_server_request_call(
    grpc_server* server, grpc_call** call, grpc_call_details* details,
    grpc_metadata_array* request_metadata,
    grpc_completion_queue* cq_bound_to_call,
    grpc_completion_queue* cq_for_notification, void* tag_new) {
  static auto* const real =
      Next<decltype(grpc_server_request_call)>("grpc_server_request_call");
  __tsan_release(tag_new);
  return real(server, call, details, request_metadata, cq_bound_to_call,
              cq_for_notification, tag_new);
}

grpc_call_error grpc_server_request_registered_call(
    grpc_server* server, void* registered_method, grpc_call** call,
    gpr_timespec* deadline, grpc_metadata_array* request_metadata,
    grpc_byte_buffer** optional_payload,
    grpc_completion_queue* cq_bound_to_call,
    grpc_completion_queue* cq_for_notification, void* tag_new) {
  static auto* const real = Next<decltype(grpc_server_request_registered_call)>(
      "grpc_server_request_registered_call");
  __tsan_release(tag_new);
  return real(server, registered_method, call, deadline, request_metadata,
              optional_payload, cq_bound_to_call, cq_for_notification, tag_new);
}

void grpc_server_start(grpc_server* server) {
  static auto* const real =
      Next<decltype(grpc_server_start)>("grpc_server_start");
  __tsan_release(&server_started);
  real(server);
}

grpc_event grpc_completion_queue_next(grpc_completion_queue* cq,
                                      gpr_timespec deadline, void* reserved) {
  static auto* const real =
      Next<decltype(grpc_completion_queue_next)>("grpc_completion_queue_next");
  const grpc_event event = real(cq, deadline, reserved);
  if (event.type == GRPC_OP_COMPLETE) __tsan_acquire(event.tag);
  return event;
}

grpc_event grpc_completion_queue_pluck(grpc_completion_queue* cq, void* tag,
                                       gpr_timespec deadline, void* reserved) {
  static auto* const real = Next<decltype(grpc_completion_queue_pluck)>(
      "grpc_completion_queue_pluck");
  const grpc_event event = real(cq, tag, deadline, reserved);
  if (event.type == GRPC_OP_COMPLETE) __tsan_acquire(event.tag);
  return event;
}

}  // extern "C"

void grpc_cq_end_op(grpc_completion_queue* cq, void* tag, absl::Status error,
                    void (*done)(void* done_arg, grpc_cq_completion* storage),
                    void* done_arg, grpc_cq_completion* storage,
                    bool internal) {
  static auto* const real =
      Next<decltype(grpc_cq_end_op)>(MSP_GRPC_CQ_END_OP_SYMBOL);
  __tsan_acquire(&server_started);
  __tsan_acquire(tag);
  __tsan_release(tag);
  real(cq, tag, std::move(error), done, done_arg, storage, internal);
}

namespace {

// The interposition works only if the dynamic linker finds our definitions
// first, under the names libgrpc++.so and libgrpc.so call: check it once,
// before main(), so that a stale name fails every test at once.
__attribute__((constructor)) void CheckInterposed() {
  void (*const end_op)(grpc_completion_queue*, void*, absl::Status,
                       void (*)(void*, grpc_cq_completion*), void*,
                       grpc_cq_completion*, bool) = &grpc_cq_end_op;
  const struct {
    const char* name;
    void* ours;
  } functions[] = {
      {"grpc_call_start_batch",
       reinterpret_cast<void*>(&grpc_call_start_batch)},
      {"grpc_server_request_call",
       reinterpret_cast<void*>(&grpc_server_request_call)},
      {"grpc_server_request_registered_call",
       reinterpret_cast<void*>(&grpc_server_request_registered_call)},
      {"grpc_server_start", reinterpret_cast<void*>(&grpc_server_start)},
      {"grpc_completion_queue_next",
       reinterpret_cast<void*>(&grpc_completion_queue_next)},
      {"grpc_completion_queue_pluck",
       reinterpret_cast<void*>(&grpc_completion_queue_pluck)},
      {MSP_GRPC_CQ_END_OP_SYMBOL, reinterpret_cast<void*>(end_op)},
  };
  for (const auto& function : functions) {
    if (dlsym(RTLD_DEFAULT, function.name) != function.ours) {
      std::fprintf(stderr,
                   "grpc_tsan_annotations: %s does not resolve to ours; "
                   "update tools/sanitizers/tsan_symbols.bzl\n",
                   function.name);
      std::abort();
    }
  }
}

}  // namespace
