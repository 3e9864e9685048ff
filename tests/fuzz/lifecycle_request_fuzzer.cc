// Copyright 2026 The msp-gateway Authors.
//
// File: lifecycle_request_fuzzer.cc
//
// The lifecycle RPCs from the caller's bytes. The input is parsed as each of
// GetOrder/UpdateOrder/CancelOrder/CaptureOrder/RefundOrder/ListGateways/
// GetGatewayRequest in turn (binary or proto3 JSON, proto_input.h); for each
// that parses and that its Validate*() (request_validator.h) accepts:
//   * the Translate*() (request_translator.h) must succeed with a JSON object;
//   * MspClient must send it (no INVALID_ARGUMENT "nothing sent"), to a path
//     that is the expected resource with the IDs as single, fully
//     percent-encoded segments: no byte outside RFC 3986's unreserved set and
//     "%XX" in an ID, so no CR/LF/space/'/' ever reaches the request line.
// Anything else traps.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "payments/v1/payment_service.pb.h"
#include "service/order_actions/request_translator.h"
#include "service/order_actions/request_validator.h"
#include "service/gateways/gateway_ids.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/msp_client.h"
#include "tests/fuzz/proto_input.h"

namespace msp_gateway {
namespace {

using fuzz::Check;

// Records the last request; answers success with an empty object or array.
class RecordingTransport : public HttpTransport {
 public:
  absl::StatusOr<HttpResponse> Send(const HttpRequest& request,
                                    absl::Time /*deadline*/) override {
    last = request;
    ++calls;
    HttpResponse response;
    response.status = 200;
    response.content_type = "application/json";
    response.body = absl::StartsWith(request.path, "/gateways?") ||
                            request.path == "/gateways"
                        ? R"({"success":true,"data":[]})"
                        : R"({"success":true,"data":{}})";
    return response;
  }
  HttpRequest last;
  int calls = 0;
};

bool IsUnreserved(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// `segment` is one percent-encoded path segment that decodes to `id`.
bool IsEncodedSegment(absl::string_view segment, absl::string_view id) {
  std::string decoded;
  for (size_t i = 0; i < segment.size(); ++i) {
    const char c = segment[i];
    if (c == '%') {
      if (i + 2 >= segment.size()) return false;
      const char hi = segment[i + 1], lo = segment[i + 2];
      if (!absl::ascii_isxdigit(static_cast<unsigned char>(hi)) ||
          !absl::ascii_isxdigit(static_cast<unsigned char>(lo))) {
        return false;
      }
      auto nibble = [](char h) {
        return absl::ascii_isdigit(static_cast<unsigned char>(h))
                   ? h - '0'
                   : absl::ascii_tolower(static_cast<unsigned char>(h)) - 'a' +
                         10;
      };
      decoded.push_back(static_cast<char>(nibble(hi) * 16 + nibble(lo)));
      i += 2;
    } else if (IsUnreserved(c)) {
      decoded.push_back(c);
    } else {
      return false;
    }
  }
  return !decoded.empty() && decoded == id && segment != "." && segment != "..";
}

bool IsJsonObject(const absl::StatusOr<std::string>& body) {
  if (!body.ok()) return false;
  return nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false)
      .is_object();
}

absl::Time Deadline() { return absl::Now() + absl::Hours(1); }

// The request was sent to "/orders/<id><suffix>".
void CheckOrderPath(const RecordingTransport& transport,
                    const absl::StatusOr<MspReply>& reply, absl::string_view id,
                    absl::string_view suffix) {
  Check(reply.ok());
  Check(transport.calls == 1);
  absl::string_view path = transport.last.path;
  Check(absl::ConsumePrefix(&path, "/orders/"));
  Check(absl::ConsumeSuffix(&path, suffix));
  Check(IsEncodedSegment(path, id));
}

template <typename Request>
bool Parse(const uint8_t* data, size_t size, Request* request) {
  return fuzz::ParseProtoInput(data, size, request);
}

// One state-changing RPC: when `validate` accepts the bytes as a `Request`,
// `translate` must give a JSON object, and `send` (an MspClient call) must
// put the order_id into the path as one encoded segment, then `suffix`.
template <typename Request, typename Validate, typename Translate,
          typename Send>
void CheckWrite(const uint8_t* data, size_t size, Validate validate,
                Translate translate, Send send, absl::string_view suffix) {
  Request r;
  if (!Parse(data, size, &r) || !validate(r).ok()) return;
  const absl::StatusOr<std::string> body = translate(r);
  Check(IsJsonObject(body));
  RecordingTransport transport;
  MspClient client(transport);
  CheckOrderPath(transport, send(client, r.order_id(), *body), r.order_id(),
                 suffix);
}

}  // namespace
}  // namespace msp_gateway

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  msp_gateway::fuzz::SilenceProtobufLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace msp_gateway;  // NOLINT(build/namespaces): a fuzz entry point.
  using fuzz::Check;

  if (payments::v1::GetOrderRequest r;
      Parse(data, size, &r) && ValidateGetOrder(r).ok()) {
    RecordingTransport transport;
    MspClient client(transport);
    CheckOrderPath(transport, client.GetOrder(r.order_id(), Deadline()),
                   r.order_id(), "");
  }
  const auto update = [](MspClient& client, const std::string& id,
                         const std::string& body) {
    return client.UpdateOrder(id, body, Deadline());
  };
  // A cancel is MultiSafepay's PATCH /orders/{order_id}, like an update.
  CheckWrite<payments::v1::UpdateOrderRequest>(
      data, size, ValidateUpdateOrder, TranslateUpdateOrder, update, "");
  CheckWrite<payments::v1::CancelOrderRequest>(
      data, size, ValidateCancelOrder, TranslateCancelOrder, update, "");
  CheckWrite<payments::v1::CaptureOrderRequest>(
      data, size, ValidateCaptureOrder, TranslateCaptureOrder,
      [](MspClient& client, const std::string& id, const std::string& body) {
        return client.CaptureOrder(id, body, Deadline());
      },
      "/capture");
  CheckWrite<payments::v1::RefundOrderRequest>(
      data, size, ValidateRefundOrder, TranslateRefundOrder,
      [](MspClient& client, const std::string& id, const std::string& body) {
        return client.RefundOrder(id, body, Deadline());
      },
      "/refunds");
  if (payments::v1::ListGatewaysRequest r;
      Parse(data, size, &r) && ValidateListGateways(r).ok()) {
    const MspGatewayFilter filter = TranslateListGateways(r);
    RecordingTransport transport;
    MspClient client(transport);
    Check(client.ListGateways(filter, Deadline()).ok());
    absl::string_view path = transport.last.path;
    Check(absl::ConsumePrefix(&path, "/gateways"));
    // The query: name=value pairs whose values are encoded segments.
    if (!path.empty()) {
      Check(absl::ConsumePrefix(&path, "?"));
      for (char c : path) {
        Check(IsUnreserved(c) || c == '%' || c == '=' || c == '&');
      }
    }
  }
  if (payments::v1::GetGatewayRequest r;
      Parse(data, size, &r) && ValidateGetGateway(r).ok()) {
    const std::string id(GatewayId(r.gateway()));
    Check(!id.empty());
    RecordingTransport transport;
    MspClient client(transport);
    Check(client.GetGateway(id, Deadline()).ok());
    absl::string_view path = transport.last.path;
    Check(absl::ConsumePrefix(&path, "/gateways/"));
    Check(IsEncodedSegment(path, id));
  }
  return 0;
}
