// Copyright 2026 The msp-gateway Authors.
//
// File: settlement.h
//
// A spec's lookup and judge (unary_spec.h) with the response type erased:
// what the RPC edge and the background reconciler need to settle an
// ambiguous write of any method, the response already serialized.

#ifndef MSP_GATEWAY_SERVICE_RPC_SETTLEMENT_H_
#define MSP_GATEWAY_SERVICE_RPC_SETTLEMENT_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

struct Settlement {
  std::function<MspRequest(const LookupKey&)> lookup;
  // The verdict with the response serialized.
  std::function<absl::StatusOr<LookupVerdict<std::string>>(
      const LookupKey&, const absl::StatusOr<MspReply>&)>
      judge;

  // Whether the spec had both (else ambiguous outcomes cannot be settled).
  explicit operator bool() const { return lookup && judge; }
};

// The Settlement of `spec`; empty when it has no lookup or judge.
template <typename Spec>
Settlement SettlementOf(const Spec& spec) {
  Settlement settlement;
  if (spec.lookup == nullptr || spec.judge == nullptr) return settlement;
  settlement.lookup = spec.lookup;
  settlement.judge =
      [judge = spec.judge](const LookupKey& ids,
                           const absl::StatusOr<MspReply>& reply)
      -> absl::StatusOr<LookupVerdict<std::string>> {
    auto verdict = judge(ids, reply);
    if (!verdict.ok()) return verdict.status();
    LookupVerdict<std::string> erased;
    using Kind = typename LookupVerdict<std::string>::Kind;
    erased.kind = static_cast<Kind>(verdict->kind);
    if (erased.kind == Kind::kApplied &&
        !verdict->response.SerializeToString(&erased.response)) {
      return absl::InternalError("cannot serialize the looked-up response");
    }
    return erased;
  };
  return settlement;
}

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_RPC_SETTLEMENT_H_
