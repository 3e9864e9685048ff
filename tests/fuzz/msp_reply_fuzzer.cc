// Copyright 2026 The msp-gateway Authors.
//
// File: msp_reply_fuzzer.cc
//
// Everything that reads a MultiSafepay reply: ParseEnvelope() in both
// JsonNumbers modes, MspClient's reply handling for every RPC's call (the
// `data` shape rules of each operation) and every RPC spec's reply mapping on
// top (CreateOrder's result check, service/create_order/create_order.h; the
// lifecycle units, service/order_actions/*.h and service/gateways/*.h).
//
// Input: the reply body, optionally preceded by a status line and headers
// as on the wire, so golden bodies are seeds as they are:
//   HTTP/1.1 422\r\nContent-Type: text/html\r\n\r\n<body>
// Without that prefix the status is 200 and the type application/json.
//
// Checks beyond "no crash, no sanitizer report": a non-2xx status is never a
// success (msp_envelope.h rule 2); a mapper's success keeps the IDs the
// caller asked about when MultiSafepay sent none; and every upstream log line
// (which carries MultiSafepay's redacted error text) is one JSON object on
// one line, whatever the reply held (no log injection); and every error's
// details (google.rpc.ErrorInfo, BadRequest), which gRPC sends to the caller
// as protobuf, hold valid UTF-8 only: proto3 refuses to parse anything else,
// so the caller would lose the whole error detail. And CreateOrder's field
// reader (MspOperationInfo::data_fields: of `data` only the members its
// mapper reads are built) is checked against the whole tree: the same
// verdict and error, the kept members equal, and the same mapped answer, so
// a member the mapper reads but the list lacks is found here.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/error_details.pb.h"
#include "payments/v1/payment_service.pb.h"
#include "service/create_order/create_order.h"
#include "service/gateways/get_gateway.h"
#include "service/gateways/list_gateways.h"
#include "service/order_actions/cancel_order.h"
#include "service/order_actions/capture_order.h"
#include "service/order_actions/get_order.h"
#include "service/order_actions/refund_order.h"
#include "service/order_actions/update_order.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_envelope.h"
#include "service/upstream/msp_operation.h"
#include "service/upstream/upstream_log.h"

namespace msp_gateway {
namespace {

// Answers every Send() with the same response.
class ReplyTransport : public HttpTransport {
 public:
  explicit ReplyTransport(const HttpResponse& response) : response_(response) {}
  absl::StatusOr<HttpResponse> Send(const HttpRequest& /*request*/,
                                    absl::Time /*deadline*/) override {
    return response_;
  }

