// Copyright 2026 The msp-gateway Authors.
//
// File: transport_under_test.h
//
// Test-only: either real transport, HttplibTransport or AsioTransport, built
// from the same options, so one transport test suite runs against both
// (value-parameterized over TransportKind) and holds both to one contract.

#ifndef MSP_GATEWAY_SERVICE_UPSTREAM_TRANSPORT_UNDER_TEST_H_
#define MSP_GATEWAY_SERVICE_UPSTREAM_TRANSPORT_UNDER_TEST_H_

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/upstream/asio_transport.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/httplib_transport.h"

namespace msp_gateway {

enum class TransportKind { kHttplib, kAsio };

// Every kind, for testing::ValuesIn().
inline constexpr TransportKind kAllTransportKinds[] = {TransportKind::kHttplib,
                                                       TransportKind::kAsio};

// "Httplib" or "Asio", for test names.
std::string TransportKindName(TransportKind kind);
void PrintTo(TransportKind kind, std::ostream* os);

// The options of either transport.
using TransportOptions = HttpTransportOptions;

// TransportUnderTest
//
// Forwards to the transport of its kind and exposes its counters.
class TransportUnderTest final : public HttpTransport {
 public:
  // The transport's own Create() with `options`.
  static absl::StatusOr<std::unique_ptr<TransportUnderTest>> Create(
      TransportKind kind, TransportOptions options);

  // HttpTransport
  absl::StatusOr<HttpResponse> Send(const HttpRequest& request,
                                    absl::Time deadline) override {
    return transport_->Send(request, deadline);
  }
  Cancel SendAsync(HttpRequest request, absl::Time deadline,
                   Done done) override {
    return transport_->SendAsync(std::move(request), deadline, std::move(done));
  }
  bool async() const override { return transport_->async(); }

  size_t connections_created() const;
  size_t tls_sessions_resumed() const;

 private:
  TransportUnderTest() = default;

  std::unique_ptr<HttplibTransport> httplib_;  // One of the two is set.
  std::unique_ptr<AsioTransport> asio_;
  HttpTransport* transport_ = nullptr;
};

}  // namespace msp_gateway

#endif  // MSP_GATEWAY_SERVICE_UPSTREAM_TRANSPORT_UNDER_TEST_H_
