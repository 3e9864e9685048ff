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

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "service/upstream/http_transport.h"
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
// `transport`.
class MspClient {
 public:
  explicit MspClient(HttpTransport& transport,
                     MspCallObserver observer = nullptr);

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

 private:
  // A successful envelope: its `data` and the HTTP status it came with.
  struct Reply {
    int http_status = 0;
    nlohmann::json data;
  };

  // Sends one request and parses the envelope.
  absl::StatusOr<Reply> Call(MspOperation op, std::string method,
                             std::string path, std::string body,
                             absl::Time deadline);

  HttpTransport& transport_;
  const MspCallObserver observer_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_MSP_CLIENT_H_
