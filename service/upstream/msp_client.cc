// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_client.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "service/common/error_details.h"
#include "service/upstream/http_url.h"
#include "service/upstream/msp_envelope.h"
#include "service/upstream/msp_errors.h"

namespace msp_gateway {
namespace {

bool IsHttpUrl(absl::string_view url) {
  return absl::StartsWithIgnoreCase(url, "https://") ||
         absl::StartsWithIgnoreCase(url, "http://");
}

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

}  // namespace

MspClient::MspClient(HttpTransport& transport, MspCallObserver observer,
                     JsonLimits reply_limits)
    : transport_(transport),
      observer_(std::move(observer)),
      reply_limits_(reply_limits) {}

absl::StatusOr<MspReply> MspClient::Call(MspOperation op, std::string method,
                                         std::string path, std::string body,
                                         absl::Time deadline,
                                         JsonNumbers numbers) {
  HttpRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.body = std::move(body);
  const absl::Time start = absl::Now();
  absl::StatusOr<HttpResponse> response = transport_.Send(request, deadline);
  absl::StatusOr<nlohmann::json> data =
      response.ok() ? ParseEnvelope(op, *response, numbers, reply_limits_)
                    : response.status();
  if (observer_) {
    observer_(MspOperationEndpoint(op), response.ok() ? response->status : 0,
              MspErrorCode(data.status()), absl::Now() - start);
  }
  if (!data.ok()) return data.status();
  // Moved, never copied: the reply tree is built once, by the parser.
  return MspReply{response->status, *std::move(data)};
}

absl::StatusOr<MspReply> MspClient::CallForData(
    MspOperation op, std::string method, std::string path, std::string body,
    absl::Time deadline, DataShape shape, JsonNumbers numbers) {
  absl::StatusOr<MspReply> reply = Call(op, std::move(method), std::move(path),
                                        std::move(body), deadline, numbers);
  if (!reply.ok()) return reply;
  nlohmann::json& data = reply->data;
  const bool empty_container =
      (data.is_array() || data.is_object()) && data.empty();
  switch (shape) {
    case DataShape::kObject:
      if (data.is_object()) return reply;
      break;
    case DataShape::kObjectOrEmpty:
      // {"success":true,"data":{}} is the documented answer; PHP-style
      // backends print an empty map as [] and some omit data altogether.
      if (data.is_object()) return reply;
      if (data.is_null() || empty_container) {
        data = nlohmann::json::object();
        return reply;
      }
      break;
    case DataShape::kArray:
      if (data.is_array()) return reply;
      if (empty_container) {
        data = nlohmann::json::array();
        return reply;
      }
      break;
  }
  return MspInvalidResponseError(op, reply->http_status, "",
                                 shape == DataShape::kArray
                                     ? "\"data\" is not an array"
                                     : "\"data\" is not an object");
}

absl::StatusOr<MspReply> MspClient::SendOrderBody(MspOperation op,
                                                  absl::string_view method,
                                                  absl::string_view order_id,
                                                  absl::string_view suffix,
                                                  absl::string_view json_body,
                                                  absl::Time deadline) {
  if (order_id.empty()) return absl::InvalidArgumentError("order_id is empty");
  if (absl::StripAsciiWhitespace(json_body).empty()) {
    return absl::InvalidArgumentError("JSON body is empty");
  }
  return CallForData(
      op, std::string(method),
      absl::StrCat("/orders/", PercentEncodePathSegment(order_id), suffix),
      std::string(json_body), deadline, DataShape::kObjectOrEmpty,
      JsonNumbers::kNative);
}

absl::StatusOr<MspReply> MspClient::GetOrder(absl::string_view order_id,
                                             absl::Time deadline) {
  if (order_id.empty()) return absl::InvalidArgumentError("order_id is empty");
  return CallForData(
      MspOperation::kGetOrder, "GET",
      absl::StrCat("/orders/", PercentEncodePathSegment(order_id)), "",
      deadline, DataShape::kObject, JsonNumbers::kExactDecimals);
}

absl::StatusOr<MspReply> MspClient::UpdateOrder(absl::string_view order_id,
                                                absl::string_view json_body,
                                                absl::Time deadline) {
  return SendOrderBody(MspOperation::kUpdateOrder, "PATCH", order_id, "",
                       json_body, deadline);
}

absl::StatusOr<MspReply> MspClient::CaptureOrder(absl::string_view order_id,
                                                 absl::string_view json_body,
                                                 absl::Time deadline) {
  return SendOrderBody(MspOperation::kCaptureOrder, "POST", order_id,
                       "/capture", json_body, deadline);
}

absl::StatusOr<MspReply> MspClient::RefundOrder(absl::string_view order_id,
                                                absl::string_view json_body,
                                                absl::Time deadline) {
  return SendOrderBody(MspOperation::kRefundOrder, "POST", order_id, "/refunds",
                       json_body, deadline);
}

absl::StatusOr<MspReply> MspClient::ListGateways(const MspGatewayFilter& filter,
                                                 absl::Time deadline) {
  std::vector<std::string> query;
  if (filter.country.has_value()) {
    query.push_back(
        absl::StrCat("country=", PercentEncodePathSegment(*filter.country)));
  }
  if (filter.currency.has_value()) {
    query.push_back(
        absl::StrCat("currency=", PercentEncodePathSegment(*filter.currency)));
  }
  if (filter.amount.has_value()) {
    query.push_back(absl::StrCat("amount=", *filter.amount));
  }
  if (filter.include_coupons) query.push_back("include=coupons");
  std::string path = "/gateways";
  if (!query.empty()) absl::StrAppend(&path, "?", absl::StrJoin(query, "&"));
  return CallForData(MspOperation::kListGateways, "GET", std::move(path), "",
                     deadline, DataShape::kArray, JsonNumbers::kNative);
}

absl::StatusOr<MspReply> MspClient::GetGateway(absl::string_view gateway_id,
                                               absl::Time deadline) {
  if (gateway_id.empty()) {
    return absl::InvalidArgumentError("gateway_id is empty");
  }
  return CallForData(
      MspOperation::kGetGateway, "GET",
      absl::StrCat("/gateways/", PercentEncodePathSegment(gateway_id)), "",
      deadline, DataShape::kObject, JsonNumbers::kNative);
}

absl::StatusOr<MspCreateOrderResult> MspClient::CreateOrder(
    absl::string_view order_json, absl::Time deadline) {
  constexpr MspOperation kOp = MspOperation::kCreateOrder;
  if (absl::StripAsciiWhitespace(order_json).empty()) {
    return absl::InvalidArgumentError("order JSON is empty");
  }
  absl::StatusOr<MspReply> reply =
      Call(kOp, "POST", "/orders", std::string(order_json), deadline);
  if (!reply.ok()) return reply.status();
  const nlohmann::json& data = reply->data;
  auto invalid = [&](absl::string_view problem) {
    return MspInvalidResponseError(kOp, reply->http_status, "", problem);
  };
  if (!data.is_object()) return invalid("\"data\" is not an object");
  MspCreateOrderResult result;
  result.order_id = JsonString(data, "order_id").value_or("");
  result.payment_url = JsonString(data, "payment_url").value_or("");
  result.session_id = JsonString(data, "session_id").value_or("");
  result.status = JsonString(data, "status").value_or("");
  if (result.order_id.empty()) return invalid("no order_id in \"data\"");
  if (result.payment_url.empty() && result.status.empty()) {
    return invalid("no payment_url in \"data\"");
  }
  if (!result.payment_url.empty() && !IsHttpUrl(result.payment_url)) {
    // Never hand a javascript: or otherwise odd URL to a browser.
    return invalid("payment_url is not an http(s) URL");
  }
  return result;
}

}  // namespace msp_gateway
