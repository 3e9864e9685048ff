// Copyright 2026 The msp-gateway Authors.

#include "emulator/fault_injector.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace msp_emulator {
namespace {

using nlohmann::json;

Fault MustParse(const json& spec) {
  absl::StatusOr<Fault> fault = ParseFault(spec);
  EXPECT_TRUE(fault.ok()) << fault.status();
  return fault.ok() ? *fault : Fault();
}

TEST(ParseFaultTest, ReadsEveryMember) {
  Fault fault = MustParse({{"method", "post"},
                           {"path", "/v1/json/orders"},
                           {"kind", "error"},
                           {"http_status", 502},
                           {"error_code", 1021},
                           {"error_info", "Cannot create transaction"},
                           {"times", 3},
                           {"process_request", true}});
  EXPECT_EQ(fault.method, "POST");
  EXPECT_EQ(fault.path, "/v1/json/orders");
  EXPECT_EQ(fault.kind, FaultKind::kError);
  EXPECT_EQ(fault.http_status, 502);
  EXPECT_EQ(fault.error_code, 1021);
  EXPECT_EQ(fault.error_info, "Cannot create transaction");
  EXPECT_EQ(fault.times, 3);
  EXPECT_EQ(fault.when, FaultWhen::kAfter);
}

TEST(ParseFaultTest, Defaults) {
  Fault fault = MustParse({{"kind", "error"}});
  EXPECT_EQ(fault.method, "");
  EXPECT_EQ(fault.path, "");
  EXPECT_EQ(fault.http_status, 500);
  EXPECT_EQ(fault.error_code, 9999);
  EXPECT_EQ(fault.error_info, "Unknown error");
  EXPECT_EQ(fault.times, 1);
  EXPECT_EQ(fault.skip, 0);
  EXPECT_EQ(fault.probability, 1.0);
  EXPECT_EQ(fault.when, FaultWhen::kBefore);
  EXPECT_EQ(MustParse({{"kind", "html_503"}}).kind, FaultKind::kHtml503);
  EXPECT_EQ(MustParse({{"kind", "drop"}}).kind, FaultKind::kDrop);
  EXPECT_EQ(MustParse({{"kind", "malformed_json"}}).kind,
            FaultKind::kMalformedJson);
  EXPECT_EQ(MustParse({{"kind", "delay"}, {"delay_ms", 20}}).delay_ms, 20);
}

TEST(ParseFaultTest, RejectsBadSpecs) {
  for (const json& spec : {
           json::array(),
           json{{"kind", "explode"}},
           json{{"method", "POST"}},  // no kind
           json{{"kind", "delay"}},   // no delay_ms
           json{{"kind", "delay"}, {"delay_ms", -1}},
           json{{"kind", "delay"}, {"delay_ms", "10"}},
           json{{"kind", "error"}, {"http_status", 700}},
           json{{"kind", "error"}, {"times", 0}},
           json{{"kind", "error"}, {"times", -2}},
           json{{"kind", "error"}, {"path", 1}},
           json{{"kind", "error"}, {"process_request", "yes"}},
           json{{"kind", "error"}, {"time", 2}},  // typo
           json{{"kind", "error"}, {"when", "later"}},
           json{{"kind", "error"}, {"when", true}},
           json{{"kind", "error"},
                {"when", "after"},
                {"process_request", false}},
           json{{"kind", "error"}, {"probability", 1.5}},
           json{{"kind", "error"}, {"probability", -0.1}},
           json{{"kind", "error"}, {"probability", "0.5"}},
           json{{"kind", "error"}, {"skip", -1}},
           json{{"kind", "html"}, {"http_status", 99}},
       }) {
    absl::StatusOr<Fault> fault = ParseFault(spec);
    EXPECT_TRUE(absl::IsInvalidArgument(fault.status())) << spec;
  }
}

TEST(ParseFaultTest, WhenProbabilitySkipAndNewKinds) {
  Fault fault = MustParse({{"kind", "delay"},
                           {"delay_ms", 5000},
                           {"when", "after"},
                           {"probability", 0.25},
                           {"skip", 2}});
  EXPECT_EQ(fault.when, FaultWhen::kAfter);
  EXPECT_EQ(fault.probability, 0.25);
  EXPECT_EQ(fault.skip, 2);
  EXPECT_EQ(MustParse({{"kind", "drop"}, {"when", "before"}}).when,
            FaultWhen::kBefore);
  // The older spelling, alone or agreeing.
  EXPECT_EQ(MustParse({{"kind", "drop"}, {"process_request", true}}).when,
            FaultWhen::kAfter);
  EXPECT_EQ(
      MustParse(
          {{"kind", "drop"}, {"process_request", true}, {"when", "after"}})
          .when,
      FaultWhen::kAfter);
  EXPECT_EQ(MustParse({{"kind", "error"}, {"probability", 1}}).probability, 1);
  // html and empty default to 502, error keeps 500.
  EXPECT_EQ(MustParse({{"kind", "html"}}).kind, FaultKind::kHtml);
  EXPECT_EQ(MustParse({{"kind", "html"}}).http_status, 502);
  EXPECT_EQ(MustParse({{"kind", "empty"}}).kind, FaultKind::kEmpty);
  EXPECT_EQ(MustParse({{"kind", "empty"}, {"http_status", 504}}).http_status,
            504);
  EXPECT_EQ(MustParse({{"kind", "error"}}).http_status, 500);
}

TEST(FaultToJsonTest, ListsEveryMember) {
  Fault fault = MustParse({{"kind", "html"},
                           {"method", "POST"},
                           {"when", "after"},
                           {"probability", 0.5},
                           {"skip", 1},
                           {"times", -1}});
  EXPECT_EQ(FaultToJson(fault), json({{"id", 0},
                                      {"method", "POST"},
                                      {"path", ""},
                                      {"kind", "html"},
                                      {"delay_ms", 0},
                                      {"http_status", 502},
                                      {"error_code", 9999},
                                      {"error_info", "Unknown error"},
                                      {"times", -1},
                                      {"skip", 1},
                                      {"probability", 0.5},
                                      {"when", "after"},
                                      {"process_request", true}}));
}

TEST(FaultInjectorTest, MatchesMethodAndExactPath) {
  FaultInjector faults;
  faults.Add(MustParse(
      {{"kind", "drop"}, {"method", "POST"}, {"path", "/v1/json/orders"}}));
  EXPECT_EQ(faults.Take("GET", "/v1/json/orders"), std::nullopt);
  EXPECT_EQ(faults.Take("POST", "/v1/json/orders/x"), std::nullopt);
  auto fault = faults.Take("post", "/v1/json/orders");
  ASSERT_TRUE(fault.has_value());
  EXPECT_EQ(fault->kind, FaultKind::kDrop);
  // times defaulted to 1: used up.
  EXPECT_EQ(faults.Take("POST", "/v1/json/orders"), std::nullopt);
  EXPECT_EQ(faults.ToJson(), json::array());
}

TEST(FaultInjectorTest, PrefixAndWildcards) {
  FaultInjector faults;
  faults.Add(MustParse(
      {{"kind", "error"}, {"path", "/v1/json/orders/*"}, {"times", -1}}));
  EXPECT_EQ(faults.Take("GET", "/v1/json/orders"), std::nullopt);
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(faults.Take("GET", "/v1/json/orders/o-1").has_value());
  }
  faults.Clear();
  faults.Add(MustParse({{"kind", "error"}}));
  EXPECT_TRUE(faults.Take("DELETE", "/anything").has_value());
}

