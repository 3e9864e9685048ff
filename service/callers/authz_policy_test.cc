// Copyright 2026 The msp-gateway Authors.

#include "service/callers/authz_policy.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace msp_gateway {
namespace {

using ::testing::HasSubstr;

constexpr char kCheckout[] = "spiffe://cluster.local/ns/shop/sa/checkout";
constexpr char kBackOffice[] = "spiffe://cluster.local/ns/ops/sa/back-office";
constexpr char kService[] = "/payments.v1.PaymentService/";

constexpr char kPolicy[] = R"json({
  "name": "msp-gateway",
  "deny_rules": [
    {"name": "no-refunds-for-interns",
     "source": {"principals": ["spiffe://cluster.local/ns/ops/sa/intern-*"]},
     "request": {"paths": ["/payments.v1.PaymentService/RefundOrder"]}}
  ],
  "allow_rules": [
    {"name": "checkout",
     "source": {"principals": ["spiffe://cluster.local/ns/shop/sa/checkout"]},
     "request": {"paths": ["/payments.v1.PaymentService/CreateOrder",
                           "/payments.v1.PaymentService/GetOrder"]}},
    {"name": "back-office",
     "source": {"principals": ["spiffe://cluster.local/ns/ops/sa/*"]},
     "request": {"paths": ["/payments.v1.PaymentService/*"]}},
    {"name": "tenant-header",
     "source": {"principals": ["*.reports.svc"]},
     "request": {"paths": ["*/GetOrder"],
                 "headers": [{"key": "X-Tenant", "values": ["shop-*"]}]}}
  ]
})json";

Caller WithUri(const std::string& uri) {
  Caller caller;
  caller.authenticated = true;
  caller.uri_sans = {uri};
  caller.identity = uri;
  return caller;
}

AuthzPolicy ParsedPolicy() {
  absl::StatusOr<AuthzPolicy> policy = AuthzPolicy::Parse(kPolicy);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *std::move(policy) : AuthzPolicy();
}

AuthzDecision Decide(const AuthzPolicy& policy, const Caller& caller,
                     const std::string& method,
                     const CallMetadata& metadata = {}) {
  return policy.Evaluate(caller, absl::StrCat(kService, method), metadata);
}

TEST(AuthzPolicyTest, AllowsOnlyWhatARuleNames) {
  const AuthzPolicy policy = ParsedPolicy();
  EXPECT_EQ(policy.name(), "msp-gateway");
  EXPECT_EQ(policy.rule_count(), 4u);
  const Caller checkout = WithUri(kCheckout);
  AuthzDecision create = Decide(policy, checkout, "CreateOrder");
  EXPECT_TRUE(create.allowed);
  EXPECT_EQ(create.rule, "checkout");
  AuthzDecision refund = Decide(policy, checkout, "RefundOrder");
  EXPECT_FALSE(refund.allowed);
  EXPECT_EQ(refund.rule, "");
  EXPECT_TRUE(Decide(policy, WithUri(kBackOffice), "RefundOrder").allowed);
  EXPECT_FALSE(Decide(policy,
                      WithUri("spiffe://cluster.local/ns/shop/sa/other"),
                      "GetOrder")
                   .allowed);
}

TEST(AuthzPolicyTest, ADenyRuleWinsOverAnAllowRule) {
  const AuthzPolicy policy = ParsedPolicy();
  const Caller intern = WithUri("spiffe://cluster.local/ns/ops/sa/intern-1");
  AuthzDecision refund = Decide(policy, intern, "RefundOrder");
  EXPECT_FALSE(refund.allowed);
  EXPECT_EQ(refund.rule, "no-refunds-for-interns");
  EXPECT_TRUE(Decide(policy, intern, "GetOrder").allowed);
}

TEST(AuthzPolicyTest, ACallerWithoutACertificateMatchesNoPrincipal) {
  const AuthzPolicy policy = ParsedPolicy();
  Caller anonymous;
  EXPECT_FALSE(Decide(policy, anonymous, "GetOrder").allowed);
  // Not even the names it might claim: only a verified certificate counts.
  anonymous.uri_sans = {kBackOffice};
  EXPECT_FALSE(Decide(policy, anonymous, "GetOrder").allowed);
}

TEST(AuthzPolicyTest, UriSansHideDnsSansAsInGrpc) {
  const AuthzPolicy policy = ParsedPolicy();
  Caller dns;
  dns.authenticated = true;
  dns.dns_sans = {"api.reports.svc"};
  const CallMetadata tenant = {{"x-tenant", "shop-7"}};
  EXPECT_TRUE(Decide(policy, dns, "GetOrder", tenant).allowed);
  dns.uri_sans = {"urn:other"};
  EXPECT_FALSE(Decide(policy, dns, "GetOrder", tenant).allowed);
}

TEST(AuthzPolicyTest, HeadersMustMatch) {
  const AuthzPolicy policy = ParsedPolicy();
  Caller reports;
  reports.authenticated = true;
  reports.dns_sans = {"api.reports.svc"};
  EXPECT_FALSE(Decide(policy, reports, "GetOrder").allowed);
  EXPECT_FALSE(
      Decide(policy, reports, "GetOrder", {{"x-tenant", "other"}}).allowed);
  // Repeated values are joined with "," before matching, as gRPC does.
  EXPECT_TRUE(Decide(policy, reports, "GetOrder",
                     {{"x-tenant", "shop-1"}, {"x-tenant", "x"}})
                  .allowed);
}

