// Copyright 2026 The msp-gateway Authors.
//
// File: error_details.h
//
// Rich error details (google.rpc.BadRequest, ErrorInfo, RetryInfo) carried on
// absl::Status as payloads keyed by their type URL. Pure logic attaches them;
// the RPC edge (grpc_status.h) packs every payload into google.rpc.Status
// details, so grpcurl and the client library can show them.

#ifndef MSP_GATEWAY_SERVICE_COMMON_ERROR_DETAILS_H_
#define MSP_GATEWAY_SERVICE_COMMON_ERROR_DETAILS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"

namespace msp_gateway {

// The ErrorInfo domain of every error that comes from MultiSafepay.
inline constexpr absl::string_view kMspErrorDomain = "multisafepay.com";
// The ErrorInfo domain of errors raised by the gateway itself.
inline constexpr absl::string_view kGatewayErrorDomain = "msp-gateway";

// One invalid field: `field` is the request path (`customer.first_name`).
struct FieldViolation {
  std::string field;
  std::string description;

  friend bool operator==(const FieldViolation& a, const FieldViolation& b) {
    return a.field == b.field && a.description == b.description;
  }
};

// The ErrorInfo reason of a request the gateway refused field by field.
inline constexpr absl::string_view kInvalidFields = "INVALID_FIELDS";
// At most this many field paths go into ErrorInfo's `fields` (the
// BadRequest lists them all).
inline constexpr size_t kMaxErrorInfoFields = 10;

// Returns INVALID_ARGUMENT with `message`, a google.rpc.BadRequest listing
// every violation, in order, and an ErrorInfo INVALID_FIELDS in the
// gateway's domain (metadata: `request_sent=false`, `field_count`, and
// `fields`, the first kMaxErrorInfoFields paths joined by ","), so a caller
// that switches on reasons needs no special case. An error that MultiSafepay
// raised replaces the ErrorInfo with its own (WithErrorInfo()).
absl::Status InvalidArgumentError(
    absl::string_view message, const std::vector<FieldViolation>& violations);

// Returns `status` with a google.rpc.ErrorInfo attached (replacing any earlier
// one). REQUIRES: !status.ok().
absl::Status WithErrorInfo(
    absl::Status status, absl::string_view reason, absl::string_view domain,
    const std::vector<std::pair<std::string, std::string>>& metadata = {});

// Returns `status` with a google.rpc.RetryInfo suggesting `delay`.
absl::Status WithRetryInfo(absl::Status status, absl::Duration delay);

// Decoders, for tests and logging. Each returns nullopt when absent.
std::optional<google::rpc::BadRequest> GetBadRequest(
    const absl::Status& status);
std::optional<google::rpc::ErrorInfo> GetErrorInfo(const absl::Status& status);
std::optional<google::rpc::RetryInfo> GetRetryInfo(const absl::Status& status);

// The field violations of `status` as plain structs (empty when none).
std::vector<FieldViolation> GetFieldViolations(const absl::Status& status);

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_COMMON_ERROR_DETAILS_H_