TEST(FaultInjectorTest, OldestMatchingFaultFirstAndTimesCount) {
  FaultInjector faults;
  const int64_t first =
      faults.Add(MustParse({{"kind", "html_503"}, {"times", 2}}));
  const int64_t second = faults.Add(MustParse({{"kind", "drop"}}));
  EXPECT_NE(first, second);
  EXPECT_EQ(faults.ToJson().size(), 2u);
  EXPECT_EQ(faults.ToJson()[0]["kind"], "html_503");
  EXPECT_EQ(faults.Take("GET", "/p")->id, first);
  EXPECT_EQ(faults.ToJson()[0]["times"], 1);
  EXPECT_EQ(faults.Take("GET", "/p")->id, first);
  EXPECT_EQ(faults.Take("GET", "/p")->id, second);
  EXPECT_EQ(faults.Take("GET", "/p"), std::nullopt);
}

TEST(FaultInjectorTest, SkipLetsTheFirstMatchingRequestsThrough) {
  FaultInjector faults;
  faults.Add(MustParse({{"kind", "drop"}, {"path", "/a"}, {"skip", 2}}));
  EXPECT_EQ(faults.Take("GET", "/b"), std::nullopt);  // does not match
  EXPECT_EQ(faults.Take("GET", "/a"), std::nullopt);
  EXPECT_EQ(faults.ToJson()[0]["skip"], 1);
  EXPECT_EQ(faults.Take("GET", "/a"), std::nullopt);
  EXPECT_TRUE(faults.Take("GET", "/a").has_value());
  EXPECT_EQ(faults.Take("GET", "/a"), std::nullopt);  // used up
}

