// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/metrics.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsTest, RpcCountersAndHistogramByMethodAndCode) {
  GatewayMetrics metrics("1.2.3");
  metrics.RecordRpc("CreateOrder", absl::StatusCode::kOk,
                    absl::Milliseconds(3));
  metrics.RecordRpc("CreateOrder", absl::StatusCode::kOk,
                    absl::Milliseconds(40));
  metrics.RecordRpc("CreateOrder", absl::StatusCode::kInvalidArgument,
                    absl::Microseconds(200));
  EXPECT_EQ(metrics.rpc_requests().Value({"CreateOrder", "OK", "none"}), 2u);
  EXPECT_EQ(
      metrics.rpc_requests().Value({"CreateOrder", "INVALID_ARGUMENT", "none"}),
      1u);
  const std::string text = metrics.RenderPrometheus();
  EXPECT_THAT(text, HasSubstr("# TYPE msp_gateway_rpc_requests_total counter"));
  EXPECT_THAT(text,
              HasSubstr("msp_gateway_rpc_requests_total{method="
                        "\"CreateOrder\",code=\"OK\",caller=\"none\"} 2\n"));
  // Cumulative buckets: 0.2 ms falls in le=0.0005; 3 ms in le=0.005; 40 ms in
  // 0.05.
  EXPECT_THAT(text, HasSubstr("msp_gateway_rpc_latency_seconds_bucket{method="
                              "\"CreateOrder\",le=\"0.0005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("msp_gateway_rpc_latency_seconds_bucket{method="
                              "\"CreateOrder\",le=\"0.005\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("msp_gateway_rpc_latency_seconds_bucket{method="
                              "\"CreateOrder\",le=\"0.05\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("msp_gateway_rpc_latency_seconds_bucket{method="
                              "\"CreateOrder\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(
      text,
      HasSubstr(
          "msp_gateway_rpc_latency_seconds_count{method=\"CreateOrder\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("msp_gateway_build_info{version=\"1.2.3\"} 1\n"));
}

TEST(MetricsTest, UpstreamByEndpointStatusAndErrorCode) {
  GatewayMetrics metrics("dev");
  metrics.RecordUpstream("POST /orders", 200, 0, absl::Milliseconds(80));
  metrics.RecordUpstream("POST /orders", 401, 1032, absl::Milliseconds(20));
  metrics.RecordUpstream("POST /orders", 0, 0, absl::Seconds(5));
  EXPECT_EQ(metrics.upstream_requests().Value({"POST /orders", "401", "1032"}),
            1u);
  const std::string text = metrics.RenderPrometheus();
  EXPECT_THAT(
      text, HasSubstr("msp_gateway_upstream_requests_total{endpoint=\"POST "
                      "/orders\",http_status=\"0\",msp_error_code=\"0\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("msp_gateway_upstream_latency_seconds_count{"
                              "endpoint=\"POST /orders\"} 3\n"));
}

TEST(MetricsTest, GaugesReadTheirSources) {
  GatewayMetrics metrics("dev");
  size_t depth = 7;
  metrics.SetQueueDepthSource([&depth] { return depth; });
  metrics.RpcStarted();
  metrics.RpcStarted();
  metrics.RpcFinished();
  std::string text = metrics.RenderPrometheus();
  EXPECT_THAT(text, HasSubstr("msp_gateway_inflight_rpcs 1\n"));
  EXPECT_THAT(text, HasSubstr("msp_gateway_worker_queue_depth 7\n"));
  depth = 0;
  EXPECT_THAT(metrics.RenderPrometheus(),
              HasSubstr("msp_gateway_worker_queue_depth 0\n"));
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  CounterFamily family("x_total", "help", {"l"});
  family.Increment({"a\"b\\c\nd"});
  std::string out;
  family.Render(out);
  EXPECT_THAT(out, HasSubstr("x_total{l=\"a\\\"b\\\\c\\nd\"} 1\n"));
  EXPECT_THAT(out, Not(HasSubstr("\nd\"")));
}

TEST(MetricsTest, RefusalsByMethodAndReason) {
  GatewayMetrics metrics("1.2.3");
  metrics.RecordRefusal("CreateOrder", "MALFORMED_REQUEST");
  metrics.RecordRefusal("CreateOrder", "MALFORMED_REQUEST");
  metrics.RecordRefusal("RefundOrder", "DEADLINE_TOO_SHORT");
  EXPECT_EQ(metrics.rpc_refusals().Value({"CreateOrder", "MALFORMED_REQUEST"}),
            2u);
  const std::string text = metrics.RenderPrometheus();
  EXPECT_THAT(text, HasSubstr("# TYPE msp_gateway_rpc_refusals_total counter"));
  EXPECT_THAT(text,
              HasSubstr("msp_gateway_rpc_refusals_total{method="
                        "\"CreateOrder\",reason=\"MALFORMED_REQUEST\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("msp_gateway_rpc_refusals_total{method="
                        "\"RefundOrder\",reason=\"DEADLINE_TOO_SHORT\"} 1\n"));
}

TEST(GatewayMetricsTest, CallerLabelsAreBounded) {
  GatewayMetrics metrics("test");
  EXPECT_EQ(metrics.CallerLabel(""), "none");
  for (size_t i = 0; i < GatewayMetrics::kMaxCallerLabels; ++i) {
    const std::string identity = absl::StrCat("spiffe://t/sa/", i);
    EXPECT_EQ(metrics.CallerLabel(identity), identity);
  }
  // The first ones keep their names; the next ones fold into "other".
  EXPECT_EQ(metrics.CallerLabel("spiffe://t/sa/0"), "spiffe://t/sa/0");
  EXPECT_EQ(metrics.CallerLabel("spiffe://t/sa/new"), "other");
  metrics.RecordRpc("RefundOrder", absl::StatusCode::kPermissionDenied,
                    absl::Milliseconds(1), "spiffe://t/sa/late");
  EXPECT_EQ(metrics.rpc_requests().Value(
                {"RefundOrder", "PERMISSION_DENIED", "other"}),
            1u);
  metrics.RecordRpc("RefundOrder", absl::StatusCode::kOk, absl::Milliseconds(1),
                    "spiffe://t/sa/3");
  EXPECT_THAT(metrics.RenderPrometheus(),
              HasSubstr("msp_gateway_rpc_requests_total{method=\"RefundOrder\","
                        "code=\"OK\",caller=\"spiffe://t/sa/3\"} 1\n"));
}

}  // namespace
}  // namespace msp_gateway
