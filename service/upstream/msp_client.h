// Copyright 2026 The msp-gateway Authors.
//
// File: msp_client.h
//
// Typed calls to the MultiSafepay JSON API over an HttpTransport: builds the
// request, parses the envelope (msp_envelope.h) and maps failures
// (msp_errors.h). Knows nothing about sockets, so it is tested with
// FakeHttpTransport.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_MSP_CLIENT_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_MSP_CLIENT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "service/msp_json/exact_json.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/msp_envelope.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// MspCreateOrderResult
//
// What POST /orders returned (multisafepay-api.md §4).
struct MspCreateOrderResult {
  std::string order_id;     // As MultiSafepay echoed it (numbers → decimal).
  std::string payment_url;  // Where to send the customer; see CreateOrder().
  std::string session_id;   // Empty when MultiSafepay returns none.
  // The order status for `direct` orders, which return the full order object
  // ("initialized", "completed", "declined", ...); empty for redirect,
  // paymentlink and checkout orders.
  std::string status;
};

// MspReply
//
// A successful envelope's `data` and the HTTP status it came with, for the
// calls whose `data` is mapped by the caller (service/order_actions/, service/gateways/).
struct MspReply {
  int http_status = 0;
  nlohmann::json data;
};

// MspGatewayFilter
//
// The query of GET /gateways (multisafepay-api.md §5.8). Unset members are
// not sent. Values are percent-encoded by the client.
struct MspGatewayFilter {
  std::optional<std::string> country;   // ISO 3166-1 alpha-2.
  std::optional<std::string> currency;  // ISO 4217.
  std::optional<int64_t> amount;        // Minor units.
  bool include_coupons = false;         // `include=coupons`.
};

// MspCallObserver
//
// Told about every upstream exchange, for metrics: the endpoint template
// ("POST /orders"), the HTTP status (0 = no response), MultiSafepay's
// error_code (0 = none) and the latency.
using MspCallObserver =
    std::function<void(absl::string_view endpoint, int http_status,
                       int msp_error_code, absl::Duration latency)>;

// MspClient
//
// Thread-safe if the transport and the observer are. Does not own
// `transport`. Every reply is parsed within `reply_limits` (exact_json.h:
// nesting depth and size; a reply beyond them is UNAVAILABLE
// MSP_INVALID_RESPONSE for a 2xx, see ParseEnvelope()); keep max_bytes at
// least the transport's reply cap.
class MspClient {
 public:
  explicit MspClient(HttpTransport& transport,
                     MspCallObserver observer = nullptr,
                     JsonLimits reply_limits = JsonLimits());

  // MspClient::CreateOrder()
  //
  // POSTs `order_json` (a complete MultiSafepay order, e.g. from the order
  // translator) to /orders, byte for byte, and returns the parsed result.
  //
  // Errors carry ErrorInfo in the "multisafepay.com" domain (see
  // msp_errors.h): e.g. ALREADY_EXISTS for MSP 1006, INVALID_ARGUMENT for
  // validation codes, INTERNAL for a rejected API key, UNAVAILABLE for 5xx /
  // unusable responses / connection failures, DEADLINE_EXCEEDED when
  // `deadline` passes (nothing is sent if it already has).
  //
  // A success response must carry an order_id and an http(s) payment_url;
  // the only exception is a `direct` order response (recognised by its
  // `status` member), which legitimately has no payment_url when the
  // customer need not act. Anything else is UNAVAILABLE MSP_INVALID_RESPONSE:
  // retryable, because order_id makes the create idempotent upstream.
  absl::StatusOr<MspCreateOrderResult> CreateOrder(absl::string_view order_json,
                                                   absl::Time deadline);

  // The lifecycle calls below return the envelope's `data` for the caller to
  // map (service/order_actions/, service/gateways/). Common contract:
  //   * IDs go into the path percent-encoded (PercentEncodePathSegment), so
  //     an order_id like "a/b c" stays one segment. An empty ID or JSON body
  //     is INVALID_ARGUMENT and nothing is sent (callers validate first).
  //   * JSON bodies are sent byte for byte.
  //   * Errors are mapped exactly as for CreateOrder (msp_errors.h) with the
  //     operation's own rules: 1006 and 1000 are NOT_FOUND, 1034 (cannot
  //     refund) and 1023 (gateway unavailable) FAILED_PRECONDITION.
  //   * A `data` of the wrong JSON type is UNAVAILABLE MSP_INVALID_RESPONSE,
  //     with the leniencies each method names.

  // MspClient::GetOrder()
  //
  // GET /orders/{order_id}. `data` is an object. Numbers with a fraction
  // (costs[].amount) are kept as strings with MultiSafepay's exact digits
  // (exact_json.h).
  absl::StatusOr<MspReply> GetOrder(absl::string_view order_id,
                                    absl::Time deadline);

  // MspClient::UpdateOrder()
  //
  // PATCH /orders/{order_id} with `json_body` (ship, cancel, invoice, Klarna
  // extension). `data` is an object; an empty array (how PHP backends print
  // an empty map) or a missing/null `data` reads as {}.
  absl::StatusOr<MspReply> UpdateOrder(absl::string_view order_id,
                                       absl::string_view json_body,
                                       absl::Time deadline);

  // MspClient::CaptureOrder()
  //
  // POST /orders/{order_id}/capture. `data` as for UpdateOrder().
  absl::StatusOr<MspReply> CaptureOrder(absl::string_view order_id,
                                        absl::string_view json_body,
                                        absl::Time deadline);

  // MspClient::RefundOrder()
  //
  // POST /orders/{order_id}/refunds. `data` as for UpdateOrder().
  absl::StatusOr<MspReply> RefundOrder(absl::string_view order_id,
                                       absl::string_view json_body,
                                       absl::Time deadline);

  // MspClient::ListGateways()
  //
  // GET /gateways?country=..&currency=..&amount=..&include=coupons. `data`
  // is an array; an empty object (PHP's empty list) reads as [].
  absl::StatusOr<MspReply> ListGateways(const MspGatewayFilter& filter,
                                        absl::Time deadline);

  // MspClient::GetGateway()
  //
  // GET /gateways/{gateway_id}. `data` is an object.
  absl::StatusOr<MspReply> GetGateway(absl::string_view gateway_id,
                                      absl::Time deadline);

 private:
  // The JSON type a lifecycle call's `data` must have.
  enum class DataShape { kObject, kObjectOrEmpty, kArray };

  // Sends one request and parses the envelope.
  absl::StatusOr<MspReply> Call(MspOperation op, std::string method,
                                std::string path, std::string body,
                                absl::Time deadline,
                                JsonNumbers numbers = JsonNumbers::kNative);

  // Call() plus the `data` shape check of the lifecycle calls.
  absl::StatusOr<MspReply> CallForData(MspOperation op, std::string method,
                                       std::string path, std::string body,
                                       absl::Time deadline, DataShape shape,
                                       JsonNumbers numbers);

  // A POST/PATCH of `json_body` to /orders/{order_id}`suffix`.
  absl::StatusOr<MspReply> SendOrderBody(MspOperation op,
                                         absl::string_view method,
                                         absl::string_view order_id,
                                         absl::string_view suffix,
                                         absl::string_view json_body,
                                         absl::Time deadline);

  HttpTransport& transport_;
  const MspCallObserver observer_;
  const JsonLimits reply_limits_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_MSP_CLIENT_H_
