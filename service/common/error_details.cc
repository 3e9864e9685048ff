// Copyright 2026 The msp-gateway Authors.

#include "service/common/error_details.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace msp_gateway {
namespace {

template <typename Message>
std::string TypeUrl() {
  return absl::StrCat("type.googleapis.com/",
                      Message::descriptor()->full_name());
}

template <typename Message>
absl::Status WithPayload(absl::Status status, const Message& message) {
  status.SetPayload(TypeUrl<Message>(),
                    absl::Cord(message.SerializeAsString()));
  return status;
}

template <typename Message>
std::optional<Message> GetPayload(const absl::Status& status) {
  auto payload = status.GetPayload(TypeUrl<Message>());
  if (!payload.has_value()) return std::nullopt;
  Message message;
  if (!message.ParseFromString(std::string(*payload))) return std::nullopt;
  return message;
}

}  // namespace

absl::Status InvalidArgumentError(
    absl::string_view message, const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad_request;
  for (const FieldViolation& v : violations) {
    google::rpc::BadRequest::FieldViolation* out =
        bad_request.add_field_violations();
    out->set_field(v.field);
    out->set_description(v.description);
  }
  std::string fields;
  for (size_t i = 0; i < violations.size() && i < kMaxErrorInfoFields; ++i) {
    absl::StrAppend(&fields, i == 0 ? "" : ",", violations[i].field);
  }
  return WithErrorInfo(
      WithPayload(absl::InvalidArgumentError(message), bad_request),
      kInvalidFields, kGatewayErrorDomain,
      {{"request_sent", "false"},
       {"field_count", absl::StrCat(violations.size())},
       {"fields", std::move(fields)}});
}

absl::Status WithErrorInfo(
    absl::Status status, absl::string_view reason, absl::string_view domain,
    const std::vector<std::pair<std::string, std::string>>& metadata) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(std::string(domain));
  for (const auto& [key, value] : metadata) {
    (*info.mutable_metadata())[key] = value;
  }
  return WithPayload(std::move(status), info);
}

absl::Status WithRetryInfo(absl::Status status, absl::Duration delay) {
  google::rpc::RetryInfo info;
  const int64_t nanos = absl::ToInt64Nanoseconds(delay);
  info.mutable_retry_delay()->set_seconds(nanos / 1000000000);
  info.mutable_retry_delay()->set_nanos(
      static_cast<int32_t>(nanos % 1000000000));
  return WithPayload(std::move(status), info);
}

std::optional<google::rpc::BadRequest> GetBadRequest(
    const absl::Status& status) {
  return GetPayload<google::rpc::BadRequest>(status);
}

std::optional<google::rpc::ErrorInfo> GetErrorInfo(const absl::Status& status) {
  return GetPayload<google::rpc::ErrorInfo>(status);
}

std::optional<google::rpc::RetryInfo> GetRetryInfo(const absl::Status& status) {
  return GetPayload<google::rpc::RetryInfo>(status);
}

std::vector<FieldViolation> GetFieldViolations(const absl::Status& status) {
  std::vector<FieldViolation> out;
  if (std::optional<google::rpc::BadRequest> br = GetBadRequest(status)) {
    for (const auto& v : br->field_violations()) {
      out.push_back({v.field(), v.description()});
    }
  }
  return out;
}

}  // namespace msp_gateway
