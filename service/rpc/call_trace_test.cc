// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/call_trace.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

uint64_t Fixed() { return 0x0123456789abcdefULL; }

TEST(TraceIdOfTest, AcceptsW3cTraceparent) {
  EXPECT_EQ(
      TraceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
      "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(
      TraceIdOf("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-00"),
      "4bf92f3577b34da6a3ce929d0e0e4736");
  // A later version may carry more fields.
  EXPECT_EQ(
      TraceIdOf("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xyz"),
      "4bf92f3577b34da6a3ce929d0e0e4736");
}

TEST(TraceIdOfTest, RefusesWhatIsNotOne) {
  for (const char* bad :
       {"", "garbage",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"}) {
    EXPECT_EQ(TraceIdOf(bad), "") << bad;
  }
}

TEST(TraceOfCallTest, ReadsTheCallersIds) {
  CallTrace trace =
      TraceOfCall({{"x-request-id", "req-42"},
                   {"traceparent",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
                   {"user-agent", "payments-client-cpp/0.1 grpc-c++/1.51.1"}},
                  "ipv4:127.0.0.1:5000", Fixed);
  EXPECT_EQ(trace.request_id, "req-42");
  EXPECT_FALSE(trace.request_id_generated);
  EXPECT_EQ(trace.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(trace.user_agent, "payments-client-cpp/0.1 grpc-c++/1.51.1");
  EXPECT_EQ(trace.peer, "ipv4:127.0.0.1:5000");
}

TEST(TraceOfCallTest, GeneratesARequestIdWhenNoneIsUsable) {
  const std::string too_long(kMaxRequestId + 1, 'a');
  for (const std::string& given :
       {std::string(), too_long, std::string("line\nbreak")}) {
    CallTrace trace = TraceOfCall({{"x-request-id", given}}, "", Fixed);
    EXPECT_TRUE(trace.request_id_generated);
    // A UUID v4 from the random bits.
    EXPECT_EQ(trace.request_id, "01234567-89ab-4def-8123-456789abcdef");
  }
}

TEST(TraceOfCallTest, BoundsAndCleansTheUserAgent) {
  const std::string long_agent(kMaxUserAgent + 50, 'x');
  EXPECT_EQ(
      TraceOfCall({{"user-agent", long_agent}}, "", Fixed).user_agent.size(),
      kMaxUserAgent);
  EXPECT_EQ(TraceOfCall({{"user-agent", "a\"b\x01"}}, "", Fixed).user_agent,
            "a\"b?");
}

using Headers = std::vector<std::pair<std::string, std::string>>;

TEST(TraceHeadersOfTest, ForwardsTheCallersTraceContext) {
  CallTrace trace =
      TraceOfCall({{"x-request-id", "req-42"},
                   {"traceparent",
                    "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"},
                   {"tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"}},
                  "", Fixed);
  EXPECT_EQ(
      TraceHeadersOf(trace),
      (Headers{{"X-Request-ID", "req-42"},
               {"traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
               {"tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"}}));
}

TEST(TraceHeadersOfTest, ALaterVersionGoesOnAsVersion00) {
  CallTrace trace = TraceOfCall(
      {{"traceparent",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xyz"}},
      "", Fixed);
  EXPECT_EQ(trace.traceparent,
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
}

TEST(TraceHeadersOfTest, AGeneratedRequestIdAndNothingUnusable) {
  const std::string long_state(kMaxTraceState + 1, 'a');
  for (const Headers& metadata :
       {Headers{}, Headers{{"traceparent", "garbage"}, {"tracestate", "a=b"}},
        // A tracestate without a traceparent means nothing.
        Headers{{"tracestate", "a=b"}}}) {
    std::vector<std::pair<absl::string_view, absl::string_view>> views(
        metadata.begin(), metadata.end());
    EXPECT_EQ(
        TraceHeadersOf(TraceOfCall(views, "", Fixed)),
        (Headers{{"X-Request-ID", "01234567-89ab-4def-8123-456789abcdef"}}));
  }
  for (const std::string& state : {long_state, std::string("a=b\r\nX: y")}) {
    CallTrace trace = TraceOfCall(
        {{"traceparent",
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
         {"tracestate", state}},
        "", Fixed);
    EXPECT_EQ(trace.tracestate, "");
    EXPECT_EQ(TraceHeadersOf(trace).size(), 2u);
  }
}

}  // namespace
}  // namespace msp_gateway
