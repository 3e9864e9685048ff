// Copyright 2026 The msp-gateway Authors.

#include "client/call_error.h"

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/optional.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/duration.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace payments_client {
namespace {

constexpr absl::string_view kTypeUrlPrefix = "type.googleapis.com/";

template <typename Message>
std::string TypeUrl() {
  return absl::StrCat(kTypeUrlPrefix, Message::descriptor()->full_name());
}

absl::Duration FromProtoDuration(const google::protobuf::Duration& d) {
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

void ToProtoDuration(absl::Duration d, google::protobuf::Duration* out) {
  const int64_t seconds = absl::IDivDuration(d, absl::Seconds(1), &d);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(d)));
}

// Merges one detail message (identified by its type URL) into `error`.
// Unknown types and undecodable bytes are ignored.
void MergeDetail(absl::string_view type_url, const std::string& value,
                 CallError& error) {
  if (type_url == TypeUrl<google::rpc::BadRequest>()) {
    google::rpc::BadRequest bad_request;
    if (!bad_request.ParseFromString(value)) return;
    for (const auto& v : bad_request.field_violations()) {
      error.field_violations.push_back({v.field(), v.description()});
    }
  } else if (type_url == TypeUrl<google::rpc::ErrorInfo>()) {
    google::rpc::ErrorInfo info;
    if (!info.ParseFromString(value)) return;
    ErrorInfo out;
    out.reason = info.reason();
    out.domain = info.domain();
    out.metadata.insert(info.metadata().begin(), info.metadata().end());
    error.error_info = std::move(out);
  } else if (type_url == TypeUrl<google::rpc::RetryInfo>()) {
    google::rpc::RetryInfo info;
    if (!info.ParseFromString(value)) return;
    error.retry_delay = FromProtoDuration(info.retry_delay());
  }
}

}  // namespace

CallError CallError::FromStatus(const absl::Status& status) {
  CallError error;
  error.code = status.code();
  error.message = std::string(status.message());
  if (status.ok()) return error;

  if (absl::optional<absl::Cord> payload =
          status.GetPayload(kRpcStatusTypeUrl)) {
    google::rpc::Status rpc_status;
    if (rpc_status.ParseFromString(std::string(*payload))) {
      for (const google::protobuf::Any& any : rpc_status.details()) {
        MergeDetail(any.type_url(), any.value(), error);
      }
    }
  }
  // Details kept as separate payloads (the server's internal convention).
  // Only used when the google.rpc.Status payload did not carry that kind.
  CallError loose;
  status.ForEachPayload(
      [&loose](absl::string_view type_url, const absl::Cord& payload) {
        if (type_url != kRpcStatusTypeUrl) {
          MergeDetail(type_url, std::string(payload), loose);
        }
      });
  if (error.field_violations.empty()) {
    error.field_violations = std::move(loose.field_violations);
  }
  if (!error.error_info) error.error_info = std::move(loose.error_info);
  if (!error.retry_delay) error.retry_delay = loose.retry_delay;
  return error;
}

absl::Status CallError::ToStatus() const {
  if (code == absl::StatusCode::kOk) return absl::OkStatus();
  absl::Status status(code, message);
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(code));
  rpc_status.set_message(message);
  if (!field_violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const FieldViolation& v : field_violations) {
      google::rpc::BadRequest::FieldViolation* out =
          bad_request.add_field_violations();
      out->set_field(v.field);
      out->set_description(v.description);
    }
    rpc_status.add_details()->PackFrom(bad_request);
  }
  if (error_info) {
    google::rpc::ErrorInfo info;
    info.set_reason(error_info->reason);
    info.set_domain(error_info->domain);
    info.mutable_metadata()->insert(error_info->metadata.begin(),
                                    error_info->metadata.end());
    rpc_status.add_details()->PackFrom(info);
  }
  if (retry_delay) {
    google::rpc::RetryInfo info;
    ToProtoDuration(*retry_delay, info.mutable_retry_delay());
    rpc_status.add_details()->PackFrom(info);
  }
  status.SetPayload(kRpcStatusTypeUrl,
                    absl::Cord(rpc_status.SerializeAsString()));
  return status;
}

const FieldViolation* CallError::FindViolation(absl::string_view field) const {
  for (const FieldViolation& v : field_violations) {
    if (v.field == field) return &v;
  }
  return nullptr;
}

std::string CallError::ToString() const {
  std::string out = absl::StrCat(absl::StatusCodeToString(code), ": ", message);
  if (!field_violations.empty()) {
    absl::StrAppend(&out, " [",
                    absl::StrJoin(field_violations, "; ",
                                  [](std::string* s, const FieldViolation& v) {
                                    absl::StrAppend(s, v.field, ": ",
                                                    v.description);
                                  }),
                    "]");
  }
  if (error_info) {
    absl::StrAppend(&out, " (", error_info->domain, " ", error_info->reason,
                    ")");
  }
  if (retry_delay) {
    absl::StrAppend(&out, " retry after ", absl::FormatDuration(*retry_delay));
  }
  return out;
}

}  // namespace payments_client