TEST(AuthzPolicyTest, SubjectCountsWithoutSans) {
  absl::StatusOr<AuthzPolicy> policy = AuthzPolicy::Parse(R"({
    "name": "p", "allow_rules": [{"name": "cn", "source": {"principals": ["CN=ops*"]}}]})");
  ASSERT_TRUE(policy.ok()) << policy.status();
  Caller caller;
  caller.authenticated = true;
  caller.subject = "CN=ops-tool,O=shop";
  EXPECT_TRUE(policy->Evaluate(caller, "/a.B/C", {}).allowed);
}

TEST(AuthzPolicyTest, ARuleWithoutSourceMatchesEveryCaller) {
  absl::StatusOr<AuthzPolicy> policy = AuthzPolicy::Parse(R"({
    "name": "p", "allow_rules": [{"name": "health",
      "request": {"paths": ["/grpc.health.v1.Health/*"]}}]})");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_TRUE(
      policy->Evaluate(Caller{}, "/grpc.health.v1.Health/Check", {}).allowed);
  EXPECT_FALSE(policy->Evaluate(Caller{}, "/a.B/C", {}).allowed);
}

TEST(StringPatternTest, ExactPrefixSuffixAndAny) {
  EXPECT_TRUE(StringPattern::Of("abc").Matches("abc"));
  EXPECT_FALSE(StringPattern::Of("abc").Matches("abcd"));
  EXPECT_TRUE(StringPattern::Of("ab*").Matches("abcd"));
  EXPECT_FALSE(StringPattern::Of("ab*").Matches("xab"));
  EXPECT_TRUE(StringPattern::Of("*cd").Matches("abcd"));
  EXPECT_FALSE(StringPattern::Of("*cd").Matches("cde"));
  EXPECT_TRUE(StringPattern::Of("*").Matches("x"));
  EXPECT_FALSE(StringPattern::Of("*").Matches(""));
}

struct BadPolicy {
  const char* json;
  const char* message;
};

class AuthzPolicyParseTest : public ::testing::TestWithParam<BadPolicy> {};

TEST_P(AuthzPolicyParseTest, RefusesWithTheFieldAtFault) {
  absl::StatusOr<AuthzPolicy> policy = AuthzPolicy::Parse(GetParam().json);
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(policy.status().message(), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Policies, AuthzPolicyParseTest,
    ::testing::Values(
        BadPolicy{"{", "not valid JSON"},
        BadPolicy{"[]", "must be a JSON object"},
        BadPolicy{R"({"allow_rules": [{"name": "a"}]})", "name: must be"},
        BadPolicy{R"({"name": "p"})", "allow_rules: is required"},
        BadPolicy{R"({"name": "p", "allow_rules": []})", "must not be empty"},
        BadPolicy{R"({"name": "p", "allow_rules": [{"name": "a"}], "x": 1})",
                  "unknown field \"x\""},
        BadPolicy{R"({"name": "p", "allow_rules": [{"name": "a",
                    "source": {"principal": ["*"]}}]})",
                  "allow_rules[0].source: unknown field \"principal\""},
        BadPolicy{R"({"name": "p", "allow_rules": [{"source": {}}]})",
                  "allow_rules[0].name"},
        BadPolicy{R"({"name": "p", "allow_rules": [{"name": "a",
                    "request": {"paths": ["/x", 3]}}]})",
                  "allow_rules[0].request.paths[1]: must be a string"},
        BadPolicy{R"({"name": "p", "allow_rules": [{"name": "a",
                    "request": {"headers": [{"key": ":path", "values": ["x"]}]}}]})",
                  "reserved by gRPC"},
        BadPolicy{R"({"name": "p", "allow_rules": [{"name": "a",
                    "request": {"headers": [{"key": "grpc-timeout", "values": ["x"]}]}}]})",
                  "reserved by gRPC"},
        BadPolicy{R"({"name": "p", "allow_rules": [{"name": "a",
                    "request": {"headers": [{"key": "x-a", "values": []}]}}]})",
                  "values: must be a non-empty array"},
        BadPolicy{
            R"({"name": "p", "deny_rules": {}, "allow_rules": [{"name": "a"}]})",
            "deny_rules: must be an array"}));

TEST(AuthzPolicyParseBoundsTest, RefusesDeepAndHugeFiles) {
  const std::string deep =
      absl::StrCat(std::string(100, '['), std::string(100, ']'));
  EXPECT_THAT(AuthzPolicy::Parse(deep).status().message(),
              HasSubstr("nested deeper"));
  // Brackets inside strings do not count.
  EXPECT_TRUE(
      AuthzPolicy::Parse(absl::StrCat(R"({"name": ")", std::string(100, '['),
                                      R"(", "allow_rules": [{"name": "a"}]})"))
          .ok());
  const std::string huge(AuthzPolicy::kMaxPolicyBytes + 1, ' ');
  EXPECT_THAT(AuthzPolicy::Parse(huge).status().message(), HasSubstr("bytes"));
}

}  // namespace
}  // namespace msp_gateway
