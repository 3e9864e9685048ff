// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_envelope.h"

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "service/common/error_details.h"
#include "service/msp_json/exact_json.h"
#include "service/upstream/msp_errors.h"
#include "service/upstream/upstream_log.h"

namespace msp_gateway {
namespace {

using json = nlohmann::json;

// `success` as sent by MultiSafepay or anything imitating it.
std::optional<bool> LenientBool(const json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_number_integer() || value->is_number_unsigned()) {
    return value->get<int64_t>() != 0;
  }
  if (value->is_string()) {
    const std::string text = absl::AsciiStrToLower(
        absl::StripAsciiWhitespace(value->get_ref<const std::string&>()));
    if (text == "true" || text == "1") return true;
    if (text == "false" || text == "0") return false;
  }
  return std::nullopt;
}

int ErrorCode(const json& body) {
  std::optional<int64_t> code = JsonInt(body, "error_code");
  if (!code.has_value() || *code <= 0 ||
      *code > std::numeric_limits<int>::max()) {
    return 0;
  }
  return static_cast<int>(*code);
}

std::string ErrorInfo(const json& body) {
  if (std::optional<std::string> info = JsonString(body, "error_info")) {
    return *info;
  }
  return JsonString(body, "message").value_or("");
}

// The 422 validation shape: {"errors": [{"attribute", "message", ...}]}.
// Attribute names are kept (the caller needs to know which field), but both
// are text from outside: redacted like error_info and bounded, and only the
// first kMaxMspFieldViolations are taken.
std::vector<FieldViolation> Violations(const json& body) {
  constexpr size_t kMaxViolationTextBytes = 100;
  std::vector<FieldViolation> out;
  const json* errors = JsonMember(body, "errors");
  if (errors == nullptr || !errors->is_array()) return out;
  for (const json& error : *errors) {
    if (out.size() == kMaxMspFieldViolations) break;
    std::optional<std::string> message = JsonString(error, "message");
    if (!message.has_value()) message = JsonString(error, "details");
    out.push_back(
        {RedactPersonalData(JsonString(error, "attribute").value_or(""),
                            kMaxViolationTextBytes),
         RedactPersonalData(message.value_or("invalid"),
                            kMaxViolationTextBytes)});
  }
  return out;
}

absl::Status Failure(MspOperation op, int http_status, const json& body) {
  // error_info goes to MspErrorToStatus() only to be logged (redacted); the
  // status carries our own text.
  absl::Status status =
      MspErrorToStatus(op, http_status, ErrorCode(body), ErrorInfo(body));
  std::vector<FieldViolation> violations = Violations(body);
  if (status.code() != absl::StatusCode::kInvalidArgument ||
      violations.empty()) {
    return status;
  }
  // Rebuild with the field violations, keeping the ErrorInfo.
  absl::Status with_violations =
      InvalidArgumentError(status.message(), violations);
  if (std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status)) {
    std::vector<std::pair<std::string, std::string>> metadata(
        info->metadata().begin(), info->metadata().end());
    with_violations = WithErrorInfo(std::move(with_violations), info->reason(),
                                    info->domain(), metadata);
  }
  return with_violations;
}

}  // namespace

absl::StatusOr<json> ParseEnvelope(
    MspOperation op, const HttpResponse& response, JsonNumbers numbers,
    const JsonLimits& limits, absl::Span<const absl::string_view> data_fields) {
  auto invalid = [&](absl::string_view problem) {
    return MspInvalidResponseError(op, response.status, response.content_type,
                                   problem);
  };
  if (response.body.empty()) return invalid("empty body");
  // Bounded in depth and size while parsing (issue 8: a 15,000-deep reply
  // crashed the process when its tree was copied).
  // A failure's members (error_code, errors, ...) are outside "data", so
  // the filter never hides them.
  const JsonMemberFilter filter = {"data", data_fields};
  absl::StatusOr<json> parsed = ParseBoundedJson(
      response.body, numbers, limits, data_fields.empty() ? nullptr : &filter);
  if (!parsed.ok()) {
    return invalid(absl::StrCat("body is ", parsed.status().message()));
  }
  json& body = *parsed;
  if (!body.is_object()) return invalid("body is not a JSON object");
  const bool http_ok = response.status >= 200 && response.status <= 299;
  if (!http_ok) return Failure(op, response.status, body);

  json* data = nullptr;
  if (auto it = body.find("data"); it != body.end()) data = &*it;
  const json* success_member = JsonMember(body, "success");
  if (success_member != nullptr && success_member->is_null()) {
    success_member = nullptr;  // "success": null reads as absent.
  }
  const std::optional<bool> success = LenientBool(success_member);
  if (success_member != nullptr && !success.has_value()) {
    return invalid("\"success\" is not a boolean");
  }
  // `data` is moved out of `body`, which dies here: copying a tree costs a
  // recursion per level and an allocation per node.
  if (success.has_value()) {
    if (!*success) return Failure(op, response.status, body);
    return data == nullptr ? json() : std::move(*data);
  }
  if (data != nullptr && (data->is_object() || data->is_array())) {
    return std::move(*data);
  }
  return invalid("neither \"success\" nor \"data\"");
}

}  // namespace msp_gateway
