// Copyright 2026 The msp-gateway Authors.

#include "service/callers/caller_gate.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpc/grpc_security_constants.h"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace {

std::vector<std::string> Values(const grpc::AuthContext& auth,
                                const char* property) {
  std::vector<std::string> values;
  for (const grpc::string_ref& value : auth.FindPropertyValues(property)) {
    values.emplace_back(value.data(), value.size());
  }
  return values;
}

}  // namespace

Caller CallerOf(const grpc::AuthContext* auth) {
  Caller caller;
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return caller;
  // Without a verified certificate the SSL handshake sets no peer identity,
  // so IsPeerAuthenticated() is false then (client_auth=optional).
  caller.authenticated = true;
  caller.uri_sans = Values(*auth, GRPC_PEER_URI_PROPERTY_NAME);
  caller.dns_sans = Values(*auth, GRPC_PEER_DNS_PROPERTY_NAME);
  std::vector<std::string> subject =
      Values(*auth, GRPC_X509_SUBJECT_PROPERTY_NAME);
  if (!subject.empty()) caller.subject = subject.front();
  caller.identity = IdentityOf(caller);
  return caller;
}

CallMetadata CallMetadataOf(const grpc::ServerContextBase& context) {
  CallMetadata metadata;
  for (const auto& [key, value] : context.client_metadata()) {
    metadata.emplace_back(absl::string_view(key.data(), key.size()),
                          absl::string_view(value.data(), value.size()));
  }
  return metadata;
}

CallerGate::CallerGate(std::string service, PolicySource policy)
    : service_(std::move(service)), policy_(std::move(policy)) {}

CallerAdmission CallerGate::Admit(const grpc::ServerContextBase& context,
                                  absl::string_view method) const {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  const Caller caller = CallerOf(auth.get());
  if (policy_ == nullptr) return CallerAdmission{caller.identity, {}};
  return Admit(caller, method, CallMetadataOf(context));
}

CallerAdmission CallerGate::Admit(const Caller& caller,
                                  absl::string_view method,
                                  const CallMetadata& metadata) const {
  CallerAdmission admission{caller.identity, {}};
  if (policy_ == nullptr) return admission;
  const std::shared_ptr<const AuthzPolicy> policy = policy_();
  if (policy == nullptr) return admission;
  const std::string full_method = absl::StrCat("/", service_, "/", method);
  const AuthzDecision decision =
      policy->Evaluate(caller, full_method, metadata);
  if (decision.allowed) return admission;
  const absl::string_view who =
      caller.identity.empty()
          ? (caller.authenticated ? "a caller with an unnamed certificate"
                                  : "a caller without a client certificate")
          : absl::string_view(caller.identity);
  std::vector<std::pair<std::string, std::string>> metadata_out = {
      {"method", std::string(method)},
      {"caller", caller.identity},
      {"policy", policy->name()}};
  if (!decision.rule.empty())
    metadata_out.push_back({"deny_rule", decision.rule});
  admission.status = WithErrorInfo(
      absl::PermissionDeniedError(absl::StrCat(
          who, " may not call ", method, " (authorization policy \"",
          policy->name(), "\"",
          decision.rule.empty()
              ? ": no allow rule matches"
              : absl::StrCat(": deny rule \"", decision.rule, "\""),
          ")")),
      kCallerNotAllowed, kGatewayErrorDomain, metadata_out);
  return admission;
}

}  // namespace msp_gateway
