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
// Delivery example (3-line cart, tax tables) and a generated 50-line cart;
// and the reading of POST /orders' reply, with the field reader and with the
// whole tree (ReadCreateOrderReply).
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
#include "absl/types/span.h"
#include "bench/alloc_counter.h"
#include "bench/order_fixtures.h"
#include "benchmark/benchmark.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"
#include "service/create_order/create_order.h"
#include "service/create_order/order_translator.h"
#include "service/create_order/order_validator.h"
#include "service/msp_json/exact_json.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_envelope.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {
namespace bench {
namespace {

using payments::v1::CreateOrderRequest;
using payments::v1::CreateOrderResponse;

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

// Reading POST /orders' reply, as MspClient does (ParseEnvelope()) and then
// MapCreateOrderReply(): through the field reader (only the members of
// `data` the mapper reads are built, MspOperationInfo::data_fields) or, for
// comparison, into the whole tree. Two replies: the redirect answer of the
// seed order as the emulator sends it (3 of its 6 members are read) and
// MultiSafepay's direct iDEAL example, which echoes the whole order.
struct ReplyCase {
  const char* name;
  std::string order_id;
  HttpResponse response;
  absl::Status error;
};

constexpr const char* kReplyNames[] = {"redirect", "direct_ideal"};

const std::vector<ReplyCase>& ReplyCases() {
  static const std::vector<ReplyCase>* cases = [] {
    auto* all = new std::vector<ReplyCase>;
    ReplyCase redirect{kReplyNames[0], "seed-order-1"};
    redirect.response.body =
        R"({"success":true,"data":{"order_id":"seed-order-1",)"
        R"("payment_url":"http://127.0.0.1:8080/connect/)"
        R"(82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv/?lang=nl_BE",)"
        R"("session_id":"82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv",)"
        R"("events_token":"eyJhbGciOiJIUzI1NiJ9.eyJzZXNzaW9uIjoiODJBejVu)"
        R"(aWNXYTNYYjNxc051dVljQUhzaHZPNDNIalVteXYiLCJleHAiOjE3NjQ2MDAwMDB9.)"
        R"(c2lnbmF0dXJlLW9mLXRoZS1lbXVsYXRvcnMtZXZlbnRzLXRva2Vu",)"
        R"("events_url":"wss://testapi.multisafepay.com/events/",)"
        R"("events_stream_url":"https://testapi.multisafepay.com/events/stream/"}})";
    all->push_back(std::move(redirect));
    ReplyCase direct{kReplyNames[1], "direct-order-0001"};
    absl::StatusOr<std::string> body = ReadWorkspaceFile(
        "third_party/multisafepay-openapi/components/examples/responses/"
        "postOrdersDirectIdeal.json");
    if (body.ok()) {
      direct.response.body = *std::move(body);
    } else {
      direct.error = body.status();
    }
    all->push_back(std::move(direct));
    for (ReplyCase& c : *all) {
      c.response.status = 200;
      c.response.content_type = "application/json";
    }
    return all;
  }();
  return *cases;
}

void BM_ReadCreateOrderReply(benchmark::State& state, int index,
                             bool field_reader) {
  const ReplyCase& c = ReplyCases()[index];
  if (!c.error.ok()) {
    state.SkipWithError(c.error.ToString().c_str());
    return;
  }
  const MspOperationInfo& info = MspOperationInfoOf(MspOperation::kCreateOrder);
  const absl::Span<const absl::string_view> fields =
      field_reader ? info.data_fields : absl::Span<const absl::string_view>();
  CreateOrderRequest request;
  request.set_order_id(c.order_id);
  auto read = [&] {
    absl::StatusOr<nlohmann::json> data =
        ParseEnvelope(MspOperation::kCreateOrder, c.response, info.numbers,
                      JsonLimits(), fields);
    if (!data.ok()) return absl::StatusOr<CreateOrderResponse>(data.status());
    return MapCreateOrderReply(request, MspReply{200, *std::move(data)});
  };
  if (absl::StatusOr<CreateOrderResponse> once = read(); !once.ok()) {
    state.SkipWithError(once.status().ToString().c_str());
    return;
  }
  Measure(state, [&read] {
    absl::StatusOr<CreateOrderResponse> response = read();
    benchmark::DoNotOptimize(response);
  });
  state.counters["in_bytes"] = static_cast<double>(c.response.body.size());
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
  for (int index = 0; index < 2; ++index) {
    for (bool field_reader : {true, false}) {
      benchmark::RegisterBenchmark(
          absl::StrCat("ReadCreateOrderReply/", kReplyNames[index], "/",
                       field_reader ? "field_reader" : "whole_tree")
              .c_str(),
          BM_ReadCreateOrderReply, index, field_reader);
    }
  }
  return 0;
}

const int registered = RegisterAll();

}  // namespace
}  // namespace bench
}  // namespace msp_gateway
