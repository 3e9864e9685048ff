// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_client.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "service/common/error_details.h"
#include "service/upstream/msp_envelope.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

// MultiSafepay's error_code of a failed call (from its ErrorInfo), or 0.
int MspErrorCode(const absl::Status& status) {
  if (status.ok()) return 0;
  std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  if (!info.has_value()) return 0;
  auto it = info->metadata().find("error_code");
  int code = 0;
  if (it == info->metadata().end() || !absl::SimpleAtoi(it->second, &code)) {
    return 0;
  }
  return code;
}

// Whether `data` has `shape`; normalises the empty forms the shape accepts.
bool HasShape(nlohmann::json& data, MspDataShape shape) {
  const bool empty_container =
      (data.is_array() || data.is_object()) && data.empty();
  switch (shape) {
    case MspDataShape::kObject:
      return data.is_object();
    case MspDataShape::kObjectOrEmpty:
      // {"success":true,"data":{}} is the documented answer; PHP-style
      // backends print an empty map as [] and some omit data altogether.
      if (data.is_object()) return true;
      if (data.is_null() || empty_container) {
        data = nlohmann::json::object();
        return true;
      }
      return false;
    case MspDataShape::kArray:
      if (data.is_array()) return true;
      if (empty_container) {
        data = nlohmann::json::array();
        return true;
      }
      return false;
  }
  return false;
}

}  // namespace

MspClient::MspClient(HttpTransport& transport, MspCallObserver observer,
                     JsonLimits reply_limits)
    : transport_(transport),
      observer_(std::move(observer)),
      reply_limits_(reply_limits) {}

HttpRequest MspClient::ToHttp(const MspRequest& msp_request) {
  HttpRequest request;
  request.method =
      std::string(MspOperationInfoOf(msp_request.operation).method);
  request.path = msp_request.path;
  request.body = msp_request.body;
  request.headers = msp_request.trace_headers;
  return request;
}

absl::StatusOr<MspReply> MspClient::Read(
    MspOperation op, absl::Time start, absl::StatusOr<HttpResponse> response) {
  const MspOperationInfo& info = MspOperationInfoOf(op);
  absl::StatusOr<nlohmann::json> data =
      response.ok() ? ParseEnvelope(op, *response, info.numbers, reply_limits_,
                                    info.data_fields)
                    : response.status();
  if (observer_) {
    observer_(info.endpoint, response.ok() ? response->status : 0,
              MspErrorCode(data.status()), absl::Now() - start);
  }
  if (!data.ok()) return data.status();
  // Moved, never copied: the reply tree is built once, by the parser.
  MspReply reply{response->status, *std::move(data)};
  if (!HasShape(reply.data, info.data)) {
    return MspInvalidResponseError(op, reply.http_status, "",
                                   info.data == MspDataShape::kArray
                                       ? "\"data\" is not an array"
                                       : "\"data\" is not an object");
  }
  return reply;
}

absl::StatusOr<MspReply> MspClient::Send(const MspRequest& request,
                                         absl::Time deadline) {
  const absl::Time start = absl::Now();
  return Read(request.operation, start,
              transport_.Send(ToHttp(request), deadline));
}

HttpTransport::Cancel MspClient::SendAsync(const MspRequest& request,
                                           absl::Time deadline,
                                           MspClient::Done done) {
  const absl::Time start = absl::Now();
  return transport_.SendAsync(
      ToHttp(request), deadline,
      [this, op = request.operation, start,
       done = std::move(done)](absl::StatusOr<HttpResponse> response) mutable {
        std::move(done)(Read(op, start, std::move(response)));
      });
}

}  // namespace msp_gateway
