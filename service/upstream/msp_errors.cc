// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_errors.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/common/error_details.h"
#include "service/upstream/upstream_log.h"

namespace msp_gateway {
namespace {

using Metadata = std::vector<std::pair<std::string, std::string>>;

struct CodeInfo {
  int code;
  absl::StatusCode status;
  // Our own words for the code, used in the message instead of MultiSafepay's
  // error_info (which can carry personal data back to the caller).
  absl::string_view description;
};

// Codes whose gRPC code does not depend on the operation (1006 and 1032 are
// handled before this table is consulted). multisafepay-api.md §7.1.
constexpr CodeInfo kCodes[] = {
    {1000, absl::StatusCode::kNotFound, "Not found"},
    {1001, absl::StatusCode::kInvalidArgument, "Invalid amount"},
    {1002, absl::StatusCode::kInvalidArgument, "Invalid currency"},
    {1003, absl::StatusCode::kInternal, "Invalid account ID"},
    {1004, absl::StatusCode::kInternal, "Invalid website ID"},
    {1005, absl::StatusCode::kInternal, "Invalid security code"},
    {1007, absl::StatusCode::kInvalidArgument, "Invalid IP address"},
    {1008, absl::StatusCode::kInvalidArgument, "Invalid description"},
    {1010, absl::StatusCode::kInvalidArgument, "Invalid variable"},
    {1011, absl::StatusCode::kInternal, "Invalid customer account ID"},
    {1012, absl::StatusCode::kInternal, "Invalid customer security code"},
    {1013, absl::StatusCode::kInternal, "Invalid signature"},
    {1014, absl::StatusCode::kUnknown, "Unspecified error"},
    {1015, absl::StatusCode::kInternal, "Unknown account ID"},
    {1016, absl::StatusCode::kInvalidArgument, "Missing data"},
    {1017, absl::StatusCode::kFailedPrecondition, "Insufficient funds"},
    {1018, absl::StatusCode::kInvalidArgument, "Invalid country code"},
    {1019, absl::StatusCode::kFailedPrecondition, "Site is inactive"},
    {1020, absl::StatusCode::kFailedPrecondition, "Account is blocked"},
    {1021, absl::StatusCode::kFailedPrecondition, "Cannot create transaction"},
    {1022, absl::StatusCode::kFailedPrecondition,
     "Cannot initiate transaction"},
    {1023, absl::StatusCode::kFailedPrecondition,
     "No gateway (payment method) available"},
    {1024, absl::StatusCode::kFailedPrecondition, "Transaction declined"},
    {1025, absl::StatusCode::kInvalidArgument, "Multiple currencies in cart"},
    {1026, absl::StatusCode::kInvalidArgument,
     "Cart currency differs from order currency"},
    {1027, absl::StatusCode::kInvalidArgument,
     "Cart amount differs from order amount"},
    {1028, absl::StatusCode::kInvalidArgument, "Incorrect custom tax rate"},
    {1029, absl::StatusCode::kInvalidArgument, "Incorrect item tax rate"},
    {1030, absl::StatusCode::kInvalidArgument, "Incorrect item currency"},
    {1031, absl::StatusCode::kInvalidArgument, "Incorrect item price"},
    {1033, absl::StatusCode::kUnavailable, "Error fetching refund information"},
    {1034, absl::StatusCode::kFailedPrecondition, "Cannot refund transaction"},
    {1035, absl::StatusCode::kInternal, "Invalid signature"},
    {1036, absl::StatusCode::kInvalidArgument, "Invalid iDEAL issuer ID"},
    {5001, absl::StatusCode::kInvalidArgument, "Cart data not validated"},
    {9999, absl::StatusCode::kUnknown, "Unknown error"},
};

const CodeInfo* FindCode(int code) {
  for (const CodeInfo& info : kCodes) {
    if (info.code == code) return &info;
  }
  return nullptr;
}

absl::Status Build(absl::StatusCode code, absl::string_view message,
                   absl::string_view reason, const Metadata& metadata) {
  absl::Status status = WithErrorInfo(absl::Status(code, message), reason,
                                      kMspErrorDomain, metadata);
  if (code == absl::StatusCode::kUnavailable) {
    status = WithRetryInfo(std::move(status), kMspRetryDelay);
  }
  return status;
}

// The code for a failure without an error_code, by HTTP status.
absl::StatusCode CodeForHttpStatus(MspOperation op, int http_status) {
  switch (http_status) {
    case 400:
    case 413:  // The request is too large: it will never be accepted as is.
    case 414:
    case 422:
      return absl::StatusCode::kInvalidArgument;
    case 404:
    case 410:
      return absl::StatusCode::kNotFound;
    case 409:
      return op == MspOperation::kCreateOrder ? absl::StatusCode::kAlreadyExists
                                              : absl::StatusCode::kAborted;
    case 408:
    case 429:
      return absl::StatusCode::kUnavailable;
    default:
      // Any other 4xx: MultiSafepay refused this request, and sending it
      // again will not change that (issue 8: an empty 413 was retried).
      if (http_status >= 400 && http_status <= 499) {
        return absl::StatusCode::kFailedPrecondition;
      }
      return absl::StatusCode::kUnknown;
  }
}

Metadata BaseMetadata(absl::string_view endpoint, int http_status) {
  return {{"endpoint", std::string(endpoint)},
          {"http_status", absl::StrCat(http_status)}};
}

// MspErrorToStatus(), with `detail` (our own words, e.g. "empty body")
// added to the message of a failure without an error_code.
absl::Status MapFailure(MspOperation op, int http_status, int error_code,
                        absl::string_view error_info,
                        absl::string_view detail) {
  const absl::string_view endpoint = MspOperationEndpoint(op);
  Metadata metadata = BaseMetadata(endpoint, http_status);
  if (error_code != 0) {
    metadata.emplace_back("error_code", absl::StrCat(error_code));
  }
  const std::string reason = error_code != 0
                                 ? absl::StrCat("MSP_", error_code)
                                 : absl::StrCat("MSP_HTTP_", http_status);
  const CodeInfo* known = FindCode(error_code);

  // MultiSafepay's error_info goes to the log only, redacted. Not for key
  // failures: the text might echo the key, and they log their own line.
  const bool key_failure =
      error_code == 1032 || http_status == 401 || http_status == 403;
  if (!error_info.empty() && !key_failure) {
    Metadata fields = metadata;
    fields.emplace_back("error_info", RedactPersonalData(error_info));
    LogUpstream(UpstreamLogSeverity::kWarning, reason,
                absl::StrCat("MultiSafepay's error text for ", endpoint),
                fields);
  }

  // What MultiSafepay said, in our words: "Invalid amount (MSP 1001)",
  // "HTTP 413 (empty body)".
  std::string said;
  if (error_code != 0) {
    said =
        absl::StrCat(known != nullptr ? known->description : "unlisted error",
                     " (MSP ", error_code, ")");
  } else {
    said = absl::StrCat("HTTP ", http_status);
    if (!detail.empty()) absl::StrAppend(&said, " (", detail, ")");
  }

  if (http_status >= 500 && http_status <= 599) {
    return Build(
        absl::StatusCode::kUnavailable,
        absl::StrCat("MultiSafepay is unavailable (", endpoint,
                     " returned HTTP ", http_status, ")",
                     error_code != 0 ? ": " : "", error_code != 0 ? said : ""),
        reason, metadata);
  }
  if (error_code == 1032 || (error_code == 0 && http_status == 401)) {
    LogUpstreamError(reason, kMspInvalidApiKeyMessage,
                     BaseMetadata(endpoint, http_status));
    return Build(absl::StatusCode::kInternal, kMspInvalidApiKeyMessage, reason,
                 metadata);
  }
  if (error_code == 0 && http_status == 403) {
    constexpr absl::string_view kForbidden =
        "MultiSafepay refused the gateway's API key for this endpoint (HTTP "
        "403); check that MSP_API_KEY is a website API key for MSP_ENV";
    LogUpstreamError(reason, kForbidden, BaseMetadata(endpoint, http_status));
    return Build(absl::StatusCode::kInternal, kForbidden, reason, metadata);
  }
  if (error_code == 1006) {
    if (op == MspOperation::kCreateOrder) {
      return Build(absl::StatusCode::kAlreadyExists,
                   "order_id is already used by a MultiSafepay transaction "
                   "(MSP 1006)",
                   reason, metadata);
    }
    return Build(absl::StatusCode::kNotFound,
                 "MultiSafepay does not know this order (MSP 1006)", reason,
                 metadata);
  }

  const absl::StatusCode code = error_code == 0
                                    ? CodeForHttpStatus(op, http_status)
                                : known != nullptr ? known->status
                                                   : absl::StatusCode::kUnknown;
  return Build(code,
               absl::StrCat("MultiSafepay rejected ", endpoint, ": ", said),
               reason, metadata);
}

}  // namespace

absl::Status MspErrorToStatus(MspOperation op, int http_status, int error_code,
                              absl::string_view error_info) {
  return MapFailure(op, http_status, error_code, error_info, "");
}

absl::Status MspInvalidResponseError(MspOperation op, int http_status,
                                     absl::string_view content_type,
                                     absl::string_view problem) {
  // A 4xx or 5xx is a failure whatever its body: classify it by status, as a
  // JSON body without error_code would be. Above all a 4xx must not read as
  // retryable (issue 8: the emulator's empty 413 came back UNAVAILABLE).
  if (http_status >= 400 && http_status <= 599) {
    return MapFailure(op, http_status, 0, "", problem);
  }
  const absl::string_view endpoint = MspOperationEndpoint(op);
  Metadata metadata = BaseMetadata(endpoint, http_status);
  if (!content_type.empty()) {
    metadata.emplace_back("content_type",
                          RedactPersonalData(content_type, 100));
  }
  return Build(absl::StatusCode::kUnavailable,
               absl::StrCat("MultiSafepay sent an unusable response to ",
                            endpoint, " (HTTP ", http_status, "): ", problem),
               kMspReasonInvalidResponse, metadata);
}

}  // namespace msp_gateway