 private:
  const HttpResponse& response_;
};

// Splits an optional "HTTP/x.y NNN ...\r\n<headers>\r\n\r\n" prefix off.
HttpResponse ReadResponse(absl::string_view input) {
  HttpResponse response;
  response.status = 200;
  response.content_type = "application/json";
  if (absl::StartsWith(input, "HTTP/")) {
    size_t end = input.find("\r\n\r\n");
    size_t sep = 4;
    if (end == absl::string_view::npos) {
      end = input.find("\n\n");
      sep = 2;
    }
    if (end != absl::string_view::npos) {
      absl::string_view head = input.substr(0, end);
      response.body = std::string(input.substr(end + sep));
      const size_t space = head.find(' ');
      int status = 0;
      if (space != absl::string_view::npos &&
          absl::SimpleAtoi(head.substr(space + 1, 3), &status)) {
        response.status = status;
      }
      response.content_type.clear();
      constexpr absl::string_view kType = "\ncontent-type:";
      for (size_t at = 0; (at = head.find('\n', at)) != absl::string_view::npos;
           ++at) {
        if (absl::StartsWithIgnoreCase(head.substr(at), kType)) {
          absl::string_view value = head.substr(at + kType.size());
          value = value.substr(0, value.find_first_of("\r\n"));
          response.content_type =
              std::string(absl::StripAsciiWhitespace(value));
        }
      }
      return response;
    }
  }
  response.body = std::string(input);
  return response;
}

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// What the caller would receive of a failed call is valid protobuf: every
// status detail (service/common/error_details.h stores them as payloads keyed
// by type URL) parses as its type. Proto3 parsing refuses invalid UTF-8 in a
// string field, exactly as the caller's gRPC library would.
void CheckStatus(const absl::Status& status) {
  status.ForEachPayload(
      [](absl::string_view type_url, const absl::Cord& payload) {
        const std::string bytes(payload);
        if (type_url == "type.googleapis.com/google.rpc.ErrorInfo") {
          google::rpc::ErrorInfo info;
          Check(info.ParseFromString(bytes));
        } else if (type_url == "type.googleapis.com/google.rpc.BadRequest") {
          google::rpc::BadRequest bad;
          Check(bad.ParseFromString(bytes));
        } else if (type_url == "type.googleapis.com/google.rpc.RetryInfo") {
          google::rpc::RetryInfo retry;
          Check(retry.ParseFromString(bytes));
        }
      });
}

// `spec`'s call for `request` (which it must be able to make).
template <typename Spec>
MspRequest CallOf(const Spec& spec, const typename Spec::Request& request) {
  absl::StatusOr<MspRequest> call = spec.translate(request);
  Check(call.ok());
  return *std::move(call);
}

// The reply as the answer to `call`: MspClient reads it (never a success for
// a non-2xx status; a failure's details are valid protobuf), then `spec`
// maps it for `request`.
template <typename Spec>
absl::StatusOr<typename Spec::Response> Answer(
    MspClient& client, absl::Time deadline, bool http_ok, const Spec& spec,
    const MspRequest& call, const typename Spec::Request& request) {
  absl::StatusOr<MspReply> reply = client.Send(call, deadline);
  Check(http_ok || !reply.ok());
  CheckStatus(reply.status());
  if (!reply.ok()) return reply.status();
  return spec.map_reply(request, *reply);
}

// Two statuses a caller could not tell apart: the same code, message and
// details. ErrorInfo is compared as a message: the serialized order of its
// metadata map is not fixed.
bool SameStatus(const absl::Status& a, const absl::Status& b) {
  if (a.code() != b.code() || a.message() != b.message()) return false;
  int details = 0;
  bool same = true;
  a.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    ++details;
    const absl::optional<absl::Cord> other = b.GetPayload(type_url);
    if (!other.has_value()) {
      same = false;
    } else if (type_url == "type.googleapis.com/google.rpc.ErrorInfo") {
      google::rpc::ErrorInfo mine;
      google::rpc::ErrorInfo theirs;
      same = same && mine.ParseFromString(std::string(payload)) &&
             theirs.ParseFromString(std::string(*other)) &&
             google::protobuf::util::MessageDifferencer::Equals(mine, theirs);
    } else {
      same = same && payload == *other;
    }
  });
  b.ForEachPayload([&](absl::string_view, const absl::Cord&) { --details; });
  return same && details == 0;
}

