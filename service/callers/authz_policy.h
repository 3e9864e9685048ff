// Copyright 2026 The msp-gateway Authors.
//
// File: authz_policy.h
//
// A gRPC authorization policy (the JSON of gRPC's "SDK authorization
// policy", grpc/proposal A43, as gRPC's FileWatcherAuthorizationPolicyProvider
// reads it) and its evaluation. Debian 12's gRPC 1.51 ships the engine but
// not the policy translator nor the providers (no
// grpc_authorization_policy_provider_*_create in libgrpc), so the gateway
// reads the same file format and answers the same way itself:
//
//   {"name": "msp-gateway",
//    "deny_rules":  [ ...rules... ],           (optional)
//    "allow_rules": [                          (required)
//      {"name": "checkout",
//       "source":  {"principals":
//       ["spiffe://cluster.local/ns/shop/sa/checkout"]}, "request": {"paths":
//       ["/payments.v1.PaymentService/CreateOrder"],
//                   "headers": [{"key": "x-tenant", "values": ["shop-*"]}]}}]}
//
// A call matching any deny rule is denied; otherwise a call matching any
// allow rule is allowed; otherwise denied. Within a rule, every field given
// must match (principals: any one of them; paths: any one; headers: every
// header, each with any one of its values); an absent field matches
// anything. Strings match exactly, "abc*" by prefix, "*abc" by suffix, and
// "*" any non-empty value. A principal matches a caller with a verified
// client certificate when it matches one of its URI SANs, else one of its
// DNS SANs, else its subject; a caller without one never matches a rule
// that names principals. Pure: no I/O.

#ifndef MSP_GATEWAY_SERVICE_CALLERS_AUTHZ_POLICY_H_
#define MSP_GATEWAY_SERVICE_CALLERS_AUTHZ_POLICY_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/callers/caller.h"

namespace msp_gateway {

// One pattern of a rule: exact, prefix ("abc*"), suffix ("*abc") or any
// non-empty value ("*").
class StringPattern {
 public:
  static StringPattern Of(absl::string_view text);
  bool Matches(absl::string_view value) const;

 private:
  enum class Kind { kExact, kPrefix, kSuffix, kAny };
  Kind kind_ = Kind::kExact;
  std::string text_;
};

struct AuthzHeaderRule {
  std::string key;  // Lower case.
  std::vector<StringPattern> values;
};

struct AuthzRule {
  std::string name;
  // Empty: any caller, with or without a certificate.
  std::vector<StringPattern> principals;
  bool has_principals = false;
  std::vector<StringPattern> paths;  // Empty: any method.
  std::vector<AuthzHeaderRule> headers;
};

// What the policy says of one call.
struct AuthzDecision {
  bool allowed = false;
  // The rule that decided ("" when no rule matched: denied by default).
  std::string rule;
};

// The metadata of a call, as (lower-case key, value) pairs.
using CallMetadata =
    std::vector<std::pair<absl::string_view, absl::string_view>>;

class AuthzPolicy {
 public:
  // Parses a policy file's text (at most kMaxPolicyBytes). Fails with
  // INVALID_ARGUMENT naming the field at fault: unknown fields, a missing
  // name, no allow_rules, a header key gRPC reserves (":path", "host",
  // "grpc-*").
  static absl::StatusOr<AuthzPolicy> Parse(absl::string_view json);

  static constexpr size_t kMaxPolicyBytes = 1 << 20;

  // `full_method` is "/package.Service/Method".
  AuthzDecision Evaluate(const Caller& caller, absl::string_view full_method,
                         const CallMetadata& metadata) const;

  const std::string& name() const { return name_; }
  size_t rule_count() const { return deny_.size() + allow_.size(); }

 private:
  std::string name_;
  std::vector<AuthzRule> deny_;
  std::vector<AuthzRule> allow_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CALLERS_AUTHZ_POLICY_H_
