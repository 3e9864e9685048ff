// Copyright 2026 The msp-gateway Authors.

#include "service/callers/caller_gate.h"

#include <memory>
#include <optional>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace {

using ::testing::HasSubstr;

std::shared_ptr<const AuthzPolicy> Policy() {
  absl::StatusOr<AuthzPolicy> policy = AuthzPolicy::Parse(R"({
    "name": "test-policy",
    "deny_rules": [{"name": "frozen", "request": {"paths": ["*/CancelOrder"]}}],
    "allow_rules": [{"name": "checkout",
      "source": {"principals": ["spiffe://t/checkout"]},
      "request": {"paths": ["/payments.v1.PaymentService/GetOrder"]}}]})");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return std::make_shared<const AuthzPolicy>(*std::move(policy));
}

Caller Checkout() {
  Caller caller;
  caller.authenticated = true;
  caller.uri_sans = {"spiffe://t/checkout"};
  caller.identity = "spiffe://t/checkout";
  return caller;
}

TEST(CallerGateTest, WithoutAPolicyEveryoneIsAdmittedAndNamed) {
  CallerGate gate("payments.v1.PaymentService");
  EXPECT_FALSE(gate.has_policy());
  CallerAdmission admission = gate.Admit(Checkout(), "RefundOrder", {});
  EXPECT_TRUE(admission.status.ok());
  EXPECT_EQ(admission.identity, "spiffe://t/checkout");
}

TEST(CallerGateTest, ThePolicyDecidesPerMethod) {
  const std::shared_ptr<const AuthzPolicy> policy = Policy();
  CallerGate gate("payments.v1.PaymentService", [policy] { return policy; });
  EXPECT_TRUE(gate.Admit(Checkout(), "GetOrder", {}).status.ok());

  CallerAdmission refund = gate.Admit(Checkout(), "RefundOrder", {});
  EXPECT_EQ(refund.status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(refund.status.message(),
              HasSubstr("spiffe://t/checkout may not call RefundOrder"));
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(refund.status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "CALLER_NOT_ALLOWED");
  EXPECT_EQ(info->domain(), "msp-gateway");
  EXPECT_EQ(info->metadata().at("method"), "RefundOrder");
  EXPECT_EQ(info->metadata().at("caller"), "spiffe://t/checkout");
  EXPECT_EQ(info->metadata().at("policy"), "test-policy");
  EXPECT_EQ(info->metadata().count("deny_rule"), 0u);

  CallerAdmission cancel = gate.Admit(Checkout(), "CancelOrder", {});
  EXPECT_EQ(cancel.status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(GetErrorInfo(cancel.status)->metadata().at("deny_rule"), "frozen");

  CallerAdmission anonymous = gate.Admit(Caller{}, "GetOrder", {});
  EXPECT_EQ(anonymous.status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(anonymous.status.message(),
              HasSubstr("a caller without a client certificate"));
}

TEST(CallerGateTest, ReadsThePolicyInForceAtEveryCall) {
  std::shared_ptr<const AuthzPolicy> policy = Policy();
  CallerGate gate("payments.v1.PaymentService", [&policy] { return policy; });
  EXPECT_TRUE(gate.Admit(Checkout(), "GetOrder", {}).status.ok());
  policy = std::make_shared<const AuthzPolicy>(
      *AuthzPolicy::Parse(R"({"name": "none",
        "allow_rules": [{"name": "x", "source": {"principals": ["nobody"]}}]})"));
  EXPECT_FALSE(gate.Admit(Checkout(), "GetOrder", {}).status.ok());
}

TEST(CallerOfTest, NoAuthContextIsAnUnauthenticatedCaller) {
  Caller caller = CallerOf(nullptr);
  EXPECT_FALSE(caller.authenticated);
  EXPECT_EQ(caller.identity, "");
}

}  // namespace
}  // namespace msp_gateway