// The field reader against `whole`, CreateOrder's reply parsed whole.
void CheckFieldReader(const HttpResponse& response, JsonNumbers numbers,
                      absl::StatusOr<nlohmann::json> whole) {
  const MspOperationInfo& info = MspOperationInfoOf(MspOperation::kCreateOrder);
  Check(!info.data_fields.empty());
  absl::StatusOr<nlohmann::json> kept =
      ParseEnvelope(MspOperation::kCreateOrder, response, numbers, JsonLimits(),
                    info.data_fields);
  Check(whole.ok() == kept.ok());
  if (!whole.ok()) {
    // Code, message and every detail: a failure's members are outside
    // `data`, which is all the reader leaves out.
    Check(SameStatus(whole.status(), kept.status()));
    return;
  }
  if (!whole->is_object()) {
    Check(*whole == *kept);
    return;
  }
  Check(kept->is_object());
  size_t present = 0;
  for (absl::string_view field : info.data_fields) {
    const std::string key(field);
    const auto in_whole = whole->find(key);
    const auto in_kept = kept->find(key);
    Check((in_whole == whole->end()) == (in_kept == kept->end()));
    if (in_whole == whole->end()) continue;
    Check(*in_whole == *in_kept);
    ++present;
  }
  Check(kept->size() == present);

  payments::v1::CreateOrderRequest create;
  create.set_order_id("o-1");
  const MspReply from_whole{response.status, *std::move(whole)};
  const MspReply from_kept{response.status, *std::move(kept)};
  absl::StatusOr<payments::v1::CreateOrderResponse> answer =
      kCreateOrderSpec.map_reply(create, from_whole);
  absl::StatusOr<payments::v1::CreateOrderResponse> kept_answer =
      kCreateOrderSpec.map_reply(create, from_kept);
  Check(answer.ok() == kept_answer.ok());
  if (!answer.ok()) {
    Check(SameStatus(answer.status(), kept_answer.status()));
    return;
  }
  Check(answer->SerializeAsString() == kept_answer->SerializeAsString());
}

}  // namespace
}  // namespace msp_gateway

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  // Replaces stderr: checks each line instead of printing megabytes of it.
  msp_gateway::SetUpstreamLogSink([](absl::string_view line) {
    msp_gateway::Check(line.find_first_of("\r\n") == absl::string_view::npos);
    const nlohmann::json parsed =
        nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    msp_gateway::Check(parsed.is_object());
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace msp_gateway;  // NOLINT(build/namespaces): a fuzz entry point.
  const HttpResponse response = ReadResponse(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  const bool http_ok = response.status >= 200 && response.status <= 299;

  for (JsonNumbers numbers :
       {JsonNumbers::kNative, JsonNumbers::kExactDecimals}) {
    absl::StatusOr<nlohmann::json> parsed =
        ParseEnvelope(MspOperation::kCreateOrder, response, numbers);
    Check(http_ok || !parsed.ok());
    CheckStatus(parsed.status());
    if (parsed.ok()) {
      // JsonString / JsonInt on whatever `data` is.
      (void)JsonString(*parsed, "order_id");
      (void)JsonInt(*parsed, "transaction_id");
    }
    CheckFieldReader(response, numbers, std::move(parsed));
  }

  ReplyTransport transport(response);
  MspClient client(transport);
  const absl::Time deadline = absl::Now() + absl::Hours(1);

  payments::v1::CreateOrderRequest create;
  create.set_order_id("o-1");
  absl::StatusOr<MspRequest> create_call =
      MspRequestFor(MspOperation::kCreateOrder, "", R"({"order_id":"o-1"})");
  Check(create_call.ok());
  absl::StatusOr<payments::v1::CreateOrderResponse> created =
      Answer(client, deadline, http_ok, kCreateOrderSpec, *create_call, create);
  Check(http_ok || !created.ok());
  CheckStatus(created.status());

  payments::v1::GetOrderRequest get;
  get.set_order_id("o-1");
  absl::StatusOr<payments::v1::GetOrderResponse> order =
      Answer(client, deadline, http_ok, kGetOrderSpec,
             CallOf(kGetOrderSpec, get), get);
  if (order.ok()) Check(!order->order().order_id().empty());

  payments::v1::UpdateOrderRequest update;
  update.set_order_id("o-1");
  absl::StatusOr<payments::v1::UpdateOrderResponse> updated =
      Answer(client, deadline, http_ok, kUpdateOrderSpec,
             CallOf(kUpdateOrderSpec, update), update);
  if (updated.ok()) Check(!updated->order_id().empty());

  payments::v1::CancelOrderRequest cancel;
  cancel.set_order_id("o-1");
  absl::StatusOr<payments::v1::CancelOrderResponse> cancelled =
      Answer(client, deadline, http_ok, kCancelOrderSpec,
             CallOf(kCancelOrderSpec, cancel), cancel);
  if (cancelled.ok()) Check(cancelled->order_id() == "o-1");

  payments::v1::CaptureOrderRequest capture;
  capture.set_order_id("o-1");
  absl::StatusOr<payments::v1::CaptureOrderResponse> captured =
      Answer(client, deadline, http_ok, kCaptureOrderSpec,
             CallOf(kCaptureOrderSpec, capture), capture);
  if (captured.ok()) Check(!captured->order_id().empty());

  payments::v1::RefundOrderRequest refund;
  refund.set_order_id("o-1");
  refund.set_currency("EUR");
  absl::StatusOr<payments::v1::RefundOrderResponse> refunded =
      Answer(client, deadline, http_ok, kRefundOrderSpec,
             CallOf(kRefundOrderSpec, refund), refund);
  if (refunded.ok()) Check(!refunded->order_id().empty());

  const payments::v1::ListGatewaysRequest list;
  (void)Answer(client, deadline, http_ok, kListGatewaysSpec,
               CallOf(kListGatewaysSpec, list), list);

  payments::v1::GetGatewayRequest gateway;
  gateway.set_gateway(payments::v1::GATEWAY_IDEAL);
  (void)Answer(client, deadline, http_ok, kGetGatewaySpec,
               CallOf(kGetGatewaySpec, gateway), gateway);
  return 0;
}
