// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/write_outcome.h"

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "service/upstream/msp_errors.h"
#include "service/upstream/transport_errors.h"

namespace msp_gateway {
namespace {

TEST(WriteOutcomeTest, OkIsApplied) {
  EXPECT_EQ(ClassifyWriteOutcome(MspOperation::kCreateOrder, absl::OkStatus()),
            WriteOutcome::kApplied);
}

TEST(WriteOutcomeTest, TransportFailuresByWhetherTheRequestLeft) {
  const absl::Status refused = TransportError(
      absl::StatusCode::kUnavailable, "MSP_CONNECTION_FAILED", "refused",
      {{"request_sent", "false"}}, /*retryable=*/true);
  EXPECT_EQ(ClassifyWriteOutcome(MspOperation::kCreateOrder, refused),
            WriteOutcome::kNotSent);
  for (const char* sent : {"unknown", "true"}) {
    const absl::Status lost = TransportError(
        absl::StatusCode::kDeadlineExceeded, "MSP_TIMEOUT", "timed out",
        {{"request_sent", sent}}, /*retryable=*/true);
    EXPECT_EQ(ClassifyWriteOutcome(MspOperation::kRefundOrder, lost),
              WriteOutcome::kAmbiguous)
        << sent;
  }
  // No request_sent at all: cannot be sure.
  const absl::Status bare = TransportError(absl::StatusCode::kUnavailable,
                                           "MSP_CONNECTION_FAILED", "x", {},
                                           /*retryable=*/true);
  EXPECT_EQ(ClassifyWriteOutcome(MspOperation::kCreateOrder, bare),
            WriteOutcome::kAmbiguous);
}

TEST(WriteOutcomeTest, ServerErrorsAreAmbiguous) {
  for (int http : {500, 502, 503, 504}) {
    EXPECT_EQ(ClassifyWriteOutcome(MspOperation::kCreateOrder,
                                   MspErrorToStatus(MspOperation::kCreateOrder,
                                                    http, 0, "")),
              WriteOutcome::kAmbiguous)
        << http;
  }
  EXPECT_EQ(
      ClassifyWriteOutcome(
          MspOperation::kCreateOrder,
          MspInvalidResponseError(MspOperation::kCreateOrder, 503, "text/html",
                                  "an HTML page")),
      WriteOutcome::kAmbiguous);
  // A 2xx we could not read: MultiSafepay did answer success.
  EXPECT_EQ(ClassifyWriteOutcome(
                MspOperation::kCreateOrder,
                MspInvalidResponseError(MspOperation::kCreateOrder, 200,
                                        "application/json", "truncated")),
            WriteOutcome::kAmbiguous);
}

TEST(WriteOutcomeTest, ClientErrorsAreRejections) {
  EXPECT_EQ(ClassifyWriteOutcome(
                MspOperation::kCreateOrder,
                MspErrorToStatus(MspOperation::kCreateOrder, 400, 1001, "")),
            WriteOutcome::kRejected);
  EXPECT_EQ(ClassifyWriteOutcome(
                MspOperation::kRefundOrder,
                MspErrorToStatus(MspOperation::kRefundOrder, 422, 1034, "")),
            WriteOutcome::kRejected);
  EXPECT_EQ(ClassifyWriteOutcome(
                MspOperation::kCreateOrder,
                MspErrorToStatus(MspOperation::kCreateOrder, 401, 1032, "")),
            WriteOutcome::kRejected);
  EXPECT_EQ(ClassifyWriteOutcome(
                MspOperation::kCaptureOrder,
                MspInvalidResponseError(MspOperation::kCaptureOrder, 413,
                                        "text/plain", "empty")),
            WriteOutcome::kRejected);
}

TEST(WriteOutcomeTest, AlreadyExistsOnCreateMayBeOurOwnOrder) {
  EXPECT_EQ(ClassifyWriteOutcome(
                MspOperation::kCreateOrder,
                MspErrorToStatus(MspOperation::kCreateOrder, 409, 1006, "")),
            WriteOutcome::kAmbiguous);
  // On a refund 1006 means "no such order": a plain rejection.
  EXPECT_EQ(ClassifyWriteOutcome(
                MspOperation::kRefundOrder,
                MspErrorToStatus(MspOperation::kRefundOrder, 404, 1006, "")),
            WriteOutcome::kRejected);
}

TEST(WriteOutcomeTest, StatusWithoutDetailsIsAmbiguous) {
  EXPECT_EQ(ClassifyWriteOutcome(MspOperation::kCreateOrder,
                                 absl::UnavailableError("who knows")),
            WriteOutcome::kAmbiguous);
}

}  // namespace
}  // namespace msp_gateway
