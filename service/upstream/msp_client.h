// Copyright 2026 The msp-gateway Authors.
//
// File: msp_client.h
//
// Calls to the MultiSafepay JSON API over an HttpTransport: sends one
// MspRequest (msp_operation.h), parses the envelope (msp_envelope.h), checks
// the shape of `data` and maps failures (msp_errors.h). Knows no RPC and
// nothing about sockets, so it is tested with FakeHttpTransport.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_MSP_CLIENT_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_MSP_CLIENT_H_

#include <functional>

#include "absl/functional/any_invocable.h"

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "service/msp_json/exact_json.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/msp_envelope.h"
#include "service/upstream/msp_operation.h"

namespace msp_gateway {

// MspReply
//
// A successful envelope's `data` (of the operation's MspDataShape) and the
// HTTP status it came with, for the RPC's spec to map.
struct MspReply {
  int http_status = 0;
  nlohmann::json data;
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

  // MspClient::Send()
  //
  // Sends `request` (MspRequestFor(), msp_operation.h) and returns the
  // envelope's `data`, checked against the operation's MspDataShape.
  //
  // Errors carry ErrorInfo in the "multisafepay.com" domain with the
  // operation's own rules (msp_errors.h): e.g. ALREADY_EXISTS for MSP 1006 on
  // POST /orders but NOT_FOUND on the order calls, INVALID_ARGUMENT for
  // validation codes, FAILED_PRECONDITION for 1034 (cannot refund) and 1023
  // (gateway unavailable), INTERNAL for a rejected API key, UNAVAILABLE for
  // 5xx / unusable responses / connection failures, DEADLINE_EXCEEDED when
  // `deadline` passes (nothing is sent if it already has). A `data` of the
  // wrong JSON type is UNAVAILABLE MSP_INVALID_RESPONSE.
  absl::StatusOr<MspReply> Send(const MspRequest& request, absl::Time deadline);

  // Runs exactly once with the outcome of one SendAsync().
  using Done = absl::AnyInvocable<void(absl::StatusOr<MspReply>) &&>;

  // MspClient::SendAsync()
  //
  // Send() through the transport's SendAsync(): with an asynchronous
  // transport (async()), returns at once and runs `done` on the transport's
  // thread, where the envelope is parsed and checked; the returned Cancel
  // abandons the call (CANCELLED). With a blocking transport, `done` runs
  // before SendAsync() returns.
  HttpTransport::Cancel SendAsync(const MspRequest& request,
                                  absl::Time deadline, Done done);

  // Whether SendAsync() needs no waiting thread (the transport's async()).
  bool async() const { return transport_.async(); }

 private:
  // The HTTP request of `request`.
  static HttpRequest ToHttp(const MspRequest& request);
  // The envelope of `response`, reported to the observer.
  absl::StatusOr<MspReply> Read(MspOperation op, absl::Time start,
                                absl::StatusOr<HttpResponse> response);

  HttpTransport& transport_;
  const MspCallObserver observer_;
  const JsonLimits reply_limits_;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_MSP_CLIENT_H_
