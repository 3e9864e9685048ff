// Copyright 2026 The msp-gateway Authors.
//
// The pure per-request work of CreateOrder, timed: validation, translation
// into MultiSafepay JSON, and for context the parsing gRPC (binary) or a
// JSON caller (proto3 JSON) does before that. Each benchmark also reports
//   allocs_per_op       C++ heap allocations per call (alloc_counter.h)
//   alloc_bytes_per_op  bytes those allocations asked for
//   json_bytes          size of the MultiSafepay body produced (Translate)
//   in_bytes            size of the input parsed (Parse*)
// for three requests: MultiSafepay's Bancontact example, its Pay After
// Delivery example (3-line cart, tax tables) and a generated 50-line cart.
//
//   bazel run -c opt //bench:order_bench -- --benchmark_min_time=0.2
//
// Figures are informational (docs/benchmarks.md); nothing asserts on them.

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "bench/alloc_counter.h"
#include "bench/order_fixtures.h"
#include "benchmark/benchmark.h"
#include "google/protobuf/util/json_util.h"
#include "payments/v1/payment_service.pb.h"
#include "service/create_order/order_translator.h"
#include "service/create_order/order_validator.h"

namespace msp_gateway {
namespace bench {
namespace {

using payments::v1::CreateOrderRequest;

struct Case {
  CreateOrderRequest request;
  std::string json;    // proto3 JSON of the request, as a JSON caller sends
  std::string binary;  // protobuf wire format, as gRPC delivers it
  absl::Status error;  // why the case cannot run, if it cannot
};

constexpr int kLargeCartLines = 50;
constexpr const char* kCaseNames[] = {"bancontact", "bnpl_3_lines",
                                      "cart_50_lines"};

Case LoadCase(const std::string& path) {
  Case c;
  absl::StatusOr<std::string> json = ReadWorkspaceFile(path);
  absl::StatusOr<CreateOrderRequest> request = LoadRequest(path);
  if (!json.ok() || !request.ok()) {
    c.error = json.ok() ? request.status() : json.status();
    return c;
  }
  c.json = *json;
  c.request = *request;
  return c;
}

Case GeneratedCase() {
  Case c;
  c.request = MakeLargeCartOrder(kLargeCartLines);
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(c.request, &c.json, options)
           .ok()) {
    c.error = absl::InternalError("cannot print the generated request");
  }
  return c;
}

// Loaded once, on first use (inside a benchmark, so a missing file is
// reported as that benchmark's error rather than a crash at start-up).
const std::vector<Case>& Cases() {
  static const std::vector<Case>* cases = [] {
    auto* all = new std::vector<Case>;
    // In the order of kCaseNames.
    all->push_back(LoadCase(kBancontactRequestPath));
    all->push_back(LoadCase(kBnplRequestPath));
    all->push_back(GeneratedCase());
    for (Case& c : *all) {
      if (!c.error.ok()) continue;
      c.request.SerializeToString(&c.binary);
      // A benchmark of the error path would flatter every figure.
      absl::Status valid = ValidateCreateOrder(c.request);
      if (!valid.ok()) c.error = valid;
    }
    return all;
  }();
  return *cases;
}

// Runs `op` in the timing loop and attaches the allocation counters.
template <typename Op>
void Measure(benchmark::State& state, const Op& op) {
  const AllocStats before = CurrentAllocStats();
  for (auto _ : state) {
    op();
  }
  const AllocStats used = CurrentAllocStats() - before;
  state.counters["allocs_per_op"] = benchmark::Counter(
      static_cast<double>(used.count), benchmark::Counter::kAvgIterations);
  state.counters["alloc_bytes_per_op"] = benchmark::Counter(
      static_cast<double>(used.bytes), benchmark::Counter::kAvgIterations);
}

const Case* CaseOrSkip(benchmark::State& state, int index) {
  const Case& c = Cases()[index];
  if (!c.error.ok()) {
    state.SkipWithError(c.error.ToString().c_str());
    return nullptr;
  }
  return &c;
}

void BM_Validate(benchmark::State& state, int index) {
  const Case* c = CaseOrSkip(state, index);
  if (c == nullptr) return;
  Measure(state, [c] {
    absl::Status status = ValidateCreateOrder(c->request);
    benchmark::DoNotOptimize(status);
  });
}

void BM_Translate(benchmark::State& state, int index) {
  const Case* c = CaseOrSkip(state, index);
  if (c == nullptr) return;
  size_t bytes = 0;
  Measure(state, [c, &bytes] {
    absl::StatusOr<std::string> json = TranslateCreateOrder(c->request);
    benchmark::DoNotOptimize(json);
    bytes = json.ok() ? json->size() : 0;
  });
  state.counters["json_bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

// What the RPC edge does before any I/O.
void BM_ValidateAndTranslate(benchmark::State& state, int index) {
  const Case* c = CaseOrSkip(state, index);
  if (c == nullptr) return;
  Measure(state, [c] {
    absl::Status status = ValidateCreateOrder(c->request);
    benchmark::DoNotOptimize(status);
    absl::StatusOr<std::string> json = TranslateCreateOrder(c->request);
    benchmark::DoNotOptimize(json);
  });
}

// For context: what gRPC does with each request before the handler runs.
void BM_ParseBinary(benchmark::State& state, int index) {
  const Case* c = CaseOrSkip(state, index);
  if (c == nullptr) return;
  Measure(state, [c] {
    CreateOrderRequest request;
    bool ok = request.ParseFromString(c->binary);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(request);
  });
  state.counters["in_bytes"] = static_cast<double>(c->binary.size());
}

// For context: a proto3 JSON request (grpcurl, buf curl) parsed into the
// message. The gateway itself never does this on the hot path.
void BM_ParseJson(benchmark::State& state, int index) {
  const Case* c = CaseOrSkip(state, index);
  if (c == nullptr) return;
  Measure(state, [c] {
    CreateOrderRequest request;
    auto status =
        google::protobuf::util::JsonStringToMessage(c->json, &request);
    benchmark::DoNotOptimize(status);
    benchmark::DoNotOptimize(request);
  });
  state.counters["in_bytes"] = static_cast<double>(c->json.size());
}

int RegisterAll() {
  struct Family {
    const char* name;
    void (*function)(benchmark::State&, int);
  };
  constexpr Family kFamilies[] = {
      {"Validate", BM_Validate},
      {"Translate", BM_Translate},
      {"ValidateAndTranslate", BM_ValidateAndTranslate},
      {"ParseBinary", BM_ParseBinary},
      {"ParseJson", BM_ParseJson},
  };
  for (const Family& family : kFamilies) {
    for (int index = 0; index < 3; ++index) {
      benchmark::RegisterBenchmark(
          absl::StrCat(family.name, "/", kCaseNames[index]).c_str(),
          family.function, index);
    }
  }
  return 0;
}

const int registered = RegisterAll();

}  // namespace
}  // namespace bench
}  // namespace msp_gateway
