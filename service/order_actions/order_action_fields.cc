// Copyright 2026 The msp-gateway Authors.

#include "service/order_actions/order_action_fields.h"

#include "absl/strings/str_cat.h"
#include "service/common/error_details.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {

void CheckOptionalOrderId(absl::string_view field, bool has,
                          absl::string_view value, Violations& v) {
  if (!has) return;
  if (value.empty()) {
    v.Add(field, absl::StrCat("must not be empty when set: leave it unset "
                              "or give 1 to ",
                              kMaxOrderIdChars, " characters"));
    return;
  }
  CheckOrderIdText(field, value, v);
}

absl::Status UntranslatableError(absl::string_view rpc, absl::string_view field,
                                 absl::string_view problem) {
  return InvalidArgumentError(
      absl::StrCat(rpc,
                   " request has a value with no MultiSafepay "
                   "equivalent"),
      {{std::string(field), std::string(problem)}});
}

absl::Status ReadActionReply(MspOperation op, const MspReply& reply,
                             absl::FunctionRef<void(const MspFields&)> read) {
  if (!reply.data.is_object()) {
    return MspInvalidResponseError(op, reply.http_status, "",
                                   "\"data\" is not an object");
  }
  std::string problem;
  read(MspFields(reply.data, "", problem));
  if (!problem.empty()) {
    return MspInvalidResponseError(op, reply.http_status, "", problem);
  }
  return absl::OkStatus();
}

std::string FirstNonEmpty(const std::string& a, const std::string& b,
                          const std::string& c) {
  if (!a.empty()) return a;
  if (!b.empty()) return b;
  return c;
}

}  // namespace msp_gateway
