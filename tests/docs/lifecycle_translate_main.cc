// Copyright 2026 The msp-gateway Authors.
//
// lifecycle_translate: reads one lifecycle request of payments.v1.
// PaymentService as proto3 JSON on stdin, validates and translates it with
// the RPC's spec (the same UnarySpec the server registers, e.g.
// service/order_actions/refund_order.h), and prints the MultiSafepay call it
// becomes: the HTTP method and path (relative to the API root, e.g.
// https://testapi.multisafepay.com/v1/json) on the first line, then the JSON
// body on one line when the call has one.
//
//   lifecycle_translate UpdateOrder < tests/docs/examples/ship.json
//
// The spec's call is sent through the real MspClient over a recording fake
// transport, so the method, the percent-encoded path and the query string
// printed are what the client puts on the wire. docs/api.md shows these
// calls; tests/docs/api_docs_check.mjs compares the doc with this tool's
// output.
//
// RPCs: GetOrder, UpdateOrder, CancelOrder, CaptureOrder, RefundOrder,
// ListGateways, GetGateway, ListPaymentMethods, ListRecurringTokens,
// DeleteRecurringToken. Exit status: 0 and the call on stdout; 1 for a
// usage error or when stdin is not a request of that RPC (message on
// stderr); 2 when validation or translation fails, with the status and one
// "  <field>: <description>" line per violation on stdout.

#include <cstdlib>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "payments/v1/payment_service.pb.h"
#include "service/common/status_text.h"
#include "service/gateways/get_gateway.h"
#include "service/gateways/list_gateways.h"
#include "service/gateways/list_payment_methods.h"
#include "service/order_actions/cancel_order.h"
#include "service/order_actions/capture_order.h"
#include "service/order_actions/get_order.h"
#include "service/order_actions/refund_order.h"
#include "service/order_actions/update_order.h"
#include "service/recurring_tokens/delete_recurring_token.h"
#include "service/recurring_tokens/list_recurring_tokens.h"
#include "service/rpc/unary_spec.h"
#include "service/upstream/fake_http_transport.h"
#include "service/upstream/msp_client.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {
namespace {

// Validates and translates the JSON request, then sends the call on
// `client`. Returns the validation or translation error; the call's own
// result does not matter (the fake transport has recorded the request by
// then).
using Runner =
    std::function<absl::Status(const std::string& json, MspClient& client)>;

// Parses `json` into a `Request`, or exits 1.
template <typename Request>
Request Parse(const std::string& json) {
  Request request;
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(json, &request);
  if (!parsed.ok()) {
    std::cerr << "not a " << Request::descriptor()->full_name() << ": "
              << parsed.ToString() << "\n";
    std::exit(1);
  }
  return request;
}

constexpr absl::Time kNoDeadline = absl::InfiniteFuture();

// The runner of one RPC, under the spec's method name: spec.validate, then
// spec.translate, then the call.
template <typename Request, typename Response>
std::pair<const std::string, Runner> Of(
    const UnarySpec<Request, Response>& spec) {
  return {std::string(spec.method),
          [&spec](const std::string& json, MspClient& client) -> absl::Status {
            const Request request = Parse<Request>(json);
            if (absl::Status valid = spec.validate(request); !valid.ok()) {
              return valid;
            }
            absl::StatusOr<MspRequest> call = spec.translate(request);
            if (!call.ok()) return call.status();
            client.Send(*call, kNoDeadline).IgnoreError();
            return absl::OkStatus();
          }};
}

// The lifecycle RPCs' specs (CreateOrder's tool is //tools/order_translate).
const std::map<std::string, Runner>& Runners() {
  static const auto* const kRunners = new std::map<std::string, Runner>{
      Of(kGetOrderSpec),
      Of(kUpdateOrderSpec),
      Of(kCancelOrderSpec),
      Of(kCaptureOrderSpec),
      Of(kRefundOrderSpec),
      Of(kListGatewaysSpec),
      Of(kGetGatewaySpec),
      Of(kListPaymentMethodsSpec),
      Of(kListRecurringTokensSpec),
      Of(kDeleteRecurringTokenSpec),
  };
  return *kRunners;
}

int Main(int argc, char** argv) {
  const auto runner = argc == 2 ? Runners().find(argv[1]) : Runners().end();
  if (runner == Runners().end()) {
    std::cerr << "usage: lifecycle_translate <Rpc> < request.json\n  Rpc:";
    for (const auto& [name, unused] : Runners()) std::cerr << " " << name;
    std::cerr << "\n";
    return 1;
  }
  const std::string input((std::istreambuf_iterator<char>(std::cin)),
                          std::istreambuf_iterator<char>());
  FakeHttpTransport transport;
  // An empty success envelope; the answer is not printed.
  transport.EnqueueJson(200, R"({"success":true,"data":{}})");
  MspClient client(transport);
  if (absl::Status status = runner->second(input, client); !status.ok()) {
    std::cout << StatusText(status);
    return 2;
  }
  const std::vector<FakeHttpTransport::Call> calls = transport.calls();
  if (calls.size() != 1) {
    std::cerr << "expected one MultiSafepay call, the client made "
              << calls.size() << "\n";
    return 1;
  }
  const HttpRequest& sent = calls[0].request;
  std::cout << sent.method << " " << sent.path << "\n";
  if (!sent.body.empty()) std::cout << sent.body << "\n";
  return 0;
}

}  // namespace
}  // namespace msp_gateway

int main(int argc, char** argv) { return msp_gateway::Main(argc, argv); }
