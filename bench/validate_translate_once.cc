// Copyright 2026 The msp-gateway Authors.
//
// validate_translate_once: the gateway's pure work for one CreateOrder, once,
// for counts that do not depend on how busy the machine is. It runs
// kCreateOrderSpec.validate and then kCreateOrderSpec.translate (the JSON body
// of POST /orders) on the seed Bancontact order and prints the C++ heap
// allocations of that one call (bench/alloc_counter.h). Under
//
//   valgrind --tool=callgrind --collect-atstart=no validate_translate_once
//
// only that call is collected (callgrind client requests), so callgrind's
// "Collected" line is its instruction count. A warm-up call runs first,
// uncollected, so function-local statics and first-use initialisation are
// not counted: the figure is that of every call after the first.
//
// Built without <valgrind/callgrind.h> (or with --client_requests=false) it
// prints "instrumentation: none"; then use
// --toggle-collect='*ValidateAndTranslateOnce*' and --warmup=false (the one
// call is then a first call).

#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/alloc_counter.h"
#include "bench/order_fixtures.h"
#include "payments/v1/payment_service.pb.h"
#include "service/create_order/create_order.h"
#include "service/upstream/msp_operation.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define MSP_BENCH_HAVE_CALLGRIND 1
#endif
#endif

ABSL_FLAG(std::string, request, "tests/testdata/seed-bancontact.request.json",
          "Workspace-relative proto3 JSON CreateOrderRequest.");
ABSL_FLAG(bool, warmup, true,
          "Run the call once, uncollected and uncounted, before the measured "
          "one.");
ABSL_FLAG(bool, client_requests, true,
          "Toggle callgrind's collection around the measured call; false "
          "leaves it to valgrind's --toggle-collect.");

namespace msp_gateway {
namespace bench {

// Not inlined and with external linkage, so --toggle-collect can name it.
__attribute__((noinline)) absl::StatusOr<MspRequest> ValidateAndTranslateOnce(
    const payments::v1::CreateOrderRequest& request) {
  if (absl::Status valid = kCreateOrderSpec.validate(request); !valid.ok()) {
    return valid;
  }
  return kCreateOrderSpec.translate(request);
}

namespace {

int Run() {
  absl::StatusOr<payments::v1::CreateOrderRequest> request =
      LoadRequest(absl::GetFlag(FLAGS_request));
  if (!request.ok()) {
    std::fprintf(stderr, "validate_translate_once: %s\n",
                 request.status().ToString().c_str());
    return 1;
  }
  bool client_requests = false;
#ifdef MSP_BENCH_HAVE_CALLGRIND
  client_requests = absl::GetFlag(FLAGS_client_requests);
#endif
  std::printf("instrumentation: %s\n",
              client_requests ? "client_requests" : "none");
  if (absl::GetFlag(FLAGS_warmup)) {
    absl::StatusOr<MspRequest> warm = ValidateAndTranslateOnce(*request);
    if (!warm.ok()) {
      std::fprintf(stderr, "validate_translate_once: %s\n",
                   warm.status().ToString().c_str());
      return 1;
    }
  }

  const AllocStats before = CurrentAllocStats();
#ifdef MSP_BENCH_HAVE_CALLGRIND
  if (client_requests) CALLGRIND_TOGGLE_COLLECT;
#endif
  absl::StatusOr<MspRequest> call = ValidateAndTranslateOnce(*request);
#ifdef MSP_BENCH_HAVE_CALLGRIND
  if (client_requests) CALLGRIND_TOGGLE_COLLECT;
#endif
  const AllocStats used = CurrentAllocStats() - before;

  if (!call.ok()) {
    std::fprintf(stderr, "validate_translate_once: %s\n",
                 call.status().ToString().c_str());
    return 1;
  }
  std::printf("request: %s\n", absl::GetFlag(FLAGS_request).c_str());
  std::printf("body: %zu bytes for %s\n", call->body.size(),
              call->path.c_str());
  std::printf("allocations: %llu (%llu bytes)\n",
              static_cast<unsigned long long>(used.count),
              static_cast<unsigned long long>(used.bytes));
  return 0;
}

}  // namespace
}  // namespace bench
}  // namespace msp_gateway

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return msp_gateway::bench::Run();
}
