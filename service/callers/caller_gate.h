// Copyright 2026 The msp-gateway Authors.
//
// File: caller_gate.h
//
// The first step of every PaymentService call: who is calling (the verified
// client certificate's names, from gRPC's auth context) and whether the
// authorization policy lets them call this method. A refused call is
// PERMISSION_DENIED with an ErrorInfo (CALLER_NOT_ALLOWED) and never gets
// further: nothing parsed, nothing claimed, nothing sent.

#ifndef MSP_GATEWAY_SERVICE_CALLERS_CALLER_GATE_H_
#define MSP_GATEWAY_SERVICE_CALLERS_CALLER_GATE_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/auth_context.h"
#include "grpcpp/server_context.h"
#include "service/callers/authz_policy.h"
#include "service/callers/caller.h"

namespace msp_gateway {

// The ErrorInfo reason of a call the policy refuses.
inline constexpr absl::string_view kCallerNotAllowed = "CALLER_NOT_ALLOWED";

// The names of the peer's verified client certificate; an unauthenticated
// caller (plaintext, TLS without a client certificate, `auth` nullptr).
Caller CallerOf(const grpc::AuthContext* auth);

// The call's metadata as (key, value) views into `context`.
CallMetadata CallMetadataOf(const grpc::ServerContextBase& context);

// One call's caller and the policy's answer.
struct CallerAdmission {
  std::string identity;  // Caller::identity; may be empty.
  absl::Status status;   // OK, or PERMISSION_DENIED (CALLER_NOT_ALLOWED).
};

class CallerGate {
 public:
  // The policy in force, read at every call (it may be reloaded).
  using PolicySource = std::function<std::shared_ptr<const AuthzPolicy>()>;

  // `service` is the full service name ("payments.v1.PaymentService");
  // without `policy` every caller may call every method (only who they are
  // is read).
  explicit CallerGate(std::string service, PolicySource policy = nullptr);

  // `method` is the method's simple name ("RefundOrder").
  CallerAdmission Admit(const grpc::ServerContextBase& context,
                        absl::string_view method) const;

  // The same decision from what a call carries (tests, the stream edge).
  CallerAdmission Admit(const Caller& caller, absl::string_view method,
                        const CallMetadata& metadata) const;

  bool has_policy() const { return policy_ != nullptr; }

 private:
  const std::string service_;
  const PolicySource policy_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_CALLERS_CALLER_GATE_H_