TEST(FaultInjectorTest, APassingFaultLeavesTheRequestToTheNext) {
  FaultInjector faults;
  faults.Add(MustParse({{"kind", "drop"}, {"skip", 1}}));
  const int64_t second = faults.Add(MustParse({{"kind", "html_503"}}));
  EXPECT_EQ(faults.Take("GET", "/p")->id, second);
  EXPECT_EQ(faults.Take("GET", "/p")->kind, FaultKind::kDrop);
}

// The pattern of faulted requests among `n` under a fault with this
// probability, from a fresh injector seeded with `seed`.
std::string Pattern(uint64_t seed, double probability, int n) {
  FaultInjector faults(seed);
  faults.Add(MustParse(
      {{"kind", "error"}, {"times", -1}, {"probability", probability}}));
  std::string pattern;
  for (int i = 0; i < n; ++i) {
    pattern += faults.Take("POST", "/v1/json/orders").has_value() ? 'x' : '.';
  }
  return pattern;
}

TEST(FaultInjectorTest, ProbabilityIsDrawnFromTheSeededGenerator) {
  EXPECT_EQ(Pattern(7, 0, 200), std::string(200, '.'));
  EXPECT_EQ(Pattern(7, 1, 200), std::string(200, 'x'));
  const std::string half = Pattern(7, 0.5, 200);
  EXPECT_EQ(Pattern(7, 0.5, 200), half);  // the same seed, the same draws
  EXPECT_NE(Pattern(8, 0.5, 200), half);
  const auto faulted = std::count(half.begin(), half.end(), 'x');
  // 200 fair draws: 100 +- 7 is one standard deviation; the seed is fixed,
  // so this is not flaky, only a sanity check of the distribution.
  EXPECT_GT(faulted, 50);
  EXPECT_LT(faulted, 150);
}

TEST(FaultInjectorTest, SparedRequestsUseUpNoTimes) {
  FaultInjector faults(3);
  faults.Add(
      MustParse({{"kind", "error"}, {"times", 2}, {"probability", 0.3}}));
  int faulted = 0;
  for (int i = 0; i < 200; ++i) faulted += faults.Take("GET", "/p").has_value();
  EXPECT_EQ(faulted, 2);
}

TEST(FaultInjectorTest, SeedAndReseed) {
  FaultInjector random_seed;
  EXPECT_NE(random_seed.seed(), 0u);
  FaultInjector faults(42);
  EXPECT_EQ(faults.seed(), 42u);
  faults.Add(
      MustParse({{"kind", "error"}, {"times", -1}, {"probability", 0.5}}));
  std::string first;
  for (int i = 0; i < 64; ++i) first += faults.Take("GET", "/").has_value();
  faults.Reseed(42);
  std::string again;
  for (int i = 0; i < 64; ++i) again += faults.Take("GET", "/").has_value();
  EXPECT_EQ(first, again);
  faults.Reseed(0);
  EXPECT_NE(faults.seed(), 0u);
}

}  // namespace
}  // namespace msp_emulator
