// Copyright 2026 The msp-gateway Authors.

#include "service/rpc/write_outcome.h"

#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "service/common/error_details.h"

namespace msp_gateway {
namespace {

std::optional<std::string> Metadata(const google::rpc::ErrorInfo& info,
                                    const std::string& name) {
  auto it = info.metadata().find(name);
  if (it == info.metadata().end()) return std::nullopt;
  return it->second;
}

}  // namespace

absl::string_view WriteOutcomeName(WriteOutcome outcome) {
  switch (outcome) {
    case WriteOutcome::kApplied:
      return "applied";
    case WriteOutcome::kNotSent:
      return "not_sent";
    case WriteOutcome::kRejected:
      return "rejected";
    case WriteOutcome::kAmbiguous:
      return "ambiguous";
  }
  return "ambiguous";
}

WriteOutcome ClassifyWriteOutcome(MspOperation operation,
                                  const absl::Status& status) {
  if (status.ok()) return WriteOutcome::kApplied;
  const std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  // Whatever we cannot read is treated as possibly applied: a wrong
  // "ambiguous" costs one lookup, a wrong "rejected" a second payment.
  if (!info.has_value()) return WriteOutcome::kAmbiguous;
  const std::optional<std::string> http = Metadata(*info, "http_status");
  if (!http.has_value()) {
    // No HTTP response: a transport failure. Only a request known not to
    // have left is safe to call "not sent".
    return Metadata(*info, "request_sent") == "false"
               ? WriteOutcome::kNotSent
               : WriteOutcome::kAmbiguous;
  }
  int http_status = 0;
  if (!absl::SimpleAtoi(*http, &http_status)) return WriteOutcome::kAmbiguous;
  if (http_status < 400 || http_status >= 500) {
    // 5xx: MultiSafepay failed, perhaps after storing the order. 2xx/3xx
    // here: a reply we could not read.
    return WriteOutcome::kAmbiguous;
  }
  // 1006 on a create is "this order_id exists": perhaps our own earlier
  // POST whose answer was lost, which a lookup tells apart.
  if (operation == MspOperation::kCreateOrder &&
      Metadata(*info, "error_code") == "1006") {
    return WriteOutcome::kAmbiguous;
  }
  // 409 without a code could be the same conflict.
  if (http_status == 409) return WriteOutcome::kAmbiguous;
  return WriteOutcome::kRejected;
}

}  // namespace msp_gateway
