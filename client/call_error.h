// Copyright 2026 The msp-gateway Authors.
//
// File: call_error.h
//
// A failed call, decoded. The gateway answers errors with a canonical gRPC
// code plus google.rpc details (BadRequest field violations, ErrorInfo,
// RetryInfo). PaymentClient returns them as an absl::Status whose payload
// kRpcStatusTypeUrl holds the serialized google.rpc.Status; CallError turns
// that into plain structs, so callers never parse bytes.
//
// Example:
//
//   absl::StatusOr<CreateOrderResponse> r = client->CreateOrder(request);
//   if (!r.ok()) {
//     CallError error = CallError::FromStatus(r.status());
//     for (const FieldViolation& v : error.field_violations) {
//       form.MarkInvalid(v.field, v.description);
//     }
//     if (error.error_info && error.error_info->reason == "MSP_1006") ...
//   }

#ifndef MSP_GATEWAY_CLIENT_CALL_ERROR_H_
#define MSP_GATEWAY_CLIENT_CALL_ERROR_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace payments_client {

// The absl::Status payload key under which a call's serialized
// google.rpc.Status (with all its details) is kept.
inline constexpr absl::string_view kRpcStatusTypeUrl =
    "type.googleapis.com/google.rpc.Status";

// The ErrorInfo domain of errors that MultiSafepay returned (reason
// `MSP_<error_code>`, e.g. `MSP_1006`).
inline constexpr absl::string_view kMultiSafepayErrorDomain =
    "multisafepay.com";

// FieldViolation
//
// One invalid request field (google.rpc.BadRequest.FieldViolation). `field`
// is the request path, e.g. `customer.first_name`.
struct FieldViolation {
  std::string field;
  std::string description;

  friend bool operator==(const FieldViolation& a, const FieldViolation& b) {
    return a.field == b.field && a.description == b.description;
  }
  friend bool operator!=(const FieldViolation& a, const FieldViolation& b) {
    return !(a == b);
  }
};

// ErrorInfo
//
// Why the call failed, machine-readable (google.rpc.ErrorInfo).
struct ErrorInfo {
  std::string reason;  // UPPER_SNAKE, e.g. "MSP_1006".
  std::string domain;  // e.g. "multisafepay.com".
  std::map<std::string, std::string> metadata;

  friend bool operator==(const ErrorInfo& a, const ErrorInfo& b) {
    return a.reason == b.reason && a.domain == b.domain &&
           a.metadata == b.metadata;
  }
  friend bool operator!=(const ErrorInfo& a, const ErrorInfo& b) {
    return !(a == b);
  }
};

// CallError
//
// The decoded form of a failed call's status. A value type: tests can also
// build one and turn it into a status with ToStatus() (e.g. to program the
// fake server or a mock).
struct CallError {
  // CallError::FromStatus()
  //
  // Decodes `status`: code, message and the details found in the
  // kRpcStatusTypeUrl payload. Also reads details kept as individual payloads
  // keyed by their own type URL (`type.googleapis.com/google.rpc.BadRequest`,
  // ...). Undecodable payloads are skipped. An OK status gives code kOk and
  // nothing else.
  static CallError FromStatus(const absl::Status& status);

  // CallError::ToStatus()
  //
  // The inverse: an absl::Status with `code`, `message` and a
  // kRpcStatusTypeUrl payload holding every detail set here.
  absl::Status ToStatus() const;

  // CallError::FindViolation()
  //
  // The first violation of `field`, or nullptr.
  const FieldViolation* FindViolation(absl::string_view field) const;

  // CallError::ToString()
  //
  // One line for logs, e.g.
  // `INVALID_ARGUMENT: invalid order [order_id: required; amount: must be >
  // 0]`. Field descriptions never contain personal data; metadata values
  // are not printed.
  std::string ToString() const;

  absl::StatusCode code = absl::StatusCode::kUnknown;
  std::string message;
  // google.rpc.BadRequest, in the order the server listed them.
  std::vector<FieldViolation> field_violations;
  // google.rpc.ErrorInfo, when the server sent one.
  std::optional<ErrorInfo> error_info;
  // google.rpc.RetryInfo: how long the server asks the caller to wait before
  // trying again.
  std::optional<absl::Duration> retry_delay;
};

}  // namespace payments_client

#endif  // MSP_GATEWAY_CLIENT_CALL_ERROR_H_
