// Copyright 2026 The msp-gateway Authors.
//
// File: lifecycle_request_fuzzer.cc
//
// The lifecycle RPCs from the caller's bytes. The input is parsed as each of
// GetOrder/UpdateOrder/CancelOrder/CaptureOrder/RefundOrder/ListGateways/
// GetGatewayRequest in turn (binary or proto3 JSON, proto_input.h); for each
// that parses and that its spec's validate accepts (the RPC's unit, e.g.
// service/order_actions/refund_order.h):
//   * the spec's translate must succeed, with the RPC's MultiSafepay
//     operation and, for the state-changing RPCs, a JSON object body;
//   * MspClient must send it as it is (no INVALID_ARGUMENT "nothing sent"),
//     to a path that is the expected resource with the IDs as single, fully
//     percent-encoded segments: no byte outside RFC 3986's unreserved set and
//     "%XX" in an ID, so no CR/LF/space/'/' ever reaches the request line.
// Anything else traps.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
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
#include "service/gateways/gateway_ids.h"
#include "service/gateways/get_gateway.h"
#include "service/gateways/list_gateways.h"
#include "service/order_actions/cancel_order.h"
#include "service/order_actions/capture_order.h"
#include "service/order_actions/get_order.h"
#include "service/order_actions/refund_order.h"
#include "service/order_actions/update_order.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"
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

bool IsJsonObject(const std::string& body) {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false)
      .is_object();
}

absl::Time Deadline() { return absl::Now() + absl::Hours(1); }

template <typename Request>
bool Parse(const uint8_t* data, size_t size, Request* request) {
  return fuzz::ParseProtoInput(data, size, request);
}

// A request of `spec`'s RPC and its MultiSafepay call.
template <typename Spec>
struct Translated {
  typename Spec::Request request;
  MspRequest call;
};

// The bytes as a `Spec::Request` and its call, when they parse and `spec`
// accepts them; a request it accepts must translate, to operation `op`.
template <typename Spec>
std::optional<Translated<Spec>> Translate(const uint8_t* data, size_t size,
                                          const Spec& spec, MspOperation op) {
  typename Spec::Request request;
  if (!Parse(data, size, &request) || !spec.validate(request).ok()) {
    return std::nullopt;
  }
  absl::StatusOr<MspRequest> call = spec.translate(request);
  Check(call.ok());
  Check(call->operation == op);
  return Translated<Spec>{std::move(request), *std::move(call)};
}

// MspClient sends `call` as it is; returns the path of the request line.
std::string SendThroughClient(const MspRequest& call) {
  RecordingTransport transport;
  MspClient client(transport);
  Check(client.Send(call, Deadline()).ok());
  Check(transport.calls == 1);
  Check(transport.last.method == MspOperationInfoOf(call.operation).method);
  Check(transport.last.path == call.path);
  Check(transport.last.body == call.body);
  return transport.last.path;
}

// The request was sent to "/orders/<id><suffix>".
void CheckOrderPath(absl::string_view path, absl::string_view id,
                    absl::string_view suffix) {
  Check(absl::ConsumePrefix(&path, "/orders/"));
  Check(absl::ConsumeSuffix(&path, suffix));
  Check(IsEncodedSegment(path, id));
}

// One state-changing RPC: when `spec` accepts the bytes, its call must be
// `op` with a JSON object body, sent with the order_id as one encoded path
// segment, then `suffix`.
template <typename Spec>
void CheckWrite(const uint8_t* data, size_t size, const Spec& spec,
                MspOperation op, absl::string_view suffix) {
  const std::optional<Translated<Spec>> t = Translate(data, size, spec, op);
  if (!t.has_value()) return;
  Check(IsJsonObject(t->call.body));
  CheckOrderPath(SendThroughClient(t->call), t->request.order_id(), suffix);
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

  if (const auto t =
          Translate(data, size, kGetOrderSpec, MspOperation::kGetOrder)) {
    CheckOrderPath(SendThroughClient(t->call), t->request.order_id(), "");
  }
  // A cancel is MultiSafepay's PATCH /orders/{order_id}, like an update.
  CheckWrite(data, size, kUpdateOrderSpec, MspOperation::kUpdateOrder, "");
  CheckWrite(data, size, kCancelOrderSpec, MspOperation::kUpdateOrder, "");
  CheckWrite(data, size, kCaptureOrderSpec, MspOperation::kCaptureOrder,
             "/capture");
  CheckWrite(data, size, kRefundOrderSpec, MspOperation::kRefundOrder,
             "/refunds");
  if (const auto t = Translate(data, size, kListGatewaysSpec,
                               MspOperation::kListGateways)) {
    const std::string sent = SendThroughClient(t->call);
    absl::string_view path = sent;
    Check(absl::ConsumePrefix(&path, "/gateways"));
    // The query: name=value pairs whose values are encoded segments.
    if (!path.empty()) {
      Check(absl::ConsumePrefix(&path, "?"));
      for (char c : path) {
        Check(IsUnreserved(c) || c == '%' || c == '=' || c == '&');
      }
    }
  }
  if (const auto t =
          Translate(data, size, kGetGatewaySpec, MspOperation::kGetGateway)) {
    const std::string id(GatewayId(t->request.gateway()));
    Check(!id.empty());
    const std::string sent = SendThroughClient(t->call);
    absl::string_view path = sent;
    Check(absl::ConsumePrefix(&path, "/gateways/"));
    Check(IsEncodedSegment(path, id));
  }
  return 0;
}
