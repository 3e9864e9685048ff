// Copyright 2026 The msp-gateway Authors.

#include "service/common/status_text.h"

#include "gtest/gtest.h"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace {

TEST(StatusTextTest, CodeMessageAndOneLinePerViolation) {
  const absl::Status status = InvalidArgumentError(
      "CreateOrder request has 2 invalid fields",
      {{"amount", "is required"}, {"customer.email", "must be an email"}});
  EXPECT_EQ(StatusText(status),
            "INVALID_ARGUMENT: CreateOrder request has 2 invalid fields\n"
            "  amount: is required\n"
            "  customer.email: must be an email\n");
}

TEST(StatusTextTest, WithoutViolations) {
  EXPECT_EQ(StatusText(absl::InternalError("boom")), "INTERNAL: boom\n");
}

}  // namespace
}  // namespace msp_gateway
