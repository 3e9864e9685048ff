// Copyright 2026 The msp-gateway Authors.

#include "service/upstream/msp_client.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "service/error_details.h"
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

MspClient::MspClient(HttpTransport& transport, MspCallObserver observer)
    : transport_(transport), observer_(std::move(observer)) {}

absl::StatusOr<MspClient::Reply> MspClient::Call(MspOperation op,
                                                 std::string method,
                                                 std::string path,
                                                 std::string body,
                                                 absl::Time deadline) {
  HttpRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.body = std::move(body);
  const absl::Time start = absl::Now();
  absl::StatusOr<HttpResponse> response = transport_.Send(request, deadline);
  absl::StatusOr<nlohmann::json> data =
      response.ok() ? ParseEnvelope(op, *response) : response.status();
  if (observer_) {
    observer_(MspOperationEndpoint(op), response.ok() ? response->status : 0,
              MspErrorCode(data.status()), absl::Now() - start);
  }
  if (!data.ok()) return data.status();
  return Reply{response->status, *std::move(data)};
}

absl::StatusOr<MspCreateOrderResult> MspClient::CreateOrder(
    absl::string_view order_json, absl::Time deadline) {
  constexpr MspOperation kOp = MspOperation::kCreateOrder;
  if (absl::StripAsciiWhitespace(order_json).empty()) {
    return absl::InvalidArgumentError("order JSON is empty");
  }
  absl::StatusOr<Reply> reply =
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
