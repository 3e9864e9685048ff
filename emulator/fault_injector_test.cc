// Copyright 2026 The msp-gateway Authors.

#include "emulator/fault_injector.h"

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
  EXPECT_TRUE(fault.process_request);
}

TEST(ParseFaultTest, Defaults) {
  Fault fault = MustParse({{"kind", "error"}});
  EXPECT_EQ(fault.method, "");
  EXPECT_EQ(fault.path, "");
  EXPECT_EQ(fault.http_status, 500);
  EXPECT_EQ(fault.error_code, 9999);
  EXPECT_EQ(fault.error_info, "Unknown error");
  EXPECT_EQ(fault.times, 1);
  EXPECT_FALSE(fault.process_request);
  EXPECT_EQ(MustParse({{"kind", "html_503"}}).kind, FaultKind::kHtml503);
  EXPECT_EQ(MustParse({{"kind", "drop"}}).kind, FaultKind::kDrop);
  EXPECT_EQ(MustParse({{"kind", "malformed_json"}}).kind,
            FaultKind::kMalformedJson);
  EXPECT_EQ(MustParse({{"kind", "delay"}, {"delay_ms", 20}}).delay_ms, 20);
}

TEST(ParseFaultTest, RejectsBadSpecs) {
  for (const json& spec : {
           json::array(), json{{"kind", "explode"}},
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
       }) {
    absl::StatusOr<Fault> fault = ParseFault(spec);
    EXPECT_TRUE(absl::IsInvalidArgument(fault.status())) << spec;
  }
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

}  // namespace
}  // namespace msp_emulator
